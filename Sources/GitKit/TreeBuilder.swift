import CLibGit2

/// Builds a tree from an optional existing tree plus files inserted or removed at nested paths.
///
/// Only the directories on changed paths are rewritten; untouched subtrees are reused by id.
/// Directories left empty by removals disappear, as git has no empty directories.
public struct TreeBuilder {
    private let repository: Repository
    private let base: ObjectID?
    private var root = Directory(inheritsBase: true)

    /// Starts from `base` (a tree id), or from an empty tree when `nil`.
    public init(repository: Repository, base: ObjectID? = nil) {
        self.repository = repository
        self.base = base
    }

    /// Puts `blob` at `path` (e.g. `log/abcd1234/000001.jsonl`), replacing whatever was there.
    public mutating func insert(_ blob: ObjectID, at path: String, mode: FileMode = .blob) throws(RepositoryError) {
        let components = try Self.components(of: path)
        root.set(.file(blob, mode), at: components[...])
    }

    /// Removes the file or directory at `path`; removing something absent is not an error.
    public mutating func remove(at path: String) throws(RepositoryError) {
        let components = try Self.components(of: path)
        root.set(.removed, at: components[...])
    }

    /// Writes the changed trees to the object database and returns the root tree's id.
    public func write() throws(GitError) -> ObjectID {
        try write(root, base: base).id
    }

    private func write(_ directory: Directory, base: ObjectID?) throws(GitError) -> (id: ObjectID, count: Int) {
        let baseTree = try base.map { (id) throws(GitError) in try repository.lookupTree(id) }
        let builder = try Managed("git_treebuilder_new", free: git_treebuilder_free) {
            git_treebuilder_new(&$0, repository.pointer, baseTree?.pointer)
        }
        for (name, change) in directory.children.sorted(by: { $0.key < $1.key }) {
            switch change {
            case let .file(id, mode):
                var oid = id.oid
                try check(
                    git_treebuilder_insert(nil, builder.pointer, name, &oid, git_filemode_t(mode.rawValue)),
                    "git_treebuilder_insert(\(name))")
            case .removed:
                try removeIfPresent(name, from: builder)
            case let .directory(subdirectory):
                var subBase: ObjectID?
                if subdirectory.inheritsBase, let existing = git_treebuilder_get(builder.pointer, name),
                    git_tree_entry_filemode(existing) == GIT_FILEMODE_TREE
                {
                    subBase = ObjectID(git_tree_entry_id(existing))
                }
                let written = try write(subdirectory, base: subBase)
                if written.count == 0 {
                    try removeIfPresent(name, from: builder)
                } else {
                    var oid = written.id.oid
                    try check(
                        git_treebuilder_insert(nil, builder.pointer, name, &oid, GIT_FILEMODE_TREE),
                        "git_treebuilder_insert(\(name)/)")
                }
            }
        }
        let count = Int(git_treebuilder_entrycount(builder.pointer))
        var oid = git_oid()
        try check(git_treebuilder_write(&oid, builder.pointer), "git_treebuilder_write")
        return (ObjectID(oid), count)
    }

    private func removeIfPresent(_ name: String, from builder: Managed<OpaquePointer>) throws(GitError) {
        if git_treebuilder_get(builder.pointer, name) != nil {
            try check(git_treebuilder_remove(builder.pointer, name), "git_treebuilder_remove(\(name))")
        }
    }

    private static func components(of path: String) throws(RepositoryError) -> [String] {
        let components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let invalid = components.isEmpty || components.contains { component in
            component.isEmpty || component == "." || component == ".." || component.lowercased() == ".git"
                || component.contains("\0")
        }
        if invalid { throw .invalidTreePath(path) }
        return components
    }
}

/// A pending change to one name in a directory.
private enum Change {
    case file(ObjectID, FileMode)
    case removed
    case directory(Directory)
}

/// The pending changes to one directory.
private struct Directory {
    /// Whether unchanged entries of the base tree's directory of the same name are kept.
    var inheritsBase: Bool
    var children: [String: Change] = [:]

    mutating func set(_ change: Change, at path: ArraySlice<String>) {
        guard let name = path.first else { return }
        let rest = path.dropFirst()
        if rest.isEmpty {
            children[name] = change
            return
        }
        var subdirectory: Directory
        switch children[name] {
        case let .directory(existing): subdirectory = existing
        case nil: subdirectory = Directory(inheritsBase: true)
        case .file, .removed: subdirectory = Directory(inheritsBase: false)
        }
        if case .removed = change, case .file = children[name] { return }
        subdirectory.set(change, at: rest)
        children[name] = .directory(subdirectory)
    }
}
