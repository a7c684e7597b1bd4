import ArgumentParser
import FollowupCore

struct Retract: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "retract",
        abstract: "Cancel a mistaken event; it stays in the log, marked retracted. Prints the retraction's id.",
        discussion: "Example: followup retract 3f2a9c1e --reason \"logged against the wrong interview\"")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The event's id (a unique prefix of at least 4 characters is enough).") var eventID: String
    @Option(help: "Why it is retracted.") var reason: String?

    func run(_ store: FollowupStore) throws {
        Console.out(try store.retract(eventID, reason: reason).event.id)
    }
}
