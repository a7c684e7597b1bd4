import Foundation
import Testing
@testable import FollowupCore

/// Given an event, expect its CSV row and its timeline summary: no database involved, except
/// where the whole log is exported.
@Suite("The log as CSV and JSON, and what each event says")
struct EventExportTests {
    static func event(_ type: EventType, _ payload: [String: JSONValue], type name: String? = nil) -> Event {
        Event(version: 1, id: "00000000-0000-4000-8000-00000000000a", device: "0123456789abcdef", seq: 3,
              recordedMs: Fixture.interviewStart * 1000 + 250, clock: 2, occurred: Fixture.interviewStart, type: name ?? type.rawValue,
              interview: Fixture.interviewID, payload: payload, prev: "", signature: "")
    }

    @Test("a CSV row has the event's fields in the header's order, times in UTC")
    func row() {
        // Given a next-steps question with a recipient, a note and a decision date
        let event = Self.event(.nextStepsAsked, ["to": .string("Jane"), "note": .string("asked"),
                                                 "decisionBy": .string("2026-12-01T09:00:00Z")])
        // Then its row lists them in the header's columns, the detail empty
        #expect(EventCSV.header == "id,device,seq,recorded,clock,occurred,type,interview,to,from,note,decision_by,detail\n")
        #expect(EventCSV.row(event) == "00000000-0000-4000-8000-00000000000a,0123456789abcdef,3,2026-11-25T13:00:00.250Z,2,"
                + "2026-11-25T13:00:00Z,next-steps-asked,\(Fixture.interviewID),Jane,,asked,2026-12-01T09:00:00Z,\n")
    }

    @Test("a CSV cell holding a comma, a quote or a line break is quoted, quotes doubled")
    func quoting() {
        #expect(EventCSV.field("plain text") == "plain text")
        #expect(EventCSV.field("Smith, Jane") == "\"Smith, Jane\"")
        #expect(EventCSV.field("said \"soon\"") == "\"said \"\"soon\"\"\"")
        #expect(EventCSV.field("two\nlines") == "\"two\nlines\"")
        #expect(EventCSV.field("cr\rhere") == "\"cr\rhere\"")
        let row = EventCSV.row(Self.event(.noteAdded, ["note": .string("called, \"left\" a message")]))
        #expect(row.contains(",\"called, \"\"left\"\" a message\","))
    }

    @Test("the CSV detail is the first naming fact the payload holds, whatever the type")
    func detail() {
        // Given events of each kind, Then the detail names what each is about
        #expect(EventCSV.detail(Self.event(.qualificationsSent, ["point": .string("migrations")])) == "migrations")
        #expect(EventCSV.detail(Self.event(.outcomeRecorded, ["outcome": .string("offer")])) == "offer")
        #expect(EventCSV.detail(Self.event(.eventRetracted, ["target": .string("abc")])) == "abc")
        #expect(EventCSV.detail(Self.event(.configSet, ["key": .string("ghosted.days"), "value": .string("9")])) == "ghosted.days")
        // Unlike the projection's detail, it names the interview added and the device registered
        let added = Self.event(.interviewAdded, ["ref": .string("acme"), "company": .string("Acme")])
        #expect(EventCSV.detail(added) == "acme")
        #expect(ProjectionFact(added).detail == nil)
        #expect(EventCSV.detail(Self.event(.deviceRegistered, ["name": .string("laptop")])) == "laptop")
        // And it reads an event of a type this version does not know
        #expect(EventCSV.detail(Self.event(.noteAdded, ["point": .string("p")], type: "future-thing")) == "p")
        #expect(EventCSV.detail(Self.event(.thankYouSent, ["to": .string("Jane")])) == nil)
    }

    @Test("an event's summary reads each type's own payload fields")
    func summary() {
        #expect(EventSummary(Self.event(.interviewAdded, ["role": .string("iOS"), "company": .string("Acme")])).subject
                == .interview(role: "iOS", company: "Acme"))
        #expect(EventSummary(Self.event(.deviceRegistered, ["name": .string("laptop")])).subject == .device(name: "laptop"))
        #expect(EventSummary(Self.event(.eventRetracted, ["target": .string("abcdef0123"), "reason": .string("wrong")])).subject
                == .retraction(target: "abcdef0123", reason: "wrong"))
        #expect(EventSummary(Self.event(.configSet, ["key": .string("k"), "value": .string("v")])).subject == .setting(key: "k", value: "v"))
        #expect(EventSummary(Self.event(.outcomeRecorded, ["outcome": .string("offer")])).subject == .outcome("offer"))
        #expect(EventSummary(Self.event(.qualificationsSent, ["point": .string("p")])).subject == .point("p"))
        // A response: who it came from, the decision date and the note; no subject of its own
        let response = EventSummary(Self.event(.responseReceived, ["from": .string("Jane"), "note": .string("soon"),
                                                                   "decisionBy": .string("2026-12-01T09:00:00Z")]))
        #expect(response == EventSummary(from: "Jane", decisionBy: Fixture.utc("2026-12-01T09:00:00Z"), note: "soon"))
        // A missing field reads as empty text, and an unknown type has no subject
        #expect(EventSummary(Self.event(.interviewAdded, [:])).subject == .interview(role: "", company: ""))
        #expect(EventSummary(Self.event(.noteAdded, ["to": .string("Bob")], type: "future-thing")) == EventSummary(to: "Bob"))
    }

    @Test("the JSON export is an array of the signed lines, one per line; CSV has a row per event")
    func wholeLog() throws {
        // Given a store with its device registration and one interview
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try FollowupStore.create(at: directory, deviceName: "laptop")
        var lines: [String] = []
        try store.forEachLine { lines.append($0) }
        var json = ""
        try store.exportEvents(as: .json) { json += $0 }
        #expect(json == "[\n" + lines.joined(separator: ",\n") + "\n]\n")
        try store.addInterview(InterviewInput(ref: "acme", company: "Acme, Inc.", role: "Engineer",
                                              startsAt: Date(timeIntervalSince1970: TimeInterval(Fixture.interviewStart))))
        var csv = ""
        try store.exportEvents(as: .csv) { csv += $0 }
        let rows = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.count == 4 && rows[0] + "\n" == EventCSV.header && rows[3].isEmpty)
        #expect(rows[1].hasSuffix(",device-registered,,,,,,laptop") && rows[2].hasSuffix(",,,,acme"))
    }
}
