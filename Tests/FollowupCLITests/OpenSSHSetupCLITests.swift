import Foundation
import GitTestSupport
import Testing

/// `followup sync` against ssh set-ups as users have them, through the system's ssh client.
///
/// Each test gets its own sshd and its own account (OpenSSH reads ~/.ssh from the account's
/// passwd home, not from $HOME), proves first that the git CLI works with the set-up, then runs
/// followup as that account with no FOLLOWUP_* variable but the store's location.
@Suite("sync through the user's own ssh set-up", .serialized)
struct OpenSSHSetupCLITests {
    /// An account with `Host mynas` in its ~/.ssh/config and an sshd that knows its RSA key.
    final class Account: Sendable {
        let server: GitServer
        let name: String
        let home: String

        /// `kind` is `.sshAccount`, or `.sshHosting` for the git-shell and gitolite accounts beside it.
        init(_ kind: GitServer.Kind = .sshAccount) throws {
            server = try GitServer(kind)
            name = try #require(server.account)
            home = server.base + "/home"
        }

        deinit { server.stop() }

        struct Result {
            var status: Int32
            var stdout: String
            var stderr: String
        }

        /// Runs `command` as the account, with only the environment a login would give it plus `extra`.
        func run(_ command: [String], _ extra: [String: String] = [:]) throws -> Result {
            var environment = ["HOME": home, "USER": name, "LOGNAME": name, "PATH": "/usr/bin:/bin", "TZ": "UTC"]
            for (key, value) in extra { environment[key] = value }
            // runuser with env -i: nothing of the test process's environment (its HOME, SSH_AUTH_SOCK) leaks in.
            let result = try Shell.capture(
                ["runuser", "-u", name, "--", "/usr/bin/env", "-i", "--chdir=" + home]
                    + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + command)
            return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
        }

        /// `followup ARGUMENTS…` as the account, on the store `store` in its home.
        func followup(_ store: String, _ arguments: String..., environment: [String: String] = [:]) throws -> Result {
            var extra = environment
            extra["FOLLOWUP_HOME"] = home + "/" + store
            return try run([CLI.executable.path] + arguments, extra)
        }

        /// Proves the set-up with the git CLI: a commit pushed to `url` and read back by `git ls-remote`.
        func gitPushes(to url: String, environment: [String: String] = [:]) throws {
            let work = "work-\(UUID().uuidString.prefix(8))"
            let steps = [
                ["git", "init", "-q", work],
                ["git", "-C", work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "proof"],
                ["git", "-C", work, "push", "-q", url, "HEAD:refs/heads/proof"],
            ]
            for step in steps {
                let result = try run(step, environment)
                try #require(result.status == 0, "\(step.joined(separator: " ")): \(result.stderr)")
            }
            let listed = try run(["git", "ls-remote", url, "refs/heads/proof"], environment)
            let head = try run(["git", "-C", work, "rev-parse", "HEAD"])
            #expect(listed.stdout.hasPrefix(head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)),
                    "git ls-remote: \(listed.stdout) \(listed.stderr)")
        }

        /// Proves reading with the git CLI: a clone of `url` holds `branch`. Returns the clone's directory in the home.
        @discardableResult
        func gitClones(_ url: String, branch: String, environment: [String: String] = [:]) throws -> String {
            let clone = "clone-\(UUID().uuidString.prefix(8))"
            let cloned = try run(["git", "clone", "-q", url, clone], environment)
            try #require(cloned.status == 0, "git clone \(url): \(cloned.stderr)")
            let branches = try run(["git", "-C", clone, "branch", "-r"])
            #expect(branches.stdout.contains("origin/\(branch)"), "git branch -r: \(branches.stdout)")
            return clone
        }

        /// Two stores of this account (`prefix` + laptop, desktop), each with `url` as origin; the first holds an interview.
        func twoStores(url: String, prefix: String = "") throws {
            for device in ["laptop", "desktop"] {
                try expectSuccess(try followup(prefix + device, "init", "--device", device))
                try expectSuccess(try followup(prefix + device, "remote", "add", "origin", url))
            }
            try expectSuccess(try followup(prefix + "laptop", "interview", "add", "acme", "--company", "Acme", "--role", "Eng", "--at", "1d ago"))
        }

