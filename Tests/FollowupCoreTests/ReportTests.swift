import Foundation
import Testing
@testable import FollowupCore

/// `followup report`'s HTML, made from a real store: what it shows, and that it is safe,
/// accessible and self-contained.
@Suite("Report HTML")
struct ReportTests {
    let directory = Fixture.temporaryDirectory()
    let hour = Fixture.hour, day = Fixture.day
    /// Five days after the fixture's interview (Wednesday 25 November 2026, 14:00 Berlin).
    var now: Int64 { Fixture.interviewStart + 5 * day }

    static let hostileCompany = "<script>alert(1)</script> & \"Sons\" 'Ltd'"
    static let hostilePerson = "\"><img src=x onerror=alert(2)>"
    static let hostileNote = "</title></svg><script>alert(3)</script>"

    func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    func makeStore() throws -> FollowupStore {
        let store = try FollowupStore.create(at: directory, deviceName: "laptop", now: date(Fixture.interviewStart - day))
        store.wallClock = { [now] in Date(timeIntervalSince1970: TimeInterval(now)) }
        return store
    }

    func add(_ store: FollowupStore, _ ref: String, company: String = "Acme", at start: Int64,
             interviewers: [String] = ["Jane Doe"], decisionBy: Int64? = nil) throws {
        try store.addInterview(InterviewInput(ref: ref, company: company, role: "Engineer", startsAt: date(start),
                                              interviewers: interviewers.map { Interviewer(name: $0) },
                                              points: ["offline sync"], decisionBy: decisionBy.map(date)))
    }

    @discardableResult
    func log(_ store: FollowupStore, _ action: Action, _ ref: String, at time: Int64, to: String? = nil,
             note: String? = nil, outcome: Outcome? = nil) throws -> String {
        try store.log(ActionInput(action: action, interview: ref, occurredAt: date(time), to: to, note: note,
                                  outcome: outcome)).event.id
    }

    /// A store with one interview in each column of the board, a hostile company, a late
    /// thank-you and a retracted check-in.
    func populatedReport(period: ReportPeriod = ReportPeriod()) throws -> SearchReport {
        let store = try makeStore()
        let start = Fixture.interviewStart
        // Active: over, nobody thanked, the thank-you shows now (and is overdue).
        try add(store, "active-one", company: ReportTests.hostileCompany, at: start, interviewers: [ReportTests.hostilePerson])
        try log(store, .response, "active-one", at: start + 3 * hour)
        // Waiting: thanked late (30 h after), next steps asked, decision date well ahead.
        try add(store, "waiting-one", company: "Globex", at: start, decisionBy: now + 10 * day)
        try log(store, .thankYou, "waiting-one", at: start + hour + 30 * hour, to: "Jane")
        try log(store, .nextSteps, "waiting-one", at: start + 2 * hour)
        try log(store, .handwrittenNote, "waiting-one", at: start + 2 * hour)
        try log(store, .response, "waiting-one", at: start + 2 * day, note: ReportTests.hostileNote)
        // Cold: two unanswered check-ins; one more was retracted.
        try add(store, "cold-one", company: "Initech", at: start - 30 * day)
        try log(store, .thankYou, "cold-one", at: start - 30 * day + 2 * hour, to: "Jane")
        try log(store, .nextSteps, "cold-one", at: start - 30 * day + 2 * hour)
        try log(store, .checkIn, "cold-one", at: start - 20 * day)
        try log(store, .checkIn, "cold-one", at: start - 10 * day)
        let mistaken = try log(store, .checkIn, "cold-one", at: start - 5 * day, note: "sent to the wrong person")
        try store.retract(mistaken, reason: "wrong interview")
        // Upcoming, and closed by an outcome.
        try add(store, "upcoming-one", company: "Umbrella", at: now + 2 * day)
        try add(store, "closed-one", company: "Hooli", at: start - 40 * day)
        try log(store, .outcome, "closed-one", at: start - 20 * day, outcome: .rejected)
        return try store.searchReport(period: period, now: date(now), timeZone: Fixture.berlin)
    }

