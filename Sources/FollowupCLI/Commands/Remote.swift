import ArgumentParser
import FollowupCore
import Foundation

struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote",
        abstract: "Manage the git remotes this store syncs with (kept on this machine only).",
        discussion: """
            URLs, as for git: a path or file://, git://, ssh://[user@]host[:port]/path or [user@]host:path \
            (through your ssh client and its ~/.ssh/config, keys and agent, as git push), https://[user@]host/path \
            (the password from git's credential.helper, as git push; FOLLOWUP_HTTPS_TOKEN overrides it). \
            Credentials are never stored here.
            """,
        subcommands: [Add.self, List.self, Remove.self, SetURL.self])

    struct Add: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a remote.",
            discussion: "Example: followup remote add origin ssh://me@nas.local/srv/git/followup.git")

        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "A name, like origin.") var name: String
        @Argument(help: "The remote's URL or path.") var url: String

        func run(_ store: FollowupStore) throws {
            let remote = try store.addRemote(name, url: url)
            Console.out(RemoteCommand.line(remote))
            if remote.pathIsMissing {
                Console.warning("\(remote.url) does not exist yet; create the repository there (git init --bare \(remote.url)) before syncing")
            }
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the remotes.", discussion: "Example: followup remote list")

        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        func run(_ store: FollowupStore) throws {
            let remotes = try store.remotes()
            if json {
                Console.out(JSONValue.array(remotes.map { .object(["name": .string($0.name), "url": .string($0.url)]) }).prettyString)
            } else if remotes.isEmpty {
                Console.out("no remotes; add one with 'followup remote add origin URL'")
            } else {
                Console.out(remotes.map(RemoteCommand.line).joined(separator: "\n"))
            }
        }
    }

    struct Remove: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Forget a remote (the remote itself is untouched).",
            discussion: "Example: followup remote remove origin")

        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The remote's name.") var name: String

        func run(_ store: FollowupStore) throws { try store.removeRemote(name) }
    }

    struct SetURL: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-url", abstract: "Change a remote's URL.",
            discussion: "Example: followup remote set-url origin https://git.example.com/me/followup.git")

        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The remote's name.") var name: String
        @Argument(help: "The new URL or path.") var url: String

        func run(_ store: FollowupStore) throws {
            let remote = try store.setRemoteURL(name, url: url)
            Console.out(RemoteCommand.line(remote))
        }
    }

    /// A remote as every remote command prints it: name, a tab, the URL.
    static func line(_ remote: SyncRemote) -> String { "\(remote.name)\t\(remote.url)" }
}
