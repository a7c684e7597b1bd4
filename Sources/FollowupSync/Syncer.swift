import FollowupCore
import Foundation
import GitKit

/// What a sync did.
public struct SyncReport: Sendable {
    public var remote: String
    /// Events of this device the remote did not have before.
    public var sent = 0
    /// Events imported from other replicas, per device id.
    public var received: [String: Int] = [:]
    public var alreadyPresent = 0
    /// Content refused, with the device, sequence number and reason.
    public var rejected: [ImportReport.Rejection] = []
    /// Devices whose history diverges between here and the remote (a copied store).
    public var forks: [String] = []
    /// The remote's branch no longer contains what an earlier fetch saw.
    public var remoteRewritten = false
    /// Fetch–merge–push rounds it took (a refused push starts a new round).
    public var rounds = 0
    public var pushed = false

    public var receivedTotal: Int { received.values.reduce(0, +) }
}

/// One device directory of the sync branch: segment index → blob.
struct DeviceLog: Equatable {
    var tree: ObjectID
    var segments: [Int: ObjectID]
}

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
    public var progress: ((TransferProgress) -> Void)?
    /// Ends the sync when the remote stops answering during a fetch or push.
    public var watchdog: StallWatchdog?
    /// Runs between the merge and the push; tests use it to race another replica.
    var beforePush: (() throws -> Void)?
    /// Fetches and pushes this syncer started (each one connection to the remote).
    public private(set) var fetches = 0
    public private(set) var pushes = 0

    var trackingRef: String { "refs/remotes/\(remoteName)/followup" }

    public init(store: FollowupStore, remote: SyncRemote, credentials: [Credential]) throws {
        GitLibrary.initialize()
        self.store = store
        self.remoteName = remote.name
        self.remoteURL = remote.url
        self.credentials = credentials
        lock = try SyncLock(directory: store.directory)
        do {
            repository = try SyncRepository.open(in: store.directory)
        } catch {
            throw SyncError.repository("\(error)")
        }
        codec = LineCodec(keys: try store.sealingKeys())
    }

    /// Plain lines, or sealed ones for a store that encrypts.
    var codec: LineCodec

    /// Held for the life of the syncer: one sync of a store at a time.
    let lock: SyncLock

    public func sync() throws -> SyncReport {
        var report = SyncReport(remote: remoteName)
        var lastError = ""
        if try pushWithoutFetching(&report) { return report }
        while report.rounds < Syncer.maximumRounds {
            report.rounds += 1
            let head = try commitLocalEvents(&report)
            let remote = try connection()
            let before = try repository.reference(trackingRef)
            do {
                watchdog?.arm()
                defer { watchdog?.disarm() }
                fetches += 1
                // Pruned: a remote without the branch (a new, empty one) leaves no stale tracking ref.
                try remote.fetch(refspecs: ["+\(Syncer.branch):\(trackingRef)"], prune: true, progress: progress)
            } catch let error as RemoteError {
                throw SyncError.remote(name: remoteName, detail: Syncer.explain(error))
            }
            let fetched = try repository.reference(trackingRef)
            try checkEncryption(of: fetched)
            if let before, before != fetched, try fetched.map({ try !repository.isDescendant($0, of: before) }) ?? true {
                report.remoteRewritten = true
            }
            let remoteOwnSeq = try fetched.map { try ownSeq(inCommit: $0) } ?? 0
            let merged = try merge(head: head, fetched: fetched, report: &report)
            try importNew(from: merged, report: &report)
            if merged == fetched {
                report.sent = 0
                return report
            }
            guard try pushBranch(remote, refused: &lastError) != nil else { continue }  // fetch and merge again
            try? repository.updateReference(trackingRef, to: merged!, expecting: fetched, message: "followup: pushed")
            report.pushed = true
            report.sent = Int(try ownSeq(inCommit: merged!) - remoteOwnSeq)
            return report
        }
        throw SyncError.pushKeptFailing(attempts: report.rounds, lastError: lastError)
    }

    /// The common case in one round trip: when the branch only adds to what the last fetch
    /// saw, push straight away. The server accepts only a fast-forward, so success proves the
    /// remote had nothing new to receive; a refusal falls back to fetch–merge–push.
    func pushWithoutFetching(_ report: inout SyncReport) throws -> Bool {
        let head = try commitLocalEvents(&report)
        guard report.forks.isEmpty, let head, let tracking = try repository.reference(trackingRef), head != tracking,
              try repository.isDescendant(head, of: tracking) else { return false }
        let remote = try connection()
        var refusal = ""
        guard let before = try pushBranch(remote, refused: &refusal) else { return false }
        // Accepted as a fast-forward from something other than what we last saw: the remote
        // had gone back in history. The push has put the lost events back.
        if let previous = before[Syncer.branch], previous != tracking { report.remoteRewritten = true }
        try? repository.updateReference(trackingRef, to: head, expecting: tracking, message: "followup: pushed")
        report.rounds = 1
        report.pushed = true
        report.sent = Int(try ownSeq(inCommit: head) - ownSeq(inCommit: tracking))
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
                throw SyncError.remote(name: remoteName, detail: Syncer.explain(error))
            }
        }
    }

    /// The remote, with every sign of life it gives fed to the watchdog.
    func connection() throws -> Remote {
        let remote = try Remote(repository: repository, url: remoteURL, credentials: credentials)
        remote.sshTransport = sshTransport
        remote.credentialHelpers = credentialHelpers
        remote.activity = { [watchdog] in watchdog?.touch() }
        return remote
    }

    /// Adds the remedy for a lock left in a remote repository on disk by a killed process.
    static func explain(_ error: RemoteError) -> String {
        let text = error.description
        guard text.contains(".lock") else { return text }
        return text + " (if no other machine is syncing to this remote now, a sync was killed while updating it: "
            + "remove the .lock file named above)"
    }

    // MARK: Step 1: commit local events

    /// Appends this device's events that the branch lacks; returns the branch head.
    func commitLocalEvents(_ report: inout SyncReport) throws -> ObjectID? {
        let head = try repository.reference(Syncer.branch)
        let baseTree = try head.map { try repository.commit($0).tree }
        let device = store.deviceID
        var inTree: Int64 = 0
        var lastSegment = Data()
        var builder = TreeBuilder(repository: repository, base: baseTree)
        if let baseTree, let (lastIndex, blob) = try self.lastSegment(of: device, inTree: baseTree) {
            // Rebuilt from the store and matched by blob id, instead of reading and inflating
            // a segment on every sync.
            if let own = try ownSegment(lastIndex, blob: blob) {
                inTree = Int64(lastIndex) * LogLayout.segmentSize + own.count
                lastSegment = own.content
            } else if let log = try deviceLogs(inTree: baseTree, odd: { _ in })[device] {
                // Events of this device the store lacks (a store restored from an older copy):
                // the import after the fetch brings them back before anything is added.
                if try branchContinuesStore(log) { return head }
                // Someone else's content in this device's directory: a copied store's history or
                // lines that are no events of ours. It is kept under forks/, reported, and the
                // directory is written again from the store (from its first event, so there is
                // always something to commit), so this device's events go on syncing instead of
                // stopping behind it.
                if !report.forks.contains(device) { report.forks.append(device) }
                try builder.insert(log.tree, at: "\(LogLayout.forks)/\(device)/\(log.tree.hex)", mode: .tree)
                try builder.remove(at: "\(LogLayout.root)/\(device)")
            }
        }
        let newLines = try store.lines(device: device, after: inTree)
        guard !newLines.isEmpty else { return head }
        if codec.seals { codec.keys = try store.sealingKeys(assigningFrom: inTree + 1) }

        if codec.seals {
            var manifest = try baseTree.flatMap { try encryptionManifest(inTree: $0) } ?? EncryptionManifest(keys: [])
            manifest.keys.formUnion(codec.keys.own.map(\.key.id))
            try builder.insert(try repository.writeBlob(manifest.data), at: EncryptionManifest.path)
        }
        var seq = inTree
        var content = inTree % LogLayout.segmentSize == 0 ? Data() : lastSegment
        var commit = head
        var firstSeq = inTree + 1
        var segmentsInCommit = 0
        func flush() throws {
            guard !content.isEmpty else { return }
            let blob = try repository.writeBlob(content)
            try builder.insert(blob, at: LogLayout.segmentPath(device: device, index: LogLayout.segmentIndex(ofSeq: seq)))
            content = Data()
            segmentsInCommit += 1
        }
        func commitSegments() throws {
            let tree = try builder.write()
            commit = try repository.createCommit(tree: tree, parents: commit.map { [$0] } ?? [],
                                                 message: "followup: events \(firstSeq)-\(seq) of device \(device)\n",
                                                 author: signature())
            builder = TreeBuilder(repository: repository, base: tree)
            firstSeq = seq + 1
            segmentsInCommit = 0
        }
        for line in newLines {
            seq += 1
            content.append(contentsOf: codec.encode(line, seq: seq).utf8)
            content.append(UInt8(ascii: "\n"))
            if seq % LogLayout.segmentSize == 0 {
                try flush()
                if segmentsInCommit == LogLayout.segmentsPerCommit { try commitSegments() }
            }
        }
        try flush()
        if segmentsInCommit > 0 { try commitSegments() }
        guard let commit else { return head }
        try moveBranch(to: commit, from: head)
        return commit
    }

    /// Whether the branch's history of this device continues the store's: the store's own
    /// lines from the segment holding its last one are there as the store would write them,
    /// and every line after them is an event of this device, in sequence, signed by its key.
    func branchContinuesStore(_ log: DeviceLog) throws -> Bool {
        let device = store.deviceID
        let have = try store.deviceHeads()[device] ?? 0
        let first = have == 0 ? 0 : LogLayout.segmentIndex(ofSeq: have)
        let indices = log.segments.keys.filter { $0 >= first }.sorted()
        guard indices.first == first, indices.last! - first + 1 == indices.count else { return false }
        var seq = Int64(first) * LogLayout.segmentSize
        var ours = try store.lines(device: device, after: seq, limit: Int(have - seq))[...]
        let publicKey = store.publicKey
        for index in indices {
            guard try isReadableSegment(log.segments[index]!) else { return false }
            let data = try repository.readBlob(log.segments[index]!, limit: LogLayout.maximumSegmentBytes)
            for line in data.split(separator: UInt8(ascii: "\n")) {
                seq += 1
                guard let text = String(validating: line, as: UTF8.self) else { return false }
                if let own = ours.popFirst() {
                    guard text == codec.encode(own, seq: seq) else { return false }
                    continue
                }
                guard let plain = try? codec.decode(text), let event = try? Event(line: plain), event.device == device,
                      event.seq == seq, DeviceKey.verify(event, publicKey: publicKey) else { return false }
            }
        }
        return ours.isEmpty && seq > have
    }

    func segmentData<Lines: Sequence<String>>(_ lines: Lines) -> Data {
        var data = Data()
        for line in lines {
            data.append(contentsOf: line.utf8)
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }

    /// How many of this store's own events `blob` (segment `index` of this device) holds, and
    /// its content, if it is exactly the store's lines: found from the blob's size, confirmed
    /// by its id.
    func ownSegment(_ index: Int, blob: ObjectID) throws -> (count: Int64, content: Data)? {
        let size = try repository.objectHeader(blob).size
        let start = Int64(index) * LogLayout.segmentSize
        var total = 0
        var count = 0
        for lineSize in try store.lineSizes(device: store.deviceID, after: start, limit: Int(LogLayout.segmentSize)) {
            guard total < size else { break }
            total += codec.encodedSize(lineSize) + 1
            count += 1
        }
        guard total == size else { return nil }
        let lines = try store.lines(device: store.deviceID, after: start, limit: count)
        let content = segmentData(lines.enumerated().map { codec.encode($0.element, seq: start + Int64($0.offset) + 1) })
        return try Repository.blobID(of: content) == blob ? (Int64(count), content) : nil
    }

    func signature() -> Signature {
        Signature(name: "followup", email: "followup@localhost", time: Date())
    }

    func moveBranch(to commit: ObjectID, from expected: ObjectID?) throws {
        do {
            try repository.updateReference(Syncer.branch, to: commit, expecting: expected, message: "followup sync")
        } catch RepositoryError.referenceConflict {
            throw SyncError.concurrentSync
        }
    }

    // MARK: Step 2: merge

    /// Refuses, before anything is merged or imported, a remote whose log this store cannot
    /// read or must not write to: sealed when this store is plain, plain when it seals, or
    /// sealed with keys it lacks.
    func checkEncryption(of fetched: ObjectID?) throws {
        guard let fetched else { return }
        let tree = try repository.commit(fetched).tree
        let manifest = try encryptionManifest(inTree: tree)
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

    func encryptionManifest(inTree tree: ObjectID) throws -> EncryptionManifest? {
        guard let entry = try repository.entry(at: EncryptionManifest.path, inTree: tree), entry.mode == .blob else { return nil }
        return try EncryptionManifest(data: repository.readBlob(entry.id, limit: 1 << 20))
    }

    /// Fast-forwards, keeps, or writes a union-merge commit; returns the new branch head.
    func merge(head: ObjectID?, fetched: ObjectID?, report: inout SyncReport) throws -> ObjectID? {
        guard let fetched else { return head }
        guard let head else {
            try moveBranch(to: fetched, from: nil)
            return fetched
        }
        if try head == fetched || repository.isDescendant(head, of: fetched) { return head }
        let ours = try repository.commit(head).tree
        let theirs = try repository.commit(fetched).tree
        let union = try unionTree(ours: ours, theirs: theirs, report: &report)
        // The remote already holds everything ours does (it descends from us, or a rebuilt
        // branch wrote the same content again): adopt it rather than write a merge.
        if union == theirs {
            try moveBranch(to: fetched, from: head)
            return fetched
        }
        let commit = try repository.createCommit(tree: union, parents: [head, fetched],
                                                 message: "followup: merge\n", author: signature())
        try moveBranch(to: commit, from: head)
        return commit
    }

    func isReadableSegment(_ blob: ObjectID) throws -> Bool {
        try repository.objectHeader(blob).size <= LogLayout.maximumSegmentBytes
    }

    /// Our tree plus every device history of theirs that extends ours; divergent histories
    /// (forks) keep our side in `log/` and theirs under `forks/`, so nothing is lost.
    func unionTree(ours: ObjectID, theirs: ObjectID, report: inout SyncReport) throws -> ObjectID {
        let ourDevices = try deviceLogs(inTree: ours, odd: { _ in })
        let theirDevices = try deviceLogs(inTree: theirs, report: &report)
        var builder = TreeBuilder(repository: repository, base: ours)
        for (device, their) in theirDevices.sorted(by: { $0.key < $1.key }) {
            guard let our = ourDevices[device] else {
                try builder.insert(their.tree, at: "\(LogLayout.root)/\(device)", mode: .tree)
                continue
            }
            guard our.tree != their.tree else { continue }
            var takes: [(Int, ObjectID)] = []
            var forked = false
            for index in Set(our.segments.keys).union(their.segments.keys).sorted() {
                var mine = our.segments[index], other = their.segments[index]
                if mine == other { continue }
                // No real device writes a segment this large: refuse theirs before reading it, so
                // one such file on the remote cannot stop every replica's sync; an unreadable one
                // of ours gives way to theirs.
                if let blob = other, try !isReadableSegment(blob) {
                    report.rejected.append(.init(device: device, seq: nil, eventID: nil,
                                                 reason: "segment \(index) refused: \(try repository.objectHeader(blob).size) bytes, more than \(LogLayout.segmentSize) events can take"))
                    other = nil
                }
                if let blob = mine, other != nil, try !isReadableSegment(blob) { mine = nil }
                guard let mine else { if let other { takes.append((index, other)) }; continue }
                guard let other else { continue }
                let a = try repository.readBlob(mine, limit: LogLayout.maximumSegmentBytes)
                let b = try repository.readBlob(other, limit: LogLayout.maximumSegmentBytes)
                if b.count > a.count, b.starts(with: a) {
                    takes.append((index, other))
                } else if !(a.count >= b.count && a.starts(with: b)) {
                    forked = true
                    break
                }
            }
            if forked {
                if !report.forks.contains(device) { report.forks.append(device) }
                try builder.insert(their.tree, at: "\(LogLayout.forks)/\(device)/\(their.tree.hex)", mode: .tree)
                continue
            }
            for (index, blob) in takes {
                try builder.insert(blob, at: LogLayout.segmentPath(device: device, index: index))
            }
        }
        if let their = try encryptionManifest(inTree: theirs) {
            let our = try encryptionManifest(inTree: ours) ?? EncryptionManifest(keys: [])
            if !their.keys.isSubset(of: our.keys) {
                try builder.insert(try repository.writeBlob(EncryptionManifest(keys: our.keys.union(their.keys)).data),
                                   at: EncryptionManifest.path)
            }
        }
        if let theirForks = try repository.entry(at: LogLayout.forks, inTree: theirs), theirForks.mode == .tree {
            for entry in try repository.files(inTree: theirForks.id) where try repository.entry(at: "\(LogLayout.forks)/\(entry.path)", inTree: ours) == nil {
                try builder.insert(entry.id, at: "\(LogLayout.forks)/\(entry.path)")
            }
        }
        return try builder.write()
    }

    /// The device directories of a tree; odd entries are reported and skipped.
    func deviceLogs(inTree tree: ObjectID, report: inout SyncReport) throws -> [String: DeviceLog] {
        var reasons: [String] = []
        let logs = try deviceLogs(inTree: tree) { reasons.append($0) }
        for reason in reasons where !report.rejected.contains(where: { $0.reason == reason }) {
            report.rejected.append(.init(device: nil, seq: nil, eventID: nil, reason: reason))
        }
        return logs
    }

    func deviceLogs(inTree tree: ObjectID, odd: (String) -> Void) throws -> [String: DeviceLog] {
        guard let root = try repository.entry(at: LogLayout.root, inTree: tree), root.mode == .tree else { return [:] }
        var logs: [String: DeviceLog] = [:]
        for entry in try repository.entries(inTree: root.id) {
            guard LogLayout.isDeviceName(entry.path), entry.mode == .tree else {
                odd("unexpected path '\(LogLayout.root)/\(entry.path)' in the remote, ignored")
                continue
            }
            var segments: [Int: ObjectID] = [:]
            for group in try repository.entries(inTree: entry.id) {
                let groupPath = "\(LogLayout.root)/\(entry.path)/\(group.path)"
                guard group.mode == .tree, let groupIndex = LogLayout.groupIndex(directoryName: group.path) else {
                    odd("unexpected path '\(groupPath)' in the remote, ignored")
                    continue
                }
                for file in try repository.entries(inTree: group.id) {
                    guard file.mode == .blob, let index = LogLayout.segmentIndex(fileName: file.path),
                          index / LogLayout.segmentsPerGroup == groupIndex else {
                        odd("unexpected path '\(groupPath)/\(file.path)' in the remote, ignored")
                        continue
                    }
                    segments[index] = file.id
                }
            }
            logs[entry.path] = DeviceLog(tree: entry.id, segments: segments)
        }
        return logs
    }

    /// The highest segment of a device's log in a tree, as `deviceLogs` would find it, read
    /// from the last group directory down to the first that holds a segment: the cost of an
    /// append does not grow with the history (a full listing of a million events is 7 813
    /// entries, read three times per sync).
    func lastSegment(of device: String, inTree tree: ObjectID) throws -> (index: Int, blob: ObjectID)? {
        guard let root = try repository.entry(at: LogLayout.root, inTree: tree), root.mode == .tree,
              let log = try repository.entry(at: device, inTree: root.id), log.mode == .tree else { return nil }
        let groups = try repository.entries(inTree: log.id).compactMap { group -> (index: Int, tree: ObjectID)? in
            guard group.mode == .tree, let index = LogLayout.groupIndex(directoryName: group.path) else { return nil }
            return (index, group.id)
        }
        for group in groups.sorted(by: { $0.index > $1.index }) {
            var last: (index: Int, blob: ObjectID)?
            for file in try repository.entries(inTree: group.tree) {
                guard file.mode == .blob, let index = LogLayout.segmentIndex(fileName: file.path),
                      index / LogLayout.segmentsPerGroup == group.index, index > last?.index ?? -1 else { continue }
                last = (index, file.id)
            }
            if let last { return last }
        }
        return nil
    }

    /// How many events of this device the commit's tree holds.
    func ownSeq(inCommit commit: ObjectID) throws -> Int64 {
        guard let (last, blob) = try lastSegment(of: store.deviceID, inTree: repository.commit(commit).tree) else { return 0 }
        // A segment too large for any device to have written holds none of ours.
        guard try isReadableSegment(blob) else { return Int64(last) * LogLayout.segmentSize }
        if let own = try ownSegment(last, blob: blob) {
            return Int64(last) * LogLayout.segmentSize + own.count
        }
        let data = try repository.readBlob(blob, limit: LogLayout.maximumSegmentBytes)
        return Int64(last) * LogLayout.segmentSize + Int64(data.split(separator: UInt8(ascii: "\n")).count)
    }

    // MARK: Step 3: import

    /// Imports the events of the branch the store does not have, reading only the segments
    /// from each device's stored head onwards.
    func importNew(from head: ObjectID?, report: inout SyncReport) throws {
        guard let head else { return }
        let logs = try deviceLogs(inTree: repository.commit(head).tree, odd: { _ in })
        let heads = try store.deviceHeads()
        for (device, log) in logs.sorted(by: { $0.key < $1.key }) {
            let have = heads[device] ?? 0
            var batch: [String] = []
            var seqs: [Int64] = []
            func flush() throws {
                guard !batch.isEmpty else { return }
                let imported = try store.importLines(batch)
                if imported.imported > 0 { report.received[device, default: 0] += imported.imported }
                report.alreadyPresent += imported.alreadyPresent
                // A line that is no event names no device: it is where it was found.
                report.rejected += imported.rejected.map { rejection in
                    guard rejection.device == nil, let line = rejection.line else { return rejection }
                    return .init(device: device, seq: seqs[line], eventID: nil, reason: rejection.reason)
                }
                for fork in imported.forkedDevices where !report.forks.contains(fork) { report.forks.append(fork) }
                batch.removeAll(keepingCapacity: true)
                seqs.removeAll(keepingCapacity: true)
            }
            for index in log.segments.keys.sorted() where index >= LogLayout.segmentIndex(ofSeq: have + 1) {
                let data: Data
                do {
                    data = try repository.readBlob(log.segments[index]!, limit: LogLayout.maximumSegmentBytes)
                } catch {
                    report.rejected.append(.init(device: device, seq: nil, eventID: nil, reason: "segment \(index) refused: \(error)"))
                    break
                }
                // Split as an array: slicing Data byte by byte cost more than checking the lines.
                let lines = [UInt8](data).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                for (offset, line) in lines.enumerated() {
                    let seq = Int64(index) * LogLayout.segmentSize + Int64(offset) + 1
                    guard seq > have, !line.isEmpty else { continue }
                    guard offset < Int(LogLayout.segmentSize) else {
                        report.rejected.append(.init(device: device, seq: seq, eventID: nil, reason: "segment \(index) holds more than \(LogLayout.segmentSize) events"))
                        break
                    }
                    // Checked, not repaired: a replaced byte would only surface as a bad signature.
                    guard let text = String(validating: line, as: UTF8.self) else {
                        report.rejected.append(.init(device: device, seq: seq, eventID: nil, reason: "the line is not UTF-8 text"))
                        continue
                    }
                    do {
                        batch.append(try codec.decode(text))
                        seqs.append(seq)
                    } catch {
                        report.rejected.append(.init(device: device, seq: seq, eventID: nil, reason: "\(error)"))
                    }
                }
                if batch.count >= 20_000 { try flush() }
            }
            try flush()
        }
    }
}
