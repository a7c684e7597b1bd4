import Foundation
import Testing
@testable import FollowupCore

/// The checks that need no dictionary; spelling is tested against real Hunspell in the CLI tests.
@Suite("Proofreading: words, personal point, length, tone")
struct ProofreaderTests {
    var interview: InterviewState { Given(points: ["offline sync", "the CI pipeline"]).state }

    @Test("words to spell-check skip addresses, links, digits, acronyms and CamelCase, and keep places")
    func words() {
        let text = "Dear Jane,\nI loved the GraphQL and CI talk at jane@acme.example, see https://acme.example; 2nd well-known don't"
        let words = Proofreader.words(in: text)
        #expect(words.map(\.text) == ["Dear", "Jane", "loved", "the", "and", "talk", "at", "see", "well", "known", "don't"])
        #expect(words[2] == Proofreader.Word(text: "loved", line: 2, column: 3))
        #expect(words[9].column == 90)
    }

    @Test("a text mentioning one of the points discussed is personal; one mentioning none is flagged")
    func personalPoint() {
        let proofreader = Proofreader(interview: interview, kind: .thankYou)
        #expect(proofreader.contentFindings("I enjoyed our talk about Offline Sync.").isEmpty)
        #expect(proofreader.contentFindings("Thank you for your time.").map(\.kind) == [.noPersonalPoint])
        // Only whole words count: "sync" inside "synchronise" is not the point.
        #expect(proofreader.contentFindings("offline synchronisation").map(\.kind) == [.noPersonalPoint])
        // A next-steps question need not be personal.
        #expect(Proofreader(interview: interview, kind: .nextSteps).contentFindings("When will you decide?").isEmpty)
    }

    @Test("a [...] left in a draft is flagged where it is")
    func placeholder() {
        let finding = Proofreader().contentFindings("Dear Jane,\nI enjoyed talking about [...].").first
        #expect(finding?.kind == .placeholder)
        #expect(finding?.description.hasPrefix("line 2, column 25: [...] is still") == true)
    }

    @Test("too long for its kind: more words than the limit")
    func tooLong() {
        let note = Array(repeating: "word", count: 81).joined(separator: " ")
        #expect(Proofreader(kind: .handwrittenNote).contentFindings(note).map(\.message) == ["too long: 81 words; a handwritten-note reads best in at most 80"])
        #expect(Proofreader(kind: .thankYou).contentFindings(note).isEmpty)
    }

    @Test("pushy phrases and several question marks are flagged; the longest phrase once")
    func pushy() {
        let findings = Proofreader().contentFindings("Hi, just following up again. Any news?? Please respond ASAP.")
        #expect(findings.map(\.kind) == [.pushy, .pushy, .pushy, .questionMarks])
        #expect(findings.compactMap(\.text) == ["just following up again", "please respond", "asap", "?"])
        #expect(Proofreader().contentFindings("Could you tell me when you expect to decide?").isEmpty)
        #expect(Proofreader().contentFindings("Was it good? Did it go well? Is there news?").map(\.kind) == [.questionMarks])
    }
}
