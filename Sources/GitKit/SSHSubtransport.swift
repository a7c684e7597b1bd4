import CLibGit2
import Foundation
import SSHLaunch

/// How `ssh://` and scp-like (`[user@]host:path`) remotes are reached.
public enum SSHTransport: Hashable, Sendable, CustomStringConvertible {
    /// The system's ssh program, run as git runs it: its config, keys, agent, known_hosts and
    /// prompts are the user's own. libgit2 speaks the git protocol over its stdin and stdout.
    case openSSH(SSHCommand)
    /// libgit2's built-in client (libssh2), authenticated with the remote's `Credential`s and
    /// `$HOME/.ssh/known_hosts`: for machines without an ssh program.
    case libssh2

    public var description: String {
        switch self {
        case let .openSSH(command): "\(command)"
        case .libssh2: "libgit2's built-in ssh client (libssh2)"
        }
    }

    /// The system's ssh as git would choose it, else libssh2 when there is no ssh program.
    public static func system(environment: [String: String], configuration: GitConfiguration?) -> SSHTransport {
        guard let command = SSHCommand.resolve(environment: environment, configuration: { configuration?.string($0) })
        else { return .libssh2 }
        return .openSSH(command)
    }
}

/// libgit2's ssh transport, replaced: each connection is a smart transport whose byte stream is
/// either an ssh child process (OpenSSH) or libgit2's own libssh2 subtransport, as the remote's
/// `sshTransport` says.
///
/// libgit2 creates transports by URL scheme, process-wide, and tells the callback only which
/// `git_remote` asks. So each fetch, push or listing lists its session here, under its remote,
/// while it runs; a connection made outside those calls gets libssh2.
enum SSHConnections {
    nonisolated(unsafe) private static var sessions: [OpaquePointer: TransferSession] = [:]
    private static let lock = NSLock()

    /// Registers the transport for every scheme libgit2 maps to ssh; scp-like URLs reach it too.
    static func register() {
        for scheme in ["ssh", "ssh+git", "git+ssh"] {
            _ = git_transport_register(scheme, makeTransport, nil)
        }
    }

    /// Runs `body` with `session` answering for connections of `remote`.
    static func during<Result>(_ remote: OpaquePointer, _ session: TransferSession, _ body: () throws -> Result) rethrows -> Result {
        lock.lock()
        sessions[remote] = session
        lock.unlock()
        defer {
            lock.lock()
            sessions[remote] = nil
            lock.unlock()
        }
        return try body()
    }

    fileprivate static func session(for remote: OpaquePointer?) -> TransferSession? {
        guard let remote else { return nil }
        lock.lock()
        defer { lock.unlock() }
        return sessions[remote]
    }

    private static let makeTransport: git_transport_cb = { out, owner, _ in
        guard let out else { return GIT_ERROR.rawValue }
        let session = SSHConnections.session(for: owner)
        var definition = git_smart_subtransport_definition()
        definition.rpc = 0  // one connection carries the whole exchange, as with git://
        guard let owner, let session, case let .openSSH(command) = session.sshTransport else {
            definition.callback = git_smart_subtransport_ssh
            return git_transport_smart(out, owner, &definition)
        }
        let subtransport = OpenSSHSubtransport(remote: owner, session: session, command: command)
        definition.callback = OpenSSHSubtransport.create
        definition.param = Unmanaged.passUnretained(subtransport).toOpaque()
        // git_transport_smart calls the definition's callback before it returns: locals are enough.
        return withExtendedLifetime(subtransport) { git_transport_smart(out, owner, &definition) }
    }
}

/// The subtransport that starts one ssh process per connection (git-upload-pack or git-receive-pack).
final class OpenSSHSubtransport {
    private let remote: OpaquePointer
    private let firstSession: TransferSession
    let command: SSHCommand
    /// The connection of the current exchange: the smart protocol asks for it twice (listing, then pack).
    var current: OpenSSHStream?
    private var raw: UnsafeMutablePointer<gitkit_subtransport>?

    fileprivate init(remote: OpaquePointer, session: TransferSession, command: SSHCommand) {
        self.remote = remote
        firstSession = session
        self.command = command
    }

    /// The session of the fetch or push running now: libgit2 keeps a remote's transport, so a
    /// push after a fetch on the same remote reaches the subtransport the fetch made.
    var session: TransferSession {
        SSHConnections.session(for: remote) ?? firstSession
    }

