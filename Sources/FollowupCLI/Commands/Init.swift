import ArgumentParser
import FollowupCore
import Foundation

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new store for this machine.",
        discussion: "Example: followup init --device laptop")

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "A name for this machine, shown in the timeline (default: the host name).")
    var device: String?

    func run() throws {
        let name = device ?? ProcessInfo.processInfo.hostName
        let store = try FollowupStore.create(at: storeOptions.directory, deviceName: name)
        Console.out("created a followup store at \(store.directory.path) for device '\(name)' (\(store.deviceID))")
    }
}
