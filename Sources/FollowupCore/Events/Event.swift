import Crypto
import Foundation

/// The kinds of event this version understands. Other type names are kept and synced but
/// ignored by the projection, so older versions keep working beside newer ones.
public enum EventType: String, CaseIterable, Sendable {
    case deviceRegistered = "device-registered"
    case interviewAdded = "interview-added"
    case interviewAmended = "interview-amended"
    case thankYouSent = "thank-you-sent"
    case handwrittenNoteSent = "handwritten-note-sent"
    case nextStepsAsked = "next-steps-asked"
    case qualificationsSent = "qualifications-sent"
    case checkInSent = "check-in-sent"
    case responseReceived = "response-received"
    case outcomeRecorded = "outcome-recorded"
    case noteAdded = "note-added"
    case eventRetracted = "event-retracted"
    case configSet = "config-set"

    /// The payload keys an `interview-amended` may carry (`InterviewAmendment`); it must carry one.
    public static let amendmentFields = ["company", "role", "startsAt", "durationMinutes", "decisionBy", "addInterviewers",
                                         "removeInterviewers", "addPoints", "roundOf"]

    /// Whether events of this type must name the interview they concern.
    public var concernsInterview: Bool {
        switch self {
        case .deviceRegistered, .configSet: false
        default: true
        }
    }
}

/// One immutable, signed entry of the log, exactly as it is stored and synced.
public struct Event: Hashable, Sendable {
    /// The version of the event format this code writes; higher versions are refused.
    public static let formatVersion: Int64 = 1

    public var version: Int64
    public var id: String
    public var device: String
    public var seq: Int64
    /// Hybrid logical clock, wall part: milliseconds since 1970, UTC (`recorded` in the format).
    public var recordedMs: Int64
    /// Hybrid logical clock, counter part: orders events stamped in the same millisecond. Named
    /// after the format's `clock` field; the store's time source is `FollowupStore.wallClock`.
    public var clock: Int64
    /// When the action happened, as the user said (seconds since 1970, UTC).
    public var occurred: Int64
    public var type: String
    public var interview: String?
    public var payload: [String: JSONValue]
    /// Hash of this device's previous event ("" for its first).
    public var prev: String
    /// Ed25519 signature, base64, over `unsignedLine`.
    public var signature: String

    public var knownType: EventType? { EventType(rawValue: type) }

    func json(includingSignature: Bool) -> JSONValue {
        var members: [String: JSONValue] = [
            "v": .int(version),
            "id": .string(id),
            "device": .string(device),
            "seq": .int(seq),
            "recorded": .string(UTCTime.format(milliseconds: recordedMs)),
            "clock": .int(clock),
            "occurred": .string(UTCTime.format(seconds: occurred)),
            "type": .string(type),
            "interview": interview.map(JSONValue.string) ?? .null,
            "payload": .object(payload),
            "prev": .string(prev),
        ]
        if includingSignature { members["sig"] = .string(signature) }
        return .object(members)
    }

    /// The canonical bytes the signature covers.
    public var unsignedLine: String { json(includingSignature: false).canonicalString }

    /// The canonical, signed line: what the store keeps and what sync writes.
    public var line: String { json(includingSignature: true).canonicalString }

    /// The unsigned canonical line inside a canonical signed `line`, without serialising again.
    ///
    /// In canonical order `sig` is the last key whose value can contain a quote-free
    /// `,"sig":"` run (only `type` and `v` follow it), so its last occurrence is the field.
    public static func unsignedLine(ofSigned line: String) -> String? {
        let bytes = Array(line.utf8)
        let marker = Array(#","sig":""#.utf8)
        guard bytes.count > marker.count else { return nil }
        var start = bytes.count - marker.count
        while start >= 0, !bytes[start..<start + marker.count].elementsEqual(marker) { start -= 1 }
        guard start >= 0, let closing = bytes[(start + marker.count)...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: bytes[..<start] + bytes[(closing + 1)...], as: UTF8.self)
    }

    /// The hash the next event of the same device points back to.
    public static func hash(ofLine line: String) -> String {
        SHA256.hash(data: Data(line.utf8)).hexString
    }

    public func payloadString(_ key: String) -> String? { payload[key]?.stringValue }

    /// A payload time field written as a UTC timestamp.
    public func payloadTime(_ key: String) -> Int64? { payload[key]?.stringValue.flatMap(UTCTime.parseSeconds) }
}

extension UInt8 {
    /// 0-9 or a-f: the digits of the hex this code writes (ids, hashes).
    var isLowercaseHexDigit: Bool { (0x30...0x39).contains(self) || (0x61...0x66).contains(self) }
}

extension Sequence<UInt8> {
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

// MARK: - Decoding lines from outside

/// Why a line is not a valid event of a format this version can read.
public enum EventFormatError: Error, Equatable, CustomStringConvertible, Sendable {
    case notJSON(JSONParseError)
    case notCanonical
    case newerVersion(Int64)
    case missingField(String)
    case badField(String, String)
    case tooLarge(Int)