    static let create: git_smart_subtransport_cb = { out, _, param in
        guard let out, let param else { return GIT_ERROR.rawValue }
        let subtransport = Unmanaged<OpenSSHSubtransport>.fromOpaque(param).takeUnretainedValue()
        let raw = UnsafeMutablePointer<gitkit_subtransport>.allocate(capacity: 1)
        raw.initialize(to: gitkit_subtransport())
        raw.pointee.owner = Unmanaged.passRetained(subtransport).toOpaque()
        raw.pointee.parent.action = { out, transport, url, action in
            guard let out, let transport, let url else { return GIT_ERROR.rawValue }
            return OpenSSHSubtransport.of(transport).action(out, url: String(cString: url), service: action)
        }
        raw.pointee.parent.close = { transport in
            guard let transport else { return 0 }
            OpenSSHSubtransport.of(transport).current?.finish(waiting: false)
            return 0
        }
        raw.pointee.parent.free = { transport in
            guard let transport else { return }
            let raw = gitkit_subtransport_of(transport)!
            Unmanaged<OpenSSHSubtransport>.fromOpaque(raw.pointee.owner).release()
            raw.deallocate()
        }
        subtransport.raw = raw
        out.pointee = gitkit_subtransport_parent(raw)
        return 0
    }

    private static func of(_ transport: UnsafeMutablePointer<git_smart_subtransport>) -> OpenSSHSubtransport {
        Unmanaged<OpenSSHSubtransport>.fromOpaque(gitkit_subtransport_of(transport)!.pointee.owner).takeUnretainedValue()
    }

    private func action(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_smart_subtransport_stream>?>,
        url: String,
        service: git_smart_service_t
    ) -> Int32 {
        switch service {
        case GIT_SERVICE_UPLOADPACK, GIT_SERVICE_RECEIVEPACK:
            guard let current else {
                git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "no ssh connection to continue")
                return GIT_ERROR.rawValue
            }
            out.pointee = current.parent
            return 0
        default:
            let program = service == GIT_SERVICE_UPLOADPACK_LS ? "git-upload-pack" : "git-receive-pack"
            do {
                guard let address = SSHAddress(url: url) else {
                    throw RemoteError.transportFailed(url: url, detail: "not an ssh URL: use ssh://[user@]host[:port]/path or [user@]host:path")
                }
                if let early = SSHEarlyConnections.take(command: command, url: url, service: program) {
                    let stream = OpenSSHStream(subtransport: self, child: early, url: url, address: address)
                    current = stream
                    out.pointee = stream.parent
                    return 0
                }
                var command = self.command
                if let shared = command.controlPath {
                    command.controlPath = SSHConnectionSharing.controlPath(forNextConnection: shared)
                }
                let arguments: [String]
                do {
                    arguments = try command.arguments(for: address, service: program)
                } catch {
                    throw RemoteError.transportFailed(url: url, detail: error.description)
                }
                let child = try SSHEarlyConnections.takeStartedAhead(arguments) ?? SSHChild.start(arguments, url: url)
                let stream = OpenSSHStream(subtransport: self, child: child, url: url, address: address)
                current = stream
                out.pointee = stream.parent
                return 0
            } catch {
                let failure = error as? RemoteError ?? .transportFailed(url: url, detail: "\(error)")
                session.transportFailure = failure
                git_error_set_str(Int32(GIT_ERROR_SSH.rawValue), failure.description)
                return GIT_ERROR.rawValue
            }
        }
    }

    func streamFreed(_ stream: OpenSSHStream) {
        if current === stream { current = nil }
    }
}

/// One ssh process: libgit2 writes to its stdin and reads its stdout through one socket pair;
/// its stderr goes to an unlinked file, read when it fails.
final class OpenSSHStream {
    private let subtransport: OpenSSHSubtransport
    private let url: String
    private let address: SSHAddress
    private var socket: Int32
    private let errors: Int32
    private var pid: pid_t
    private var exitStatus: Int32?
    private let raw: UnsafeMutablePointer<gitkit_subtransport_stream>

    var parent: UnsafeMutablePointer<git_smart_subtransport_stream> { gitkit_subtransport_stream_parent(raw) }

