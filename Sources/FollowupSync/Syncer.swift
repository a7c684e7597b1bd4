import FollowupCore
import Foundation
import GitKit
import SSHLaunch

/// Syncs a store's event log with one git remote: commit local events → fetch → union merge →
/// import → push, retrying from the fetch when the push is refused. Each step is idempotent,
/// so a sync interrupted anywhere is completed by the next one.
public final class Syncer {
    public static let branch = "refs/heads/followup"
    public static let maximumRounds = 5

    let store: FollowupStore
    let repository: Repository
    let remoteName: String
    let remoteURL: String
    let credentials: [Credential]
    /// The client for ssh remotes (see SyncCredentials.sshTransport).
    public var sshTransport: SSHTransport = .libssh2
    /// git's credential helpers for https remotes (see SyncCredentials).
    public var credentialHelpers = CredentialHelpers([])
    /// Reads an http(s) server's own text when it refuses a fetch or push (CurlDiscoveryProbe).
    public var httpProbe: HTTPDiscoveryProbe?
    public var progress: ((TransferProgress) -> Void)?
    /// Ends the sync when the remote stops answering during a fetch or push.
    public var watchdog: StallWatchdog?
    /// Runs between the merge and the push; tests use it to race another replica.
    var beforePush: (() throws -> Void)?
    /// Fetches and pushes this syncer started (each one connection to the remote).
    public private(set) var fetches = 0
    public private(set) var pushes = 0

    /// The URL the sync's connections went to, once one was made (see resolvedRemoteURL).
    private var connectedURL: String?

    /// Held for the life of the syncer: one sync of a store at a time.
    let lock: SyncLock

    /// Writes this device's events; holds the codec every step reads and writes lines with.
    var committer: SegmentCommitter
    var codec: LineCodec { committer.codec }
    var reader: BranchReader { BranchReader(repository: repository) }

    var trackingRef: String { "refs/remotes/\(remoteName)/followup" }

    public init(store: FollowupStore, remote: SyncRemote, credentials: [Credential]) throws {
        GitLibrary.initialize()
        self.store = store
        self.remoteName = remote.name
        self.remoteURL = remote.url
        self.credentials = credentials
        lock = try SyncLock(directory: store.directory)
        do {
            repository = try SyncRepository.open(at: store.syncRepositoryURL)
        } catch {
            throw SyncError.repository((error as? GitError)?.message ?? "\(error)", path: store.syncRepositoryURL.path)
        }
        committer = SegmentCommitter(store: store, repository: repository, codec: LineCodec(keys: try store.sealingKeys()))
    }

    public func sync() throws -> SyncReport {
        var report = SyncReport(remote: remoteName)
        var lastError = ""
        if try pushWithoutFetching(&report) { return report }
        while report.rounds < Syncer.maximumRounds {
            report.rounds += 1
            let head = try committer.commitLocalEvents(&report)
            let remote = try connection()
            let before = try repository.reference(trackingRef)
            do {
                watchdog?.arm()
                defer { watchdog?.disarm() }
                fetches += 1
                // Pruned: a remote without the branch (a new, empty one) leaves no stale tracking ref.
                try remote.fetch(refspecs: ["+\(Syncer.branch):\(trackingRef)"], prune: true, progress: progress)
            } catch let error as RemoteError {
                throw failure(error)
            }
            let fetched = try repository.reference(trackingRef)
            try checkEncryption(of: fetched)
            if let before, before != fetched, try fetched.map({ try !repository.isDescendant($0, of: before) }) ?? true {
                report.remoteRewritten = true
            }
            let remoteOwnSeq = try fetched.map { try committer.ownSeq(inCommit: $0) } ?? 0
            let forks = ForkDetector(store: store, reader: reader, codec: codec)
            let merged = try UnionMerge(repository: repository, forks: forks).merge(head: head, fetched: fetched, report: &report)
            try BranchImporter(store: store, reader: reader, codec: codec).importNew(from: merged, report: &report)
            if merged == fetched {
                report.sent = 0
                return report
            }
            guard try pushBranch(remote, refused: &lastError) != nil else { continue }  // fetch and merge again
            try? repository.updateReference(trackingRef, to: merged!, expecting: fetched, message: "followup: pushed")
            report.pushed = true
            report.sent = Int(try committer.ownSeq(inCommit: merged!) - remoteOwnSeq)
            return report
        }
        throw SyncError.pushKeptFailing(attempts: report.rounds, lastError: lastError)
    }