    @Test("each interview lands in its column: upcoming, active, waiting, cold, closed")
    func boardColumns() throws {
        let report = try populatedReport()
        let columns = Dictionary(uniqueKeysWithValues: report.cards.map { ($0.state.ref, $0.column) })
        #expect(columns == ["active-one": .active, "waiting-one": .waiting, "cold-one": .cold,
                            "upcoming-one": .upcoming, "closed-one": .closed])
        // What is next is the rules' own next item, as `status` shows it.
        let status = try FollowupStore.open(at: directory).status(now: date(now), timeZone: Fixture.berlin)
        for card in report.cards {
            let shown = try #require(status.first { $0.state.id == card.state.id })
            #expect(card.next?.rule == shown.next?.rule && card.next?.to == shown.next?.to && card.next?.dueAt == shown.next?.dueAt)
            #expect(card.status == shown.status)
        }
        let active = try #require(report.cards.first { $0.state.ref == "active-one" })
        // A reply that gave no timeline leaves the question about next steps open, and it comes first.
        #expect(active.next?.rule == .nextSteps)
        #expect(active.next?.overdue == true)
    }

    @Test("a hostile company, interviewer and note show as text, in text and in attributes")
    func hostileNamesAreText() throws {
        let html = ReportHTML.render(try populatedReport())
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sons&quot; &#39;Ltd&#39;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("&lt;/title&gt;&lt;/svg&gt;&lt;script&gt;alert(3)&lt;/script&gt;"))
        // The company's name is also inside an attribute (a chart's aria-label), still escaped.
        let markup = try Markup(html)
        #expect(markup.attributes.contains { $0.name == "aria-label" && $0.value.contains("&lt;script&gt;alert(1)") })
        // No element or attribute came from the data: only the ones the renderer writes.
        #expect(Set(markup.elements).subtracting(Markup.writtenElements).isEmpty, "\(Set(markup.elements).subtracting(Markup.writtenElements))")
        #expect(Set(markup.attributes.map(\.name)).subtracting(Markup.writtenAttributes).isEmpty,
                "\(Set(markup.attributes.map(\.name)).subtracting(Markup.writtenAttributes))")
    }

    @Test("escape makes the five special characters references and leaves the rest alone")
    func escaping() {
        #expect(ReportHTML.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(ReportHTML.escape("Zoë & Jürgen → ok") == "Zoë &amp; Jürgen → ok")
        #expect(ReportHTML.escape("plain") == "plain")
    }

    @Test("headings go h1, h2, h3 without skipping a level, with one h1")
    func headingsInOrder() throws {
        let markup = try Markup(ReportHTML.render(try populatedReport()))
        let levels = markup.elements.compactMap { name -> Int? in
            guard name.count == 2, name.first == "h", let level = Int(name.dropFirst()) else { return nil }
            return level
        }
        #expect(levels.first == 1)
        #expect(levels.count { $0 == 1 } == 1)
        for (previous, next) in zip(levels, levels.dropFirst()) { #expect(next <= previous + 1, "h\(previous) then h\(next)") }
        #expect(levels.contains(3))
    }

    @Test("every chart is an image with a text equivalent: role, aria-label and a title first")
    func chartsHaveText() throws {
        let html = ReportHTML.render(try populatedReport())
        let svgs = html.components(separatedBy: "<svg").dropFirst()
        #expect(svgs.count >= 8)  // three charts and five timelines
        for svg in svgs {
            let openTag = svg.prefix { $0 != ">" }
            #expect(openTag.contains("role=\"img\""))
            #expect(openTag.contains("aria-label=\""))
            #expect(!openTag.contains("aria-label=\"\""))
            #expect(svg.dropFirst(openTag.count + 1).hasPrefix("<title>"))
        }
    }

    @Test("nothing refers outside the file: no URL, no src, no @import, no url(), links only to ids inside")
    func selfContained() throws {
        let html = ReportHTML.render(try populatedReport())
        for forbidden in ["http://", "https://", "@import", "url(", "<link", "<script", "<img", "<iframe", "<object", "xmlns"] {
            #expect(!html.lowercased().contains(forbidden), "found \(forbidden)")
        }
        let markup = try Markup(html)
        #expect(!markup.attributes.contains { ["src", "srcset", "action", "data", "background"].contains($0.name) })
        #expect(!markup.attributes.contains { $0.value.contains("//") || $0.value.lowercased().contains("url(") })
        let ids = Set(markup.attributes.filter { $0.name == "id" }.map(\.value))
        let links = markup.attributes.filter { $0.name == "href" }
        #expect(!links.isEmpty)
        for link in links {
            #expect(link.value.hasPrefix("#") && ids.contains(String(link.value.dropFirst())), "href \(link.value)")
        }
    }

    @Test("a thank-you after thank-you.hours is marked late; a retracted check-in is struck through")
    func lateAndRetracted() throws {
        let report = try populatedReport()
        let html = ReportHTML.render(report)
        #expect(html.contains("late: 30 h after the interview (due within 24 h of the interview)"))
        #expect(html.contains("<del>check-in sent</del>"))
        #expect(html.contains("retracted by "))
        // The handwritten note within its two business days and next steps within 24 h are not late.
        let waiting = try #require(report.cards.first { $0.state.ref == "waiting-one" })
        let lateTypes = waiting.entries.filter { report.lateness(of: $0.event, in: waiting.state) != nil }.map(\.event.type)
        #expect(lateTypes == ["thank-you-sent"])
    }

    @Test("the due items and the decision date appear ahead on the timeline, overdue ones marked")
    func itemsAhead() throws {
        let report = try populatedReport()
        let waiting = try #require(report.cards.first { $0.state.ref == "waiting-one" })
        #expect(waiting.ahead.map(\.rule) == [.checkIn])
        let html = ReportHTML.render(report)
        #expect(html.contains("<td>decision date</td>"))
        #expect(html.contains("<td>due: thank-you to \(ReportHTML.escape(ReportTests.hostilePerson))</td>"))
        #expect(html.contains("<span class=\"late\">overdue</span>"))
    }

    @Test("closed interviews are folded, on the board and among the timelines")
    func closedFolded() throws {
        let html = ReportHTML.render(try populatedReport())
        let closedCard = try #require(html.range(of: "closed-one</strong>"))
        let foldStart = try #require(html.range(of: "<details><summary>rejected (1)</summary>"))
        #expect(foldStart.upperBound <= closedCard.lowerBound)
        #expect(!html.contains("<details open"))
        let timelineFold = try #require(html.range(of: "Timelines of the 1 closed interview</summary>"))
        let closedTimeline = try #require(html.range(of: "<h3>closed-one: Hooli, Engineer</h3>"))
        #expect(timelineFold.upperBound <= closedTimeline.lowerBound)
    }

    @Test("the figures of how it went are FollowUpStats' and are written out beside the charts")
    func howItWentFigures() throws {
        let report = try populatedReport()
        let store = try FollowupStore.open(at: directory)
        #expect(report.stats == (try store.stats(now: date(now))))
        let html = ReportHTML.render(report)
        let overall = report.stats.overall
        #expect(html.contains("\(overall.thankYousOnTime) of \(overall.thankYous) on time"))
        #expect(html.contains("Outcomes: open 4, offer 0, rejected 1, withdrawn 0, accepted 0, ghosted 0"))
        #expect(html.contains("2.0 days (1 replied)"))  // Globex replied two days after its interview
        #expect(html.contains("0.1 days (1 replied)"))  // the hostile company, two hours after
    }

    @Test("the record of activity holds every application and contact in the period, by date, retracted ones and notes left out")
    func recordOfActivity() throws {
        let start = Fixture.interviewStart
        let everything = try populatedReport()
        #expect(everything.activity.map(\.occurredAt) == everything.activity.map(\.occurredAt).sorted())
        #expect(!everything.activity.contains { $0.activity == "note" })
        let cold = everything.activity.filter { $0.ref == "cold-one" }.map(\.activity)
        #expect(cold == ["interview", "thank-you sent", "asked about next steps", "check-in sent", "check-in sent"])
        let reply = try #require(everything.activity.first { $0.ref == "waiting-one" && $0.activity == "reply from the employer" })
        #expect(reply.channel == "from the employer")
        #expect(everything.activity.first { $0.ref == "waiting-one" && $0.activity == "interview" }?.contact == "Jane Doe")
        #expect(everything.activity.first { $0.ref == "closed-one" }?.outcome == "rejected")

        try FileManager.default.removeItem(at: directory)
        let period = ReportPeriod(since: start - 15 * day, until: start)
        let bounded = try populatedReport(period: period)
        #expect(bounded.activity.map(\.activity) == ["check-in sent"])  // cold-one's second; the retracted one is out
        let html = ReportHTML.render(bounded)
        #expect(html.contains("1 entry."))
        #expect(html.contains("<p>Signature</p>"))
    }

    @Test("a plain date bounds a whole day; other forms are read as dates are everywhere")
    func periodBounds() throws {
        let now = date(Fixture.interviewStart)
        let since = try ReportPeriod.bound("2026-11-01", end: false, now: now, timeZone: Fixture.berlin)
        let until = try ReportPeriod.bound("2026-11-30", end: true, now: now, timeZone: Fixture.berlin)
        #expect(since == Fixture.utc("2026-10-31T23:00:00Z"))
        #expect(until == Fixture.utc("2026-11-30T23:00:00Z"))
        #expect(try ReportPeriod.bound("2026-11-24 10:00", end: true, now: now, timeZone: Fixture.berlin)
                == Fixture.utc("2026-11-24T09:00:00Z"))
        #expect(throws: DateInputError.self) { try ReportPeriod.bound("2026-13-45", end: false, now: now, timeZone: Fixture.berlin) }
        #expect(ReportPeriod(since: since, until: until).contains(until - 1))
        #expect(!ReportPeriod(since: since, until: until).contains(until))
    }

    @Test("a long search draws the 200 most recent timelines, open ones first, and lists the others where the board links; a column lists 200 cards")
    func timelinesPaginated() throws {
        // Given 203 open interviews, a day apart, and 2 closed ones, without a database
        let states = (0..<205).map { number in
            var state = InterviewState(id: String(format: "00000000-0000-4000-8000-%012d", number), ref: "i-\(number)",
                                       company: "Company \(number)", role: "Engineer", startsAt: Fixture.interviewStart + Int64(number) * day,
                                       durationMinutes: 60, interviewers: [], points: [], lastActivityAt: Fixture.interviewStart)
            if number >= 203 { state.outcome = .rejected }
            return state
        }
        let report = SearchReport.make(interviews: states, entries: [], config: RulesConfig(), now: Fixture.interviewStart + 300 * day,
                                       timeZone: Fixture.berlin, period: ReportPeriod())
        let html = ReportHTML.render(report)
        // Then the 200 most recent open ones are drawn; the 3 oldest and both closed ones are listed
        #expect(html.components(separatedBy: "<article class=\"timeline\"").count - 1 == 200)
        #expect(!html.contains("<h3>i-0: ") && !html.contains("<h3>i-2: ") && html.contains("<h3>i-3: ") && html.contains("<h3>i-202: "))
        #expect(!html.contains("<h3>i-203: "))
        #expect(html.contains("5 older interviews without a drawn timeline"))
        // The board's long column shows its first 25 cards and folds the other 178, of which it
        // lists 175 and says how many more there are.
        let column = try #require(html.components(separatedBy: "<h3 id=\"col-active\">").last?.components(separatedBy: "</section>").first)
        let folded = try #require(column.components(separatedBy: "<details><summary>178 more</summary>").last)
        #expect(column.components(separatedBy: "<li class=\"card").count - 1 == 200)
        #expect(folded.components(separatedBy: "<li class=\"card").count - 1 == 175)
        #expect(folded.contains("The first 200 are listed here; 3 more are not. &#39;followup interview list&#39; lists every interview."))
        let markup = try Markup(html)
        let ids = Set(markup.attributes.filter { $0.name == "id" }.map(\.value))
        for state in states { #expect(ids.contains("i-" + state.id), "no anchor for \(state.ref)") }
    }

    @Test("ten thousand closed interviews: the board lists the 200 most recent, the undrawn table the next 500, counts in text, every link lands")
    func closedInterviewsBounded() throws {
        let states = (0..<10_000).map { number in
            var state = InterviewState(id: String(format: "00000000-0000-4000-8000-%012d", number), ref: "i-\(number)",
                                       company: "Company \(number % 997)", role: "Engineer",
                                       startsAt: Fixture.interviewStart - Int64(10_000 - number) * hour,
                                       durationMinutes: 60, interviewers: [], points: [], lastActivityAt: Fixture.interviewStart)
            state.outcome = .rejected
            return state
        }
        let report = SearchReport.make(interviews: states, entries: [], config: RulesConfig(), now: Fixture.interviewStart,
                                       timeZone: Fixture.berlin, period: ReportPeriod())
        let html = ReportHTML.render(report)
        let closed = try #require(html.components(separatedBy: "<h3 id=\"col-closed\">").last?.components(separatedBy: "</section>").first)
        #expect(closed.contains("Closed (10000)") && closed.contains("<summary>rejected (10000)</summary>"))
        #expect(closed.components(separatedBy: "<li class=\"card").count - 1 == 200)
        #expect(closed.contains("<strong>i-9999</strong>") && closed.contains("<strong>i-9800</strong>") && !closed.contains("<strong>i-9799</strong>"))
        #expect(closed.contains("The most recent 200 are listed here; 9800 more are not."))
        #expect(html.components(separatedBy: "<article class=\"timeline\"").count - 1 == 200)
        #expect(html.contains("9800 older interviews without a drawn timeline"))
        #expect(html.contains("lists the next 500 below; 9300 older ones are not listed"))
        let undrawn = try #require(html.components(separatedBy: "<details class=\"undrawn\">").last)
        #expect(undrawn.components(separatedBy: "<tr id=").count - 1 == 500)
        #expect(html.utf8.count < 2_000_000, "the page grows with the interviews it lists, not with all of them")
        let markup = try Markup(html)
        let ids = Set(markup.attributes.filter { $0.name == "id" }.map(\.value))
        let targets = markup.attributes.filter { $0.name == "href" }.map { String($0.value.dropFirst()) }
        #expect(targets.count > 200)
        for target in targets { #expect(ids.contains(target), "a link to #\(target) lands nowhere") }
    }

    @Test("without a period the record covers the last 90 whole days, today included, and says how to choose another")
    func defaultRecordPeriod() throws {
        // now is Monday 30 November 2026, 14:00 in Berlin; 89 days earlier is Wednesday 2 September.
        let store = try makeStore()
        try add(store, "old-one", at: now - 120 * day)
        try log(store, .thankYou, "old-one", at: now - 120 * day + 2 * hour, to: "Jane")
        try log(store, .nextSteps, "old-one", at: now - 120 * day + 2 * hour)
        try log(store, .checkIn, "old-one", at: now - 91 * day)
        try log(store, .checkIn, "old-one", at: now - 80 * day)
        try add(store, "recent-one", company: "Globex", at: now - 10 * day)
        try log(store, .thankYou, "recent-one", at: now - 10 * day + 2 * hour, to: "Jane")

        let period = ReportPeriod.defaultRecord(now: date(now), timeZone: Fixture.berlin)
        #expect(period.isDefault)
        #expect(period.since == Fixture.utc("2026-09-01T22:00:00Z"))  // 2 September, 00:00 CEST
        #expect(period.until == Fixture.utc("2026-11-30T23:00:00Z"))  // 1 December, 00:00 CET
        #expect(!period.contains(Fixture.utc("2026-09-01T21:59:59Z")) && period.contains(Fixture.utc("2026-09-01T22:00:00Z")))

        let report = try store.searchReport(period: nil, now: date(now), timeZone: Fixture.berlin)
        #expect(report.period == period)
        #expect(report.activity.map { "\($0.ref) \($0.activity)" }
                == ["old-one check-in sent", "recent-one interview", "recent-one thank-you sent"])
        let html = ReportHTML.render(report)
        #expect(html.contains("Record of activity: the last 90 days, from 2026-09-02 00:00 until 2026-12-01 00:00 (not included)."))
        #expect(html.contains("No period was named, so the record covers the last 90 days."))
        #expect(html.contains("--since") && html.contains("--until") && html.contains("for the whole log"))

        // A named period is taken as given, and the page does not call it the default.
        let everything = try store.searchReport(period: ReportPeriod(), now: date(now), timeZone: Fixture.berlin)
        #expect(everything.activity.count == 7)
        #expect(!ReportHTML.render(everything).contains("No period was named"))
    }

    @Test("an empty store makes a report that says so")
    func emptyStore() throws {
        let store = try makeStore()
        let html = ReportHTML.render(try store.searchReport(period: ReportPeriod(), now: date(now), timeZone: Fixture.berlin))
        #expect(html.contains("No interviews yet"))
        #expect(html.contains("Nothing was logged in this period."))
        #expect(try Markup(html).elements.filter { $0 == "h1" }.count == 1)
    }
}

