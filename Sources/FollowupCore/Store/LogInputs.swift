import Foundation

/// A follow-up action the user logs against an interview.
public enum Action: String, CaseIterable, Sendable {
    case thankYou = "thank-you"
    case handwrittenNote = "handwritten-note"
    case nextSteps = "next-steps"
    case qualifications
    case checkIn = "check-in"
    case response
    case outcome
    case note

    public var eventType: EventType {
        switch self {
        case .thankYou: .thankYouSent
        case .handwrittenNote: .handwrittenNoteSent
        case .nextSteps: .nextStepsAsked
        case .qualifications: .qualificationsSent
        case .checkIn: .checkInSent
        case .response: .responseReceived
        case .outcome: .outcomeRecorded
        case .note: .noteAdded
        }
    }

    /// The action a known event type records, if it is one.
    public init?(eventType: EventType) {
        guard let action = Action.allCases.first(where: { $0.eventType == eventType }) else { return nil }
        self = action
    }
}

/// What the user says about an action they took (or a reply they got).
public struct ActionInput: Sendable {
    public var action: Action
    public var interview: String
    public var occurredAt: Date?
    public var to: String?
    public var note: String?
    public var decisionBy: Date?
    public var point: String?
    public var outcome: Outcome?
    /// The text that was sent (a thank-you's email, a note's words), kept with the event.
    public var body: String?
    /// What else the same message did (`log thank-you … --asked-next-steps --point …`).
    public var also = CombinedActions()

    public init(action: Action, interview: String, occurredAt: Date? = nil, to: String? = nil, note: String? = nil,
                decisionBy: Date? = nil, point: String? = nil, outcome: Outcome? = nil, body: String? = nil) {
        self.action = action
        self.interview = interview
        self.occurredAt = occurredAt
        self.to = to
        self.note = note
        self.decisionBy = decisionBy
        self.point = point
        self.outcome = outcome
        self.body = body
    }
}

/// What the user says about a new interview.
public struct InterviewInput: Sendable {
    public var ref: String
    public var company: String
    public var role: String
    public var startsAt: Date
    public var durationMinutes: Int
    public var interviewers: [Interviewer]
    public var points: [String]
    public var decisionBy: Date?
    /// An earlier round of the same application (its ref, or a unique prefix).
    public var roundOf: String?

    public init(ref: String, company: String, role: String, startsAt: Date, durationMinutes: Int = 60,
                interviewers: [Interviewer] = [], points: [String] = [], decisionBy: Date? = nil, roundOf: String? = nil) {
        self.roundOf = roundOf
        self.ref = ref
        self.company = company
        self.role = role
        self.startsAt = startsAt
        self.durationMinutes = durationMinutes
        self.interviewers = interviewers
        self.points = points
        self.decisionBy = decisionBy
    }
}

/// A new event and anything the user should know about it.
public struct Logged: Sendable {
    public var event: Event
    public var warnings: [String]
    /// What the store understood, for the user to check: which interviewer the recipient named,
    /// when the typed name was not theirs in full.
    public var namedInterviewer: NamedInterviewer?
    /// The other actions the same message carried, logged with it (`CombinedActions`).
    public var alsoLogged: [Event] = []
}

/// An event to append without the checks of the interactive commands: generated data, or
/// bulk imports that did their own validation.
public struct EventDraft: Sendable {
    public var id: String
    public var type: EventType
    public var interview: String?
    public var occurred: Int64
    public var payload: [String: JSONValue]

    public init(id: String = Event.newID(), type: EventType, interview: String?, occurred: Int64, payload: [String: JSONValue]) {
        self.id = id
        self.type = type
        self.interview = interview
        self.occurred = occurred
        self.payload = payload
    }

    /// The draft of an `interview-added` event; its id is the interview's id.
    public static func interview(_ details: InterviewDetails, startsAt: Int64) -> EventDraft {
        let id = Event.newID()
        return EventDraft(id: id, type: .interviewAdded, interview: id, occurred: startsAt, payload: details.payload)
    }
}
