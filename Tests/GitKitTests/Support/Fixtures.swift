import Foundation
import GitKit
import GitTestSupport

/// The fixed signature every test commit uses.
let testSignature = Signature(
    name: "Follow Up Test", email: "test@example.invalid", time: Date(timeIntervalSince1970: 1_700_000_000),
    timeZoneOffsetMinutes: 60)

extension Repository {
    /// Writes `files` (path → text) on top of `parent`'s tree and commits them; returns the commit.
    func commitFiles(_ files: [String: String], parent: ObjectID?, message: String = "test commit\n") throws -> ObjectID {
        let base = try parent.map { try commit($0).tree }
        var builder = TreeBuilder(repository: self, base: base)
        for (path, text) in files {
            try builder.insert(try writeBlob(Data(text.utf8)), at: path)
        }
        return try createCommit(
            tree: try builder.write(), parents: parent.map { [$0] } ?? [], message: message, author: testSignature)
    }
}

/// Measures how long `body` takes, in seconds.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    let elapsed = clock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
