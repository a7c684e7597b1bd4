import ArgumentParser
import FollowupCore
import Foundation

struct EncryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt",
        abstract: "Seal the synced log so that the git remote holds nothing readable.",
        discussion: """
            Each event is sealed on its own (ChaCha20-Poly1305) with a sync key kept in this store and \
            never synced; move the key to your other machines with 'followup key export' and \
            'followup key import'. See docs/encryption.md for what the remote can and cannot see.
            """,
        subcommands: [Enable.self, Status.self])

    struct Enable: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable", abstract: "Make a sync key and seal everything synced from now on.",
            discussion: "Example: followup encrypt enable && followup key export --out followup-key.json")

        @OptionGroup var storeOptions: StoreOptions

        func run(_ store: FollowupStore) throws {
            EncryptionNotice.started(try store.enableEncryption())
        }
    }

    struct Status: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Say whether sync is sealed, and with which keys.",
            discussion: "Example: followup encrypt status --json")

        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        func run(_ store: FollowupStore) throws {
            let keys = try store.syncKeys()
            if json {
                Console.out(JSONValue.object([
                    "encrypted": .bool(!keys.isEmpty),
                    "keys": .array(keys.map { .object(["id": .string($0.id), "created": .string(UTCTime.format(milliseconds: $0.createdMs))]) }),
                ]).prettyString)
            } else if keys.isEmpty {
                Console.out("sync is not encrypted: the remote can read the log; 'followup encrypt enable' seals it")
            } else {
                Console.out("sync is encrypted with \(keys.count) key\(keys.count == 1 ? "" : "s"); new events are sealed with \(keys.last!.id)")
                Console.out(EncryptionNotice.listing(keys))
            }
        }
    }
}
