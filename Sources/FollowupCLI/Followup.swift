import ArgumentParser
import FollowupCore
import Foundation

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
            Stats.self, Import.self, DraftCommand.self,
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
        do {
            var command = try QuickParser.parse(arguments ?? Array(CommandLine.arguments.dropFirst())) ?? parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch let error as StoreError {
            Console.error(error.description)
            Foundation.exit(error.exitStatus)
        } catch let error as DateInputError {
            Console.error(error.description)
            Foundation.exit(ExitStatus.usage)
        } catch let error as ConfigError {
            Console.error(error.description)
            Foundation.exit(ExitStatus.usage)
        } catch let error as SealingError {
            Console.error(error.description + "; nothing was changed")
            Foundation.exit(ExitStatus.dataError)
        } catch let status as ExitCode {
            Foundation.exit(status.rawValue)
        } catch {
            // Help and --version exit cleanly; every other failure is one line on stderr.
            let status = exitCode(for: error)
            guard status != .success else { exit(withError: error) }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            if !message.isEmpty { Console.error(message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message) }
            Foundation.exit(status.rawValue)
        }
    }
}

extension Followup {
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

public enum FollowupVersion {
    public static let string = "0.1.0"
}

/// Exit statuses, following sysexits(3) where one fits.
enum ExitStatus {
    static let failure: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noStore: Int32 = 66
    static let ioError: Int32 = 74
}

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
