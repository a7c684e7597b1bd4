import FollowupCore
import Foundation

/// How event lines go into the sync branch and come out of it: as they are, or, for a store
/// that encrypts, each sealed on its own (docs/encryption.md).
struct LineCodec {
    var keys: SealingKeys

    var seals: Bool { !keys.isEmpty }

    /// The branch form of this device's event `seq`.
    func encode(_ line: String, seq: Int64) -> String {
        guard seals, let key = keys.key(forOwnSeq: seq) else { return line }
        return SealedLine.seal(line, with: key)
    }

    /// The size of the branch form of a line of `size` bytes.
    func encodedSize(_ size: Int) -> Int { seals ? SealedLine.sealedSize(ofPlainSize: size) : size }

    /// The event line a branch line holds.
    func decode(_ line: String) throws(SealingError) -> String {
        seals ? try SealedLine.open(line, keys: keys.byID) : line
    }
}

/// `encryption.json` at the root of a sealed branch: which keys sealed its events. A branch
/// without it is plain text. The ids name keys without revealing them.
struct EncryptionManifest: Equatable {
    static let path = "encryption.json"
    static let cipher = "chacha20-poly1305, synthetic nonce (hmac-sha256), padme padding"
    var keys: Set<String>

    init(keys: Set<String>) { self.keys = keys }

    init(data: Data) throws(SyncError) {
        guard let value = try? JSONValue.parse(String(decoding: data, as: UTF8.self)), let ids = value["keys"]?.arrayValue else {
            throw .unreadableRemote("the remote's \(EncryptionManifest.path) cannot be read")
        }
        guard value["v"]?.intValue == 1 else {
            throw .newerFormat("the remote's log is sealed in a format a newer followup writes; upgrade followup")
        }
        keys = Set(ids.compactMap(\.stringValue).filter { SyncKey.isKeyID($0) })
    }

    var data: Data {
        Data((JSONValue.object([
            "v": .int(1), "cipher": .string(EncryptionManifest.cipher),
            "keys": .array(keys.sorted().map(JSONValue.string)),
        ]).canonicalString + "\n").utf8)
    }
}
