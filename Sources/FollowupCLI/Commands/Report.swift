import ArgumentParser
import FollowupCore
import Foundation

struct Report: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the search as one HTML file: the board, timelines, how it went, and a record of activity to sign.",
        discussion: """
            The file stands alone (inline CSS and SVG, no script, nothing fetched), reads on a phone and \
            prints on A4 or Letter. --since and --until bound the record of activity; a plain date means \
            the whole day (--until 2026-11-30 includes the 30th). Without either, the record covers the \
            last 90 days, today included; --since with an early date gives the whole log.
            Examples:
              followup report --out search.html
              followup report --since 2026-11-01 --until 2026-11-30 --out november.html
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("The record of activity starts then (a date: at its start).", valueName: "WHEN")) var since: String?
    @Option(help: ArgumentHelp("The record of activity ends then (a date: at its end).", valueName: "WHEN")) var until: String?
    @Option(help: ArgumentHelp("Write the HTML to FILE instead of standard output.", valueName: "FILE"), completion: .file())
    var out: String?
    @Option(help: ArgumentHelp("Evaluate at this moment instead of now.", valueName: "WHEN")) var now: String?

    func validate() throws {
        if let out, out.isEmpty { throw ValidationError("--out needs a file name") }
        let period = try self.period(now: Date())
        if let since = period?.since, let until = period?.until, since >= until {
            throw ValidationError("--since must be before --until")
        }
    }

    /// Nil when neither end is given: the core then picks its default period.
    func period(now: Date) throws -> ReportPeriod? {
        guard since != nil || until != nil else { return nil }
        func bound(_ text: String?, _ option: String, end: Bool) throws -> Int64? {
            guard let text else { return nil }
            do { return try ReportPeriod.bound(text, end: end, now: now) } catch {
                throw ValidationError("\(option): \(error.description)")
            }
        }
        return ReportPeriod(since: try bound(since, "--since", end: false), until: try bound(until, "--until", end: true))
    }

    func run(_ store: FollowupStore) throws {
        let moment = try parseWhen(now, option: "--now") ?? Date()
        var html = ReportHTML.render(try store.searchReport(period: try period(now: moment), now: moment))
        // Written from the string's own bytes: a report of a long search is hundreds of megabytes.
        try html.withUTF8 { bytes in
            let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!), count: bytes.count,
                            deallocator: .none)
            guard let out else {
                FileHandle.standardOutput.write(data)
                return
            }
            do {
                try data.write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                Console.error("cannot write the report to \(out): \((error as NSError).localizedDescription); check the path and its directory")
                throw ExitCode(ExitStatus.ioError)
            }
        }
    }
}
