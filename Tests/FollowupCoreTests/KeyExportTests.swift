import Foundation
import Testing
@testable import FollowupCore

@Suite("Exporting sync keys and starting to encrypt, on real files")
struct KeyExportTests {
    let directory = Fixture.temporaryDirectory()

    func makeStore() throws -> FollowupStore {
        try FollowupStore.create(at: directory.appendingPathComponent("store"), deviceName: "laptop")
    }

    @Test("a store without sync keys has nothing to export, and no passphrase is asked for")
    func noKeys() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // Given a store that does not encrypt
        let store = try makeStore()
        // When its keys are exported with a passphrase, Then it is refused before the passphrase is asked
        var asked = false
        #expect(throws: KeyExportError.noKeys) {
            try store.exportSyncKeys(passphrase: { asked = true; return "correct horse battery" })
        }
        #expect(!asked)
    }

    @Test("keys export in the printable form, or sealed with the passphrase, and read back from either")
    func forms() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // Given a store with two keys
        let store = try makeStore()
        let first = try store.enableEncryption().key
        let second = try store.rotateSyncKey()
        // When exported printable, Then it reads back without a passphrase
        let printable = try store.exportSyncKeys(passphrase: nil)
        #expect(printable.count == 2 && printable.content == KeyTransfer.text([first, second]))
        #expect(try KeyTransfer.keys(from: printable.content, passphrase: { Issue.record("asked"); return "" }) == [first, second])
        // When exported sealed, Then only its passphrase opens it
        let sealed = try store.exportSyncKeys(passphrase: { "correct horse battery" })
        #expect(KeyTransfer.isFile(sealed.content) && !sealed.content.contains(printable.content))
        #expect(try KeyTransfer.keys(from: sealed.content, passphrase: { "correct horse battery" }) == [first, second])
        #expect(throws: SealingError.self) { try KeyTransfer.keys(from: sealed.content, passphrase: { "wrong horse battery" }) }
    }

    @Test("a key file is new, private to its owner, and never overwrites a file")
    func newFile() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("keys.txt").path
        // When written, Then it holds the content with mode 0600
        try KeyTransfer.writeNewFile("followup-key abc\n", at: path)
        #expect(FileManager.default.contents(atPath: path) == Data("followup-key abc\n".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // When written again, Then it is refused and the file is as it was
        #expect(throws: KeyExportError.fileExists(path: path)) { try KeyTransfer.writeNewFile("other\n", at: path) }
        #expect(FileManager.default.contents(atPath: path) == Data("followup-key abc\n".utf8))
        // When its directory does not exist, Then the reason is the system's
        let missing = directory.appendingPathComponent("nowhere/keys.txt").path
        #expect(throws: KeyExportError.cannotCreate(path: missing, reason: "No such file or directory")) {
            try KeyTransfer.writeNewFile("x", at: missing)
        }
    }

    @Test("starting to encrypt a store that synced in plain text with a remote says the remote may keep it")
    func plainTextOnRemotes() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // Given a store that never synced: nothing set aside, nothing to warn about
        let fresh = try makeStore()
        let start = try fresh.enableEncryption()
        #expect(start.setAside == nil && !start.remotesMayHoldPlainText)
        // Given a store with a plain sync repository but no remote: set aside, no warning
        let alone = try FollowupStore.create(at: directory.appendingPathComponent("alone"), deviceName: "desktop")
        try FileManager.default.createDirectory(at: alone.directory.appendingPathComponent("sync.git"), withIntermediateDirectories: false)
        let aloneStart = try alone.enableEncryption()
        #expect(aloneStart.setAside != nil && !aloneStart.remotesMayHoldPlainText)
        // Given one that also has a remote, When keys exported elsewhere are imported
        let synced = try FollowupStore.create(at: directory.appendingPathComponent("synced"), deviceName: "work")
        try FileManager.default.createDirectory(at: synced.directory.appendingPathComponent("sync.git"), withIntermediateDirectories: false)
        _ = try synced.addRemote("origin", url: directory.appendingPathComponent("remote.git").path)
        let report = try synced.importSyncKeys([start.key])
        // Then it starts to seal with that key, and the remote may hold the log in plain text
        #expect(report.started?.key == start.key && report.setAside != nil)
        #expect(report.started?.remotesMayHoldPlainText == true)
    }
}
