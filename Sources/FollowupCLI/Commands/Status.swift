import ArgumentParser
import FollowupCore
import Foundation

struct Status: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Where each interview stands and what is next.",
        discussion: "States: upcoming, active, cold (unanswered check-ins), ghosted, closed. Example: followup status acme")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Only this interview.", completion: .interviewRefs) var ref: String?
    @Option(help: ArgumentHelp("Evaluate at this moment instead of now.", valueName: "WHEN")) var now: String?
    @Flag(help: "Print JSON.") var json = false

    func run(_ store: FollowupStore) throws {
        let moment = try parseWhen(now, option: "--now") ?? Date()
        let summaries = try store.status(ref: ref, now: moment)
        if json {
            Console.out(JSONValue.array(summaries.map(JSONRendering.summary)).prettyString)
            return
        }
        defer { KeptUntilExit.keep(summaries) }
        guard !summaries.isEmpty else {
            Console.out("no interviews yet; add one with 'followup interview add'")
            return
        }
        let nowSeconds = Int64(moment.timeIntervalSince1970)
        var table = Table("REF", "COMPANY", "STATE", "INTERVIEW", "NEXT")
        for summary in summaries {
            let next = summary.next.map { item in
                "\(item.action)\(item.to.map { " to \($0)" } ?? "") \(Relative.due(item.dueAt, now: nowSeconds))"
            } ?? (summary.state.outcome.map { "outcome: \($0.rawValue)" } ?? "—")
            table.add(summary.state.ref, summary.state.company.truncated(24), summary.status.rawValue,
                      LocalTime.format(summary.state.startsAt), next)
        }
        Console.out(table.renderForTerminal { row, column, _ in
            let summary = summaries[row]
            if column == 4, summary.next?.overdue == true { return .red }
            guard column == 2 else { return nil }
            switch summary.status {
            case .active: return .green
            case .cold: return .yellow
            case .upcoming: return .cyan
            case .ghosted, .closed: return .dim
            }
        })
        KeptUntilExit.keep(table)
    }
}