    /// The common case in one round trip: when the branch only adds to what the last fetch
    /// saw, push straight away. The server accepts only a fast-forward, so success proves the
    /// remote had nothing new to receive; a refusal falls back to fetch–merge–push.
    func pushWithoutFetching(_ report: inout SyncReport) throws -> Bool {
        let remote = try connection()
        connectedURL = remote.resolvedURL
        // Events beyond what the remote had at the last sync: a push will follow. Over ssh, its
        // handshake and login run while the events are committed. The URL is the one libgit2
        // connects to (after insteadOf), so that the push finds this connection.
        if let tracking = try? repository.reference(trackingRef), let pushed = try? committer.ownSeq(inCommit: tracking),
           let waiting = try? store.lines(device: store.deviceID, after: pushed, limit: 1), !waiting.isEmpty {
            SSHEarlyConnections.startPush(through: sshTransport, url: remote.resolvedURL)
        }
        let head = try committer.commitLocalEvents(&report)
        guard report.forks.isEmpty, let head, let tracking = try repository.reference(trackingRef), head != tracking,
              try repository.isDescendant(head, of: tracking) else { return false }
        var refusal = ""
        guard let before = try pushBranch(remote, refused: &refusal) else { return false }
        // Accepted as a fast-forward from something other than what we last saw: the remote
        // had gone back in history. The push has put the lost events back.
        if let previous = before[Syncer.branch], previous != tracking { report.remoteRewritten = true }
        try? repository.updateReference(trackingRef, to: head, expecting: tracking, message: "followup: pushed")
        report.rounds = 1
        report.pushed = true
        report.sent = Int(try committer.ownSeq(inCommit: head) - committer.ownSeq(inCommit: tracking))
        return true
    }

    /// Pushes the branch. Returns what the remote's references pointed at before, or nil when
    /// the push was refused because the remote moved (the reason goes to `refused`); any other
    /// failure ends the sync.
    func pushBranch(_ remote: Remote, refused: inout String) throws -> [String: ObjectID?]? {
        try beforePush?()
        watchdog?.arm()
        defer { watchdog?.disarm() }
        pushes += 1
        do {
            return try remote.push(refspecs: ["\(Syncer.branch):\(Syncer.branch)"], progress: progress)
        } catch let error as RemoteError {
            switch error {
            case .nonFastForward, .pushRejected:
                refused = error.description
                return nil
            default:
                throw failure(error)
            }
        }
    }

    /// What the next sync's first ssh connection will run, as `transport` (without connection
    /// sharing) starts it; nil when the remote is not reached through an ssh program. `inputs`
    /// are what that depends on now (SSHConnectionPlan.inputs).
    public func connectionPlan(through transport: SSHTransport, inputs: [String]) throws -> SSHConnectionPlan? {
        guard case let .openSSH(command) = transport, command.controlPath == nil,
              let address = SSHAddress(url: try resolvedRemoteURL()),
              let uploadPack = try? command.arguments(for: address, service: "git-upload-pack"),
              let receivePack = try? command.arguments(for: address, service: "git-receive-pack") else { return nil }
        // No tracking ref: the remote had nothing of ours, and the next sync fetches first.
        let pushed = try repository.reference(trackingRef).map { try committer.ownSeq(inCommit: $0) } ?? .max
        return SSHConnectionPlan(url: remoteURL, device: store.deviceID, pushed: pushed, inputs: inputs,
                                 uploadPack: uploadPack, receivePack: receivePack)
    }

    /// The URL libgit2 connects to for the remote (after the user's insteadOf rewrites).
    func resolvedRemoteURL() throws -> String {
        if let connectedURL { return connectedURL }
        let url = try connection().resolvedURL
        connectedURL = url
        return url
    }

    /// The remote, with every sign of life it gives fed to the watchdog.
    func connection() throws -> Remote {
        let remote = try Remote(repository: repository, url: remoteURL, credentials: credentials)
        remote.sshTransport = sshTransport
        remote.credentialHelpers = credentialHelpers
        remote.httpProbe = httpProbe
        remote.activity = { [watchdog] in watchdog?.touch() }
        return remote
    }

