import FollowupCore
import Foundation
import GitKit

/// Joins the fetched branch with ours. Each device only appends to its own directory, so two
/// branches always have a union: every device's longer history, with diverging ones kept
/// aside under `forks/` so nothing is lost.
struct UnionMerge {
    let repository: Repository
    let forks: ForkDetector

    var reader: BranchReader { forks.reader }

    /// Fast-forwards, keeps, or writes a union-merge commit; returns the new branch head.
    func merge(head: ObjectID?, fetched: ObjectID?, report: inout SyncReport) throws -> ObjectID? {
        guard let fetched else { return head }
        guard let head else {
            try repository.moveSyncBranch(to: fetched, from: nil)
            return fetched
        }
        if try head == fetched || repository.isDescendant(head, of: fetched) { return head }
        let ours = try repository.commit(head).tree
        let theirs = try repository.commit(fetched).tree
        let union = try unionTree(ours: ours, theirs: theirs, report: &report)
        // The remote already holds everything ours does (it descends from us, or a rebuilt
        // branch wrote the same content again): adopt it rather than write a merge.
        if union == theirs {
            try repository.moveSyncBranch(to: fetched, from: head)
            return fetched
        }
        let commit = try repository.createSyncCommit(tree: union, parents: [head, fetched], message: "followup: merge\n")
        try repository.moveSyncBranch(to: commit, from: head)
        return commit
    }

    /// Our tree plus every device history of theirs that extends ours; divergent histories
    /// (forks) keep our side in `log/` and theirs under `forks/`.
    func unionTree(ours: ObjectID, theirs: ObjectID, report: inout SyncReport) throws -> ObjectID {
        let ourDevices = try reader.deviceLogs(inTree: ours, odd: { _ in })
        let theirDevices = try reader.deviceLogs(inTree: theirs, report: &report)
        var builder = TreeBuilder(repository: repository, base: ours)
        for (device, theirLog) in theirDevices.sorted(by: { $0.key < $1.key }) {
            guard let ourLog = ourDevices[device] else {
                try builder.insert(theirLog.tree, at: "\(LogLayout.root)/\(device)", mode: .tree)
                continue
            }
            guard ourLog.tree != theirLog.tree else { continue }
            switch try forks.compare(ours: ourLog, theirs: theirLog, device: device, report: &report) {
            case .forked:
                if !report.forks.contains(device) { report.forks.append(device) }
                try builder.insert(theirLog.tree, at: "\(LogLayout.forks)/\(device)/\(theirLog.tree.hex)", mode: .tree)
            case .extends(let newerSegments):
                for (index, blob) in newerSegments {
                    try builder.insert(blob, at: LogLayout.segmentPath(device: device, index: index))
                }
            }
        }
        if let theirManifest = try reader.encryptionManifest(inTree: theirs) {
            let ourManifest = try reader.encryptionManifest(inTree: ours) ?? EncryptionManifest(keys: [])
            if !theirManifest.keys.isSubset(of: ourManifest.keys) {
                try builder.insert(try repository.writeBlob(EncryptionManifest(keys: ourManifest.keys.union(theirManifest.keys)).data),
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
}
