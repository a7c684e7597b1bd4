import Foundation
import GitKit

/// The host key an ssh server shows, read with OpenSSH's own tools for the message about an
/// unknown host key: ssh alone says only "Host key verification failed" when it cannot ask.
struct OfferedHostKey: Equatable {
    /// As `ssh-keygen -l` names it: `ED25519`, `ECDSA`, `RSA`.
    let type: String
    /// `SHA256:…`, the form ssh shows when it asks to accept a key.
    let fingerprint: String

    /// `ssh-keyscan`'s name for the type, as `-t` takes it: `ed25519`, `ecdsa`, `rsa`.
    var scanType: String { type.lowercased() }

    /// The key ssh would be shown for `address`: its host and port resolved by `ssh -G` (so
    /// `~/.ssh/config` aliases count), the server's keys from `ssh-keyscan`, the first in ssh's
    /// `HostKeyAlgorithms` order, fingerprinted by `ssh-keygen -lf -`. Nil when any step fails.
    static func lookUp(_ address: SSHAddress) -> OfferedHostKey? {
        var query = ["ssh", "-G"]
        if let port = address.port { query += ["-p", String(port)] }
        guard !address.host.hasPrefix("-"), let settings = run(query + [address.host]) else { return nil }
        var resolved: [String: String] = [:]
        for line in settings.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2, resolved[String(parts[0])] == nil { resolved[String(parts[0])] = String(parts[1]) }
        }
        guard let host = resolved["hostname"], let port = resolved["port"] else { return nil }
        let preference = (resolved["hostkeyalgorithms"] ?? "").split(separator: ",").map(String.init)
        return scan(host: host, port: port, preference: preference)
    }

    /// The server's ed25519 key, else its ecdsa or rsa one, at the URL's own host and port: for
    /// libssh2, which reads no ssh config and takes the type of the first known_hosts line, so
    /// the key to add is best an ed25519 one.
    static func lookUpForLibssh2(_ address: SSHAddress) -> OfferedHostKey? {
        scan(host: address.host, port: String(address.port ?? 22), preference: ["ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512"])
    }

    /// Whether `known_hosts` holds a line for `host` and `port`, as `ssh-keygen -F` finds it (hashed or not).
    static func isRecorded(host: String, port: Int?, in knownHosts: String) -> Bool {
        let name = port.map { $0 == 22 ? host : "[\(host)]:\($0)" } ?? host
        return !host.hasPrefix("-") && run(["ssh-keygen", "-F", name, "-f", knownHosts]) != nil
    }

    private static func scan(host: String, port: String, preference: [String]) -> OfferedHostKey? {
        guard !host.hasPrefix("-"),
              let scanned = run(["ssh-keyscan", "-T", "5", "-p", port, "-t", "ed25519,ecdsa,rsa", host]) else { return nil }
        let keys = scanned.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line -> (algorithm: String, line: String)? in
            let fields = line.split(separator: " ")
            return fields.count >= 3 ? (String(fields[1]), String(line)) : nil
        }
        // ssh-keyscan names an RSA key ssh-rsa; ssh lists the signature algorithms it accepts for it.
        let names = { (key: String) -> Set<String> in key == "ssh-rsa" ? ["ssh-rsa", "rsa-sha2-512", "rsa-sha2-256"] : [key] }
        let rank = { (key: String) -> Int in preference.firstIndex { names(key).contains($0) } ?? preference.count }
        guard let chosen = keys.min(by: { rank($0.algorithm) < rank($1.algorithm) }),
              let described = run(["ssh-keygen", "-l", "-f", "-"], input: chosen.line + "\n") else { return nil }
        // "256 SHA256:… [127.0.0.1]:2222 (ED25519)"
        let fields = described.split(separator: " ")
        guard fields.count >= 3, fields[1].hasPrefix("SHA256:"), let type = fields.last, type.hasPrefix("("), type.hasSuffix(")") else {
            return nil
        }
        return OfferedHostKey(type: String(type.dropFirst().dropLast()), fingerprint: String(fields[1]))
    }

    /// Runs an OpenSSH tool from PATH; its standard output when it exits 0 with some.
    private static func run(_ arguments: [String], input: String? = nil) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe(), feed = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = input == nil ? FileHandle.nullDevice : feed
        do { try process.run() } catch { return nil }
        if let input {
            try? feed.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try? feed.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !text.isEmpty ? text : nil
    }
}
