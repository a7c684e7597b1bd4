import ArgumentParser
import FollowupCore
import Foundation
import ProgramSupport

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
            do {
                let export = try store.exportSyncKeys(passphrase: text ? nil : { try Passphrase.read(file: passphraseFile, confirm: true) })
                guard let out else {
                    FileHandle.standardOutput.write(Data(export.content.utf8))
                    return
                }
                try KeyTransfer.writeNewFile(export.content, at: out)
                Console.out("wrote \(export.count) key\(export.count == 1 ? "" : "s") to \(out); import on another machine with 'followup key import \(out)'")
            } catch let error as KeyExportError {
                throw StoreError.invalidInput(Self.message(for: error))
            }
        }

        /// The command line's words for an export the core refused.
        static func message(for error: KeyExportError) -> String {
            switch error {
            case .noKeys: "this store has no sync key to export; 'followup encrypt enable' makes one"
            case .fileExists(let path): "\(path) exists already; choose another file (nothing was written)"
            case .cannotCreate(let path, let reason): "cannot create \(path): \(reason)"
            case .cannotWrite(let path, let reason): "cannot write \(path) (\(reason)); nothing was written"
            }
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
            let keys = try KeyTransfer.keys(from: input) { try Passphrase.read(file: passphraseFile, confirm: false) }
            let report = try store.importSyncKeys(keys)
            Console.out("imported \(report.added.count) key\(report.added.count == 1 ? "" : "s")"
                        + (report.alreadyHeld > 0 ? " (\(report.alreadyHeld) already held)" : ""))
            if let start = report.started { EncryptionNotice.started(start, imported: true) }
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
            Console.out(keys.isEmpty ? "no sync keys: sync is not encrypted" : EncryptionNotice.listing(keys))
        }
    }
}
