/// Someone the user met in an interview, and when they were thanked.
public struct Interviewer: Equatable, Hashable, Sendable {
    public var name: String
    public var email: String?
    public var thankedAt: Int64?

    public init(name: String, email: String? = nil, thankedAt: Int64? = nil) {
        self.name = name
        self.email = email
        self.thankedAt = thankedAt
    }

    /// Reads `Jane Doe <jane@acme.com>`, `Jane Doe` or `jane@acme.com`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingSpaces()
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let name = trimmed[..<open].trimmingSpaces()
            let email = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
                .trimmingSpaces()
            guard !email.isEmpty, email.contains("@") else { return nil }
            self.init(name: name.isEmpty ? email : name, email: email)
        } else if trimmed.isEmpty {
            return nil
        } else {
            self.init(name: trimmed, email: trimmed.contains("@") && !trimmed.contains(" ") ? trimmed : nil)
        }
    }

    /// Whether a `--to` value names this person: the full name (with or without a title), the
    /// email, the first name or the surname, without regard to case or accents.
    public func matches(_ addressee: String) -> Bool {
        let wanted = NameFolding.fold(addressee.trimmingSpaces())
        guard !wanted.isEmpty else { return false }
        return matchesExactly(addressee, folded: wanted) || (!wanted.contains(" ") && matchesPartly(folded: wanted))
    }
}

/// What the user typed about an interview when adding it; the payload of `interview-added`.
public struct InterviewDetails: Equatable, Sendable {
    public var ref: String
    public var company: String
    public var role: String
    public var durationMinutes: Int
    public var interviewers: [Interviewer]
    public var points: [String]
    public var decisionBy: Int64?
    /// The interview id of an earlier round of the same application (`--round-of`).
    public var roundOf: String?
    /// That round's ref when the link was made, for reading the log; the id is what counts.
    public var roundOfRef: String?

    public init(ref: String, company: String, role: String, durationMinutes: Int, interviewers: [Interviewer],
                points: [String], decisionBy: Int64?, roundOf: String? = nil, roundOfRef: String? = nil) {
        self.ref = ref
        self.company = company
        self.role = role
        self.durationMinutes = durationMinutes
        self.interviewers = interviewers
        self.points = points
        self.decisionBy = decisionBy
        self.roundOf = roundOf
        self.roundOfRef = roundOfRef
    }

    public var payload: [String: JSONValue] {
        var payload: [String: JSONValue] = [
            "ref": .string(ref), "company": .string(company), "role": .string(role),
            "durationMinutes": .int(Int64(durationMinutes)),
            "interviewers": .array(interviewers.map { person in
                var member: [String: JSONValue] = ["name": .string(person.name)]
                if let email = person.email { member["email"] = .string(email) }
                return .object(member)
            }),
            "points": .array(points.map(JSONValue.string)),
        ]
        if let decisionBy { payload["decisionBy"] = .string(UTCTime.format(seconds: decisionBy)) }
        if let roundOf { payload["roundOf"] = .string(roundOf) }
        if let roundOfRef { payload["roundOfRef"] = .string(roundOfRef) }
        return payload
    }

    /// Reads the payload of a validated `interview-added` event.
    init(payload: [String: JSONValue]) {
        ref = payload["ref"]?.stringValue ?? ""
        company = payload["company"]?.stringValue ?? ""
        role = payload["role"]?.stringValue ?? ""
        durationMinutes = Int(payload["durationMinutes"]?.intValue ?? 60)
        interviewers = (payload["interviewers"]?.arrayValue ?? []).compactMap { member in
            member["name"]?.stringValue.map { Interviewer(name: $0, email: member["email"]?.stringValue) }
        }
        points = (payload["points"]?.arrayValue ?? []).compactMap(\.stringValue)
        decisionBy = payload["decisionBy"]?.stringValue.flatMap(UTCTime.parseSeconds)
        roundOf = payload["roundOf"]?.stringValue
        roundOfRef = payload["roundOfRef"]?.stringValue
    }
}

/// The facts of one event that the projection needs, in a form cheap to read in bulk.
public struct ProjectionFact: Sendable {
    public var id: String
    public var type: EventType?
    public var occurred: Int64
    /// `to` of an action, `from` of a response.
    public var subject: String?
    public var decisionBy: Int64?
    /// The point, outcome, retraction target or config key, depending on the type.
    public var detail: String?
    public var details: InterviewDetails?
    /// What an `interview-amended` event changes.
    public var amendment: InterviewAmendment?

