import ArgumentParser
import FollowupCore
import Foundation
import ProgramSupport
#if canImport(Glibc)
import Glibc
#endif

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Move, rotate and list the keys that seal the synced log.",
        subcommands: [Export.self, Import.self, Rotate.self, List.self])

    struct Export: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write this store's sync keys, sealed with a passphrase (or --text: printable).",
            discussion: """
                The passphrase is asked for at the terminal, or read from --passphrase-file or $FOLLOWUP_PASSPHRASE. \
                The --text form is not protected: keep it like a paper recovery code.
                Examples:
                  followup key export --out followup-key.json
                  followup key export --text
                """)

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: ArgumentHelp("Write to FILE (created, never overwritten) instead of stdout.", valueName: "FILE"))
        var out: String?
        @Flag(help: "The printable form, one line per key, not protected by a passphrase.") var text = false
        @Option(help: ArgumentHelp("Read the passphrase from the first line of FILE.", valueName: "FILE"))
        var passphraseFile: String?

        func run(_ store: FollowupStore) throws {
            let keys = try store.syncKeys()
            guard !keys.isEmpty else {
                throw StoreError.invalidInput("this store has no sync key to export; 'followup encrypt enable' makes one")
            }
            let content = text ? KeyTransfer.text(keys)
                : try KeyTransfer.file(keys, passphrase: Passphrase.read(file: passphraseFile, confirm: true))
            guard let out else {
                FileHandle.standardOutput.write(Data(content.utf8))
                return
            }
            let descriptor = Glibc.open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw StoreError.invalidInput(errno == EEXIST ? "\(out) exists already; choose another file (nothing was written)"
                                              : "cannot create \(out): \(String(cString: strerror(errno)))")
            }
            let bytes = Array(content.utf8)
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            let synced = fsync(descriptor) == 0
            Glibc.close(descriptor)
            guard written == bytes.count, synced else {
                unlink(out)
                throw StoreError.invalidInput("cannot write \(out) (\(String(cString: strerror(errno)))); nothing was written")
            }
            Console.out("wrote \(keys.count) key\(keys.count == 1 ? "" : "s") to \(out); import on another machine with 'followup key import \(out)'")
        }
    }

    struct Import: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Add sync keys exported on another machine (a key file, or the printed form).",
            discussion: """
                A store that synced in plain text starts encrypting; its plain-text sync repository is set aside. \
                Keys already held are left as they are.
                Examples:
                  followup key import followup-key.json
                  followup key import - < printed-key.txt
                """)

        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The key file, or - for stdin.") var file: String
        @Option(help: ArgumentHelp("Read the passphrase from the first line of FILE.", valueName: "FILE"))
        var passphraseFile: String?

        func run(_ store: FollowupStore) throws {
            let input = try TextInput.read(file, maximumBytes: 1 << 20) { _ in "cannot read the key file \(file); check the path" }
            let keys = KeyTransfer.isFile(input)
                ? try KeyTransfer.keys(fromFile: input, passphrase: Passphrase.read(file: passphraseFile, confirm: false))
                : try KeyTransfer.keys(fromText: input)
            let report = try store.importSyncKeys(keys)
            Console.out("imported \(report.added.count) key\(report.added.count == 1 ? "" : "s")"
                        + (report.alreadyHeld > 0 ? " (\(report.alreadyHeld) already held)" : ""))
            if report.enabledEncryption, let newest = try store.syncKeys().last {
                EncryptCommand.reportEnabled(key: newest, setAside: report.setAside, store: store, imported: true)
            }
        }
    }

    struct Rotate: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate", abstract: "Make a new key that seals this machine's events from its next sync on.",
            discussion: """
                Old keys are kept to open what they sealed. Export the new key to your other machines.
                Example: followup key rotate && followup key export --out followup-key.json
                """)

        @OptionGroup var storeOptions: StoreOptions

        func run(_ store: FollowupStore) throws {
            let key = try store.rotateSyncKey()
            Console.out("new events are sealed with key \(key.id) from the next sync on; "
                        + "give it to your other machines with 'followup key export --out FILE'")
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the sync keys (ids only).", discussion: "Example: followup key list")

        @OptionGroup var storeOptions: StoreOptions

        func run(_ store: FollowupStore) throws {
            let keys = try store.syncKeys()
            Console.out(keys.isEmpty ? "no sync keys: sync is not encrypted" : KeyCommand.listing(keys))
        }
    }

    static func listing(_ keys: [SyncKey]) -> String {
        keys.enumerated().map { index, key in
            "\(key.id)\tcreated \(UTCTime.format(milliseconds: key.createdMs))" + (index == keys.count - 1 ? "\tseals new events" : "")
        }.joined(separator: "\n")
    }
}

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
