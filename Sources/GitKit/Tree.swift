import CLibGit2

/// The mode git records for a tree entry.
public struct FileMode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A regular file (100644).
    public static let blob = FileMode(rawValue: GIT_FILEMODE_BLOB.rawValue)
    /// An executable file (100755).
    public static let executable = FileMode(rawValue: GIT_FILEMODE_BLOB_EXECUTABLE.rawValue)
    /// A symbolic link (120000).
    public static let link = FileMode(rawValue: GIT_FILEMODE_LINK.rawValue)
    /// A directory (040000).
    public static let tree = FileMode(rawValue: GIT_FILEMODE_TREE.rawValue)
    /// A submodule commit (160000).
    public static let commit = FileMode(rawValue: GIT_FILEMODE_COMMIT.rawValue)

    public var description: String { String(rawValue, radix: 8) }
}

/// One entry of a tree, named by its full path from the root tree.
public struct TreeEntry: Hashable, Sendable {
    /// Slash-separated path from the root, e.g. `log/abcd1234/000001.jsonl`.
    public let path: String
    /// The blob (or tree, for `.tree` entries) id.
    public let id: ObjectID
    /// The recorded mode.
    public let mode: FileMode
}

extension Repository {
    /// Every file below `tree`, depth first in git's order; subtrees themselves are not listed.
    public func files(inTree tree: ObjectID) throws(GitError) -> [TreeEntry] {
        var result: [TreeEntry] = []
        try collectFiles(tree, prefix: "", into: &result)
        return result
    }

    /// The entries directly in `tree`, subtrees included.
    public func entries(inTree tree: ObjectID) throws(GitError) -> [TreeEntry] {
        let handle = try lookupTree(tree)
        return (0..<git_tree_entrycount(handle.pointer)).compactMap { index in
            git_tree_entry_byindex(handle.pointer, index).map { Self.entry($0, prefix: "") }
        }
    }

    /// The entry at `path` below `tree`, or `nil` when nothing is there.
    public func entry(at path: String, inTree tree: ObjectID) throws(GitError) -> TreeEntry? {
        let handle = try lookupTree(tree)
        var out: OpaquePointer?
        let code = git_tree_entry_bypath(&out, handle.pointer, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "git_tree_entry_bypath(\(path))")
        guard let out else { return nil }
        let owned = Managed<OpaquePointer>(out, free: { git_tree_entry_free($0) })
        let mode = FileMode(rawValue: git_tree_entry_filemode(owned.pointer).rawValue)
        return TreeEntry(path: path, id: ObjectID(git_tree_entry_id(owned.pointer)), mode: mode)
    }

    private func collectFiles(_ tree: ObjectID, prefix: String, into result: inout [TreeEntry]) throws(GitError) {
        let handle = try lookupTree(tree)
        for index in 0..<git_tree_entrycount(handle.pointer) {
            guard let raw = git_tree_entry_byindex(handle.pointer, index) else { continue }
            let entry = Self.entry(raw, prefix: prefix)
            if entry.mode == .tree {
                try collectFiles(entry.id, prefix: entry.path + "/", into: &result)
            } else {
                result.append(entry)
            }
        }
    }

    // The entry pointer is borrowed from its tree, which the caller keeps alive.
    private static func entry(_ raw: OpaquePointer, prefix: String) -> TreeEntry {
        let name = String(cString: git_tree_entry_name(raw))
        return TreeEntry(
            path: prefix + name,
            id: ObjectID(git_tree_entry_id(raw)),
            mode: FileMode(rawValue: git_tree_entry_filemode(raw).rawValue))
    }
}
