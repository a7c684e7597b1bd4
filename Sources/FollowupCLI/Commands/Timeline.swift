import ArgumentParser
import FollowupCore
import Foundation

struct Timeline: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Every event in log order: when it happened, when and where it was recorded.",
        discussion: """
            Flags: BACKDATED (recorded well after it happened), RETRACTED (cancelled by a later event), \
            DUPLICATE (the same action to the same person within 10 minutes of another; counted once). \
            Example: followup timeline acme --as-of "2026-11-28 09:00"
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Only this interview.", completion: .interviewRefs) var ref: String?
    @Option(help: ArgumentHelp("Only what had been recorded by then.", valueName: "WHEN")) var asOf: String?
    @Flag(help: "Print JSON.") var json = false

    func run(_ store: FollowupStore) throws {
        let entries = try store.timeline(ref: ref, asOf: try parseWhen(asOf, option: "--as-of"))
        if json {
            Console.out(JSONValue.array(entries.map(JSONRendering.timelineEntry)).prettyString)
            return
        }
        guard !entries.isEmpty else {
            Console.out("no events" + (asOf == nil ? "" : " recorded by then"))
            return
        }
        var table = Table("OCCURRED", "RECORDED", "DEVICE", "REF", "EVENT", "DETAILS", "ID")
        for entry in entries {
            let event = entry.event
            var flags: [String] = []
            if entry.backdated { flags.append("BACKDATED") }
            if let original = entry.duplicateOf { flags.append("DUPLICATE of \(original.prefix(8))") }
            if let retraction = entry.retractedBy { flags.append("RETRACTED by \(retraction.prefix(8))") }
            // A template set with config set may span lines; a table row may not.
            // The flags are what the column is read for: the summary is cut to leave them whole.
            let flagText = flags.joined(separator: " · ")
            let room = max(16, 72 - (flagText.isEmpty ? 0 : flagText.count + 3))
            let summary = Timeline.details(entry.summary).replacingOccurrences(of: "\n", with: "⏎").truncated(room)
            let details = [summary, flagText].filter { !$0.isEmpty }.joined(separator: " · ")
            table.add(LocalTime.format(event.occurred), LocalTime.format(event.recordedMs / 1000), entry.deviceName.truncated(16),
                      entry.ref ?? "", event.type, details, String(event.id.prefix(8)))
        }
        Pager.show(table.renderForTerminal { row, column, _ in
            if entries[row].retractedBy != nil { return .dim }
            return column == 5 && entries[row].backdated ? .yellow : nil
        })
    }

    static func details(_ summary: EventSummary) -> String {
        var parts: [String] = []
        if let subject = summary.subject { parts.append(subject.text) }
        if let to = summary.to { parts.append("to \(to)") }
        if let from = summary.from { parts.append("from \(from)") }
        if let decisionBy = summary.decisionBy { parts.append("decision by \(LocalTime.format(decisionBy))") }
        if let note = summary.note { parts.append("\"\(note)\"") }
        return parts.joined(separator: " ")
    }
}
