import Foundation
import GitKit
import GitTestSupport
import Testing

/// How an ssh remote becomes the command git would run for it.
@Suite("ssh command lines, as git builds them")
struct SSHCommandTests {
    @Test("URL forms split into user, host, port and path as git splits them", arguments: [
        ("mynas:/srv/log.git", SSHAddress(user: nil, host: "mynas", port: nil, path: "/srv/log.git")),
        ("me@mynas:log.git", SSHAddress(user: "me", host: "mynas", port: nil, path: "log.git")),
        ("mynas:~/log.git", SSHAddress(user: nil, host: "mynas", port: nil, path: "~/log.git")),
        ("[::1]:srv/log.git", SSHAddress(user: nil, host: "::1", port: nil, path: "srv/log.git")),
        ("ssh://mynas/srv/log.git", SSHAddress(user: nil, host: "mynas", port: nil, path: "/srv/log.git")),
        ("ssh://git@example.com:2222/me/log.git", SSHAddress(user: "git", host: "example.com", port: 2222, path: "/me/log.git")),
        ("ssh://[::1]:22/x.git", SSHAddress(user: nil, host: "::1", port: 22, path: "/x.git")),
        ("ssh://host/~me/log.git", SSHAddress(user: nil, host: "host", port: nil, path: "~me/log.git")),
        ("git+ssh://host/a%20b.git", SSHAddress(user: nil, host: "host", port: nil, path: "/a b.git")),
    ])
    func parses(url: String, expected: SSHAddress) {
        #expect(SSHAddress(url: url) == expected)
    }

    @Test("paths and other schemes are not ssh remotes", arguments: [
        "/srv/log.git", "./a:b", "https://example.com/x.git", "git://host/x.git", "host:", "ssh://host", "ssh://host:99999/x",
    ])
    func notSSH(url: String) {
        #expect(SSHAddress(url: url) == nil)
    }

    @Test("OpenSSH gets -p, and BatchMode only when there is no terminal; the path is quoted for the remote shell")
    func openSSHArguments() throws {
        let address = SSHAddress(user: nil, host: "mynas", port: 2222, path: "/srv/it's!.git")
        let atTerminal = SSHCommand(command: "/usr/bin/ssh", viaShell: false, variant: .ssh, origin: "PATH", batchMode: false)
        #expect(try atTerminal.arguments(for: address, service: "git-upload-pack")
            == ["/usr/bin/ssh", "-p", "2222", "mynas", #"git-upload-pack '/srv/it'\''s'\!'.git'"#])
        let unattended = SSHCommand(command: "/usr/bin/ssh", viaShell: false, variant: .ssh, origin: "PATH", batchMode: true)
        #expect(try unattended.arguments(for: SSHAddress(user: "me", host: "h", port: nil, path: "x.git"), service: "git-receive-pack")
            == ["/usr/bin/ssh", "-o", "BatchMode=yes", "me@h", "git-receive-pack 'x.git'"])
    }

