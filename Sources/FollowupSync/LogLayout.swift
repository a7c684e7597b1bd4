import Foundation

/// Where events live in the sync branch: `log/<device>/<segment>.jsonl`.
///
/// Each device only ever appends to its own directory, so two histories always have a union.
/// A segment holds 1024 consecutive events of one device (segment 000000 holds seq 1–1024),
/// one canonical line each, so an append rewrites one bounded file and the cost of a sync
/// follows what is new, not the size of the history. Paths name nothing personal: the
/// device id is a hash of its public key.
enum LogLayout {
    static let root = "log"
    static let forks = "forks"
    static let segmentSize: Int64 = 1024
    /// A segment can never legitimately be larger: 1024 lines of at most 64 KiB.
    static let maximumSegmentBytes = Int(segmentSize) * (64 * 1024 + 1)

    static func segmentName(_ index: Int) -> String { String(format: "%06d.jsonl", index) }

    static func segmentPath(device: String, index: Int) -> String { "\(root)/\(device)/\(segmentName(index))" }

    static func segmentIndex(ofSeq seq: Int64) -> Int { Int((seq - 1) / segmentSize) }

    /// The segment index a file name stands for, or nil for anything else.
    static func segmentIndex(fileName: String) -> Int? {
        guard fileName.utf8.count == 12, fileName.hasSuffix(".jsonl") else { return nil }
        let digits = fileName.prefix(6)
        guard digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(digits)
    }

    static func isDeviceName(_ name: String) -> Bool {
        name.utf8.count == 16 && name.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
