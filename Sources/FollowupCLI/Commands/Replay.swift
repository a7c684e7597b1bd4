import ArgumentParser
import FollowupCore
import Foundation

struct Replay: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild the state from the log and check it against the live state.",
        discussion: """
            Exits 1 when the live state differs from the rebuilt one (use --repair to replace it). \
            With --as-of, shows the state as it was known at that moment. Example: followup replay --as-of "3d ago"
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("Replay only what had been recorded by then.", valueName: "WHEN")) var asOf: String?
    @Flag(help: "Replace the live state when it differs from the rebuilt one.") var repair = false
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if repair, asOf != nil { throw ValidationError("--repair rebuilds the current state; it cannot be used with --as-of") }
    }

    func run(_ store: FollowupStore) throws {
        let report = try store.replay(asOf: try parseWhen(asOf, option: "--as-of"), repair: repair)
        if json {
            Console.out(JSONValue.object([
                "events": .int(Int64(report.eventsReplayed)),
                "interviews": .array(zip(report.interviews, report.statuses).map { state, status in
                    guard case .object(var members) = JSONRendering.interview(state) else { return .null }
                    members["state"] = .string(status.rawValue)
                    return .object(members)
                }),
                "asOf": JSONRendering.time(report.asOf),
                "matchesLive": report.matchesLive.map(JSONValue.bool) ?? .null,
                "differences": .array(report.differences.map(JSONValue.string)),
                "repaired": .bool(report.repaired),
                "milliseconds": .int(Int64(report.milliseconds)),
            ]).prettyString)
        } else {
            if let asOf = report.asOf {
                Console.out("as of \(LocalTime.format(asOf)): \(report.eventsReplayed) events, \(report.interviews.count) interviews")
                var table = Table("REF", "COMPANY", "STATE", "CHECK-INS", "OUTCOME")
                for (state, status) in zip(report.interviews, report.statuses) {
                    table.add(state.ref, state.company.truncated(24), status.rawValue,
                              "\(state.checkInCount)", state.outcome?.rawValue ?? "")
                }
                if !report.interviews.isEmpty { Console.out(table.render()) }
            } else if report.differences.isEmpty {
                Console.out("replayed \(report.eventsReplayed) events into \(report.interviews.count) interviews in \(report.milliseconds) ms: the live state matches the log")
            } else {
                let verb = report.repaired ? "repaired" : "differ (run 'followup replay --repair')"
                Console.out("replayed \(report.eventsReplayed) events in \(report.milliseconds) ms: live state of \(report.differences.joined(separator: ", ")) \(verb)")
            }
        }
        if report.leftDiffering { throw ExitCode(ExitStatus.failure) }
    }
}
