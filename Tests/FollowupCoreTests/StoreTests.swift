import Foundation
import GRDB
import Testing
@testable import FollowupCore

@Suite("Event store on a real SQLite file")
struct StoreTests {
    let directory = Fixture.temporaryDirectory()
    let now = Fixture.afterInterview

    func interview(_ ref: String = "acme") -> InterviewInput {
        InterviewInput(ref: ref, company: "Acme", role: "Engineer",
                       startsAt: Date(timeIntervalSince1970: TimeInterval(Fixture.interviewStart)),
                       interviewers: [Interviewer(name: "Jane Doe", email: "jane@acme.example")], points: ["sync"])
    }

    func fileDigest(_ store: FollowupStore) throws -> [Data?] {
        ["", "-wal"].map { FileManager.default.contents(atPath: store.databasePath + $0) }
    }

    @Test("appends chain each device's events: sequence, previous hash, signature")
    func chain() throws {
        let store = try Fixture.store(in: directory, at: now)
        try store.addInterview(interview())
        try store.log(ActionInput(action: .thankYou, interview: "acme", to: "Jane"))
        var lines: [String] = []
        try store.forEachLine { lines.append($0) }
        let events = try lines.map { try Event(line: $0) }
        #expect(events.map(\.seq) == [1, 2, 3])
        #expect(events[0].prev.isEmpty)
        #expect(events[1].prev == Event.hash(ofLine: lines[0]))
        #expect(events[2].prev == Event.hash(ofLine: lines[1]))
        #expect(try store.verify().ok)
    }

    @Test("the hybrid clock never goes backwards, even when the wall clock does")
    func hybridClock() throws {
        let store = try Fixture.store(in: directory, at: now)
        try store.addInterview(interview())
        store.wallClock = { [now] in now.addingTimeInterval(-3600) }
        let logged = try store.log(ActionInput(action: .note, interview: "acme", occurredAt: now.addingTimeInterval(-7200), note: "x"))
        #expect(logged.event.recordedMs == Int64(now.timeIntervalSince1970 * 1000))
        #expect(logged.event.clock == 2)
    }

    @Test("the timeline marks an action logged twice within minutes as a duplicate of the first, unless it was retracted")
    func timelineMarksDuplicates() throws {
        // Given a thank-you logged twice five minutes apart, and a check-in logged twice with the repeat retracted
        let store = try Fixture.store(in: directory, at: now)
        try store.addInterview(interview())
        let sent = now.addingTimeInterval(-1800)
        let first = try store.log(ActionInput(action: .thankYou, interview: "acme", occurredAt: sent, to: "Jane")).event.id
        let again = try store.log(ActionInput(action: .thankYou, interview: "acme", occurredAt: sent.addingTimeInterval(300),
                                              to: "Jane")).event.id
        try store.log(ActionInput(action: .checkIn, interview: "acme", occurredAt: sent))
        let mistaken = try store.log(ActionInput(action: .checkIn, interview: "acme", occurredAt: sent.addingTimeInterval(60))).event.id
        try store.retract(mistaken, reason: "logged twice")
        // When the timeline is read
        let entries = try store.timeline()
        // Then only the unretracted repeat points at the event it repeats
        let marked = entries.filter { $0.duplicateOf != nil }
        #expect(marked.map(\.event.id) == [again])
        #expect(marked.first?.duplicateOf == first)
    }

    @Test("events cannot be updated or deleted, even with SQL")
    func immutable() throws {
        let store = try Fixture.store(in: directory, at: now)
        let database = try DatabaseQueue(path: store.databasePath)
        #expect(throws: DatabaseError.self) { try database.write { try $0.execute(sql: "UPDATE event SET seq = 9") } }
        #expect(throws: DatabaseError.self) { try database.write { try $0.execute(sql: "DELETE FROM event") } }
        #expect(try store.eventCount == 1)
    }

