import Foundation
import Testing
@testable import FollowupCore

/// Inputs that crashed a parser under libFuzzer (torture/fuzz); each must now be refused cleanly.
@Suite("Parser crashes found by fuzzing")
struct FuzzRegressionTests {
    let parser = WhenParser(now: Date(timeIntervalSince1970: 1_795_000_000), timeZone: TimeZone(identifier: "Europe/Berlin")!)

    @Test("a UTC offset beyond 18 hours or written in other digits is refused, not a crash", arguments: [
        "2026-11-2026-11-2020",      // found by fuzz-When: read as the offset -20:20
        "2026-11-27 14:00+99:00",
        "2026-11-27T14:00-19:00",
        "2026-11-27T14:00+05:75",
        "2026-11-27 14:00+\u{0661}\u{0662}:00",  // Arabic-Indic digits match \d
    ])
    func offsetOutOfRange(input: String) {
        do {
            let date = try parser.parse(input)
            Issue.record("accepted \(input) as \(date)")
        } catch {
            #expect(error.description.contains("cannot read '\(input)' as a date"), "\(error)")
        }
    }

    @Test("offsets up to 18 hours still work")
    func offsetInRange() throws {
        let date = try parser.parse("2026-11-27T14:00+14:00")
        #expect(UTCTime.format(seconds: Int64(date.timeIntervalSince1970)) == "2026-11-27T00:00:00Z")
    }
}
