import Foundation

/// Runs helper programs (git, ssh-keygen, the server scripts) for setting up tests.
public enum Shell {
    public struct Failure: Error, CustomStringConvertible {
        let command: [String]
        let status: Int32
        let stderr: String
        public var description: String { "\(command.joined(separator: " ")) exited with \(status): \(stderr)" }
    }

    /// Runs `command` (looked up in PATH), returns its standard output without the trailing newline.
    ///
    /// Uses posix_spawn with an empty signal mask: test code runs on dispatch worker threads that block
    /// most signals, and Foundation's Process passes that mask on, so servers started from a test would
    /// ignore SIGTERM and never see SIGCHLD. Output goes to files, not pipes, because servers the scripts
    /// leave running would otherwise hold the pipe open.
    @discardableResult
    public static func run(_ command: [String], environment: [String: String] = [:], in directory: String? = nil) throws -> String {
        let result = try capture(command, environment: environment, in: directory)
        guard result.status == 0 else { throw Failure(command: command, status: result.status, stderr: result.stderr) }
        var text = result.stdout
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Runs `command` like `run`, but returns the exit status and both outputs instead of throwing.
    public static func capture(
        _ command: [String], environment: [String: String] = [:], in directory: String? = nil, inheritEnvironment: Bool = true
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        var merged = inheritEnvironment ? ProcessInfo.processInfo.environment : [:]
        for (key, value) in environment { merged[key] = value }
        let scratch = FileManager.default.temporaryDirectory.path + "/gitkit-shell-\(UUID().uuidString)"
        let outputPath = scratch + ".out", errorPath = scratch + ".err"
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        var arguments = ["/usr/bin/env"]
        if let directory { arguments += ["-C", directory] }
        arguments += command
        let status = try spawnAndWait(
            arguments, environment: merged.map { "\($0.key)=\($0.value)" }, stdout: outputPath, stderr: errorPath)
        return (status, (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
                (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
    }

    private static func spawnAndWait(
        _ arguments: [String], environment: [String], stdout: String, stderr: String
    ) throws -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
        }
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// `git -C directory arguments…`
    @discardableResult
    public static func git(_ directory: String, _ arguments: String...) throws -> String {
        try run(["git", "-C", directory] + arguments)
    }
}

/// A fresh directory under the test root, removed when the value goes away.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(_ label: String = "dir") throws {
        let root = TestEnvironment.shared.root
        path = root + "/" + label + "-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
