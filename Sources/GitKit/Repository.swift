import CLibGit2
import Foundation

/// A bare git repository used as an object store and reference database; it has no work tree.
///
/// Not `Sendable`: a libgit2 repository object must not be used from two threads at once.
/// Open one `Repository` per task instead.
public final class Repository {
    let handle: Managed<OpaquePointer>
    /// The repository's directory, as given (with `//` collapsed).
    public let path: String
    private var cachedODB: Managed<OpaquePointer>?

    var pointer: OpaquePointer { handle.pointer }

    /// Creates a new bare repository at `path`, creating missing parent directories.
    ///
    /// Reference updates are logged in reflogs (`core.logAllRefUpdates=always`).
    public init(creatingBareAt path: String) throws {
        GitLibrary.initialize()
        let path = Self.normalized(path)
        var options = git_repository_init_options()
        try check(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "git_repository_init_options_init")
        // MKPATH fails on paths containing `//`, hence normalized(_:) above.
        options.flags = GIT_REPOSITORY_INIT_BARE.rawValue | GIT_REPOSITORY_INIT_MKPATH.rawValue
            | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        handle = try Managed("git_repository_init_ext", free: git_repository_free) {
            git_repository_init_ext(&$0, path, &options)
        }
        self.path = path
        try setConfig("core.logAllRefUpdates", to: "always")
    }

    /// Opens the existing bare repository at `path` (no search in parent directories).
    public init(openingBareAt path: String) throws {
        GitLibrary.initialize()
        let path = Self.normalized(path)
        handle = try Self.openBare(path)
        self.path = path
    }

    // Kept out of the initializer: a do/catch there crashes the Swift 6.3.1 compiler (ClosureLifetimeFixup).
    private static func openBare(_ path: String) throws -> Managed<OpaquePointer> {
        let flags = GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_BARE.rawValue
        var out: OpaquePointer?
        let code = git_repository_open_ext(&out, path, flags, nil)
        if code == GIT_ENOTFOUND.rawValue { throw RepositoryError.notABareRepository(path: path) }
        try check(code, "git_repository_open_ext(\(path))")
        guard let out else { throw GitError(call: "git_repository_open_ext", code: GIT_ERROR.rawValue) }
        let handle = Managed<OpaquePointer>(out, free: { git_repository_free($0) })
        guard git_repository_is_bare(out) == 1 else { throw RepositoryError.notABareRepository(path: path) }
        return handle
    }

    /// Opens the bare repository at `path`, creating it first when the directory is missing or empty.
    public static func openOrCreateBare(at path: String) throws -> Repository {
        let contents = try? FileManager.default.contentsOfDirectory(atPath: normalized(path))
        if contents?.isEmpty ?? true {
            return try Repository(creatingBareAt: path)
        }
        return try Repository(openingBareAt: path)
    }

    /// Sets a string value in the repository's own configuration file.
    public func setConfig(_ name: String, to value: String) throws(GitError) {
        let config = try Managed("git_repository_config", free: git_config_free) {
            git_repository_config(&$0, pointer)
        }
        try check(git_config_set_string(config.pointer, name, value), "git_config_set_string(\(name))")
    }

    /// A string value from the repository's configuration (with the user's and system's), nil when unset.
    public func config(_ name: String) throws(GitError) -> String? {
        let config = try Managed("git_repository_config", free: git_config_free) {
            git_repository_config(&$0, pointer)
        }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let code = git_config_get_string_buf(&buffer, config.pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "git_config_get_string_buf(\(name))")
        return buffer.ptr.map { String(cString: $0) }
    }

    /// The object database, opened on first use.
    func odb() throws(GitError) -> Managed<OpaquePointer> {
        if let cachedODB { return cachedODB }
        let odb = try Managed("git_repository_odb", free: git_odb_free) { git_repository_odb(&$0, pointer) }
        cachedODB = odb
        return odb
    }

    static func normalized(_ path: String) -> String {
        var result = path
        while result.contains("//") {
            result = result.replacingOccurrences(of: "//", with: "/")
        }
        if result.count > 1, result.hasSuffix("/") { result.removeLast() }
        return result
    }
}
