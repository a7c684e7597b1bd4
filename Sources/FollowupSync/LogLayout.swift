import FollowupCore
import Foundation

/// Where events live in the sync branch: `log/<device>/<group>/<segment>.jsonl`.
///
/// Each device only ever appends to its own directory, so two histories always have a union.
/// A segment holds 128 consecutive events of one device (segment 000000 holds seq 1–128), one
/// canonical line each; a group directory holds 256 segments (32768 events). An append
/// rewrites one small file and the few trees above it, so the cost of a sync follows what is
/// new, not the size of the history, and no tree grows past 256 entries. Paths name nothing
/// personal: the device id is a hash of its public key.
enum LogLayout {
    static let root = "log"
    static let forks = "forks"
    static let segmentSize: Int64 = 128
    static let segmentsPerGroup = 256
    /// A sync appending many events commits every 8 segments (1024 events): a push of
    /// thousands of events then holds over 100 objects, which git servers keep as the pack it
    /// arrived in (`transfer.unpackLimit`) instead of loose objects they would have to compress
    /// and search for deltas again on every fetch.
    static let segmentsPerCommit = 8
    /// A segment can never legitimately be larger: 128 lines of at most 64 KiB, sealed.
    static let maximumSegmentBytes = Int(segmentSize) * (SealedLine.sealedSize(ofPlainSize: Event.maximumLineBytes) + 1)

    static func segmentName(_ index: Int) -> String { String(format: "%06d.jsonl", index) }

    static func groupName(ofSegment index: Int) -> String { String(format: "%04d", index / segmentsPerGroup) }

    static func segmentPath(device: String, index: Int) -> String {
        "\(root)/\(device)/\(groupName(ofSegment: index))/\(segmentName(index))"
    }

    static func segmentIndex(ofSeq seq: Int64) -> Int { Int((seq - 1) / segmentSize) }

    /// The segment index a file name stands for, or nil for anything else.
    static func segmentIndex(fileName: String) -> Int? {
        guard fileName.utf8.count == 12, fileName.hasSuffix(".jsonl") else { return nil }
        return digits(fileName.prefix(6))
    }

    /// The group number a directory name stands for, or nil for anything else.
    static func groupIndex(directoryName: String) -> Int? {
        directoryName.utf8.count == 4 ? digits(Substring(directoryName)) : nil
    }

    private static func digits(_ text: Substring) -> Int? {
        guard text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    /// Whether a directory of the layout is a device's: it is named by the device id.
    static func isDeviceName(_ name: String) -> Bool { DeviceKey.isDeviceID(name) }
}
