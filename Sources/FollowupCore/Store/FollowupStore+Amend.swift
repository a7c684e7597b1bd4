import Foundation
import GRDB

/// What the user wants corrected about an interview (`interview edit`); nil and empty mean
/// "leave as it is".
public struct InterviewEdit: Sendable {
    public var company: String?
    public var role: String?
    public var startsAt: Date?
    public var durationMinutes: Int?
    public var decisionBy: Date?
    public var addInterviewers: [Interviewer]
    /// As typed: any `--to` form that names one interviewer.
    public var removeInterviewers: [String]
    public var addPoints: [String]
    /// An earlier round of the same application (its ref, or a unique prefix), linked instead of
    /// any round it was linked to.
    public var roundOf: String?
    /// Removes the link to an earlier round: the interview is its own application again.
    public var unlinkRound: Bool

    public init(company: String? = nil, role: String? = nil, startsAt: Date? = nil, durationMinutes: Int? = nil,
                decisionBy: Date? = nil, addInterviewers: [Interviewer] = [], removeInterviewers: [String] = [],
                addPoints: [String] = [], roundOf: String? = nil, unlinkRound: Bool = false) {
        self.roundOf = roundOf
        self.unlinkRound = unlinkRound
        self.company = company
        self.role = role
        self.startsAt = startsAt
        self.durationMinutes = durationMinutes
        self.decisionBy = decisionBy
        self.addInterviewers = addInterviewers
        self.removeInterviewers = removeInterviewers
        self.addPoints = addPoints
    }
}

extension FollowupStore {
    /// The interview `text` names, checked as an earlier round of the interview `ref` (`id`, nil for
    /// one being added) with `company`: not itself, the same employer, and not one of its own later
    /// rounds (rounds cannot form a loop).
    func earlierRound(_ text: String, of ref: String, id: String?, company: String, _ db: Database) throws -> InterviewState {
        if id == nil, text.trimmingSpaces().lowercased() == ref { throw StoreError.roundOfItself(ref: ref) }
        let earlier = try resolveInterview(text, db)
        if earlier.id == id { throw StoreError.roundOfItself(ref: ref) }
        guard earlier.company.trimmingSpaces().lowercased() == company.trimmingSpaces().lowercased() else {
            throw StoreError.roundOfOtherCompany(ref: ref, company: company, earlier: earlier.ref, earlierCompany: earlier.company)
        }
        if let id {
            var visited: Set<String> = [earlier.id]
            var link = earlier.roundOf
            while let current = link, visited.insert(current).inserted {
                if current == id { throw StoreError.roundLoop(ref: ref, later: earlier.ref) }
                link = try String.fetchOne(db, sql: "SELECT round_of FROM interview WHERE id = ?", arguments: [current])
            }
        }
        return earlier
    }

    /// Records an `interview-amended` event holding what differs from the interview as it
    /// stands; refuses an edit that changes nothing or names what is not there.
    @discardableResult
    public func amendInterview(_ ref: String, _ edit: InterviewEdit) throws -> Logged {
        let company = try FollowupStore.text(edit.company, field: "company", required: false)
        let role = try FollowupStore.text(edit.role, field: "role", required: false)
        let points = try edit.addPoints.map { try FollowupStore.text($0, field: "point", required: true)! }
        if let minutes = edit.durationMinutes, !(1...1440).contains(minutes) {
            throw StoreError.invalidInput("the duration must be between 1 minute and 24 hours, like 45m or 1h30m")
        }
        return try write { db in
            let state = try resolveInterview(ref, db)
            var amendment = InterviewAmendment()
            if let company, company != state.company { amendment.company = company }
            if let role, role != state.role { amendment.role = role }
            let startsAt = edit.startsAt.map(FollowupStore.seconds) ?? state.startsAt
            if startsAt != state.startsAt { amendment.startsAt = startsAt }
            if let minutes = edit.durationMinutes, minutes != state.durationMinutes { amendment.durationMinutes = minutes }
            if let decisionBy = edit.decisionBy.map(FollowupStore.seconds) {
                guard decisionBy >= startsAt else {
                    throw ActionChecks.decisionBeforeInterview(decisionBy, ref: state.ref, startsAt: startsAt)
                }
                if decisionBy != state.decisionBy { amendment.decisionBy = decisionBy }
            }
            for name in edit.removeInterviewers {
                switch InterviewerMatch.resolve(name, among: state.interviewers) {
                case .one(let person): amendment.removeInterviewers.append(person.name)
                case .several(let people):
                    throw StoreError.ambiguousInterviewer(name.trimmingSpaces(), ref: state.ref, candidates: people.map(\.name))
                case .none:
                    let names = state.interviewers.map(\.name).joined(separator: ", ")
                    throw StoreError.invalidInput("'\(name.trimmingSpaces())' is not an interviewer of \(state.ref)"
                        + (names.isEmpty ? " (it has none)" : " (\(names))") + "; nothing was changed")
                }
            }
            let kept = state.interviewers.filter { !amendment.removeInterviewers.contains($0.name) }
            for person in edit.addInterviewers {
                guard !kept.contains(where: { $0.name.lowercased() == person.name.lowercased() }),
                      !amendment.addInterviewers.contains(where: { $0.name.lowercased() == person.name.lowercased() }) else {
                    throw StoreError.invalidInput("'\(person.name)' is already an interviewer of \(state.ref); nothing was changed")
                }
                amendment.addInterviewers.append(person)
            }
            amendment.addPoints = points.filter { !state.points.contains($0) }
            if let roundOf = edit.roundOf {
                let earlier = try earlierRound(roundOf, of: state.ref, id: state.id, company: amendment.company ?? state.company, db)
                if earlier.id != state.roundOf {
                    amendment.roundOf = earlier.id
                    amendment.roundOfRef = earlier.ref
                }
            }
            if edit.unlinkRound {
                guard let linked = state.roundOf else { throw StoreError.notARound(ref: state.ref) }
                amendment.unlinksRound = true
                amendment.roundOfRef = try String.fetchOne(db, sql: "SELECT ref FROM interview WHERE id = ?", arguments: [linked])
            }
            guard !amendment.isEmpty else { throw StoreError.nothingToChange(ref: state.ref) }
            let event = try append(db, id: Event.newID(), type: .interviewAmended, interview: state.id,
                                   occurred: FollowupStore.seconds(wallClock()), payload: amendment.payload)
            return Logged(event: event, warnings: [])
        }
    }
}
