import CLibGit2
import Foundation

/// What the object database knows about an object without reading its content.
public struct ObjectHeader: Hashable, Sendable {
    /// Commit, tree, blob or tag.
    public let kind: ObjectKind
    /// The uncompressed size in bytes.
    public let size: Int
}

extension Repository {
    /// Stores `data` as a blob and returns its id (writing the same bytes twice is harmless).
    /// The id `data` would have as a blob, without writing it.
    public static func blobID(of data: Data) throws(GitError) -> ObjectID {
        var oid = git_oid()
        let code: Int32 = data.withUnsafeBytes { buffer in
            withUnsafePointer(to: 0 as UInt8) { empty in
                git_odb_hash(&oid, buffer.baseAddress ?? UnsafeRawPointer(empty), buffer.count, GIT_OBJECT_BLOB)
            }
        }
        try check(code, "git_odb_hash")
        return ObjectID(oid)
    }

    public func writeBlob(_ data: Data) throws(GitError) -> ObjectID {
        var oid = git_oid()
        let code: Int32 = data.withUnsafeBytes { buffer in
            // libgit2 wants a non-NULL buffer even for zero bytes.
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                return withUnsafePointer(to: 0 as UInt8) { git_blob_create_from_buffer(&oid, pointer, $0, 0) }
            }
            return git_blob_create_from_buffer(&oid, pointer, base, buffer.count)
        }
        try check(code, "git_blob_create_from_buffer")
        return ObjectID(oid)
    }

    /// The kind and size of an object, read from its header only (cheap even for huge blobs).
    public func objectHeader(_ id: ObjectID) throws(GitError) -> ObjectHeader {
        let odb = try odb()
        var size = 0
        var type = GIT_OBJECT_ANY
        var oid = id.oid
        try check(git_odb_read_header(&size, &type, odb.pointer, &oid), "git_odb_read_header(\(id.hex))")
        return ObjectHeader(kind: ObjectKind(type), size: size)
    }

    /// Whether the object database holds `id`.
    public func contains(_ id: ObjectID) throws(GitError) -> Bool {
        let odb = try odb()
        var oid = id.oid
        return git_odb_exists(odb.pointer, &oid) == 1
    }

    /// Reads a blob's bytes; refuses blobs larger than `limit` bytes before reading them.
    public func readBlob(_ id: ObjectID, limit: Int? = nil) throws -> Data {
        let header = try objectHeader(id)
        guard header.kind == .blob else {
            throw RepositoryError.unexpectedObjectKind(id: id, expected: .blob, actual: header.kind)
        }
        if let limit, header.size > limit {
            throw RepositoryError.blobTooLarge(id: id, size: header.size, limit: limit)
        }
        var oid = id.oid
        let blob = try Managed("git_blob_lookup(\(id.hex))", free: git_blob_free) {
            git_blob_lookup(&$0, pointer, &oid)
        }
        let size = Int(git_blob_rawsize(blob.pointer))
        guard size > 0, let content = git_blob_rawcontent(blob.pointer) else { return Data() }
        return Data(bytes: content, count: size)
    }

    func lookupTree(_ id: ObjectID) throws(GitError) -> Managed<OpaquePointer> {
        var oid = id.oid
        return try Managed("git_tree_lookup(\(id.hex))", free: git_tree_free) { git_tree_lookup(&$0, pointer, &oid) }
    }

    func lookupCommit(_ id: ObjectID) throws(GitError) -> Managed<OpaquePointer> {
        var oid = id.oid
        return try Managed("git_commit_lookup(\(id.hex))", free: git_commit_free) {
            git_commit_lookup(&$0, pointer, &oid)
        }
    }
}
