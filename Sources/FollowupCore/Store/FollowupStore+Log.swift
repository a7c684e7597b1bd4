import Foundation
import GRDB

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
            var details = details
            if let roundOf = input.roundOf {
                let earlier = try earlierRound(roundOf, of: details.ref, id: nil, company: details.company, db)
                details.roundOf = earlier.id
                details.roundOfRef = earlier.ref
            }
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
            throw ActionChecks.decisionBeforeInterview(
                FollowupStore.seconds(decisionBy), ref: ref, startsAt: FollowupStore.seconds(input.startsAt))
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
        let now = FollowupStore.seconds(wallClock())
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
            var namedInterviewer: NamedInterviewer?
            if let to = input.to, input.action != .note, input.action != .outcome {
                namedInterviewer = try InterviewerMatch.named(to, in: interview)
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
            return Logged(event: event, warnings: warnings, namedInterviewer: namedInterviewer, alsoLogged: others)
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
                                   occurred: FollowupStore.seconds(wallClock()), payload: payload)
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
                                   occurred: FollowupStore.seconds(wallClock()),
                                   payload: ["key": .string(key), "value": .string(normalized)])
            return Logged(event: event, warnings: [])
        }
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
