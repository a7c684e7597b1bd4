import FollowupCore
import Foundation

/// Opens a text in the user's editor ($VISUAL, else $EDITOR, else vi), as git does.
enum Editor {
    /// Writes `text` to a new file, lets the user edit it, and returns the file's path.
    static func edit(_ text: String, name: String) throws -> String {
        func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } }
        let editor = variable("VISUAL") ?? variable("EDITOR") ?? "vi"
        let directory = variable("TMPDIR") ?? "/tmp"
        let path = "\(directory)/\(name)-\(UUID().uuidString.prefix(8).lowercased()).txt"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.invalidInput("cannot write the draft to \(path); set TMPDIR to a writable directory")
        }
        // Through the shell, so EDITOR may carry arguments ("code --wait").
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", editor + " \"$1\"", "sh", path]
        do { try process.run() } catch {
            throw StoreError.invalidInput("cannot start the editor '\(editor)': \(error.localizedDescription)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StoreError.invalidInput("the editor '\(editor)' exited with status \(process.terminationStatus); the draft is kept in \(path)")
        }
        return path
    }
}
