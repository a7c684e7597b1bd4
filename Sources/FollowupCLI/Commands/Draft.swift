import ArgumentParser
import FollowupCore
import Foundation

struct DraftCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "Write a personalised draft from what the store knows about an interview.",
        discussion: """
            Kinds: thank-you, check-in, next-steps, handwritten-note. The draft uses the company, role, \
            interviewer, points discussed, decision date and what was already sent; notes about it go to \
            stderr. Templates and a signature can be set with 'followup config set draft.thank-you TEXT' \
            (placeholders like {first_name}, {point}, {decision_by}; see docs/cli.md).
            Examples:
              followup draft thank-you acme-onsite --to Jane
              followup draft check-in acme-onsite > check-in.txt
              followup draft thank-you acme-onsite --edit     # opens $EDITOR, then prints the result
              followup draft check-in acme-onsite --proofread # findings on stderr; status 1 if any
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "thank-you, check-in, next-steps or handwritten-note.",
              completion: .list(DraftKind.allCases.map(\.rawValue)))
    var kind: String
    @Argument(help: "The interview's ref (a unique prefix is enough).", completion: .interviewRefs) var ref: String
    @Option(help: ArgumentHelp("Who it is for (default: the first interviewer still to thank).", valueName: "NAME"))
    var to: String?
    @Flag(help: "Open the draft in $VISUAL or $EDITOR, then print the edited text.") var edit = false
    @Flag(help: "Proofread the (edited) draft with 'followup proofread'; findings go to stderr.") var proofread = false

    var parsedKind: DraftKind? { DraftKind(rawValue: kind.lowercased()) }

    func validate() throws {
        guard parsedKind != nil else {
            throw ValidationError("unknown draft '\(kind)'; use one of \(DraftKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run(_ store: FollowupStore) throws {
        let draft = try store.draft(parsedKind!, ref: ref, to: to, now: Date())
        if let to = draft.to, !draft.othersOwed.isEmpty {
            Console.warning("this draft is for \(to); each interviewer gets their own: "
                            + draft.othersOwed.map { "--to \"\($0)\"" }.joined(separator: ", "))
        }
        if let to, let name = draft.to, to.trimmingSpaces().lowercased() != name.lowercased() {
            Console.note("--to \(to.trimmingSpaces()) is \(name)")
        }
        draft.notes.forEach(Console.warning)
        var text = Data(draft.text.utf8)
        if edit {
            let file = try Editor.edit(draft.text, name: "followup-\(draft.kind.rawValue)-\(ref)")
            text = try Data(contentsOf: URL(fileURLWithPath: file))
            var command = "followup log \(draft.kind.action.rawValue) \(ref)"
            if let to = draft.to { command += " --to \"\(to)\"" }
            Console.warning("the draft is kept in \(file); once sent: \(command) --body \(file)")
        }
        FileHandle.standardOutput.write(text)
        if proofread {
            let status = try Companion.run("followup-proof", ["-", "--store", storeOptions.directory.path, "--ref", ref,
                                                           "--kind", draft.kind.rawValue], input: text)
            if status != 0 { throw ExitCode(status) }
        }
    }
}
