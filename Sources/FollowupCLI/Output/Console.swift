import Foundation
import ProgramSupport
import Synchronization

/// Data goes to stdout, diagnostics to stderr.
enum Console {
    static func out(_ text: String) {
        // Written from the string's own bytes: `status` and `due` print a megabyte at 10 000
        // open interviews, and each copy of it costs page faults.
        var text = text + "\n"
        text.withUTF8 { writeAll(STDOUT_FILENO, $0) }
    }

    static func error(_ message: String) {
        writeStandardError(Terminal.paint("followup:", .red, enabled: Terminal.colourErr) + " " + message + "\n")
    }

    /// What the command understood, when the user may want to check it.
    static func note(_ message: String) {
        writeStandardError("followup: note: " + message + "\n")
    }

    static func warning(_ message: String) {
        writeStandardError(Terminal.paint("followup: warning:", .yellow, enabled: Terminal.colourErr) + " " + message + "\n")
    }
}

/// Buffers stdout for commands that print many lines.
struct BufferedOutput {
    private var buffer = Data()

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// What a command printed, kept until the process exits instead of freed value by value: the
/// operating system takes a process's memory back at once. `status` and `due` on 10 000 open
/// interviews spent about an eighth of their time freeing the rows they had just printed.
enum KeptUntilExit {
    private static let values = Mutex<[any Sendable]>([])

    static func keep(_ value: any Sendable) { values.withLock { $0.append(value) } }
}
