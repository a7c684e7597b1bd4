import Foundation
import GRDB

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

    public init(ref: String, company: String, role: String, startsAt: Date, durationMinutes: Int = 60,
                interviewers: [Interviewer] = [], points: [String] = [], decisionBy: Date? = nil) {
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
    /// What the store understood, for the user to check: which interviewer `--to` named.
    public var notes: [String] = []
    /// The other actions the same message carried, logged with it (`CombinedActions`).
    public var alsoLogged: [Event] = []
}

extension FollowupStore {
    /// Tolerance for clocks that disagree a little: an action "now" on a fast clock is not future.
    static let futureTolerance: Int64 = 120
    static let maximumTextLength = 4000
    /// A sent message kept with its event; well inside the 64 KiB line limit even as 4-byte UTF-8.
    static let maximumBodyLength = 8000

    @discardableResult
    public func addInterview(_ input: InterviewInput) throws -> Logged {
        let details = try FollowupStore.details(of: input)
        return try write { db in
            if try refExists(details.ref, db) { throw StoreError.duplicateRef(details.ref) }
            let id = Event.newID()
            let event = try append(db, id: id, type: .interviewAdded, interview: id,
                                   occurred: FollowupStore.seconds(input.startsAt), payload: details.payload)
            return Logged(event: event, warnings: [])
        }
    }

