import FollowupCore
import Foundation
import GitKit

/// Writes this device's events onto the sync branch as segments (`LogLayout`), and tells how
/// many of them a commit holds. It owns the codec: sealing a new stretch of events assigns
/// the newest key its first sequence number, and every later step encodes with that.
struct SegmentCommitter {
    let store: FollowupStore
    let repository: Repository
    /// Plain lines, or sealed ones for a store that encrypts.
    var codec: LineCodec
    /// `ownSeq` of the commits this sync has counted or made: a commit's tree never changes,
    /// and counting means hashing a rebuilt segment, on the path of every sync.
    var ownSeqs: [ObjectID: Int64] = [:]

    var reader: BranchReader { BranchReader(repository: repository) }

    /// Appends this device's events that the branch lacks; returns the branch head.
    mutating func commitLocalEvents(_ report: inout SyncReport) throws -> ObjectID? {
        let head = try repository.reference(Syncer.branch)
        let baseTree = try head.map { try repository.commit($0).tree }
        let device = store.deviceID
        var eventsInTree: Int64 = 0
        var lastSegment = Data()
        var builder = TreeBuilder(repository: repository, base: baseTree)
        if let baseTree, let (lastIndex, blob) = try reader.lastSegment(of: device, inTree: baseTree) {
            // Rebuilt from the store and matched by blob id, instead of reading and inflating
            // a segment on every sync.
            if let own = try ownSegment(lastIndex, blob: blob) {
                eventsInTree = Int64(lastIndex) * LogLayout.segmentSize + own.count
                lastSegment = own.content
            } else if let log = try reader.deviceLogs(inTree: baseTree, odd: { _ in })[device] {
                // Events of this device the store lacks (a store restored from an older copy):
                // the import after the fetch brings them back before anything is added.
                if try ForkDetector(store: store, reader: reader, codec: codec).branchContinuesStore(log) { return head }
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
        let newLines = try store.lines(device: device, after: eventsInTree)
        guard !newLines.isEmpty else { return head }
        if codec.seals { codec.keys = try store.sealingKeys(assigningFrom: eventsInTree + 1) }

        if codec.seals {
            var manifest = try baseTree.flatMap { try reader.encryptionManifest(inTree: $0) } ?? EncryptionManifest(keys: [])
            manifest.keys.formUnion(codec.keys.own.map(\.key.id))
            try builder.insert(try repository.writeBlob(manifest.data), at: EncryptionManifest.path)
        }
        var seq = eventsInTree
        var content = eventsInTree % LogLayout.segmentSize == 0 ? Data() : lastSegment
        var commit = head
        var firstSeqOfCommit = eventsInTree + 1
        var segmentsInCommit = 0
        func writeSegment() throws {
            guard !content.isEmpty else { return }
            let blob = try repository.writeBlob(content)
            try builder.insert(blob, at: LogLayout.segmentPath(device: device, index: LogLayout.segmentIndex(ofSeq: seq)))
            content = Data()
            segmentsInCommit += 1
        }
        func commitSegments() throws {
            let tree = try builder.write()
            commit = try repository.createSyncCommit(tree: tree, parents: commit.map { [$0] } ?? [],
                                                     message: "followup: events \(firstSeqOfCommit)-\(seq) of device \(device)\n")
            ownSeqs[commit!] = seq
            builder = TreeBuilder(repository: repository, base: tree)
            firstSeqOfCommit = seq + 1
            segmentsInCommit = 0
        }
        for line in newLines {
            seq += 1
            content.append(contentsOf: codec.encode(line, seq: seq).utf8)
            content.append(UInt8(ascii: "\n"))
            if seq % LogLayout.segmentSize == 0 {
                try writeSegment()
                if segmentsInCommit == LogLayout.segmentsPerCommit { try commitSegments() }
            }
        }
        try writeSegment()
        if segmentsInCommit > 0 { try commitSegments() }
        guard let commit else { return head }
        try repository.moveSyncBranch(to: commit, from: head)
        return commit
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

    /// How many events of this device the commit's tree holds.
    mutating func ownSeq(inCommit commit: ObjectID) throws -> Int64 {
        if let known = ownSeqs[commit] { return known }
        let counted = try countOwnSeq(inCommit: commit)
        ownSeqs[commit] = counted
        return counted
    }

    private func countOwnSeq(inCommit commit: ObjectID) throws -> Int64 {
        guard let (last, blob) = try reader.lastSegment(of: store.deviceID, inTree: repository.commit(commit).tree) else { return 0 }
        // A segment too large for any device to have written holds none of ours.
        guard try reader.isReadableSegment(blob) else { return Int64(last) * LogLayout.segmentSize }
        if let own = try ownSegment(last, blob: blob) {
            return Int64(last) * LogLayout.segmentSize + own.count
        }
        let data = try reader.readSegment(blob)
        return Int64(last) * LogLayout.segmentSize + Int64(data.split(separator: UInt8(ascii: "\n")).count)
    }

    private func segmentData(_ lines: [String]) -> Data {
        var data = Data()
        for line in lines {
            data.append(contentsOf: line.utf8)
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }
}
