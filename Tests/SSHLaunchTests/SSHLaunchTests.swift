import Foundation
import SSHLaunch
import Testing

@Suite("starting ssh ahead of followup-sync", .serialized)  // SSHExits is one per process
struct SSHLaunchTests {
    @Test("a hand-off names the process, both descriptors and the exact command line, commas and quotes included")
    func handOffRoundTrip() throws {
        // sh runs cat; the words after the script are only carried along.
        let arguments = ["/bin/sh", "-c", "exec cat", "git-receive-pack '/srv/a,b \"c\"/log.git'", "é"]
        let child = try SSHChild.start(arguments)
        defer { child.cancel() }
        let handOff = SSHHandOff(child: child, arguments: arguments)
        let read = try #require(SSHHandOff(option: handOff.option))
        #expect(read.arguments == arguments)
        #expect(read.child.pid == child.pid && read.child.socket == child.socket && read.child.errors == child.errors)
        // The connection works: cat echoes what goes in.
        #expect(send(child.socket, "ping", 4, Int32(MSG_NOSIGNAL)) == 4)
        var answer = [UInt8](repeating: 0, count: 4)
        #expect(recv(child.socket, &answer, 4, Int32(MSG_WAITALL)) == 4)
        #expect(String(decoding: answer, as: UTF8.self) == "ping")
    }

    @Test("a hand-off naming a closed descriptor, a process that is not this one's child, or nothing readable is refused")
    func handOffRefused() throws {
        let child = try SSHChild.start(["/bin/cat"])
        defer { child.cancel() }
        let good = SSHHandOff(child: child, arguments: ["/bin/cat"]).option
        let parts = good.split(separator: ",", maxSplits: 3).map(String.init)
        let closed = try #require((200..<1000).first { fcntl(Int32($0), F_GETFD) < 0 })
        let notOurs = [String(1)] + parts.dropFirst()
        for option in [[parts[0], String(closed), parts[2], parts[3]], notOurs, [parts[0], parts[1], parts[2], "not base64!"],
                       [parts[0], parts[1], parts[1], parts[3]], ["", "", "", ""]] {
            #expect(SSHHandOff(option: option.joined(separator: ",")) == nil, "\(option)")
        }
        #expect(SSHHandOff(option: "") == nil)
        #expect(SSHHandOff(option: good) != nil)
    }

    @Test("an ssh whose connection is closed is left to end on its own and waited for at the program's end, never left a zombie")
    func exitsWaitedForLater() throws {
        // cat, like ssh, exits once its stdin ends.
        let first = try SSHChild.start(["/bin/cat"])
        close(first.socket)
        close(first.errors)
        SSHExits.waitLater(first.pid)
        // Until waited for, the process is still this program's child.
        var info = siginfo_t()
        #expect(waitid(P_PID, id_t(first.pid), &info, WEXITED | WNOWAIT) == 0)
        // It has ended: the next connection collects it before starting.
        let second = try SSHChild.start(["/bin/cat"])
        var status: Int32 = 0
        #expect(waitpid(first.pid, &status, WNOHANG) == -1 && errno == ECHILD)
        close(second.socket)
        close(second.errors)
        SSHExits.waitLater(second.pid)
        #expect(SSHExits.waitForAll() == 0)
        #expect(waitpid(second.pid, &status, WNOHANG) == -1 && errno == ECHILD)
    }

    @Test("an ssh that does not end after its connection closed (a network gone at that moment) is stopped, and the program ends")
    func exitsStoppedAfterTheLimit() throws {
        // sleep does not read its stdin: closing the connection does not end it.
        let child = try SSHChild.start(["/bin/sleep", "60"], ownProcessGroup: true)
        close(child.socket)
        close(child.errors)
        SSHExits.waitLater(child.pid)
        #expect(SSHExits.waitForAll(stoppingAfter: 0.2) == 1)
        var status: Int32 = 0
        #expect(waitpid(child.pid, &status, WNOHANG) == -1 && errno == ECHILD)
    }

    @Test("cancelling a connection started through the shell, as GIT_SSH_COMMAND runs ssh, stops the program the shell started too")
    func cancelReachesTheShellsChildren() throws {
        // sh starts sleep as its own child, as a wrapper script starts ssh, then says so.
        let child = try SSHChild.start(["/bin/sh", "-c", "sleep 30 & echo started; wait"], ownProcessGroup: true)
        // Our end of the connection, kept past `cancel`: it reads end-of-file once every process
        // holding the other end (sh and sleep) is gone.
        let probe = fcntl(child.socket, F_DUPFD_CLOEXEC, 0)
        defer { close(probe) }
        var started = [UInt8](repeating: 0, count: 8)
        #expect(recv(probe, &started, 8, Int32(MSG_WAITALL)) == 8)
        child.cancel()
        var ready = pollfd(fd: probe, events: Int16(POLLIN), revents: 0)
        #expect(poll(&ready, 1, 10_000) == 1, "sleep still holds the connection after 10 s")
        var byte: UInt8 = 0
        #expect(recv(probe, &byte, 1, 0) == 0)
    }

