import ArgumentParser
import FollowupCore
import Foundation

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new store for this machine.",
        discussion: "Examples: followup init --device laptop; followup init --device laptop --encrypt")

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "A name for this machine, shown in the timeline (default: the host name).")
    var device: String?

    @Flag(help: "Seal the synced log from the start (see 'followup encrypt').")
    var encrypt = false

    func run() throws {
        let name = device ?? ProcessInfo.processInfo.hostName
        let store = try FollowupStore.create(at: storeOptions.directory, deviceName: name)
        Console.out("created a followup store at \(store.directory.path) for device '\(name)' (\(store.deviceID))")
        if encrypt { EncryptionNotice.started(try store.enableEncryption()) }
    }
}
