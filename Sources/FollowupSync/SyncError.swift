/// Why a sync could not complete; the store is unchanged by a failed step.
public enum SyncError: Error, CustomStringConvertible, Sendable {
    /// Another sync of the same store moved the branch meanwhile.
    case concurrentSync
    /// Pushes kept being refused after fetching and merging again.
    case pushKeptFailing(attempts: Int, lastError: String)
    /// Talking to the remote failed.
    case remote(name: String, detail: String)
    /// The remote's server failed (an HTTP 5xx): trying again later may work.
    case remoteServerFailed(name: String, detail: String)
    /// The remote refused the credentials, or this user's access to the repository.
    case remoteRefusedAccess(name: String, detail: String)
    /// The local sync repository (at `path`, when known) could not be read or written.
    case repository(String, path: String? = nil)
    /// The remote's branch holds what followup cannot read (not the store's events).
    case unreadableRemote(String)
    /// The remote holds a sealed log and this store has no sync key.
    case encryptedRemote(name: String)
    /// The remote holds a plain-text log and this store seals what it syncs.
    case plainRemote(name: String)
    /// The remote holds events sealed with keys this store lacks.
    case missingKeys(name: String, ids: [String])
    /// The remote was written by a newer followup.
    case newerFormat(String)

    public var description: String {
        switch self {
        case .concurrentSync:
            "another sync of this store is running; try again when it has finished"
        case .pushKeptFailing(let attempts, let lastError):
            "the remote refused the push \(attempts) times (\(lastError)); check that nothing else rewrites the branch, then sync again"
        case .remote(let name, let detail), .remoteRefusedAccess(let name, let detail):
            "cannot sync with \(name): \(detail)"
        case .remoteServerFailed(let name, let detail):
            "cannot sync with \(name): \(detail) (nothing is lost: the next sync completes this one)"
        case .repository(let detail, nil):
            "the store's sync repository failed: \(detail)"
        case .repository(let detail, let path?):
            // The repository only holds the branch as last synced: the store holds this device's
            // events and the remote everyone's, so a new repository is rebuilt from the two.
            "the store's sync repository failed: \(detail); it holds only a copy of the synced log: move it aside "
                + "(mv \(path) \(path).broken) and sync again to rebuild it from the store and the remote"
        case .unreadableRemote(let detail):
            "\(detail): something other than followup wrote to the remote's followup branch; sync with a new empty "
                + "repository ('followup remote set-url NAME URL'); nothing was changed"
        case .encryptedRemote(let name):
            "\(name) holds an encrypted log and this store has no sync key: import it with 'followup key import FILE' "
                + "(made by 'followup key export' on a machine that syncs with \(name)); nothing was changed"
        case .plainRemote(let name):
            "\(name) holds a plain-text log and this store encrypts what it syncs: that history stays readable there, "
                + "so sync with a new empty repository ('followup remote set-url \(name) URL'); nothing was changed"
        case .missingKeys(let name, let ids):
            "\(name) holds events sealed with key\(ids.count == 1 ? "" : "s") \(ids.joined(separator: ", ")), which this store "
                + "does not hold: import \(ids.count == 1 ? "it" : "them") with 'followup key import FILE' from a machine that has "
                + "\(ids.count == 1 ? "it" : "them") ('followup key export'); if none has, those events cannot be recovered, "
                + "but this store's own events are intact and a new empty remote starts afresh; nothing was changed"
        case .newerFormat(let detail):
            detail
        }
    }
}
