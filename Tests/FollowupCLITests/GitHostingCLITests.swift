import Foundation
import GitTestSupport
import Testing

/// Makes the hosting set-up of GitHostingCLITests once for the suite; it is stopped (and its
/// accounts deleted) when the suite ends.
struct SharedHosting: SuiteTrait, TestScoping {
    @TaskLocal static var account: OpenSSHSetupCLITests.Account?

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let account = try OpenSSHSetupCLITests.Account(.sshHosting)
        try await Self.$account.withValue(account) { try await function() }
    }
}

/// `followup sync` against git hosting as servers run it: an account whose login shell is
/// git-shell, and gitolite3 (Debian's package) deciding by key who may read and write.
///
/// The set-up (an sshd with ed25519, ecdsa and rsa host keys, three accounts, `gitolite setup`)
/// takes seconds, so the suite makes it once and each test uses its own repositories and stores.
/// As in OpenSSHSetupCLITests, every test first proves the set-up with the git CLI, then runs
/// followup as the user's account with no FOLLOWUP_* variable but the store's location.
@Suite("sync through git-shell and gitolite3 accounts", .serialized, SharedHosting())
struct GitHostingCLITests {
    typealias Account = OpenSSHSetupCLITests.Account

    static func hosting() throws -> Account {
        try #require(SharedHosting.account, "the suite's hosting set-up is missing")
    }

    /// The name of the account ssh-hosting.sh made for `kind` (git-shell, gitolite).
    static func serverAccount(_ account: Account, _ kind: String) throws -> String {
        try String(contentsOfFile: account.server.base + "/account-\(kind)", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("an account whose login shell is git-shell serves git and followup sync, and refuses any other command")
    func gitShell() throws {
        let account = try Self.hosting()
        // The sshd offers all three host-key types; the user's known_hosts (ssh-keyscan -H) holds each.
        let knownHosts = try String(contentsOfFile: account.home + "/.ssh/known_hosts", encoding: .utf8)
        let keyTypes = Set(knownHosts.split(separator: "\n").compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) })
        #expect(keyTypes == ["ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"], "\(knownHosts)")

        let owner = try Self.serverAccount(account, "git-shell")
        let repository = account.server.base + "/git-shell/repos/followup.git"
        try Shell.run(["git", "init", "-q", "--bare", repository])
        try Shell.run(["chown", "-R", owner + ":", repository])
        // The account really is git-shell's: a command other than git's is refused.
        let shell = try account.run(["ssh", "gitshell", "echo", "hello"])
        #expect(shell.status != 0 && shell.stderr.contains("unrecognized command 'echo hello'"), "\(shell.stderr)")

        let url = "gitshell:repos/followup.git"  // relative to the git-shell account's home, as git allows
        try account.gitPushes(to: url)
        try account.gitClones(url, branch: "proof")
        try account.twoStores(url: url, prefix: "shell-")
        try account.expectConvergence(prefix: "shell-")
        #expect(!(try OpenSSHSetupCLITests.git(repository, "log", "--format=%s", "followup")).isEmpty)
    }

    @Test("gitolite3: a key with RW+ in gitolite.conf clones and pushes with git, and two stores converge through it")
    func gitoliteReadWrite() throws {
        let account = try Self.hosting()
        let url = "gitolite:followup"  // gitolite names repositories without a path
        try account.gitPushes(to: url)
        try account.gitClones(url, branch: "proof")
        try account.twoStores(url: url, prefix: "gitolite-")
        try account.expectConvergence(prefix: "gitolite-")
        let served = account.server.base + "/gitolite/repositories/followup.git"
        #expect(!(try OpenSSHSetupCLITests.git(served, "log", "--format=%s", "followup")).isEmpty)
    }

    @Test("gitolite3: a push with a read-only key, or a fetch with no access, fails in one line with gitolite's reason, leaving the store and the remote as they were")
    func gitoliteRefusesReader() throws {
        let account = try Self.hosting()
        let writer = "gitolite:readonly", reader = "gitolite-reader:readonly"
        try account.gitPushes(to: writer)
        // The reader's key reads (R) but may not write: git shows gitolite's refusal.
        let clone = try account.gitClones(reader, branch: "proof")
        let denied = try account.run(["git", "-C", clone, "push", "-q", "origin", "origin/proof:refs/heads/reader"])
        #expect(denied.status != 0 && denied.stderr.contains("DENIED by fallthru"), "\(denied.stderr)")

        try account.expectSuccess(try account.followup("reader", "init", "--device", "reader"))
        try account.expectSuccess(try account.followup("reader", "remote", "add", "origin", reader))
        try account.expectSuccess(try account.followup("reader", "interview", "add", "acme", "--company", "Acme", "--role", "Eng", "--at", "1d ago"))
        let served = account.server.base + "/gitolite/repositories/readonly.git"
        let before = try account.followup("reader", "export").stdout
        let refsBefore = try OpenSSHSetupCLITests.git(served, "for-each-ref")

        let refused = try account.followup("reader", "sync")
        #expect(refused.status == 77)
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("FATAL: W any readonly reader DENIED by fallthru"), "\(refused.stderr)")
        #expect(refused.stderr.contains("write access"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("GIT_ERROR"), "\(refused.stderr)")
        #expect(try account.followup("reader", "export").stdout == before)
        #expect(try OpenSSHSetupCLITests.git(served, "for-each-ref") == refsBefore)

        // A repository the key may not even read: the refusal names reading.
        try account.expectSuccess(try account.followup("reader", "remote", "set-url", "origin", "gitolite-reader:followup"))
        let unreadable = try account.followup("reader", "sync")
        #expect(unreadable.status == 77)
        #expect(unreadable.stderr.split(separator: "\n").count == 1, "\(unreadable.stderr)")
        #expect(unreadable.stderr.contains("does not let you read"), "\(unreadable.stderr)")
        #expect(unreadable.stderr.contains("FATAL: R any followup reader DENIED by fallthru"), "\(unreadable.stderr)")
        #expect(try account.followup("reader", "export").stdout == before)
    }
}
