import FollowupCore
import Foundation
import GitKit
import GitTestSupport
import Testing
import TestSupport
@testable import FollowupSync

@Suite("Sync through real git remotes", .serialized)
struct SyncTests {
    init() { _ = TestEnvironment.shared }

    @Test("two machines that logged offline converge to byte-identical logs through a bare repository")
    func twoReplicasConverge() throws {
        let (_, _, laptop, desktop) = try twoMachines("sync")
        try laptop.addInterview("acme")
        try desktop.addInterview("globex")
        let first = try laptop.sync()
        #expect(first.sent == 2 && first.receivedTotal == 0 && first.pushed)
        let second = try desktop.sync()
        #expect(second.sent == 2 && second.receivedTotal == 2)
        try laptop.sync()
        #expect(try laptop.export() == desktop.export())
        #expect(try laptop.store.interviews() == desktop.store.interviews())
        // A sync with nothing new changes nothing.
        let idle = try laptop.sync()
        #expect(idle.sent == 0 && idle.receivedTotal == 0 && !idle.pushed)
    }

    @Test("any interleaving of actions and syncs among three replicas converges", arguments: 0..<12)
    func randomInterleavings(seed: Int) throws {
        let directory = try TemporaryDirectory("prop")
        let url = try bareRepository(in: directory)
        let replicas = try ["a", "b", "c"].map { try Replica($0, in: directory, remoteURL: url) }
        var random = SplitMix(seed: UInt64(seed) &+ 0x9E37_79B9_7F4A_7C15)  // the sequences these seeds always gave
        var refs: [[String]] = [[], [], []]
        for step in 0..<30 {
            let index = Int(random.next() % 3)
            let replica = replicas[index]
            switch random.next() % 4 {
            case 0:
                let ref = "i\(index)-\(step)"
                try replica.addInterview(ref)
                refs[index].append(ref)
            case 1, 2:
                let known = try replica.store.interviews().map(\.ref)
                if let ref = known.randomElement(using: &random) {
                    try replica.log([.thankYou, .checkIn, .response, .note][Int(random.next() % 4)], ref)
                }
            default:
                try replica.sync()
            }
        }
        // Two rounds bring everyone everything.
        for _ in 0..<2 { for replica in replicas { try replica.sync() } }
        let exports = try replicas.map { try $0.export() }
        #expect(Set(exports).count == 1, "seed \(seed)")
        #expect(try replicas.map { try $0.store.interviews() }.allSatisfy { $0 == (try replicas[0].store.interviews()) })
        for replica in replicas { #expect(try replica.store.verify().ok) }
    }

    @Test("a tampered event on the remote is refused and named; good events still come in; nothing local changes")
    func tamperedEvent() throws {
        let (directory, url, laptop, desktop) = try twoMachines("tamper")
        try laptop.addInterview("acme")
        try laptop.log(.thankYou, "acme")
        try laptop.sync()
        // Someone with write access to the remote edits the thank-you's recipient.
        try editRemote(url, in: directory) { work in
            let segment = try #require(try FileManager.default.subpathsOfDirectory(atPath: work + "/log").first { $0.hasSuffix(".jsonl") })
            let file = work + "/log/" + segment
            let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "\"to\":\"Jane\"", with: "\"to\":\"Mallory\"")
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }

        try desktop.addInterview("globex")
        let report = try desktop.sync()
        #expect(report.rejected.count == 1)
        #expect(report.rejected.first?.seq == 3)
        #expect(report.rejected.first?.reason.contains("signature") == true)
        #expect(report.received.values.reduce(0, +) == 2)  // device registration and the interview
        #expect(try desktop.store.verify().ok)
        #expect(!(try desktop.export().contains("Mallory")))
    }

    @Test("a remote whose history was rewritten is detected and the lost events are pushed again")
    func rewrittenRemote() throws {
        let directory = try TemporaryDirectory("rewrite")
        let url = try bareRepository(in: directory)
        let laptop = try Replica("laptop", in: directory, remoteURL: url)
        try laptop.addInterview("acme")
        try laptop.sync()
        let firstPush = try #require(try Repository(openingBareAt: url).reference(Syncer.branch))
        try laptop.log(.thankYou, "acme")
        try laptop.sync()
        // The remote is reset to its first state, dropping the thank-you.
        _ = try Shell.git(url, "update-ref", "refs/heads/followup", firstPush.hex)
        try laptop.log(.note, "acme")
        let report = try laptop.sync()
        #expect(report.remoteRewritten)
        let fresh = try Replica("fresh", in: directory, remoteURL: url)
        try fresh.sync()
        #expect(try fresh.store.eventCount == 1 + 4)
        #expect(try fresh.export().contains(laptop.export()))
    }

