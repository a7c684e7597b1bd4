import Foundation
import GitKit
#if canImport(Glibc)
import Glibc
#endif

/// The store's own git repository, `FollowupStore.syncRepositoryURL`.
enum SyncRepository {
    /// Opens the repository, creating it atomically on first use, and clears lock files left
    /// by a sync that was killed. Call only while holding the `SyncLock`: then no other
    /// process of this store is writing to the repository, so any lock file is stale.
    static func open(at url: URL) throws -> Repository {
        let path = url.path
        let directory = url.deletingLastPathComponent()
        let stagingPrefix = url.lastPathComponent + ".new-"
        let files = FileManager.default
        if !files.fileExists(atPath: path) {
            // Made aside and renamed into place: a kill never leaves a half-made repository.
            let staging = directory.appendingPathComponent("\(stagingPrefix)\(getpid())").path
            try? files.removeItem(atPath: staging)
            let created = try Repository(creatingBareAt: staging)
            // Segments hold different events and do not delta against each other; searching
            // for deltas anyway was most of the cost of a push. The server's gc still deltas.
            try created.setConfig("pack.windowMemory", to: "1")
            guard rename(staging, path) == 0 else {
                throw SyncError.repository("cannot create \(path): \(String(cString: strerror(errno)))")
            }
        }
        for leftover in (try? files.contentsOfDirectory(atPath: directory.path)) ?? [] where leftover.hasPrefix(stagingPrefix) {
            try? files.removeItem(atPath: directory.appendingPathComponent(leftover).path)
        }
        // Reference and config locks only: objects are written under temporary names, and
        // walking the object directories would cost more than the rest of a small sync.
        for top in ["", "refs"] {
            guard let enumerator = files.enumerator(atPath: path + "/" + top) else { continue }
            for case let relative as String in enumerator {
                if top.isEmpty { enumerator.skipDescendants() }
                if relative.hasSuffix(".lock") { try? files.removeItem(atPath: path + "/" + top + "/" + relative) }
            }
        }
        return try Repository(openingBareAt: path)
    }
}

extension Repository {
    /// Moves the sync branch only from where this sync last saw it: a branch moved meanwhile
    /// means another sync of the same store got past the lock.
    func moveSyncBranch(to commit: ObjectID, from expected: ObjectID?) throws {
        do {
            try updateReference(Syncer.branch, to: commit, expecting: expected, message: "followup sync")
        } catch RepositoryError.referenceConflict {
            throw SyncError.concurrentSync
        }
    }

    /// A commit for the sync branch. Its author names no person: the branch is shared, and the
    /// events it carries are signed by their devices.
    func createSyncCommit(tree: ObjectID, parents: [ObjectID], message: String) throws -> ObjectID {
        try createCommit(tree: tree, parents: parents, message: message,
                         author: Signature(name: "followup", email: "followup@localhost", time: Date()))
    }
}
