import ArgumentParser
import FollowupCore
import Foundation

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
            var first = true
            output.write("[")
            try store.forEachLine { line in
                output.write(first ? "\n" : ",\n")
                output.write(line)
                first = false
            }
            output.write(first ? "]\n" : "\n]\n")
        case .csv:
            output.write("id,device,seq,recorded,clock,occurred,type,interview,to,from,note,decision_by,detail\n")
            try store.forEachLine { line in
                guard let event = try? Event(line: line) else { return }
                let detail = ["point", "outcome", "target", "ref", "key", "name"].lazy.compactMap { event.payloadString($0) }.first
                let cells: [String?] = [
                    event.id, event.device, String(event.seq), UTCTime.format(milliseconds: event.recordedMs),
                    String(event.clock), UTCTime.format(seconds: event.occurred), event.type, event.interview,
                    event.payloadString("to"), event.payloadString("from"), event.payloadString("note"),
                    event.payloadTime("decisionBy").map { UTCTime.format(seconds: $0) }, detail,
                ]
                output.write(cells.map { Export.csvField($0 ?? "") }.joined(separator: ",") + "\n")
            }
        }
        output.flush()
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
