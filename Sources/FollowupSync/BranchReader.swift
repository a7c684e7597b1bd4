import Foundation
import GitKit

/// One device directory of the sync branch: segment index → blob.
struct DeviceLog: Equatable {
    var tree: ObjectID
    var segments: [Int: ObjectID]
}

/// Reads the sync branch's trees as `LogLayout` lays them out. What does not fit the layout
/// is named to the caller and skipped, never read as events.
struct BranchReader {
    let repository: Repository

    /// The device directories of a tree; odd entries are reported as rejections and skipped.
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

    /// No real device writes a segment larger than this: such a blob is refused unread.
    func isReadableSegment(_ blob: ObjectID) throws -> Bool {
        try repository.objectHeader(blob).size <= LogLayout.maximumSegmentBytes
    }

    func readSegment(_ blob: ObjectID) throws -> Data {
        try repository.readBlob(blob, limit: LogLayout.maximumSegmentBytes)
    }

    func encryptionManifest(inTree tree: ObjectID) throws -> EncryptionManifest? {
        guard let entry = try repository.entry(at: EncryptionManifest.path, inTree: tree), entry.mode == .blob else { return nil }
        return try EncryptionManifest(data: repository.readBlob(entry.id, limit: 1 << 20))
    }
}
