import Foundation

/// One ssh login for the second and later connections of a sync, through OpenSSH's connection
/// multiplexing (ControlMaster): a sync that pushes, is refused, fetches and pushes again logs in
/// twice instead of three times.
///
/// The first connection of a sync stays a plain one: most syncs make only that one (a push
/// straight away), and a master costs more to set up than a plain connection. From the second
/// connection on, ssh is given `ControlMaster=auto` with a socket in a private directory, so the
/// second connection becomes the master and the third goes through it.
///
/// Used only where it cannot change what the user set up: the program must be OpenSSH's `ssh`
/// itself, and its configuration for the host (`ssh -G`, asked before the second connection) must
/// have no ControlMaster or ControlPath of its own (a user's own master is then used as they
/// configured it). `end()` stops the master and removes the directory.
public final class SSHConnectionSharing {
    /// How long the master outlives its last connection when `end()` is never called (the
    /// process was killed): long enough to span the merge between a fetch and a push.
    static let idleSeconds = 30

    /// The private directory (mode 0700) that holds the master's socket.
    public let directory: String
    /// The transport whose ssh connections may go through the shared master.
    public let transport: SSHTransport
    private let command: SSHCommand
    private let address: SSHAddress
    private var connections = 0
    private var leftToUs: Bool?

    /// The sharings in use, by control path: a connection finds its own from the path its command carries.
    nonisolated(unsafe) private static var active: [String: SSHConnectionSharing] = [:]
    private static let lock = NSLock()

    private init(directory: String, command: SSHCommand, address: SSHAddress) {
        self.directory = directory
        self.command = command
        self.address = address
        var shared = command
        // %C: a hash of the local host, the remote host, port and user, as OpenSSH's documentation suggests.
        shared.controlPath = directory + "/%C"
        transport = .openSSH(shared)
    }

    /// Sharing for the remote at `url` reached through `transport`; nil when it cannot apply
    /// (not an ssh URL, not OpenSSH's ssh).
    public static func begin(for transport: SSHTransport, url: String) -> SSHConnectionSharing? {
        guard case let .openSSH(command) = transport, command.runsOpenSSH, command.controlPath == nil,
              let address = SSHAddress(url: url), !address.host.hasPrefix("-"), !(address.user ?? "").hasPrefix("-")
        else { return nil }
        // The path's characters must survive ssh's option parsing: no quotes, no % tokens.
        let temporary = FileManager.default.temporaryDirectory.path
        guard !temporary.contains("\""), !temporary.contains("%") else { return nil }
        var template = Array((temporary + "/followup-ssh-XXXXXX").utf8CString)
        // ssh binds the socket as PATH.<16 random characters>, and %C is 40: all of it within sun_path's 108 bytes.
        guard template.count - 1 + 1 + 40 + 17 < 108,
              let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
        let sharing = SSHConnectionSharing(directory: String(cString: made), command: command, address: address)
        lock.lock()
        active[sharing.directory + "/%C"] = sharing
        lock.unlock()
        return sharing
    }

    /// Whether the user's ssh configuration leaves multiplexing to us (asked once, with `ssh -G`).
    public var applies: Bool {
        if let leftToUs { return leftToUs }
        let answer = Self.leavesMultiplexingToUs(command, address)
        leftToUs = answer
        return answer
    }

    /// The ControlPath to give the next ssh connection whose command carries `controlPath`: nil
    /// (a plain connection) for the first of a sync, and when the user's configuration multiplexes itself.
    static func controlPath(forNextConnection controlPath: String) -> String? {
        lock.lock()
        let sharing = active[controlPath]
        lock.unlock()
        guard let sharing else { return nil }
        sharing.connections += 1
        return sharing.connections > 1 && sharing.applies ? controlPath : nil
    }

    /// Whether `ssh -G` shows no ControlMaster and no ControlPath for the host in the user's configuration.
    static func leavesMultiplexingToUs(_ command: SSHCommand, _ address: SSHAddress) -> Bool {
        let process = Process()
        let arguments = command.configurationQuery(for: address)
        process.executableURL = URL(fileURLWithPath: arguments[0].hasPrefix("/") ? arguments[0] : "/usr/bin/env")
        process.arguments = arguments[0].hasPrefix("/") ? Array(arguments.dropFirst()) : arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return false }
        let settings = printed.split(separator: "\n").map { $0.lowercased() }
        // OpenSSH prints "controlmaster false" when unset, and no controlpath line (or "none").
        return settings.contains("controlmaster false")
            && !settings.contains { $0.hasPrefix("controlpath ") && $0 != "controlpath none" }
    }

    /// Stops the master, if one was started, and removes the directory.
    public func end() {
        Self.lock.lock()
        Self.active[directory + "/%C"] = nil
        Self.lock.unlock()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for entry in entries { Self.terminateMaster(at: directory + "/" + entry) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Asks the master listening at `path` to exit, in OpenSSH's multiplexing protocol (its
    /// PROTOCOL.mux: the master's hello, ours, then MUX_C_TERMINATE), and returns once the master
    /// has closed the connection by exiting, or after a second without an answer.
    static func terminateMaster(at path: String) {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else { return }
        var limit = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let hello: UInt32 = 0x0000_0001, version: UInt32 = 4, terminate: UInt32 = 0x1000_0005
        guard let theirs = readMessage(descriptor), theirs.first == hello,
              writeMessage(descriptor, [hello, version]), writeMessage(descriptor, [terminate, 1]),
              readMessage(descriptor) != nil else { return }
        var rest = [UInt8](repeating: 0, count: 256)
        while recv(descriptor, &rest, rest.count, 0) > 0 {}
    }

    /// One message of the protocol: a big-endian length, then that many bytes, read here as 32-bit words.
    private static func readMessage(_ descriptor: Int32) -> [UInt32]? {
        guard let header = readExactly(descriptor, 4) else { return nil }
        let length = Int(header.reduce(0) { $0 << 8 | UInt32($1) })
        guard length >= 4, length <= 65536, let body = readExactly(descriptor, length) else { return nil }
        return stride(from: 0, to: length - length % 4, by: 4).map { offset in
            body[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
    }

    private static func readExactly(_ descriptor: Int32, _ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + filled, count - filled, 0) }
            if received < 0, errno == EINTR { continue }
            guard received > 0 else { return nil }
            filled += received
        }
        return buffer
    }

    private static func writeMessage(_ descriptor: Int32, _ words: [UInt32]) -> Bool {
        let payload = ([UInt32(words.count * 4)] + words).flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
        return payload.withUnsafeBytes { send(descriptor, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) } == payload.count
    }
}
