import Foundation
import GRDB

/// What became of a batch of event lines from another replica.
public struct ImportReport: Sendable, Equatable {
    public var imported = 0
    public var alreadyPresent = 0
    /// Lines refused, each with the device, sequence number and why.
    public var rejected: [Rejection] = []
    /// Devices whose history here and in the batch diverge (a copied store).
    public var forkedDevices: [String] = []

    public struct Rejection: Sendable, Equatable {
        public var device: String?
        public var seq: Int64?
        public var eventID: String?
        public var reason: String
        /// For a line that is no event at all: its position in the lines given to the import,
        /// so the caller can say where it came from.
        public var line: Int?

        public init(device: String?, seq: Int64?, eventID: String?, reason: String, line: Int? = nil) {
            self.device = device
            self.seq = seq
            self.eventID = eventID
            self.reason = reason
            self.line = line
        }
    }
}

extension FollowupStore {
    /// Events stamped further ahead of this machine's clock than this are refused: they would
    /// drag every later local stamp into the future.
    static let maximumClockSkewMs: Int64 = 24 * 3600 * 1000

    /// Checks and imports events recorded elsewhere, in any order, in one transaction.
    ///
    /// Every line is checked before it is stored: format, signature by the device's registered
    /// key, sequence number and hash link to the device's previous event. Good events come in;
    /// bad ones are reported and skipped; nothing already stored is touched. Importing the same
    /// lines twice is harmless.
    public func importLines(_ lines: [String]) throws -> ImportReport {
        var report = ImportReport()
        // Parsed and hashed on all cores; the line was checked to be canonical, so the hash is
        // that of the event's bytes as signed.
        let parsed = lines.parallelMap { line in
            Result { () throws(EventFormatError) -> Arrival in
                Arrival(event: try Event(line: line), line: line, hash: Event.hash(ofLine: line))
            }
        }
        var byDevice: [String: [Arrival]] = [:]
        for (position, outcome) in parsed.enumerated() {
            switch outcome {
            case .success(let arrival): byDevice[arrival.event.device, default: []].append(arrival)
            case .failure(let error):
                report.rejected.append(.init(device: nil, seq: nil, eventID: nil, reason: "unreadable event: \(error)", line: position))
            }
        }
        for device in byDevice.keys { byDevice[device]!.sort { $0.event.seq < $1.event.seq } }
        let signatureValid = try checkSignatures(byDevice)
        let limitMs = Int64(wallClock().timeIntervalSince1970 * 1000) + FollowupStore.maximumClockSkewMs
        try write { db in
            var inserted: [Event] = []
            for device in byDevice.keys.sorted() {
                let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM event WHERE device = ? ORDER BY seq DESC LIMIT 1",
                                            arguments: [device])
                var chain = DeviceChain(
                    device: device, lastSeq: last?["seq"] ?? 0, lastHash: last?["hash"] ?? "",
                    publicKey: try String.fetchOne(db, sql: "SELECT public_key FROM device WHERE id = ?", arguments: [device]))
                var forked = false
                for arrival in byDevice[device]! {
                    let (event, line, hash) = (arrival.event, arrival.line, arrival.hash)
                    func reject(_ reason: String) {
                        report.rejected.append(.init(device: device, seq: event.seq, eventID: event.id, reason: reason))
                    }
                    if event.seq <= chain.lastSeq {
                        let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM event WHERE device = ? AND seq = ?"),
                                                         arguments: [device, event.seq])
                        if stored == hash {
                            report.alreadyPresent += 1
                        } else if !forked {
                            forked = true
                            report.forkedDevices.append(device)
                        }
                        continue
                    }
                    guard !forked else { reject("follows a fork of this device's history"); continue }
                    // Signatures were checked on all cores beforehand, against the key recorded here.
                    let verdict = chain.check(event) { key in
                        key == signatureValid.keys[device] && signatureValid.valid[line] == true
                    }
                    guard case .follows(let key) = verdict else {
                        if case .breaks(let reason) = verdict { reject(reason) }
                        continue
                    }
                    guard event.recordedMs <= limitMs else {
                        reject("recorded at \(UTCTime.format(milliseconds: event.recordedMs)), more than a day ahead of this machine's clock")
                        continue
                    }
                    if try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM event WHERE id = ?)"),
                                         arguments: [event.id]) == true {
                        reject("its id is already used by another event")
                        continue
                    }
                    try insert(event, line: line, hash: hash, db)
                    inserted.append(event)
                    chain.append(event, hash: hash, key: key)
                    if event.knownType == .deviceRegistered {
                        try project([event], db)  // later events of this batch need the key
                    }
                }
            }
            try project(inserted.filter { $0.knownType != .deviceRegistered }, db)
            report.imported = inserted.count
        }
        return report
    }

    /// An event as it arrives: parsed, with its line and that line's hash.
    struct Arrival {
        var event: Event
        var line: String
        var hash: String
    }

    /// Checks the signatures of the batch (each device's events in sequence order), against
    /// the key each device registered (stored, or in the batch's first event of that device).
    /// The sequential pass then only accepts a result whose key it confirms.
    func checkSignatures(_ byDevice: [String: [Arrival]]) throws
        -> (keys: [String: String], valid: [String: Bool]) {  // valid: by line
        var keys: [String: String] = [:]
        try read { db in
            for device in byDevice.keys {
                if let stored = try String.fetchOne(db, sql: "SELECT public_key FROM device WHERE id = ?", arguments: [device]) {
                    keys[device] = stored
                }
            }
        }
        for (device, events) in byDevice where keys[device] == nil {
            if let first = events.first(where: { $0.event.seq == 1 && $0.event.knownType == .deviceRegistered }),
               let key = first.event.payloadString("publicKey") {
                keys[device] = key
            }
        }
        // One signature vouches for every line it chains down to: each line's `prev` is the hash
        // of the line before it, and the signature covers `prev`, so a valid signature on a
        // device's newest line authenticates the lines below it, as a signed git commit does its
        // history. Checking every signature would be 60 % of an import. Lines outside that chain (a
        // gap, a hash that does not match, a newest line whose signature fails) are checked one
        // by one, so what is refused, and why, does not change.
        var valid: [String: Bool] = [:]
        var work: [(Event, String, String)] = []
        for (device, sorted) in byDevice {
            guard let key = keys[device] else { continue }
            var vouched = 0
            if let head = sorted.last,
               DeviceKey.verify(head.event, publicKey: key, unsignedLine: Event.unsignedLine(ofSigned: head.line)) {
                valid[head.line] = true
                vouched = 1
                var expected = head.event.prev
                for index in sorted.indices.dropLast().reversed() {
                    let item = sorted[index]
                    guard item.event.seq == sorted[index + 1].event.seq - 1, item.hash == expected else { break }
                    valid[item.line] = true
                    expected = item.event.prev
                    vouched += 1
                }
            }
            work += sorted.dropLast(vouched).map { ($0.event, $0.line, key) }
        }
        let verdicts = work.parallelMap { event, line, key in
            (line, DeviceKey.verify(event, publicKey: key, unsignedLine: Event.unsignedLine(ofSigned: line)))
        }
        for (line, verdict) in verdicts { valid[line] = (valid[line] ?? true) && verdict }
        return (keys, valid)
    }
}
