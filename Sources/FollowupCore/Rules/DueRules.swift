import Foundation

/// The rule behind a due item.
public enum FollowUpRule: String, Sendable, CaseIterable {
    case thankYou = "thank-you"
    case handwrittenNote = "handwritten-note"
    case nextSteps = "next-steps"
    case checkIn = "check-in"
    case ghosted = "ghosted"

    /// The rule's place in the declaration, the order in which the rules are applied.
    var order: Int { FollowUpRule.allCases.firstIndex(of: self)! }

    /// The `followup log` action that completes an item of this rule.
    public var action: String {
        switch self {
        case .ghosted: "outcome"
        default: rawValue
        }
    }
}

/// Something the user should do, when, and why.
public struct DueItem: Equatable, Sendable {
    public var interviewID: String
    public var ref: String
    public var company: String
    public var to: String?
    public var rule: FollowUpRule
    public var dueAt: Int64
    /// Items show this early (the lead time) before they are due.
    public var showFrom: Int64
    public var overdue: Bool
    public var optional: Bool
    public var reason: String

    /// The `followup log` action that completes the item.
    public var action: String { rule.action }
}

/// The follow-up rules: projected interviews + now + configuration → what is due. Pure.
public struct DueRules: Sendable {
    /// Raise it with any change to what `candidates(for:)` returns: stores keep the rules' output
    /// (`due_item`) with the revision that made it, and make it again when this one differs.
    public static let revision = 3

    public var config: RulesConfig
    public var calendar: BusinessCalendar

    public init(config: RulesConfig = RulesConfig(), calendar: BusinessCalendar = BusinessCalendar()) {
        self.config = config
        self.calendar = calendar.adding(holidays: config.holidayDays)
    }

    /// Every item that shows at `now` (or all pending ones, with `includeUpcoming`), most urgent first.
    public func due(_ interviews: [InterviewState], now: Int64, includeUpcoming: Bool = false) -> [DueItem] {
        DueRules.mostUrgentFirst(interviews.flatMap {
            items(for: $0, now: now, writingReasons: true) { includeUpcoming || $0.showFrom <= now }
        })
    }

    /// The most urgent item still open for one interview at `now`, if any: its `nextCandidate`,
    /// when that is open.
    public func next(for interview: InterviewState, now: Int64) -> DueItem? {
        // The reason is written for the chosen item only: `status` weighs every item of every
        // open interview, and writing a reason costs more than the rest of the rules.
        guard let chosen = DueRules.nextCandidate(items(for: interview, now: nil, writingReasons: false) { _ in true }),
              DueRules.isOpen(chosen, endsAt: interview.endsAt, now: now) else { return nil }
        return items(for: interview, now: now, writingReasons: true) {
            $0.rule == chosen.rule && $0.to == chosen.to && $0.dueAt == chosen.dueAt
        }.first
    }

    /// Of one interview's candidates, the one `status` shows as next whenever it is open (and
    /// when it is not, nothing is open): the first by (optional, due time, recipient, rule). That order
    /// is `moreUrgent`'s among one interview's open items, because the only optional item, the
    /// handwritten note, is open only until it is due, so never overdue; and the others open and
    /// close together, with the interview's end. The projection marks this candidate
    /// (`due_item.next`) so that `status` reads one row per interview.
    public static func nextCandidate(_ candidates: [DueItem]) -> DueItem? {
        candidates.min {
            ($0.optional ? 1 : 0, $0.dueAt, $0.to ?? "", $0.rule.order) < ($1.optional ? 1 : 0, $1.dueAt, $1.to ?? "", $1.rule.order)
        }
    }

    /// `items` ordered by `moreUrgent`. The positions are sorted, not the items: an item holds six
    /// strings, and moving items about would be a tenth of `due`'s work at 10 000 open interviews.
    static func mostUrgentFirst(_ items: [DueItem]) -> [DueItem] {
        items.indices.sorted { moreUrgent(items[$0], items[$1]) }.map { items[$0] }
    }

