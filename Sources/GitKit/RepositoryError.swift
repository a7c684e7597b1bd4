/// Failures of repository operations that are not a bare libgit2 error.
public enum RepositoryError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A reference did not hold the value the caller expected (compare-and-swap lost a race).
    case referenceConflict(name: String, expected: ObjectID?, actual: ObjectID?)
    /// A blob is larger than the caller allows reading into memory.
    case blobTooLarge(id: ObjectID, size: Int, limit: Int)
    /// The object exists but is of another kind than asked for.
    case unexpectedObjectKind(id: ObjectID, expected: ObjectKind, actual: ObjectKind)
    /// A path inside a tree is empty, absolute or has `.`, `..`, `.git` or empty components.
    case invalidTreePath(String)
    /// A hex string is not a 40-digit object id.
    case invalidObjectID(String)
    /// The directory exists but holds no bare repository.
    case notABareRepository(path: String)

    public var description: String {
        switch self {
        case let .referenceConflict(name, expected, actual):
            "reference \(name) is \(actual?.hex ?? "absent"), expected \(expected?.hex ?? "absent"): "
                + "it was updated concurrently; re-read it and retry"
        case let .blobTooLarge(id, size, limit):
            "blob \(id.hex) has \(size) bytes, more than the limit of \(limit) bytes"
        case let .unexpectedObjectKind(id, expected, actual):
            "object \(id.hex) is a \(actual), expected a \(expected)"
        case let .invalidTreePath(path):
            "invalid path in tree: \"\(path)\" (use relative paths like dir/file without ., .. or .git)"
        case let .invalidObjectID(text):
            "not an object id: \"\(text)\" (expected 40 hexadecimal digits)"
        case let .notABareRepository(path):
            "\(path) is not a bare git repository"
        }
    }
}
