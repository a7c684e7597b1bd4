import CLibGit2
import Foundation

/// Owns one libgit2 object and frees it exactly once, when the last Swift reference goes.
final class Managed<Pointer> {
    let pointer: Pointer
    private let free: (Pointer) -> Void

    init(_ pointer: Pointer, free: @escaping (Pointer) -> Void) {
        self.pointer = pointer
        self.free = free
    }

    /// Runs a libgit2 constructor (`git_x_new(&out, …)`) and takes ownership of its result.
    convenience init(
        _ call: String,
        free: @escaping (Pointer) -> Void,
        _ create: (inout Pointer?) -> Int32
    ) throws(GitError) {
        var out: Pointer?
        try check(create(&out), call)
        guard let out else { throw GitError(call: call, code: GIT_ERROR.rawValue) }
        self.init(out, free: free)
    }

    deinit { free(pointer) }
}

/// Calls `body` with a `git_strarray` view of `strings`, valid only during the call.
func withStrArray<Result>(_ strings: [String], _ body: (inout git_strarray) throws -> Result) rethrows -> Result {
    var cStrings: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { cStrings.forEach { free($0) } }
    return try cStrings.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return try body(&array)
    }
}