    /// A total order, so that items read back from the projection, in whatever order SQLite
    /// returns them, sort exactly as the rules' own: the rule's place in `FollowUpRule` and
    /// the interview id settle the ties (a thank-you and the next-steps question are often due
    /// at the same moment; two interviews may share a ref after a merge).
    static func moreUrgent(_ lhs: DueItem, _ rhs: DueItem) -> Bool {
        if lhs.overdue != rhs.overdue { return lhs.overdue }
        if lhs.optional != rhs.optional { return !lhs.optional }
        if lhs.dueAt != rhs.dueAt { return lhs.dueAt < rhs.dueAt }
        if lhs.ref != rhs.ref { return lhs.ref < rhs.ref }
        if lhs.to != rhs.to { return (lhs.to ?? "") < (rhs.to ?? "") }
        if lhs.rule != rhs.rule { return lhs.rule.order < rhs.rule.order }
        return lhs.interviewID < rhs.interviewID
    }

    /// All items still open for one interview at `now`, whether or not they show yet.
    public func pending(for interview: InterviewState, now: Int64) -> [DueItem] {
        items(for: interview, now: now, writingReasons: true) { _ in true }
    }

    /// Everything the rules ask of one interview whatever the time, reasons written, none marked
    /// overdue: what the projection keeps (`due_item`), so that `due` and `status` need not run
    /// the rules over every interview. `isOpen(_:endsAt:now:)` says which of them apply at a moment.
    public func candidates(for interview: InterviewState) -> [DueItem] {
        items(for: interview, now: nil, writingReasons: true) { _ in true }
    }

    /// Whether a candidate of an interview ending at `endsAt` is open at `now`: the interview is
    /// over, and an optional handwritten note is still within its window. (An outcome ends every
    /// item, so an interview with one has no candidates.)
    public static func isOpen(_ item: DueItem, endsAt: Int64, now: Int64) -> Bool {
        now >= endsAt && (item.rule != .handwrittenNote || now <= item.dueAt)
    }

