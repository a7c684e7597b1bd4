import TestSupport
import Foundation
@testable import FollowupCore

/// Times in these tests: Wednesday 25 November 2026, in Berlin (UTC+1).
enum Fixture {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let interviewID = "00000000-0000-4000-8000-000000000001"

    static func utc(_ text: String) -> Int64 { UTCTime.parseSeconds(text)! }

    /// Wednesday 14:00 Berlin.
    static let interviewStart = utc("2026-11-25T13:00:00Z")
    static let hour: Int64 = 3600
    static let day: Int64 = 86_400

    static var rules: DueRules { DueRules(config: RulesConfig(), calendar: BusinessCalendar(timeZone: berlin)) }

    /// Two hours after `interviewStart`: the interview is over.
    static let afterInterview = Date(timeIntervalSince1970: TimeInterval(interviewStart + 2 * hour))

    /// A new store on a real SQLite file in `directory`, for the device `name`; its wall clock
    /// stands still at `now`, or is the machine's when `now` is nil.
    static func store(_ name: String = "laptop", in directory: URL, at now: Date? = nil) throws -> FollowupStore {
        let store = try FollowupStore.create(at: directory, deviceName: name, now: now ?? Date())
        if let now { store.wallClock = { now } }
        return store
    }

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("followup-tests-\(UUID().uuidString)")
        return url
    }
}

/// Builds one interview's event facts for given/when/then tests of the fold and the rules.
struct Given {
    var facts: [ProjectionFact] = []
    private var counter = 1

    init(interviewAt start: Int64 = Fixture.interviewStart, minutes: Int = 60,
         interviewers: [String] = ["Jane Doe", "Bob Lee"], points: [String] = ["offline sync"], decisionBy: Int64? = nil) {
        let details = InterviewDetails(ref: "acme", company: "Acme", role: "Engineer", durationMinutes: minutes,
                                       interviewers: interviewers.map { Interviewer(name: $0) }, points: points,
                                       decisionBy: decisionBy)
        facts.append(ProjectionFact(id: Fixture.interviewID, type: .interviewAdded, occurred: start, details: details))
    }

    @discardableResult
    mutating func add(_ type: EventType, at time: Int64, to subject: String? = nil, decisionBy: Int64? = nil,
                      detail: String? = nil) -> String {
        counter += 1
        let id = String(format: "00000000-0000-4000-8000-%012d", counter)
        facts.append(ProjectionFact(id: id, type: type, occurred: time, subject: subject, decisionBy: decisionBy, detail: detail))
        return id
    }

    mutating func retract(_ id: String, at time: Int64) { add(.eventRetracted, at: time, detail: id) }

    var state: InterviewState { InterviewState.fold(facts)! }

    func due(at now: Int64, config: RulesConfig = RulesConfig()) -> [DueItem] {
        DueRules(config: config, calendar: BusinessCalendar(timeZone: Fixture.berlin)).pending(for: state, now: now)
    }

    /// What `followup due` would list at `now`: the pending items that show already.
    func showing(at now: Int64) -> [DueItem] {
        DueRules(config: RulesConfig(), calendar: BusinessCalendar(timeZone: Fixture.berlin)).due([state], now: now)
    }

    func item(_ rule: FollowUpRule, at now: Int64, to: String? = nil) -> DueItem? {
        due(at: now).first { $0.rule == rule && (to == nil || $0.to == to) }
    }
}

