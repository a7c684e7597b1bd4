import ArgumentParser
import FollowupCore
import Foundation

struct Remind: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "Desktop notifications for items due soon, each shown once on this machine.",
        discussion: """
            Examples:
              followup remind                # what is due now or within 2 hours
              followup remind install        # run it every 15 minutes (systemd user timer, or a crontab line)
            """,
        subcommands: [Send.self, Install.self, Uninstall.self], defaultSubcommand: Send.self)

    struct Send: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "send", abstract: "Notify each item due within --within not notified before (the default).")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: ArgumentHelp("How far ahead, like 30m or 2h (at most 24h).", valueName: "DURATION")) var within = "2h"
        @Option(help: ArgumentHelp("Evaluate at this moment instead of now.", valueName: "WHEN")) var now: String?

        func validate() throws {
            guard DurationInput.minutes(within) != nil else {
                throw ValidationError("--within: '\(within)' is not a length; use 30m, 2h or 1h30m (at most 24h)")
            }
        }

        func run(_ store: FollowupStore) throws {
            let moment = try parseWhen(now, option: "--now") ?? Date()
            let items = try store.remindersToSend(now: moment, within: Int64(DurationInput.minutes(within)!) * 60)
            for item in items {
                try Remind.notify(title: ICalendarWriter.title(item), body: item.reason)
                try store.markReminded(item, at: moment)
            }
            Console.out(items.isEmpty ? "nothing new to remind" : "reminded \(items.count)")
        }
    }

    /// Shows one notification through the freedesktop Notifications interface (libnotify's notify-send).
    static func notify(title: String, body: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["notify-send", "--app-name=followup", title, body]
        process.standardInput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch {
            throw StoreError.invalidInput("cannot run notify-send; install libnotify-bin")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let detail = message.split(separator: "\n").first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw StoreError.invalidInput("cannot show a notification (\(detail)); run remind inside a desktop session (DBUS_SESSION_BUS_ADDRESS)")
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Run remind every 15 minutes: a systemd user timer (Persistent=true), else print a crontab line.")

        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Write the systemd units even without a running user instance (enable them later).") var systemd = false

        func run() throws {
            let schedule = ReminderSchedule(executable: Remind.ownExecutable, store: storeOptions.directory.path)
            guard systemd || Remind.hasUserSystemd else {
                Console.out("no systemd user instance here; add this line with 'crontab -e':\n" + schedule.crontabLine)
                return
            }
            let directory = Remind.unitDirectory
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(schedule.service.utf8).write(to: directory.appendingPathComponent(ReminderSchedule.serviceName), options: .atomic)
            try Data(schedule.timer.utf8).write(to: directory.appendingPathComponent(ReminderSchedule.timerName), options: .atomic)
            Console.out("wrote \(directory.path)/\(ReminderSchedule.serviceName) and \(ReminderSchedule.timerName)")
            if Remind.hasUserSystemd {
                try Remind.systemctl("daemon-reload")
                try Remind.systemctl("enable", "--now", ReminderSchedule.timerName)
                Console.out("enabled \(ReminderSchedule.timerName)")
            } else {
                Console.out("enable it in your session with: systemctl --user enable --now \(ReminderSchedule.timerName)")
            }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall", abstract: "Remove what install wrote (and say which crontab line to remove).")

        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            if Remind.hasUserSystemd { try? Remind.systemctl("disable", "--now", ReminderSchedule.timerName) }
            var removed: [String] = []
            for name in [ReminderSchedule.timerName, ReminderSchedule.serviceName] {
                let url = Remind.unitDirectory.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path) {
                    try FileManager.default.removeItem(at: url)
                    removed.append(url.path)
                }
            }
            if Remind.hasUserSystemd, !removed.isEmpty { try? Remind.systemctl("daemon-reload") }
            let schedule = ReminderSchedule(executable: Remind.ownExecutable, store: storeOptions.directory.path)
            Console.out(removed.isEmpty ? "no units to remove; if you added the crontab line, remove it with 'crontab -e':\n" + schedule.crontabLine
                                        : "removed " + removed.joined(separator: " and "))
        }
    }

    static var ownExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Where systemd looks for a user's own units.
    static var unitDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config").path
        return URL(fileURLWithPath: config).appendingPathComponent("systemd/user")
    }

    /// A user manager is running when its private socket exists.
    static var hasUserSystemd: Bool {
        guard let runtime = ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"] else { return false }
        return FileManager.default.fileExists(atPath: runtime + "/systemd/private")
    }

    static func systemctl(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["systemctl", "--user"] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StoreError.invalidInput("'systemctl --user \(arguments.joined(separator: " "))' failed; the unit files are written, enable them by hand")
        }
    }
}
