import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An ssh connection `followup` started before replacing itself with `followup-sync`: the
/// process stays its child across the exec, and the two descriptors stay open. followup-sync's
/// `--ssh-started` option carries what it needs to take the connection over: the process, the
/// descriptors and the exact command line, which it compares with the one it works out itself.
public struct SSHHandOff: Sendable {
    public let child: SSHChild
    public let arguments: [String]

    public init(child: SSHChild, arguments: [String]) {
        self.child = child
        self.arguments = arguments
    }

    /// The value of followup-sync's `--ssh-started` option: `PID,SOCKET,ERRORS,` and the command
    /// line in base64 (its arguments separated by NUL).
    public var option: String {
        "\(child.pid),\(child.socket),\(child.errors),\(NULSeparated.data(arguments).base64EncodedString())"
    }

    /// Reads `--ssh-started`; nil unless both descriptors are open and the process is a child of
    /// this one (exited or not: its exit status is left for the connection to read).
    public init?(option: String) {
        let parts = option.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let pid = pid_t(parts[0]), let socket = Int32(parts[1]), let errors = Int32(parts[2]),
              pid > 0, socket > 2, errors > 2, socket != errors,
              let line = Data(base64Encoded: String(parts[3])), !line.isEmpty,
              case let arguments = NULSeparated.fields(of: line), !arguments[0].isEmpty,
              fcntl(socket, F_GETFD) >= 0, fcntl(errors, F_GETFD) >= 0 else { return nil }
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return nil }
        self.init(child: SSHChild(socket: socket, errors: errors, pid: pid), arguments: arguments)
    }

    /// Lets both descriptors through the exec that follows.
    public func keepAcrossExec() {
        for descriptor in [child.socket, child.errors] {
            _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) & ~FD_CLOEXEC)
        }
    }

    /// After the exec: close-on-exec again, so that no program started later inherits the connection.
    public func closeOnExec() {
        for descriptor in [child.socket, child.errors] {
            _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
        }
    }
}
