import Foundation
import GRDB

/// One event as the timeline shows it.
public struct TimelineEntry: Sendable {
    public var event: Event
    public var deviceName: String
    public var ref: String?
    /// The retraction that cancelled this event, if any.
    public var retractedBy: String?
    /// Recorded noticeably later than it happened (the threshold is configurable).
    public var backdated: Bool
    /// The earlier event this one repeats (the same action logged twice, `ActionChecks`).
    public var duplicateOf: String?

    /// What the event says.
    public var summary: EventSummary { EventSummary(event) }
}

/// The outcome of rebuilding the projection from the log.
public struct ReplayReport: Sendable {
    public var eventsReplayed: Int
    public var interviews: [InterviewState]
    /// Where each of `interviews` stands at the moment replayed (`asOf`, else when it ran).
    public var statuses: [InterviewStatus] = []
    public var config: RulesConfig
    /// Refs whose live projected state differs from the rebuilt one (empty when they agree).
    public var differences: [String]
    /// Whether the live projection was replaced by the rebuilt one.
    public var repaired: Bool
    public var asOf: Int64?
    /// How long rebuilding (and comparing, and repairing) took.
    public var milliseconds = 0

    /// Whether the live state agrees with the log; nil for a replay as of a past moment,
    /// which is not compared.
    public var matchesLive: Bool? { asOf == nil ? differences.isEmpty : nil }

    /// The live state differs from the log and was not repaired: the replay failed.
    public var leftDiffering: Bool { asOf == nil && !differences.isEmpty && !repaired }
}

/// One problem `verify` found.
public struct IntegrityProblem: Sendable, Equatable {
    public var device: String
    public var seq: Int64
    public var eventID: String
    public var message: String
}

public struct VerifyReport: Sendable {
    public var eventsChecked: Int
    public var devices: Int
    /// The first problem of each device whose chain is broken.
    public var problems: [IntegrityProblem]
    public var ok: Bool { problems.isEmpty }
}

extension FollowupStore {
    // MARK: Timeline