    /// A laptop that synced one interview, and a copy of its store directory: one device, two machines.
    func copiedStore(_ name: String) throws -> (url: String, laptop: Replica, copy: FollowupStore) {
        let directory = try TemporaryDirectory(name)
        let url = try bareRepository(in: directory)
        let laptop = try Replica("laptop", in: directory, remoteURL: url)
        try laptop.addInterview("acme")
        try laptop.sync()
        let copyPath = directory.path + "/copy"
        _ = try Shell.run(["cp", "-a", laptop.store.directory.path, copyPath])
        return (url, laptop, try FollowupStore.open(at: URL(fileURLWithPath: copyPath)))
    }

    @Test("a copied store that diverges is reported as a fork and both histories are kept")
    func fork() throws {
        let (url, laptop, copy) = try copiedStore("fork")
        try laptop.log(.thankYou, "acme")
        try copy.log(ActionInput(action: .checkIn, interview: "acme"))
        try laptop.sync()
        let report = try Syncer(store: copy, remote: try copy.remote("origin"), credentials: []).sync()
        #expect(report.forks == [laptop.store.deviceID])
        #expect(try copy.eventCount == 3)  // its own check-in is kept, the laptop's thank-you is not imported
        #expect(try copy.interview("acme").checkInCount == 1)
        let tree = try Shell.git(url, "ls-tree", "-r", "--name-only", "followup")
        #expect(tree.contains("forks/\(laptop.store.deviceID)/"))
    }

