import FollowupCore
import Foundation
import ProgramSupport
#if canImport(Glibc)
import Glibc
#endif

/// Where a passphrase comes from: --passphrase-file, $FOLLOWUP_PASSPHRASE, or the terminal.
enum Passphrase {
    static func read(file: String?, confirm: Bool) throws -> String {
        if let file {
            let text = try TextInput.read(file, maximumBytes: 64 << 10) { _ in "cannot read the passphrase file \(file); check the path" }
            return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        }
        if let value = getenv("FOLLOWUP_PASSPHRASE") { return String(cString: value) }
        guard let first = prompt("passphrase: ") else {
            throw StoreError.invalidInput("a passphrase is needed: run at a terminal, or set FOLLOWUP_PASSPHRASE, or pass --passphrase-file FILE")
        }
        if confirm, prompt("passphrase again: ") != first {
            throw StoreError.invalidInput("the two passphrases differ; nothing was written")
        }
        return first
    }

    /// Reads a line from the terminal with echo off; nil when not run at a terminal.
    private static func prompt(_ label: String) -> String? {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        let tty = Glibc.open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { Glibc.close(tty) }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        _ = label.withCString { Glibc.write(tty, $0, strlen($0)) }
        tcsetattr(tty, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(tty, TCSAFLUSH, &saved)
            _ = Glibc.write(tty, "\n", 1)
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(tty, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
