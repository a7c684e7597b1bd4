import Foundation
import Testing
@testable import FollowupCore

@Suite("CalDAV push plan")
struct CalDAVPushTests {
    let end = Fixture.interviewStart + Fixture.hour

    func resources(stamp: Int64 = 1_000) -> [CalDAVResource] {
        let writer = ICalendarWriter(stamp: stamp, timeZone: TimeZone(identifier: "UTC")!, productVersion: "test")
        return Given().due(at: end + Fixture.hour).map(writer.resource)
    }

    func remembered(_ resources: [CalDAVResource], etag: (CalDAVResource) -> String? = { "\"\($0.name)\"" }) -> [String: PushedCalendarEvent] {
        Dictionary(uniqueKeysWithValues: resources.map {
            ($0.name, PushedCalendarEvent(name: $0.name, uid: $0.uid, etag: etag($0), contentHash: $0.contentHash))
        })
    }

    func server(_ resources: [CalDAVResource]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: resources.map { ($0.name, "\"\($0.name)\"") })
    }

    @Test("a resource is one VEVENT with a VALARM in a VCALENDAR without METHOD, named in followup's namespace")
    func resourceShape() throws {
        let resource = try #require(resources().first)
        #expect(resource.body.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(!resource.body.contains("METHOD:"))
        #expect(resource.body.components(separatedBy: "BEGIN:VEVENT").count == 2)
        #expect(resource.body.contains("BEGIN:VALARM"))
        #expect(resource.body.contains("UID:\(resource.uid)\r\n"))
        #expect(ICalendarWriter.isFollowupName(resource.name))
        #expect(!ICalendarWriter.isFollowupName("dentist.ics"))
        #expect(!ICalendarWriter.isFollowupName("followup-XYZ.ics"))
    }

    @Test("the content hash ignores DTSTAMP, so pushing later with nothing new changes nothing")
    func hashIgnoresStamp() {
        #expect(resources(stamp: 1_000).map(\.contentHash) == resources(stamp: 9_999_999).map(\.contentHash))
        #expect(resources(stamp: 1_000).map(\.body) != resources(stamp: 9_999_999).map(\.body))
    }

    @Test("first push: every item is created; nothing remembered, nothing on the server")
    func firstPush() {
        let all = resources()
        let plan = CalDAVPushPlan(resources: all, pushed: [:], server: [:])
        #expect(plan.steps == all.map { .create($0) })
        #expect(plan.records.isEmpty)
    }

    @Test("nothing new: no request at all")
    func nothingNew() {
        let all = resources()
        let plan = CalDAVPushPlan(resources: all, pushed: remembered(all), server: server(all))
        #expect(plan.steps.isEmpty)
        #expect(plan.unchanged == all.count)
    }

    @Test("a changed item is updated with If-Match on the ETag followup remembers")
    func changedItem() throws {
        var all = resources()
        let pushed = remembered(all)
        all[0].contentHash = "changed"
        let plan = CalDAVPushPlan(resources: all, pushed: pushed, server: server(all))
        #expect(plan.steps == [.update(all[0], ifMatch: "\"\(all[0].name)\"")])
    }

    @Test("an item no longer pending is deleted with If-Match, and a server that lost it is just forgotten")
    func doneItems() {
        let all = resources()
        let plan = CalDAVPushPlan(resources: Array(all.dropFirst(2)), pushed: remembered(all),
                                  server: server(Array(all.dropFirst())))
        #expect(plan.steps == [.delete(name: all[1].name, ifMatch: "\"\(all[1].name)\"")])
        #expect(plan.records == [.forgotten(name: all[0].name)])
    }

    @Test("an event edited on the server is kept, reported, and its new ETag adopted, even when the item changed too")
    func serverEditKept() {
        var all = resources()
        let pushed = remembered(all)
        var onServer = server(all)
        onServer[all[0].name] = "\"edited\""
        all[0].contentHash = "changed"
        let plan = CalDAVPushPlan(resources: all, pushed: pushed, server: onServer)
        #expect(plan.steps.isEmpty)
        #expect(plan.keptEdits == [all[0].uid])
        #expect(plan.records == [.pushed(PushedCalendarEvent(name: all[0].name, uid: all[0].uid, etag: "\"edited\"", contentHash: "changed"))])
        // Adopted: the next plan sees nothing to do.
        var next = pushed
        next[all[0].name] = PushedCalendarEvent(name: all[0].name, uid: all[0].uid, etag: "\"edited\"", contentHash: "changed")
        #expect(CalDAVPushPlan(resources: all, pushed: next, server: onServer).steps.isEmpty)
    }

    @Test("an event deleted in the calendar is created again while its item is pending")
    func deletedOnServer() {
        let all = resources()
        var onServer = server(all)
        onServer[all[0].name] = nil
        #expect(CalDAVPushPlan(resources: all, pushed: remembered(all), server: onServer).steps == [.create(all[0])])
    }

    @Test("after an interrupted push: ours on the server but not remembered is replaced if pending, deleted if not; others' events are never touched")
    func interruptedPush() {
        let all = resources()
        var onServer = server(all)
        onServer["dentist.ics"] = "\"d\""
        let stale = "followup-" + String(repeating: "a", count: 32) + ".ics"
        onServer[stale] = "\"s\""
        let plan = CalDAVPushPlan(resources: all, pushed: [:], server: onServer)
        #expect(plan.steps == all.map { .update($0, ifMatch: "\"\($0.name)\"") } + [.delete(name: stale, ifMatch: "\"s\"")])
    }

    @Test("a server that gave no ETag on PUT: the listing's ETag is adopted without a request")
    func missingETagAdopted() {
        let all = resources()
        let plan = CalDAVPushPlan(resources: all, pushed: remembered(all) { _ in nil }, server: server(all))
        #expect(plan.steps.isEmpty)
        #expect(plan.records.count == all.count)
        #expect(plan.keptEdits.isEmpty)
    }

    @Test("a multistatus is read whatever the namespace prefixes, with ETags only from 200 propstats")
    func multistatus() throws {
        let xml = """
            <?xml version="1.0"?>
            <d:multistatus xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav">
              <d:response><d:href>/alex/followup/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><cal:calendar/></d:resourcetype>
                <d:getetag>"c"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
              <response xmlns="DAV:"><href>/alex/followup/followup-%61b.ics</href><propstat><prop><getetag>&quot;x&amp;y&quot;</getetag>
                <resourcetype/></prop><status>HTTP/1.1 200 OK</status></propstat></response>
              <d:response><d:href>/alex/followup/gone.ics</d:href><d:propstat><d:prop><d:getetag/></d:prop>
                <d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>
            </d:multistatus>
            """
        let parsed = try CalDAVMultistatus(parsing: xml)
        #expect(parsed.responses.count == 3)
        #expect(parsed.responses[0].isCalendar && parsed.responses[0].isCollection)
        #expect(parsed.responses[1].etag == "\"x&y\"")
        #expect(!parsed.responses[1].isCollection)
        #expect(CalDAVMultistatus.name(of: parsed.responses[1].href) == "followup-ab.ics")
        #expect(parsed.responses[2].etag == nil)
        #expect(throws: StoreError.self) { try CalDAVMultistatus(parsing: "<multistatus><response") }
    }
}
