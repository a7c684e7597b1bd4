/// Why a sync could not complete; the store is unchanged by a failed step.
public enum SyncError: Error, CustomStringConvertible, Sendable {
    /// Another sync of the same store moved the branch meanwhile.
    case concurrentSync
    /// Pushes kept being refused after fetching and merging again.
    case pushKeptFailing(attempts: Int, lastError: String)
    /// Talking to the remote failed.
    case remote(name: String, detail: String)
    /// The local sync repository could not be read or written.
    case repository(String)

    public var description: String {
        switch self {
        case .concurrentSync:
            "another sync of this store is running; try again when it has finished"
        case .pushKeptFailing(let attempts, let lastError):
            "the remote refused the push \(attempts) times (\(lastError)); check that nothing else rewrites the branch, then sync again"
        case .remote(let name, let detail):
            "cannot sync with \(name): \(detail)"
        case .repository(let detail):
            "the store's sync repository failed: \(detail)"
        }
    }
}
