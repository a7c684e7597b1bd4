import CLibGit2

/// A reference name and the object it resolves to.
public struct Reference: Hashable, Sendable {
    /// The full name, e.g. `refs/heads/main`.
    public let name: String
    /// The object it points to (resolved through symbolic references).
    public let target: ObjectID
}

extension Repository {
    /// The object `name` resolves to, or `nil` when the reference does not exist.
    public func reference(_ name: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "git_reference_name_to_id(\(name))")
        return ObjectID(oid)
    }

    /// Points `name` at `target` only if it currently is `expected` (`nil`: must not exist yet).
    ///
    /// Throws `RepositoryError.referenceConflict` when another writer got there first.
    public func updateReference(
        _ name: String,
        to target: ObjectID,
        expecting expected: ObjectID?,
        message: String
    ) throws {
        var newOID = target.oid
        var out: OpaquePointer?
        let code: Int32
        let call: String
        if let expected {
            var expectedOID = expected.oid
            code = git_reference_create_matching(&out, pointer, name, &newOID, 1, &expectedOID, message)
            call = "git_reference_create_matching(\(name))"
        } else {
            code = git_reference_create(&out, pointer, name, &newOID, 0, message)
            call = "git_reference_create(\(name))"
        }
        if let out { git_reference_free(out) }
        let lostRace: Set<Int32> = [GIT_EMODIFIED.rawValue, GIT_EEXISTS.rawValue]
        if lostRace.contains(code) || (expected != nil && code == GIT_ENOTFOUND.rawValue) {
            throw RepositoryError.referenceConflict(name: name, expected: expected, actual: try reference(name))
        }
        try check(code, call)
    }

    /// Deletes the reference `name`; nothing happens when it does not exist.
    public func deleteReference(_ name: String) throws(GitError) {
        let code = git_reference_remove(pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return }
        try check(code, "git_reference_remove(\(name))")
    }

    /// All references whose names start with `prefix` (e.g. `refs/heads/`), sorted by name.
    public func references(under prefix: String) throws(GitError) -> [Reference] {
        let iterator = try Managed("git_reference_iterator_new", free: git_reference_iterator_free) {
            git_reference_iterator_new(&$0, pointer)
        }
        var names: [String] = []
        while true {
            var name: UnsafePointer<CChar>?
            let code = git_reference_next_name(&name, iterator.pointer)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "git_reference_next_name")
            if let name {
                let text = String(cString: name)
                if text.hasPrefix(prefix) { names.append(text) }
            }
        }
        var result: [Reference] = []
        for name in names.sorted() {
            if let target = try reference(name) {
                result.append(Reference(name: name, target: target))
            }
        }
        return result
    }
}
