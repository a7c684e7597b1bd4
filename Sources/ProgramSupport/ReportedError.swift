import Foundation
import ArgumentParser
import FollowupCore

/// An error a followup program reports as one line on stderr and an exit status. The core's
/// errors conform here, where their command-line wording lives; a program's own errors (sync,
/// spelling) conform in that program.
public protocol ReportedError: Error {
    /// The line shown after "followup: ": what is wrong, and what to do about it.
    var message: String { get }
    var exitStatus: Int32 { get }
}

/// What a program prints and how it exits when a command fails.
public struct FailureReport: Equatable, Sendable {
    /// The one line for stderr, nil when there is nothing to say (the command printed already).
    public var message: String?
    public var exitStatus: Int32

    public init(message: String?, exitStatus: Int32) {
        self.message = message
        self.exitStatus = exitStatus
    }

    /// The report for `error`, thrown by `command` (or one of its subcommands). Nil for what
    /// swift-argument-parser ends successfully itself: help and --version.
    public init?(_ error: Error, command: any ParsableCommand.Type) {
        // Help and --version before anything else: the cast to a protocol below searches the
        // binary's conformance records, which `followup --version` need not pay for.
        if error is CleanExit { return nil }
        switch error {
        case let error as any ReportedError:
            self.init(message: FailureReport.firstLine(error.message), exitStatus: error.exitStatus)
        case let status as ExitCode:
            self.init(message: nil, exitStatus: status.rawValue)
        default:
            let status = command.exitCode(for: error)
            guard status != .success else { return nil }
            let line = FailureReport.firstLine(command.message(for: error))
            let message = line.hasPrefix("Error: ") ? String(line.dropFirst(7)) : line
            self.init(message: message.isEmpty ? nil : message, exitStatus: status.rawValue)
        }
    }

    /// Stderr gets one line per failure, however many a library's message has.
    private static func firstLine(_ message: String) -> String {
        message.split(separator: "\n").first.map(String.init) ?? message
    }
}

extension ParsableCommand {
    /// Ends the program after `error`: one line on stderr through `writeError`, then the exit
    /// status; help and --version go to swift-argument-parser, which prints them and exits 0.
    public static func exit(reporting error: Error, writeError: (String) -> Void = standardErrorLine,
                            adjust: (FailureReport) -> FailureReport = { $0 }) -> Never {
        guard let report = FailureReport(error, command: self).map(adjust) else { exit(withError: error) }
        if let message = report.message { writeError(message) }
        Foundation.exit(report.exitStatus)
    }
}

/// "followup: MESSAGE" on stderr, without colour.
public func standardErrorLine(_ message: String) {
    writeStandardError("followup: \(message)\n")
}

/// Writes `text` to stderr. A stderr that is closed (a reader that stopped, as `| head -1`)
/// loses the text but does not end the program: FileHandle's write would, with SIGILL, where
/// SIGPIPE is ignored (followup-sync), in the middle of a sync.
public func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { writeAll(STDERR_FILENO, $0) }
}

/// All of `bytes` to `descriptor`, however many writes that takes; a closed pipe (`followup due
/// | head`) has no reader for the rest, which is dropped.
public func writeAll(_ descriptor: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0, errno == EINTR { continue }
        guard written > 0 else { return }
        offset += written
    }
}

extension StoreError: ReportedError {
    public var message: String {
        switch self {
        case .notAStore: description + "; run 'followup init' or pass --store DIR"
        case .alreadyAStore: description + "; use it, or pass --store DIR for a new one"
        case .futureAction: description + ", so give --at a past time"
        case .actionBeforeInterview: description + "; give --at the time it was sent, after the interview"
        case .decisionBeforeInterview: description + "; give a --decision-by after it"
        case .notYetKnown: description + "; give a later --now or --as-of, or leave it out for the current state"
        case .nothingToChange: description + "; give --company, --role, --at, --duration, --decision-by, "
            + "--add-interviewer, --remove-interviewer, --point or --round-of with a new value"
        case .roundOfOtherCompany(let ref, _, let earlier, _):
            description + "; if a company is misspelt, correct it first ('followup interview edit \(earlier) --company NAME', "
            + "or --company of \(ref)), then link the round"
        case .notARound:
            description + "; --no-round-of removes the link from the later round, the one that was given --round-of"
        case .roundLoop(let ref, let later):
            description + "; nothing was changed: \(later) is the later round, linked to \(ref) already"
        default: description
        }
    }

    public var exitStatus: Int32 {
        switch self {
        case .notAStore: ExitStatus.noInput
        case .corrupt, .badKey, .database: ExitStatus.ioError
        case .invalidInput, .futureAction, .decisionBeforeInterview, .nothingToChange, .notARound: ExitStatus.usage
        case .unknownInterview, .mistypedInterview, .notYetKnown, .ambiguousInterview, .unknownEvent, .ambiguousEvent, .duplicateRef,
             .cannotRetract, .actionBeforeInterview, .ambiguousInterviewer, .alreadyAStore, .newerVersion,
             .roundOfItself, .roundOfOtherCompany, .roundLoop: ExitStatus.dataError
        case .syncRunning: ExitStatus.failure
        }
    }
}

extension CombinedActionsError: ReportedError {
    public var message: String {
        switch self {
        case .notSent(_, let carriers):
            "--asked-next-steps and --point go with a message you sent: " + carriers.map(\.rawValue).joined(separator: ", ")
        case .nextStepsAskedTwice:
            "--asked-next-steps is what 'log next-steps' records already; leave it out"
        }
    }

    public var exitStatus: Int32 { ExitStatus.usage }
}

extension CalendarTargetError: ReportedError {
    public var message: String {
        switch self {
        case .credentialsInURL: "do not put credentials in the calendar URL; use --user and --password-command"
        case .emptyPasswordCommand: "--password-command must not be empty"
        case .noCalendar: description + "; add one with 'followup calendar add URL --user NAME'"
        }
    }

    public var exitStatus: Int32 { ExitStatus.usage }
}

extension DateInputError: ReportedError {
    public var message: String { description }
    public var exitStatus: Int32 { ExitStatus.usage }
}

extension ConfigError: ReportedError {
    public var message: String { description }
    public var exitStatus: Int32 { ExitStatus.usage }
}

extension SealingError: ReportedError {
    public var message: String {
        let remedy = switch self {
        case .notAPrintedKey: "; copy it again from 'followup key export --text'"
        case .noPrintedKey: "; paste the output of 'followup key export --text'"
        default: ""
        }
        return description + remedy + "; nothing was changed"
    }
    public var exitStatus: Int32 { ExitStatus.dataError }
}

extension DraftError: ReportedError {
    public var message: String {
        let remedy: String? = switch placeholder {
        case "point", "points": "interview add --point"
        case "decision_by": "log next-steps or response with --decision-by"
        case "signature": "followup config set draft.signature \"Your Name\""
        case "first_name", "name": "give --to NAME"
        default: nil
        }
        return description + (remedy.map { " (\($0))" } ?? "")
    }

    public var exitStatus: Int32 { ExitStatus.usage }
}
