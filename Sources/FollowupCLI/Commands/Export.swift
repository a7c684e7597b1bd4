import ArgumentParser
import FollowupCore
import Foundation
import ProgramSupport

struct Export: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every event in canonical order, or the pending items as a calendar.",
        discussion: """
            json: an array of the signed event objects, one per line; stores holding the same events \
            print byte-identical output. csv: one row per event with the main fields. ics: every pending \
            item as an iCalendar event with an alarm; re-importing a newer export updates the same events.
            Examples:
              followup export > log.json
              followup export --format ics > followup.ics
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, ics }

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "json, csv or ics.") var format: Format = .json

    func run(_ store: FollowupStore) throws {
        var output = BufferedOutput()
        switch format {
        case .ics:
            let now = Date()
            let writer = ICalendarWriter(stamp: Int64(now.timeIntervalSince1970), productVersion: FollowupVersion.string)
            output.write(try store.exportCalendar(try store.due(now: now, includeUpcoming: true), writer: writer, now: now))
        case .json:
            try store.exportEvents(as: .json) { output.write($0) }
        case .csv:
            try store.exportEvents(as: .csv) { output.write($0) }
        }
        output.flush()
    }
}
