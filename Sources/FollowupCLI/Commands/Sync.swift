import ArgumentParser
import FollowupCore
import Foundation

/// `followup sync` runs the `followup-sync` program installed beside `followup`, the way git
/// keeps its transports in helper programs: only sync pays libgit2's start-up cost.
struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Send this machine's new events to a git remote and receive everyone else's.",
        discussion: """
            Commits local events, fetches, merges (a union that cannot conflict), imports what is new \
            after checking it, and pushes; a rejected push retries from the fetch. Example: followup sync origin
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The remote.") var remote = "origin"
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Say on stderr how the remote is reached (e.g. which ssh client).") var verbose = false

    func run() throws {
        var arguments = ["followup-sync", remote, "--store", storeOptions.directory.path]
        if json { arguments.append("--json") }
        if verbose { arguments.append("--verbose") }
        try Companion.exec("followup-sync", arguments)
    }
}
