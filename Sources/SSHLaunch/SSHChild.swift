import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A running ssh process: our end of its stdin and stdout (one socket pair), and the unlinked
/// file its stderr goes to, read when it fails.
public struct SSHChild: Sendable {
    public let socket: Int32
    public let errors: Int32
    public let pid: pid_t

    public init(socket: Int32, errors: Int32, pid: pid_t) {
        self.socket = socket
        self.errors = errors
        self.pid = pid
    }

    /// Why ssh could not be started.
    public enum StartFailure: Error, CustomStringConvertible, Sendable {
        case socketPair(String)
        case messageFile(String)
        case program(String, String)

        public var description: String {
            switch self {
            case let .socketPair(cause): "cannot create a socket pair: \(cause)"
            case let .messageFile(cause): "cannot create a file for ssh's messages: \(cause)"
            case let .program(program, cause): "cannot run \(program): \(cause)"
            }
        }
    }

    /// Starts `arguments` (program first, found on PATH when it has no slash). Both descriptors
    /// are close-on-exec: no other program this process starts inherits the connection.
    /// `ownProcessGroup` (without a terminal): so that `cancel` reaches a wrapper's ssh too; with a
    /// terminal, ssh stays in the foreground group, where it may read a passphrase from it.
    public static func start(_ arguments: [String], ownProcessGroup: Bool = !hasTerminal()) throws(StartFailure) -> SSHChild {
        SSHExits.collectEnded()
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw .socketPair(String(cString: strerror(errno)))
        }
        var template = Array((FileManager.default.temporaryDirectory.path + "/followup-ssh-XXXXXX").utf8CString)
        let errors = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard errors >= 0, fcntl(errors, F_SETFD, FD_CLOEXEC) == 0 else {
            let cause = String(cString: strerror(errno))
            close(pair[0])
            close(pair[1])
            if errors >= 0 { close(errors) }
            throw .messageFile(cause)
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        defer { close(pair[1]) }
        let spawned = spawn(arguments, stdio: pair[1], stderr: errors, ownProcessGroup: ownProcessGroup)
        guard case let .success(pid) = spawned else {
            close(pair[0])
            close(errors)
            if case let .failure(cause) = spawned { throw .program(arguments[0], "\(cause)") }
            throw .program(arguments[0], "unknown error")
        }
        return SSHChild(socket: pair[0], errors: errors, pid: pid)
    }

    /// Ends a connection nobody used: ssh is stopped and reaped. A command run through the shell
    /// (GIT_SSH_COMMAND) starts ssh as a grandchild: its whole process group is stopped.
    public func cancel() {
        close(socket)
        close(errors)
        Self.stop(pid)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Sends SIGTERM to `pid`, or to its whole process group when it leads one (see `start`).
    static func stop(_ pid: pid_t) {
        kill(getpgid(pid) == pid ? -pid : pid, SIGTERM)
    }

    private static func spawn(_ arguments: [String], stdio: Int32, stderr: Int32, ownProcessGroup: Bool) -> Result<pid_t, POSIXError> {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // followup-sync ignores SIGPIPE, and an ignored signal stays ignored across exec.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if ownProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdio, 0)
        posix_spawn_file_actions_adddup2(&actions, stdio, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else { return .failure(POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL)) }
        return .success(pid)
    }

    /// Whether a terminal can be opened to ask for a passphrase or to confirm a host key, as ssh would.
    public static func hasTerminal() -> Bool {
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }
}

/// ssh processes whose connection is closed, left to end their session on their own and waited
/// for later: by the program at its end (`waitForAll`), or when it exits. A new connection first
/// collects those that have ended already.
public enum SSHExits {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pending: [pid_t] = []
    nonisolated(unsafe) private static var atExitRegistered = false

    /// `pid`'s stdin is closed; it is waited for later.
    public static func waitLater(_ pid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        if !atExitRegistered {
            atExitRegistered = true
            atexit { SSHExits.waitForAll() }
        }
        pending.append(pid)
    }

    /// Waits for every ssh left to end. Its connection is over, and ssh only closes its session
    /// (a millisecond or two); one still running after `limit` seconds (a network gone at that
    /// moment) is stopped, so that a finished sync never hangs on it. Returns how many were stopped.
    @discardableResult
    public static func waitForAll(stoppingAfter limit: TimeInterval = 10) -> Int {
        lock.lock()
        let children = pending
        pending = []
        lock.unlock()
        guard !children.isEmpty else { return 0 }
        let running = Running(children)
        DispatchQueue.global().asyncAfter(deadline: .now() + limit) { running.stopAll() }
        var status: Int32 = 0
        for pid in children {
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            running.ended(pid)
        }
        return running.stopped
    }

    /// The processes `waitForAll` still waits for, which the timer may stop.
    private final class Running: @unchecked Sendable {
        // @unchecked: both sets are only touched under `lock`.
        private let lock = NSLock()
        private var waiting: Set<pid_t>
        private var stoppedCount = 0

        init(_ children: [pid_t]) { waiting = Set(children) }

        func ended(_ pid: pid_t) { lock.withLock { _ = waiting.remove(pid) } }

        func stopAll() {
            lock.withLock {
                waiting.forEach(SSHChild.stop)
                stoppedCount += waiting.count
            }
        }

        var stopped: Int { lock.withLock { stoppedCount } }
    }

    /// Collects, without waiting, those that have ended.
    static func collectEnded() {
        lock.lock()
        defer { lock.unlock() }
        var status: Int32 = 0
        pending.removeAll { pid in
            let answer = waitpid(pid, &status, WNOHANG)
            return answer == pid || (answer < 0 && errno == ECHILD)
        }
    }
}
