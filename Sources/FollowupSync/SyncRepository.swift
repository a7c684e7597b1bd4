import Foundation
import GitKit
#if canImport(Glibc)
import Glibc
#endif

/// The store's own git repository, `<store>/sync.git`.
enum SyncRepository {
    /// Opens the repository, creating it atomically on first use, and clears lock files left
    /// by a sync that was killed. Call only while holding the `SyncLock`: then no other
    /// process of this store is writing to the repository, so any lock file is stale.
    static func open(in directory: URL) throws -> Repository {
        let path = directory.appendingPathComponent("sync.git").path
        let files = FileManager.default
        if !files.fileExists(atPath: path) {
            // Made aside and renamed into place: a kill never leaves a half-made repository.
            let staging = directory.appendingPathComponent("sync.git.new-\(getpid())").path
            try? files.removeItem(atPath: staging)
            let created = try Repository(creatingBareAt: staging)
            // Segments hold different events and do not delta against each other; searching
            // for deltas anyway was most of the cost of a push. The server's gc still deltas.
            try created.setConfig("pack.windowMemory", to: "1")
            guard rename(staging, path) == 0 else {
                throw SyncError.repository("cannot create \(path): \(String(cString: strerror(errno)))")
            }
        }
        for leftover in (try? files.contentsOfDirectory(atPath: directory.path)) ?? [] where leftover.hasPrefix("sync.git.new-") {
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