    /// Every event (of one interview, or all), in canonical order, as known at `asOf`.
    public func timeline(ref: String? = nil, asOf: Date? = nil) throws -> [TimelineEntry] {
        try read { db in
            let config = try rulesConfig(db)
            let devices = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, name FROM device").map { ($0[0], $0[1]) as (String, String) })
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let ref {
                conditions.append("interview = ?")
                arguments += [try resolveInterview(ref, db).id]
            }
            if let asOf {
                conditions.append("recorded_ms <= ?")
                arguments += [Int64(asOf.timeIntervalSince1970 * 1000)]
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let lines = try String.fetchAll(db, sql: "SELECT line FROM event \(whereClause) ORDER BY \(FollowupStore.canonicalOrder)",
                                            arguments: arguments)
            let events = try lines.map { line in
                do { return try Event(line: line) } catch {
                    throw StoreError.corrupt(path: databasePath, detail: "an event is unreadable (\(error)); run 'followup verify'")
                }
            }
            var refs: [String: String] = [:]
            var retractions: [String: String] = [:]
            for event in events {
                if event.knownType == .interviewAdded, let ref = event.payloadString("ref") { refs[event.id] = ref }
                if event.knownType == .eventRetracted, let target = event.payloadString("target") { retractions[target] = event.id }
            }
            if ref == nil || refs.isEmpty {
                // Refs of interviews whose adding falls outside the filter.
                for row in try Row.fetchAll(db, sql: "SELECT id, ref FROM interview") where refs[row[0]] == nil {
                    refs[row[0]] = row[1]
                }
            }
            let threshold = Int64(config.backdatedMinutes) * 60
            let repeats = ActionChecks.duplicates(in: events, retracted: Set(retractions.keys))
            return events.map { event in
                let actionLike = event.knownType.map { Action(eventType: $0) != nil } ?? false
                return TimelineEntry(event: event, deviceName: devices[event.device] ?? event.device,
                                     ref: event.interview.flatMap { refs[$0] }, retractedBy: retractions[event.id],
                                     backdated: actionLike && event.recordedMs / 1000 - event.occurred > threshold,
                                     duplicateOf: repeats[event.id])
            }
        }
    }

    // MARK: Replay

    /// Rebuilds the projection from the log. With `asOf`, only events recorded by then count
    /// and the live projection is not compared. With `repair`, a differing projection is replaced.
    public func replay(asOf: Date? = nil, repair: Bool = false) throws -> ReplayReport {
        let asOfMs = asOf.map { Int64($0.timeIntervalSince1970 * 1000) }
        let body = { (db: Database) throws -> ReplayReport in
            let recordedByThen = asOfMs.map { "recorded_ms <= \($0)" }
            let (rebuilt, folded) = try self.foldInterviews(db, counting: recordedByThen)
            let unattached = (["interview IS NULL"] + [recordedByThen].compactMap { $0 }).joined(separator: " AND ")
            let count = try folded + (Int.fetchOne(db, sql: "SELECT count(*) FROM event WHERE \(unattached)") ?? 0)

            let config = try self.configFromLog(db, counting: recordedByThen).config
            var report = ReplayReport(eventsReplayed: count, interviews: rebuilt, config: config, differences: [],
                                      repaired: false, asOf: asOfMs.map { $0 / 1000 })
            guard asOfMs == nil else { return report }

            let live = try self.loadInterviews(db)
            let liveByID = Dictionary(uniqueKeysWithValues: live.map { ($0.id, $0) })
            let rebuiltByID = Dictionary(uniqueKeysWithValues: rebuilt.map { ($0.id, $0) })
            for id in Set(liveByID.keys).union(rebuiltByID.keys).sorted() where liveByID[id] != rebuiltByID[id] {
                report.differences.append(liveByID[id]?.ref ?? rebuiltByID[id]?.ref ?? id)
            }
            if try self.rulesConfig(db) != config { report.differences.append("(configuration)") }
            if try self.keptDueItemsDiffer(from: rebuilt, config: config, db) { report.differences.append("(due items)") }
            if repair, !report.differences.isEmpty {
                try db.execute(sql: "DELETE FROM interviewer; DELETE FROM interview;")
                for state in rebuilt { try self.save(state, id: state.id, db) }
                try self.projectConfig(db)
                try self.refreshDueItems(db, saved: [], all: true)
                report.repaired = true
            }
            return report
        }
        let started = ContinuousClock.now
        var report = repair ? try write(body) : try read(body)
        report.milliseconds = Int((ContinuousClock.now - started) / .milliseconds(1))
        let moment = Int64((asOf ?? wallClock()).timeIntervalSince1970)
        report.statuses = report.interviews.map { $0.status(now: moment, config: report.config) }
        return report
    }

    /// Whether the kept due items disagree with what the rules make of `interviews` under
    /// `config`. Items made in another time zone are not compared: no read uses them here, and
    /// the next write in this zone makes them again.
    func keptDueItemsDiffer(from interviews: [InterviewState], config: RulesConfig, _ db: Database) throws -> Bool {
        guard try dueItemsKept(for: timeZone, db) else { return false }
        let rules = DueRules(config: config, calendar: BusinessCalendar(timeZone: timeZone))
        typealias Kept = (item: DueItem, endsAt: Int64, next: Bool)
        var kept: [Kept] = []
        try forEachKeptCandidate(db) { kept.append(($0, $1, $2)) }
        var expected: [Kept] = []
        for state in interviews {
            let candidates = rules.candidates(for: state)
            let next = DueRules.nextCandidate(candidates)
            expected += candidates.map { ($0, state.endsAt, $0 == next) }
        }
        // The urgency order is total, so both lists sort alike whatever order they came in.
        let ordered = { (list: [Kept]) in list.sorted { DueRules.moreUrgent($0.item, $1.item) } }
        return !ordered(kept).elementsEqual(ordered(expected)) { $0.item == $1.item && $0.endsAt == $1.endsAt && $0.next == $1.next }
    }

    // MARK: Verify

    /// Checks every device's chain: canonical lines, hashes, sequence numbers, links, signatures.
    public func verify() throws -> VerifyReport {
        try read { db in
            var report = VerifyReport(eventsChecked: 0, devices: 0, problems: [])
            var chain: DeviceChain?
            var broken = false
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT id, device, seq, recorded_ms, clock, occurred, type, interview, subject, decision_by, detail, hash, line
                FROM event ORDER BY device, seq
                """)
            while let row = try cursor.next() {
                let rowDevice: String = row["device"], seq: Int64 = row["seq"], id: String = row["id"]
                if rowDevice != chain?.device {
                    chain = DeviceChain(device: rowDevice)
                    report.devices += 1
                    broken = false
                }
                report.eventsChecked += 1
                guard !broken else { continue }
                func fail(_ message: String) {
                    report.problems.append(IntegrityProblem(device: rowDevice, seq: seq, eventID: id, message: message))
                    broken = true
                }
                let line: String = row["line"]
                let event: Event
                do { event = try Event(line: line) } catch { fail("unreadable: \(error)"); continue }
                guard event.id == id, event.device == rowDevice, event.seq == seq, event.recordedMs == row["recorded_ms"],
                      event.clock == row["clock"], event.occurred == row["occurred"], event.type == row["type"],
                      event.interview == row["interview"] else {
                    fail("its indexed columns do not match its signed line"); continue
                }
                let fact = ProjectionFact(event)
                guard fact.subject == row["subject"], fact.decisionBy == row["decision_by"], fact.detail == row["detail"] else {
                    fail("its indexed columns do not match its signed line"); continue
                }
                let hash: String = row["hash"]
                guard Event.hash(ofLine: line) == hash else { fail("its stored hash does not match its content"); continue }
                switch chain!.check(event, signedBy: { key in
                    DeviceKey.verify(event, publicKey: key, unsignedLine: Event.unsignedLine(ofSigned: line))
                }) {
                case .breaks(let reason): fail(reason)
                case .follows(let key): chain!.append(event, hash: hash, key: key)
                }
            }
            return report
        }
    }
}
