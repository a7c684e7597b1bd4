import Foundation
import Testing
@testable import FollowupCore

/// Given an action and the fields its input carries, expect it accepted or refused for one
/// named field: the one home of which action takes what.
@Suite("Which fields each action takes")
struct ActionFieldsTests {
    @Test("only next-steps and response take a decision date")
    func decisionBy() {
        // Given every action, When asked which take a decision date
        // Then only the two where the employer says when they decide do
        #expect(ActionField.decisionBy.actions == [.nextSteps, .response])
        for action in Action.allCases where action != .nextSteps && action != .response {
            let needed = ActionField.allCases.filter(action.requires)
            #expect(throws: ActionFieldError.notAccepted(.decisionBy, action: action)) {
                try action.checkFields(Set(needed + [.decisionBy]))
            }
        }
        #expect(throws: Never.self) { try Action.nextSteps.checkFields([.decisionBy]) }
        #expect(throws: Never.self) { try Action.response.checkFields([.decisionBy, .to, .note]) }
    }

    @Test("qualifications needs its point, and only qualifications takes one")
    func point() {
        // Given qualifications without a point, Then it is refused for the point
        #expect(throws: ActionFieldError.missing(.point, action: .qualifications)) { try Action.qualifications.checkFields([.note]) }
        // Given a check-in with a point, Then the point is not taken
        #expect(throws: ActionFieldError.notAccepted(.point, action: .checkIn)) { try Action.checkIn.checkFields([.point]) }
        #expect(ActionField.point.actions == [.qualifications])
    }

    @Test("an outcome needs its outcome, and no other action takes one")
    func outcome() {
        #expect(throws: ActionFieldError.missing(.outcome, action: .outcome)) { try Action.outcome.checkFields([]) }
        #expect(throws: ActionFieldError.notAccepted(.outcome, action: .thankYou)) { try Action.thankYou.checkFields([.outcome]) }
        #expect(throws: Never.self) { try Action.outcome.checkFields([.outcome, .note, .to]) }
    }

    @Test("a note needs its text; every action takes a note and a recipient")
    func noteAndTo() {
        #expect(throws: ActionFieldError.missing(.note, action: .note)) { try Action.note.checkFields([.to]) }
        #expect(ActionField.note.actions == Action.allCases)
        #expect(ActionField.to.actions == Action.allCases)
    }

    @Test("only the actions that send something keep the text that was sent")
    func body() {
        #expect(ActionField.body.actions == [.thankYou, .handwrittenNote, .nextSteps, .qualifications, .checkIn])
        #expect(throws: ActionFieldError.notAccepted(.body, action: .response)) { try Action.response.checkFields([.body]) }
    }

    @Test("an input with several problems is refused for the first field in check order")
    func order() {
        // Given a thank-you with an outcome, a point, a decision date and a body it may keep
        // Then the outcome is named first, and without it the point
        #expect(throws: ActionFieldError.notAccepted(.outcome, action: .thankYou)) {
            try Action.thankYou.checkFields([.outcome, .point, .decisionBy, .body])
        }
        #expect(throws: ActionFieldError.notAccepted(.point, action: .thankYou)) { try Action.thankYou.checkFields([.point, .decisionBy]) }
        // Given a note without its text but with a body it does not keep: the missing note first
        #expect(throws: ActionFieldError.missing(.note, action: .note)) { try Action.note.checkFields([.body]) }
    }

    @Test("the error names fields and actions, never a command-line option")
    func wording() {
        #expect(ActionFieldError.missing(.point, action: .qualifications).description == "the point is required for qualifications")
        #expect(ActionFieldError.notAccepted(.decisionBy, action: .checkIn).description
                == "check-in takes no decisionBy; only next-steps, response do")
        #expect(!ActionFieldError.notAccepted(.body, action: .note).description.contains("--"))
    }

    @Test("the store refuses a decision date on a check-in and writes nothing")
    func storeRefusesDecisionBy() throws {
        // Given a store with an interview
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let now = Date(timeIntervalSince1970: TimeInterval(Fixture.interviewStart + 2 * Fixture.hour))
        let store = try FollowupStore.create(at: directory, deviceName: "laptop", now: now)
        store.wallClock = { now }
        try store.addInterview(InterviewInput(ref: "acme", company: "Acme", role: "Engineer",
                                              startsAt: Date(timeIntervalSince1970: TimeInterval(Fixture.interviewStart))))
        let before = try store.eventCount
        // When a check-in with a decision date, or a response with a body, is logged
        // Then each is refused for that field, and the log is as it was
        #expect(throws: ActionFieldError.notAccepted(.decisionBy, action: .checkIn)) {
            try store.log(ActionInput(action: .checkIn, interview: "acme", decisionBy: now.addingTimeInterval(86_400)))
        }
        #expect(throws: ActionFieldError.notAccepted(.body, action: .response)) {
            try store.log(ActionInput(action: .response, interview: "acme", body: "thanks"))
        }
        #expect(throws: ActionFieldError.notAccepted(.point, action: .note)) {
            try store.log(ActionInput(action: .note, interview: "acme", note: "called", point: "sync"))
        }
        #expect(try store.eventCount == before)
        // And a response with a decision date is logged, the date kept
        let logged = try store.log(ActionInput(action: .response, interview: "acme", decisionBy: now.addingTimeInterval(86_400)))
        #expect(logged.event.payloadTime("decisionBy") == Int64(now.timeIntervalSince1970) + 86_400)
    }
}
