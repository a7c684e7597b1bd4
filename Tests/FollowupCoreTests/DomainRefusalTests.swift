import Foundation
import Testing
@testable import FollowupCore

/// The core refuses in its own terms: which rule an input broke, with the values involved. The
/// programs word these with their options; the core's own descriptions name none.
@Suite("Refusals in the core's terms")
struct DomainRefusalTests {
    let now = Date(timeIntervalSince1970: TimeInterval(Fixture.interviewStart + 2 * Fixture.hour))
    let start = Date(timeIntervalSince1970: TimeInterval(Fixture.interviewStart))

    /// A store on a real file holding interview `acme` with Dr. Jane Smith.
    func store(_ directory: URL) throws -> FollowupStore {
        let store = try FollowupStore.create(at: directory, deviceName: "laptop", now: now)
        store.wallClock = { [now] in now }
        try store.addInterview(InterviewInput(ref: "acme", company: "Acme", role: "Engineer", startsAt: start,
                                              interviewers: [Interviewer(name: "Dr. Jane Smith", email: "jane@acme.example")]))
        return store
    }

    @Test("extras on an action that sends nothing, or next steps asked on next-steps, are refused and nothing is written")
    func combinedActions() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try store(directory)
        let before = try store.eventCount
        var response = ActionInput(action: .response, interview: "acme")
        response.also = CombinedActions(qualification: "offline sync")
        #expect(throws: CombinedActionsError.notSent(.response, carriers: CombinedActions.carriers)) { try store.log(response) }
        var nextSteps = ActionInput(action: .nextSteps, interview: "acme")
        nextSteps.also = CombinedActions(askedNextSteps: true)
        #expect(throws: CombinedActionsError.nextStepsAskedTwice) { try store.log(nextSteps) }
        #expect(try store.eventCount == before)
    }

    @Test("a decision date before the interview is refused with both times, on add, log and amend")
    func decisionBeforeInterview() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try store(directory)
        let before = try store.eventCount
        let early = start.addingTimeInterval(-Double(Fixture.day))
        let refusal = { (ref: String) in
            StoreError.decisionBeforeInterview(ref: ref, decisionBy: LocalTime.format(Int64(early.timeIntervalSince1970)),
                                               startsAt: LocalTime.format(Int64(start.timeIntervalSince1970)))
        }
        #expect(throws: refusal("globex")) {
            try store.addInterview(InterviewInput(ref: "globex", company: "Globex", role: "Engineer", startsAt: start, decisionBy: early))
        }
        #expect(throws: refusal("acme")) { try store.log(ActionInput(action: .response, interview: "acme", decisionBy: early)) }
        #expect(throws: refusal("acme")) { try store.amendInterview("acme", InterviewEdit(decisionBy: early)) }
        #expect(try store.eventCount == before)
        #expect(!refusal("acme").description.contains("--"))
    }

    @Test("an amendment that changes nothing is refused for its interview and nothing is written")
    func nothingToChange() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try store(directory)
        let before = try store.eventCount
        #expect(throws: StoreError.nothingToChange(ref: "acme")) { try store.amendInterview("acme", InterviewEdit(company: "Acme")) }
        #expect(try store.eventCount == before)
        #expect(StoreError.nothingToChange(ref: "acme").description == "nothing to change: acme already holds these values")
    }

    @Test("a recipient that names an interviewer only in part is returned with the interviewer it matched")
    func namedInterviewer() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try store(directory)
        let jane = Interviewer(name: "Dr. Jane Smith", email: "jane@acme.example")
        let informal = try store.log(ActionInput(action: .thankYou, interview: "acme", to: " smith "))
        #expect(informal.namedInterviewer == NamedInterviewer(typed: "smith", interviewer: jane))
        let full = try store.log(ActionInput(action: .checkIn, interview: "acme", to: "dr. jane smith"))
        #expect(full.namedInterviewer == nil)
    }

    @Test("a remote path where nothing exists is pointed out; an existing directory or a URL is not")
    func remotePathMissing() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        #expect(SyncRemote(name: "usb", url: directory.appendingPathComponent("backup.git").path).pathIsMissing)
        #expect(!SyncRemote(name: "usb", url: directory.path).pathIsMissing)
        #expect(!SyncRemote(name: "origin", url: "https://git.example/followup.git").pathIsMissing)
    }
}

@Suite("Calendar settings refused in the core's terms")
struct CalendarTargetRefusalTests {
    @Test("credentials in the URL, an empty password command and removing an unset calendar are refused, nothing written")
    func refusals() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try FollowupStore.create(at: directory, deviceName: "laptop", now: Date())
        #expect(throws: CalendarTargetError.credentialsInURL) {
            try store.setCalendarTarget(CalendarTarget(url: "https://alex:secret@dav.example.org/alex/", user: "alex", passwordCommand: nil))
        }
        #expect(throws: CalendarTargetError.emptyPasswordCommand) {
            try store.setCalendarTarget(CalendarTarget(url: "https://dav.example.org/alex/", user: "alex", passwordCommand: "  "))
        }
        #expect(throws: CalendarTargetError.noCalendar) { try store.removeCalendarTarget() }
        #expect(try store.calendarTarget() == nil)
        for error in [CalendarTargetError.credentialsInURL, .emptyPasswordCommand, .noCalendar] {
            #expect(!error.description.contains("--"))
        }
    }
}