    /// The sync's error for a failed fetch or push, with the remedies only followup knows.
    func failure(_ error: RemoteError) -> SyncError {
        switch error {
        case .repositoryNotFound:
            return .remote(name: remoteName, detail: error.description + " ('followup remote set-url \(remoteName) URL' changes it)")
        case let .httpStatus(_, status, _, _) where (500...599).contains(status):
            return .remoteServerFailed(name: remoteName, detail: error.description)
        case .authenticationFailed, .accessDenied, .httpStatus(_, 401, _, _), .httpStatus(_, 403, _, _):
            return .remoteRefusedAccess(name: remoteName, detail: error.description)
        case let .unknownHostKey(url, detail) where detail.contains("Host key verification failed"):
            guard let address = SSHAddress(url: url), let key = OfferedHostKey.lookUp(address) else {
                return .remote(name: remoteName, detail: error.description)
            }
            let ssh = "ssh " + (address.port.map { "-p \($0) " } ?? "") + address.destination
            return .remote(name: remoteName, detail: "the ssh host key of \(url) is not in your known_hosts (ssh: \(detail)); "
                + "the server shows the \(key.type) key \(key.fingerprint): check that fingerprint with the server's "
                + "administrator, then accept the key at a terminal with '\(ssh)', which shows the same fingerprint and asks; "
                + "or sync at a terminal")
        case let .unknownHostKey(url, detail) where sshTransport == .libssh2 && !detail.hasPrefix("CHANGED"):
            return .remote(name: remoteName, detail: libssh2HostKeyMessage(url: url, detail: detail) ?? error.description)
        default:
            return .remote(name: remoteName, detail: Syncer.explain(error))
        }
    }

    /// libgit2 says the same for a host key libssh2 does not know and one that differs from
    /// `$HOME/.ssh/known_hosts`; `ssh-keygen -F` tells them apart, and only a new one gets the
    /// command that adds it (an ed25519 line: libssh2 negotiates the type of the first line).
    func libssh2HostKeyMessage(url: String, detail: String) -> String? {
        guard let address = SSHAddress(url: url), let home = ProcessInfo.processInfo.environment["HOME"],
              let key = OfferedHostKey.lookUpForLibssh2(address) else { return nil }
        let knownHosts = home + "/.ssh/known_hosts"
        let name = address.port.map { $0 == 22 ? address.host : "[\(address.host)]:\($0)" } ?? address.host
        if OfferedHostKey.isRecorded(host: address.host, port: address.port, in: knownHosts) {
            return "the ssh host key of \(url) does not match the one recorded in \(knownHosts) (libssh2: \(detail)); the server "
                + "now shows the \(key.type) key \(key.fingerprint): do not sync until you know why, someone may be intercepting "
                + "the connection; if the server's administrator confirms that key, remove the old one with "
                + "'ssh-keygen -f \(knownHosts) -R \"\(name)\"' and sync again"
        }
        let port = address.port.map { "-p \($0) " } ?? ""
        return "the ssh host key of \(url) is not in \(knownHosts) (libssh2: \(detail)); the server shows the \(key.type) key "
            + "\(key.fingerprint): check that fingerprint with the server's administrator, then add the key with "
            + "'ssh-keyscan \(port)-t \(key.scanType) \(address.host) >> ~/.ssh/known_hosts'"
    }

    /// Adds the remedy for a lock left in a remote repository on disk by a killed process.
    static func explain(_ error: RemoteError) -> String {
        let text = error.description
        guard text.contains(".lock") else { return text }
        return text + " (if no other machine is syncing to this remote now, a sync was killed while updating it: "
            + "remove the .lock file named above)"
    }

    /// Refuses, before anything is merged or imported, a remote whose log this store cannot
    /// read or must not write to: sealed when this store is plain, plain when it seals, or
    /// sealed with keys it lacks.
    func checkEncryption(of fetched: ObjectID?) throws {
        guard let fetched else { return }
        let tree = try repository.commit(fetched).tree
        let manifest = try reader.encryptionManifest(inTree: tree)
        if codec.seals {
            if let manifest {
                let missing = manifest.keys.subtracting(codec.keys.byID.keys).sorted()
                guard missing.isEmpty else { throw SyncError.missingKeys(name: remoteName, ids: missing) }
            } else if try repository.entry(at: LogLayout.root, inTree: tree) != nil {
                throw SyncError.plainRemote(name: remoteName)
            }
        } else if manifest != nil {
            throw SyncError.encryptedRemote(name: remoteName)
        }
    }
}
