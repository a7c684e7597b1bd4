import Foundation
import Testing
@testable import FollowupCore

@Suite("Schema files")
struct SchemaTests {
    @Test("the embedded migrations are exactly Schema/*.sql, in order (run 'make schema' if not)")
    func embeddedCopyMatches() throws {
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Schema")
        let files = try FileManager.default.contentsOfDirectory(atPath: schema.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.map { String($0.dropLast(4)) } == GeneratedSchema.migrations.map(\.identifier))
        for (file, migration) in zip(files, GeneratedSchema.migrations) {
            let text = try String(contentsOf: schema.appendingPathComponent(file), encoding: .utf8)
            #expect(text == migration.sql + "\n" || text == migration.sql, "\(file) differs from its embedded copy")
        }
    }
}