/// The tags and attributes of an HTML text, read the simple way the renderer writes them
/// (every attribute value in double quotes), so that anything the data smuggled in shows up.
struct Markup {
    struct Attribute { var name: String; var value: String }
    var elements: [String] = []
    var attributes: [Attribute] = []

    static let writtenElements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "section", "header", "h1", "h2", "h3", "p", "nav", "ul", "li",
        "a", "strong", "span", "br", "div", "details", "summary", "figure", "figcaption", "svg", "rect", "text", "line",
        "circle", "path", "g", "table", "caption", "thead", "tbody", "tr", "th", "td", "del", "code", "article",
    ]
    static let writtenAttributes: Set<String> = [
        "lang", "charset", "name", "content", "class", "id", "href", "aria-label", "aria-labelledby", "role", "viewbox",
        "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "d", "dx", "text-anchor", "transform",
        "scope", "colspan",
    ]

    struct Malformed: Error { var at: Int }

    init(_ html: String) throws {
        let bytes = Array(html.utf8)
        var index = 0
        func isNameByte(_ byte: UInt8) -> Bool {
            (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            index += 1
            guard index < bytes.count else { throw Malformed(at: index) }
            if bytes[index] == UInt8(ascii: "/") || bytes[index] == UInt8(ascii: "!") {
                while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                continue
            }
            let nameStart = index
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            guard !name.isEmpty else { throw Malformed(at: index) }
            elements.append(name)
            while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                if bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "/") { index += 1; continue }
                let attributeStart = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: " "),
                      bytes[index] != UInt8(ascii: ">") { index += 1 }
                let attribute = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
                var value = ""
                if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                    index += 1
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Malformed(at: index) }
                    index += 1
                    let valueStart = index
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\"") { index += 1 }
                    value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                    index += 1
                }
                attributes.append(Attribute(name: attribute, value: value))
            }
            index += 1
            // The style sheet and the title hold text only; skip them whole.
            if name == "style" || name == "title" {
                let closing = Array("</\(name)>".utf8)
                while index + closing.count <= bytes.count, !bytes[index..<index + closing.count].elementsEqual(closing) { index += 1 }
            }
        }
    }
}