    public var description: String {
        switch self {
        case .notJSON(let error): "not valid JSON (\(error))"
        case .notCanonical: "not in canonical form (keys sorted, no spaces, minimal escapes)"
        case .newerVersion(let version):
            "written in event format v\(version), newer than this followup reads (v\(Event.formatVersion)): upgrade followup"
        case .missingField(let field): "missing field \"\(field)\""
        case .badField(let field, let why): "field \"\(field)\" \(why)"
        case .tooLarge(let size): "line of \(size) bytes is larger than the \(Event.maximumLineBytes)-byte limit"
        }
    }
}

extension Event {
    /// Lines larger than this are refused before they are parsed.
    public static let maximumLineBytes = 64 * 1024

    /// Parses a line, insisting on the canonical form and on every field the format requires.
    /// It does not check the signature or the chain: that needs the device's other events.
    public init(line: String) throws(EventFormatError) {
        let size = line.utf8.count
        guard size <= Event.maximumLineBytes else { throw .tooLarge(size) }
        let value: JSONValue
        do { value = try JSONValue.parse(line) } catch { throw .notJSON(error) }
        guard case .object(let members) = value else { throw .badField("(root)", "must be an object") }
        guard value.canonicalString == line else { throw .notCanonical }

        func string(_ key: String) throws(EventFormatError) -> String {
            guard let field = members[key] else { throw .missingField(key) }
            guard let text = field.stringValue else { throw .badField(key, "must be a string") }
            return text
        }
        func integer(_ key: String) throws(EventFormatError) -> Int64 {
            guard let field = members[key] else { throw .missingField(key) }
            guard let number = field.intValue else { throw .badField(key, "must be an integer") }
            return number
        }

        let version = try integer("v")
        guard version >= 1 else { throw .badField("v", "must be at least 1") }
        guard version <= Event.formatVersion else { throw .newerVersion(version) }
        let expectedKeys: Set<String> = ["v", "id", "device", "seq", "recorded", "clock", "occurred", "type",
                                         "interview", "payload", "prev", "sig"]
        if let extra = Set(members.keys).subtracting(expectedKeys).sorted().first {
            throw .badField(extra, "is not part of event format v\(version)")
        }
        let id = try string("id")
        guard Event.isValidID(id) else { throw .badField("id", "must be a lowercase UUID") }
        let device = try string("device")
        guard DeviceKey.isDeviceID(device) else { throw .badField("device", "must be 16 lowercase hex digits") }
        let seq = try integer("seq")
        guard seq >= 1 else { throw .badField("seq", "must be at least 1") }
        guard let recordedMs = UTCTime.parseMilliseconds(try string("recorded")) else {
            throw .badField("recorded", "must be a UTC time like 2026-11-28T03:00:00.123Z")
        }
        let clock = try integer("clock")
        guard (0...0xFFFF).contains(clock) else { throw .badField("clock", "must be between 0 and 65535") }
        guard let occurred = UTCTime.parseSeconds(try string("occurred")) else {
            throw .badField("occurred", "must be a UTC time like 2026-11-27T14:00:00Z")
        }
        let type = try string("type")
        guard !type.isEmpty, type.utf8.count <= 64, type.utf8.allSatisfy({ $0 == 0x2D || (0x61...0x7A).contains($0) }) else {
            throw .badField("type", "must be lowercase letters and dashes")
        }
        let interview: String?
        switch members["interview"] {
        case nil: throw .missingField("interview")
        case .null?: interview = nil
        case .string(let text)?:
            guard Event.isValidID(text) else { throw .badField("interview", "must be a lowercase UUID or null") }
            interview = text
        default: throw .badField("interview", "must be a string or null")
        }
        guard let payload = members["payload"]?.objectValue else {
            throw members["payload"] == nil ? .missingField("payload") : .badField("payload", "must be an object")
        }
        let prev = try string("prev")
        guard prev.isEmpty == (seq == 1), prev.isEmpty || Event.isHex(prev, count: 64) else {
            throw .badField("prev", "must be empty for seq 1 and a SHA-256 hex digest otherwise")
        }
        let signature = try string("sig")
        guard let signatureBytes = Data(base64Encoded: signature), signatureBytes.count == 64 else {
            throw .badField("sig", "must be a base64 Ed25519 signature")
        }
        self.init(version: version, id: id, device: device, seq: seq, recordedMs: recordedMs, clock: clock,
                  occurred: occurred, type: type, interview: interview, payload: payload, prev: prev,
                  signature: signature)
        try validatePayload()
    }

