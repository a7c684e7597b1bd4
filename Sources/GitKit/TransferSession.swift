import CLibGit2
import Foundation

/// The state libgit2's callbacks share during one fetch, push or listing.
///
/// libgit2 gets it as an unretained `void *payload`; the owner keeps it alive with
/// `withExtendedLifetime` for the duration of the call. Callbacks run on the calling thread.
final class TransferSession {
    let url: String
    let credentials: [Credential]
    let progress: ((TransferProgress) -> Void)?
    /// Called on every sign of life from the remote: data, progress, server messages.
    let activity: (() -> Void)?
    /// Which client carries ssh connections of this transfer.
    let sshTransport: SSHTransport
    /// git's credential helpers, asked after `credentials` for http(s).
    let helpers: CredentialHelpers
    private var helperAsked = false
    /// The user name and password a helper gave, while it is being tried.
    private var helperCredential: (username: String, password: String)?
    /// Set by a transport that knows better than libgit2's message why the connection failed.
    var transportFailure: RemoteError?
    /// Reads the server's own text when an http(s) request fails with a status code.
    var httpProbe: HTTPDiscoveryProbe?
    /// Whether this transfer pushes (git-receive-pack) rather than fetches (git-upload-pack).
    var pushing = false
    /// The last user name and password offered to an http(s) server, for `httpProbe` only.
    private var offeredPassword: (username: String, password: String)?

    private var nextCredential = 0
    private var usernameRequests = 0
    private(set) var tried: [String] = []
    private(set) var authenticationFailure: RemoteError?
    private(set) var rejections: [(reference: String, status: String)] = []
    /// What the remote's references pointed at when the push was negotiated (nil: absent).
    private(set) var remoteTargets: [String: ObjectID?] = [:]

    init(
        url: String, credentials: [Credential], progress: ((TransferProgress) -> Void)?, activity: (() -> Void)? = nil,
        sshTransport: SSHTransport = .libssh2, helpers: CredentialHelpers = CredentialHelpers([])
    ) {
        self.url = url
        self.helpers = helpers
        self.sshTransport = sshTransport
        self.credentials = credentials
        self.progress = progress
        self.activity = activity
    }

    var isSSH: Bool {
        SSHAddress(url: url) != nil
    }

    /// The directory a path or file:// remote names; nil for network remotes.
    var localPath: String? {
        if url.hasPrefix("file://") { return String(url.dropFirst(7)) }
        return url.contains("://") || SSHAddress(url: url) != nil ? nil : url
    }

