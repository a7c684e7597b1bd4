import FollowupCore
import Foundation
import GitKit
import GitTestSupport
import Testing
@testable import FollowupSync

/// Regressions found by the hostile-input campaign (torture/hostile.py).
@Suite("Oversized segments found by the hostile-input campaign", .serialized)
struct OversizedSegmentTests {
    init() { _ = TestEnvironment.shared }

    /// Commits an oversized segment at `index` of `device` on the remote's branch with the git CLI.
    func pushOversizedSegment(_ url: String, device: String, index: Int, in directory: TemporaryDirectory) throws {
        try editRemote(url, in: directory) { work in
            try write(Data(repeating: UInt8(ascii: "x"), count: LogLayout.maximumSegmentBytes + 1),
                      at: work + "/" + LogLayout.segmentPath(device: device, index: index))
        }
    }

    @Test("an oversized segment replacing one both sides hold is refused, and the sync still completes")
    func oversizedSegmentInMerge() throws {
        let (directory, url, laptop, desktop) = try twoMachines("oversized-merge")
        try laptop.addInterview("acme")
        try laptop.sync()
        try desktop.sync()
        // Segment 0 of laptop is held by desktop too: the merge would compare the two versions.
        try pushOversizedSegment(url, device: laptop.store.deviceID, index: 0, in: directory)
        try desktop.log(.note, "acme")
        let report = try desktop.sync()
        #expect(report.rejected.contains { $0.device == laptop.store.deviceID && $0.reason.contains("segment 0 refused") })
        #expect(report.pushed)
        // The merged branch holds laptop's real segment again, so laptop and desktop converge.
        try laptop.sync()
        #expect(try laptop.export() == desktop.export())
        #expect(try desktop.store.verify().ok)
    }

    @Test("an oversized segment under this device's own directory does not stop its events from syncing")
    func oversizedOwnSegment() throws {
        let (directory, url, laptop, desktop) = try twoMachines("oversized-own")
        try laptop.sync()
        try pushOversizedSegment(url, device: laptop.store.deviceID, index: 1, in: directory)
        try laptop.addInterview("acme")
        let report = try laptop.sync()
        #expect(report.rejected.contains { $0.reason.contains("segment 1 refused") })
        try desktop.sync()
        try laptop.sync()
        #expect(try laptop.export() == desktop.export())
        #expect(try desktop.store.verify().ok)
    }

    @Test("a remote line with bytes that are not UTF-8 is refused as such, not as a bad signature; the rest comes in")
    func nonUTF8Line() throws {
        let (directory, url, laptop, desktop) = try twoMachines("non-utf8")
        try laptop.addInterview("acme")
        try laptop.log(.thankYou, "acme")
        try laptop.sync()
        try editRemote(url, in: directory) { work in
            let path = work + "/" + LogLayout.segmentPath(device: laptop.store.deviceID, index: 0)
            var lines = try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: UInt8(ascii: "\n")).map(Array.init)
            let at = try #require(lines[2].firstRange(of: Array("Jane".utf8)))
            lines[2].replaceSubrange(at, with: [0x4A, 0xFF, 0xFE, 0x65])  // "J\xff\xfee"
            try write(Data(lines.joined(separator: [UInt8(ascii: "\n")]) + [UInt8(ascii: "\n")]), at: path)
        }

        let report = try desktop.sync()
        #expect(report.rejected.map(\.reason) == ["the line is not UTF-8 text"])
        #expect(report.rejected.first?.seq == 3)
        #expect(report.received[laptop.store.deviceID] == 2)
        #expect(try desktop.store.verify().ok)
    }
}
