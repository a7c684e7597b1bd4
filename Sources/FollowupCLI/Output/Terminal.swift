import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the terminal can show: colour only on a terminal when `NO_COLOR` is unset and `TERM` is
/// not `dumb` (https://no-color.org); its size for wrapping and paging. Nothing here runs until
/// a command prints a table, so start-up pays nothing.
enum Terminal {
    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", cyan = "36"
    }

    static let colourOut = wantsColour(STDOUT_FILENO)
    static let colourErr = wantsColour(STDERR_FILENO)

    static func wantsColour(_ descriptor: Int32) -> Bool {
        guard isatty(descriptor) == 1 else { return false }
        if let noColour = getenv("NO_COLOR"), noColour.pointee != 0 { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return true
    }

    /// Rows and columns of the terminal on stdout, or nil when stdout is not a terminal.
    static func size() -> (rows: Int, columns: Int)? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_row), Int(size.ws_col))
    }

    static func paint(_ text: String, _ style: Style?, enabled: Bool = colourOut) -> String {
        guard enabled, let style, !text.isEmpty else { return text }
        return "\u{1B}[\(style.rawValue)m" + text + "\u{1B}[0m"
    }
}

/// Shows long output through `$PAGER` (default `less`, with `LESS=FRX` unless set) when stdout
/// is a terminal and the text does not fit on the screen, as git does.
enum Pager {
    static func show(_ text: String) {
        guard let size = Terminal.size(), text.count(where: { $0 == "\n" }) + 1 >= size.rows else {
            Console.out(text)
            return
        }
        let pager = getenv("PAGER").map { String(cString: $0) } ?? "less"
        guard !pager.trimmingSpaces().isEmpty, pager != "cat" else {
            Console.out(text)
            return
        }
        setenv("LESS", "FRX", 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", pager]
        let input = Pipe()
        process.standardInput = input
        do { try process.run() } catch {
            Console.out(text)
            return
        }
        // Quitting the pager early closes the pipe: that is not an error.
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data((text + "\n").utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
