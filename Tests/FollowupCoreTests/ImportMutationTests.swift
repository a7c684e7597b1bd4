import TestSupport
import Foundation
import Testing
@testable import FollowupCore

/// Property test of the import path (what arrives from a remote): signed lines mutated at
/// random — bytes flipped, cut, repeated, swapped for look-alikes — never get into a store.
@Suite("Mutated lines from a remote")
struct ImportMutationTests {
    static let mutations = 400

    func mutate(_ line: String, using random: inout SplitMix) -> String {
        var bytes = Array(line.utf8)
        switch Int.random(in: 0..<7, using: &random) {
        case 0: bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
        case 1: bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &random)..<bytes.count)
        case 2:
            let start = Int.random(in: 0..<bytes.count, using: &random)
            bytes.insert(contentsOf: bytes[start..<min(bytes.count, start + Int.random(in: 1...40, using: &random))], at: start)
        case 3: bytes.insert(UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0...bytes.count, using: &random))
        case 4:
            // A digit changed: seq, clock, times, hashes and ids all hold digits.
            let digits = bytes.indices.filter { (48...57).contains(bytes[$0]) }
            if let index = digits.randomElement(using: &random) { bytes[index] = 48 + (bytes[index] - 47) % 10 }
        case 5: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &random))
        default:
            let a = Int.random(in: 0..<bytes.count, using: &random), b = Int.random(in: 0..<bytes.count, using: &random)
            bytes.swapAt(a, b)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("no mutation of a signed line is imported, and the store keeps exactly what it had")
    func mutatedLinesRefused() throws {
        let directory = Fixture.temporaryDirectory()
        let laptop = try Fixture.store("laptop", in: directory.appendingPathComponent("laptop"))
        let desktop = try Fixture.store("desktop", in: directory.appendingPathComponent("desktop"))
        _ = try laptop.addInterview(InterviewInput(ref: "acme", company: "Acme", role: "Engineer",
                                                               startsAt: Date().addingTimeInterval(-86_400),
                                                               interviewers: [Interviewer(name: "Jane Doe")]))
        for note in ["first", "second \"quoted\" ünïcode", "third\nline"] {
            try laptop.log(ActionInput(action: .note, interview: "acme", note: note))
        }
        var lines: [String] = []
        try laptop.forEachLine { lines.append($0) }
        // The desktop holds the registration and the interview; the notes are what a remote offers.
        #expect(try desktop.importLines(Array(lines.prefix(2))).imported == 2)
        var before: [String] = []
        try desktop.forEachLine { before.append($0) }
        let seed = UInt64(Date().timeIntervalSince1970 * 1000)
        var random = SplitMix(seed: seed)
        var refused = 0
        for round in 0..<Self.mutations {
            let original = lines[Int.random(in: 2..<lines.count, using: &random)]
            let mutated = mutate(original, using: &random)
            guard mutated != original else { continue }
            let report = try desktop.importLines([mutated])
            #expect(report.imported == 0, "seed \(seed), round \(round): imported \(mutated)")
            refused += report.rejected.count
        }
        var after: [String] = []
        try desktop.forEachLine { after.append($0) }
        #expect(after == before, "seed \(seed): the store changed")
        #expect(try desktop.verify().ok)
        #expect(refused > Self.mutations / 2, "seed \(seed): only \(refused) mutations were reported")
        // The real lines still come in afterwards.
        #expect(try desktop.importLines(lines).imported == lines.count - 2)
    }
}
