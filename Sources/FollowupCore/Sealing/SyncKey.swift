import Crypto
import Foundation

/// A key that seals the synced log (docs/encryption.md). The 32 random bytes are the whole
/// key; the cipher key, the nonce key and the public id are derived from them, so the id
/// names the key without revealing it and a mistyped key never matches its id.
public struct SyncKey: @unchecked Sendable, Equatable {
    // @unchecked: SymmetricKey is an immutable value that Crypto does not mark Sendable.
    public let id: String
    public let secret: Data
    /// When the key was made: the newest key a store holds seals its new events.
    public let createdMs: Int64
    let sealKey: SymmetricKey
    let nonceKey: SymmetricKey

    public static let byteCount = 32

    public init(secret: Data, createdMs: Int64) throws(SealingError) {
        guard secret.count == SyncKey.byteCount else { throw .badKeyMaterial("a sync key is \(SyncKey.byteCount) bytes") }
        let master = SymmetricKey(data: secret)
        self.secret = secret
        self.createdMs = createdMs
        id = SyncKey.derive(master, "followup key id v1", bytes: 8).withUnsafeBytes { Data($0) }.hexString
        sealKey = SyncKey.derive(master, "followup seal v1", bytes: 32)
        nonceKey = SyncKey.derive(master, "followup nonce v1", bytes: 32)
    }

    /// A new random key.
    public static func generate(now: Date = Date()) -> SyncKey {
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return try! SyncKey(secret: secret, createdMs: Int64(now.timeIntervalSince1970 * 1000))
    }

    /// Whether `text` has the form of a key id (16 lowercase hex digits).
    public static func isKeyID(_ text: some StringProtocol) -> Bool {
        Event.isHex(text, count: 16)
    }

    private static func derive(_ master: SymmetricKey, _ info: String, bytes: Int) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data(info.utf8), outputByteCount: bytes)
    }

    public static func == (a: SyncKey, b: SyncKey) -> Bool { a.id == b.id && a.secret == b.secret && a.createdMs == b.createdMs }
}

/// Why sealed content or key material was refused.
public enum SealingError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The line is not a sealed event line.
    case notSealed(String)
    /// The line was sealed with a key this store does not hold.
    case missingKey(String)
    /// The ciphertext does not authenticate: changed after sealing, or not made by the key.
    case tampered(keyID: String)
    /// Key material (a key file, the printable form) cannot be used.
    case badKeyMaterial(String)
    /// A line of the printable form is not a printed key (line numbers from 1).
    case notAPrintedKey(line: Int)
    /// Text that should hold printed keys holds none.
    case noPrintedKey

    public var description: String {
        switch self {
        case .notSealed(let detail): "not a sealed event line (\(detail))"
        case .missingKey(let id): "sealed with key \(id), which this store does not hold"
        case .tampered(let id): "sealed with key \(id) but does not authenticate: it was altered after sealing"
        case .badKeyMaterial(let detail): detail
        case .notAPrintedKey(let line): "line \(line) is not a printed key ('\(KeyTransfer.textPrefix) <id> <created> <key>')"
        case .noPrintedKey: "no key found in the input"
        }
    }
}
