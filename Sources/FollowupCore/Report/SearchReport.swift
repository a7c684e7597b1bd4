import Foundation

/// The moments a report's record of activity covers: from `since` (included) to `until`
/// (excluded); either end may be open.
public struct ReportPeriod: Equatable, Sendable {
    public var since: Int64?
    public var until: Int64?
    /// Chosen by `defaultRecord` because the user named no period, so the page says how to name one.
    public var isDefault: Bool

    public init(since: Int64? = nil, until: Int64? = nil) {
        self.since = since
        self.until = until
        self.isDefault = false
    }

    /// Days the record covers when no period is named: a quarter is what offices usually ask
    /// about, and a whole log of a long search is a file no browser opens quickly.
    public static let defaultDays = 90

    /// The record when no period is named: the last `defaultDays` whole days in `timeZone`,
    /// today included, so from the start of the day `defaultDays - 1` days ago to the end of today.
    public static func defaultRecord(now: Date, timeZone: TimeZone = .current) -> ReportPeriod {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.startOfDay(for: now)
        let start = calendar.date(byAdding: .day, value: -(defaultDays - 1), to: today) ?? today
        let tomorrow = calendar.date(byAdding: .day, value: 1, to: today) ?? now
        var period = ReportPeriod(since: seconds(start), until: seconds(tomorrow))
        period.isDefault = true
        return period
    }

    public func contains(_ seconds: Int64) -> Bool {
        (since.map { seconds >= $0 } ?? true) && (until.map { seconds < $0 } ?? true)
    }

    /// One end of a period as typed: a plain date (`2026-11-30`) is the whole day, so it starts
    /// at its first moment and, as an `end`, stops at the next day's; anything else is read as
    /// `WhenParser` reads it.
    public static func bound(_ text: String, end: Bool, now: Date,
                             timeZone: TimeZone = .current) throws(DateInputError) -> Int64 {
        let parts = text.trimmingSpaces().split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
           let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let wanted = DateComponents(year: year, month: month, day: day)
            guard let start = calendar.date(from: wanted),
                  calendar.dateComponents([.year, .month, .day], from: start) == wanted,
                  let next = calendar.date(byAdding: .day, value: 1, to: start) else {
                return try seconds(WhenParser(now: now, timeZone: timeZone).parse(text))
            }
            return seconds(end ? next : start)
        }
        return try seconds(WhenParser(now: now, timeZone: timeZone).parse(text))
    }

    private static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
}

/// Where an interview sits on the report's board.
public enum BoardColumn: String, CaseIterable, Sendable {
    /// Not yet held.
    case upcoming
    /// Over, and something is due now (an item that shows, as `due` lists it).
    case active
    /// Over, and nothing shows yet: the next item lies ahead, the employer has the ball.
    case waiting
    /// Check-ins unanswered up to `check-in.max-unanswered`.
    case cold
    /// An outcome was recorded (ghosted included); grouped by outcome.
    case closed

    public var title: String {
        switch self {
        case .upcoming: "Upcoming"
        case .active: "Active: something to do"
        case .waiting: "Waiting for the employer"
        case .cold: "Cold"
        case .closed: "Closed"
        }
    }
}

/// One interview on the board and its timeline. Each card stands alone; rounds of one
/// application can later be grouped by giving cards a shared key, without changing a card.
public struct BoardCard: Sendable {
    public var state: InterviewState
    public var status: InterviewStatus
    public var column: BoardColumn
    /// What `status` shows as next (the rules' most urgent open item), if anything.
    public var next: DueItem?
    /// This interview's events in canonical order, retracted ones included and marked.
    public var entries: [TimelineEntry]
    /// What the rules still ask of it, in due order: its candidates while it is upcoming, the
    /// items open now once it is over (overdue ones marked).
    public var ahead: [DueItem]
}

/// One line of the record of activity: an application (the interview) or a contact made.
public struct ActivityRow: Sendable {
    public var occurredAt: Int64
    public var interviewID: String
    public var ref: String
    public var company: String
    public var role: String
    /// Who the contact was with: the interviewers for the interview, `to` or `from` otherwise.
    public var contact: String?
    public var channel: String
    public var activity: String
    /// The application's outcome as the store knows it now, or `open`.
    public var outcome: String
}

