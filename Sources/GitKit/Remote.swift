import CLibGit2

/// How far a fetch or push has got.
public struct TransferProgress: Hashable, Sendable {
    /// Objects received (fetch) or sent (push) so far.
    public let objects: Int
    /// Objects to transfer in total, 0 while unknown.
    public let totalObjects: Int
    /// Bytes received or sent so far.
    public let bytes: Int
}

/// A reference as advertised by a remote.
public struct RemoteReference: Hashable, Sendable {
    /// The full name, e.g. `refs/heads/main` or `HEAD`.
    public let name: String
    /// The object it points to.
    public let target: ObjectID
    /// For symbolic references the server reports (like `HEAD`), the reference it points to.
    public let symbolicTarget: String?
}

/// A remote repository reached by URL (path, file://, git://, http(s)://, ssh://) or by configured name.
public final class Remote {
    /// The URL fetches and pushes go to.
    public let url: String
    /// The credentials offered when the server asks, each tried at most once per operation.
    public var credentials: [Credential]
    /// Called on every sign of life from the server during a fetch or push (a watchdog's feed).
    public var activity: (() -> Void)?
    /// The client for ssh:// and scp-like URLs; libssh2 (with `credentials`) unless set.
    public var sshTransport: SSHTransport = .libssh2
    /// git's credential helpers for http(s), asked after `credentials` (none unless set).
    public var credentialHelpers = CredentialHelpers([])
    /// Asks an http(s) server again for what libgit2 drops when it refuses a request: its own
    /// text. Without it such errors carry the status code alone.
    public var httpProbe: HTTPDiscoveryProbe?
    private let repository: Repository
    private let handle: Managed<OpaquePointer>

    /// The URL libgit2 connects to: `url` after the user's `url.<base>.insteadOf` rewrites.
    /// Credential helpers and messages need this one, as for git.
    public var resolvedURL: String {
        git_remote_url(handle.pointer).map { String(cString: $0) } ?? url
    }

    /// An anonymous remote for `url`; nothing is written to the repository's configuration.
    public init(repository: Repository, url: String, credentials: [Credential] = []) throws(GitError) {
        self.repository = repository
        self.url = url
        self.credentials = credentials
        handle = try Managed("git_remote_create_anonymous(\(url))", free: git_remote_free) {
            git_remote_create_anonymous(&$0, repository.pointer, url)
        }
    }

    /// The remote configured as `remote.<name>.url` in the repository.
    public init(repository: Repository, named name: String, credentials: [Credential] = []) throws(GitError) {
        self.repository = repository
        self.credentials = credentials
        let handle = try Managed("git_remote_lookup(\(name))", free: git_remote_free) {
            git_remote_lookup(&$0, repository.pointer, name)
        }
        self.handle = handle
        url = git_remote_url(handle.pointer).map { String(cString: $0) } ?? name
    }

    /// Downloads what `refspecs` name (e.g. `+refs/heads/*:refs/remotes/origin/*`) and updates the local refs.
    ///
    /// Tags are not followed and FETCH_HEAD is not written. With `prune`, a local ref the
    /// refspecs map to is deleted when the remote no longer has its source.
    public func fetch(refspecs: [String], prune: Bool = false, progress: ((TransferProgress) -> Void)? = nil) throws {
        let session = TransferSession(
            url: resolvedURL, credentials: credentials, progress: progress, activity: activity, sshTransport: sshTransport,
            helpers: credentialHelpers)
        session.httpProbe = httpProbe
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        options.update_fetchhead = 0
        options.prune = prune ? GIT_FETCH_PRUNE : GIT_FETCH_NO_PRUNE
        let code = withExtendedLifetime(session) {
            options.callbacks = session.callbacks()
            return SSHConnections.during(handle.pointer, session) {
                withStrArray(refspecs) { array in git_remote_fetch(handle.pointer, &array, &options, nil) }
            }
        }
        if code < 0 { throw session.error(for: GitError(call: "git_remote_fetch", code: code), refspecs: refspecs) }
        session.succeeded()
    }

    /// Uploads what `refspecs` name (e.g. `refs/heads/main:refs/heads/main`, `+` to force).
    ///
    /// Throws `RemoteError.nonFastForward` when the remote has commits the push would drop and
    /// `RemoteError.pushRejected` when the server refuses an update for another reason. Returns
    /// what each updated remote reference pointed at before the push (nil: it did not exist).
    @discardableResult
    public func push(refspecs: [String], progress: ((TransferProgress) -> Void)? = nil) throws -> [String: ObjectID?] {
        let session = TransferSession(
            url: resolvedURL, credentials: credentials, progress: progress, activity: activity, sshTransport: sshTransport,
            helpers: credentialHelpers)
        session.httpProbe = httpProbe
        session.pushing = true
        var options = git_push_options()
        try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
        options.pb_parallelism = 0  // build the pack on every core
        let code = withExtendedLifetime(session) {
            options.callbacks = session.callbacks()
            return SSHConnections.during(handle.pointer, session) {
                withStrArray(refspecs) { array in git_remote_push(handle.pointer, &array, &options) }
            }
        }
        if code < 0 { throw session.error(for: GitError(call: "git_remote_push", code: code), refspecs: refspecs) }
        session.succeeded()
        // git_remote_push succeeds even when the server refused updates: they only reach the callback.
        if let rejection = session.rejections.first {
            if Self.meansNonFastForward(rejection.status) {
                throw RemoteError.nonFastForward(reference: rejection.reference, detail: "server: \(rejection.status)")
            }
            throw RemoteError.pushRejected(reference: rejection.reference, reason: rejection.status)
        }
        return session.remoteTargets
    }

    /// The references the remote advertises, like `git ls-remote`.
    public func references() throws -> [RemoteReference] {
        let session = TransferSession(
            url: resolvedURL, credentials: credentials, progress: nil, sshTransport: sshTransport, helpers: credentialHelpers)
        session.httpProbe = httpProbe
        var options = git_remote_connect_options()
        try check(
            git_remote_connect_options_init(&options, UInt32(GIT_REMOTE_CONNECT_OPTIONS_VERSION)),
            "git_remote_connect_options_init")
        return try withExtendedLifetime(session) {
            options.callbacks = session.callbacks()
            let code = SSHConnections.during(handle.pointer, session) {
                git_remote_connect_ext(handle.pointer, GIT_DIRECTION_FETCH, &options)
            }
            if code < 0 {
                throw session.error(for: GitError(call: "git_remote_connect_ext", code: code), refspecs: [])
            }
            defer { git_remote_disconnect(handle.pointer) }
            var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
            var count = 0
            try check(git_remote_ls(&heads, &count, handle.pointer), "git_remote_ls")
            // The heads belong to the connection: copy them before disconnecting.
            return (0..<count).compactMap { index in
                guard let head = heads?[index]?.pointee else { return nil }
                return RemoteReference(
                    name: String(cString: head.name),
                    target: ObjectID(head.oid),
                    symbolicTarget: head.symref_target.map { String(cString: $0) })
            }
        }
    }

    private static func meansNonFastForward(_ status: String) -> Bool {
        status.contains("non-fast-forward") || status.contains("fetch first")
    }
}
