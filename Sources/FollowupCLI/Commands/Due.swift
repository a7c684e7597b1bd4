import ArgumentParser
import FollowupCore
import Foundation
import ProgramSupport

struct Due: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "What to do now, most urgent first, with the rule behind each item.",
        discussion: """
            Examples:
              followup due
              followup due --now "monday 9am" --all
              followup due --ics > due.ics      # the same items as calendar events with alarms
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .asOf, help: .asOf) var now: String?
    @Flag(help: "Also list items that do not show yet.") var all = false
    @Flag(help: "Print JSON: an array of {ref, action, to, dueAt, overdue, reason, …}.") var json = false
    @Flag(help: "Print the items as an iCalendar (RFC 5545) calendar.") var ics = false

    func validate() throws {
        if json && ics { throw ValidationError("choose one of --json and --ics") }
    }

    func run(_ store: FollowupStore) throws {
        let asOf = try parseAsOf(now)
        let moment = asOf ?? Date()
        let items = try store.due(now: moment, asOf: asOf, includeUpcoming: all)
        defer { KeptUntilExit.keep(items) }
        if ics {
            var output = BufferedOutput()
            let writer = ICalendarWriter(stamp: Int64(Date().timeIntervalSince1970), productVersion: FollowupVersion.string)
            output.write(try store.exportCalendar(items, writer: writer, now: moment))
            output.flush()
            return
        }
        if json {
            Console.out(JSONValue.array(items.map(JSONRendering.dueItem)).prettyString)
            return
        }
        guard !items.isEmpty else {
            Console.out("nothing due" + (all ? "" : "; 'followup due --all' lists what comes later"))
            return
        }
        let nowSeconds = Int64(moment.timeIntervalSince1970)
        var table = Table("DUE", "", "REF", "ACTION", "TO", "WHY")
        for item in items {
            table.add(LocalTime.format(item.dueAt, withWeekday: true), Relative.due(item.dueAt, now: nowSeconds),
                      item.ref, item.action + (item.optional ? " (optional)" : ""), item.to ?? "", item.reason)
        }
        Console.out(table.renderForTerminal { row, column, _ in
            let item = items[row]
            if column == 1, item.overdue { return .red }
            return item.optional ? .dim : nil
        })
        KeptUntilExit.keep(table)
    }
}
