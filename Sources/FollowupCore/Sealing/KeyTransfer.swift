import _CryptoExtras
import Crypto
import Foundation

/// The two forms in which sync keys move between machines (docs/encryption.md):
///
/// - a key file sealed with a passphrase: scrypt (N = 2^17, r = 8, p = 1: 128 MiB and about
///   half a second per guess) derives a ChaCha20-Poly1305 key that seals the list of keys;
/// - a printable form, one line per key, to copy by hand or keep on paper:
///   `followup-key <id> <created> <secret in base32, groups of four>`; the id, derived from
///   the secret, catches a mistyped secret.
public enum KeyTransfer {
    static let fileFormat = "followup-keys"
    static let textPrefix = "followup-key"
    static let associatedData = Data("followup-keys v1".utf8)
    public static let minimumPassphraseLength = 10
    static let scryptN: Int64 = 1 << 17, scryptR: Int64 = 8, scryptP: Int64 = 1

    // MARK: Passphrase-protected file

    public static func file(_ keys: [SyncKey], passphrase: String) throws(SealingError) -> String {
        guard passphrase.count >= minimumPassphraseLength else {
            throw .badKeyMaterial("the passphrase is too short: use at least \(minimumPassphraseLength) characters")
        }
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        let wrapping = try derive(passphrase: passphrase, salt: salt, n: scryptN, r: scryptR, p: scryptP)
        let payload = JSONValue.object(["keys": .array(keys.map { key in
            .object(["secret": .string(key.secret.base64EncodedString()), "created": .int(key.createdMs)])
        })])
        let box = try! ChaChaPoly.seal(Data(payload.canonicalString.utf8), using: wrapping, authenticating: associatedData)
        return JSONValue.object([
            "format": .string(fileFormat), "v": .int(1), "kdf": .string("scrypt"),
            "n": .int(scryptN), "r": .int(scryptR), "p": .int(scryptP),
            "salt": .string(salt.base64EncodedString()), "sealed": .string(box.combined.base64EncodedString()),
        ]).canonicalString + "\n"
    }

    /// Whether `text` is a passphrase-protected key file (rather than the printable form).
    public static func isFile(_ text: String) -> Bool {
        text.trimmingWhitespace().hasPrefix("{")
    }

    public static func keys(fromFile text: String, passphrase: String) throws(SealingError) -> [SyncKey] {
        let value: JSONValue
        do { value = try JSONValue.parse(text.trimmingWhitespace()) } catch {
            throw .badKeyMaterial("the key file is damaged (\(error)); export it again")
        }
        guard value["format"]?.stringValue == fileFormat else {
            throw .badKeyMaterial("this is not a followup key file; make one with 'followup key export'")
        }
        guard value["v"]?.intValue == 1, value["kdf"]?.stringValue == "scrypt" else {
            throw .badKeyMaterial("the key file was made by a newer followup; upgrade followup to read it")
        }
        guard let n = value["n"]?.intValue, let r = value["r"]?.intValue, let p = value["p"]?.intValue,
              n >= 1 << 10, n <= 1 << 20, n & (n - 1) == 0, (1...32).contains(r), (1...16).contains(p),
              let salt = value["salt"]?.stringValue.flatMap({ Data(base64Encoded: $0) }), salt.count >= 16,
              let sealed = value["sealed"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
              let box = try? ChaChaPoly.SealedBox(combined: sealed) else {
            throw .badKeyMaterial("the key file is damaged (its parameters are missing or out of range); export it again")
        }
        let wrapping = try derive(passphrase: passphrase, salt: salt, n: n, r: r, p: p)
        guard let payload = try? ChaChaPoly.open(box, using: wrapping, authenticating: associatedData) else {
            throw .badKeyMaterial("wrong passphrase for this key file (or the file was altered); try again")
        }
        guard let entries = (try? JSONValue.parse(String(decoding: payload, as: UTF8.self)))?["keys"]?.arrayValue else {
            throw .badKeyMaterial("the key file is damaged (its key list cannot be read); export it again")
        }
        return try entries.map { entry throws(SealingError) in
            guard let secret = entry["secret"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
                  let created = entry["created"]?.intValue else {
                throw .badKeyMaterial("the key file is damaged (a key cannot be read); export it again")
            }
            return try SyncKey(secret: secret, createdMs: created)
        }
    }

    private static func derive(passphrase: String, salt: Data, n: Int64, r: Int64, p: Int64) throws(SealingError) -> SymmetricKey {
        do {
            return try KDF.Scrypt.deriveKey(from: Data(passphrase.utf8), salt: salt, outputByteCount: 32,
                                            rounds: Int(n), blockSize: Int(r), parallelism: Int(p))
        } catch {
            throw .badKeyMaterial("cannot derive a key from the passphrase (\(error)); check the machine's free memory")
        }
    }

    // MARK: Printable form

    public static func text(_ keys: [SyncKey]) -> String {
        keys.map { key in
            let groups = base32(key.secret).chunked(4).joined(separator: "-")
            return "\(textPrefix) \(key.id) \(UTCTime.format(milliseconds: key.createdMs)) \(groups)\n"
        }.joined()
    }

    public static func keys(fromText text: String) throws(SealingError) -> [SyncKey] {
        var keys: [SyncKey] = []
        for (number, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingSpaces()
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 4, fields[0] == textPrefix, SyncKey.isKeyID(fields[1]),
                  let created = UTCTime.parseMilliseconds(String(fields[2])) else {
                throw .notAPrintedKey(line: number + 1)
            }
            guard let secret = base32Decode(fields[3].replacingOccurrences(of: "-", with: "").uppercased()),
                  secret.count == SyncKey.byteCount else {
                throw .badKeyMaterial("line \(number + 1): the key is not 52 base32 letters and digits; check it for typos")
            }
            let key = try SyncKey(secret: secret, createdMs: created)
            guard key.id == fields[1] else {
                throw .badKeyMaterial("line \(number + 1): the key does not match its id \(fields[1]); check it for typos")
            }
            keys.append(key)
        }
        guard !keys.isEmpty else { throw .noPrintedKey }
        return keys
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func base32(_ data: Data) -> String {
        var output: [UInt8] = []
        var buffer = 0, bits = 0
        for byte in data {
            buffer = buffer << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[(buffer >> bits) & 31])
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: output, as: UTF8.self)
    }

    static func base32Decode(_ text: String) -> Data? {
        var output = Data()
        var buffer = 0, bits = 0
        for character in text.utf8 {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5 | value) & 0xFFFF
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> bits) & 0xFF))
            }
        }
        return output
    }
}

extension String {
    func chunked(_ size: Int) -> [String] {
        stride(from: 0, to: count, by: size).map { offset in
            let start = index(startIndex, offsetBy: offset)
            return String(self[start..<(index(start, offsetBy: size, limitedBy: endIndex) ?? endIndex)])
        }
    }
}
