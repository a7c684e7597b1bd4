import Foundation
import Synchronization

/// Data goes to stdout, diagnostics to stderr.
enum Console {
    static func out(_ text: String) {
        // Written from the string's own bytes: `status` and `due` print a megabyte at 10 000
        // open interviews, and each copy of it costs page faults.
        var text = text + "\n"
        text.withUTF8 { writeOut($0) }
    }

    /// All of `bytes` to stdout, however many writes that takes.
    private static func writeOut(_ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return  // a closed pipe (`followup due | head`): the rest has no reader
            }
            offset += written
        }
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data((Terminal.paint("followup:", .red, enabled: Terminal.colourErr) + " " + message + "\n").utf8))
    }

    /// What the command understood, when the user may want to check it.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data(("followup: note: " + message + "\n").utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data((Terminal.paint("followup: warning:", .yellow, enabled: Terminal.colourErr) + " " + message + "\n").utf8))
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