    @Test("the descriptors are close-on-exec except between keepAcrossExec and closeOnExec")
    func closeOnExec() throws {
        let child = try SSHChild.start(["/bin/cat"])
        defer { child.cancel() }
        let handOff = SSHHandOff(child: child, arguments: ["/bin/cat"])
        #expect(fcntl(child.socket, F_GETFD) & FD_CLOEXEC != 0 && fcntl(child.errors, F_GETFD) & FD_CLOEXEC != 0)
        handOff.keepAcrossExec()
        #expect(fcntl(child.socket, F_GETFD) & FD_CLOEXEC == 0 && fcntl(child.errors, F_GETFD) & FD_CLOEXEC == 0)
        handOff.closeOnExec()
        #expect(fcntl(child.socket, F_GETFD) & FD_CLOEXEC != 0 && fcntl(child.errors, F_GETFD) & FD_CLOEXEC != 0)
    }

    @Test("a plan holds only while the ssh environment, the terminal and the git configuration files are as they were")
    func inputsChange() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sshlaunch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let environment = ["HOME": home, "PATH": "/usr/bin:/bin"]
        let sync = home + "/sync.git-config"
        func inputs(_ environment: [String: String] = environment, terminal: Bool = false) -> [String] {
            SSHConnectionPlan.inputs(environment: environment, syncConfiguration: sync, hasTerminal: terminal)
        }
        let none = inputs()
        #expect(inputs() == none)
        #expect(inputs(environment.merging(["GIT_SSH_COMMAND": "ssh -i key"]) { $1 }) != none)
        #expect(inputs(environment.merging(["GIT_SSH_COMMAND": ""]) { $1 }) != none)
        #expect(inputs(environment.merging(["PATH": "/bin"]) { $1 }) != none)
        #expect(inputs(terminal: true) != none)
        // Unrelated variables do not matter.
        #expect(inputs(environment.merging(["LANG": "C.UTF-8"]) { $1 }) == none)

        try "[core]\n\tsshCommand = ssh -4\n".write(toFile: home + "/.gitconfig", atomically: false, encoding: .utf8)
        let configured = inputs()
        #expect(configured != none)
        // Rewritten in place with as many bytes, within the same second: still told apart.
        try "[core]\n\tsshCommand = ssh -6\n".write(toFile: home + "/.gitconfig", atomically: false, encoding: .utf8)
        #expect(inputs() != configured)
        let rewritten = inputs()
        try "[url \"mynas:\"]\n\tinsteadOf = nas:\n".write(toFile: sync, atomically: false, encoding: .utf8)
        #expect(inputs() != rewritten)
    }

    @Test("a plan reads back as written, and a damaged or missing file reads as no plan")
    func planFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sshlaunch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/sync-ssh-origin.json"
        #expect(SSHConnectionPlan.read(from: path) == nil)
        let plan = SSHConnectionPlan(url: "mynas:/srv/log.git", device: "0123456789abcdef", pushed: 42, inputs: ["HOME=/h"],
                                     uploadPack: ["/usr/bin/ssh", "mynas", "git-upload-pack '/srv/log.git'"],
                                     receivePack: ["/usr/bin/ssh", "mynas", "git-receive-pack '/srv/log.git'"])
        try plan.write(to: path)
        #expect(SSHConnectionPlan.read(from: path) == plan)
        // Arguments as a shell command line may have them: empty, with newlines, quotes and commas.
        var odd = plan
        odd.uploadPack = ["/bin/sh", "-c", "ssh -o 'ProxyCommand=nc %h %p'\n\"$@\"", "", "a,b", "mynas", "git-upload-pack '/srv/log.git'"]
        odd.inputs = []
        try odd.write(to: path)
        #expect(SSHConnectionPlan.read(from: path) == odd)
        // Cut short anywhere, it reads as no plan.
        let whole = try #require(FileManager.default.contents(atPath: path))
        for length in [1, whole.count / 3, whole.count / 2, whole.count - 1] {
            try whole.prefix(length).write(to: URL(fileURLWithPath: path))
            #expect(SSHConnectionPlan.read(from: path) == nil, "\(length) of \(whole.count) bytes")
        }
        try "{\"url\":".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(SSHConnectionPlan.read(from: path) == nil)
    }
}
