import Foundation

/// Something wrong with one row (and column) of an imported spreadsheet.
public struct SheetProblem: Equatable, Sendable, CustomStringConvertible {
    /// The spreadsheet row: 1 is the header.
    public var row: Int
    public var column: String?
    public var message: String

    public var description: String {
        "row \(row)" + (column.map { ", column \($0)" } ?? "") + ": " + message
    }
}

/// The rows of a spreadsheet that were refused; nothing was imported.
public struct ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [SheetProblem]

    public var description: String {
        "nothing imported: \(problems.count) problem\(problems.count == 1 ? "" : "s") in the file; fix "
            + (problems.count == 1 ? "it" : "them") + " and import again"
    }
}

/// Interviews from a spreadsheet saved as CSV: a header row naming the columns, then one
/// interview per row. The columns are documented in docs/cli.md (`import`).
public enum InterviewSheet {
    public static let columns = ["ref", "company", "role", "at", "duration", "interviewers", "points", "decision_by"]
    public static let requiredColumns = ["ref", "company", "role", "at"]
    /// Separates several interviewers or points within one cell.
    public static let listSeparator: Character = ";"

    /// The column a header names, however a spreadsheet spelled it: case, spaces, `-` and `_`
    /// do not matter, so "Decision By", "decision-by" and "DecisionBy" are all `decision_by`.
    public static func column(named header: String) -> String? {
        func letters(_ text: String) -> String { String(text.lowercased().filter { $0.isLetter || $0.isNumber }) }
        let wanted = letters(header)
        return columns.first { letters($0) == wanted }
    }

    /// One row read into an interview.
    public struct Entry: Sendable {
        public var row: Int
        public var input: InterviewInput
        /// The new interview's id, once imported.
        public var id: String?
    }

    /// Reads every row, collecting every problem rather than stopping at the first.
    public static func read(_ text: String, now: Date, timeZone: TimeZone = .current) -> (entries: [Entry], problems: [SheetProblem]) {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text)
        } catch {
            switch error {
            case .unterminatedQuote(let record, _), .textAfterQuote(let record, _):
                return ([], [SheetProblem(row: record, column: nil, message: error.description.components(separatedBy: ": ").dropFirst().joined(separator: ": "))])
            }
        }
        guard let header = records.first else {
            return ([], [SheetProblem(row: 1, column: nil, message: "the file is empty; the first row names the columns: \(columns.joined(separator: ","))")])
        }
        var problems: [SheetProblem] = []
        var index: [String: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            guard let key = column(named: name) else {
                problems.append(SheetProblem(row: 1, column: nil, message: "unknown column '\(name.trimmingSpaces())'; the columns are \(columns.joined(separator: ", "))"))
                continue
            }
            if let first = index[key] {
                problems.append(SheetProblem(row: 1, column: key, message: "the column appears twice ('\(header.fields[first])' and '\(name)')"))
            } else {
                index[key] = position
            }
        }
        for required in requiredColumns where index[required] == nil {
            problems.append(SheetProblem(row: 1, column: nil, message: "the column '\(required)' is missing; \(requiredColumns.joined(separator: ", ")) are required"))
        }
        guard problems.isEmpty else { return ([], problems) }

        let parser = WhenParser(now: now, timeZone: timeZone)
        var entries: [Entry] = []
        for (offset, record) in records.enumerated().dropFirst() {
            let row = offset + 1
            if record.fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            guard record.fields.count == header.fields.count else {
                problems.append(SheetProblem(row: row, column: nil,
                                             message: "\(record.fields.count) fields, but the header has \(header.fields.count)"))
                continue
            }
            if let entry = readRow(record.fields, row: row, index: index, parser: parser, problems: &problems) {
                entries.append(entry)
            }
        }
        if entries.isEmpty, problems.isEmpty {
            problems.append(SheetProblem(row: 2, column: nil, message: "no interviews below the header"))
        }
        return (entries, problems)
    }

    private static func readRow(_ fields: [String], row: Int, index: [String: Int], parser: WhenParser,
                                problems: inout [SheetProblem]) -> Entry? {
        let before = problems.count
        func cell(_ column: String) -> String? {
            index[column].map { fields[$0].trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func problem(_ column: String, _ message: String) {
            problems.append(SheetProblem(row: row, column: column, message: message))
        }
        func check(_ column: String, _ body: () throws -> Void) {
            do { try body() } catch let error as StoreError { problem(column, error.description) } catch { problem(column, "\(error)") }
        }
        func list(_ column: String) -> [String] {
            (cell(column) ?? "").split(separator: listSeparator).map { $0.trimmingWhitespace() }
                .filter { !$0.isEmpty }
        }

        let ref = cell("ref") ?? ""
        if !InterviewRef.isValid(ref) {
            problem("ref", ref.isEmpty ? "the ref is required" : "'\(ref)' is not a valid ref: use lowercase letters, digits, '-', '_' and '.' (at most 64), like acme-onsite")
        }
        check("company") { _ = try FollowupStore.text(cell("company"), field: "company", required: true) }
        check("role") { _ = try FollowupStore.text(cell("role"), field: "role", required: true) }
        var startsAt: Date?
        if let at = cell("at") {
            // A sheet of interviews records what happened: "Nov 20" or "friday" is the last one,
            // today included, as for 'log --at'. A full date may still be in the future.
            do { startsAt = try parser.parse(at, prefer: .past) } catch { problem("at", error.description) }
        } else {
            problem("at", "when the interview starts is required, like 2026-11-27 14:00")
        }
        var minutes = 60
        if let duration = cell("duration") {
            if let parsed = DurationInput.minutes(duration) { minutes = parsed } else {
                problem("duration", "'\(duration)' is not a length; use 45m, 1h or 1h30m (at most 24h)")
            }
        }
        var interviewers: [Interviewer] = []
        for text in list("interviewers") {
            if let person = Interviewer(parsing: text) { interviewers.append(person) } else {
                problem("interviewers", "'\(text)' is not a person; use \"Jane Doe\" or \"Jane Doe <jane@acme.com>\", separated by ;")
            }
        }
        let points = list("points")
        check("points") { for point in points { _ = try FollowupStore.text(point, field: "point", required: true) } }
        var decisionBy: Date?
        if let text = cell("decision_by") {
            // The interview's future, counted from its own day as `--decision-by` is.
            do { decisionBy = try parser.parse(text, prefer: .future, relativeTo: startsAt ?? parser.now).date } catch {
                problem("decision_by", error.description)
            }
        }
        guard problems.count == before, let startsAt else { return nil }
        let input = InterviewInput(ref: ref, company: cell("company")!, role: cell("role")!, startsAt: startsAt,
                                   durationMinutes: minutes, interviewers: interviewers, points: points, decisionBy: decisionBy)
        check("interviewers") { _ = try FollowupStore.details(of: input) }
        return problems.count == before ? Entry(row: row, input: input) : nil
    }
}
