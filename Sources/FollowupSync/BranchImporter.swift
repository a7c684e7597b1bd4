import FollowupCore
import Foundation
import GitKit

/// Brings the branch's events into the store: only the segments from each device's stored
/// head onwards are read, and lines go to the store's import in batches.
struct BranchImporter {
    let store: FollowupStore
    let reader: BranchReader
    let codec: LineCodec

    /// Lines handed to one `importLines` call: memory stays bounded however long a device's
    /// history on the branch is.
    static let batchSize = 20_000

    /// Imports the events of the branch the store does not have.
    func importNew(from head: ObjectID?, report: inout SyncReport) throws {
        guard let head else { return }
        let logs = try reader.deviceLogs(inTree: reader.repository.commit(head).tree, odd: { _ in })
        let storedHeads = try store.deviceHeads()
        for (device, log) in logs.sorted(by: { $0.key < $1.key }) {
            let storedHead = storedHeads[device] ?? 0
            var batch: [String] = []
            var seqs: [Int64] = []
            func importBatch() throws {
                guard !batch.isEmpty else { return }
                let imported = try store.importLines(batch)
                if imported.imported > 0 { report.received[device, default: 0] += imported.imported }
                report.alreadyPresent += imported.alreadyPresent
                // A line that is no event names no device: it is where it was found.
                report.rejected += imported.rejected.map { rejection in
                    guard rejection.device == nil, let line = rejection.line else { return rejection }
                    return .init(device: device, seq: seqs[line], eventID: nil, reason: rejection.reason)
                }
                for fork in imported.forkedDevices where !report.forks.contains(fork) { report.forks.append(fork) }
                batch.removeAll(keepingCapacity: true)
                seqs.removeAll(keepingCapacity: true)
            }
            for index in log.segments.keys.sorted() where index >= LogLayout.segmentIndex(ofSeq: storedHead + 1) {
                let data: Data
                do {
                    data = try reader.readSegment(log.segments[index]!)
                } catch {
                    report.rejected.append(.init(device: device, seq: nil, eventID: nil, reason: "segment \(index) refused: \(error)"))
                    break
                }
                // Split as an array: slicing Data byte by byte cost more than checking the lines.
                let lines = [UInt8](data).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                for (offset, line) in lines.enumerated() {
                    let seq = Int64(index) * LogLayout.segmentSize + Int64(offset) + 1
                    guard seq > storedHead, !line.isEmpty else { continue }
                    guard offset < Int(LogLayout.segmentSize) else {
                        report.rejected.append(.init(device: device, seq: seq, eventID: nil, reason: "segment \(index) holds more than \(LogLayout.segmentSize) events"))
                        break
                    }
                    // Checked, not repaired: a replaced byte would only surface as a bad signature.
                    guard let text = String(validating: line, as: UTF8.self) else {
                        report.rejected.append(.init(device: device, seq: seq, eventID: nil, reason: "the line is not UTF-8 text"))
                        continue
                    }
                    do {
                        batch.append(try codec.decode(text))
                        seqs.append(seq)
                    } catch {
                        report.rejected.append(.init(device: device, seq: seq, eventID: nil, reason: "\(error)"))
                    }
                }
                if batch.count >= BranchImporter.batchSize { try importBatch() }
            }
            try importBatch()
        }
    }
}
