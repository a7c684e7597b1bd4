import Foundation

/// The messages `followup draft` writes.
public enum DraftKind: String, CaseIterable, Sendable {
    case thankYou = "thank-you"
    case checkIn = "check-in"
    case nextSteps = "next-steps"
    case handwrittenNote = "handwritten-note"

    /// The `followup log` action that records the message once sent.
    public var action: Action {
        switch self {
        case .thankYou: .thankYou
        case .checkIn: .checkIn
        case .nextSteps: .nextSteps
        case .handwrittenNote: .handwrittenNote
        }
    }
}

/// A personalised message, ready to edit and send.
public struct Draft: Equatable, Sendable {
    public var kind: DraftKind
    /// The person it is addressed to, as recorded (nil: nobody in particular).
    public var to: String?
    public var text: String
    /// Interviewers not thanked yet besides `to`: each is owed a draft of their own.
    public var othersOwed: [String] = []
    /// What the user should know: a missing personal point, someone already thanked, ….
    public var notes: [String]
}

/// A template placeholder the store has no value for: the draft cannot be written until it is
/// recorded. The programs add how to record it (`ReportedError` in ProgramSupport).
public struct DraftError: Error, Equatable, Sendable, CustomStringConvertible {
    public var placeholder: String
    /// The interview the draft was for.
    public var ref: String

    public var description: String {
        let missing = switch placeholder {
        case "point", "points": "no point discussed is recorded for \(ref)"
        case "decision_by": "no decision date is known for \(ref)"
        case "last_check_in": "no check-in is logged for \(ref)"
        case "signature": "no signature is set"
        case "first_name", "name": "the draft has no named recipient"
        default: "the store has no value for it"
        }
        return "the template uses {\(placeholder)}, but \(missing)"
    }
}

/// Writes drafts from an interview's projected state: company, role, interviewer, points
/// discussed, decision date and what was already sent. Pure: no store, no clock of its own.
public struct DraftWriter: Sendable {
    public var config: RulesConfig
    public var timeZone: TimeZone

    public init(config: RulesConfig = RulesConfig(), timeZone: TimeZone = .current) {
        self.config = config
        self.timeZone = timeZone
    }

    /// The placeholders a template in the configuration may use.
    public static let placeholders = [
        "first_name", "name", "company", "role", "interview_day", "point", "points", "decision_by",
        "last_check_in", "signature",
    ]

