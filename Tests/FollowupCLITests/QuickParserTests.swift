import ArgumentParser
import Testing
import TestSupport
@testable import FollowupCLI

/// `QuickParser` reads the plain forms of `log`, `status` and `due` without
/// swift-argument-parser: wherever it reads a command line, it must read what
/// swift-argument-parser reads from it, and it must read the everyday forms.
@Suite("command lines read without swift-argument-parser")
struct QuickParserTests {
    /// Every property of the commands the quick parser builds, as text.
    func fields(_ command: any ParsableCommand) -> [String?]? {
        switch command {
        case let log as Log:
            return ["log", log.storeOptions.store, log.action, log.ref, log.outcome, log.at, log.to, log.note,
                    log.decisionBy, log.point, log.body]
        case let status as Status:
            return ["status", status.storeOptions.store, status.ref, status.now, "\(status.json)"]
        case let due as Due:
            return ["due", due.storeOptions.store, due.now, "\(due.all)", "\(due.json)", "\(due.ics)"]
        case let sync as Sync:
            return ["sync", sync.storeOptions.store, sync.remote, "\(sync.json)"]
        default:
            return nil
        }
    }

    func full(_ arguments: [String]) -> [String?]? {
        (try? Followup.parseAsRoot(arguments)).flatMap(fields)
    }

    @Test("the everyday forms take the quick path and read as swift-argument-parser reads them", arguments: [
        ["log", "thank-you", "acme", "--to", "Jane Doe", "--note", "mentioned the sync design"],
        ["log", "outcome", "acme", "offer"],
        ["log", "next-steps", "acme", "--decision-by=friday", "--store", "/tmp/store"],
        ["log", "qualifications", "acme", "--point", "Core Data migrations", "--at", "yesterday 17:30"],
        ["log", "thank-you", "ac", "--note", "", "--body", "sent.txt"],
        ["log", "--store=/tmp/s", "note", "acme", "--note", "a=b"],
        ["status"], ["status", "acme", "--json"], ["status", "--now", "monday 9am"], ["status", "acme", "--as-of", "friday"],
        ["due"], ["due", "--all", "--json"], ["due", "--ics", "--now=tomorrow"], ["due", "--as-of=2026-11-20 09:00"],
        ["sync"], ["sync", "nas", "--json"], ["sync", "--store", "/tmp/s"],
    ])
    func everydayForms(arguments: [String]) throws {
        let quick = try #require(QuickParser.parse(arguments), "the quick path refused \(arguments)")
        #expect(fields(quick) == full(arguments))
    }

    @Test("help, short options, --, repeats, unknown options, dashed values and failed validations go to swift-argument-parser",
          arguments: [
        ["log", "--help"], ["log", "-h"], ["log", "note", "acme", "--", "--note"], ["log", "note", "acme", "--note", "a", "--note", "b"],
        ["log", "note", "acme", "--colour", "x"], ["log", "note", "acme", "--note", "-x"], ["log", "note", "acme"],
        ["log", "bogus", "acme"], ["log", "thank-you"], ["due", "--json", "--ics"], ["due", "--json=true"], ["due", "extra"], ["log", "note", "acme", "--note="],
        ["status", "a", "b"], ["status", "--now"], ["due", "--now", "monday", "--as-of", "friday"], ["interview", "list"], [], ["sync", "a", "b"], ["sync", "--all"],
    ])
    func otherForms(arguments: [String]) {
        #expect(QuickParser.parse(arguments) == nil)
    }

    @Test("on 6 000 random command lines, whatever the quick path reads, swift-argument-parser reads the same")
    func agreesWithArgumentParser() {
        var random = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 0...UInt64.max, using: &random)
        var generator = SplitMix(seed: seed)
        let words = ["thank-you", "outcome", "offer", "ghosted", "note", "next-steps", "qualifications", "response", "acme",
                     "acme-onsite", "", " ", "a=b", "-", "--", "-x", "-h", "--help", "--version", "--json", "--json=1", "--all",
                     "--ics", "--now", "--now=monday", "--as-of", "--as-of=friday", "--at", "--at=-3d", "--to", "--note", "--note=", "--decision-by", "--point",
                     "--body", "--store", "--store=/tmp/s", "--colour", "friday", "3d ago", "Jane", "é", "--to=Jane", "origin", "nas"]
        var quickReads = 0
        for _ in 0..<6_000 {
            let command = ["log", "status", "due", "sync"].randomElement(using: &generator)!
            let arguments = [command] + (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                words.randomElement(using: &generator)!
            }
            guard let quick = QuickParser.parse(arguments) else { continue }
            quickReads += 1
            #expect(fields(quick) == full(arguments), "seed \(seed): \(arguments)")
        }
        #expect(quickReads > 300, "seed \(seed): only \(quickReads) command lines took the quick path")
    }
}
