import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The ssh command lines the last sync with a remote would start its first connection with,
/// kept in the store (`sync-ssh-REMOTE.json`) so that the next `followup sync` can start ssh
/// before `followup-sync` and libgit2 load: ssh's handshake and login, most of a sync's time,
/// then overlap their start-up. followup-sync still works the command line out itself and takes
/// the connection over only when the two are the same (see SSHHandOff).
///
/// The plan holds only while what chose the command is as it was: the store's URL for the
/// remote, the environment variables git and followup read for ssh, whether there is a
/// terminal, and the git configuration files (which hold `core.sshCommand`, `ssh.variant` and
/// `url.<base>.insteadOf`).
public struct SSHConnectionPlan: Equatable, Sendable {
    /// The remote's URL in the store when the plan was made.
    public var url: String
    /// The store's device, and its last event the remote held after that sync: with more events
    /// to send, a sync pushes first (git-receive-pack), else it fetches first (git-upload-pack).
    public var device: String
    public var pushed: Int64
    /// What the command lines depend on, as `inputs(…)` reads them.
    public var inputs: [String]
    public var uploadPack: [String]
    public var receivePack: [String]

    public init(url: String, device: String, pushed: Int64, inputs: [String], uploadPack: [String], receivePack: [String]) {
        self.url = url
        self.device = device
        self.pushed = pushed
        self.inputs = inputs
        self.uploadPack = uploadPack
        self.receivePack = receivePack
    }

    static let environmentNames = [
        "FOLLOWUP_SSH_KEY", "GIT_CONFIG", "GIT_CONFIG_COUNT", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM",
        "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_SYSTEM", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSH_VARIANT", "HOME",
        "PATH", "XDG_CONFIG_HOME",
    ]

    /// What the ssh command lines depend on now: `syncConfiguration` is the store's
    /// `sync.git/config`, whose remote URL rewrites libgit2 applies too.
    public static func inputs(environment: [String: String], syncConfiguration: String, hasTerminal: Bool) -> [String] {
        let home = environment["HOME"] ?? ""
        let configurations = [
            ("system", "/etc/gitconfig"),
            ("xdg", (environment["XDG_CONFIG_HOME"] ?? home + "/.config") + "/git/config"),
            ("global", home + "/.gitconfig"),
            ("sync.git", syncConfiguration),
        ]
        return environmentNames.map { name in environment[name].map { "\(name)=\($0)" } ?? "\(name) unset" }
            + ["terminal \(hasTerminal)"]
            + configurations.map { label, path in "\(label) \(fileIdentity(path))" }
    }

    /// A file's device, inode, size and change times: any edit, even within the same second, changes it.
    static func fileIdentity(_ path: String) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else { return "absent" }
        return "\(status.st_dev) \(status.st_ino) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) "
            + "\(status.st_ctim.tv_sec).\(status.st_ctim.tv_nsec)"
    }

    /// The file's first field: the format, and its version.
    static let format = "followup-ssh-plan 1"

    /// The fields of the file: the format, url, device, pushed, then each list as its length
    /// followed by its items (inputs, uploadPack, receivePack), then "end", so that a file cut
    /// short reads as no plan.
    var fields: [String] {
        [Self.format, url, device, String(pushed)]
            + [inputs, uploadPack, receivePack].flatMap { [String($0.count)] + $0 } + ["end"]
    }

    init?(fields: [String]) {
        guard fields.count >= 7, fields[0] == Self.format, let pushed = Int64(fields[3]) else { return nil }
        var rest = fields[4...]
        func list() -> [String]? {
            guard let count = rest.first.flatMap({ Int($0) }), count >= 0, rest.count > count else { return nil }
            let items = Array(rest.dropFirst().prefix(count))
            rest = rest.dropFirst(count + 1)
            return items
        }
        guard let inputs = list(), let uploadPack = list(), let receivePack = list(), Array(rest) == ["end"] else { return nil }
        self.init(url: fields[1], device: fields[2], pushed: pushed, inputs: inputs, uploadPack: uploadPack, receivePack: receivePack)
    }

    public static func read(from path: String) -> SSHConnectionPlan? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return SSHConnectionPlan(fields: NULSeparated.fields(of: data))
    }

    /// Writes the file in place (mode 0600), without syncing it to disk: it is rewritten after
    /// every sync, and a half-written or lost plan only reads as none (the next sync connects as
    /// it would without a plan, and writes it again).
    public func write(to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        try FileHandle(fileDescriptor: descriptor, closeOnDealloc: true).write(contentsOf: NULSeparated.data(fields))
    }

    /// Starts the first connection of `followup sync` as the plan at `planPath` says, when it
    /// still holds (`syncConfiguration`: the store's `sync.git/config`). `outlook` reads the
    /// store: the remote's URL now, and whether the device has events after `pushed`. nil when
    /// there is no plan, it no longer holds, or ssh cannot be started (followup-sync then starts
    /// its own).
    public static func startFirstConnection(
        planPath: String, syncConfiguration: String, environment: [String: String],
        outlook: (_ device: String, _ pushed: Int64) -> (url: String, waiting: Bool)?
    ) -> SSHHandOff? {
        let terminal = SSHChild.hasTerminal()
        guard let plan = read(from: planPath),
              plan.inputs == inputs(environment: environment, syncConfiguration: syncConfiguration, hasTerminal: terminal),
              let (url, waiting) = outlook(plan.device, plan.pushed), url == plan.url else { return nil }
        let arguments = waiting ? plan.receivePack : plan.uploadPack
        guard !arguments.isEmpty, let child = try? SSHChild.start(arguments, ownProcessGroup: !terminal) else { return nil }
        return SSHHandOff(child: child, arguments: arguments)
    }
}
