import Foundation
import Testing

/// A git:// server that hangs up on every push as soon as the pack starts to arrive, as a git
/// daemon does when its disk fills; fetches see an empty repository.
final class HangingUpGitServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Int32 in
                guard bind(listener, raw, length) == 0, listen(listener, 4) == 0 else { return -1 }
                return getsockname(listener, raw, &length)
            }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread {
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                var request = [UInt8](repeating: 0, count: 4096)
                let count = read(connection, &request, request.count)
                let isPush = String(decoding: request.prefix(max(0, count)), as: UTF8.self).contains("git-receive-pack")
                var reply = "0000"
                if isPush {
                    let line = String(repeating: "0", count: 40) + " capabilities^{}\0report-status delete-refs ofs-delta\n"
                    reply = String(format: "%04x", line.utf8.count + 4) + line + "0000"
                }
                let bytes = Array(reply.utf8)  // holds a NUL: not a C string
                _ = bytes.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
                // Hang up once the pack starts arriving, with it unread: the client is reset.
                var received: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while isPush, String(decoding: received, as: UTF8.self).range(of: "PACK") == nil {
                    let count = read(connection, &buffer, buffer.count)
                    guard count > 0 else { break }
                    received += buffer.prefix(count)
                }
                close(connection)
            }
        }
    }

    deinit { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }
}

/// A regression found by the fault campaign (torture/faults.py): a server that hung up while
/// a push was being sent (its disk full) killed followup-sync with SIGPIPE, with no message.
@Suite("A remote that hangs up mid-push")
struct BrokenConnectionTests {
    @Test("a push the server hangs up on fails with one clear line, not a signal, and changes nothing")
    func serverHangsUpMidPush() throws {
        let server = try HangingUpGitServer()
        let cli = CLI()
        try cli.setUp()
        // Text that does not compress, so the push takes many writes.
        var generator = SystemRandomNumberGenerator()
        for index in 0..<30 {
            let words = (0..<600).map { _ in String(UInt64.random(in: 0...UInt64.max, using: &generator), radix: 36) }
            try cli.run("log", "note", "acme-onsite", "--note", "\(index) " + words.joined(separator: " ").prefix(3990))
        }
        #expect(try cli.run("remote", "add", "origin", "git://127.0.0.1:\(server.port)/x.git").status == 0)
        let before = cli.snapshot()
        let result = try cli.run("sync")
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("followup: cannot sync with origin"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("was cut in the middle of the exchange") && result.stderr.contains("nothing was lost"),
                "stderr: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(cli.snapshot() == before)
    }
}
