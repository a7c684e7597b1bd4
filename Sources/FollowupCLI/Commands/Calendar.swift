import ArgumentParser
import FollowupCore

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Keep a CalDAV calendar holding exactly what is due (set on this machine only).",
        discussion: """
            The password is never stored: --password-command runs at push time and its first line is \
            the password, else FOLLOWUP_CALDAV_PASSWORD is read. 'followup sync' also pushes when a calendar is set.
            """,
        subcommands: [Add.self, List.self, Remove.self, Push.self])

    struct Add: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Set the calendar to push to (replaces the one set before).",
            discussion: """
                The URL is the calendar collection; it is created on the first push if missing. Example:
                  followup calendar add https://dav.example.org/alex/followup/ --user alex --password-command "pass show dav/alex"
                """)

        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The calendar collection's URL (http or https).") var url: String
        @Option(help: "The user name on the CalDAV server.") var user: String
        @Option(help: ArgumentHelp("A shell command printing the password, run at each push.", valueName: "CMD"))
        var passwordCommand: String?

        func run(_ store: FollowupStore) throws {
            let target = try store.setCalendarTarget(CalendarTarget(url: url, user: user, passwordCommand: passwordCommand))
            Console.out(CalendarCommand.describe(target))
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Show the calendar set.",
                                                        discussion: "Example: followup calendar list")

        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        func run(_ store: FollowupStore) throws {
            let target = try store.calendarTarget()
            if json {
                Console.out(JSONValue.array(target.map {
                    [.object(["url": .string($0.url), "user": .string($0.user),
                              "passwordCommand": $0.passwordCommand.map(JSONValue.string) ?? .null])]
                } ?? []).prettyString)
            } else if let target {
                Console.out(CalendarCommand.describe(target))
            } else {
                Console.out("no calendar; add one with 'followup calendar add URL --user NAME'")
            }
        }
    }

    struct Remove: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Forget the calendar (its events on the server are left as they are).",
            discussion: "Example: followup calendar remove")

        @OptionGroup var storeOptions: StoreOptions

        func run(_ store: FollowupStore) throws { try store.removeCalendarTarget() }
    }

    struct Push: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "push", abstract: "Make the calendar hold one event per pending item, with an alarm.",
            discussion: """
                Creates, updates and deletes only followup's own events; an event edited in the calendar is \
                kept as edited. A push with nothing new makes one request. Example: followup calendar push
                """)

        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print JSON: counts, and the HTTP requests made by method.") var json = false

        func run() throws {
            var arguments = ["followup-cal", "--store", storeOptions.directory.path]
            if json { arguments.append("--json") }
            try Companion.exec("followup-cal", arguments)
        }
    }

    static func describe(_ target: CalendarTarget) -> String {
        "\(target.url)\tuser \(target.user)\t" + (target.passwordCommand.map { "password from: \($0)" } ?? "password from FOLLOWUP_CALDAV_PASSWORD")
    }
}
