import Foundation

/// The rules one device's history obeys, applied event by event in sequence order: sequence
/// numbers without gaps, each event linked to the previous one's hash, the first event
/// registering a key whose hash is the device id, every event signed by that key.
///
/// `verify` (what is stored) and `importLines` (what arrives) both walk devices with it, so
/// the two can never disagree about what a valid history is; followup-sync asks it too, before
/// taking a branch's history of this device for the store's own.
public struct DeviceChain {
    let device: String
    private(set) var lastSeq: Int64
    private(set) var lastHash: String
    private(set) var publicKey: String?

    public init(device: String, lastSeq: Int64 = 0, lastHash: String = "", publicKey: String? = nil) {
        self.device = device
        self.lastSeq = lastSeq
        self.lastHash = lastHash
        self.publicKey = publicKey
    }

    public enum Verdict {
        /// The event may come next; it is signed by `key`.
        case follows(key: String)
        case breaks(String)
    }

    /// Whether `event` may come next. `signedBy` checks the event's signature against a key.
    public func check(_ event: Event, signedBy: (String) -> Bool) -> Verdict {
        guard event.seq == lastSeq + 1 else { return .breaks("sequence number \(event.seq) leaves a gap after \(lastSeq)") }
        guard event.prev == lastHash else {
            return .breaks("does not link to the device's previous event (hash chain broken)")
        }
        var key = publicKey
        if event.seq == 1 {
            guard event.knownType == .deviceRegistered, let registered = event.payloadString("publicKey"),
                  let data = Data(base64Encoded: registered), DeviceKey.deviceID(publicKey: data) == device else {
                return .breaks("the device's first event does not register a key matching its id")
            }
            key = registered
        }
        guard let key, signedBy(key) else { return .breaks("the signature is not valid") }
        return .follows(key: key)
    }

    /// Moves the chain past an event that `check` let through (and any other checks passed).
    public mutating func append(_ event: Event, hash: String, key: String) {
        lastSeq = event.seq
        lastHash = hash
        publicKey = key
    }
}
