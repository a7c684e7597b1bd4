import Foundation
import GRDB

/// Where the next event of this device goes: after its last event (sequence number and hash)
/// and at the next hybrid-logical-clock stamp. Every event this device writes takes its place
/// from here, whether `log` appends one or `appendBulk` appends thousands.
struct AppendPosition {
    /// The sequence number of this device's last event (0 before its first).
    private(set) var lastSeq: Int64
    /// The hash of this device's last event ("" before its first).
    private(set) var lastHash: String
    /// The next stamp: wall milliseconds, then the counter that orders events in the same millisecond.
    private(set) var recordedMs: Int64
    private(set) var counter: Int64

    /// The position after everything in the log: the stamp is wall time, unless the log
    /// already holds a later stamp (a clock set back, or events received from a fast one).
    init(_ db: Database, device: String, wallClockMs: Int64) throws {
        let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM event WHERE device = ? ORDER BY seq DESC LIMIT 1",
                                    arguments: [device])
        lastSeq = last?["seq"] ?? 0
        lastHash = last?["hash"] ?? ""
        let latest = try Row.fetchOne(db, sql: "SELECT recorded_ms, clock FROM event ORDER BY recorded_ms DESC, clock DESC LIMIT 1")
        guard let latest, case let latestMs = latest["recorded_ms"] as Int64, wallClockMs <= latestMs else {
            (recordedMs, counter) = (wallClockMs, 0)
            return
        }
        (recordedMs, counter) = (latestMs, latest["clock"])
        advanceStamp()
    }

    /// Moves past an event just written with this position's stamp and hash.
    mutating func advance(pastEventWithHash hash: String) {
        lastSeq += 1
        lastHash = hash
        advanceStamp()
    }

    private mutating func advanceStamp() {
        if counter < 0xFFFF { counter += 1 } else { (recordedMs, counter) = (recordedMs + 1, 0) }
    }
}

extension FollowupStore {
    @discardableResult
    func append(type: EventType, interview: String?, occurred: Int64, payload: [String: JSONValue]) throws -> Event {
        try write { db in try append(db, id: Event.newID(), type: type, interview: interview, occurred: occurred, payload: payload) }
    }

    /// Appends one event of this device and brings the projection up to date.
    func append(_ db: Database, id: String, type: EventType, interview: String?, occurred: Int64,
                payload: [String: JSONValue]) throws -> Event {
        var position = try appendPosition(db)
        let event = try append(EventDraft(id: id, type: type, interview: interview, occurred: occurred, payload: payload),
                               at: &position, db)
        try project([event], db)
        return event
    }

    /// Appends many events of this device in one transaction, projecting each touched
    /// interview once at the end. Each event is chained, stamped and signed as `log` does.
    public func appendBulk(_ drafts: [EventDraft]) throws {
        try write { db in
            var position = try appendPosition(db)
            var touched: [Event] = []
            for draft in drafts {
                let event = try append(draft, at: &position, db)
                if draft.type != .interviewAdded || touched.last?.interview != draft.interview { touched.append(event) }
            }
            // One representative event per interview is enough: project() refolds whole interviews.
            var seen = Set<String>()
            try project(touched.filter { event in event.interview.map { seen.insert($0).inserted } ?? true }, db)
        }
    }

    func appendPosition(_ db: Database) throws -> AppendPosition {
        try AppendPosition(db, device: deviceID, wallClockMs: Int64((wallClock().timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// The one place an event of this device is made: the next sequence number, chained to the
    /// previous event, stamped by the hybrid logical clock, signed, inserted. The caller projects.
    private func append(_ draft: EventDraft, at position: inout AppendPosition, _ db: Database) throws -> Event {
        var event = Event(version: Event.formatVersion, id: draft.id, device: deviceID, seq: position.lastSeq + 1,
                          recordedMs: position.recordedMs, clock: position.counter, occurred: draft.occurred,
                          type: draft.type.rawValue, interview: draft.interview, payload: draft.payload,
                          prev: position.lastHash, signature: "")
        try key.sign(&event)
        let line = event.line
        let hash = Event.hash(ofLine: line)
        try insert(event, line: line, hash: hash, db)
        position.advance(pastEventWithHash: hash)
        return event
    }

    /// Inserts an event whose canonical line and hash the caller already has.
    func insert(_ event: Event, line: String, hash: String, _ db: Database) throws {
        let fact = ProjectionFact(event)
        // Prepared once per connection: compiling the statement costs more than running it.
        try db.cachedStatement(
            sql: """
                INSERT INTO event (id, device, seq, recorded_ms, clock, occurred, type, interview, subject,
                                   decision_by, detail, hash, line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [event.id, event.device, event.seq, event.recordedMs, event.clock, event.occurred, event.type,
                        event.interview, fact.subject, fact.decisionBy, fact.detail, hash, line])
    }
}