    @Test("a configured command line runs through the shell with the arguments appended, as git runs it")
    func shellCommand() throws {
        let command = try #require(SSHCommand.resolve(
            environment: ["GIT_SSH_COMMAND": "ssh -i ~/.ssh/other", "PATH": "/usr/bin:/bin"], hasTerminal: true))
        #expect(command.origin == "GIT_SSH_COMMAND")
        #expect(try command.arguments(for: SSHAddress(user: nil, host: "h", port: nil, path: "x"), service: "git-upload-pack")
            == ["/bin/sh", "-c", #"ssh -i ~/.ssh/other "$@""#, "ssh -i ~/.ssh/other", "h", "git-upload-pack 'x'"])
    }

    @Test("GIT_SSH_COMMAND, then core.sshCommand, then GIT_SSH, then ssh on PATH")
    func precedence() throws {
        let config: (String) -> String? = { $0 == "core.sshCommand" ? "ssh -F /cfg" : nil }
        #expect(SSHCommand.resolve(environment: ["GIT_SSH_COMMAND": "a", "GIT_SSH": "c"], configuration: config)?.origin == "GIT_SSH_COMMAND")
        #expect(SSHCommand.resolve(environment: ["GIT_SSH": "c"], configuration: config)?.origin == "core.sshCommand")
        let plink = try #require(SSHCommand.resolve(environment: ["GIT_SSH": "/opt/plink"]))
        #expect(plink.origin == "GIT_SSH" && plink.variant == .plink && !plink.viaShell)
        #expect(try plink.arguments(for: SSHAddress(user: nil, host: "h", port: 22, path: "x"), service: "git-upload-pack")
            == ["/opt/plink", "-P", "22", "h", "git-upload-pack 'x'"])
        #expect(SSHCommand.resolve(environment: ["PATH": "/usr/bin"])?.command == "/usr/bin/ssh")
        #expect(SSHCommand.resolve(environment: ["PATH": "/nonexistent"]) == nil, "no ssh program: libssh2 is the fallback")
    }

    @Test("a host or path that ssh would read as an option is refused, as git refuses it")
    func strangeNames() {
        let command = SSHCommand(command: "ssh", viaShell: false, variant: .ssh, origin: "PATH", batchMode: false)
        #expect(throws: SSHCommand.Refusal.self) {
            try command.arguments(for: SSHAddress(user: nil, host: "-oProxyCommand=touch /tmp/x", port: nil, path: "x"), service: "git-upload-pack")
        }
        let simple = SSHCommand(command: "mine", viaShell: false, variant: .simple, origin: "GIT_SSH", batchMode: false)
        #expect(throws: SSHCommand.Refusal.self) {
            try simple.arguments(for: SSHAddress(user: nil, host: "h", port: 22, path: "x"), service: "git-upload-pack")
        }
    }

    @Test("with a control path, OpenSSH gets ControlMaster=auto, the quoted path and ControlPersist; plink gets none of them")
    func controlOptions() throws {
        var ssh = SSHCommand(command: "/usr/bin/ssh", viaShell: false, variant: .ssh, origin: "PATH", batchMode: false)
        ssh.controlPath = "/tmp/a b/%C"
        #expect(try ssh.arguments(for: SSHAddress(user: nil, host: "h", port: 22, path: "x"), service: "git-upload-pack")
            == ["/usr/bin/ssh", "-o", "ControlMaster=auto", "-o", #"ControlPath="/tmp/a b/%C""#, "-o", "ControlPersist=30",
                "-p", "22", "h", "git-upload-pack 'x'"])
        var plink = SSHCommand(command: "/opt/plink", viaShell: false, variant: .plink, origin: "GIT_SSH", batchMode: false)
        plink.controlPath = "/tmp/a b/%C"
        #expect(try plink.arguments(for: SSHAddress(user: nil, host: "h", port: 22, path: "x"), service: "git-upload-pack")
            == ["/opt/plink", "-P", "22", "h", "git-upload-pack 'x'"])
    }

    @Test("a sync's connections share a login only through OpenSSH's ssh whose configuration has no ControlMaster or ControlPath of its own")
    func sharingOnlyWhereItChangesNothing() throws {
        let scratch = TestEnvironment.shared.root + "/sharing-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        func command(_ line: String, variant: SSHCommand.Variant = .ssh) -> SSHTransport {
            .openSSH(SSHCommand(command: line, viaShell: true, variant: variant, origin: "GIT_SSH_COMMAND", batchMode: true))
        }
        // -F: the test's own configuration, not the machine's user's.
        try "".write(toFile: scratch + "/plain", atomically: true, encoding: .utf8)
        try "Host *\n    ControlMaster auto\n    ControlPath ~/.ssh/cm-%C\n".write(toFile: scratch + "/own", atomically: true, encoding: .utf8)
        try "Host *\n    ControlPath ~/.ssh/cm-%C\n".write(toFile: scratch + "/pathOnly", atomically: true, encoding: .utf8)

        let sharing = try #require(SSHConnectionSharing.begin(for: command("ssh -F \(scratch)/plain"), url: "mynas:log.git"))
        guard case let .openSSH(shared) = sharing.transport else { Issue.record("not OpenSSH"); return }
        #expect(shared.controlPath == sharing.directory + "/%C")
        #expect(shared.description.contains("ControlMaster"))
        #expect(sharing.applies)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: sharing.directory)[.posixPermissions] as? Int)
        #expect(mode == 0o700)
        sharing.end()
        #expect(!FileManager.default.fileExists(atPath: sharing.directory))

        for own in ["own", "pathOnly"] {
            let declined = try #require(SSHConnectionSharing.begin(for: command("ssh -F \(scratch)/\(own)"), url: "mynas:log.git"))
            #expect(!declined.applies, "\(own)")
            declined.end()
        }
        #expect(SSHConnectionSharing.begin(for: command("\(scratch)/wrapper.sh"), url: "mynas:log.git") == nil)
        #expect(SSHConnectionSharing.begin(for: command("plink", variant: .plink), url: "mynas:log.git") == nil)
        #expect(SSHConnectionSharing.begin(for: .libssh2, url: "mynas:log.git") == nil)
        #expect(SSHConnectionSharing.begin(for: command("ssh -F \(scratch)/plain"), url: "/srv/log.git") == nil)
    }
}