    /// The callbacks struct pointing at this session; valid while the session lives.
    func callbacks() -> git_remote_callbacks {
        var callbacks = git_remote_callbacks()
        git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, _, usernameFromURL, allowedTypes, payload in
            guard let out, let payload else { return GIT_ERROR.rawValue }
            return TransferSession.from(payload).acquireCredential(
                out, usernameFromURL: usernameFromURL.map { String(cString: $0) }, allowedTypes: allowedTypes)
        }
        callbacks.certificate_check = { _, _, _, _ in
            // Let libgit2 decide: known_hosts for ssh, the configured CA locations for https.
            GIT_PASSTHROUGH.rawValue
        }
        callbacks.transfer_progress = { stats, payload in
            guard let stats, let payload else { return 0 }
            let session = TransferSession.from(payload)
            session.activity?()
            session.progress?(
                TransferProgress(
                    objects: Int(stats.pointee.received_objects),
                    totalObjects: Int(stats.pointee.total_objects),
                    bytes: Int(stats.pointee.received_bytes)))
            return 0
        }
        callbacks.push_transfer_progress = { current, total, bytes, payload in
            guard let payload else { return 0 }
            let session = TransferSession.from(payload)
            session.activity?()
            session.progress?(TransferProgress(objects: Int(current), totalObjects: Int(total), bytes: bytes))
            return 0
        }
        callbacks.sideband_progress = { _, _, payload in
            if let payload { TransferSession.from(payload).activity?() }
            return 0
        }
        callbacks.pack_progress = { _, _, _, payload in
            if let payload { TransferSession.from(payload).activity?() }
            return 0
        }
        callbacks.push_negotiation = { updates, count, payload in
            guard let updates, let payload else { return 0 }
            let session = TransferSession.from(payload)
            for index in 0..<count {
                guard let update = updates[index]?.pointee, let name = update.dst_refname else { continue }
                var current = update.src
                session.remoteTargets[String(cString: name)] = git_oid_is_zero(&current) == 1 ? nil : ObjectID(current)
            }
            return 0
        }
        callbacks.push_update_reference = { reference, status, payload in
            guard let payload, let reference else { return 0 }
            if let status {
                TransferSession.from(payload).rejections.append(
                    (reference: String(cString: reference), status: String(cString: status)))
            }
            return 0
        }
        return callbacks
    }

    private static func from(_ payload: UnsafeMutableRawPointer) -> TransferSession {
        Unmanaged<TransferSession>.fromOpaque(payload).takeUnretainedValue()
    }

    /// libgit2 calls this again after every refused attempt: each credential is offered once, then we give up.
    private func acquireCredential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>,
        usernameFromURL: String?,
        allowedTypes: UInt32
    ) -> Int32 {
        let methodTypes = GIT_CREDENTIAL_SSH_KEY.rawValue | GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue
        if allowedTypes & GIT_CREDENTIAL_USERNAME.rawValue != 0, allowedTypes & methodTypes == 0 {
            // ssh URL without a user: libgit2 first asks for the user name alone.
            usernameRequests += 1
            let username = credentials.lazy.compactMap(\.explicitUsername).first ?? usernameFromURL ?? "git"
            if usernameRequests == 1 { return git_credential_username_new(out, username) }
            return giveUp()
        }
        if let refused = helperCredential {
            // Asked again after the helper's credential: the server refused it, so helpers forget it.
            helpers.report("erase", url: url, username: refused.username, password: refused.password)
            helperCredential = nil
            return giveUp()
        }
        while nextCredential < credentials.count {
            let credential = credentials[nextCredential]
            nextCredential += 1
            guard credential.isAllowed(allowedTypes) else { continue }
            tried.append(credential.description)
            if case let .userPassword(username, password) = credential { offeredPassword = (username, password) }
            return credential.make(out, usernameFromURL: usernameFromURL)
        }
        if !helperAsked, !helpers.isEmpty, allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
            helperAsked = true
            if let found = helpers.fill(url: url, username: usernameFromURL) {
                helperCredential = found
                offeredPassword = found
                tried.append("credential.helper (user \(found.username))")
                return git_credential_userpass_plaintext_new(out, found.username, found.password)
            }
            tried.append("credential.helper (had nothing for this server)")
        }
        return giveUp()
    }

    /// After a transfer that succeeded: helpers keep the credential they gave (git's `store`).
    func succeeded() {
        guard let used = helperCredential else { return }
        helpers.report("store", url: url, username: used.username, password: used.password)
    }

    private func giveUp() -> Int32 {
        authenticationFailure = .authenticationFailed(url: url, tried: tried, hint: authenticationHint)
        git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "authentication failed for \(url)")
        return GIT_EAUTH.rawValue
    }

    private var authenticationHint: String {
        if credentials.isEmpty, helpers.isEmpty {
            return "the server asks for credentials but none were configured (a git credential.helper, or FOLLOWUP_HTTPS_TOKEN)"
        }
        if isSSH {
            return "check the user name in the URL, that the key's public half is in the server's "
                + "authorized_keys, the key's passphrase, or that ssh-agent holds the key"
        }
        return "check the user name and token (expired, mistyped, or without access to this repository?) given by "
            + "your git credential.helper, or by FOLLOWUP_HTTPS_USER and FOLLOWUP_HTTPS_TOKEN"
    }

    var isHTTP: Bool {
        let lowered = url.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }

    /// The status code in libgit2's message for a refused http request ("unexpected http status code: 403").
    static func httpStatus(in message: String) -> Int? {
        guard let range = message.range(of: "status code: ") else { return nil }
        let digits = message[range.upperBound...].prefix { $0.isNumber }
        return Int(digits).flatMap { (100...599).contains($0) ? $0 : nil }
    }

    /// Repeats git's discovery request through `httpProbe` and returns what the server said,
    /// with the status it gave this time; nil when there is no probe or no answer.
    private func askServer() -> (status: Int, text: [String])? {
        guard let httpProbe, isHTTP, var components = URLComponents(string: url) else { return nil }
        // As libgit2: the user name in the URL only names whose credentials to send.
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        guard var base = components.string else { return nil }
        if !base.hasSuffix("/") { base += "/" }
        let service = pushing ? "git-receive-pack" : "git-upload-pack"
        let request = HTTPDiscoveryRequest(
            url: base + "info/refs?service=" + service, username: offeredPassword?.username, password: offeredPassword?.password)
        guard let answer = httpProbe(request) else { return nil }
        let secrets = [offeredPassword?.password,
                       offeredPassword.map { Data("\($0.username):\($0.password)".utf8).base64EncodedString() }]
        return (answer.status, answer.serverText(hiding: secrets.compactMap { $0 }))
    }

    /// The error for libgit2's "unexpected http status code: N", with the server's text when it can be read again.
    private func httpFailure(status: Int) -> RemoteError {
        let answer = askServer()
        // The probe's status only replaces libgit2's when it agrees on the kind of failure.
        let text = answer.map { $0.status == status ? $0.text : [] } ?? []
        if status == 404 {
            let detail = (["HTTP 404"] + [RemoteError.quoting(text)].compactMap { $0 }).joined(separator: ", ")
            return .repositoryNotFound(url: url, detail: detail)
        }
        return .httpStatus(url: url, status: status, pushing: pushing, serverText: text)
    }

    /// Turns a failed libgit2 transfer call into the most specific error a person can act on.
    func error(for error: GitError, refspecs: [String]) -> Error {
        if let transportFailure { return transportFailure }
        if let authenticationFailure {
            guard case let .authenticationFailed(url, tried, hint) = authenticationFailure,
                  let answer = askServer(), answer.status == 401, let said = RemoteError.quoting(answer.text) else {
                return authenticationFailure
            }
            let sentence = said.hasSuffix(".") ? String(said.dropLast()) : said
            return RemoteError.authenticationFailed(url: url, tried: tried, hint: sentence + "; " + hint)
        }
        if let path = localPath, !FileManager.default.fileExists(atPath: path) {
            // libgit2 finds no transport for a path that does not exist: "unsupported URL protocol".
            return RemoteError.repositoryNotFound(url: url, detail: "\(path) does not exist")
        }
        switch error.code {
        case .nonFastForward:
            let destinations = refspecs.map { spec in
                String(spec.split(separator: ":").last ?? Substring(spec)).trimmingPrefix("+")
            }
            return RemoteError.nonFastForward(reference: destinations.joined(separator: ", "), detail: error.message)
        case .certificate:
            return isSSH
                ? RemoteError.unknownHostKey(url: url, detail: error.message)
                : RemoteError.certificateRejected(url: url, detail: error.message)
        case .authentication:
            return RemoteError.authenticationFailed(url: url, tried: tried, hint: authenticationHint)
        default:
            break
        }
        if isHTTP, let status = Self.httpStatus(in: error.message) {
            return httpFailure(status: status)
        }
        let message = error.message.lowercased()
        if message.contains("private key") || message.contains("passphrase") {
            // libssh2 fails locally, before asking the server, so libgit2 does not call back again.
            return RemoteError.authenticationFailed(
                url: url, tried: tried,
                hint: "the private key could not be used (\(error.message)): check the passphrase, that the file "
                    + "exists and is an OpenSSH private key")
        }
        let unreachable = ["failed to connect", "failed to resolve", "connection refused", "no route to host",
                           "network is unreachable", "timed out"]
        if unreachable.contains(where: message.contains) {
            return RemoteError.unreachable(url: url, detail: error.message)
        }
        let missing = ["no such repository", "does not appear to be a git repository", "repository not found",
                       "status code: 404"]
        if missing.contains(where: message.contains) {
            return RemoteError.repositoryNotFound(url: url, detail: error.message)
        }
        if message.contains("hostkey") || message.contains("host key") {
            return RemoteError.unknownHostKey(url: url, detail: error.message)
        }
        if message.contains("certificate") {
            return RemoteError.certificateRejected(url: url, detail: error.message)
        }
        // After the cases above: an ssh server reports a missing repository and then hangs up.
        let cut = ["early eof", "unexpected disconnect", "connection reset", "broken pipe", "hung up"]
        if error.code == .unexpectedEOF || cut.contains(where: message.contains) {
            return RemoteError.connectionLost(url: url, detail: error.message)
        }
        return RemoteError.failed(url: url, underlying: error)
    }
}

extension String {
    fileprivate func trimmingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
