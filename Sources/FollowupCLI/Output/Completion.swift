import ArgumentParser
import FollowupCore
import Foundation

extension CompletionKind {
    /// The refs of the store the command line names (`--store`, else the default), for the
    /// shells' completion scripts; nothing when there is no store.
    static var interviewRefs: CompletionKind {
        .custom { words, _, _ in
            var arguments: [String] = []
            if let index = words.firstIndex(of: "--store"), index + 1 < words.count { arguments = ["--store", words[index + 1]] }
            guard let options = try? StoreOptions.parse(arguments), let store = try? FollowupStore.open(at: options.directory),
                  let interviews = try? store.interviews() else { return [] }
            return interviews.map(\.ref)
        }
    }
}
