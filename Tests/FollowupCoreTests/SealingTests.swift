import Foundation
import Testing
@testable import FollowupCore

@Suite("Sealed lines and sync keys")
struct SealingTests {
    let line = #"{"device":"0123456789abcdef","id":"x","note":"Philippa liked the moonbeam idea"}"#

    @Test("a sealed line opens to the exact line, and sealing the same line again gives the same bytes")
    func roundTripAndDeterminism() throws {
        let key = SyncKey.generate()
        let sealed = SealedLine.seal(line, with: key)
        #expect(try SealedLine.open(sealed, keys: [key.id: key]) == line)
        #expect(SealedLine.seal(line, with: key) == sealed)
        #expect(!sealed.contains("Philippa") && !sealed.contains("moonbeam"))
        #expect(try SealedLine.keyID(of: sealed) == key.id)
        // Another key seals the same line differently.
        #expect(SealedLine.seal(line, with: SyncKey.generate()) != sealed)
    }

    @Test("the size of a sealed line is known from the plain size alone, and grows by at most 12% past the minimum")
    func sealedSizes() {
        let key = SyncKey.generate()
        for size in [0, 1, 200, 251, 252, 253, 1000, 4097, 20_000, Event.maximumLineBytes] {
            let sealed = SealedLine.seal(String(repeating: "é", count: size / 2) + String(repeating: "a", count: size % 2), with: key)
            #expect(sealed.utf8.count == SealedLine.sealedSize(ofPlainSize: size), "plain size \(size)")
            #expect(SealedLine.paddedSize(size + 4) <= max(SealedLine.minimumPadded, (size + 4) * 112 / 100))
        }
    }

    @Test("an altered, re-labelled or foreign sealed line is refused with the reason", arguments: [
        "flip", "relabel", "missing", "junk", "plain",
    ])
    func refusals(kind: String) throws {
        let key = SyncKey.generate(), other = SyncKey.generate()
        let sealed = SealedLine.seal(line, with: key)
        let keys = [key.id: key, other.id: other]
        switch kind {
        case "flip":
            var bytes = Array(sealed.utf8)
            let position = bytes.count - 30
            bytes[position] = bytes[position] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            #expect(throws: SealingError.tampered(keyID: key.id)) { try SealedLine.open(String(decoding: bytes, as: UTF8.self), keys: keys) }
        case "relabel":
            // The ciphertext is bound to its key id: naming another held key does not open it.
            let relabelled = sealed.replacingOccurrences(of: key.id, with: other.id)
            #expect(throws: SealingError.tampered(keyID: other.id)) { try SealedLine.open(relabelled, keys: keys) }
        case "missing":
            #expect(throws: SealingError.missingKey(key.id)) { try SealedLine.open(sealed, keys: [other.id: other]) }
        case "junk":
            #expect(throws: SealingError.self) { try SealedLine.open(#"{"k":"../../etc/passwd","s":"AAAA"}"#, keys: keys) }
        default:
            #expect(throws: SealingError.self) { try SealedLine.open(line, keys: keys) }
        }
    }

    @Test("a key file opens with its passphrase only, and refuses short passphrases and altered parameters")
    func keyFile() throws {
        let keys = [SyncKey.generate(), SyncKey.generate()]
        let file = try KeyTransfer.file(keys, passphrase: "correct horse battery")
        #expect(KeyTransfer.isFile(file))
        #expect(!file.contains(keys[0].secret.base64EncodedString()))
        #expect(try KeyTransfer.keys(fromFile: file, passphrase: "correct horse battery") == keys)
        #expect(throws: SealingError.badKeyMaterial("wrong passphrase for this key file (or the file was altered); try again")) {
            try KeyTransfer.keys(fromFile: file, passphrase: "correct horse batterY")
        }
        #expect(throws: SealingError.badKeyMaterial("the passphrase is too short: use at least 10 characters")) {
            try KeyTransfer.file(keys, passphrase: "short")
        }
        // A file asking for a gigantic scrypt cost is refused before any work is done.
        let greedy = file.replacingOccurrences(of: "\"n\":131072", with: "\"n\":1073741824")
        #expect(throws: SealingError.self) { try KeyTransfer.keys(fromFile: greedy, passphrase: "correct horse battery") }
        #expect(throws: SealingError.self) { try KeyTransfer.keys(fromFile: "{\"format\":\"something else\"}", passphrase: "x") }
    }

    @Test("the printed form round-trips, tolerates case and spacing, and catches a mistyped letter")
    func printedForm() throws {
        let key = SyncKey.generate()
        let text = KeyTransfer.text([key])
        #expect(try KeyTransfer.keys(fromText: text) == [key])
        // Comments, indentation, and the letters typed in lower case.
        let fields0 = text.split(separator: " ").map(String.init)
        let retyped = "# my key\n   " + fields0[0...2].joined(separator: " ") + "  " + fields0[3].lowercased()
        #expect(try KeyTransfer.keys(fromText: retyped) == [key])
        var fields = text.split(separator: " ").map(String.init)
        let secret = Array(fields[3])
        fields[3] = String(secret[0] == "A" ? "B" : "A") + String(secret.dropFirst())
        #expect(throws: SealingError.badKeyMaterial("line 1: the key does not match its id \(key.id); check it for typos")) {
            try KeyTransfer.keys(fromText: fields.joined(separator: " "))
        }
        #expect(throws: SealingError.notAPrintedKey(line: 1)) { try KeyTransfer.keys(fromText: "hello world") }
        #expect(throws: SealingError.noPrintedKey) { try KeyTransfer.keys(fromText: "") }
    }

    @Test("the newest key seals a device's new events from its next unsynced seq on; earlier events keep their key")
    func keyAssignment() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Fixture.store(in: directory)
        #expect(try store.sealingKeys().isEmpty)
        #expect(throws: StoreError.invalidInput("this store does not encrypt its sync; turn it on with 'followup encrypt enable'")) {
            try store.rotateSyncKey()
        }
        let first = try store.enableEncryption().key
        #expect(throws: StoreError.invalidInput("this store already encrypts its sync; 'followup key rotate' makes a new key")) {
            try store.enableEncryption()
        }
        #expect(try store.sealingKeys(assigningFrom: 1).key(forOwnSeq: 1) == first)
        let second = try store.rotateSyncKey()
        #expect(second.createdMs > first.createdMs)
        // Not used yet: the first key still seals everything until a sync assigns the second.
        #expect(try store.sealingKeys().key(forOwnSeq: 40) == first)
        let keys = try store.sealingKeys(assigningFrom: 7)
        #expect(keys.key(forOwnSeq: 6) == first && keys.key(forOwnSeq: 7) == second && keys.key(forOwnSeq: 900) == second)
        // Assigned once: a later sync does not move it.
        #expect(try store.sealingKeys(assigningFrom: 20).key(forOwnSeq: 7) == second)
        // Importing keys already held adds nothing.
        let report = try store.importSyncKeys([first, second])
        #expect(report.added.isEmpty && report.alreadyHeld == 2 && !report.enabledEncryption)
    }
}
