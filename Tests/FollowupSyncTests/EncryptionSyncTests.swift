import FollowupCore
import Foundation
import GitKit
import GitTestSupport
import Testing
@testable import FollowupSync

/// Every object the remote holds, decompressed: blobs, trees, commits with their messages
/// and authors.
func everyObject(in repository: String) throws -> String {
    try Shell.git(repository, "cat-file", "--batch-all-objects", "--batch")
}

extension Replica {
    /// An interview full of personal details that must never reach an encrypted remote.
    func logPrivateHistory(_ ref: String, company: String, interviewer: String, note: String) throws {
        try store.addInterview(InterviewInput(ref: ref, company: company, role: "Staff Cartographer",
                                              startsAt: Date().addingTimeInterval(-86_400 * 3),
                                              interviewers: [Interviewer(name: interviewer, email: "\(ref)@example.org")],
                                              points: ["the \(note) project"]))
        try store.log(ActionInput(action: .thankYou, interview: ref, to: interviewer, note: note))
    }

    func remoteHead() throws -> ObjectID? { try Repository(openingBareAt: remote.url).reference(Syncer.branch) }
}

@Suite("Encrypted sync", .serialized)
struct EncryptionSyncTests {
    init() { _ = TestEnvironment.shared }

    @Test("two encrypted replicas converge and the remote holds none of their names, companies or notes")
    func remoteHoldsNothingReadable() throws {
        let (_, url, laptop, desktop) = try twoMachines("sealed", devices: ("Zanzibar-laptop", "Quixotic-desktop"))
        let key = try laptop.store.enableEncryption().key
        #expect(try desktop.store.importSyncKeys([key]).enabledEncryption)
        try laptop.logPrivateHistory("acme", company: "Acmeflux Biotech", interviewer: "Philippa Wrenfeather", note: "moonbeam")
        try desktop.logPrivateHistory("globex", company: "Globexia Maritime", interviewer: "Ottoline Brackwater", note: "sunflare")
        try laptop.sync()
        try desktop.sync()
        try laptop.sync()
        #expect(try laptop.export() == desktop.export())
        #expect(try desktop.store.interview("acme").company == "Acmeflux Biotech")
        let remote = try everyObject(in: url)
        for secret in ["Zanzibar", "Quixotic", "Acmeflux", "Globexia", "Philippa", "Wrenfeather", "Ottoline", "Brackwater",
                       "moonbeam", "sunflare", "Cartographer", "example.org", "acme", "globex", "thank-you", "interview"] {
            #expect(!remote.localizedCaseInsensitiveContains(secret), "the remote holds '\(secret)' in plain text")
        }
        // The encrypted log is what was sealed, not an empty one.
        #expect(try Shell.git(url, "ls-tree", "-r", "--name-only", "followup").contains(EncryptionManifest.path))
    }

