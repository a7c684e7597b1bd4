import ArgumentParser
import FollowupCore
import FollowupSync
import Foundation
import GitKit
import ProgramSupport
import SSHLaunch

/// `followup sync`, in its own program so that only sync pays libgit2's start-up cost.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup-sync",
        abstract: "Sync a followup store with a git remote (run as 'followup sync').")

    @Argument(help: "The remote (default: origin).") var remote = "origin"
    @Option(help: ArgumentHelp("The store directory.", valueName: "DIR")) var store: String
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Say on stderr how the remote is reached (e.g. which ssh client).") var verbose = false
    @Option(help: .hidden) var sshStarted: String?

    func run() throws {
        // The first ssh connection `followup sync` may have started before this program loaded.
        if let handOff = sshStarted.flatMap(SSHHandOff.init(option:)) { SSHEarlyConnections.adopt(handOff) }
        // Last: the ssh processes whose connections are closed have ended their sessions meanwhile.
        defer { SSHExits.waitForAll() }
        defer { SSHEarlyConnections.cancelAll() }
        let store = try FollowupStore.open(at: URL(fileURLWithPath: self.store))
        let remote = try store.remote(remote)
        let environment = ProcessInfo.processInfo.environment
        let configuration = try? GitConfiguration.userDefault()
        let caFile = SyncCredentials.certificateFile(environment, configuration: configuration)
        if let caFile { try GitLibrary.setCertificateLocations(file: caFile, directory: nil) }
        let syncer = try Syncer(store: store, remote: remote, credentials: SyncCredentials.fromEnvironment(environment))
        let probe = CurlDiscoveryProbe(certificateFile: caFile)
        syncer.httpProbe = { probe.answer($0) }
        let transport = SyncCredentials.sshTransport(environment, configuration: configuration)
        syncer.sshTransport = transport
        // A sync may connect three times (push, refused; fetch; push): the last two share one ssh login.
        var sharing = SSHConnectionSharing.begin(for: syncer.sshTransport, url: remote.url)
        if verbose, let candidate = sharing, !candidate.applies {
            candidate.end()
            sharing = nil
        }
        defer { sharing?.end() }
        if let sharing { syncer.sshTransport = sharing.transport }
        if let configuration { syncer.credentialHelpers = .configured(configuration) }
        if verbose { writeStandardError(SyncRendering.transport(remote, ssh: syncer.sshTransport)) }
        syncer.watchdog = try SyncCommand.watchdog(environment["FOLLOWUP_SYNC_TIMEOUT"], remote: remote)
        if isatty(STDERR_FILENO) == 1, !json {
            syncer.progress = { progress in
                guard progress.totalObjects > 0 else { return }
                writeStandardError("\rsync: objects \(progress.objects)/\(progress.totalObjects)")
            }
        }
        try syncer.forgetTrackingOfAnotherURL()
        let report = try syncer.sync()
        if isatty(STDERR_FILENO) == 1, !json { writeStandardError("\r\u{1B}[K") }
        if verbose, SSHEarlyConnections.usedStartedAhead {
            writeStandardError("sync: the first ssh connection was started by followup before this program loaded\n")
        }
        rememberConnection(syncer, transport: transport, environment: environment, store: store)
        let names = (try? store.deviceNames()) ?? [:]
        if json {
            print(SyncRendering.json(report, names: names).prettyString)
        } else {
            print(SyncRendering.text(report, names: names))
        }
        for rejection in report.rejected {
            writeStandardError("followup: warning: refused from \(remote.name): \(SyncRendering.rejection(rejection, names: names))\n")
        }
        for fork in report.forks {
            writeStandardError("followup: warning: device \(names[fork] ?? fork) (\(fork)) has diverging histories here and on \(remote.name) (a copied store?); both are kept, give each machine its own store with 'followup init'\n")
        }
        if (try? store.calendarTarget()) != nil { pushCalendar(storeDirectory: self.store) }
    }
}

extension SyncCommand {
    /// Keeps, for the next `followup sync`, the command line of its first ssh connection
    /// (SSHConnectionPlan); a remote not reached through an ssh program keeps none.
    func rememberConnection(_ syncer: Syncer, transport: SSHTransport, environment: [String: String], store: FollowupStore) {
        let path = FollowupStore.sshConnectionPlanURL(in: store.directory, remote: remote).path
        let inputs = SSHConnectionPlan.inputs(environment: environment,
                                              syncConfiguration: store.syncRepositoryURL.appendingPathComponent("config").path,
                                              hasTerminal: SSHChild.hasTerminal())
        guard let plan = try? syncer.connectionPlan(through: transport, inputs: inputs) else {
            unlink(path)
            return
        }
        try? plan.write(to: path)
    }
}

