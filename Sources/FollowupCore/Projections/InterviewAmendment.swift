/// A correction of what `interview add` recorded: the payload of `interview-amended`. The
/// original event stays in the log; the projection applies amendments over it in canonical
/// order, so the later edit of a field wins.
public struct InterviewAmendment: Equatable, Sendable {
    public var company: String?
    public var role: String?
    public var startsAt: Int64?
    public var durationMinutes: Int?
    public var decisionBy: Int64?
    public var addInterviewers: [Interviewer] = []
    /// Names exactly as recorded.
    public var removeInterviewers: [String] = []
    public var addPoints: [String] = []
    /// A new link to an earlier round (interview id), and that round's ref for reading the log.
    public var roundOf: String?
    public var roundOfRef: String?
    /// The link to an earlier round is removed: the interview stands as its own application
    /// again. In the payload `roundOf` is null, and `roundOfRef` the ref of the round it was
    /// linked to.
    public var unlinksRound = false

    public init(company: String? = nil, role: String? = nil, startsAt: Int64? = nil, durationMinutes: Int? = nil,
                decisionBy: Int64? = nil, addInterviewers: [Interviewer] = [], removeInterviewers: [String] = [],
                addPoints: [String] = [], roundOf: String? = nil, roundOfRef: String? = nil, unlinksRound: Bool = false) {
        self.roundOf = roundOf
        self.roundOfRef = roundOfRef
        self.unlinksRound = unlinksRound
        self.company = company
        self.role = role
        self.startsAt = startsAt
        self.durationMinutes = durationMinutes
        self.decisionBy = decisionBy
        self.addInterviewers = addInterviewers
        self.removeInterviewers = removeInterviewers
        self.addPoints = addPoints
    }

    /// The payload keys an amendment may carry; `validatePayload` requires at least one.
    public static var fields: [String] { EventType.amendmentFields }

    public var isEmpty: Bool { self == InterviewAmendment() }

    public var payload: [String: JSONValue] {
        var payload: [String: JSONValue] = [:]
        if let company { payload["company"] = .string(company) }
        if let role { payload["role"] = .string(role) }
        if let startsAt { payload["startsAt"] = .string(UTCTime.format(seconds: startsAt)) }
        if let durationMinutes { payload["durationMinutes"] = .int(Int64(durationMinutes)) }
        if let decisionBy { payload["decisionBy"] = .string(UTCTime.format(seconds: decisionBy)) }
        if !addInterviewers.isEmpty {
            payload["addInterviewers"] = .array(addInterviewers.map { person in
                var member: [String: JSONValue] = ["name": .string(person.name)]
                if let email = person.email { member["email"] = .string(email) }
                return .object(member)
            })
        }
        if !removeInterviewers.isEmpty { payload["removeInterviewers"] = .array(removeInterviewers.map(JSONValue.string)) }
        if !addPoints.isEmpty { payload["addPoints"] = .array(addPoints.map(JSONValue.string)) }
        if let roundOf { payload["roundOf"] = .string(roundOf) }
        if unlinksRound { payload["roundOf"] = .null }
        if let roundOfRef { payload["roundOfRef"] = .string(roundOfRef) }
        return payload
    }

    /// Reads the payload of a validated `interview-amended` event.
    init(payload: [String: JSONValue]) {
        company = payload["company"]?.stringValue
        role = payload["role"]?.stringValue
        startsAt = payload["startsAt"]?.stringValue.flatMap(UTCTime.parseSeconds)
        durationMinutes = payload["durationMinutes"]?.intValue.map { Int($0) }
        decisionBy = payload["decisionBy"]?.stringValue.flatMap(UTCTime.parseSeconds)
        addInterviewers = (payload["addInterviewers"]?.arrayValue ?? []).compactMap { member in
            member["name"]?.stringValue.map { Interviewer(name: $0, email: member["email"]?.stringValue) }
        }
        removeInterviewers = (payload["removeInterviewers"]?.arrayValue ?? []).compactMap(\.stringValue)
        addPoints = (payload["addPoints"]?.arrayValue ?? []).compactMap(\.stringValue)
        roundOf = payload["roundOf"]?.stringValue
        roundOfRef = payload["roundOfRef"]?.stringValue
        unlinksRound = payload["roundOf"] == .null
    }

    /// Applies the amendment to what the interview holds. The decision date is not applied
    /// here: it is a dated statement like any other `decisionBy`, which the fold weighs by time.
    func apply(to details: inout InterviewDetails, startsAt: inout Int64) {
        if let company { details.company = company }
        if let role { details.role = role }
        if let durationMinutes { details.durationMinutes = durationMinutes }
        if let newStart = self.startsAt { startsAt = newStart }
        let removed = Set(removeInterviewers.map { $0.lowercased() })
        details.interviewers.removeAll { removed.contains($0.name.lowercased()) }
        for person in addInterviewers where !details.interviewers.contains(where: { $0.name.lowercased() == person.name.lowercased() }) {
            details.interviewers.append(person)
        }
        for point in addPoints where !details.points.contains(point) { details.points.append(point) }
        if let roundOf {
            details.roundOf = roundOf
            details.roundOfRef = roundOfRef
        }
        if unlinksRound {
            details.roundOf = nil
            details.roundOfRef = nil
        }
    }

    /// One line for `timeline`: `company Initech Corp · at 2026-11-19 10:00 · + Bob Lee · − Ann Lee`.
    public var summary: String {
        var parts: [String] = []
        if let company { parts.append("company \(company)") }
        if let role { parts.append("role \(role)") }
        if let startsAt { parts.append("at \(LocalTime.format(startsAt))") }
        if let durationMinutes { parts.append("\(durationMinutes) min") }
        if let decisionBy { parts.append("decision by \(LocalTime.format(decisionBy))") }
        parts += addInterviewers.map { "+ \($0.name)" }
        parts += removeInterviewers.map { "− \($0)" }
        parts += addPoints.map { "+ point \"\($0)\"" }
        if let roundOf { parts.append("round of \(roundOfRef ?? String(roundOf.prefix(8)))") }
        if unlinksRound { parts.append(roundOfRef.map { "no longer a round of \($0)" } ?? "no longer a round of another interview") }
        return "edited: " + parts.joined(separator: ", ")
    }
}

extension Event {
    /// The amendment an `interview-amended` event records.
    public var amendment: InterviewAmendment? {
        knownType == .interviewAmended ? InterviewAmendment(payload: payload) : nil
    }
}