/// Everything `followup report` shows, computed from the store's projection, its timeline and
/// the rules at one moment.
public struct SearchReport: Sendable {
    public var generatedAt: Int64
    public var timeZone: TimeZone
    public var period: ReportPeriod
    public var config: RulesConfig
    /// Every interview, in listing order (as `status`).
    public var cards: [BoardCard]
    public var stats: FollowUpStats
    /// Applications and contacts that occurred within the period, retracted ones left out, by date.
    public var activity: [ActivityRow]

    /// The event types that count as an application or a contact in the record of activity.
    public static let contactTypes: Set<EventType> = [
        .interviewAdded, .thankYouSent, .handwrittenNoteSent, .nextStepsAsked, .qualificationsSent, .checkInSent,
        .responseReceived, .outcomeRecorded,
    ]

    /// Builds the report from projected interviews (listing order), the timeline's entries of
    /// every interview (canonical order) and the rules. Pure, and linear in the entries apart
    /// from sorting the record by date.
    public static func make(interviews: [InterviewState], entries: [TimelineEntry], config: RulesConfig,
                            now: Int64, timeZone: TimeZone, period: ReportPeriod) -> SearchReport {
        let rules = DueRules(config: config, calendar: BusinessCalendar(timeZone: timeZone))
        var entriesByInterview: [String: [TimelineEntry]] = [:]
        entriesByInterview.reserveCapacity(interviews.count)
        var replies: [String: [Int64]] = [:]
        for entry in entries {
            guard let interview = entry.event.interview else { continue }
            entriesByInterview[interview, default: []].append(entry)
            if entry.event.knownType == .responseReceived, entry.retractedBy == nil {
                replies[interview, default: []].append(entry.event.occurred)
            }
        }

        var cards: [BoardCard] = []
        cards.reserveCapacity(interviews.count)
        var activity: [ActivityRow] = []
        for state in interviews {
            let status = state.status(now: now, config: config)
            let next = rules.next(for: state, now: now)
            let column: BoardColumn
            switch status {
            case .closed, .ghosted: column = .closed
            case .upcoming: column = .upcoming
            case .cold: column = .cold
            case .active: column = next.map { $0.showFrom <= now } == true ? .active : .waiting
            }
            var ahead: [DueItem] = []
            if state.outcome == nil {
                ahead = now < state.endsAt ? rules.candidates(for: state) : rules.pending(for: state, now: now)
                ahead.sort { ($0.dueAt, $0.rule.rawValue, $0.to ?? "") < ($1.dueAt, $1.rule.rawValue, $1.to ?? "") }
            }
            let own = entriesByInterview[state.id] ?? []
            cards.append(BoardCard(state: state, status: status, column: column, next: next, entries: own, ahead: ahead))

            let outcome = state.outcome?.rawValue ?? "open"
            for entry in own where entry.retractedBy == nil && period.contains(entry.event.occurred) {
                guard let type = entry.event.knownType, contactTypes.contains(type) else { continue }
                activity.append(ActivityRow(
                    occurredAt: entry.event.occurred, interviewID: state.id, ref: state.ref, company: state.company,
                    role: state.role, contact: ReportWording.contact(entry.event, interviewers: state.interviewers),
                    channel: ReportWording.channel(type, durationMinutes: state.durationMinutes),
                    activity: ReportWording.activity(entry.event), outcome: outcome))
            }
        }
        // Stable: rows of one moment keep their interview's listing order and canonical order.
        activity = activity.enumerated().sorted { ($0.element.occurredAt, $0.offset) < ($1.element.occurredAt, $1.offset) }
            .map(\.element)
        return SearchReport(generatedAt: now, timeZone: timeZone, period: period, config: config, cards: cards,
                            stats: FollowUpStats.compute(interviews, replies: replies, config: config, now: now),
                            activity: activity)
    }

    /// Whether a recorded action was taken after the rules' window for it closed, and by how
    /// much: a thank-you after `thank-you.hours`, next steps after `next-steps.hours`, a handwritten
    /// note after `handwritten-note.business-days`.
    public func lateness(of event: Event, in state: InterviewState) -> String? {
        let end = state.endsAt
        let deadline: Int64
        let window: String
        switch event.knownType {
        case .thankYouSent?:
            deadline = end + Int64(config.thankYouHours) * 3600
            window = "within \(config.thankYouHours) h of the interview"
        case .nextStepsAsked?:
            deadline = end + Int64(config.nextStepsHours) * 3600
            window = "within \(config.nextStepsHours) h of the interview"
        case .handwrittenNoteSent?:
            let calendar = BusinessCalendar(timeZone: timeZone)
            deadline = Int64(calendar.addingBusinessDays(config.handwrittenNoteBusinessDays,
                                                         to: Date(timeIntervalSince1970: TimeInterval(end)))
                .timeIntervalSince1970.rounded(.down))
            window = "within about \(config.handwrittenNoteBusinessDays) business days"
        default:
            return nil
        }
        guard event.occurred > deadline else { return nil }
        return "late: \(ReportWording.span(event.occurred - end)) after the interview (due \(window))"
    }
}

