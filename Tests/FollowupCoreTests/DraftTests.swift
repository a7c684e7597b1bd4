import Foundation
import Testing
@testable import FollowupCore

/// Given an interview's events, expect a draft built from them: no database involved.
@Suite("Drafts")
struct DraftTests {
    let end = Fixture.interviewStart + Fixture.hour  // Wednesday 15:00 Berlin
    let hour = Fixture.hour, day = Fixture.day

    /// Signed, so that the notes tested are about the draft, not the missing signature.
    static var signed: RulesConfig {
        var config = RulesConfig()
        config.draftSignature = "Alex Kim"
        return config
    }

    func writer(_ config: RulesConfig = DraftTests.signed) -> DraftWriter { DraftWriter(config: config, timeZone: Fixture.berlin) }

    func given(points: [String] = ["offline sync", "the CI pipeline"], decisionBy: Int64? = nil) -> Given {
        Given(points: points, decisionBy: decisionBy)
    }

    @Test("a thank-you names the interviewer, company, role, day and every point discussed")
    func thankYouIsPersonal() throws {
        let draft = try writer().draft(.thankYou, for: given().state, to: "Jane", now: end + 2 * hour)
        #expect(draft.to == "Jane Doe")
        #expect(draft.text.hasPrefix("Subject: Thank you: Engineer interview\n\nDear Jane,\n\n"))
        #expect(draft.text.contains("talk with me today about the Engineer role at Acme"))
        #expect(draft.text.contains("our conversation about offline sync"))
        #expect(draft.text.contains("hearing about the CI pipeline"))
        #expect(draft.text.contains("when you expect to make a decision?"))
        #expect(draft.notes.isEmpty)
    }

    @Test("without --to the thank-you goes to the first interviewer not yet thanked, and says who else is owed one")
    func defaultRecipient() throws {
        var given = given()
        given.add(.thankYouSent, at: end + hour, to: "Jane Doe")
        let draft = try writer().draft(.thankYou, for: given.state, now: end + 2 * hour)
        #expect(draft.to == "Bob Lee")
        #expect(draft.text.contains("Dear Bob,"))
        let both = try writer().draft(.thankYou, for: self.given().state, now: end + 2 * hour)
        #expect(both.to == "Jane Doe")
        #expect(both.othersOwed == ["Bob Lee"])
        #expect(both.notes.isEmpty)
    }

    @Test("a known decision date replaces the next-steps question, and the check-in after it cites the date")
    func decisionDate() throws {
        let friday = Fixture.utc("2026-11-27T16:00:00Z")
        let thanks = try writer().draft(.thankYou, for: given(decisionBy: friday).state, to: "Jane", now: end + hour)
        #expect(thanks.text.contains("you expect to decide by Friday 27 November"))
        #expect(!thanks.text.contains("next steps"))
        let checkIn = try writer().draft(.checkIn, for: given(decisionBy: friday).state, to: "Jane", now: friday + 2 * day)
        #expect(checkIn.text.contains("my interview on Wednesday for the Engineer role"))
        #expect(checkIn.text.contains("You mentioned you hoped to decide by Friday 27 November"))
    }

    @Test("a second check-in refers to the unanswered first, and a third warns that it may be pushy")
    func checkInHistory() throws {
        var given = given()
        given.add(.checkInSent, at: end + 7 * day)
        let second = try writer().draft(.checkIn, for: given.state, now: end + 14 * day)
        #expect(second.text.contains("Since my note of Wednesday 2 December"))
        given.add(.checkInSent, at: end + 14 * day)
        let third = try writer().draft(.checkIn, for: given.state, now: end + 21 * day)
        #expect(third.notes.contains("2 check-ins have had no reply; another may come across as pushy"))
    }

    @Test("with no point discussed the draft marks where one goes and says so, instead of generic filler")
    func noPoint() throws {
        let draft = try writer().draft(.thankYou, for: given(points: []).state, to: "Jane", now: end + hour)
        #expect(draft.text.contains("our conversation about [...]"))
        #expect(draft.notes.first?.hasPrefix("no point discussed is recorded for acme") == true)
    }

    @Test("already thanked and already asked are pointed out")
    func alreadySent() throws {
        var given = given()
        given.add(.thankYouSent, at: end + hour, to: "Jane Doe")
        given.add(.nextStepsAsked, at: end + hour)
        #expect(try writer().draft(.thankYou, for: given.state, to: "Jane", now: end + 2 * hour).notes
            == ["Jane Doe was already thanked on Wednesday 25 November"])
        #expect(try writer().draft(.nextSteps, for: given.state, now: end + 2 * hour).text.contains("Thank you again for our conversation"))
    }

    @Test("a template from the configuration replaces the built-in draft, placeholders filled, signature appended")
    func template() throws {
        var config = RulesConfig()
        try config.set("draft.thank-you", to: "Hi {first_name}, thanks for {interview_day} at {company}; {points}.\n{signature}")
        try config.set("draft.signature", to: "Alex Kim")
        let draft = try writer(config).draft(.thankYou, for: given().state, to: "Bob", now: end + day)
        #expect(draft.text == "Hi Bob, thanks for yesterday at Acme; offline sync and the CI pipeline.\nAlex Kim")
        try config.set("draft.thank-you", to: "default")
        #expect(config.draftThankYou.isEmpty)
    }

    @Test("a template placeholder the store has no value for is an error saying what to record")
    func missingValue() throws {
        var config = RulesConfig()
        try config.set("draft.check-in", to: "We spoke about a decision by {decision_by}.")
        #expect(throws: DraftError(placeholder: "decision_by", ref: "acme")) {
            try writer(config).draft(.checkIn, for: given().state, now: end + 8 * day)
        }
        #expect(DraftError(placeholder: "decision_by", ref: "acme").description
                == "the template uses {decision_by}, but no decision date is known for acme")
    }

    @Test("a template with an unknown placeholder is refused when it is set")
    func unknownPlaceholder() {
        var config = RulesConfig()
        #expect(throws: ConfigError.self) { try config.set("draft.thank-you", to: "Dear {firstname}") }
        #expect(config.draftThankYou.isEmpty)
    }

    @Test("a draft for an interview that has not ended yet says so")
    func beforeTheInterview() throws {
        let draft = try writer().draft(.thankYou, for: given().state, to: "Jane", now: Fixture.interviewStart - day)
        #expect(draft.notes == ["the interview is Wednesday 25 November; this draft is for after it"])
    }
}
