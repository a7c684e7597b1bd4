import Foundation
import Testing
@testable import FollowupCore

@Suite("Event format and what arrives from other replicas")
struct EventFormatTests {
    let directory = Fixture.temporaryDirectory()

    func store(_ name: String) throws -> FollowupStore {
        try Fixture.store(name, in: directory.appendingPathComponent(name))
    }

    func lines(_ store: FollowupStore) throws -> [String] {
        var lines: [String] = []
        try store.forEachLine { lines.append($0) }
        return lines
    }

    /// Signs an event of `store`'s device that follows its last one.
    func next(_ store: FollowupStore, type: String, interview: String?, payload: [String: JSONValue],
              recordedMs: Int64? = nil, id: String = Event.newID()) throws -> Event {
        let last = try Event(line: try lines(store).last!)
        var event = Event(version: 1, id: id, device: store.deviceID, seq: last.seq + 1,
                          recordedMs: recordedMs ?? last.recordedMs + 1, clock: 0, occurred: last.occurred,
                          type: type, interview: interview, payload: payload, prev: Event.hash(ofLine: last.line), signature: "")
        try store.key.sign(&event)
        return event
    }

    @Test("a stored line parses back to the same bytes")
    func roundTrip() throws {
        let laptop = try store("laptop")
        for line in try lines(laptop) { #expect(try Event(line: line).line == line) }
    }

    @Test("lines that break the format are refused with the reason", arguments: [
        ("{\"v\": 1}", "canonical"),
        ("[]", "must be an object"),
        ("{\"v\":2}", "newer than this followup reads"),
        ("{\"v\":1}", "missing field"),
        (String(repeating: "x", count: 70_000), "larger than"),
        ("not json", "not valid JSON"),
    ])
    func refusedLines(line: String, reason: String) {
        do {
            _ = try Event(line: line)
            Issue.record("accepted \(line.prefix(40))")
        } catch {
            #expect(error.description.contains(reason), "\(error)")
        }
    }

    @Test("a field the format does not define is refused")
    func extraField() throws {
        let laptop = try store("laptop")
        var value = try JSONValue.parse(try lines(laptop)[0])
        if case .object(var members) = value { members["extra"] = .int(1); value = .object(members) }
        #expect(throws: EventFormatError.badField("extra", "is not part of event format v1")) {
            try Event(line: value.canonicalString)
        }
    }

    @Test("an unknown event type from a newer replica is kept, synced and ignored by the projection")
    func unknownTypeKept() throws {
        let laptop = try store("laptop"), desktop = try store("desktop")
        let future = try next(laptop, type: "salary-negotiated", interview: nil, payload: ["amount": .string("secret")])
        let report = try desktop.importLines(try lines(laptop) + [future.line])
        #expect(report.imported == 2 && report.rejected.isEmpty)
        #expect(try desktop.verify().ok)
        #expect(try desktop.replay().differences.isEmpty)
    }

    @Test("hostile events are refused, each with its reason, and the store is left as it was")
    func hostileImports() throws {
        let laptop = try store("laptop"), desktop = try store("desktop")
        let base = try lines(laptop)
        #expect(try desktop.importLines(base).imported == 1)
        let before = try lines(desktop)
        let cases: [(Event, String)] = [
            (try next(laptop, type: "note-added", interview: Event.newID(), payload: ["note": .string("n")],
                      recordedMs: Int64(Date().timeIntervalSince1970 * 1000) + 3 * 86_400_000), "ahead of this machine's clock"),
            (try next(laptop, type: "note-added", interview: Event.newID(), payload: ["note": .string("n")],
                      id: try Event(line: before[0]).id), "already used"),
            (try { () throws -> Event in
                var event = try next(laptop, type: "note-added", interview: Event.newID(), payload: ["note": .string("n")])
                event.prev = String(repeating: "0", count: 64)
                try laptop.key.sign(&event)
                return event
            }(), "does not link"),
            (try { () throws -> Event in
                var event = try next(laptop, type: "note-added", interview: Event.newID(), payload: ["note": .string("n")])
                event.seq += 5
                try laptop.key.sign(&event)
                return event
            }(), "leaves a gap"),
            (try { () throws -> Event in
                var event = try next(laptop, type: "note-added", interview: Event.newID(), payload: ["note": .string("n")])
                event.signature = try next(laptop, type: "note-added", interview: Event.newID(), payload: ["note": .string("m")]).signature
                return event
            }(), "signature"),
        ]
        for (event, reason) in cases {
            let report = try desktop.importLines([event.line])
            #expect(report.imported == 0)
            #expect(report.rejected.first?.reason.contains(reason) == true, "\(report.rejected)")
        }
        let notAdding = try next(laptop, type: "interview-added", interview: Event.newID(),
                                 payload: ["ref": .string("x"), "company": .string("c"), "role": .string("r"),
                                           "durationMinutes": .int(30), "interviewers": .array([]), "points": .array([])])
        #expect(try desktop.importLines([notAdding.line]).rejected.first?.reason.contains("must equal the event's id") == true)
        #expect(try lines(desktop) == before)
    }
}

@Suite("Signed lines")
struct SignedLineTests {
    @Test("the unsigned line is cut out of a signed line exactly, even when the payload mentions sig")
    func unsignedLineCut() throws {
        let key = DeviceKey()
        var event = Event(version: 1, id: Event.newID(), device: key.deviceID, seq: 2, recordedMs: 1_795_000_000_000, clock: 3,
                          occurred: 1_795_000_000, type: "note-added", interview: Event.newID(),
                          payload: ["note": .string(#"a ,"sig":"trap" b"#), "sig": .string("also a trap")],
                          prev: String(repeating: "a", count: 64), signature: "")
        try key.sign(&event)
        #expect(Event.unsignedLine(ofSigned: event.line) == event.unsignedLine)
        #expect(DeviceKey.verify(event, publicKey: key.publicKeyBase64, unsignedLine: Event.unsignedLine(ofSigned: event.line)))
    }
}