    public init(id: String, type: EventType?, occurred: Int64, subject: String? = nil, decisionBy: Int64? = nil,
                detail: String? = nil, details: InterviewDetails? = nil, amendment: InterviewAmendment? = nil) {
        self.id = id
        self.type = type
        self.occurred = occurred
        self.subject = subject
        self.decisionBy = decisionBy
        self.detail = detail
        self.details = details
        self.amendment = amendment
    }

    public init(_ event: Event) {
        let type = event.knownType
        var detail: String?
        switch type {
        case .qualificationsSent?: detail = event.payloadString("point")
        case .outcomeRecorded?: detail = event.payloadString("outcome")
        case .eventRetracted?: detail = event.payloadString("target")
        case .configSet?: detail = event.payloadString("key")
        default: detail = nil
        }
        self.init(id: event.id, type: type, occurred: event.occurred,
                  subject: event.payloadString("to") ?? event.payloadString("from"),
                  decisionBy: event.payloadTime("decisionBy"), detail: detail,
                  details: type == .interviewAdded ? InterviewDetails(payload: event.payload) : nil,
                  amendment: event.amendment)
    }
}

/// The projected state of one interview: everything the rules need, nothing that depends on now.
public struct InterviewState: Equatable, Sendable {
    public var id: String
    public var ref: String
    public var company: String
    public var role: String
    public var startsAt: Int64
    public var durationMinutes: Int
    public var interviewers: [Interviewer]
    public var points: [String]
    public var decisionBy: Int64?
    /// A thank-you that named nobody in particular, for interviews without named interviewers.
    public var thankedAt: Int64?
    public var handwrittenNoteAt: Int64?
    public var nextStepsAskedAt: Int64?
    public var qualificationsSent: Int = 0
    public var checkInCount: Int = 0
    public var lastCheckInAt: Int64?
    public var unansweredCheckIns: Int = 0
    public var lastResponseAt: Int64?
    public var outcome: Outcome?
    public var outcomeAt: Int64?
    public var eventCount: Int = 0
    public var lastActivityAt: Int64
    /// The earlier round this one was linked to, by interview id, as recorded (the latest edit wins).
    public var roundOf: String?
    /// The id and ref of the application's first round (the root of the links), when the
    /// interview is one of several rounds; nil when it stands alone. Set by `ApplicationRounds`.
    public var application: String?
    public var applicationRef: String?
    /// Its place among the application's rounds, by start (1 when it stands alone), and how many there are.
    public var round: Int = 1
    public var rounds: Int = 1
    /// The ref of the round whose outcome closed this one, when `outcome` is not its own.
    public var outcomeRound: String?

    public var endsAt: Int64 { startsAt + Int64(durationMinutes) * 60 }
    /// Whether the employer invited the user to a later round of the same application.
    public var hasLaterRound: Bool { round < rounds }

    /// Where the interview stands at `now`.
    public func status(now: Int64, config: RulesConfig) -> InterviewStatus {
        InterviewStatus(outcome: outcome, endsAt: endsAt, unansweredCheckIns: unansweredCheckIns, now: now, config: config)
    }
}

/// The stages an interview goes through, as `status` shows them.
public enum InterviewStatus: String, Sendable, CaseIterable {
    case upcoming, active, cold, ghosted, closed

    /// The stage at `now` of an interview with this outcome, end and count of unanswered check-ins.
    public init(outcome: Outcome?, endsAt: Int64, unansweredCheckIns: Int, now: Int64, config: RulesConfig) {
        if let outcome {
            self = outcome == .ghosted ? .ghosted : .closed
        } else if now < endsAt {
            self = .upcoming
        } else {
            self = unansweredCheckIns >= config.maxUnansweredCheckIns ? .cold : .active
        }
    }
}

// MARK: - The fold