    init(subtransport: OpenSSHSubtransport, child: SSHChild, url: String, address: SSHAddress) {
        self.subtransport = subtransport
        self.url = url
        self.address = address
        socket = child.socket
        errors = child.errors
        pid = child.pid
        raw = UnsafeMutablePointer<gitkit_subtransport_stream>.allocate(capacity: 1)
        raw.initialize(to: gitkit_subtransport_stream())
        raw.pointee.parent.read = { stream, buffer, size, bytesRead in
            guard let stream, let buffer, let bytesRead else { return GIT_ERROR.rawValue }
            return OpenSSHStream.of(stream).read(buffer, size: size, bytesRead: bytesRead)
        }
        raw.pointee.parent.write = { stream, buffer, length in
            guard let stream, let buffer else { return GIT_ERROR.rawValue }
            return OpenSSHStream.of(stream).write(buffer, length: length)
        }
        raw.pointee.parent.free = { stream in
            guard let stream else { return }
            let raw = gitkit_subtransport_stream_of(stream)!
            let owner = Unmanaged<OpenSSHStream>.fromOpaque(raw.pointee.owner)
            owner.takeUnretainedValue().finish(waiting: false)
            owner.takeUnretainedValue().subtransport.streamFreed(owner.takeUnretainedValue())
            owner.release()
        }
        raw.pointee.owner = Unmanaged.passRetained(self).toOpaque()
    }

    deinit {
        raw.deallocate()
        close(errors)
    }

    private static func of(_ stream: UnsafeMutablePointer<git_smart_subtransport_stream>) -> OpenSSHStream {
        Unmanaged<OpenSSHStream>.fromOpaque(gitkit_subtransport_stream_of(stream)!.pointee.owner).takeUnretainedValue()
    }

    private func read(_ buffer: UnsafeMutablePointer<CChar>, size: Int, bytesRead: UnsafeMutablePointer<Int>) -> Int32 {
        // What was written goes out before waiting for the answer to it.
        if let failure = sendPending() { return report(failure) }
        var received: Int
        repeat { received = recv(socket, buffer, size, 0) } while received < 0 && errno == EINTR
        if received > 0 {
            bytesRead.pointee = received
            return 0
        }
        let cause = received < 0 ? String(cString: strerror(errno)) : nil
        // End of output: if ssh failed, what it said is the reason, not libgit2's "early EOF".
        finish()
        if let failure = failure(cause: cause) { return report(failure) }
        bytesRead.pointee = 0
        return 0
    }

    /// libgit2 writes a pack in pieces of a few bytes (each object's header, then its data), and
    /// each write to ssh became an ssh packet of its own: about 20 for a 15 KB segment. The
    /// pieces are gathered here and sent when libgit2 reads (it waits for an answer), when they
    /// reach `pendingLimit`, and when the connection closes.
    private var pending: [UInt8] = []
    private static let pendingLimit = 64 * 1024

