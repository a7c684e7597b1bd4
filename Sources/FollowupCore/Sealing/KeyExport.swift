import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sync keys in the form to carry to another machine.
public struct KeyExport: Sendable {
    /// How many keys it holds.
    public var count: Int
    /// The key file, or the printable form.
    public var content: String
}

/// Why sync keys could not be exported.
public enum KeyExportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The store holds no sync key: it does not encrypt its sync.
    case noKeys
    /// A file is already at the path; an export never overwrites one.
    case fileExists(path: String)
    case cannotCreate(path: String, reason: String)
    /// Writing or syncing the new file failed; it was removed.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .noKeys: "the store holds no sync key"
        case .fileExists(let path): "\(path) exists already"
        case .cannotCreate(let path, let reason): "cannot create \(path): \(reason)"
        case .cannotWrite(let path, let reason): "cannot write \(path) (\(reason))"
        }
    }
}

extension FollowupStore {
    /// Every sync key, sealed with the passphrase `passphrase` gives, or in the printable form
    /// when it is nil. The passphrase is asked for only when there are keys to export.
    public func exportSyncKeys(passphrase: (() throws -> String)?) throws -> KeyExport {
        let keys = try syncKeys()
        guard !keys.isEmpty else { throw KeyExportError.noKeys }
        let content = try passphrase.map { try KeyTransfer.file(keys, passphrase: $0()) } ?? KeyTransfer.text(keys)
        return KeyExport(count: keys.count, content: content)
    }
}

extension KeyTransfer {
    /// Writes an export to a new file at `path`, readable by its owner only and on disk before
    /// this returns. An existing file is never overwritten, and a failed write leaves no file.
    public static func writeNewFile(_ content: String, at path: String) throws(KeyExportError) {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno
            throw reason == EEXIST ? .fileExists(path: path) : .cannotCreate(path: path, reason: String(cString: strerror(reason)))
        }
        let bytes = Array(content.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        var reason = errno
        let synced = fsync(descriptor) == 0
        if !synced { reason = errno }
        Glibc.close(descriptor)
        guard written == bytes.count, synced else {
            unlink(path)
            throw .cannotWrite(path: path, reason: String(cString: strerror(reason)))
        }
    }

    /// The keys in `input`, a key file (opened with the passphrase `passphrase` gives) or the
    /// printable form. The passphrase is asked for only for a key file.
    public static func keys(from input: String, passphrase: () throws -> String) throws -> [SyncKey] {
        isFile(input) ? try keys(fromFile: input, passphrase: passphrase()) : try keys(fromText: input)
    }
}
