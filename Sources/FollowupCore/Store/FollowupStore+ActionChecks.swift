import GRDB

extension FollowupStore {
    /// `ActionChecks.warnings` for an action about to be logged, against the same interview's
    /// actions of that type that still count.
    func actionWarnings(_ action: Action, occurred: Int64, to subject: String?, interview: InterviewState,
                        _ db: Database) throws -> [String] {
        guard action != .note, action != .outcome else { return [] }
        let earlier = try Row.fetchAll(db, sql: """
            SELECT id, occurred, subject FROM event
            WHERE interview = ? AND type = ?
              AND id NOT IN (SELECT detail FROM event WHERE interview = ? AND type = ? AND detail IS NOT NULL)
            """, arguments: [interview.id, action.eventType.rawValue, interview.id, EventType.eventRetracted.rawValue]
        ).map { ActionChecks.Logged(id: $0["id"], occurred: $0["occurred"], subject: $0["subject"]) }
        return ActionChecks.warnings(action, occurred: occurred, to: subject, earlier: earlier,
                                     config: try rulesConfig(db), timeZone: timeZone)
    }
}

extension FollowupStore {
    /// The points of an interview's `qualifications-sent` events that still count, oldest first
    /// (by when they were sent), for drafts to restate.
    func qualificationPoints(of interview: String, _ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT detail FROM event
            WHERE interview = ? AND type = ? AND detail IS NOT NULL
              AND id NOT IN (SELECT detail FROM event WHERE interview = ? AND type = ? AND detail IS NOT NULL)
            ORDER BY occurred, \(FollowupStore.canonicalOrder)
            """, arguments: [interview, EventType.qualificationsSent.rawValue, interview, EventType.eventRetracted.rawValue])
    }
}
