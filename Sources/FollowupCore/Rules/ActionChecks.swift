import Foundation

/// What can be said about an action before it is logged: whether it can have happened at all,
/// and what looks off about it though it did happen (a check-in too soon after the last, the
/// same action logged twice, perhaps on two machines).
public enum ActionChecks {
    /// Actions that answer an interview, so cannot precede it.
    public static let afterInterviewOnly: [Action] = [.thankYou, .handwrittenNote, .checkIn, .nextSteps]

    /// The same action to the same person within this many seconds is one action logged twice.
    public static let duplicateSeconds: Int64 = 600

    /// An earlier action of the same type on the same interview, as the log holds it.
    public struct Logged: Sendable {
        public var id: String
        public var occurred: Int64
        /// `to` (or a response's `from`).
        public var subject: String?

        public init(id: String, occurred: Int64, subject: String?) {
            self.id = id
            self.occurred = occurred
            self.subject = subject
        }
    }

    /// Whether `action`, dated `occurred`, cannot have happened: it answers an interview that
    /// had not started yet.
    public static func isBeforeInterview(_ action: Action, occurred: Int64, interview: InterviewState) -> Bool {
        afterInterviewOnly.contains(action) && occurred < interview.startsAt
    }

    /// Whether two actions of one type are one logged twice: the same recipient (or none), within
    /// `duplicateSeconds`.
    public static func isDuplicate(_ occurred: Int64, _ subject: String?, of other: Int64, _ otherSubject: String?) -> Bool {
        abs(occurred - other) <= duplicateSeconds && sameSubject(subject, otherSubject)
    }

    static func sameSubject(_ lhs: String?, _ rhs: String?) -> Bool {
        lhs?.trimmingSpaces().lowercased() == rhs?.trimmingSpaces().lowercased()
    }

    /// What to warn about an action that is logged anyway: a duplicate of one already logged, or
    /// a check-in closer to another than the spacing rule allows.
    public static func warnings(_ action: Action, occurred: Int64, to subject: String?, earlier: [Logged],
                                config: RulesConfig, timeZone: TimeZone) -> [String] {
        if let original = earlier.first(where: { isDuplicate(occurred, subject, of: $0.occurred, $0.subject) }) {
            let name = action == .response ? "reply" : action.rawValue
            return ["this \(name) looks like a duplicate of \(original.id.prefix(8)), logged for "
                + "\(LocalTime.format(original.occurred, timeZone: timeZone)); both are kept and counted once "
                + "(retract one with 'followup retract ID' if it was a mistake)"]
        }
        guard action == .checkIn else { return [] }
        let spacing = Int64(config.checkInSpacingDays) * 86_400
        let tooClose = earlier.filter { abs($0.occurred - occurred) < spacing }
        guard let nearest = tooClose.min(by: { abs($0.occurred - occurred) < abs($1.occurred - occurred) }) else { return [] }
        let days = abs(nearest.occurred - occurred) / 86_400
        let apart = days == 0 ? "on the same day as" : "\(days) \(days == 1 ? "day" : "days") from"
        return ["this check-in is \(apart) the one on \(LocalTime.day(nearest.occurred, timeZone: timeZone)); "
            + "check-ins are best at least \(config.checkInSpacingDays) days apart, so as not to seem pushy (logged anyway)"]
    }

    /// Of a list of actions of one type in canonical order, the ids of those that only repeat an
    /// earlier one (`isDuplicate`), each mapped to the one it repeats.
    public static func duplicates(_ actions: [Logged]) -> [String: String] {
        var originals: [Logged] = []
        var repeats: [String: String] = [:]
        for action in actions {
            if let original = originals.first(where: { isDuplicate(action.occurred, action.subject, of: $0.occurred, $0.subject) }) {
                repeats[action.id] = original.id
            } else {
                originals.append(action)
            }
        }
        return repeats
    }
}

extension ActionChecks {
    /// In a list of events (canonical order), the actions that repeat an earlier one of the
    /// same interview and type (`isDuplicate`), mapped to the event they repeat; retracted
    /// events repeat nothing and are repeated by nothing.
    public static func duplicates(in events: [Event], retracted: Set<String>) -> [String: String] {
        var groups: [String: [Logged]] = [:]
        for event in events where !retracted.contains(event.id) {
            guard let type = event.knownType, let action = Action(eventType: type), action != .note, action != .outcome,
                  let interview = event.interview else { continue }
            groups[interview + " " + event.type, default: []].append(
                Logged(id: event.id, occurred: event.occurred, subject: event.payloadString("to") ?? event.payloadString("from")))
        }
        return groups.values.reduce(into: [:]) { result, group in
            result.merge(duplicates(group)) { first, _ in first }
        }
    }
}

extension ActionChecks {
    /// Refuses a decision date before the interview it is about: the rules would take it as
    /// long past, while `interview show` went on showing it as the decision date.
    public static func checkDecisionDate(_ decisionBy: Date, interview: InterviewState) throws(StoreError) {
        let seconds = Int64(decisionBy.timeIntervalSince1970.rounded(.down))
        guard seconds < interview.startsAt else { return }
        throw decisionBeforeInterview(seconds, ref: interview.ref, startsAt: interview.startsAt)
    }

    static func decisionBeforeInterview(_ decisionBy: Int64, ref: String, startsAt: Int64) -> StoreError {
        .decisionBeforeInterview(ref: ref, decisionBy: LocalTime.format(decisionBy), startsAt: LocalTime.format(startsAt))
    }
}