extension InterviewState {
    /// Folds one interview's events, given in canonical order, into its state.
    ///
    /// Pure and total: it cannot fail, unknown types are skipped, retracted events are ignored,
    /// and the result depends only on the set of events: "latest" means latest `occurred`, with
    /// canonical order breaking ties. Returns nil when the interview was never added or its
    /// adding was retracted.
    public static func fold(_ facts: [ProjectionFact]) -> InterviewState? {
        // The passes that look at a few facts go by index: `for fact in facts` copies every fact,
        // with its strings, before its type is looked at.
        var retracted = Set<String>()
        for index in facts.indices where facts[index].type == .eventRetracted {
            if let target = facts[index].detail { retracted.insert(target) }
        }
        // A retraction of a retraction has no effect: corrections are made by logging again.
        for index in facts.indices where facts[index].type == .eventRetracted && retracted.contains(facts[index].id) {
            retracted.remove(facts[index].id)
        }
        guard let addedIndex = facts.indices.first(where: {
                  facts[$0].type == .interviewAdded && !retracted.contains(facts[$0].id)
              }),
              var details = facts[addedIndex].details else { return nil }
        let added = facts[addedIndex]
        // Edits first, so that a thank-you to an interviewer added by an edit counts for them.
        var startsAt = added.occurred
        for index in facts.indices where facts[index].type == .interviewAmended && !retracted.contains(facts[index].id) {
            facts[index].amendment?.apply(to: &details, startsAt: &startsAt)
        }

        var state = InterviewState(
            id: added.id, ref: details.ref, company: details.company, role: details.role, startsAt: startsAt,
            durationMinutes: details.durationMinutes, interviewers: details.interviewers, points: details.points,
            decisionBy: details.decisionBy, lastActivityAt: added.occurred, roundOf: details.roundOf)
        var decisionByAt = details.decisionBy == nil ? Int64.min : startsAt
        var outcomeOccurred = Int64.min
        var checkInsLogged: [ActionChecks.Logged] = []

        for fact in facts where !retracted.contains(fact.id) {
            guard let type = fact.type, type != .eventRetracted else { continue }
            state.eventCount += 1
            state.lastActivityAt = max(state.lastActivityAt, fact.occurred)
            if let decisionBy = fact.decisionBy, type != .interviewAdded, fact.occurred >= decisionByAt {
                state.decisionBy = decisionBy
                decisionByAt = fact.occurred
            }
            switch type {
            case .thankYouSent:
                state.recordThankYou(to: fact.subject, at: fact.occurred)
            case .handwrittenNoteSent:
                state.handwrittenNoteAt = min(state.handwrittenNoteAt ?? fact.occurred, fact.occurred)
            case .nextStepsAsked:
                state.nextStepsAskedAt = min(state.nextStepsAskedAt ?? fact.occurred, fact.occurred)
            case .qualificationsSent:
                state.qualificationsSent += 1
            case .checkInSent:
                checkInsLogged.append(ActionChecks.Logged(id: fact.id, occurred: fact.occurred, subject: fact.subject))
            case .responseReceived:
                state.lastResponseAt = max(state.lastResponseAt ?? fact.occurred, fact.occurred)
            case .outcomeRecorded:
                if fact.occurred >= outcomeOccurred, let outcome = fact.detail.flatMap(Outcome.init(rawValue:)) {
                    state.outcome = outcome
                    state.outcomeAt = fact.occurred
                    outcomeOccurred = fact.occurred
                }
            case .interviewAdded, .interviewAmended, .noteAdded, .deviceRegistered, .configSet, .eventRetracted:
                break
            }
        }
        // The same check-in logged twice (on two machines, say) is one check-in, not two toward "cold".
        let repeats = ActionChecks.duplicates(checkInsLogged)
        let checkIns = checkInsLogged.filter { repeats[$0.id] == nil }.map(\.occurred)
        state.checkInCount = checkIns.count
        state.lastCheckInAt = checkIns.max()
        // Any reply from the employer restarts the clocks: only later check-ins are unanswered.
        let lastResponse = state.lastResponseAt ?? Int64.min
        state.unansweredCheckIns = checkIns.count { $0 > lastResponse }
        return state
    }

    /// A thank-you counts for the interviewer it names (or, when its `--to` fits several, for
    /// each of them); one naming nobody thanks them all.
    mutating func recordThankYou(to addressee: String?, at time: Int64) {
        var thanked: [Interviewer] = interviewers
        if let addressee {
            switch InterviewerMatch.resolve(addressee, among: interviewers) {
            case .one(let person): thanked = [person]
            case .several(let people): thanked = people
            case .none: thanked = []
            }
        }
        for index in interviewers.indices where thanked.contains(where: { $0.name == interviewers[index].name }) {
            interviewers[index].thankedAt = min(interviewers[index].thankedAt ?? time, time)
        }
        if interviewers.isEmpty || (addressee == nil && !thanked.isEmpty) {
            thankedAt = min(thankedAt ?? time, time)
        }
    }
}
