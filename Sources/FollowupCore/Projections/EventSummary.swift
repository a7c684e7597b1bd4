/// What one event says, read from its payload by its type: the facts a timeline shows.
public struct EventSummary: Equatable, Sendable {
    /// What the event is about, for the types that are about something besides an action.
    public enum Subject: Equatable, Sendable {
        /// `roundOf` names the earlier round it was added as a round of: its ref, or its id's
        /// first 8 characters when the event does not carry the ref.
        case interview(role: String, company: String, roundOf: String? = nil)
        case device(name: String)
        case retraction(target: String, reason: String?)
        case setting(key: String, value: String)
        case outcome(String)
        case point(String)
        /// What an `interview-amended` event changed.
        case amendment(InterviewAmendment)

        /// The words `timeline` and the search report show for the subject, before the recipient,
        /// sender, decision date and note.
        public var text: String {
            switch self {
            case .interview(let role, let company, let roundOf): "\(role) at \(company)" + (roundOf.map { " (round of \($0))" } ?? "")
            case .device(let name): "device '\(name)'"
            case .retraction(let target, let reason): "retracts \(target.prefix(8))" + (reason.map { " \($0)" } ?? "")
            case .setting(let key, let value): "\(key) = \(value)"
            case .outcome(let outcome): outcome
            case .point(let point): point
            case .amendment(let amendment): amendment.summary
            }
        }
    }

    public var subject: Subject?
    /// Who an action was sent to.
    public var to: String?
    /// Who a response came from.
    public var from: String?
    public var decisionBy: Int64?
    public var note: String?

    public init(subject: Subject? = nil, to: String? = nil, from: String? = nil, decisionBy: Int64? = nil, note: String? = nil) {
        self.subject = subject
        self.to = to
        self.from = from
        self.decisionBy = decisionBy
        self.note = note
    }

    /// Events of a type this version does not know have no subject; their `to`, `from`,
    /// `decisionBy` and `note` are read all the same.
    public init(_ event: Event) {
        let text = { (key: String) in event.payloadString(key) ?? "" }
        switch event.knownType {
        case .interviewAdded?:
            subject = .interview(role: text("role"), company: text("company"),
                                 roundOf: event.payloadString("roundOfRef") ?? event.payloadString("roundOf").map { String($0.prefix(8)) })
        case .interviewAmended?: subject = event.amendment.map(Subject.amendment)
        case .deviceRegistered?: subject = .device(name: text("name"))
        case .eventRetracted?: subject = .retraction(target: text("target"), reason: event.payloadString("reason"))
        case .configSet?: subject = .setting(key: text("key"), value: text("value"))
        case .outcomeRecorded?: subject = .outcome(text("outcome"))
        case .qualificationsSent?: subject = .point(text("point"))
        default: subject = nil
        }
        to = event.payloadString("to")
        from = event.payloadString("from")
        decisionBy = event.payloadTime("decisionBy")
        note = event.payloadString("note")
    }
}