    private func write(_ buffer: UnsafePointer<CChar>, length: Int) -> Int32 {
        buffer.withMemoryRebound(to: UInt8.self, capacity: length) { pending.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
        guard pending.count >= Self.pendingLimit else { return 0 }
        if let failure = sendPending() { return report(failure) }
        return 0
    }

    /// Sends what was gathered; the failure, if the connection broke.
    private func sendPending() -> RemoteError? {
        var offset = 0
        while offset < pending.count {
            let sent = pending.withUnsafeBytes { send(socket, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                let cause = String(cString: strerror(errno))
                pending.removeAll()
                finish()
                return failure(cause: cause) ?? .connectionLost(url: url, detail: "writing to ssh: \(cause)")
            }
            offset += sent
        }
        pending.removeAll(keepingCapacity: true)
        return nil
    }

    private func report(_ failure: RemoteError) -> Int32 {
        subtransport.session.transportFailure = failure
        git_error_set_str(Int32(GIT_ERROR_SSH.rawValue), failure.description)
        return GIT_ERROR.rawValue
    }

    /// Closes the connection; ssh exits once its stdin ends. With `waiting`, waits for that here
    /// (its exit status tells whether the connection failed). Without, when libgit2 is done with
    /// the connection, ssh is waited for later (SSHExits), so that what follows a push (the
    /// tracking ref, the connection plan, closing the store) runs while ssh ends its session.
    func finish(waiting: Bool = true) {
        if socket >= 0 {
            if !pending.isEmpty { _ = sendPending() }
            close(socket)
            socket = -1
        }
        guard exitStatus == nil, pid > 0 else { return }
        guard waiting else {
            SSHExits.waitLater(pid)
            pid = 0
            return
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                exitStatus = -1
                return
            }
        }
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// The failure ssh's exit status and messages tell of; nil when it exited cleanly.
    private func failure(cause: String?) -> RemoteError? {
        guard let exitStatus, exitStatus != 0 else { return nil }
        var text = [UInt8](repeating: 0, count: 16 * 1024)
        let count = pread(errors, &text, text.count, 0)
        let messages = count > 0 ? String(decoding: text[0..<count], as: UTF8.self) : ""
        return OpenSSHDiagnosis.error(url: url, address: address, messages: messages, exitStatus: exitStatus,
                                      command: subtransport.command)
    }
}

extension SSHChild {
    /// Starts ssh for the remote at `url`; a failure to start is the connection's failure.
    static func start(_ arguments: [String], url: String) throws(RemoteError) -> SSHChild {
        do {
            return try SSHChild.start(arguments)
        } catch {
            throw RemoteError.transportFailed(url: url, detail: error.description)
        }
    }
}

/// ssh connections started before libgit2 asks for them, so that ssh's handshake and login
/// (most of a connection's time) run while the sync still prepares what it will send. The next
/// connection libgit2 makes with the same command, URL and service takes one over.
///
/// One may have been started before this program even loaded (`followup sync` starts the
/// first connection from the store's SSHConnectionPlan, see SSHHandOff): it is used only by a
/// connection whose command line, worked out here, is exactly the one it was started with.
public enum SSHEarlyConnections {
    nonisolated(unsafe) private static var waiting: [String: SSHChild] = [:]
    nonisolated(unsafe) private static var startedAhead: SSHHandOff?
    nonisolated(unsafe) private static var tookStartedAhead = false
    private static let lock = NSLock()

    private static func key(_ command: SSHCommand, _ url: String, _ service: String) -> String {
        "\(command.command)\u{0}\(command.viaShell)\u{0}\(url)\u{0}\(service)"
    }

    /// Keeps the connection `followup` started for the first connection that asks for its command line.
    public static func adopt(_ handOff: SSHHandOff) {
        handOff.closeOnExec()
        lock.lock()
        let replaced = startedAhead
        startedAhead = handOff
        lock.unlock()
        replaced?.child.cancel()
    }

    /// Whether a connection of this sync went through the one `followup` started.
    public static var usedStartedAhead: Bool {
        lock.lock()
        defer { lock.unlock() }
        return tookStartedAhead
    }

    /// The connection started before this program loaded, when it runs exactly `arguments`.
    static func takeStartedAhead(_ arguments: [String]) -> SSHChild? {
        lock.lock()
        defer { lock.unlock() }
        return takeStartedAheadLocked(arguments)
    }

    private static func takeStartedAheadLocked(_ arguments: [String]) -> SSHChild? {
        guard let handOff = startedAhead, handOff.arguments == arguments else { return nil }
        startedAhead = nil
        tookStartedAhead = true
        return handOff.child
    }

    /// Starts ssh for `git-receive-pack` of the remote at `url`, to push through later; does
    /// nothing for other transports or when one is waiting already.
    public static func startPush(through transport: SSHTransport, url: String) {
        guard case let .openSSH(command) = transport, let address = SSHAddress(url: url) else { return }
        let key = key(command, url, "git-receive-pack")
        lock.lock()
        defer { lock.unlock() }
        guard waiting[key] == nil else { return }
        var decided = command
        if let shared = decided.controlPath {
            decided.controlPath = SSHConnectionSharing.controlPath(forNextConnection: shared)
        }
        guard let arguments = try? decided.arguments(for: address, service: "git-receive-pack"),
              let child = try? takeStartedAheadLocked(arguments) ?? SSHChild.start(arguments, url: url) else { return }
        waiting[key] = child
    }

    static func take(command: SSHCommand, url: String, service: String) -> SSHChild? {
        lock.lock()
        defer { lock.unlock() }
        return waiting.removeValue(forKey: key(command, url, service))
    }

    /// Stops the connections started and never taken (the sync ended before it pushed, or it
    /// needed another command line than the one started ahead).
    public static func cancelAll() {
        lock.lock()
        let unused = Array(waiting.values) + (startedAhead.map { [$0.child] } ?? [])
        waiting = [:]
        startedAhead = nil
        lock.unlock()
        unused.forEach { $0.cancel() }
    }
}

/// Turns what ssh printed on its way out into one error a person can act on.
enum OpenSSHDiagnosis {
    static func error(url: String, address: SSHAddress, messages: String, exitStatus: Int32, command: SSHCommand) -> RemoteError {
        let lines = messages.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let meaningful = lines.filter { line in
            !line.isEmpty && !line.hasPrefix("@") && !line.hasPrefix("Warning: Permanently added")
                && !line.hasPrefix("** ") && !line.hasPrefix("WARNING: connection is not using a post-quantum")
                && !line.hasPrefix("Pseudo-terminal will not be allocated")
        }
        let text = meaningful.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }.joined(separator: "; ")
        let detail = text.isEmpty ? "\(command.command) exited with status \(exitStatus) and said nothing" : text
        let lowered = text.lowercased()
        if lowered.contains("remote host identification has changed") || lowered.contains("has changed and you have requested strict checking") {
            let fingerprint = lines.first { $0.hasPrefix("SHA256:") || $0.hasPrefix("MD5:") }.map { String($0.trimmingSuffix(".")) }
            let keyType = lines.first { $0.hasPrefix("The fingerprint for the") }
                .flatMap { $0.split(separator: " ").dropFirst(4).first }.map(String.init)
            let offending = lines.first { $0.hasPrefix("Offending") }
            let removal = lines.first { $0.hasPrefix("ssh-keygen ") }
            var parts = ["CHANGED: the server now shows \(keyType.map { $0 + " key " } ?? "key ")\(fingerprint ?? "(fingerprint not shown)")"]
            if let offending { parts.append(offending.lowercased().hasPrefix("offending") ? String(offending) : offending) }
            if let removal { parts.append("if the key really was replaced, remove the old one with: \(removal)") }
            return .unknownHostKey(url: url, detail: parts.joined(separator: "; "))
        }
        // gitolite refuses by its access rules with "FATAL: <R|W|+|…> <ref> <repo> <user> DENIED by …",
        // then "(or you mis-spelled the reponame)".
        if let refusal = meaningful.firstIndex(where: { $0.hasPrefix("FATAL:") && $0.contains(" DENIED") }) {
            let reason = meaningful[refusal...].prefix { $0 == meaningful[refusal] || $0.hasPrefix("(") }.joined(separator: " ")
            let access = meaningful[refusal].dropFirst("FATAL:".count).trimmingCharacters(in: .whitespaces).prefix(1)
            return .accessDenied(url: url, writing: access != "R", detail: reason)
        }
        if lowered.contains("host key verification failed") || lowered.contains("host key is known for") {
            return .unknownHostKey(url: url, detail: detail)
        }
        if lowered.contains("permission denied") || lowered.contains("too many authentication failures") {
            return .authenticationFailed(
                url: url, tried: ["\(command) with its own configuration, keys and agent"],
                hint: "\(detail): check the user name (the URL's, else ssh's config User, else the local user), "
                    + "that your public key is in the server's authorized_keys, and that a key with a passphrase "
                    + (command.batchMode ? "is in ssh-agent (ssh-add) or that you sync at a terminal, where ssh asks for the passphrase"
                                         : "is unlocked when ssh asks, or in ssh-agent (ssh-add)"))
        }
        let unreachable = ["could not resolve hostname", "connection refused", "no route to host", "connection timed out",
                           "network is unreachable", "operation timed out", "name or service not known"]
        if unreachable.contains(where: lowered.contains) {
            return .unreachable(url: url, detail: detail)
        }
        let missing = ["does not appear to be a git repository", "not a git repository", "no such file or directory",
                       "repository not found", "no such repository", "does not exist"]
        if missing.contains(where: lowered.contains) {
            return .repositoryNotFound(url: url, detail: detail)
        }
        if exitStatus == 127 && command.viaShell {
            return .transportFailed(url: url, detail: "the ssh command '\(command.command)' (from \(command.origin)) could not be run: \(detail)")
        }
        return .transportFailed(url: url, detail: detail)
    }
}

extension StringProtocol {
    fileprivate func trimmingSuffix(_ suffix: String) -> SubSequence {
        hasSuffix(suffix) ? dropLast(suffix.count) : self[...]
    }
}
