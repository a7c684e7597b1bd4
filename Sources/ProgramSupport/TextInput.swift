import Foundation

/// Text a command reads from a file the user names, or from standard input for "-".
public enum TextInput {
    /// Why a file cannot be used; each command words the refusal for what the file is for.
    public enum Problem: Sendable {
        case unreadable, tooLarge, notUTF8
    }

    /// The UTF-8 text of `path` (standard input for "-"), at most `maximumBytes` long. Reads no
    /// more than one byte past the limit, however large the file or the stream is.
    public static func read(_ path: String, maximumBytes: Int,
                            refusal: (Problem) -> String) throws(InputRefused) -> String {
        let data: Data
        do {
            let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path)
            guard let handle else { throw InputRefused(message: refusal(.unreadable)) }
            defer { if path != "-" { try? handle.close() } }
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch let error as InputRefused {
            throw error
        } catch {
            throw InputRefused(message: refusal(.unreadable))
        }
        guard data.count <= maximumBytes else { throw InputRefused(message: refusal(.tooLarge)) }
        guard let text = String(data: data, encoding: .utf8) else { throw InputRefused(message: refusal(.notUTF8)) }
        return text
    }
}

/// A file or stream the user gave that cannot be used: bad input, exit status 64.
public struct InputRefused: ReportedError, Equatable {
    public var message: String
    public var exitStatus: Int32 { ExitStatus.usage }
}
