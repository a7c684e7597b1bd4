import FollowupCore

/// The `--json` forms of the domain values. Documented in docs/cli.md; fields are only ever added.
enum JSONRendering {
    static func time(_ seconds: Int64?) -> JSONValue {
        seconds.map { .string(UTCTime.format(seconds: $0)) } ?? .null
    }

    static func string(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    static func dueItem(_ item: DueItem) -> JSONValue {
        .object([
            "ref": .string(item.ref), "interview": .string(item.interviewID), "company": .string(item.company),
            "action": .string(item.action), "to": string(item.to), "rule": .string(item.rule.rawValue),
            "dueAt": time(item.dueAt), "showFrom": time(item.showFrom), "overdue": .bool(item.overdue),
            "optional": .bool(item.optional), "reason": .string(item.reason),
        ])
    }

    static func interview(_ state: InterviewState) -> JSONValue {
        .object([
            "id": .string(state.id), "ref": .string(state.ref), "company": .string(state.company),
            "role": .string(state.role), "startsAt": time(state.startsAt), "endsAt": time(state.endsAt),
            "durationMinutes": .int(Int64(state.durationMinutes)),
            "interviewers": .array(state.interviewers.map { person in
                .object(["name": .string(person.name), "email": string(person.email), "thankedAt": time(person.thankedAt)])
            }),
            "points": .array(state.points.map(JSONValue.string)), "decisionBy": time(state.decisionBy),
            "thankedAt": time(state.thankedAt), "handwrittenNoteAt": time(state.handwrittenNoteAt),
            "nextStepsAskedAt": time(state.nextStepsAskedAt), "qualificationsSent": .int(Int64(state.qualificationsSent)),
            "checkIns": .int(Int64(state.checkInCount)), "lastCheckInAt": time(state.lastCheckInAt),
            "unansweredCheckIns": .int(Int64(state.unansweredCheckIns)), "lastResponseAt": time(state.lastResponseAt),
            "outcome": string(state.outcome?.rawValue), "outcomeAt": time(state.outcomeAt),
            "events": .int(Int64(state.eventCount)),
            "application": .string(state.applicationRef ?? state.ref), "round": .int(Int64(state.round)),
            "rounds": .int(Int64(state.rounds)), "outcomeRound": string(state.outcomeRound),
        ])
    }

    static func summary(_ summary: InterviewSummary) -> JSONValue {
        guard case .object(var members) = interview(summary.state) else { return .null }
        members["state"] = .string(summary.status.rawValue)
        members["next"] = summary.next.map(dueItem) ?? .null
        return .object(members)
    }

    static func timelineEntry(_ entry: TimelineEntry) -> JSONValue {
        let event = entry.event
        return .object([
            "id": .string(event.id), "type": .string(event.type), "ref": string(entry.ref),
            "interview": string(event.interview), "occurred": time(event.occurred),
            "recorded": .string(UTCTime.format(milliseconds: event.recordedMs)), "clock": .int(event.clock),
            "device": .string(event.device), "deviceName": .string(entry.deviceName), "seq": .int(event.seq),
            "payload": .object(event.payload), "backdated": .bool(entry.backdated),
            "retractedBy": string(entry.retractedBy),
        ])
    }

    static func stats(_ stats: FollowUpStats) -> JSONValue {
        // Whole numbers only, like every other figure of the JSON contract: a share in percent,
        // a duration in hours; check-ins per interview is checkIns / ended.
        func rounded(_ value: Double?) -> JSONValue { value.map { .int(Int64($0.rounded())) } ?? .null }
        func figures(_ figures: FollowUpStats.Figures) -> JSONValue {
            .object([
                "interviews": .int(Int64(figures.interviews)), "applications": .int(Int64(figures.applications)),
                "ended": .int(Int64(figures.ended)),
                "thankYous": .int(Int64(figures.thankYous)), "thankYousOnTime": .int(Int64(figures.thankYousOnTime)),
                "onTimePercent": rounded(figures.onTimeShare.map { $0 * 100 }), "replied": .int(Int64(figures.replied)),
                "medianHoursToReply": rounded(figures.medianDaysToReply.map { $0 * 24 }), "checkIns": .int(Int64(figures.checkIns)),
                "outcomes": .object(Dictionary(uniqueKeysWithValues: FollowUpStats.outcomeKeys.map {
                    ($0, JSONValue.int(Int64(figures.outcomes[$0] ?? 0)))
                })),
            ])
        }
        return .object([
            "thankYouHours": .int(Int64(stats.thankYouHours)), "overall": figures(stats.overall),
            "companies": .array(stats.companies.map { company in
                guard case .object(var members) = figures(company.figures) else { return .null }
                members["company"] = .string(company.name)
                return .object(members)
            }),
        ])
    }
}
