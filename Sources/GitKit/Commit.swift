import CLibGit2
import Foundation

/// Who made a commit and when; the caller supplies it, GitKit never reads user.name/user.email.
public struct Signature: Hashable, Sendable {
    /// The person's name.
    public var name: String
    /// The person's e-mail address.
    public var email: String
    /// The moment, stored by git with one-second precision.
    public var time: Date
    /// The time zone offset from UTC in minutes, e.g. 120 for UTC+2.
    public var timeZoneOffsetMinutes: Int

    /// A signature; the time is truncated to whole seconds.
    public init(name: String, email: String, time: Date, timeZoneOffsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down))
        self.timeZoneOffsetMinutes = timeZoneOffsetMinutes
    }

    init(_ raw: UnsafePointer<git_signature>) {
        let when = raw.pointee.when
        self.init(
            name: String(cString: raw.pointee.name),
            email: String(cString: raw.pointee.email),
            time: Date(timeIntervalSince1970: TimeInterval(when.time)),
            timeZoneOffsetMinutes: Int(when.offset))
    }

    func makeRaw() throws(GitError) -> Managed<UnsafeMutablePointer<git_signature>> {
        let seconds = git_time_t(time.timeIntervalSince1970)
        return try Managed("git_signature_new", free: git_signature_free) {
            git_signature_new(&$0, name, email, seconds, Int32(timeZoneOffsetMinutes))
        }
    }
}

/// A commit as read back from the object database.
public struct Commit: Hashable, Sendable {
    /// The commit's own id.
    public let id: ObjectID
    /// The root tree it records.
    public let tree: ObjectID
    /// Its parents, first parent first.
    public let parents: [ObjectID]
    /// The full message, byte for byte as written.
    public let message: String
    /// Who wrote the change.
    public let author: Signature
    /// Who recorded the commit.
    public let committer: Signature
}

extension Repository {
    /// Writes a commit object; no reference, index or work tree is touched.
    public func createCommit(
        tree: ObjectID,
        parents: [ObjectID],
        message: String,
        author: Signature,
        committer: Signature? = nil
    ) throws(GitError) -> ObjectID {
        let treeHandle = try lookupTree(tree)
        var parentHandles: [Managed<OpaquePointer>] = []
        for parent in parents {
            parentHandles.append(try lookupCommit(parent))
        }
        let authorRaw = try author.makeRaw()
        let committerRaw = try (committer ?? author).makeRaw()
        var parentPointers: [OpaquePointer?] = parentHandles.map(\.pointer)
        var oid = git_oid()
        let code = parentPointers.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(
                &oid, pointer, nil, authorRaw.pointer, committerRaw.pointer, nil, message,
                treeHandle.pointer, buffer.count, buffer.baseAddress)
        }
        try check(code, "git_commit_create")
        return ObjectID(oid)
    }

    /// Reads the commit `id`: its tree, parents, message and signatures.
    public func commit(_ id: ObjectID) throws(GitError) -> Commit {
        let handle = try lookupCommit(id)
        let commit = handle.pointer
        let parents = (0..<git_commit_parentcount(commit)).compactMap { index in
            git_commit_parent_id(commit, index).map { ObjectID($0) }
        }
        return Commit(
            id: id,
            tree: ObjectID(git_commit_tree_id(commit)),
            parents: parents,
            message: git_commit_message_raw(commit).map { String(cString: $0) } ?? "",
            author: Signature(git_commit_author(commit)),
            committer: Signature(git_commit_committer(commit)))
    }

    /// The best common ancestor of two commits, or `nil` when their histories are unrelated.
    public func mergeBase(_ one: ObjectID, _ two: ObjectID) throws(GitError) -> ObjectID? {
        var out = git_oid()
        var first = one.oid
        var second = two.oid
        let code = git_merge_base(&out, pointer, &first, &second)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "git_merge_base")
        return ObjectID(out)
    }

    /// Whether `commit` has `ancestor` in its history; a commit is not its own descendant.
    public func isDescendant(_ commit: ObjectID, of ancestor: ObjectID) throws(GitError) -> Bool {
        var commitOID = commit.oid
        var ancestorOID = ancestor.oid
        return try check(git_graph_descendant_of(pointer, &commitOID, &ancestorOID), "git_graph_descendant_of") == 1
    }
}
