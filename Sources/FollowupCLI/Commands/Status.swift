import ArgumentParser
import FollowupCore
import Foundation

struct Status: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Where each interview stands and what is next.",
        discussion: """
            States: upcoming, active, cold (unanswered check-ins), ghosted, closed. The rounds of one application \
            (interview add --round-of) are listed under its first round, numbered. Example: followup status acme
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Only this interview.", completion: .interviewRefs) var ref: String?
    @Option(name: .asOf, help: .asOf) var now: String?
    @Flag(help: "Print JSON.") var json = false

    func run(_ store: FollowupStore) throws {
        let asOf = try parseAsOf(now)
        let moment = asOf ?? Date()
        if json {
            Console.out(JSONValue.array(try store.status(ref: ref, now: moment, asOf: asOf).map(JSONRendering.summary)).prettyString)
            return
        }
        let lines = try ref == nil ? store.statusLines(now: moment, asOf: asOf)
            : store.status(ref: ref, now: moment, asOf: asOf).map(StatusLine.init)
        defer { KeptUntilExit.keep(lines) }
        guard !lines.isEmpty else {
            Console.out("no interviews yet; add one with 'followup interview add'")
            return
        }
        let nowSeconds = Int64(moment.timeIntervalSince1970)
        var table = Table("REF", "COMPANY", "STATE", "INTERVIEW", "NEXT")
        for line in lines {
            var next = line.outcome.map { "outcome: " + $0.rawValue } ?? "—"
            if let item = line.next {
                next = item.action
                if let to = item.to { next += " to " + to }
                next += " " + Relative.due(item.dueAt, now: nowSeconds)
            }
            // A later round is indented under its application's first round, which status lists just above it.
            let ref = line.rounds == 1 ? line.ref
                : (line.round > 1 && ref == nil ? "  " : "") + "\(line.ref) (round \(line.round)/\(line.rounds))"
            table.add(ref, line.company.truncated(24), line.status.rawValue, LocalTime.format(line.startsAt), next)
        }
        Console.out(table.renderForTerminal { row, column, _ in
            let line = lines[row]
            if column == 4, line.next?.overdue == true { return .red }
            guard column == 2 else { return nil }
            switch line.status {
            case .active: return .green
            case .cold: return .yellow
            case .upcoming: return .cyan
            case .ghosted, .closed: return .dim
            }
        })
        KeptUntilExit.keep(table)
    }
}
