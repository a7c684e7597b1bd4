import GitKit

extension Syncer {
    /// The configuration key holding the URL the remote's tracking reference was fetched from.
    var trackedURLKey: String { "followup-remote.\(remoteName).url" }

    /// Drops the tracking reference when it was fetched from another URL than the remote's now.
    ///
    /// After `remote set-url`, or `remote remove` and `remote add` under the same name, the old
    /// reference describes another repository: compared with the new one (say a copy one sync
    /// behind), it would report a history rewrite that never happened. The first sync from the new
    /// URL starts without it, as a first sync does.
    public func forgetTrackingOfAnotherURL() throws {
        do {
            let tracked = try repository.config(trackedURLKey)
            if tracked != remoteURL {
                if tracked != nil { try repository.deleteReference(trackingRef) }
                try repository.setConfig(trackedURLKey, to: remoteURL)
            }
        } catch {
            throw SyncError.repository(error.message, path: store.syncRepositoryURL.path)
        }
    }
}