        /// Syncs laptop, desktop (which adds its own interview), laptop again, and checks both stores hold the same events.
        func expectConvergence(environment: [String: String] = [:], prefix: String = "") throws {
            let laptop = prefix + "laptop", desktop = prefix + "desktop"
            let sent = try followup(laptop, "sync", environment: environment)
            try expectSuccess(sent)
            #expect(sent.stdout.contains("sent 2, received 0"), "\(sent.stdout)")
            try expectSuccess(try followup(desktop, "interview", "add", "globex", "--company", "Globex", "--role", "Eng", "--at", "2h ago"))
            let both = try followup(desktop, "sync", environment: environment)
            try expectSuccess(both)
            #expect(both.stdout.contains("sent 2, received 2"), "\(both.stdout)")
            let back = try followup(laptop, "sync", environment: environment)
            try expectSuccess(back)
            #expect(back.stdout.contains("received 2"), "\(back.stdout)")
            let laptopEvents = try followup(laptop, "export")
            let desktopEvents = try followup(desktop, "export")
            #expect(!laptopEvents.stdout.isEmpty && laptopEvents.stdout == desktopEvents.stdout)
        }

        /// The sshd's port, as the account's ~/.ssh/config names it for the alias.
        func port() throws -> String {
            try #require(try String(contentsOfFile: home + "/.ssh/config", encoding: .utf8)
                .split(separator: "\n").first { $0.contains("Port ") }?.split(separator: " ").last.map(String.init))
        }

        /// Makes known_hosts hold another server's ed25519 key for the sshd's address, so that
        /// ssh meets the real key as a changed one.
        func recordImpostorHostKey() throws {
            let impostor = server.base + "/impostor_ed25519"
            try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", impostor])
            let line = "[127.0.0.1]:\(try port()) " + (try String(contentsOfFile: impostor + ".pub", encoding: .utf8))
                .split(separator: " ").prefix(2).joined(separator: " ") + "\n"
            try line.write(toFile: home + "/.ssh/known_hosts", atomically: true, encoding: .utf8)
            try Shell.run(["chown", name + ":", home + "/.ssh/known_hosts"])
        }

        /// An executable script in the home that runs the shell line `first`, then ssh with its
        /// arguments: a wrapper that leaves a mark, as a user's own ssh command may be.
        func sshWrapper(_ file: String, first: String) throws -> String {
            let script = home + "/" + file
            try "#!/bin/sh\n\(first)\nexec ssh \"$@\"\n".write(toFile: script, atomically: true, encoding: .utf8)
            chmod(script, 0o755)
            try Shell.run(["chown", name + ":", script])
            return script
        }

        /// A repository on the account's sshd, proven with the git CLI, and two stores with it as origin (twoStores).
        @discardableResult
        func repositoryWithTwoStores() throws -> (path: String, url: String) {
            let repository = try server.createRepository("followup")
            try gitPushes(to: repository.url)
            try twoStores(url: repository.url)
            return repository
        }

        /// Syncs the desktop and checks that it then holds exactly the laptop's events.
        func expectDesktopCatchesUp(sourceLocation: SourceLocation = #_sourceLocation) throws {
            let laptop = try followup("laptop", "export").stdout
            try expectSuccess(try followup("desktop", "sync"), sourceLocation: sourceLocation)
            #expect(try followup("desktop", "export").stdout == laptop, sourceLocation: sourceLocation)
        }

        func expectSuccess(_ result: Result, sourceLocation: SourceLocation = #_sourceLocation) throws {
            try #require(result.status == 0, "status \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        }
    }

    /// git as root on the account's repository (which git would otherwise refuse as another user's).
    static func git(_ repository: String, _ arguments: String...) throws -> String {
        try Shell.run(["git", "-c", "safe.directory=*", "-C", repository] + arguments)
    }

    @Test("an scp-like URL through a ~/.ssh/config alias (HostName, Port, User, RSA IdentityFile) works as for git push")
    func scpLikeAlias() throws {
        let account = try Account()
        let repository = try account.server.createRepository("followup")
        let url = repository.url  // mynas:/…/repos/followup.git
        #expect(url.hasPrefix("mynas:/"))
        try account.gitPushes(to: url)
        try account.twoStores(url: url)
        try account.expectConvergence()
        let verbose = try account.followup("laptop", "sync", "--verbose")
        try account.expectSuccess(verbose)
        #expect(verbose.stderr.contains("reached over ssh at mynas with OpenSSH client /usr/bin/ssh"), "\(verbose.stderr)")
        // The events really are on the server, in the branch git sees.
        let log = try Self.git(repository.path, "log", "--format=%s", "followup")
        #expect(!log.isEmpty)
    }

    @Test("ssh://mynas/path uses the alias too, and the user comes from ssh's config, not a default 'git'")
    func sshURLAlias() throws {
        let account = try Account()
        let repository = try account.server.createRepository("followup")
        let url = "ssh://mynas" + repository.path
        try account.gitPushes(to: url)
        try account.twoStores(url: url)
        try account.expectConvergence()
    }

    @Test("core.sshCommand from the user's ~/.gitconfig is the command run, and GIT_SSH_COMMAND overrides it")
    func configuredSSHCommand() throws {
        let account = try Account()
        let repository = try account.server.createRepository("followup")
        // Wrappers that leave a mark and then run ssh, so the test sees which one ran.
        for name in ["from-config", "from-environment"] {
            _ = try account.sshWrapper(name + ".sh", first: "echo ran >> \"$HOME/\(name).log\"")
        }
        try "[core]\n\tsshCommand = \(account.home)/from-config.sh\n".write(
            toFile: account.home + "/.gitconfig", atomically: true, encoding: .utf8)
        try Shell.run(["chown", "-R", account.name + ":", account.home])
        try account.gitPushes(to: repository.url)
        try account.twoStores(url: repository.url)
        try account.expectConvergence()
        let configured = try String(contentsOfFile: account.home + "/from-config.log", encoding: .utf8)
        // git's proof push and ls-remote (2), then followup: 3 syncs, each a fetch and at most one push.
        #expect(configured.split(separator: "\n").count >= 5, "\(configured)")

        let environment = ["GIT_SSH_COMMAND": account.home + "/from-environment.sh"]
        let verbose = try account.followup("laptop", "sync", "--verbose", environment: environment)
        try account.expectSuccess(verbose)
        #expect(verbose.stderr.contains("from GIT_SSH_COMMAND"), "\(verbose.stderr)")
        #expect(FileManager.default.fileExists(atPath: account.home + "/from-environment.log"))
    }

    @Test("a passphrase-protected ecdsa key works through ssh-agent, and without the agent the refusal says what to do")
    func agentWithLockedKey() throws {
        let account = try Account()
        let repository = try account.server.createRepository("followup")
        let key = account.home + "/.ssh/vault_ecdsa"
        let passphrase = "correct horse battery"
        try Shell.run(["ssh-keygen", "-q", "-t", "ecdsa", "-N", passphrase, "-C", "locked", "-f", key])
        // Only the locked key is authorized now: the account's RSA key is refused from here on.
        try FileManager.default.removeItem(atPath: account.home + "/.ssh/authorized_keys")
        try FileManager.default.copyItem(atPath: key + ".pub", toPath: account.home + "/.ssh/authorized_keys")
        let askpass = account.home + "/askpass.sh"
        try "#!/bin/sh\necho '\(passphrase)'\n".write(toFile: askpass, atomically: true, encoding: .utf8)
        chmod(askpass, 0o700)
        try Shell.run(["chown", "-R", account.name + ":", account.home])

        let socket = account.home + "/agent.sock"
        let started = try account.run(["ssh-agent", "-s", "-a", socket])
        try account.expectSuccess(started)
        let agentPID = try #require(started.stdout.split(separator: "\n").compactMap { line in
            line.hasPrefix("SSH_AGENT_PID=") ? Int32(line.dropFirst(14).prefix { $0.isNumber }) : nil
        }.first)
        defer { kill(agentPID, SIGTERM) }
        let agent = ["SSH_AUTH_SOCK": socket]
        let added = try account.run(["ssh-add", key], agent.merging(["SSH_ASKPASS": askpass, "SSH_ASKPASS_REQUIRE": "force"]) { $1 })
        try account.expectSuccess(added)

        let url = "ssh://\(account.name)@mynas" + repository.path
        try account.gitPushes(to: url, environment: agent)
        try account.twoStores(url: url)

        let locked = try account.followup("laptop", "sync")
        #expect(locked.status == 77)
        #expect(locked.stderr.split(separator: "\n").count == 1, "\(locked.stderr)")
        #expect(locked.stderr.contains("Permission denied (publickey)"), "\(locked.stderr)")
        #expect(locked.stderr.contains("ssh-agent (ssh-add)"), "\(locked.stderr)")
        #expect(!locked.stderr.contains("GIT_ERROR"))

        try account.expectConvergence(environment: agent)
    }

    @Test("an unknown and a changed host key each fail with one line naming what to do, and the store is left as it was")
    func hostKeys() throws {
        let account = try Account()
        let repository = try account.server.createRepository("followup")
        let port = try account.port()
        // known_hosts names the server [127.0.0.1]:port only: as localhost it is unknown.
        let unknown = "ssh://\(account.name)@localhost:\(port)" + repository.path
        try account.twoStores(url: unknown)
        let before = try account.followup("laptop", "export").stdout
        let refused = try account.followup("laptop", "sync")
        #expect(refused.status == 1)
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("is not in your known_hosts"), "\(refused.stderr)")
        #expect(refused.stderr.contains("ssh -p \(port) \(account.name)@localhost"), "\(refused.stderr)")
        #expect(try account.followup("laptop", "export").stdout == before)
        #expect(try Self.git(repository.path, "for-each-ref").isEmpty)

        // Another server key recorded for the address: ssh refuses the real one as changed.
        try account.recordImpostorHostKey()
        try account.expectSuccess(try account.followup("laptop", "remote", "set-url", "origin", "mynas:" + repository.path))
        let changed = try account.followup("laptop", "sync")
        #expect(changed.status == 1)
        #expect(changed.stderr.split(separator: "\n").count == 1, "\(changed.stderr)")
        #expect(changed.stderr.contains("has changed"), "\(changed.stderr)")
        #expect(changed.stderr.contains("SHA256:"), "\(changed.stderr)")
        #expect(changed.stderr.contains("ssh-keygen -f"), "\(changed.stderr)")
        #expect(try account.followup("laptop", "export").stdout == before)
        #expect(try Self.git(repository.path, "for-each-ref").isEmpty)
    }

    /// Logins the account's sshd has accepted so far (sshd logs each at LogLevel VERBOSE).
    static func logins(_ account: Account) throws -> Int {
        try String(contentsOfFile: account.server.base + "/sshd.log", encoding: .utf8)
            .components(separatedBy: "Accepted publickey for \(account.name) ").count - 1
    }

    /// The ssh processes the account runs now; exited ones (zombies, which only the machine's
    /// init reaps once their parent is gone) do not count.
    static func sshProcesses(_ account: Account) throws -> [String] {
        try Shell.capture(["ps", "-o", "pid=,stat=,args=", "-u", account.name]).stdout
            .split(separator: "\n").filter { line in
                line.contains("ssh") && !(line.split(separator: " ").dropFirst().first?.hasPrefix("Z") ?? false)
            }.map(String.init)
    }

    @Test("a sync that pushes straight away logs in once; one that is refused, fetches and pushes again twice, not three times (ControlMaster); no ssh is left behind")
    func oneLoginPerSync() throws {
        let account = try Account()
        try account.repositoryWithTwoStores()
        try account.expectSuccess(try account.followup("laptop", "sync"))
        try account.expectSuccess(try account.followup("desktop", "sync"))
        // The desktop's new interview reaches the remote first: the laptop's push is refused.
        try account.expectSuccess(try account.followup("desktop", "interview", "add", "globex", "--company", "Globex", "--role", "Eng", "--at", "2h ago"))
        // Pushed straight away, through the ssh started before the events were committed: one login.
        let first = try Self.logins(account)
        try account.expectSuccess(try account.followup("desktop", "sync"))
        let pushed = try Self.logins(account)
        #expect(pushed == first + 1, "logins: \(first) before, \(pushed) after")
        try account.expectSuccess(try account.followup("laptop", "interview", "add", "initech", "--company", "Initech", "--role", "Eng", "--at", "3h ago"))

        let before = try Self.logins(account)
        let turn = try account.followup("laptop", "sync", "--verbose")
        try account.expectSuccess(turn)
        #expect(turn.stdout.contains("received 2"), "\(turn.stdout)")
        #expect(turn.stderr.contains("connections after the first sharing one login (ControlMaster)"), "\(turn.stderr)")
        // The push straight away (refused), then the fetch, whose login the second push shares.
        let after = try Self.logins(account)
        #expect(after == before + 2, "logins: \(before) before, \(after) after")
        let left = try Self.sshProcesses(account)
        #expect(left.isEmpty, "\(left)")
        try account.expectDesktopCatchesUp()
    }

    @Test("the first ssh connection starts before followup-sync loads, as the last sync ran it, and only while that still holds")
    func firstConnectionStartedAhead() throws {
        let account = try Account()
        try account.repositoryWithTwoStores()
        let plan = account.home + "/laptop/sync-ssh-origin.json"
        let ahead = "sync: the first ssh connection was started by followup before this program loaded"

        // No plan yet: followup-sync starts ssh itself; the sync leaves the plan behind.
        let first = try account.followup("laptop", "sync", "--verbose")
        try account.expectSuccess(first)
        #expect(!first.stderr.contains(ahead), "\(first.stderr)")
        let written = try String(contentsOfFile: plan, encoding: .utf8)
        #expect(written.contains("git-receive-pack") && written.contains("git-upload-pack"), "\(written)")

        // With events to send, the connection started ahead is the push's, and it is the sync's only login.
        try account.expectSuccess(try account.followup("laptop", "log", "note", "acme", "--note", "called"))
        var before = try Self.logins(account)
        let push = try account.followup("laptop", "sync", "--verbose")
        try account.expectSuccess(push)
        #expect(push.stdout.contains("sent 1"), "\(push.stdout)")
        #expect(push.stderr.contains(ahead), "\(push.stderr)")
        #expect(try Self.logins(account) == before + 1)

        // With nothing to send, it is the fetch's: the desktop's events arrive through it.
        try account.expectSuccess(try account.followup("desktop", "sync"))
        try account.expectSuccess(try account.followup("desktop", "interview", "add", "globex", "--company", "Globex", "--role", "Eng", "--at", "2h ago"))
        try account.expectSuccess(try account.followup("desktop", "sync"))
        before = try Self.logins(account)
        let fetch = try account.followup("laptop", "sync", "--verbose")
        try account.expectSuccess(fetch)
        #expect(fetch.stdout.contains("received 2"), "\(fetch.stdout)")
        #expect(fetch.stderr.contains(ahead), "\(fetch.stderr)")
        #expect(try Self.logins(account) == before + 1)
        #expect(try Self.sshProcesses(account).isEmpty)

        // Another ssh command chosen (GIT_SSH_COMMAND): the plan no longer holds and is not used;
        // the sync works and plans with the new command, which the next sync starts ahead.
        let wrapper = try account.sshWrapper("wrapper.sh", first: "echo ran >> \"$HOME/wrapper.log\"")
        let environment = ["GIT_SSH_COMMAND": wrapper]
        let changed = try account.followup("laptop", "sync", "--verbose", environment: environment)
        try account.expectSuccess(changed)
        #expect(!changed.stderr.contains(ahead), "\(changed.stderr)")
        #expect(try String(contentsOfFile: plan, encoding: .utf8).contains("wrapper.sh"))
        let again = try account.followup("laptop", "sync", "--verbose", environment: environment)
        try account.expectSuccess(again)
        #expect(again.stderr.contains(ahead), "\(again.stderr)")
        #expect(try String(contentsOfFile: account.home + "/wrapper.log", encoding: .utf8).split(separator: "\n").count == 2)

        // A plan whose command line is not the one followup-sync works out: the connection it
        // started is stopped unused, followup-sync connects itself, and the plan is made right.
        // Both command lines get another ssh option in place of BatchMode: still a working command.
        let tampered = try String(contentsOfFile: plan, encoding: .utf8)
            .replacingOccurrences(of: "BatchMode=yes", with: "ConnectTimeout=9")
        #expect(tampered.contains("ConnectTimeout=9"))
        try tampered.write(toFile: plan, atomically: true, encoding: .utf8)
        try Shell.run(["chown", account.name + ":", plan])
        let mended = try account.followup("laptop", "sync", "--verbose", environment: environment)
        try account.expectSuccess(mended)
        #expect(!mended.stderr.contains(ahead), "\(mended.stderr)")
        #expect(!(try String(contentsOfFile: plan, encoding: .utf8)).contains("ConnectTimeout"))
        #expect(try Self.sshProcesses(account).isEmpty)
        try account.expectDesktopCatchesUp()

        // A removed remote leaves no plan behind.
        try account.expectSuccess(try account.followup("laptop", "remote", "remove", "origin"))
        #expect(!FileManager.default.fileExists(atPath: plan))
    }

    @Test("a url.<base>.insteadOf rewrite to an ssh alias reaches the rewritten host, for the connection started early too")
    func insteadOfOverSSH() throws {
        let account = try Account()
        let repository = try account.server.createRepository("followup")
        // The wrapper logs each command line it is given.
        let wrapper = try account.sshWrapper("logging-ssh.sh", first: "echo \"$*\" >> \"$HOME/ssh.log\"")
        try "[core]\n\tsshCommand = \(wrapper)\n[url \"mynas:\"]\n\tinsteadOf = nas:\n".write(
            toFile: account.home + "/.gitconfig", atomically: true, encoding: .utf8)
        try Shell.run(["chown", "-R", account.name + ":", account.home])
        let url = "nas:" + repository.path
        try account.gitPushes(to: url)
        try FileManager.default.removeItem(atPath: account.home + "/ssh.log")
        try account.twoStores(url: url)
        try account.expectConvergence()
        // Events waiting: the push's connection starts before the events are committed, and ahead of followup-sync.
        try account.expectSuccess(try account.followup("laptop", "log", "note", "acme", "--note", "called"))
        let sync = try account.followup("laptop", "sync", "--verbose")
        try account.expectSuccess(sync)
        #expect(sync.stdout.contains("sent 1"), "\(sync.stdout)")
        let lines = try String(contentsOfFile: account.home + "/ssh.log", encoding: .utf8).split(separator: "\n")
        #expect(lines.count >= 4, "\(lines)")
        #expect(lines.allSatisfy { $0.split(separator: " ").contains("mynas") && !$0.split(separator: " ").contains("nas") }, "\(lines)")
    }

    @Test("a ControlMaster of the user's own ~/.ssh/config is used as configured, not replaced")
    func usersOwnControlMaster() throws {
        let account = try Account()
        let repository = try account.server.createRepository("followup")
        // Appended to the config's last block, `Host mynas`; in /tmp, as the home's path is too long for a socket.
        let config = account.home + "/.ssh/config"
        let own = try String(contentsOfFile: config, encoding: .utf8)
            + "    ControlMaster auto\n    ControlPath /tmp/own-%C\n    ControlPersist 60\n"
        try own.write(toFile: config, atomically: true, encoding: .utf8)
        try Shell.run(["chown", account.name + ":", config])
        try account.gitPushes(to: repository.url)
        try account.twoStores(url: repository.url)
        let sync = try account.followup("laptop", "sync", "--verbose")
        try account.expectSuccess(sync)
        #expect(!sync.stderr.contains("ControlMaster"), "\(sync.stderr)")
        // The user's master lives on, as ControlPersist 60 asks.
        let check = try account.run(["ssh", "-O", "check", "mynas"])
        #expect(check.status == 0 && check.stderr.contains("Master running"), "\(check.stderr)")
        _ = try account.run(["ssh", "-O", "exit", "mynas"])
    }
}
