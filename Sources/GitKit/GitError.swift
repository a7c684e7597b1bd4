import CLibGit2

/// A libgit2 call that failed: which call, its return code and libgit2's own message.
public struct GitError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The libgit2 function that returned the error, e.g. `git_remote_fetch`.
    public let call: String
    /// The (negative) libgit2 return code, e.g. `GIT_ENOTFOUND` (-3).
    public let code: Code
    /// libgit2's error class (`git_error_t`), 0 when libgit2 recorded none.
    public let errorClass: Int32
    /// libgit2's message from `git_error_last()`, or a generic one.
    public let message: String

    /// A libgit2 return code with names for the ones callers act on.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// `GIT_ERROR`: a generic failure.
        public static let generic = Code(rawValue: GIT_ERROR.rawValue)
        /// `GIT_ENOTFOUND`: the object, reference or path does not exist.
        public static let notFound = Code(rawValue: GIT_ENOTFOUND.rawValue)
        /// `GIT_EEXISTS`: something already exists where it would be created.
        public static let exists = Code(rawValue: GIT_EEXISTS.rawValue)
        /// `GIT_ENONFASTFORWARD`: an update would drop commits.
        public static let nonFastForward = Code(rawValue: GIT_ENONFASTFORWARD.rawValue)
        /// `GIT_EINVALIDSPEC`: a malformed reference name or refspec.
        public static let invalidSpec = Code(rawValue: GIT_EINVALIDSPEC.rawValue)
        /// `GIT_ELOCKED`: another process holds the lock file.
        public static let locked = Code(rawValue: GIT_ELOCKED.rawValue)
        /// `GIT_EMODIFIED`: a reference did not have the expected value.
        public static let modified = Code(rawValue: GIT_EMODIFIED.rawValue)
        /// `GIT_EAUTH`: authentication failed.
        public static let authentication = Code(rawValue: GIT_EAUTH.rawValue)
        /// `GIT_ECERTIFICATE`: the server's certificate or host key was not trusted.
        public static let certificate = Code(rawValue: GIT_ECERTIFICATE.rawValue)
        /// `GIT_EEOF`: the connection ended early.
        public static let unexpectedEOF = Code(rawValue: GIT_EEOF.rawValue)
        /// `GIT_EUSER`: a callback of this wrapper asked libgit2 to stop.
        public static let user = Code(rawValue: GIT_EUSER.rawValue)
        /// `GIT_EOWNER`: the repository belongs to another user.
        public static let owner = Code(rawValue: GIT_EOWNER.rawValue)

        public var description: String {
            switch self {
            case .generic: "GIT_ERROR"
            case .notFound: "GIT_ENOTFOUND"
            case .exists: "GIT_EEXISTS"
            case .nonFastForward: "GIT_ENONFASTFORWARD"
            case .invalidSpec: "GIT_EINVALIDSPEC"
            case .locked: "GIT_ELOCKED"
            case .modified: "GIT_EMODIFIED"
            case .authentication: "GIT_EAUTH"
            case .certificate: "GIT_ECERTIFICATE"
            case .unexpectedEOF: "GIT_EEOF"
            case .user: "GIT_EUSER"
            case .owner: "GIT_EOWNER"
            default: "\(rawValue)"
            }
        }
    }

    /// Builds an error for `call` from `code` and whatever `git_error_last()` holds.
    init(call: String, code: Int32) {
        self.call = call
        self.code = Code(rawValue: code)
        if let last = git_error_last(), let text = last.pointee.message {
            self.message = String(cString: text).trimmingTrailingWhitespace()
            self.errorClass = last.pointee.klass
        } else {
            self.message = "no further detail from libgit2"
            self.errorClass = 0
        }
    }

    public var description: String {
        "\(call) failed (\(code)): \(message)"
    }

}

/// The one path every libgit2 return code goes through: negative codes become a `GitError`.
@discardableResult
func check(_ code: Int32, _ call: String) throws(GitError) -> Int32 {
    guard code >= 0 else { throw GitError(call: call, code: code) }
    return code
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var result = self
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return result
    }
}
