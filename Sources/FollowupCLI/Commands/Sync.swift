import ArgumentParser
import FollowupCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
    @Argument(help: "The remote (default: origin).") var remote = "origin"
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let helper = URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("followup-sync").path
        guard access(helper, X_OK) == 0 else {
            throw StoreError.invalidInput("cannot find followup-sync next to followup (\(helper)); reinstall with 'make install'")
        }
        var arguments = ["followup-sync", remote, "--store", storeOptions.directory.path]
        if json { arguments.append("--json") }
        let cArguments = arguments.map { strdup($0) } + [nil]
        execv(helper, cArguments)
        throw StoreError.invalidInput("cannot run \(helper): \(String(cString: strerror(errno)))")
    }
}