    @Test("a tampered event is named by verify")
    func tamperDetected() throws {
        let store = try Fixture.store(in: directory, at: now)
        let logged = try store.addInterview(interview())
        try store.log(ActionInput(action: .thankYou, interview: "acme"))
        let database = try DatabaseQueue(path: store.databasePath)
        try database.write { db in
            try db.execute(sql: "DROP TRIGGER event_is_append_only_update")
            try db.execute(sql: "UPDATE event SET line = replace(line, 'Acme', 'Evil') WHERE id = ?", arguments: [logged.event.id])
        }
        let report = try store.verify()
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.eventID == logged.event.id)
        #expect(report.problems.first?.message.contains("hash") == true)
    }

    @Test("an event rewritten together with its stored hash is caught by its signature")
    func forgedEventDetected() throws {
        let store = try Fixture.store(in: directory, at: now)
        let logged = try store.addInterview(interview())
        try store.log(ActionInput(action: .thankYou, interview: "acme"))
        var forged = logged.event
        forged.payload["company"] = .string("Evil")  // the old signature no longer covers it
        let line = forged.line
        let database = try DatabaseQueue(path: store.databasePath)
        try database.write { db in
            try db.execute(sql: "DROP TRIGGER event_is_append_only_update")
            try db.execute(sql: "UPDATE event SET line = ?, hash = ? WHERE id = ?",
                           arguments: [line, Event.hash(ofLine: line), forged.id])
        }
        let report = try store.verify()
        #expect(report.problems.map(\.eventID) == [forged.id])
        #expect(report.problems.first?.message == "the signature is not valid")
    }

    @Test("replay rebuilds the same state, and repairs a damaged projection")
    func replay() throws {
        let store = try Fixture.store(in: directory, at: now)
        try store.addInterview(interview())
        try store.log(ActionInput(action: .checkIn, interview: "acme"))
        #expect(try store.replay().differences.isEmpty)
        let database = try DatabaseQueue(path: store.databasePath)
        try database.write { try $0.execute(sql: "UPDATE interview SET check_in_count = 7") }
        #expect(try store.replay().differences == ["acme"])
        #expect(try store.replay(repair: true).repaired)
        #expect(try store.interview("acme").checkInCount == 1)
        #expect(try store.replay().differences.isEmpty)
    }

    @Test("replay as of a moment shows what had been recorded by then")
    func replayAsOf() throws {
        let store = try Fixture.store(in: directory, at: now)
        try store.addInterview(interview())
        store.wallClock = { [now] in now.addingTimeInterval(3600) }
        try store.log(ActionInput(action: .checkIn, interview: "acme"))
        let before = try store.replay(asOf: now.addingTimeInterval(60))
        #expect(before.interviews.first?.checkInCount == 0)
        #expect(try store.replay(asOf: now.addingTimeInterval(7200)).interviews.first?.checkInCount == 1)
    }

    @Test("replay tells where each interview stands at the moment replayed, and fails only while a difference is left")
    func replayVerdict() throws {
        // Given an interview tomorrow, replayed as of now while the wall clock is three days on
        let store = try Fixture.store(in: directory, at: now)
        try store.addInterview(InterviewInput(ref: "acme", company: "Acme", role: "Engineer", startsAt: now.addingTimeInterval(86_400)))
        store.wallClock = { [now] in now.addingTimeInterval(3 * 86_400) }
        // Then as of now it is upcoming, and a past moment is not compared with the live state
        let asOf = try store.replay(asOf: now.addingTimeInterval(60))
        #expect(asOf.statuses == [.upcoming])
        #expect(asOf.matchesLive == nil && !asOf.leftDiffering)
        // And replayed at the wall clock's moment it is over and active, matching the live state
        let current = try store.replay()
        #expect(current.statuses == [.active])
        #expect(current.matchesLive == true && !current.leftDiffering)
        // When the live state is damaged, Then replay fails until it is repaired
        let database = try DatabaseQueue(path: store.databasePath)
        try database.write { try $0.execute(sql: "UPDATE interview SET check_in_count = 7") }
        let damaged = try store.replay()
        #expect(damaged.matchesLive == false && damaged.leftDiffering)
        let repaired = try store.replay(repair: true)
        #expect(repaired.matchesLive == false && repaired.repaired && !repaired.leftDiffering)
        #expect(try store.replay().matchesLive == true)
    }

    @Test("an interview's detail is its state at the moment and everything still open for it, most urgent first")
    func interviewDetail() throws {
        // Given an interview that ended an hour ago, thanked to no one yet
        let store = try Fixture.store(in: directory, at: now)
        try store.addInterview(interview())
        // When it is shown by a prefix of its ref
        let detail = try store.interviewDetail(ref: "ac", now: now, timeZone: Fixture.berlin)
        // Then it is active, the thank-you to its interviewer is open, and the most urgent item is first
        #expect(detail.summary.state.ref == "acme" && detail.summary.status == .active)
        #expect(detail.pending.contains { $0.rule == .thankYou && $0.to == "Jane Doe" })
        #expect(detail.pending == detail.pending.sorted(by: DueRules.moreUrgent))
        #expect(detail.summary.next == detail.pending.first)
        #expect(throws: StoreError.unknownInterview("nope")) { try store.interviewDetail(ref: "nope", now: now) }
    }

    @Test("bad input is refused with a clear message and leaves the store as it was")
    func refusals() throws {
        let store = try Fixture.store(in: directory, at: now)
        try store.addInterview(interview())
        let before = try fileDigest(store)
        let cases: [(() throws -> Any, String)] = [
            ({ try store.addInterview(interview()) }, "exists already"),
            ({ try store.addInterview(InterviewInput(ref: "x", company: "  ", role: "r", startsAt: now)) }, "company must not be empty"),
            ({ try store.addInterview(InterviewInput(ref: "Bad Ref", company: "c", role: "r", startsAt: now)) }, "not a valid ref"),
            ({ try store.log(ActionInput(action: .thankYou, interview: "nope")) }, "no interview 'nope'"),
            ({ try store.log(ActionInput(action: .thankYou, interview: "acme", occurredAt: now.addingTimeInterval(86_400))) }, "in the future"),
            ({ try store.log(ActionInput(action: .qualifications, interview: "acme")) }, "point is required"),
            ({ try store.retract("deadbeef", reason: nil) }, "no event 'deadbeef'"),
            ({ try store.setConfig("ghosted.days", "soon") }, "not a valid value"),
        ]
        for (operation, message) in cases {
            do {
                _ = try operation()
                Issue.record("expected a refusal mentioning \(message)")
            } catch {
                #expect("\(error)".contains(message))
            }
        }
        #expect(try fileDigest(store) == before)
    }

    @Test("a thank-you to someone who was not an interviewer is logged with a warning")
    func strangerWarning() throws {
        let store = try Fixture.store(in: directory, at: now)
        try store.addInterview(interview())
        let logged = try store.log(ActionInput(action: .thankYou, interview: "ac", to: "Carol"))
        #expect(logged.warnings.first?.contains("not an interviewer") == true)
        #expect(try store.eventCount == 3)
    }

    @Test("a retraction cannot be retracted, and an event is retracted only once")
    func retractRules() throws {
        let store = try Fixture.store(in: directory, at: now)
        try store.addInterview(interview())
        let thanks = try store.log(ActionInput(action: .thankYou, interview: "acme"))
        let retraction = try store.retract(String(thanks.event.id.prefix(8)), reason: "wrong")
        let before = try fileDigest(store)
        #expect(throws: StoreError.cannotRetract(retraction.event.id, reason: "it is a retraction; log the action again instead")) {
            try store.retract(retraction.event.id, reason: nil)
        }
        #expect(throws: StoreError.cannotRetract(thanks.event.id, reason: "it was already retracted by \(retraction.event.id)")) {
            try store.retract(thanks.event.id, reason: nil)
        }
        #expect(try fileDigest(store) == before)
        #expect(try store.interview("acme").interviewers[0].thankedAt == nil)
    }

    @Test("a directory without a store, a damaged file and a newer schema are refused")
    func openRefusals() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        #expect(throws: StoreError.notAStore(path: directory.path)) { try FollowupStore.open(at: directory) }

        let store = try Fixture.store("laptop", in: directory.appendingPathComponent("a"), at: now)
        let path = store.databasePath
        let database = try DatabaseQueue(path: path)
        try database.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('9999_from_the_future')") }
        try database.close()
        do {
            _ = try FollowupStore.open(at: store.directory)
            Issue.record("a newer store was opened")
        } catch let error as StoreError {
            #expect(error.description.contains("newer followup"))
        }

        let damaged = directory.appendingPathComponent("b")
        _ = try Fixture.store("laptop", in: damaged, at: now)
        try Data(repeating: 0x41, count: 8192).write(to: damaged.appendingPathComponent(FollowupStore.databaseName))
        try? FileManager.default.removeItem(atPath: damaged.appendingPathComponent(FollowupStore.databaseName).path + "-wal")
        do {
            _ = try FollowupStore.open(at: damaged)
            Issue.record("a damaged store was opened")
        } catch let error as StoreError {
            #expect(error.description.contains("damaged"))
        }
    }

    @Test("init refuses a directory that already holds a store and changes nothing")
    func initTwice() throws {
        let store = try Fixture.store(in: directory, at: now)
        let before = try fileDigest(store)
        #expect(throws: StoreError.alreadyAStore(path: directory.path)) { try FollowupStore.create(at: directory, deviceName: "x") }
        #expect(try fileDigest(store) == before)
    }

    @Test("the device key is private to the user")
    func keyPermissions() throws {
        let store = try Fixture.store(in: directory, at: now)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.directory.appendingPathComponent(FollowupStore.keyName).path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test("several writers at once all succeed with distinct sequence numbers")
    func concurrentWriters() async throws {
        let store = try Fixture.store(in: directory, at: now)
        try store.addInterview(interview())
        let writers = 6, perWriter = 10
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<writers {
                group.addTask {
                    let own = try FollowupStore.open(at: store.directory)  // its own connection
                    for _ in 0..<perWriter { try own.log(ActionInput(action: .note, interview: "acme", note: "n")) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try store.eventCount == 2 + writers * perWriter)
        #expect(try store.verify().ok)
    }

    @Test("two stores holding the same events export byte-identical logs, whatever the arrival order")
    func convergentExport() throws {
        let laptop = try Fixture.store("laptop", in: directory.appendingPathComponent("laptop"), at: now)
        let desktop = try Fixture.store("desktop", in: directory.appendingPathComponent("desktop"), at: now)
        try laptop.addInterview(interview())
        try desktop.addInterview(interview("globex"))
        try laptop.log(ActionInput(action: .thankYou, interview: "acme"))
        try desktop.log(ActionInput(action: .checkIn, interview: "globex"))
        func lines(_ store: FollowupStore) throws -> [String] {
            var lines: [String] = []
            try store.forEachLine { lines.append($0) }
            return lines
        }
        let fromLaptop = try lines(laptop), fromDesktop = try lines(desktop)
        let intoDesktop = try desktop.importLines(fromLaptop.reversed())
        #expect(intoDesktop.imported == 3 && intoDesktop.rejected.isEmpty)
        #expect(try laptop.importLines(fromDesktop).imported == 3)
        #expect(try desktop.importLines(fromLaptop).alreadyPresent == 3)
        #expect(try lines(laptop) == lines(desktop))
        #expect(try laptop.interviews() == desktop.interviews())
        #expect(try laptop.verify().ok && desktop.verify().ok)
    }

    @Test("a batch is vouched for by its newest signature; a tampered line in the middle, or a bad newest signature, is still found and named",
          arguments: ["none", "middle", "newest"])
    func importVouchedByNewest(tampered: String) throws {
        let laptop = try Fixture.store("laptop", in: directory.appendingPathComponent("laptop-\(tampered)"), at: now)
        let desktop = try Fixture.store("desktop", in: directory.appendingPathComponent("desktop-\(tampered)"), at: now)
        try laptop.addInterview(interview())
        for index in 0..<30 { try laptop.log(ActionInput(action: .note, interview: "acme", note: "note \(index)")) }
        var lines: [String] = []
        try laptop.forEachLine { lines.append($0) }
        let victim = tampered == "middle" ? 15 : lines.count - 1
        var forged = try Event(line: lines[victim])
        if tampered != "none" {
            forged.payload["note"] = .string("Mallory was here")
            lines[victim] = forged.line
        }
        let report = try desktop.importLines(lines.shuffled())
        switch tampered {
        case "none":
            #expect(report.imported == lines.count && report.rejected.isEmpty)
        case "middle":
            // Those below it come in; it is refused for its signature; those above it no longer chain.
            #expect(report.imported == victim)
            #expect(report.rejected.first { $0.eventID == forged.id }?.reason.contains("signature") == true)
            #expect(report.rejected.count == lines.count - victim)
        default:
            #expect(report.imported == lines.count - 1)
            #expect(report.rejected.map(\.eventID) == [forged.id])
            #expect(report.rejected.first?.reason.contains("signature") == true)
        }
        #expect(try desktop.verify().ok)
    }

    @Test("imported events with a forged signature or a broken chain are refused; good ones still come in")
    func importChecks() throws {
        let laptop = try Fixture.store("laptop", in: directory.appendingPathComponent("laptop"), at: now)
        let desktop = try Fixture.store("desktop", in: directory.appendingPathComponent("desktop"), at: now)
        try laptop.addInterview(interview())
        try laptop.log(ActionInput(action: .thankYou, interview: "acme"))
        var lines: [String] = []
        try laptop.forEachLine { lines.append($0) }
        var forged = try Event(line: lines[2])
        forged.payload["to"] = .string("Mallory")
        let report = try desktop.importLines([lines[0], lines[1], forged.line, "{not json"])
        #expect(report.imported == 2)
        #expect(report.rejected.count == 2)
        #expect(report.rejected.contains { $0.eventID == forged.id && $0.reason.contains("signature") })
        #expect(try desktop.verify().ok)
    }

    @Test("an event type read from SQLite's buffer is the type of that name, and none for a name this version does not know")
    func eventTypeFromColumn() throws {
        let names = EventType.allCases.map(\.rawValue) + ["interview-archived", "config-se", "config-sets", "Config-Set", ""]
        try DatabaseQueue().read { db in
            let statement = try db.makeStatement(sql: "SELECT ?")
            for name in names {
                let cursor = try Row.fetchCursor(statement, arguments: [name])
                _ = try cursor.next()
                #expect(EventType(column: 0, of: statement) == EventType(rawValue: name), "\(name)")
            }
            _ = try Row.fetchCursor(statement, arguments: [nil]).next()
            #expect(EventType(column: 0, of: statement) == nil)
        }
    }
}

@Suite("What followup sync reads before it starts ssh")
struct SyncOutlookTests {
    let directory = Fixture.temporaryDirectory()

    /// A store after its interview, with the remote `origin` at an ssh alias.
    func storeWithOrigin() throws -> FollowupStore {
        let store = try Fixture.store(in: directory, at: Fixture.afterInterview)
        _ = try store.addRemote("origin", url: "mynas:/srv/log.git")
        return store
    }

    @Test("the remote's URL and whether the device has events beyond a sequence number; nil for an unknown remote or no store")
    func outlook() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try storeWithOrigin()
        let head = try #require(try store.deviceHeads()[store.deviceID])
        let read = { (remote: String, device: String, seq: Int64) in
            FollowupStore.syncOutlook(directory: store.directory, remote: remote, device: device, after: seq)
        }
        #expect(read("origin", store.deviceID, head - 1).map { [$0.url, "\($0.waiting)"] } == ["mynas:/srv/log.git", "true"])
        #expect(read("origin", store.deviceID, head).map { [$0.url, "\($0.waiting)"] } == ["mynas:/srv/log.git", "false"])
        #expect(read("origin", "0000000000000000", 0).map(\.waiting) == false)
        #expect(read("upstream", store.deviceID, 0) == nil)
        #expect(FollowupStore.syncOutlook(directory: directory.appendingPathComponent("none"), remote: "origin",
                                          device: store.deviceID, after: 0) == nil)
    }

    @Test("the ssh connection plan lives in the store directory, one per remote, and goes with its remote")
    func planFile() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try storeWithOrigin()
        let plan = FollowupStore.sshConnectionPlanURL(in: store.directory, remote: "origin")
        #expect(plan.path == store.directory.path + "/sync-ssh-origin.json")
        try Data("plan".utf8).write(to: plan)
        try store.removeRemote("origin")
        #expect(!FileManager.default.fileExists(atPath: plan.path))
    }

    @Test("it reads a store no one has open (SQLite's WAL files removed at the last close)")
    func closedStore() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        var store: FollowupStore? = try storeWithOrigin()
        let location = try #require(store?.directory), device = try #require(store?.deviceID)
        store = nil
        #expect(!FileManager.default.fileExists(atPath: location.appendingPathComponent("followup.sqlite-wal").path))
        let read = FollowupStore.syncOutlook(directory: location, remote: "origin", device: device, after: 0)
        #expect(read?.url == "mynas:/srv/log.git" && read?.waiting == true)
    }
}

