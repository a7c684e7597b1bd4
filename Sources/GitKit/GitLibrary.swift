import CLibGit2

/// Process-wide libgit2 set-up: initialisation and the global options a caller may need.
public enum GitLibrary {
    /// Configuration levels whose file search path can be changed.
    public enum ConfigLevel: Sendable, CaseIterable {
        /// `/etc/gitconfig`.
        case system
        /// `$XDG_CONFIG_HOME/git/config`.
        case xdg
        /// `~/.gitconfig` (ssh's known_hosts is still read from `$HOME/.ssh`, whatever this is set to).
        case global
        /// Windows' `%PROGRAMDATA%`; harmless elsewhere.
        case programData

        var raw: git_config_level_t {
            switch self {
            case .system: GIT_CONFIG_LEVEL_SYSTEM
            case .xdg: GIT_CONFIG_LEVEL_XDG
            case .global: GIT_CONFIG_LEVEL_GLOBAL
            case .programData: GIT_CONFIG_LEVEL_PROGRAMDATA
            }
        }
    }

    // A Swift global is initialised exactly once, thread-safely (swift_once): that is the lock.
    private static let initialisation: Int32 = {
        let count = git_libgit2_init()
        // Connections without Nagle's delay: see gitkit_socket_stream in the shim.
        _ = gitkit_register_socket_stream()
        // ssh through the system's ssh program or libssh2, per remote: see SSHConnections.
        SSHConnections.register()
        return count
    }()

    /// Initialises libgit2 once per process; every GitKit entry point calls this itself.
    public static func initialize() {
        _ = initialisation
    }

    /// The version of the libgit2 in use, e.g. "1.5.1".
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        _ = gitkit_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }

    /// Trust only the CA certificates in `file` and/or `directory` for https remotes.
    public static func setCertificateLocations(file: String?, directory: String?) throws(GitError) {
        initialize()
        try check(gitkit_set_ssl_cert_locations(file, directory), "git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS)")
    }

    /// Look for configuration files of `level` in `directory` only; `nil` restores the default.
    public static func setConfigSearchPath(_ directory: String?, for level: ConfigLevel) throws(GitError) {
        initialize()
        try check(gitkit_set_search_path(level.raw, directory), "git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH)")
    }

    /// Read no machine or user configuration: every config level searches `directory` instead.
    public static func isolateConfiguration(in directory: String) throws(GitError) {
        for level in ConfigLevel.allCases {
            try setConfigSearchPath(directory, for: level)
        }
    }

    /// Whether opening a repository owned by another user is refused (libgit2's default: yes).
    public static func setOwnerValidation(_ enabled: Bool) throws(GitError) {
        initialize()
        try check(gitkit_set_owner_validation(enabled ? 1 : 0), "git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION)")
    }
}