extension FollowupStore {
    /// The report at `now`: the projected interviews, every interview's timeline, and the rules.
    /// Without a `period` the record of activity covers `ReportPeriod.defaultRecord`.
    public func searchReport(period: ReportPeriod?, now: Date, timeZone: TimeZone = .current) throws -> SearchReport {
        let period = period ?? ReportPeriod.defaultRecord(now: now, timeZone: timeZone)
        let interviews = try interviews()
        let config = try rulesConfig()
        let entries = try timeline()
        return SearchReport.make(interviews: interviews, entries: entries, config: config,
                                 now: FollowupStore.seconds(now), timeZone: timeZone, period: period)
    }
}

/// How the report words events: the timeline's descriptions, and the channel and activity of
/// each row of the record.
public enum ReportWording {
    /// A short name for an event type, as people say it.
    public static func title(_ type: String) -> String {
        switch EventType(rawValue: type) {
        case .interviewAdded?: "interview"
        case .interviewAmended?: "interview edited"
        case .thankYouSent?: "thank-you sent"
        case .handwrittenNoteSent?: "handwritten note sent"
        case .nextStepsAsked?: "asked about next steps"
        case .qualificationsSent?: "qualifications sent"
        case .checkInSent?: "check-in sent"
        case .responseReceived?: "reply from the employer"
        case .outcomeRecorded?: "outcome"
        case .noteAdded?: "note"
        case .eventRetracted?: "retraction"
        case .configSet?: "setting changed"
        case .deviceRegistered?: "device registered"
        case nil: type
        }
    }

    /// What the timeline says of an event beyond its type: the same facts `followup timeline`
    /// shows (role and company, outcome, point, recipient, sender, decision date, note).
    public static func details(_ event: Event, timeZone: TimeZone) -> String {
        let summary = EventSummary(event)
        var parts: [String] = []
        switch summary.subject {
        case .device?, .setting?, nil: break
        case let subject?: parts.append(subject.text)
        }
        if let to = summary.to { parts.append("to \(to)") }
        if let from = summary.from { parts.append("from \(from)") }
        if let decisionBy = summary.decisionBy { parts.append("decision by \(LocalTime.format(decisionBy, timeZone: timeZone))") }
        if let note = summary.note { parts.append("\"\(note)\"") }
        return parts.joined(separator: " ")
    }

    /// The activity column of the record: what was done.
    static func activity(_ event: Event) -> String {
        switch event.knownType {
        case .interviewAdded?: "interview"
        case .outcomeRecorded?: "outcome: " + (event.payloadString("outcome") ?? "")
        case .qualificationsSent?: "qualifications sent: " + (event.payloadString("point") ?? "")
        default: title(event.type)
        }
    }

    /// The channel column of the record. The log keeps no channel, so it is the one each action
    /// implies: an interview is a meeting, a handwritten note goes by post, the other follow-ups
    /// are written messages, a reply comes from the employer.
    static func channel(_ type: EventType, durationMinutes: Int) -> String {
        switch type {
        case .interviewAdded: "interview (\(durationMinutes) min)"
        case .handwrittenNoteSent: "handwritten note (post)"
        case .thankYouSent, .nextStepsAsked, .qualificationsSent, .checkInSent: "written message"
        case .responseReceived: "from the employer"
        default: "—"
        }
    }

    static func contact(_ event: Event, interviewers: [Interviewer]) -> String? {
        if event.knownType == .interviewAdded {
            return interviewers.isEmpty ? nil : interviewers.map(\.name).joined(separator: ", ")
        }
        return event.payloadString("to") ?? event.payloadString("from")
    }

    /// `3 h`, `2 days`, `45 min`: a duration as people say it.
    public static func span(_ seconds: Int64) -> String {
        let minutes = max(0, seconds) / 60
        if minutes < 120 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 72 { return "\(hours) h" }
        return "\(hours / 24) days"
    }
}