    /// Checks the payload of the known types; unknown types are accepted as they are.
    func validatePayload() throws(EventFormatError) {
        guard let known = knownType else { return }
        if known.concernsInterview, interview == nil { throw .badField("interview", "is required for \(type)") }
        func requireString(_ key: String) throws(EventFormatError) -> String {
            guard let value = payload[key] else { throw .missingField("payload.\(key)") }
            guard let text = value.stringValue, !text.isEmpty else {
                throw .badField("payload.\(key)", "must be a non-empty string")
            }
            return text
        }
        for key in ["decisionBy"] where payload[key] != nil {
            guard payloadTime(key) != nil else { throw .badField("payload.\(key)", "must be a UTC time") }
        }
        // An amendment's null `roundOf` removes the link.
        if known == .interviewAdded || known == .interviewAmended, let roundOf = payload["roundOf"],
           known == .interviewAdded || roundOf != .null {
            guard let id = roundOf.stringValue, Event.isValidID(id) else {
                throw .badField("payload.roundOf", "must be an interview id")
            }
        }
        switch known {
        case .deviceRegistered:
            _ = try requireString("name")
            guard let key = Data(base64Encoded: try requireString("publicKey")), key.count == 32 else {
                throw .badField("payload.publicKey", "must be a base64 Ed25519 public key")
            }
        case .interviewAdded:
            guard interview == id else { throw .badField("interview", "must equal the event's id for interview-added") }
            guard InterviewRef.isValid(try requireString("ref")) else {
                throw .badField("payload.ref", "must be a valid interview ref")
            }
            _ = try requireString("company")
            _ = try requireString("role")
            guard let minutes = payload["durationMinutes"]?.intValue, (1...24 * 60).contains(minutes) else {
                throw .badField("payload.durationMinutes", "must be between 1 and 1440")
            }
            guard let interviewers = payload["interviewers"]?.arrayValue,
                  interviewers.allSatisfy({ $0["name"]?.stringValue?.isEmpty == false }) else {
                throw .badField("payload.interviewers", "must be a list of {name, email}")
            }
            guard let points = payload["points"]?.arrayValue, points.allSatisfy({ $0.stringValue != nil }) else {
                throw .badField("payload.points", "must be a list of strings")
            }
        case .interviewAmended:
            guard EventType.amendmentFields.contains(where: { payload[$0] != nil }) else {
                throw .badField("payload", "must change at least one of \(EventType.amendmentFields.joined(separator: ", "))")
            }
            for key in ["company", "role"] where payload[key] != nil { _ = try requireString(key) }
            if payload["startsAt"] != nil, payloadTime("startsAt") == nil {
                throw .badField("payload.startsAt", "must be a UTC time")
            }
            if let minutes = payload["durationMinutes"], !(minutes.intValue.map { (1...24 * 60).contains($0) } ?? false) {
                throw .badField("payload.durationMinutes", "must be between 1 and 1440")
            }
            if let added = payload["addInterviewers"], !(added.arrayValue?.allSatisfy({ $0["name"]?.stringValue?.isEmpty == false }) ?? false) {
                throw .badField("payload.addInterviewers", "must be a list of {name, email}")
            }
            for key in ["removeInterviewers", "addPoints"] where payload[key] != nil {
                guard payload[key]?.arrayValue?.allSatisfy({ $0.stringValue?.isEmpty == false }) == true else {
                    throw .badField("payload.\(key)", "must be a list of non-empty strings")
                }
            }
        case .qualificationsSent:
            _ = try requireString("point")
        case .outcomeRecorded:
            guard Outcome(rawValue: try requireString("outcome")) != nil else {
                throw .badField("payload.outcome", "must be one of \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        case .noteAdded:
            _ = try requireString("note")
        case .eventRetracted:
            guard Event.isValidID(try requireString("target")) else {
                throw .badField("payload.target", "must be an event id")
            }
        case .configSet:
            _ = try requireString("key")
            _ = try requireString("value")
        case .thankYouSent, .handwrittenNoteSent, .nextStepsAsked, .checkInSent, .responseReceived:
            break
        }
    }

    static func isValidID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else if !byte.isLowercaseHexDigit {
                return false
            }
        }
        return true
    }

    static func isHex(_ text: some StringProtocol, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy(\.isLowercaseHexDigit)
    }

    /// A new random lowercase UUID.
    public static func newID() -> String { UUID().uuidString.lowercased() }
}

/// How an interview ended.
public enum Outcome: String, CaseIterable, Sendable, Codable {
    case offer, rejected, withdrawn, accepted, ghosted
}

/// The short names users give interviews.
public enum InterviewRef {
    /// Lowercase letters, digits, `-`, `_` and `.`, starting with a letter or digit, at most 64.
    public static func isValid(_ ref: String) -> Bool {
        let bytes = Array(ref.utf8)
        guard let first = bytes.first, bytes.count <= 64, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
