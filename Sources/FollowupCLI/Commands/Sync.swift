import ArgumentParser
import FollowupCore
import Foundation
import SSHLaunch

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
        let directory = storeOptions.directory
        var arguments = ["followup-sync", remote, "--store", directory.path]
        if json { arguments.append("--json") }
        if verbose { arguments.append("--verbose") }
        let program = try Companion.path("followup-sync")
        // ssh's handshake and login, most of a sync over ssh, run while followup-sync and libgit2
        // load: ssh is started here as the last sync ran it, and followup-sync takes it over
        // only if it works out the same command line (SSHConnectionPlan).
        let remote = remote
        let started = SSHConnectionPlan.startFirstConnection(
            planPath: FollowupStore.sshConnectionPlanURL(in: directory, remote: remote).path,
            syncConfiguration: FollowupStore.syncRepositoryURL(in: directory).appendingPathComponent("config").path,
            environment: ProcessInfo.processInfo.environment
        ) { device, pushed in
            FollowupStore.syncOutlook(directory: directory, remote: remote, device: device, after: pushed)
        }
        if let started {
            started.keepAcrossExec()
            arguments += ["--ssh-started", started.option]
        }
        do {
            try Companion.exec(program: program, arguments)
        } catch {
            started?.child.cancel()
            throw error
        }
    }
}