    @Test("two copies of one store that keep writing and syncing lose nothing: each history stays on the remote")
    func copiesKeepWriting() throws {
        let (url, laptop, copy) = try copiedStore("copies")
        var ids: [String] = []
        for round in 0..<4 {
            ids.append(try laptop.store.log(ActionInput(action: .note, interview: "acme", note: "laptop \(round)")).event.id)
            ids.append(try copy.log(ActionInput(action: .note, interview: "acme", note: "copy \(round)")).event.id)
            let first = try laptop.sync()
            let second = try Syncer(store: copy, remote: try copy.remote("origin"), credentials: []).sync()
            #expect(round == 0 || first.forks == [laptop.store.deviceID], "round \(round)")
            #expect(second.forks == [laptop.store.deviceID], "round \(round)")
        }
        // Every event either copy logged is somewhere on the remote's branch: in log/ or kept under forks/.
        let everything = try Shell.git(url, "grep", "-h", "-o", "\"id\":\"[0-9a-f-]*\"", "followup", "--", "log", "forks")
        for id in ids { #expect(everything.contains(id), "\(id) is on the remote") }
    }

    @Test("histories crossing segment boundaries sync in steps and arrive whole")
    func boundaries() throws {
        let (_, url, laptop, desktop) = try twoMachines("boundaries")
        let interview = try laptop.addInterview("acme")
        func notes(_ count: Int) throws {
            try laptop.store.appendBulk((0..<count).map { index in
                EventDraft(type: .noteAdded, interview: interview.id, occurred: interview.occurred + Int64(index),
                           payload: ["note": .string("note \(index)")])
            })
        }
        try notes(125)  // seq 128 ends the first segment exactly
        try laptop.sync()
        try notes(1)
        try laptop.sync()
        try desktop.sync()
        try notes(300)  // several more segments in one sync
        #expect(try laptop.sync().sent == 300)
        let received = try desktop.sync()
        #expect(received.rejected.isEmpty && received.receivedTotal == 300)
        try laptop.sync()
        #expect(try laptop.export() == desktop.export())
        let paths = try Shell.git(url, "ls-tree", "-r", "--name-only", "followup")
        #expect(paths.contains(LogLayout.segmentPath(device: laptop.store.deviceID, index: 3)))
    }

    @Test("the count of own events remembered while committing is the count read back from each commit's tree")
    func rememberedOwnSeq() throws {
        let (_, _, laptop, _) = try twoMachines("remembered-seq")
        let interview = try laptop.addInterview("acme")
        try laptop.store.appendBulk((0..<1_100).map { index in
            EventDraft(type: .noteAdded, interview: interview.id, occurred: interview.occurred + Int64(index),
                       payload: ["note": .string("note \(index)")])
        })
        let syncer = try Syncer(store: laptop.store, remote: laptop.remote, credentials: [])
        var report = SyncReport(remote: "origin")
        let head = try #require(try syncer.committer.commitLocalEvents(&report))
        let remembered = syncer.committer.ownSeqs
        // Over 1 024 events: one commit of eight full segments, then one of the rest.
        let events = try laptop.store.lines(device: laptop.store.deviceID, after: 0).count
        #expect(events > 1_024 && remembered.count == 2 && remembered[head] == Int64(events))
        var counter = SegmentCommitter(store: laptop.store, repository: syncer.repository,
                                       codec: LineCodec(keys: try laptop.store.sealingKeys()))
        for (commit, seq) in remembered {
            #expect(try counter.ownSeq(inCommit: commit) == seq)
        }
    }

    @Test("segments are read from their group directories, and a segment in the wrong group is refused")
    func groups() throws {
        let directory = try TemporaryDirectory("groups")
        let store = try FollowupStore.create(at: URL(fileURLWithPath: directory.path + "/store"), deviceName: "laptop")
        let syncer = try Syncer(store: store, remote: try store.addRemote("origin", url: directory.path + "/none.git"), credentials: [])
        let device = store.deviceID
        #expect(LogLayout.segmentPath(device: device, index: 256) == "log/\(device)/0001/000256.jsonl")
        var builder = TreeBuilder(repository: syncer.repository)
        let blob = try syncer.repository.writeBlob(Data("x\n".utf8))
        try builder.insert(blob, at: LogLayout.segmentPath(device: device, index: 256))
        try builder.insert(blob, at: "log/\(device)/0001/000005.jsonl")
        var odd: [String] = []
        let logs = try syncer.reader.deviceLogs(inTree: try builder.write()) { odd.append($0) }
        #expect(logs[device]?.segments.keys.sorted() == [256])
        #expect(odd == ["unexpected path 'log/\(device)/0001/000005.jsonl' in the remote, ignored"])
    }

    @Test("the last segment of a device is found from the last group that holds one, as the full listing finds it")
    func lastSegment() throws {
        let directory = try TemporaryDirectory("last-segment")
        let store = try FollowupStore.create(at: URL(fileURLWithPath: directory.path + "/store"), deviceName: "laptop")
        let syncer = try Syncer(store: store, remote: try store.addRemote("origin", url: directory.path + "/none.git"), credentials: [])
        let device = store.deviceID
        var builder = TreeBuilder(repository: syncer.repository)
        var blobs: [Int: ObjectID] = [:]
        for index in [3, 255, 256, 300] {
            blobs[index] = try syncer.repository.writeBlob(Data("segment \(index)\n".utf8))
            try builder.insert(blobs[index]!, at: LogLayout.segmentPath(device: device, index: index))
        }
        let stray = try syncer.repository.writeBlob(Data("x\n".utf8))
        try builder.insert(stray, at: "log/\(device)/0002/000005.jsonl")  // a segment in the wrong group
        try builder.insert(stray, at: "log/\(device)/0003/notes.txt")  // not a segment
        try builder.insert(stray, at: "log/\(device)/9999")  // a file where a group would be
        let tree = try builder.write()
        let found = try #require(try syncer.reader.lastSegment(of: device, inTree: tree))
        #expect(found.index == 300 && found.blob == blobs[300])
        let listed = try #require(try syncer.reader.deviceLogs(inTree: tree, odd: { _ in })[device])
        #expect(listed.segments.keys.max() == found.index)
        #expect(try syncer.reader.lastSegment(of: "0000000000000000", inTree: tree) == nil)
    }

    @Test("an unreachable remote fails quickly with a clear error and changes nothing")
    func unreachable() throws {
        let directory = try TemporaryDirectory("down")
        let laptop = try Replica("laptop", in: directory, remoteURL: "git://127.0.0.1:\(try closedLoopbackPort())/nothing.git")
        try laptop.addInterview("acme")
        let before = try laptop.export()
        #expect(throws: SyncError.self) { try laptop.sync() }
        do { try laptop.sync() } catch { #expect("\(error)".contains("cannot sync with origin")) }
        #expect(try laptop.export() == before)
    }

    @Test("over git://, a push race is resolved by fetching and merging again")
    func pushRaceOverGitDaemon() throws {
        let server = try GitServer(.daemon)
        let (_, url) = try server.createRepository("race")
        let (_, _, laptop, desktop) = try twoMachines("race", url: url)
        try laptop.addInterview("acme")
        try desktop.addInterview("globex")
        try laptop.sync()
        // laptop pushes after desktop fetched and before desktop pushes: desktop's first push is
        // refused as non-fast-forward, and its second round fetches, merges and succeeds.
        let syncer = try Syncer(store: desktop.store, remote: desktop.remote, credentials: [])
        try laptop.log(.note, "acme")
        var raced = false
        syncer.beforePush = {
            if !raced { raced = true; try laptop.sync() }
        }
        let report = try syncer.sync()
        #expect(report.pushed && report.rounds == 2)
        try laptop.sync()
        #expect(try laptop.export() == desktop.export())
    }

    @Test("with nothing new on the remote a sync is one push and no fetch; with something new it fetches, merges and pushes")
    func pushFirst() throws {
        let server = try GitServer(.daemon)
        let (_, url) = try server.createRepository("push-first")
        let (_, _, laptop, desktop) = try twoMachines("push-first", url: url)
        try laptop.addInterview("acme")
        try laptop.sync()
        try desktop.sync()
        try laptop.sync()  // the desktop's registration

        try laptop.log(.note, "acme")
        let quiet = try Syncer(store: laptop.store, remote: laptop.remote, credentials: [])
        let sent = try quiet.sync()
        #expect(quiet.fetches == 0 && quiet.pushes == 1)
        #expect(sent.pushed && sent.sent == 1 && sent.rounds == 1 && sent.receivedTotal == 0)

        try desktop.log(.note, "acme")
        try desktop.sync()
        try laptop.log(.note, "acme")
        let busy = try Syncer(store: laptop.store, remote: laptop.remote, credentials: [])
        let merged = try busy.sync()
        #expect(busy.fetches == 1 && busy.pushes == 2, "the refused push falls back to fetch, merge and push")
        #expect(merged.pushed && merged.sent == 1 && merged.receivedTotal == 1)
        try desktop.sync()
        #expect(try laptop.export() == desktop.export())
    }

    @Test("a push racing another replica's on the one-push path falls back to fetch and merge, and both converge")
    func pushFirstRace() throws {
        let server = try GitServer(.daemon)
        let (_, url) = try server.createRepository("push-first-race")
        let (_, _, laptop, desktop) = try twoMachines("push-first-race", url: url)
        try laptop.addInterview("acme")
        try laptop.sync()
        try desktop.sync()
        try laptop.sync()
        try laptop.log(.note, "acme")
        try desktop.log(.note, "acme")
        let syncer = try Syncer(store: laptop.store, remote: laptop.remote, credentials: [])
        var raced = false
        // The desktop pushes between the laptop's decision to push first and its push.
        syncer.beforePush = { if !raced { raced = true; try desktop.sync() } }
        let report = try syncer.sync()
        #expect(raced && syncer.fetches == 1 && syncer.pushes == 2)
        #expect(report.pushed && report.sent == 1 && report.receivedTotal == 1 && !report.remoteRewritten)
        try desktop.sync()
        #expect(try laptop.export() == desktop.export())
    }

    @Test("a server that refuses the push is reported, not mistaken for success")
    func refusedPush() throws {
        let server = try GitServer(.daemon)
        let (path, url) = try server.createRepository("refusing")
        let hook = path + "/hooks/pre-receive"
        try "#!/bin/sh\necho 'pushes are frozen' >&2\nexit 1\n".write(toFile: hook, atomically: true, encoding: .utf8)
        _ = try Shell.run(["chmod", "+x", hook])
        let directory = try TemporaryDirectory("refuse")
        let laptop = try Replica("laptop", in: directory, remoteURL: url)
        try laptop.addInterview("acme")
        do {
            try laptop.sync()
            Issue.record("a refused push was reported as a success")
        } catch let error as SyncError {
            #expect(error.description.contains("refused"))
        }
        #expect(try laptop.store.eventCount == 2)
    }
}


@Suite("Hostile content on the remote", .serialized)
struct HostileRemoteTests {
    init() { _ = TestEnvironment.shared }

    @Test("files outside the layout are ignored and reported; the log still syncs")
    func oddPaths() throws {
        let directory = try TemporaryDirectory("odd")
        let url = try bareRepository(in: directory)
        let laptop = try Replica("laptop", in: directory, remoteURL: url)
        try laptop.addInterview("acme")
        try laptop.sync()
        try editRemote(url, in: directory) { work in
            try write(Data("hello\n".utf8), at: work + "/log/not-a-device/000000.jsonl")
        }
        let desktop = try Replica("desktop", in: directory, remoteURL: url)
        let report = try desktop.sync()
        #expect(report.rejected.contains { $0.reason.contains("unexpected path 'log/not-a-device'") })
        #expect(report.receivedTotal == 2)
    }

    @Test("content someone else wrote in this device's own directory does not stop its events from syncing",
          arguments: ["replaced", "appended", "a later segment", "before the first sync", "after sync.git was lost"])
    func foreignContentInOwnDirectory(how: String) throws {
        let directory = try TemporaryDirectory("own-dir")
        let url = try bareRepository(in: directory)
        let laptop = try Replica("laptop", in: directory, remoteURL: url)
        try laptop.addInterview("acme")
        let device = laptop.store.deviceID
        let garbage = Data("{\"not\":\"an event\"}\n".utf8)
        if how == "before the first sync" {
            let other = try Replica("other", in: directory, remoteURL: url)
            try other.sync()
            try editRemote(url, in: directory) { work in
                try write(garbage, at: work + "/log/\(device)/" + LogLayout.segmentPath(device: device, index: 0)
                    .split(separator: "/").dropFirst(2).joined(separator: "/"))
            }
        } else {
            try laptop.sync()
            try editRemote(url, in: directory) { work in
                let segment = try #require(FileManager.default.subpaths(atPath: work + "/log/\(device)")?
                    .first { $0.hasSuffix(".jsonl") })
                let path = work + "/log/\(device)/" + segment
                switch how {
                case "replaced": try write(garbage, at: path)
                case "appended": try write(try Data(contentsOf: URL(fileURLWithPath: path)) + garbage, at: path)
                default:
                    try write(garbage, at: work + "/" + LogLayout.segmentPath(device: device, index: 3))
                }
            }
            if how == "after sync.git was lost" {
                try FileManager.default.removeItem(at: laptop.store.syncRepositoryURL)
            }
        }
        try laptop.log(.thankYou, "acme")
        // Reported at once: set aside as a fork, or refused line by line when the merge took it in.
        let report = try laptop.sync()
        #expect(report.forks == [device] || report.rejected.contains { $0.device == device })
        try laptop.log(.note, "acme")
        try laptop.sync()
        let fresh = try Replica("fresh", in: directory, remoteURL: url)
        try fresh.sync()
        #expect(try fresh.export().contains(laptop.export()), "every event of the laptop reaches a new machine")
        let tree = try Shell.git(url, "ls-tree", "-r", "--name-only", "followup")
        #expect(tree.contains("forks/\(device)/"), "the foreign content is kept aside, not lost")
    }

    @Test("a store restored from an older copy gets its own later events back from the branch, not a fork")
    func restoredStore() throws {
        let directory = try TemporaryDirectory("restored")
        let url = try bareRepository(in: directory)
        var laptop: Replica? = try Replica("laptop", in: directory, remoteURL: url)
        try laptop!.addInterview("acme")
        try laptop!.sync()
        let storePath = laptop!.store.directory.path
        let files = try FileManager.default.contentsOfDirectory(atPath: storePath).filter { $0.hasPrefix(FollowupStore.databaseName) }
        for file in files { _ = try Shell.run(["cp", "-a", storePath + "/" + file, directory.path + "/backup-" + file]) }
        try laptop!.log(.thankYou, "acme")
        try laptop!.sync()
        let before = try laptop!.export()
        laptop = nil
        // The database comes back from the copy; sync.git, which holds the thank-you, stays.
        for file in try FileManager.default.contentsOfDirectory(atPath: storePath) where file.hasPrefix(FollowupStore.databaseName) {
            try FileManager.default.removeItem(atPath: storePath + "/" + file)
        }
        for file in files { _ = try Shell.run(["cp", "-a", directory.path + "/backup-" + file, storePath + "/" + file]) }
        let restored = try FollowupStore.open(at: URL(fileURLWithPath: storePath))
        #expect(try restored.eventCount == 2)
        let report = try Syncer(store: restored, remote: try restored.remote("origin"), credentials: []).sync()
        #expect(report.forks.isEmpty)
        #expect(report.rejected.isEmpty)
        var lines: [String] = []
        try restored.forEachLine { lines.append($0) }
        #expect(lines.joined(separator: "\n") == before, "the thank-you is back")
        #expect(!(try Shell.git(url, "ls-tree", "-r", "--name-only", "followup")).contains("forks/"))
    }

    @Test("a line signed by this device's key that does not link to the store's last event is set aside as a fork, not taken for the store's own later history")
    func signedLineOutsideTheChain() throws {
        let (directory, url, laptop, desktop) = try twoMachines("unlinked")
        try laptop.addInterview("acme")
        try laptop.log(.note, "acme")
        try laptop.sync()
        let keyText = try String(contentsOf: laptop.store.directory.appendingPathComponent(FollowupStore.keyName), encoding: .utf8)
        let key = try DeviceKey(rawRepresentation: try #require(Data(base64Encoded: keyText.trimmingCharacters(in: .whitespacesAndNewlines))))
        var lines: [String] = []
        try laptop.store.forEachLine { lines.append($0) }
        // The next sequence number, signed by the right key, but linked to no event of this device.
        var unlinked = try Event(line: try #require(lines.last))
        unlinked.id = Event.newID()
        unlinked.seq += 1
        unlinked.prev = String(repeating: "0", count: 64)
        try key.sign(&unlinked)
        let device = laptop.store.deviceID
        try editRemote(url, in: directory) { work in
            let path = work + "/" + LogLayout.segmentPath(device: device, index: 0)
            try write(try Data(contentsOf: URL(fileURLWithPath: path)) + Data((unlinked.line + "\n").utf8), at: path)
        }
        let before = try laptop.export()
        let first = try laptop.sync()
        #expect(first.rejected.contains { $0.device == device && $0.seq == unlinked.seq && $0.reason.contains("hash chain broken") })
        #expect(try laptop.export() == before, "the unlinked line is not imported")
        // Now on this replica's branch, in its own directory, after its last event.
        let second = try laptop.sync()
        #expect(second.forks == [device])
        let tree = try Shell.git(url, "ls-tree", "-r", "--name-only", "followup")
        #expect(tree.contains("forks/\(device)/"), "the unlinked line is kept aside, not lost")
        #expect(try laptop.sync().rejected.isEmpty, "the unlinked line is no longer offered for import")
        try laptop.log(.thankYou, "acme")
        try laptop.sync()
        try desktop.sync()
        try laptop.sync()
        #expect(try desktop.export() == laptop.export(), "the laptop's later events still sync")
        #expect(try desktop.store.verify().ok)
    }

    @Test("a segment larger than any real one is refused before it is read")
    func hugeSegment() throws {
        let directory = try TemporaryDirectory("huge")
        let url = try bareRepository(in: directory)
        let laptop = try Replica("laptop", in: directory, remoteURL: url)
        try laptop.sync()
        let device = laptop.store.deviceID
        try editRemote(url, in: directory) { work in
            try write(Data(repeating: UInt8(ascii: "x"), count: LogLayout.maximumSegmentBytes + 1),
                      at: work + "/" + LogLayout.segmentPath(device: device, index: 1))
        }
        let desktop = try Replica("desktop", in: directory, remoteURL: url)
        let report = try desktop.sync()
        #expect(report.rejected.contains { $0.device == device && $0.reason.contains("segment 1 refused") })
        #expect(report.receivedTotal == 1)
        #expect(try desktop.store.verify().ok)
    }
}