    func refExists(_ ref: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM interview WHERE ref = ?)", arguments: [ref]) == true
    }

    /// The checked payload of a new interview, or what is wrong with the input.
    static func details(of input: InterviewInput) throws -> InterviewDetails {
        let ref = input.ref.trimmingSpaces()
        guard InterviewRef.isValid(ref) else {
            throw StoreError.invalidInput("'\(input.ref)' is not a valid ref: use lowercase letters, digits, '-', '_' and '.' (at most 64), like acme-onsite")
        }
        let company = try FollowupStore.text(input.company, field: "company", required: true)!
        let role = try FollowupStore.text(input.role, field: "role", required: true)!
        let points = try input.points.map { try FollowupStore.text($0, field: "point", required: true)! }
        guard (1...1440).contains(input.durationMinutes) else {
            throw StoreError.invalidInput("the duration must be between 1 minute and 24 hours, like 45m or 1h30m")
        }
        if let decisionBy = input.decisionBy, decisionBy < input.startsAt {
            throw StoreError.invalidInput(ActionChecks.decisionBeforeInterview(
                FollowupStore.seconds(decisionBy), ref: ref, startsAt: FollowupStore.seconds(input.startsAt)))
        }
        var seen = Set<String>()
        for person in input.interviewers where !seen.insert(person.name.lowercased()).inserted {
            throw StoreError.invalidInput("interviewer '\(person.name)' is listed twice")
        }
        return InterviewDetails(ref: ref, company: company, role: role, durationMinutes: input.durationMinutes,
                                interviewers: input.interviewers, points: points,
                                decisionBy: input.decisionBy.map(FollowupStore.seconds))
    }

    @discardableResult
    public func log(_ input: ActionInput) throws -> Logged {
        try input.action.checkFields(input.givenFields)
        let now = FollowupStore.seconds(clock())
        let occurred = input.occurredAt.map(FollowupStore.seconds) ?? now
        if occurred > now + FollowupStore.futureTolerance {
            throw StoreError.futureAction(LocalTime.format(occurred))
        }
        var payload: [String: JSONValue] = [:]
        if let to = try FollowupStore.text(input.to, field: input.action == .response ? "from" : "to", required: false) {
            payload[input.action == .response ? "from" : "to"] = .string(to)
        }
        // An empty --note is a mistake on every action, as it is on `log note`.
        if let note = try FollowupStore.text(input.note, field: "note", required: input.action == .note || input.note != nil) {
            payload["note"] = .string(note)
        }
        if let body = input.body {
            let text = body.trimmingWhitespace()
            guard !text.isEmpty else { throw StoreError.invalidInput("the body is empty; give the file holding the text you sent") }
            guard text.count <= FollowupStore.maximumBodyLength else {
                throw StoreError.invalidInput("the body is longer than \(FollowupStore.maximumBodyLength) characters; keep the text that was sent, not attachments")
            }
            guard !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) else {
                throw StoreError.invalidInput("the body contains control characters; give a plain text file")
            }
            payload["body"] = .string(text)
        }
        if let decisionBy = input.decisionBy { payload["decisionBy"] = .string(UTCTime.format(seconds: FollowupStore.seconds(decisionBy))) }
        if input.action == .qualifications {
            payload["point"] = .string(try FollowupStore.text(input.point, field: "point", required: true)!)
        }
        try input.also.check(sentWith: input.action)
        if input.action == .outcome {
            guard let outcome = input.outcome else {
                throw StoreError.invalidInput("say which outcome: \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            payload["outcome"] = .string(outcome.rawValue)
        }
        return try write { db in
            let interview = try resolveInterview(input.interview, db)
            if let decisionBy = input.decisionBy { try ActionChecks.checkDecisionDate(decisionBy, interview: interview) }
            var warnings: [String] = []
            var notes: [String] = []
            if let to = input.to, input.action != .note, input.action != .outcome,
               let named = try InterviewerMatch.named(to, in: interview) {
                notes.append(named)
            }
            if let to = input.to, [.thankYou, .handwrittenNote].contains(input.action), !interview.interviewers.isEmpty,
               !interview.interviewers.contains(where: { $0.matches(to) }) {
                let names = interview.interviewers.map(\.name).joined(separator: ", ")
                warnings.append("'\(to)' is not an interviewer of \(interview.ref) (\(names)); logged anyway")
            }
            if ActionChecks.isBeforeInterview(input.action, occurred: occurred, interview: interview) {
                throw StoreError.actionBeforeInterview(action: input.action.rawValue, ref: interview.ref,
                                                       occurred: LocalTime.format(occurred),
                                                       startsAt: LocalTime.format(interview.startsAt))
            }
            warnings += try actionWarnings(input.action, occurred: occurred, to: payload["to"]?.stringValue ?? payload["from"]?.stringValue,
                                           interview: interview, db)
            if occurred < interview.startsAt, input.action != .note {
                warnings.append("the action is dated before the interview started (\(LocalTime.format(interview.startsAt)))")
            }
            if let outcome = interview.outcome, input.action != .note, input.action != .outcome {
                warnings.append("\(interview.ref) already has the outcome '\(outcome.rawValue)'")
            }
            let event = try append(db, id: Event.newID(), type: input.action.eventType, interview: interview.id,
                                   occurred: occurred, payload: payload)
            let others = try input.also.events(sentWith: input.action, payload: payload).map { type, extra in
                try append(db, id: Event.newID(), type: type, interview: interview.id, occurred: occurred, payload: extra)
            }
            return Logged(event: event, warnings: warnings, notes: notes, alsoLogged: others)
        }
    }

    /// Logs a correction: the target event no longer counts, but stays in the log.
    public func retract(_ eventID: String, reason: String?) throws -> Logged {
        let reasonText = try FollowupStore.text(reason, field: "reason", required: false)
        return try write { db in
            let target = try resolveEvent(eventID, db)
            switch target.knownType {
            case .eventRetracted?: throw StoreError.cannotRetract(target.id, reason: "it is a retraction; log the action again instead")
            case .deviceRegistered?: throw StoreError.cannotRetract(target.id, reason: "device registrations are part of the log's integrity")
            case .configSet?: throw StoreError.cannotRetract(target.id, reason: "set the value again with 'followup config set' instead")
            case nil: throw StoreError.cannotRetract(target.id, reason: "its type '\(target.type)' is unknown to this version")
            default: break
            }
            if let existing = try String.fetchOne(db, sql: "SELECT id FROM event WHERE type = ? AND detail = ?",
                                                  arguments: [EventType.eventRetracted.rawValue, target.id]) {
                throw StoreError.cannotRetract(target.id, reason: "it was already retracted by \(existing)")
            }
            var payload: [String: JSONValue] = ["target": .string(target.id)]
            if let reasonText { payload["reason"] = .string(reasonText) }
            let event = try append(db, id: Event.newID(), type: .eventRetracted, interview: target.interview,
                                   occurred: FollowupStore.seconds(clock()), payload: payload)
            return Logged(event: event, warnings: [])
        }
    }

    /// Changes a rule threshold for every replica.
    public func setConfig(_ key: String, _ value: String) throws -> Logged {
        try write { db in
            var config = try rulesConfig(db)
            try config.set(key, to: value)
            var normalized = RulesConfig.setting(key)!.value(in: config)
            if normalized.isEmpty { normalized = RulesConfig.builtInText }
            let event = try append(db, id: Event.newID(), type: .configSet, interview: nil,
                                   occurred: FollowupStore.seconds(clock()),
                                   payload: ["key": .string(key), "value": .string(normalized)])
            return Logged(event: event, warnings: [])
        }
    }

    // MARK: Appending

    @discardableResult
    func append(type: EventType, interview: String?, occurred: Int64, payload: [String: JSONValue]) throws -> Event {
        try write { db in try append(db, id: Event.newID(), type: type, interview: interview, occurred: occurred, payload: payload) }
    }

    /// Appends one event of this device: next sequence number, chained to the previous event,
    /// stamped by the hybrid logical clock, signed; then brings the projection up to date.
    func append(_ db: Database, id: String, type: EventType, interview: String?, occurred: Int64,
                payload: [String: JSONValue]) throws -> Event {
        let previous = try Row.fetchOne(db, sql: "SELECT seq, hash FROM event WHERE device = ? ORDER BY seq DESC LIMIT 1",
                                        arguments: [deviceID])
        let (recordedMs, clockCounter) = try nextClock(db)
        var event = Event(version: Event.formatVersion, id: id, device: deviceID,
                          seq: (previous?["seq"] as Int64? ?? 0) + 1, recordedMs: recordedMs, clock: clockCounter,
                          occurred: occurred, type: type.rawValue, interview: interview, payload: payload,
                          prev: previous?["hash"] ?? "", signature: "")
        try key.sign(&event)
        try insert(event, db)
        try project([event], db)
        return event
    }

    /// The hybrid logical clock: wall time unless the log already holds a later stamp.
    func nextClock(_ db: Database) throws -> (Int64, Int64) {
        let wall = Int64((clock().timeIntervalSince1970 * 1000).rounded(.down))
        guard let latest = try Row.fetchOne(db, sql: "SELECT recorded_ms, clock FROM event ORDER BY recorded_ms DESC, clock DESC LIMIT 1") else {
            return (wall, 0)
        }
        let latestMs: Int64 = latest["recorded_ms"], latestClock: Int64 = latest["clock"]
        if wall > latestMs { return (wall, 0) }
        if latestClock < 0xFFFF { return (latestMs, latestClock + 1) }
        return (latestMs + 1, 0)
    }

    func insert(_ event: Event, _ db: Database) throws {
        let line = event.line
        try insert(event, line: line, hash: Event.hash(ofLine: line), db)
    }

    /// Inserts an event whose canonical line and hash the caller already has.
    func insert(_ event: Event, line: String, hash: String, _ db: Database) throws {
        let fact = ProjectionFact(event)
        // Prepared once per connection: compiling the statement cost more than running it.
        try db.cachedStatement(
            sql: """
                INSERT INTO event (id, device, seq, recorded_ms, clock, occurred, type, interview, subject,
                                   decision_by, detail, hash, line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [event.id, event.device, event.seq, event.recordedMs, event.clock, event.occurred, event.type,
                        event.interview, fact.subject, fact.decisionBy, fact.detail, hash, line])
    }

    // MARK: Input checks

    static func text(_ value: String?, field: String, required: Bool) throws -> String? {
        guard let value else {
            if required { throw StoreError.invalidInput("the \(field) is required") }
            return nil
        }
        let trimmed = value.trimmingWhitespace()
        if trimmed.isEmpty {
            if required { throw StoreError.invalidInput("the \(field) must not be empty") }
            return nil
        }
        guard trimmed.count <= maximumTextLength else {
            throw StoreError.invalidInput("the \(field) is longer than \(maximumTextLength) characters")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) else {
            throw StoreError.invalidInput("the \(field) contains control characters")
        }
        return trimmed
    }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
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

extension FollowupStore {
    /// Appends many events of this device in one transaction, projecting each touched
    /// interview once at the end. Each event is chained, stamped and signed as `log` does.
    public func appendBulk(_ drafts: [EventDraft]) throws {
        try write { db in
            let previous = try Row.fetchOne(db, sql: "SELECT seq, hash FROM event WHERE device = ? ORDER BY seq DESC LIMIT 1",
                                            arguments: [deviceID])
            var seq: Int64 = previous?["seq"] ?? 0
            var prev: String = previous?["hash"] ?? ""
            var (recordedMs, counter) = try nextClock(db)
            var touched: [Event] = []
            for draft in drafts {
                seq += 1
                var event = Event(version: Event.formatVersion, id: draft.id, device: deviceID, seq: seq, recordedMs: recordedMs,
                                  clock: counter, occurred: draft.occurred, type: draft.type.rawValue, interview: draft.interview,
                                  payload: draft.payload, prev: prev, signature: "")
                try key.sign(&event)
                let line = event.line
                prev = Event.hash(ofLine: line)
                try insert(event, line: line, hash: prev, db)
                if counter < 0xFFFF { counter += 1 } else { recordedMs += 1; counter = 0 }
                if draft.type != .interviewAdded || touched.last?.interview != draft.interview { touched.append(event) }
            }
            // One representative event per interview is enough: project() refolds whole interviews.
            var seen = Set<String>()
            try project(touched.filter { event in event.interview.map { seen.insert($0).inserted } ?? true }, db)
        }
    }
}

extension FollowupStore {
    /// Adds every interview of a spreadsheet (CSV text) in one transaction, or none: any bad row,
    /// or a ref already used (in the store or higher up the file), refuses the whole file with
    /// every problem listed. With `dryRun` the checks run and nothing is written.
    public func importInterviews(csv text: String, dryRun: Bool, now: Date = Date(),
                                 timeZone: TimeZone = .current) throws -> [InterviewSheet.Entry] {
        let (entries, sheetProblems) = InterviewSheet.read(text, now: now, timeZone: timeZone)
        var problems = sheetProblems
        func checkRefs(_ db: Database) throws {
            var firstRow: [String: Int] = [:]
            for entry in entries {
                let ref = entry.input.ref
                if let row = firstRow[ref] {
                    problems.append(SheetProblem(row: entry.row, column: "ref", message: "'\(ref)' is also on row \(row); each ref must be unique"))
                } else if try refExists(ref, db) {
                    problems.append(SheetProblem(row: entry.row, column: "ref", message: "an interview '\(ref)' exists already; choose another ref"))
                }
                firstRow[ref] = firstRow[ref] ?? entry.row
            }
            if !problems.isEmpty { throw ImportError(problems: problems.sorted { $0.row < $1.row }) }
        }
        if dryRun {
            try read { db in try checkRefs(db) }
            return entries
        }
        return try write { db in
            try checkRefs(db)
            return try entries.map { entry in
                var entry = entry
                let id = Event.newID()
                _ = try append(db, id: id, type: .interviewAdded, interview: id,
                           occurred: FollowupStore.seconds(entry.input.startsAt),
                           payload: try FollowupStore.details(of: entry.input).payload)
                entry.id = id
                return entry
            }
        }
    }
}
