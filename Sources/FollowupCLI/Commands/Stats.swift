import ArgumentParser
import FollowupCore
import Foundation

struct Stats: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "How the follow-up went, per company and overall.",
        discussion: """
            Thank-yous sent within thank-you.hours of the interview's end (of those sent or overdue), \
            the median days until the employer first replied after an interview, check-ins per \
            interview, and outcomes. Outcomes count applications: an interview and its later rounds \
            (interview add --round-of) are one application, counted by its last round's outcome.
            Examples:
              followup stats
              followup stats --json | jq .overall
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .asOf, help: .asOf) var now: String?
    @Flag(help: "Print JSON: {thankYouHours, overall, companies}.") var json = false

    func run(_ store: FollowupStore) throws {
        let asOf = try parseAsOf(now)
        let stats = try store.stats(now: asOf ?? Date(), asOf: asOf)
        if json {
            Console.out(JSONRendering.stats(stats).prettyString)
            return
        }
        guard stats.overall.interviews > 0 else {
            Console.out("no interviews yet; add one with 'followup interview add'")
            return
        }
        var table = Table("COMPANY", "APPLICATIONS", "INTERVIEWS", "THANK-YOU ≤\(stats.thankYouHours)H", "DAYS TO REPLY (MEDIAN)",
                          "CHECK-INS/INTERVIEW", "OUTCOMES PER APPLICATION")
        func add(_ name: String, _ figures: FollowUpStats.Figures) {
            let thankYous = figures.thankYous == 0 ? "-"
                : "\(figures.thankYousOnTime)/\(figures.thankYous) (\(Int((figures.onTimeShare! * 100).rounded()))%)"
            let outcomes = FollowUpStats.outcomeKeys.compactMap { key in
                figures.outcomes[key].map { "\(key) \($0)" }
            }.joined(separator: ", ")
            table.add(name, String(figures.applications), String(figures.interviews), thankYous,
                      figures.medianDaysToReply.map { Stats.oneDecimal($0) + " (\(figures.replied) replied)" } ?? "-",
                      figures.checkInsPerInterview.map(Stats.oneDecimal) ?? "-", outcomes)
        }
        stats.companies.forEach { add($0.name, $0.figures) }
        add("all", stats.overall)
        Console.out(table.render())
    }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
