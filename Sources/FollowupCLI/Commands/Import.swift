import ArgumentParser
import FollowupCore
import Foundation
import ProgramSupport

struct Import: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add interviews from a spreadsheet saved as CSV; prints each new interview's id.",
        discussion: """
            The first row names the columns: ref, company, role, at (required), duration, interviewers, \
            points, decision_by. Several interviewers or points in one cell are separated by ';'. Every \
            row is checked first: one bad row and nothing is imported, with each problem listed by row \
            and column.
            Examples:
              followup import --format csv interviews.csv --dry-run
              followup import --format csv interviews.csv
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv }

    /// Spreadsheets of interviews are small; a larger file is a mistake.
    static let maximumBytes = 16 << 20

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The file's format: csv.") var format: Format = .csv
    @Argument(help: "The CSV file, or - for standard input.", completion: .file(extensions: ["csv"])) var file: String
    @Flag(help: "Check every row and show what would be imported, without writing anything.") var dryRun = false

    func run(_ store: FollowupStore) throws {
        let text = try TextInput.read(file, maximumBytes: Import.maximumBytes) { problem in
            switch problem {
            case .unreadable: "cannot read '\(file)'; give the path of a CSV file, or - for standard input"
            case .tooLarge: "'\(file)' is larger than \(Import.maximumBytes >> 20) MiB; split it"
            case .notUTF8: "'\(file)' is not UTF-8 text; save the spreadsheet as CSV UTF-8"
            }
        }
        let entries: [InterviewSheet.Entry]
        do {
            entries = try store.importInterviews(csv: text, dryRun: dryRun)
        } catch let error as ImportError {
            error.problems.forEach { Console.error($0.description) }
            Console.error(error.description)
            throw ExitCode(ExitStatus.dataError)
        }
        guard dryRun else {
            entries.forEach { Console.out($0.id ?? "") }
            return
        }
        var table = Table("ROW", "REF", "COMPANY", "ROLE", "AT", "INTERVIEWERS")
        for entry in entries {
            let input = entry.input
            table.add(String(entry.row), input.ref, input.company, input.role,
                      LocalTime.format(Int64(input.startsAt.timeIntervalSince1970)),
                      input.interviewers.map(\.name).joined(separator: ", "))
        }
        Console.out(table.render())
        Console.out("dry run: \(entries.count) interview\(entries.count == 1 ? "" : "s") would be imported; nothing was written")
    }
}
