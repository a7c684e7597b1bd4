import ArgumentParser
import FollowupCore
import Foundation
import ProgramSupport

struct Log: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Log a follow-up action, a reply or an outcome; prints the new event's id.",
        discussion: """
            Actions: \(Action.allCases.map(\.rawValue).joined(separator: ", ")).
            Examples:
              followup log thank-you acme-onsite --to Jane --note "mentioned the offline sync design"
              followup log thank-you acme-onsite --to Jane --body thank-you.txt   # keeps the text sent
              followup log next-steps acme-onsite --decision-by friday
              followup log qualifications acme-onsite --point "my answer on Core Data migrations"
              followup log thank-you acme-onsite --to Jane --asked-next-steps --point "my answer on Core Data migrations"
              followup log response acme-onsite --at "yesterday 17:30" --note "second round next week"
              followup log outcome acme-onsite offer
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The action: thank-you, handwritten-note, next-steps, qualifications, check-in, response, outcome or note.",
              completion: .list(Action.allCases.map(\.rawValue)))
    var action: String
    @Argument(help: "The interview's ref (a unique prefix is enough).", completion: .interviewRefs) var ref: String
    @Argument(help: "For outcome: offer, rejected, withdrawn, accepted or ghosted.") var outcome: String?
    @Option(help: ArgumentHelp("When it happened (default: now; never in the future).", valueName: "WHEN")) var at: String?
    @Option(help: ArgumentHelp("Who it was sent to (for a response: who replied).", valueName: "NAME")) var to: String?
    @Option(help: "A note: what you wrote or what they said.") var note: String?
    @Option(help: ArgumentHelp("For next-steps and response: when they will decide.", valueName: "WHEN"))
    var decisionBy: String?
    @Option(help: ArgumentHelp("For qualifications: the point you elaborated on; with a message you sent, it also "
                               + "logs that qualification.", valueName: "TEXT")) var point: String?
    @Flag(help: "The message (a thank-you, note or check-in) also asked about next steps: logs that too.")
    var askedNextSteps = false
    @Option(help: ArgumentHelp("A file holding the text you sent, kept with the event (- for standard input).",
                               valueName: "FILE"), completion: .file())
    var body: String?

    var parsedAction: Action? { Action(rawValue: action.lowercased()) }

    func validate() throws {
        guard let parsedAction else {
            throw ValidationError("unknown action '\(action)'\(Suggestion.phrase(for: action, among: Action.allCases.map(\.rawValue))) "
                + "use one of \(Action.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let outcome, parsedAction.accepts(.outcome), Outcome(rawValue: outcome.lowercased()) == nil {
            throw ValidationError("unknown outcome '\(outcome)'\(Suggestion.phrase(for: outcome, among: Outcome.allCases.map(\.rawValue))) "
                + "use one of \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        // On a message that carries others, --point is the qualification it also restated
        // (logged as its own event), not a field of the action.
        let ownPoint = point != nil && (parsedAction == .qualifications || !CombinedActions.carriers.contains(parsedAction))
        let given: [(ActionField, Bool)] = [(.outcome, outcome != nil), (.point, ownPoint), (.decisionBy, decisionBy != nil),
                                            (.note, note != nil), (.body, body != nil), (.to, to != nil)]
        do {
            try parsedAction.checkFields(Set(given.filter(\.1).map(\.0)))
        } catch {
            throw ValidationError(message(for: error))
        }
    }

    /// The command line's words for a field the core refused.
    func message(for error: ActionFieldError) -> String {
        switch error {
        case .missing(.outcome, _):
            "say the outcome: followup log outcome \(ref) <\(Outcome.allCases.map(\.rawValue).joined(separator: "|"))>"
        case .notAccepted(.outcome, _):
            "unexpected argument '\(outcome ?? "")' after the ref"
        case .missing(.point, let action):
            "\(action.rawValue) needs --point TEXT: the point you elaborated on"
        case .missing(let field, let action):
            "\(action.rawValue) needs \(Log.option(field)) TEXT"
        case .notAccepted(.point, _):
            "--point is for qualifications, or a message that also elaborated on a point: "
                + CombinedActions.carriers.map(\.rawValue).joined(separator: ", ")
        case .notAccepted(.decisionBy, _):
            "--decision-by is only for \(ActionField.decisionBy.actions.map(\.rawValue).joined(separator: " and "))"
        case .notAccepted(let field, _):
            "\(Log.option(field)) is only for \(field.actions.map(\.rawValue).joined(separator: ", "))"
        }
    }

    /// Where `field` is given on the command line.
    static func option(_ field: ActionField) -> String {
        switch field {
        case .outcome: "the outcome"
        case .point: "--point"
        case .decisionBy: "--decision-by"
        case .note: "--note"
        case .body: "--body"
        case .to: "--to"
        }
    }

    func run(_ store: FollowupStore) throws {
        let occurredAt = try parseWhen(at, option: "--at", prefer: .past)
        let decision = try parseDecisionBy(decisionBy, anchor: occurredAt ?? Date())
        let combined = parsedAction! != .qualifications
        var input = ActionInput(
            action: parsedAction!, interview: ref, occurredAt: occurredAt,
            to: to, note: note, decisionBy: decision.date,
            point: combined ? nil : point, outcome: outcome.flatMap { Outcome(rawValue: $0.lowercased()) }, body: try body.map(Log.readBody))
        input.also = CombinedActions(askedNextSteps: askedNextSteps, qualification: combined ? point : nil)
        let logged = try store.log(input)
        if let note = decision.note { Console.note(note) }
        if let named = logged.namedInterviewer {
            Console.note("--to \(named.typed) is \(named.interviewer.name)" + (named.interviewer.email.map { " <\($0)>" } ?? ""))
        }
        logged.warnings.forEach(Console.warning)
        Console.out(logged.event.id)
        // One id a line: the action's own first, then the others the message carried.
        for event in logged.alsoLogged { Console.out(event.id) }
    }

    /// The text of `--body FILE`: small UTF-8 text, or a clear refusal.
    static func readBody(_ path: String) throws -> String {
        try TextInput.read(path, maximumBytes: 64 << 10) { problem in
            problem == .unreadable ? "--body: cannot read '\(path)'; give the file holding the text you sent"
                : "--body: '\(path)' is not a UTF-8 text file of at most 64 KiB"
        }
    }
}
