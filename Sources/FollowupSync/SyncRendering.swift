import FollowupCore
import Foundation
import GitKit

/// The human and `--json` forms of a sync report (documented in docs/sync-protocol.md).
public enum SyncRendering {
    /// `--verbose`: how the remote is reached, one line for stderr.
    public static func transport(_ remote: SyncRemote, ssh: SSHTransport) -> String {
        guard let address = SSHAddress(url: remote.url), !FileManager.default.fileExists(atPath: remote.url) else {
            return "sync: \(remote.name) is \(remote.url), reached through libgit2\n"
        }
        return "sync: \(remote.name) is \(remote.url), reached over ssh at \(address.destination) with \(ssh)\n"
    }

    public static func text(_ report: SyncReport, names: [String: String]) -> String {
        var parts = ["sent \(report.sent)", "received \(report.receivedTotal)"]
        if !report.received.isEmpty {
            parts[1] += " (" + report.received.sorted { $0.key < $1.key }
                .map { "\($0.value) from \(names[$0.key] ?? $0.key)" }.joined(separator: ", ") + ")"
        }
        if !report.rejected.isEmpty { parts.append("refused \(report.rejected.count)") }
        if !report.forks.isEmpty { parts.append("forks \(report.forks.count)") }
        var line = "synced with \(report.remote): " + parts.joined(separator: ", ")
        if report.remoteRewritten { line += "; the remote's history had been rewritten, missing events were pushed again" }
        if report.rounds > 1 { line += " (\(report.rounds) rounds: the remote moved meanwhile)" }
        return line
    }

    public static func rejection(_ rejection: ImportReport.Rejection, names: [String: String]) -> String {
        var subject: [String] = []
        if let device = rejection.device { subject.append("device \(names[device] ?? device)") }
        if let seq = rejection.seq { subject.append("seq \(seq)") }
        if let id = rejection.eventID { subject.append("event \(id)") }
        return (subject.isEmpty ? "" : subject.joined(separator: ", ") + ": ") + rejection.reason
    }

    public static func json(_ report: SyncReport, names: [String: String]) -> JSONValue {
        .object([
            "remote": .string(report.remote),
            "sent": .int(Int64(report.sent)),
            "received": .int(Int64(report.receivedTotal)),
            "receivedByDevice": .object(report.received.reduce(into: [:]) { $0[$1.key] = .int(Int64($1.value)) }),
            "deviceNames": .object(report.received.keys.reduce(into: [:]) { $0[$1] = .string(names[$1] ?? $1) }),
            "alreadyPresent": .int(Int64(report.alreadyPresent)),
            "rejected": .array(report.rejected.map { rejection in
                .object([
                    "device": rejection.device.map(JSONValue.string) ?? .null,
                    "seq": rejection.seq.map(JSONValue.int) ?? .null,
                    "event": rejection.eventID.map(JSONValue.string) ?? .null,
                    "reason": .string(rejection.reason),
                ])
            }),
            "forks": .array(report.forks.map(JSONValue.string)),
            "remoteRewritten": .bool(report.remoteRewritten),
            "rounds": .int(Int64(report.rounds)),
            "pushed": .bool(report.pushed),
        ])
    }
}
