import ArgumentParser
import FollowupCore
import Foundation
import ProgramSupport

/// `followup calendar push`, in its own program so that only the push pays for an HTTP client.
struct CalendarPushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup-cal",
        abstract: "Push the pending items to this machine's CalDAV calendar (run as 'followup calendar push').")

    @Option(help: ArgumentHelp("The store directory.", valueName: "DIR")) var store: String
    @Flag(help: "Print JSON: what was created, updated, deleted, and the HTTP requests made.") var json = false

    func run() throws {
        let store = try FollowupStore.open(at: URL(fileURLWithPath: self.store))
        guard let target = try store.calendarTarget() else {
            throw CalendarTargetError.noCalendar
        }
        let environment = ProcessInfo.processInfo.environment
        guard let timeout = environment["FOLLOWUP_CALDAV_TIMEOUT"].map({ Double($0) }) ?? 30, timeout > 0, timeout.isFinite else {
            throw StoreError.invalidInput("FOLLOWUP_CALDAV_TIMEOUT must be a number of seconds above 0, like 30")
        }
        let client = CalDAVClient(user: target.user, password: try password(for: target, environment: environment), timeout: timeout)
        if let after = environment["FOLLOWUP_CALDAV_FAULT_AFTER"].flatMap(Int.init),
           let command = environment["FOLLOWUP_CALDAV_FAULT_COMMAND"] {
            client.afterRequest = { count in if count == after { _ = try? shell(command) } }
        }
        let now = Date()
        let report = try CalendarPusher(store: store, target: target, client: client)
            .push(items: try store.due(now: now, includeUpcoming: true),
                  writer: ICalendarWriter(stamp: Int64(now.timeIntervalSince1970), productVersion: FollowupVersion.string))
        print(json ? report.json.prettyString : report.text)
        for uid in report.keptEdits {
            writeStandardError("followup: warning: event \(uid) was edited in the calendar; the edit is kept (docs/cli.md, calendar push)\n")
        }
    }

    /// The password: the first line the password command prints, else FOLLOWUP_CALDAV_PASSWORD.
    func password(for target: CalendarTarget, environment: [String: String]) throws -> String {
        if let command = target.passwordCommand {
            guard let output = try? shell(command), output.status == 0 else {
                throw CalDAVError.password("the password command failed; check it with 'followup calendar list' and run it by hand")
            }
            let line = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !line.isEmpty else { throw CalDAVError.password("the password command printed nothing; it must print the password on its first line") }
            return line
        }
        guard let password = environment["FOLLOWUP_CALDAV_PASSWORD"], !password.isEmpty else {
            throw CalDAVError.password("no password for the calendar: set FOLLOWUP_CALDAV_PASSWORD, or add the calendar with --password-command CMD")
        }
        return password
    }
}

/// Runs `command` with /bin/sh, stdin from /dev/null, stderr passed through; returns status and stdout.
func shell(_ command: String) throws -> (status: Int32, stdout: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.standardInput = FileHandle.nullDevice
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

signal(SIGPIPE, SIG_IGN)
do {
    var command = try CalendarPushCommand.parseAsRoot()
    try command.run()
} catch let error as StoreError {
    writeStandardError("followup: \(error)\n")
    exit(error.exitStatus)
} catch let error as CalendarTargetError {
    writeStandardError("followup: \(error.message)\n")
    exit(error.exitStatus)
} catch let error as CalDAVError {
    writeStandardError("followup: \(error)\n")
    exit(error.exitStatus)
} catch {
    let status = CalendarPushCommand.exitCode(for: error)
    if status == .success { CalendarPushCommand.exit(withError: error) }
    writeStandardError("followup: \(CalendarPushCommand.message(for: error).split(separator: "\n").first ?? "")\n")
    exit(status.rawValue)
}
