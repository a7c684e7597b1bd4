import ArgumentParser
import FollowupCore
import Foundation
import ProgramSupport
import SpellKit

extension SpellChecker: SpellChecking {}

/// `followup proofread`, in its own program so that only proofreading pays Hunspell's start-up cost.
struct ProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup-proof",
        abstract: "Proofread a follow-up text (run as 'followup proofread').")

    @Argument(help: "The text file, or - for standard input.") var file: String
    @Option(help: ArgumentHelp("The store directory.", valueName: "DIR")) var store: String
    @Option(help: ArgumentHelp("The interview the text is for: checks it mentions a point discussed.", valueName: "REF"))
    var ref: String?
    @Option(help: ArgumentHelp("thank-you, check-in, next-steps or handwritten-note: sets the length limit.", valueName: "KIND"))
    var kind: String?
    @Option(help: ArgumentHelp("The Hunspell dictionary in /usr/share/hunspell, or a path without .aff/.dic.", valueName: "NAME"))
    var dictionary = "en_US"
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if let kind, DraftKind(rawValue: kind.lowercased()) == nil {
            throw ValidationError("unknown kind '\(kind)'; use one of \(DraftKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let text = try TextInput.read(file, maximumBytes: 1 << 20) { problem in
            problem == .unreadable ? "cannot read '\(file)'; give a text file, or - for standard input"
                : "'\(file)' is not a UTF-8 text file of at most 1 MiB"
        }
        let store = try FollowupStore.open(at: URL(fileURLWithPath: self.store))
        let interview = try ref.map { try store.interview($0) }
        let checker = try SpellChecker(dictionary: dictionary.contains("/") ? dictionary : SpellChecker.systemDirectory + "/" + dictionary)
        let proofreader = Proofreader(interview: interview, kind: kind.flatMap { DraftKind(rawValue: $0.lowercased()) },
                                      knownWords: try store.knownWords())
        let findings = proofreader.check(text, spelling: checker)
        if json {
            print(JSONValue.array(findings.map { finding in
                .object([
                    "kind": .string(finding.kind.rawValue), "line": finding.line.map { .int(Int64($0)) } ?? .null,
                    "column": finding.column.map { .int(Int64($0)) } ?? .null,
                    "text": finding.text.map(JSONValue.string) ?? .null,
                    "suggestions": .array(finding.suggestions.map(JSONValue.string)), "message": .string(finding.message),
                ])
            }).prettyString)
        } else if findings.isEmpty {
            print("ok: no misspellings, and nothing the advice warns about")
        } else {
            findings.forEach { print($0.description) }
        }
        if !findings.isEmpty { throw ExitCode(1) }
    }
}

extension SpellCheckerError: ReportedError {
    public var message: String { description }
    public var exitStatus: Int32 { ExitStatus.ioError }
}

do {
    var command = try ProofCommand.parseAsRoot()
    try command.run()
} catch {
    ProofCommand.exit(reporting: error)
}
