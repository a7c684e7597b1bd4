import Foundation

/// git's first request to an http(s) remote, repeated to read what the server said: libgit2
/// keeps only the status code of a refusal (`unexpected http status code: 403`) and drops the
/// body, where servers explain it ("Permission to x.git denied to alice.").
public struct HTTPDiscoveryRequest: Sendable {
    /// `<remote URL>/info/refs?service=git-upload-pack` (git-receive-pack for a push).
    public let url: String
    /// The user name and password the failed request carried, if the server had asked for any.
    public let username: String?
    public let password: String?
}

/// What an http(s) server answered to a `HTTPDiscoveryRequest`.
public struct HTTPAnswer: Sendable, Equatable {
    public let status: Int
    /// The `Content-Type` header's media type, e.g. `text/plain`.
    public let contentType: String?
    public let body: Data

    public init(status: Int, contentType: String?, body: Data) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// The server's own text as git shows it (`remote: …` lines), made safe for one line on a
    /// terminal: only a `text/plain` body (as git: other types are pages meant for a browser),
    /// at most `maximumLines` non-empty lines of at most `maximumLineLength` characters, control
    /// characters and terminal escapes removed, and every `secrets` (the password sent) masked.
    public func serverText(hiding secrets: [String], maximumLines: Int = 3, maximumLineLength: Int = 200) -> [String] {
        let parameters = (contentType ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard parameters.first == "text/plain" else { return [] }
        let charset = parameters.dropFirst().first { $0.hasPrefix("charset=") }.map {
            String($0.dropFirst("charset=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        var text = Self.decode(body.prefix(16 * 1024), charset: charset)
        for secret in secrets where !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: "***") }
        let lines = text.split(whereSeparator: \.isNewline).map(Self.printable).filter { !$0.isEmpty }
        var shown = lines.prefix(maximumLines).map { line in
            line.count > maximumLineLength ? String(line.prefix(maximumLineLength)) + "…" : line
        }
        if lines.count > maximumLines { shown.append("…") }
        return shown
    }

    /// The body's text in its `charset`: UTF-8 (also when none is named), ISO-8859-1 or
    /// Windows-1252; bytes that are not UTF-8 under no charset are read as Latin-1, as older
    /// servers send it, rather than shown as replacement characters.
    static func decode(_ body: Data, charset: String?) -> String {
        switch charset {
        case "iso-8859-1", "iso8859-1", "latin1", "l1":
            return String(data: body, encoding: .isoLatin1) ?? String(decoding: body, as: UTF8.self)
        case "windows-1252", "cp1252":
            return String(data: body, encoding: .windowsCP1252) ?? String(data: body, encoding: .isoLatin1) ?? ""
        case nil:
            return String(data: body, encoding: .utf8) ?? String(data: body, encoding: .isoLatin1) ?? ""
        default:
            return String(decoding: body, as: UTF8.self)
        }
    }

    /// `line` without ANSI escape sequences and control characters, its runs of blanks made one space.
    static func printable(_ line: Substring) -> String {
        var result = ""
        var scalars = line.unicodeScalars.makeIterator()
        var pendingSpace = false
        while let scalar = scalars.next() {
            if scalar == "\u{1B}" {
                // CSI sequences end at a byte in 0x40...0x7E; a lone ESC drops only itself.
                if let next = scalars.next(), next == "[" {
                    while let part = scalars.next(), !(0x40...0x7E).contains(part.value) {}
                }
                continue
            }
            if scalar == " " || scalar == "\t" {
                pendingSpace = !result.isEmpty
                continue
            }
            if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format { continue }
            if pendingSpace { result.append(" ") }
            pendingSpace = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}

/// Reads a server's answer to a discovery request (see `Remote.httpProbe`); nil when no answer came.
public typealias HTTPDiscoveryProbe = @Sendable (HTTPDiscoveryRequest) -> HTTPAnswer?