    /// The items of one interview open at `now` (or its candidates, for nil) that `keep` accepts,
    /// with their reasons written only for those (or for none, without `writingReasons`): `due`
    /// shows a fraction of what the rules weigh.
    func items(for interview: InterviewState, now: Int64?, writingReasons: Bool,
               keep: (DueItem) -> Bool) -> [DueItem] {
        guard interview.outcome == nil else { return [] }
        if let now {
            let status = interview.status(now: now, config: config)
            guard status == .active || status == .cold else { return [] }
        }
        var items: [DueItem] = []
        func add(_ rule: FollowUpRule, to: String? = nil, dueAt: Int64, showFrom: Int64,
                 optional: Bool = false, reason: @autoclosure () -> String) {
            var item = DueItem(interviewID: interview.id, ref: interview.ref, company: interview.company,
                               to: to, rule: rule, dueAt: dueAt, showFrom: min(showFrom, dueAt),
                               overdue: false, optional: optional, reason: "")
            if let now {
                guard DueRules.isOpen(item, endsAt: interview.endsAt, now: now) else { return }
                item.overdue = now > dueAt
            }
            guard keep(item) else { return }
            if writingReasons { item.reason = reason() }
            items.append(item)
        }
        let end = interview.endsAt
        let hours = config.thankYouHours
        func pointHint() -> String { interview.points.first.map { "; mention \"\($0)\"" } ?? "; mention a point you discussed" }

        // Thank-you: one per interviewer, within N hours of the end.
        let thankYouDue = end + Int64(hours) * 3600
        if interview.interviewers.isEmpty {
            if interview.thankedAt == nil {
                add(.thankYou, dueAt: thankYouDue, showFrom: end,
                    reason: "send a thank-you within \(hours) h of the interview\(pointHint())")
            }
        } else {
            for person in interview.interviewers where person.thankedAt == nil {
                add(.thankYou, to: person.name, dueAt: thankYouDue, showFrom: end,
                    reason: "send \(person.name) a personal thank-you within \(hours) h of the interview\(pointHint())")
            }
        }

        // Handwritten note: optional, suggested until its window has passed.
        if config.suggestHandwrittenNote, interview.handwrittenNoteAt == nil {
            let days = config.handwrittenNoteBusinessDays
            let dueAt = seconds(calendar.addingBusinessDays(days, to: date(end)))
            add(.handwrittenNote, dueAt: dueAt, showFrom: end, optional: true,
                reason: "optional: a handwritten note posted within about \(days) business days adds a personal touch")
        }

        // Being invited to a later round answers the rest: the next step is that round, and it
        // carries the application's check-ins from here on. Each round's thank-yous stay due.
        guard !interview.hasLaterRound else { return items }

        // Next steps: ask about the timeline until asked or told a decision date. A reply that
        // gave no date ("thanks, we'll be in touch") does not answer the question.
        if interview.nextStepsAskedAt == nil, interview.decisionBy == nil {
            add(.nextSteps, dueAt: end + Int64(config.nextStepsHours) * 3600, showFrom: end,
                reason: "ask about next steps and when they expect to decide (the thank-you is a good place)")
        }

        // Check-in: after the decision date, else about a week on; spaced; capped; never due on
        // a weekend or a day off, when nobody reads it.
        if interview.unansweredCheckIns < config.maxUnansweredCheckIns {
            let lead = Int64(config.leadHours) * 3600
            if let lastCheckIn = interview.lastCheckInAt, interview.unansweredCheckIns > 0 {
                let dueAt = seconds(calendar.onBusinessDay(calendar.addingDays(config.checkInSpacingDays, to: date(lastCheckIn))))
                add(.checkIn, dueAt: dueAt, showFrom: dueAt - lead,
                    reason: "no reply to \(DueRules.count(interview.unansweredCheckIns, "check-in")); check in again, "
                        + "at least \(config.checkInSpacingDays) days after the last, without being pushy")
            } else {
                let reference = max(end, interview.lastResponseAt ?? end)
                if let decisionBy = interview.decisionBy, decisionBy >= reference - 86_400 {
                    let decision = date(decisionBy)
                    let from = seconds(calendar.onBusinessDay(calendar.addingBusinessDays(config.checkInAfterDecisionMinBusinessDays, to: decision)))
                    let dueAt = seconds(calendar.onBusinessDay(calendar.addingBusinessDays(config.checkInAfterDecisionMaxBusinessDays, to: decision)))
                    add(.checkIn, dueAt: dueAt, showFrom: from,
                        reason: "they planned to decide by \(DueRules.dayText(decisionBy, calendar)); "
                            + "check in \(config.checkInAfterDecisionMinBusinessDays)–\(config.checkInAfterDecisionMaxBusinessDays) business days after")
                } else {
                    let dueAt = seconds(calendar.onBusinessDay(calendar.addingDays(config.checkInDefaultDays, to: date(reference))))
                    let since = interview.lastResponseAt == nil ? "the interview" : "their last reply"
                    // A decision date long past is not "no decision date": say which it is.
                    let known = interview.decisionBy.map { "the decision date \(DueRules.dayText($0, calendar)) has passed without news" }
                        ?? "no decision date given"
                    add(.checkIn, dueAt: dueAt, showFrom: dueAt - lead,
                        reason: "\(known); check in about \(config.checkInDefaultDays) days after \(since)")
                }
            }
        }

        // Ghosted: no reply long after the last check-in, suggested only once the check-ins are
        // at their cap. Before that the advice is to check in again, and both at once would
        // contradict each other ("persistent but not overbearing").
        if let lastCheckIn = interview.lastCheckInAt, interview.unansweredCheckIns >= config.maxUnansweredCheckIns {
            let dueAt = seconds(calendar.addingDays(config.ghostedDays, to: date(lastCheckIn)))
            add(.ghosted, dueAt: dueAt, showFrom: dueAt,
                reason: "no reply \(config.ghostedDays) days after your last check-in; "
                    + "consider 'followup log outcome \(interview.ref) ghosted'")
        }
        return items
    }

    /// `1 check-in`, `2 check-ins`.
    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    private func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
    private func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    /// `Fri 27 Nov` in the calendar's time zone (English, as every message is).
    static func dayText(_ seconds: Int64, _ calendar: BusinessCalendar) -> String {
        LocalTime.day(seconds, timeZone: calendar.timeZone)
    }
}
