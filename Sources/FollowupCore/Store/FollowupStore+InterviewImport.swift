import Foundation
import GRDB

extension FollowupStore {
    /// Adds every interview of a spreadsheet (CSV text) in one transaction, or none: any bad row,
    /// or a ref already used (in the store or higher up the file), refuses the whole file with
    /// every problem listed. With `dryRun` the checks run and nothing is written.
    public func importInterviews(csv text: String, dryRun: Bool, now: Date = Date(),
                                 timeZone: TimeZone = .current) throws -> [InterviewSheet.Entry] {
        let (entries, sheetProblems) = InterviewSheet.read(text, now: now, timeZone: timeZone)
        var problems = sheetProblems
        func checkRefs(_ db: Database) throws {
            var firstRow: [String: Int] = [:]
            for entry in entries {
                let ref = entry.input.ref
                if let row = firstRow[ref] {
                    problems.append(SheetProblem(row: entry.row, column: "ref", message: "'\(ref)' is also on row \(row); each ref must be unique"))
                } else if try refExists(ref, db) {
                    problems.append(SheetProblem(row: entry.row, column: "ref", message: "an interview '\(ref)' exists already; choose another ref"))
                }
                firstRow[ref] = firstRow[ref] ?? entry.row
            }
            if !problems.isEmpty { throw ImportError(problems: problems.sorted { $0.row < $1.row }) }
        }
        if dryRun {
            try read { db in try checkRefs(db) }
            return entries
        }
        return try write { db in
            try checkRefs(db)
            return try entries.map { entry in
                var entry = entry
                let id = Event.newID()
                _ = try append(db, id: id, type: .interviewAdded, interview: id,
                           occurred: FollowupStore.seconds(entry.input.startsAt),
                           payload: try FollowupStore.details(of: entry.input).payload)
                entry.id = id
                return entry
            }
        }
    }
}
