import Foundation

/// The forms the whole log is exported in.
public enum EventExportFormat: Sendable {
    /// An array of the signed event objects, one per line: stores holding the same events
    /// export the same bytes.
    case json
    /// One row per event with its main fields, for a spreadsheet.
    case csv
}

extension FollowupStore {
    /// Writes every event, in canonical order, as `format`, handing the text to `write` in pieces.
    public func exportEvents(as format: EventExportFormat, to write: (String) -> Void) throws {
        switch format {
        case .json:
            var first = true
            write("[")
            try forEachLine { line in
                write(first ? "\n" : ",\n")
                write(line)
                first = false
            }
            write(first ? "]\n" : "\n]\n")
        case .csv:
            write(EventCSV.header)
            try forEachLine { line in
                guard let event = try? Event(line: line) else { return }
                write(EventCSV.row(event))
            }
        }
    }
}

/// The log as CSV (RFC 4180 quoting): one row per event, times in UTC.
public enum EventCSV {
    public static let header = "id,device,seq,recorded,clock,occurred,type,interview,to,from,note,decision_by,detail\n"

    /// One event's row, ending in a newline.
    public static func row(_ event: Event) -> String {
        let cells: [String?] = [
            event.id, event.device, String(event.seq), UTCTime.format(milliseconds: event.recordedMs),
            String(event.clock), UTCTime.format(seconds: event.occurred), event.type, event.interview,
            event.payloadString("to"), event.payloadString("from"), event.payloadString("note"),
            event.payloadTime("decisionBy").map { UTCTime.format(seconds: $0) }, detail(event),
        ]
        return cells.map { field($0 ?? "") }.joined(separator: ",") + "\n"
    }

    /// The first of the payload's naming facts that the event carries, whatever its type.
    ///
    /// This is not `ProjectionFact.detail`, which picks one fact by the event's type and is kept
    /// in the `detail` column (so `verify` compares it): the CSV also names the interview an
    /// `interview-added` event adds (`ref`) and the device a `device-registered` one registers
    /// (`name`), and it reads these keys from events of types this version does not know.
    static func detail(_ event: Event) -> String? {
        ["point", "outcome", "target", "ref", "key", "name"].lazy.compactMap { event.payloadString($0) }.first
    }

    /// A cell, quoted when it holds a comma, a quote or a line break.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