@Suite("Finding an event by a prefix of its id")
struct EventPrefixTests {
    let directory = Fixture.temporaryDirectory()

    @Test("a prefix of 4 or more characters finds its event, in either case; a prefix no id has is refused, whatever ids sort around it")
    func prefixes() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Fixture.store(in: directory, at: Fixture.afterInterview)
        try store.addInterview(InterviewInput(ref: "acme", company: "Acme", role: "Engineer",
                                              startsAt: Date(timeIntervalSince1970: TimeInterval(Fixture.interviewStart))))
        var ids: [String] = []
        for note in 0..<40 {
            ids.append(try store.log(ActionInput(action: .note, interview: "acme", note: "note \(note)")).event.id)
        }
        let target = ids[17]
        for text in [target, String(target.prefix(8)), String(target.prefix(13)).uppercased(), " \(target.prefix(6)) "] {
            #expect(try store.read { db in try store.resolveEvent(text, db).id } == target, "\(text)")
        }
        // Just past the target in sort order, and a prefix made of the characters ids never hold.
        let missing = [String(target.prefix(7)) + "~", "zzzz", "0000-"]
        for text in missing where !ids.contains(where: { $0.hasPrefix(text) }) {
            #expect(throws: StoreError.unknownEvent(text)) { try store.read { db in try store.resolveEvent(text, db) } }
        }
    }
}
