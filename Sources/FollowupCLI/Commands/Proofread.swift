import ArgumentParser
import FollowupCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `followup proofread` runs the `followup-proof` program installed beside `followup`: only
/// proofreading links Hunspell and pays for loading its dictionary.
struct Proofread: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proofread",
        abstract: "Spell-check a follow-up and flag what the advice warns about.",
        discussion: """
            Lists each misspelling (Hunspell, en_US) with suggestions; names of companies and people in the \
            store are known words. Also flags a [...] left in a draft, a text that mentions none of the \
            interview's points (with --ref), one that is too long for its kind, and a pushy tone. Exits 1 \
            when it found something.
            Examples:
              followup proofread thank-you.txt --ref acme-onsite --kind thank-you
              followup draft check-in acme | followup proofread - --ref acme --kind check-in
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The text file, or - for standard input.", completion: .file()) var file: String
    @Option(help: ArgumentHelp("The interview the text is for: checks it mentions a point discussed.", valueName: "REF"),
            completion: .interviewRefs)
    var ref: String?
    @Option(help: ArgumentHelp("thank-you, check-in, next-steps or handwritten-note: sets the length limit.", valueName: "KIND"),
            completion: .list(DraftKind.allCases.map(\.rawValue)))
    var kind: String?
    @Option(help: ArgumentHelp("The Hunspell dictionary (default en_US).", valueName: "NAME")) var dictionary: String?
    @Flag(help: "Print JSON: an array of {kind, line, column, text, suggestions, message}.") var json = false

    func run() throws {
        var arguments = ["followup-proof", file, "--store", storeOptions.directory.path]
        if let ref { arguments += ["--ref", ref] }
        if let kind { arguments += ["--kind", kind] }
        if let dictionary { arguments += ["--dictionary", dictionary] }
        if json { arguments.append("--json") }
        try Companion.exec("followup-proof", arguments)
    }
}
