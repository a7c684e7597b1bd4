import ArgumentParser
import FollowupCore
import Foundation
import ProgramSupport

/// The `followup` root command.
public struct Followup: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "followup",
        abstract: "Keep track of every follow-up after a job interview: thank-yous, check-ins, replies, outcomes.",
        discussion: """
            Every action is an immutable, signed event in a local SQLite log; `due` says what to do next \
            and why. The store is --store DIR, else $FOLLOWUP_HOME, else $XDG_DATA_HOME/followup \
            (~/.local/share/followup).
            """,
        version: FollowupVersion.string,
        subcommands: [
            Init.self, InterviewCommand.self, Log.self, Retract.self, Status.self, Due.self, Timeline.self,
            Replay.self, Verify.self, Export.self, ConfigCommand.self, RemoteCommand.self, Sync.self,
            EncryptCommand.self, KeyCommand.self,
            Stats.self, Import.self, DraftCommand.self, Report.self,
            Proofread.self, CalendarCommand.self, Remind.self,
        ]
    )

    public init() {}

    /// Runs the command line and exits with its status: the whole of `main`.
    public static func runAndExit(_ arguments: [String]? = nil) -> Never {
        if arguments == nil, let position = firstArgumentNotInUTF8() {
            Console.error("argument \(position) is not UTF-8 text; set a UTF-8 locale (LANG=C.UTF-8) and type it again")
            Foundation.exit(ExitStatus.usage)
        }
        let arguments = WhenArguments.joiningDashedValues(arguments ?? Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try QuickParser.parse(arguments) ?? parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            exit(reporting: error, writeError: Console.error) {
                MissingArgument.listingChoices(Followup.suggestingCommand($0, arguments: arguments), arguments: arguments)
            }
        }
    }
}

extension Followup {
    /// A mistyped command's report, with the command it most likely meant.
    static func suggestingCommand(_ report: FailureReport, arguments: [String]) -> FailureReport {
        guard let first = arguments.first, !first.hasPrefix("-"), let message = report.message, message.contains("'\(first)'")
        else { return report }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        guard !names.contains(first), let guess = Suggestion.closest(to: first, among: names) else { return report }
        return FailureReport(message: "unknown command '\(first)'; did you mean '\(guess)'? 'followup --help' lists the commands",
                             exitStatus: report.exitStatus)
    }

    /// The position of the first command-line argument whose bytes are not UTF-8. Swift would
    /// read it with U+FFFD in place of those bytes, storing text the user never typed.
    static func firstArgumentNotInUTF8() -> Int? {
        for position in 1..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[position] else { continue }
            let bytes = UnsafeRawBufferPointer(start: argument, count: strlen(argument)).bindMemory(to: UInt8.self)
            if String(validating: bytes, as: UTF8.self) == nil { return position }
        }
        return nil
    }
}

/// The exit statuses all three programs share, by the name the commands use.
typealias ExitStatus = ProgramSupport.ExitStatus

/// Options every command that uses a store accepts.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store directory.", valueName: "DIR"))
    var store: String?

    /// --store, else $FOLLOWUP_HOME, else $XDG_DATA_HOME/followup, else ~/.local/share/followup.
    var directory: URL {
        // getenv, not ProcessInfo.environment: that copies the whole environment on every start.
        func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        if let store, !store.isEmpty { return URL(fileURLWithPath: store) }
        if let home = variable("FOLLOWUP_HOME"), !home.isEmpty { return URL(fileURLWithPath: home) }
        if let data = variable("XDG_DATA_HOME"), data.hasPrefix("/") {
            return URL(fileURLWithPath: data).appendingPathComponent("followup")
        }
        let home = variable("HOME") ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/followup")
    }
}

/// A command that works on an existing store: parse, open the store, one call, render.
protocol StoreCommand: ParsableCommand {
    var storeOptions: StoreOptions { get }
    func run(_ store: FollowupStore) throws
}

extension StoreCommand {
    func run() throws {
        try run(try FollowupStore.open(at: storeOptions.directory))
    }
}

extension NameSpecification {
    /// `--now` and its alias `--as-of`, for the commands that show the state at a moment.
    static let asOf: NameSpecification = [.customLong("now"), .customLong("as-of")]
}

extension ArgumentHelp {
    /// The help of `NameSpecification.asOf` (docs/cli.md, "The state as of a moment").
    static let asOf = ArgumentHelp("Show the state as of this moment: only what had happened or been entered by then counts.", valueName: "WHEN")
}

/// Reads `--now`/`--as-of`: nil when it was not given, which means the current state.
func parseAsOf(_ text: String?) throws -> Date? {
    try parseWhen(text, option: "--now/--as-of")
}

/// Reads a WHEN argument, failing validation with the parser's explanation.
func parseWhen(_ text: String?, option: String, prefer direction: WhenParser.Direction = .past,
               now: Date = Date()) throws -> Date? {
    guard let text else { return nil }
    do {
        return try WhenParser(now: now).parse(text, prefer: direction)
    } catch {
        throw ValidationError("\(option): \(error.description)")
    }
}

/// Reads `--decision-by` against the event it belongs to (`anchor`: the interview's start, the
/// action's `--at`), with the note saying which day a relative form was understood as: the
/// command prints it once the store has accepted the event.
func parseDecisionBy(_ text: String?, anchor: Date) throws -> (date: Date?, note: String?) {
    guard let text else { return (nil, nil) }
    do {
        let reading = try WhenParser(now: Date()).parse(text, prefer: .future, relativeTo: anchor)
        return (reading.date, reading.wasRelative ? DecisionDateNote.text(reading.date) : nil)
    } catch {
        throw ValidationError("--decision-by: \(error.description)")
    }
}

/// `--at -3h`: a WHEN value that starts with a dash would be read as an option, so it is joined
/// to its option (`--at=-3h`) before parsing. Only a dash followed by a digit is joined: no
/// option starts that way.
enum WhenArguments {
    static let options: Set<String> = ["--at", "--now", "--as-of", "--decision-by"]

    static func joiningDashedValues(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                result += arguments[index...]
                break
            }
            if options.contains(argument), index + 1 < arguments.count,
               let value = arguments[index + 1].utf8.dropFirst().first, arguments[index + 1].hasPrefix("-"),
               (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(value) {
                result.append(argument + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }
}