/// After a successful sync, `followup-cal` pushes the calendar; its report goes to stderr so that
/// `--json` stays one document. A failed push is a warning: the sync itself is done and kept.
func pushCalendar(storeDirectory: String) {
    let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    let process = Process()
    process.executableURL = URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("followup-cal")
    process.arguments = ["--store", storeDirectory]
    process.standardOutput = FileHandle.standardError
    do {
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus == 0 { return }
    } catch {}
    writeStandardError("followup: warning: synced, but the calendar was not pushed; run 'followup calendar push' later\n")
}

// libgit2 writes to sockets without MSG_NOSIGNAL: a server that hangs up mid-push would kill
// the process with SIGPIPE and no message. Ignored, the write fails and the error is reported.
signal(SIGPIPE, SIG_IGN)

extension SyncCommand {
    /// Ends the process when the remote says nothing for FOLLOWUP_SYNC_TIMEOUT seconds (default 60).
    static func watchdog(_ setting: String?, remote: SyncRemote) throws -> StallWatchdog {
        guard let limit = setting.map({ Double($0) }) ?? 60, limit > 0, limit.isFinite else {
            throw StoreError.invalidInput("FOLLOWUP_SYNC_TIMEOUT must be a number of seconds above 0, like 60")
        }
        let message = "followup: cannot sync with \(remote.name): no answer from \(remote.url) for \(Int(limit.rounded(.up))) s; "
            + "check the network and the remote, then sync again (nothing is lost: the next sync completes this one)\n"
        return StallWatchdog(limit: limit) {
            _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
            _exit(ExitStatus.temporaryFailure)
        }
    }
}

extension SyncError: ReportedError {
    public var message: String { description }
    public var exitStatus: Int32 {
        switch self {
        case .remoteServerFailed: ExitStatus.temporaryFailure
        case .remoteRefusedAccess: ExitStatus.notPermitted
        default: ExitStatus.failure
        }
    }
}

extension FailureReport {
    /// A full disk, wherever libgit2 or SQLite met it, gets the same message and remedy.
    static func diskFullRemedy(_ report: FailureReport) -> FailureReport {
        guard let line = report.message, line.localizedCaseInsensitiveContains("no space left on device"),
              !line.contains("the disk is full") else { return report }
        return FailureReport(message: "the disk is full (\(line)); free some space and sync again "
                                 + "(nothing is lost: the next sync completes this one)",
                             exitStatus: ExitStatus.ioError)
    }
}

extension SyncCommand {
    /// The forms `followup sync` passes (`REMOTE --store DIR [--json] [--verbose] [--ssh-started …]`), read without
    /// swift-argument-parser's reflection, which costs milliseconds of every start (see
    /// FollowupCLI's QuickParser); any other form goes to swift-argument-parser.
    static func quick(_ arguments: [String]) -> SyncCommand? {
        guard arguments.count >= 3, !arguments[0].hasPrefix("-"), arguments[1] == "--store", !arguments[2].hasPrefix("-")
        else { return nil }
        var json = false, verbose = false, sshStarted: String?
        var rest = arguments.dropFirst(3)
        while let flag = rest.popFirst() {
            switch flag {
            case "--json" where !json: json = true
            case "--verbose" where !verbose: verbose = true
            case "--ssh-started" where sshStarted == nil && !rest.isEmpty: sshStarted = rest.popFirst()
            default: return nil
            }
        }
        var command = SyncCommand()
        command.remote = arguments[0]
        command.store = arguments[2]
        command.json = json
        command.verbose = verbose
        command.sshStarted = sshStarted
        return command
    }
}

var storeDirectory: String?
do {
    var command = try SyncCommand.quick(Array(CommandLine.arguments.dropFirst())) ?? SyncCommand.parseAsRoot()
    storeDirectory = (command as? SyncCommand)?.store
    try command.run()
} catch let error as GitError {
    // Transfers throw RemoteError; a bare libgit2 error comes from the store's own sync.git.
    let repository = storeDirectory.map { FollowupStore.syncRepositoryURL(in: URL(fileURLWithPath: $0)).path }
    SyncCommand.exit(reporting: SyncError.repository(error.message, path: repository), adjust: FailureReport.diskFullRemedy)
} catch {
    SyncCommand.exit(reporting: error, adjust: FailureReport.diskFullRemedy)
}