    /// The `{name}` placeholders in a template, in order of appearance.
    public static func placeholderNames(in template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = String(after[..<close])
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "_" }) { names.append(name) }
            rest = after[after.index(after: close)...]
        }
        return names
    }

    /// The draft of `kind` for `interview`, to `to` (a name or email; by default the first
    /// interviewer still to be thanked, else the first), at `now`.
    /// `qualifications` are the points the user elaborated on (`log qualifications`), oldest
    /// first: the built-in drafts restate the latest.
    public func draft(_ kind: DraftKind, for interview: InterviewState, to: String? = nil, now: Int64,
                      qualifications: [String] = []) throws -> Draft {
        var notes: [String] = []
        var othersOwed: [String] = []
        let person = try recipient(kind, interview, to: to, notes: &notes, othersOwed: &othersOwed)
        // Each interviewer's draft leads with a different point, when there are several, so two
        // interviewers comparing notes do not find the same email.
        var leading = interview
        if let person, let index = interview.interviewers.firstIndex(where: { $0.name == person.name }), !interview.points.isEmpty {
            let shift = index % interview.points.count
            leading.points = Array(interview.points[shift...] + interview.points[..<shift])
        }
        var values = values(interview, person: person, now: now)
        values["point"] = leading.points.first
        let template: String
        switch kind {
        case .thankYou: template = config.draftThankYou
        case .checkIn: template = config.draftCheckIn
        case .nextSteps: template = config.draftNextSteps
        case .handwrittenNote: template = config.draftHandwrittenNote
        }
        let text: String
        if template.isEmpty {
            if interview.points.isEmpty, kind != .nextSteps {
                notes.append("no point discussed is recorded for \(interview.ref), so the draft asks you to add one "
                    + "where it says [...]; a specific point is what makes a follow-up personal")
            }
            text = builtIn(kind, leading, person: person, values: values, now: now, qualification: qualifications.last)
            if config.draftSignature.isEmpty {
                notes.append("the draft is unsigned; set your name once with: followup config set draft.signature \"Your Name\"")
            }
        } else {
            text = try DraftWriter.fill(template, values: values, ref: interview.ref)
        }
        if now < interview.endsAt {
            notes.append("the interview is \(longDay(interview.startsAt)); this draft is for after it")
        }
        if kind == .thankYou {
            let thankedAt = person?.thankedAt ?? (interview.interviewers.isEmpty ? interview.thankedAt : nil)
            if let thankedAt {
                notes.append("\(person?.name ?? "this interview") was already thanked on \(longDay(thankedAt))")
            }
        }
        if kind == .nextSteps, let asked = interview.nextStepsAskedAt {
            notes.append("you already asked about next steps on \(longDay(asked))")
        }
        if kind != .thankYou, kind != .handwrittenNote, let outcome = interview.outcome {
            notes.append("\(interview.ref) already has the outcome '\(outcome.rawValue)'; a \(kind.rawValue) is no longer needed")
        }
        if kind == .checkIn, interview.unansweredCheckIns >= config.maxUnansweredCheckIns {
            notes.append("\(interview.unansweredCheckIns) check-ins have had no reply; another may come across as pushy")
        }
        return Draft(kind: kind, to: person?.name, text: text, othersOwed: othersOwed, notes: notes)
    }

    private func recipient(_ kind: DraftKind, _ interview: InterviewState, to: String?, notes: inout [String],
                           othersOwed: inout [String]) throws -> Interviewer? {
        if let to {
            switch InterviewerMatch.resolve(to, among: interview.interviewers) {
            case .one(let match):
                return match
            case .several(let people):
                throw StoreError.ambiguousInterviewer(to.trimmingSpaces(), ref: interview.ref, candidates: people.map(\.name))
            case .none:
                break
            }
            let names = interview.interviewers.map(\.name).joined(separator: ", ")
            notes.append("'\(to)' is not an interviewer of \(interview.ref)" + (names.isEmpty ? "" : " (\(names))"))
            return Interviewer(parsing: to)
        }
        if kind == .thankYou || kind == .handwrittenNote {
            let unthanked = interview.interviewers.filter { $0.thankedAt == nil }
            if let first = unthanked.first {
                othersOwed = unthanked.dropFirst().map(\.name)
                return first
            }
        }
        return interview.interviewers.first
    }

    private func values(_ interview: InterviewState, person: Interviewer?, now: Int64) -> [String: String?] {
        let firstName = person?.personName.givenName
        return [
            "first_name": firstName, "name": person.flatMap { $0.name == $0.email ? nil : $0.name },
            "company": interview.company, "role": interview.role,
            "interview_day": dayPhrase(interview.startsAt, now: now),
            "point": interview.points.first, "points": interview.points.isEmpty ? nil : DraftWriter.list(interview.points),
            "decision_by": interview.decisionBy.map(longDay),
            "last_check_in": interview.lastCheckInAt.map(longDay),
            "signature": config.draftSignature.isEmpty ? nil : config.draftSignature,
        ]
    }

    /// Replaces each `{placeholder}`; one the store has no value for is an error saying what to record.
    static func fill(_ template: String, values: [String: String?], ref: String) throws(DraftError) -> String {
        var text = template
        for name in placeholderNames(in: template) {
            guard let value = values[name] ?? nil else { throw DraftError(placeholder: name, ref: ref) }
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    // MARK: The built-in drafts

    private func builtIn(_ kind: DraftKind, _ interview: InterviewState, person: Interviewer?,
                         values: [String: String?], now: Int64, qualification: String?) -> String {
        let greeting = person?.personName.greeting(config.greetingStyle).map { "Dear \($0)," } ?? "Hello,"
        let day = dayPhrase(interview.startsAt, now: now)
        let company = interview.company, role = interview.role
        let point = interview.points.first ?? "[...]"
        let otherPoints = Array(interview.points.dropFirst())
        var paragraphs: [String] = []
        var subject: String?
        let signOff: String

        switch kind {
        case .thankYou:
            subject = "Thank you: \(role) interview"
            paragraphs.append("Thank you for taking the time to talk with me \(day) about the \(role) role at \(company). "
                + "I especially enjoyed our conversation about \(point), and it made me even more keen to contribute to the team.")
            if !otherPoints.isEmpty {
                paragraphs.append("I also appreciated hearing about \(DraftWriter.list(otherPoints)).")
            }
            if let qualification {
                paragraphs.append(DraftWriter.restated(qualification))
            }
            if let decisionBy = interview.decisionBy {
                paragraphs.append("I understand you expect to decide by \(longDay(decisionBy)), and I look forward to hearing from you.")
            } else if interview.nextStepsAskedAt == nil {
                paragraphs.append("Could you tell me what the next steps are, and when you expect to make a decision?")
            }
            signOff = "Best regards,"
        case .handwrittenNote:
            paragraphs.append("Thank you for meeting with me \(day). I enjoyed talking about \(point), "
                + "and I am excited about the \(role) role at \(company).")
            signOff = "With best wishes,"
        case .nextSteps:
            subject = "Next steps for the \(role) role"
            let thanked = person?.thankedAt != nil || interview.thankedAt != nil
            paragraphs.append((thanked ? "Thank you again for " : "Thank you for ")
                + "our conversation \(day) about the \(role) role at \(company)"
                + (interview.points.first.map { ", and in particular for the discussion of \($0)" } ?? "") + ".")
            if let qualification { paragraphs.append(DraftWriter.restated(qualification)) }
            paragraphs.append("Could you tell me what the next steps in the process are, and when you expect to make a decision?")
            signOff = "Best regards,"
        case .checkIn:
            subject = "Checking in on the \(role) role"
            var opening = "I hope you are well. I am writing about my interview \(day) for the \(role) role at \(company)."
            let unansweredSince = interview.unansweredCheckIns > 0 ? interview.lastCheckInAt : nil
            if let decisionBy = interview.decisionBy, decisionBy <= now, let lastCheckIn = unansweredSince {
                opening += " You mentioned you hoped to decide by \(longDay(decisionBy)), and as I have not heard back since my note of "
                    + "\(longDay(lastCheckIn)), I wanted to ask whether there is any news on the timeline."
            } else if let decisionBy = interview.decisionBy, decisionBy <= now {
                opening += " You mentioned you hoped to decide by \(longDay(decisionBy)), so I wanted to ask whether there is any news on the timeline."
            } else if let lastCheckIn = unansweredSince {
                opening += " Since my note of \(longDay(lastCheckIn)), I wanted to ask whether there is any news on the timeline."
            } else {
                opening += " I wanted to ask whether there is any news on the timeline."
            }
            paragraphs.append(opening)
            paragraphs.append("I remain very interested in the role — our conversation about \(point) has stayed with me — "
                + "and I am happy to provide anything else that would help.")
            if let qualification { paragraphs.append(DraftWriter.restated(qualification)) }
            signOff = "Best regards,"
        }
        var text = subject.map { "Subject: \($0)\n\n" } ?? ""
        text += greeting + "\n\n" + paragraphs.joined(separator: "\n\n") + "\n\n" + signOff
        if let signature = values["signature"] ?? nil { text += "\n" + signature }
        return text + "\n"
    }

    // MARK: Dates in prose

    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]

    /// `Friday 27 November`.
    func longDay(_ seconds: Int64) -> String {
        let time = LocalTime.civil(seconds, timeZone)
        return "\(DraftWriter.weekdayNames[time.weekday]) \(time.day) \(DraftWriter.monthNames[Int(time.month) - 1])"
    }

    /// `today`, `yesterday`, `on Wednesday` (within the week) or `on Wednesday 25 November`.
    func dayPhrase(_ seconds: Int64, now: Int64) -> String {
        let day = { (moment: Int64) -> Int64 in
            let offset = ZoneOffsets.offset(at: moment, in: self.timeZone)
            return (moment + offset).floorDivMod(86_400).0
        }
        let daysAgo = day(now) - day(seconds)
        switch daysAgo {
        case 0: return "today"
        case 1: return "yesterday"
        case 2...6: return "on " + DraftWriter.weekdayNames[LocalTime.civil(seconds, timeZone).weekday]
        default: return "on " + longDay(seconds)
        }
    }

    /// The sentence that highlights a qualification the user elaborated on.
    static func restated(_ qualification: String) -> String {
        "I would also like to highlight again \(qualification), which I believe makes me a strong fit for the role."
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
