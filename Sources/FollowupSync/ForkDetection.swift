import FollowupCore
import Foundation
import GitKit

/// Decides whether two histories of one device diverge: a copied store writing as the same
/// device, or content on the branch that is no history of it. A diverging history is never
/// merged into the log; the sync keeps it under `forks/` and reports it.
struct ForkDetector {
    let store: FollowupStore
    let reader: BranchReader
    let codec: LineCodec

    /// How their history of a device relates to ours.
    enum Comparison {
        /// Theirs holds ours, and these segments of theirs are longer or new.
        case extends(newerSegments: [(index: Int, blob: ObjectID)])
        /// One side holds lines the other lacks somewhere before its end.
        case forked
    }

    /// Compares two histories of `device` segment by segment: a history extends the other when
    /// each of its segments starts with the other's. An oversized segment of theirs is refused
    /// (and reported) before it is read, so one such file on the remote cannot stop every
    /// replica's sync; an oversized one of ours gives way to theirs.
    func compare(ours: DeviceLog, theirs: DeviceLog, device: String, report: inout SyncReport) throws -> Comparison {
        var newerSegments: [(index: Int, blob: ObjectID)] = []
        for index in Set(ours.segments.keys).union(theirs.segments.keys).sorted() {
            var ourBlob = ours.segments[index], theirBlob = theirs.segments[index]
            if ourBlob == theirBlob { continue }
            if let blob = theirBlob, try !reader.isReadableSegment(blob) {
                report.rejected.append(.init(device: device, seq: nil, eventID: nil,
                                             reason: "segment \(index) refused: \(try reader.repository.objectHeader(blob).size) bytes, more than \(LogLayout.segmentSize) events can take"))
                theirBlob = nil
            }
            if let blob = ourBlob, theirBlob != nil, try !reader.isReadableSegment(blob) { ourBlob = nil }
            guard let ourBlob else {
                if let theirBlob { newerSegments.append((index, theirBlob)) }
                continue
            }
            guard let theirBlob else { continue }
            let ourLines = try reader.readSegment(ourBlob)
            let theirLines = try reader.readSegment(theirBlob)
            if theirLines.count > ourLines.count, theirLines.starts(with: ourLines) {
                newerSegments.append((index, theirBlob))
            } else if !(ourLines.count >= theirLines.count && ourLines.starts(with: theirLines)) {
                return .forked
            }
        }
        return .extends(newerSegments: newerSegments)
    }

    /// Whether the branch's history of this store's device continues the store's: the store's
    /// own lines from the segment holding its last one are there as the store would write
    /// them, and every line after them is the next link of this device's chain (`DeviceChain`,
    /// the check import and verify make). Anything else in the directory is not ours.
    func branchContinuesStore(_ log: DeviceLog) throws -> Bool {
        let device = store.deviceID
        let storedHead = try store.deviceHeads()[device] ?? 0
        let first = storedHead == 0 ? 0 : LogLayout.segmentIndex(ofSeq: storedHead)
        let indices = log.segments.keys.filter { $0 >= first }.sorted()
        guard indices.first == first, indices.last! - first + 1 == indices.count else { return false }
        var seq = Int64(first) * LogLayout.segmentSize
        let storedLines = try store.lines(device: device, after: seq, limit: Int(storedHead - seq))
        var unmatched = storedLines[...]
        var chain = storedLines.last.map {
            DeviceChain(device: device, lastSeq: storedHead, lastHash: Event.hash(ofLine: $0), publicKey: store.publicKey)
        } ?? DeviceChain(device: device)
        for index in indices {
            guard try reader.isReadableSegment(log.segments[index]!) else { return false }
            for line in try reader.readSegment(log.segments[index]!).split(separator: UInt8(ascii: "\n")) {
                seq += 1
                guard let text = String(validating: line, as: UTF8.self) else { return false }
                if let stored = unmatched.popFirst() {
                    guard text == codec.encode(stored, seq: seq) else { return false }
                    continue
                }
                guard let plain = try? codec.decode(text), let event = try? Event(line: plain), event.device == device,
                      case .follows(let key) = chain.check(event, signedBy: { DeviceKey.verify(event, publicKey: $0) })
                else { return false }
                chain.append(event, hash: Event.hash(ofLine: plain), key: key)
            }
        }
        return unmatched.isEmpty && seq > storedHead
    }
}
