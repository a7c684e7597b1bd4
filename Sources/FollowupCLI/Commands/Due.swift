import ArgumentParser
import FollowupCore
import Foundation

struct Due: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "What to do now, most urgent first, with the rule behind each item.",
        discussion: "Example: followup due --now \"monday 9am\"")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("Evaluate at this moment instead of now.", valueName: "WHEN")) var now: String?
    @Flag(help: "Also list items that do not show yet.") var all = false
    @Flag(help: "Print JSON: an array of {ref, action, to, dueAt, overdue, reason, …}.") var json = false

    func run(_ store: FollowupStore) throws {
        let moment = try parseWhen(now, option: "--now") ?? Date()
        let items = try store.due(now: moment, includeUpcoming: all)
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
        Console.out(table.render())
    }
}
