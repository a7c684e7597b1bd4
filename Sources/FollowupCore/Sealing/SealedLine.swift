import Crypto
import Foundation

/// One event line sealed for the remote: `{"k":"<key id>","s":"<base64>"}`, where the base64
/// is nonce ‖ ChaCha20-Poly1305 ciphertext ‖ tag of the framed, padded canonical line.
///
/// Sealing is deterministic — the nonce is an HMAC of the padded plaintext (a synthetic IV) —
/// so a device that rebuilds a segment from its store writes the same bytes again, and the
/// union merge and blob-id checks of plain logs work unchanged. Equal nonces only ever come
/// with equal plaintexts, which are the same event. The plaintext is framed with its length
/// and padded (Padmé, at least 256 bytes), so a line's size does not reveal what it says.
public enum SealedLine {
    static let associatedPrefix = "followup-sealed-v1 "
    static let minimumPadded = 256
    static let nonceBytes = 12
    static let tagBytes = 16

    public static func seal(_ line: String, with key: SyncKey) -> String {
        let framed = frame(Array(line.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: framed, using: key.nonceKey)
        let nonce = try! ChaChaPoly.Nonce(data: Data(mac).prefix(nonceBytes))
        let box = try! ChaChaPoly.seal(framed, using: key.sealKey, nonce: nonce,
                                       authenticating: Data((associatedPrefix + key.id).utf8))
        return "{\"k\":\"\(key.id)\",\"s\":\"\(box.combined.base64EncodedString())\"}"
    }

    /// The key id a sealed line names, without opening it.
    public static func keyID(of line: some StringProtocol) throws(SealingError) -> String {
        try envelope(line).keyID
    }

    /// The canonical event line inside `line`, with the key among `keys` (by id) it names.
    public static func open(_ line: some StringProtocol, keys: [String: SyncKey]) throws(SealingError) -> String {
        let (keyID, combined) = try envelope(line)
        guard let key = keys[keyID] else { throw .missingKey(keyID) }
        guard combined.count >= nonceBytes + tagBytes + minimumPadded,
              let box = try? ChaChaPoly.SealedBox(combined: combined),
              let framed = try? ChaChaPoly.open(box, using: key.sealKey, authenticating: Data((associatedPrefix + keyID).utf8))
        else { throw .tampered(keyID: keyID) }
        // Deterministic sealing: the nonce must be the one the plaintext implies.
        let mac = HMAC<SHA256>.authenticationCode(for: framed, using: key.nonceKey)
        guard Data(mac).prefix(nonceBytes) == combined.prefix(nonceBytes) else { throw .tampered(keyID: keyID) }
        let bytes = [UInt8](framed)
        let length = bytes.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        guard length <= bytes.count - 4, bytes[(4 + length)...].allSatisfy({ $0 == 0 }),
              let text = String(validating: bytes[4..<(4 + length)], as: UTF8.self) else { throw .tampered(keyID: keyID) }
        return text
    }

    /// The size in bytes of the sealed form of a line of `plainBytes` bytes.
    public static func sealedSize(ofPlainSize plainBytes: Int) -> Int {
        let combined = nonceBytes + paddedSize(plainBytes + 4) + tagBytes
        return "{\"k\":\"\",\"s\":\"\"}".utf8.count + 16 + (combined + 2) / 3 * 4
    }

    /// Padmé: rounds up to a size that leaks O(log log n) bits of the length, at most 12% more.
    static func paddedSize(_ length: Int) -> Int {
        guard length > minimumPadded else { return minimumPadded }
        let exponent = Int.bitWidth - 1 - length.leadingZeroBitCount  // floor(log2 length)
        let bitsOfExponent = Int.bitWidth - exponent.leadingZeroBitCount  // floor(log2 exponent) + 1
        let mask = (1 << (exponent - bitsOfExponent)) - 1
        return (length + mask) & ~mask
    }

    static func frame(_ bytes: [UInt8]) -> [UInt8] {
        let count = bytes.count
        var framed = [UInt8(truncatingIfNeeded: count >> 24), UInt8(truncatingIfNeeded: count >> 16),
                      UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count)]
        framed.reserveCapacity(paddedSize(count + 4))
        framed += bytes
        framed += repeatElement(0, count: paddedSize(count + 4) - framed.count)
        return framed
    }

    /// Reads the fixed envelope `{"k":"<16 hex>","s":"<base64>"}` (what `seal` writes, the
    /// only form accepted) without a general JSON parse: opening is most of what receiving a
    /// sealed line costs.
    private static func envelope(_ line: some StringProtocol) throws(SealingError) -> (keyID: String, combined: Data) {
        let bytes = Array(line.utf8)
        let head = Array("{\"k\":\"".utf8), middle = Array("\",\"s\":\"".utf8), tail = Array("\"}".utf8)
        let keyEnd = head.count + 16
        guard bytes.count > keyEnd + middle.count + tail.count, bytes.starts(with: head),
              bytes[keyEnd..<(keyEnd + middle.count)].elementsEqual(middle), bytes.suffix(tail.count).elementsEqual(tail) else {
            throw .notSealed("it must be {\"k\":\"<key id>\",\"s\":\"<base64>\"}")
        }
        let keyID = String(decoding: bytes[head.count..<keyEnd], as: UTF8.self)
        guard SyncKey.isKeyID(keyID) else { throw .notSealed("'\(keyID)' is not a key id") }
        guard let combined = Data(base64Encoded: Data(bytes[(keyEnd + middle.count)..<(bytes.count - tail.count)])) else {
            throw .notSealed("the sealed text is not base64")
        }
        return (keyID, combined)
    }
}