    @Test("a remote whose encryption.json cannot be read is refused in a line that says so and what to do, not as a fault of the store's own repository; the store is unchanged")
    func unreadableManifest() throws {
        let (directory, url, laptop, desktop) = try twoMachines("manifest")
        _ = try laptop.addInterview("acme")
        try laptop.sync()
        try editRemote(url, in: directory) { work in try write(Data("not json\n".utf8), at: work + "/" + EncryptionManifest.path) }
        let before = try desktop.export()
        #expect {
            try desktop.sync()
        } throws: { error in
            "\(error)" == "the remote's encryption.json cannot be read: something other than followup wrote to the remote's "
                + "followup branch; sync with a new empty repository ('followup remote set-url NAME URL'); nothing was changed"
        }
        #expect(try desktop.export() == before)
    }

    @Test("lines of different lengths seal to the same size, so a note's length does not show")
    func sizesDoNotShow() {
        let key = SyncKey.generate()
        let sizes = Set([10, 90, 200, 240].map { SealedLine.seal(String(repeating: "x", count: $0), with: key).utf8.count })
        #expect(sizes.count == 1)
    }

    @Test("a store that seals rebuilds exactly the bytes it pushed, so a lost sync repository causes no fork")
    func sealingIsDeterministic() throws {
        let directory = try TemporaryDirectory("rebuild")
        let url = try bareRepository(in: directory)
        let laptop = try Replica("laptop", in: directory, remoteURL: url)
        _ = try laptop.store.enableEncryption()
        try laptop.addInterview("acme")
        try laptop.sync()
        let pushed = try laptop.remoteHead()
        try FileManager.default.removeItem(at: laptop.store.syncRepositoryURL)
        let report = try laptop.sync()
        #expect(report.forks.isEmpty && report.sent == 0 && report.rejected.isEmpty)
        #expect(try laptop.remoteHead() == pushed)
    }

    @Test("a plain store refuses an encrypted remote and says how to import the key; nothing changes on either side")
    func plainStoreRefusesSealedRemote() throws {
        let directory = try TemporaryDirectory("mixed1")
        let url = try bareRepository(in: directory)
        let laptop = try Replica("laptop", in: directory, remoteURL: url)
        _ = try laptop.store.enableEncryption()
        try laptop.addInterview("acme")
        try laptop.sync()
        let plain = try Replica("plain", in: directory, remoteURL: url)
        try plain.addInterview("globex")
        let before = (try plain.export(), try plain.remoteHead())
        #expect {
            try plain.sync()
        } throws: { error in
            "\(error)".contains("origin holds an encrypted log and this store has no sync key: import it with 'followup key import FILE'")
        }
        #expect(try plain.export() == before.0)
        #expect(try plain.remoteHead() == before.1)
    }

    @Test("an encrypting store refuses a plain-text remote and says to use a new one; nothing changes on either side")
    func sealedStoreRefusesPlainRemote() throws {
        let directory = try TemporaryDirectory("mixed2")
        let url = try bareRepository(in: directory)
        let plain = try Replica("plain", in: directory, remoteURL: url)
        try plain.addInterview("acme")
        try plain.sync()
        let sealed = try Replica("sealed", in: directory, remoteURL: url)
        _ = try sealed.store.enableEncryption()
        let before = (try sealed.export(), try sealed.remoteHead())
        #expect {
            try sealed.sync()
        } throws: { error in
            "\(error)".contains("origin holds a plain-text log and this store encrypts what it syncs")
                && "\(error)".contains("followup remote set-url origin URL")
        }
        #expect(try sealed.export() == before.0)
        #expect(try sealed.remoteHead() == before.1)
    }

    @Test("turning encryption on sets the plain sync repository aside; the old remote is refused, a new one gets only sealed lines")
    func enablingOnAStoreThatSyncedPlain() throws {
        let directory = try TemporaryDirectory("enable")
        let oldURL = try bareRepository(in: directory, "old")
        let laptop = try Replica("laptop", in: directory, remoteURL: oldURL)
        try laptop.logPrivateHistory("acme", company: "Acmeflux Biotech", interviewer: "Philippa Wrenfeather", note: "moonbeam")
        try laptop.sync()
        let setAside = try #require(try laptop.store.enableEncryption().setAside)
        #expect(FileManager.default.fileExists(atPath: setAside + "/HEAD"))
        #expect(throws: SyncError.self) { try laptop.sync() }
        let newURL = try bareRepository(in: directory, "new")
        _ = try laptop.store.setRemoteURL("origin", url: newURL)
        let fresh = try Replica("fresh", in: directory, remoteURL: newURL)
        let report = try Syncer(store: laptop.store, remote: try laptop.store.remote("origin"), credentials: []).sync()
        let count = try laptop.store.eventCount
        #expect(report.sent == count)
        #expect(!(try everyObject(in: newURL).contains("Acmeflux")))
        _ = try fresh.store.importSyncKeys(try laptop.store.syncKeys())
        try fresh.sync()
        #expect(try fresh.store.interview("acme").company == "Acmeflux Biotech")
    }

    @Test("a replica lacking a key is told which and how to get it; after importing it, everything arrives")
    func missingKey() throws {
        let (_, _, laptop, desktop) = try twoMachines("missing")
        let laptopKey = try laptop.store.enableEncryption().key
        _ = try desktop.store.enableEncryption()  // its own key: the two never met
        try laptop.addInterview("acme")
        try laptop.sync()
        try desktop.addInterview("globex")
        let before = try desktop.export()
        #expect {
            try desktop.sync()
        } throws: { error in
            "\(error)".contains("holds events sealed with key \(laptopKey.id), which this store does not hold: import it with 'followup key import FILE'")
        }
        #expect(try desktop.export() == before)
        _ = try desktop.store.importSyncKeys(try laptop.store.syncKeys())
        _ = try laptop.store.importSyncKeys(try desktop.store.syncKeys())
        try desktop.sync()
        try laptop.sync()
        #expect(try laptop.export() == desktop.export())
    }

    @Test("after a rotation new events use the new key, old ones stay readable, and a replica without it is refused until it imports it")
    func rotation() throws {
        let (_, url, laptop, desktop) = try twoMachines("rotate")
        let first = try laptop.store.enableEncryption().key
        _ = try desktop.store.importSyncKeys([first])
        try laptop.addInterview("acme")
        try laptop.sync()
        let second = try laptop.store.rotateSyncKey()
        try laptop.log(.thankYou, "acme")
        try laptop.sync()
        let segment = try Shell.git(url, "show", "followup:log/\(laptop.store.deviceID)/0000/000000.jsonl")
        #expect(segment.contains("\"k\":\"\(first.id)\"") && segment.contains("\"k\":\"\(second.id)\""))
        #expect {
            try desktop.sync()
        } throws: { error in
            "\(error)" == SyncError.missingKeys(name: "origin", ids: [second.id]).description
        }
        _ = try desktop.store.importSyncKeys(try laptop.store.syncKeys())
        try desktop.sync()
        try laptop.sync()
        #expect(try laptop.export() == desktop.export())
        // The desktop now seals its own events with the newest key.
        try desktop.log(.checkIn, "acme")
        try desktop.sync()
        let desktopSegment = try Shell.git(url, "show", "followup:log/\(desktop.store.deviceID)/0000/000000.jsonl")
        #expect(desktopSegment.split(separator: "\n").last?.contains(second.id) == true)
    }

    @Test("a sealed line altered on the remote is refused and reported; the other events come in")
    func tamperedCiphertext() throws {
        let (directory, url, laptop, desktop) = try twoMachines("tamper-sealed")
        let key = try laptop.store.enableEncryption().key
        _ = try desktop.store.importSyncKeys([key])
        try laptop.addInterview("acme")
        try laptop.log(.thankYou, "acme")
        try laptop.sync()
        try editRemote(url, in: directory) { work in
            let file = work + "/log/\(laptop.store.deviceID)/0000/000000.jsonl"
            var lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
            // One base64 character of the third event's ciphertext changed.
            var third = Array(lines[2])
            let position = third.count - 40
            third[position] = third[position] == "A" ? "B" : "A"
            lines[2] = String(third)
            try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        }

        let report = try desktop.sync()
        #expect(report.rejected.count == 1)
        #expect(report.rejected.first?.seq == 3)
        #expect(report.rejected.first?.reason == "sealed with key \(key.id) but does not authenticate: it was altered after sealing")
        #expect(report.received[laptop.store.deviceID] == 2)
        #expect(try desktop.store.verify().ok)
        #expect(try desktop.store.interview("acme").thankedAt == nil)
    }
}
