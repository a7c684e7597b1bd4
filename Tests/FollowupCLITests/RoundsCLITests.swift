import Foundation
import Testing

/// Rounds of one application (`interview add … --round-of`), as the user sees them.
@Suite("Rounds of one application, on the command line")
struct RoundsCLITests {
    /// A store holding `acme-1` (Wed 18 Nov 2026, 11:00 Berlin, with Jane Doe), `globex` the day
    /// after, and `acme-vp` (Tue 24 Nov, with Bob Lee) as acme-1's second round unless `linked` is false.
    func storeWithRounds(linked: Bool = true, _ cli: CLI = CLI()) throws -> CLI {
        #expect(try cli.run("init", "--device", "laptop").status == 0)
        try add(cli, "acme-1", "--company", "Acme", "--at", "2026-11-18 11:00", "--interviewer", "Jane Doe")
        try add(cli, "globex", "--company", "Globex", "--at", "2026-11-19 11:00")
        try add(cli, ["acme-vp", "--company", "Acme", "--at", "2026-11-24 11:00", "--interviewer", "Bob Lee"]
                + (linked ? ["--round-of", "acme-1"] : []))
        return cli
    }

    func add(_ cli: CLI, _ arguments: String...) throws { try add(cli, arguments) }

    func add(_ cli: CLI, _ arguments: [String]) throws {
        let added = try cli.run(["interview", "add"] + arguments + ["--role", "iOS Engineer"])
        #expect(added.status == 0, "\(added.stderr)")
    }

    /// A laptop and a desktop syncing through one remote, both holding acme-1 and acme-vp
    /// (entered on the laptop, as its round when `linked`).
    func twoMachinesWithTwoRounds(linked: Bool) throws -> (laptop: CLI, desktop: CLI) {
        let remote = try CLI.bareRemote()
        let laptop = try CLI.syncingMachine("laptop", remote: remote.path)
        let desktop = try CLI.syncingMachine("desktop", remote: remote.path)
        try add(laptop, "acme-1", "--company", "Acme", "--at", "2026-11-18 11:00", "--interviewer", "Jane Doe")
        try add(laptop, ["acme-vp", "--company", "Acme", "--at", "2026-11-24 11:00"] + (linked ? ["--round-of", "acme-1"] : []))
        #expect(try laptop.run("sync").status == 0)
        #expect(try desktop.run("sync").status == 0)
        return (laptop, desktop)
    }

    func jsonArray(_ cli: CLI, _ arguments: String...) throws -> [[String: Any]] {
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    func due(_ cli: CLI, now: String, ref: String) throws -> [String] {
        try jsonArray(cli, "due", "--all", "--json", "--now", now).filter { $0["ref"] as? String == ref }
            .compactMap { $0["rule"] as? String }.sorted()
    }

    @Test("status lists an application's rounds together with their numbers; --json carries the application and round")
    func statusGroupsRounds() throws {
        let cli = try storeWithRounds()
        let table = try cli.run("status", "--now", "2026-11-25 12:00")
        #expect(table.status == 0, "\(table.stderr)")
        let refs = table.stdout.split(separator: "\n").dropFirst().map { $0.prefix(22).trimmingCharacters(in: .whitespaces) }
        #expect(refs == ["acme-1 (round 1/2)", "acme-vp (round 2/2)", "globex"], "\(table.stdout)")
        let listed = try jsonArray(cli, "status", "--json", "--now", "2026-11-25 12:00")
        #expect(listed.compactMap { $0["ref"] as? String } == ["acme-1", "acme-vp", "globex"])
        #expect(listed.compactMap { $0["application"] as? String } == ["acme-1", "acme-1", "globex"])
        #expect(listed.compactMap { $0["round"] as? Int } == [1, 2, 1])
        #expect(listed.compactMap { $0["rounds"] as? Int } == [2, 2, 1])
    }

    @Test("an offer on the second round closes the first round's items: nothing left to chase")
    func outcomeClosesOtherRounds() throws {
        let cli = try storeWithRounds()
        #expect(try due(cli, now: "2026-11-25 12:00", ref: "acme-1") == ["thank-you"])
        #expect(try cli.run("log", "outcome", "acme-vp", "offer", "--at", "2026-11-25 10:00").status == 0)
        #expect(try due(cli, now: "2026-11-25 12:00", ref: "acme-1") == [])
        let shown = try cli.run("interview", "show", "acme-1")
        #expect(shown.stdout.contains("  state         closed (offer), recorded on acme-vp\n"), "\(shown.stdout)")
        #expect(shown.stdout.contains("  round         1 of 2 of the application acme-1\n"))
    }

    @Test("being invited to a later round answers the first round's next-steps and check-in, but its thank-you stays due")
    func laterRoundAnswersNextSteps() throws {
        let alone = try storeWithRounds(linked: false)
        #expect(try due(alone, now: "2026-11-25 12:00", ref: "acme-1") == ["check-in", "next-steps", "thank-you"])
        let linked = try storeWithRounds()
        #expect(try due(linked, now: "2026-11-25 12:00", ref: "acme-1") == ["thank-you"])
        #expect(try due(linked, now: "2026-11-25 12:00", ref: "acme-vp").contains("next-steps"))
    }

    @Test("stats counts applications, not rounds, and says so")
    func statsCountApplications() throws {
        let cli = try storeWithRounds()
        #expect(try cli.run("log", "outcome", "acme-vp", "offer", "--at", "2026-11-25 10:00").status == 0)
        let result = try cli.run("stats", "--json", "--now", "2026-11-26 12:00")
        let stats = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let overall = try #require(stats?["overall"] as? [String: Any])
        #expect(overall["interviews"] as? Int == 3)
        #expect(overall["applications"] as? Int == 2)
        #expect((overall["outcomes"] as? [String: Int])?["offer"] == 1)
        #expect((overall["outcomes"] as? [String: Int])?["open"] == 1)
        let table = try cli.run("stats", "--now", "2026-11-26 12:00")
        #expect(table.stdout.hasPrefix("COMPANY  APPLICATIONS  INTERVIEWS  THANK-YOU ≤24H"), "\(table.stdout)")
        #expect(table.stdout.split(separator: "\n").first?.hasSuffix("OUTCOMES PER APPLICATION") == true)
        #expect(table.stdout.split(separator: "\n").contains { $0.hasPrefix("Acme ") && $0.contains(" offer 1") })
    }

    @Test("interview edit --round-of links a round entered without it, and the timeline shows the edit")
    func editLinksForgottenRound() throws {
        let cli = try storeWithRounds(linked: false)
        let edited = try cli.run("interview", "edit", "acme-vp", "--round-of", "acme-1")
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect(try due(cli, now: CLI.afterEdits, ref: "acme-1") == ["thank-you"])
        // As of a moment before the link was made, the rounds still stand alone.
        #expect(try due(cli, now: "2026-11-25 12:00", ref: "acme-1") == ["check-in", "next-steps", "thank-you"])
        #expect(try cli.run("timeline", "acme-vp").stdout.contains("edited: round of acme-1"))
        let again = try cli.run("interview", "edit", "acme-vp", "--round-of", "acme-1")
        #expect(again.stderr == "followup: nothing to change: acme-vp already holds these values; give --company, --role, --at, "
            + "--duration, --decision-by, --add-interviewer, --remove-interviewer, --point or --round-of with a new value\n")
    }

    @Test("timeline and the report say which round an interview was added as a round of, not only for an edit")
    func addedRoundInTimeline() throws {
        let cli = try storeWithRounds()
        let timeline = try cli.run("timeline", "acme-vp")
        #expect(timeline.status == 0, "\(timeline.stderr)")
        let added = timeline.stdout.split(separator: "\n").first { $0.contains(" interview-added ") }
        #expect(added?.hasSuffix("  iOS Engineer at Acme (round of acme-1)  \(added?.suffix(8) ?? "")") == true, "\(timeline.stdout)")
        let first = try cli.run("timeline", "acme-1").stdout.split(separator: "\n").first { $0.contains(" interview-added ") }
        #expect(first?.contains("  iOS Engineer at Acme  ") == true, "\(first ?? "")")
        let report = try cli.run("report")
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains(">iOS Engineer at Acme (round of acme-1)<"))
    }

    /// The ROUND cell of each row of `interview list`, by the header's column positions.
    func listedRounds(_ cli: CLI) throws -> [String: String] {
        let listed = try cli.run("interview", "list")
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        guard let header = lines.first, let start = header.range(of: "ROUND")?.lowerBound,
              let end = header.range(of: "INTERVIEWERS")?.lowerBound else { return [:] }
        let columns = header.distance(from: header.startIndex, to: start)..<header.distance(from: header.startIndex, to: end)
        var rounds: [String: String] = [:]
        for line in lines.dropFirst() {
            let characters = Array(line)
            let ref = String(characters.prefix { $0 != " " })
            rounds[ref] = String(characters[min(columns.lowerBound, characters.count)..<min(columns.upperBound, characters.count)])
                .trimmingCharacters(in: .whitespaces)
        }
        return rounds
    }

    @Test("interview list shows each interview's round and application, as status does, in its table and JSON")
    func listShowsRounds() throws {
        let cli = try storeWithRounds()
        #expect(try listedRounds(cli) == ["acme-1": "1/2 of acme-1", "acme-vp": "2/2 of acme-1", "globex": "—"])
        let listed = try jsonArray(cli, "interview", "list", "--json")
        #expect(listed.compactMap { $0["ref"] as? String } == ["acme-1", "acme-vp", "globex"])
        #expect(listed.compactMap { $0["application"] as? String } == ["acme-1", "acme-1", "globex"])
        #expect(listed.compactMap { $0["round"] as? Int } == [1, 2, 1])
        #expect(listed.compactMap { $0["rounds"] as? Int } == [2, 2, 1])
        let alone = try storeWithRounds(linked: false)
        let header = try alone.run("interview", "list").stdout.split(separator: "\n").first
        #expect(header == "REF      COMPANY  ROLE          WHEN              STATE   INTERVIEWERS")
    }

    @Test("interview edit --no-round-of undoes a link made by mistake: the round is its own application again, its items back")
    func editUnlinksRound() throws {
        let cli = try storeWithRounds()
        #expect(try due(cli, now: "2026-11-25 12:00", ref: "acme-1") == ["thank-you"])
        let unlinked = try cli.run("interview", "edit", "acme-vp", "--no-round-of")
        #expect(unlinked.status == 0, "\(unlinked.stderr)")
        #expect(unlinked.stderr.isEmpty)
        #expect(try due(cli, now: CLI.afterEdits, ref: "acme-1") == ["check-in", "next-steps", "thank-you"])
        let listed = try jsonArray(cli, "status", "--json", "--now", CLI.afterEdits)
        #expect(listed.compactMap { $0["ref"] as? String } == ["acme-1", "globex", "acme-vp"])
        #expect(listed.compactMap { $0["application"] as? String } == ["acme-1", "globex", "acme-vp"])
        #expect(listed.compactMap { $0["rounds"] as? Int } == [1, 1, 1])
        #expect(try cli.run("timeline", "acme-vp").stdout.contains("  edited: no longer a round of acme-1  "))
        #expect(try cli.run("replay").stdout.contains("the live state matches the log"))
        // Linked again, the unlinking stays in the timeline and the later edit wins.
        #expect(try cli.run("interview", "edit", "acme-vp", "--round-of", "acme-1").status == 0)
        #expect(try due(cli, now: "2026-11-25 12:00", ref: "acme-1") == ["thank-you"])
    }

    @Test("--no-round-of on an interview that is no round of another, or with --round-of, is refused with one line, nothing changed",
          arguments: [
        (["interview", "edit", "globex", "--no-round-of"], 64,
         "followup: nothing to change: globex is not a round of another interview; --no-round-of removes the link from the "
            + "later round, the one that was given --round-of\n"),
        (["interview", "edit", "acme-1", "--no-round-of"], 64,
         "followup: nothing to change: acme-1 is not a round of another interview; --no-round-of removes the link from the "
            + "later round, the one that was given --round-of\n"),
        (["interview", "edit", "acme-vp", "--no-round-of", "--round-of", "acme-1"], 64,
         "followup: --round-of acme-1 and --no-round-of contradict each other; give one of them\n"),
    ] as [([String], Int32, String)])
    func badUnlinks(arguments: [String], status: Int32, message: String) throws {
        let cli = try storeWithRounds()
        let before = cli.snapshot()
        let result = try cli.run(arguments)
        #expect(result.status == status)
        #expect(result.stderr == message)
        #expect(result.stdout.isEmpty)
        #expect(cli.snapshot() == before)
    }

    @Test("a round of an unknown ref, of itself, in a loop, or of another company is refused with one line, nothing changed", arguments: [
        (["interview", "add", "acme-2", "--company", "Acme", "--role", "Eng", "--at", "2026-11-26 10:00", "--round-of", "acme-l"],
         "followup: no interview 'acme-l'; did you mean 'acme-1'? 'followup interview list' shows the refs\n"),
        (["interview", "add", "acme-2", "--company", "Acme", "--role", "Eng", "--at", "2026-11-26 10:00", "--round-of", "acme-2"],
         "followup: acme-2 cannot be a round of itself; name an earlier interview of the same application\n"),
        (["interview", "edit", "acme-vp", "--round-of", "acme-vp"],
         "followup: acme-vp cannot be a round of itself; name an earlier interview of the same application\n"),
        (["interview", "edit", "acme-1", "--round-of", "acme-vp"],
         "followup: acme-vp is already a later round of acme-1, so acme-1 cannot be a round of it (rounds cannot go in a loop); "
            + "nothing was changed: acme-vp is the later round, linked to acme-1 already\n"),
        (["interview", "edit", "globex", "--round-of", "acme-1"],
         "followup: globex is with Globex but acme-1 is with Acme: rounds of one application are with one employer; "
            + "if a company is misspelt, correct it first ('followup interview edit acme-1 --company NAME', or --company of globex), "
            + "then link the round\n"),
    ])
    func badRounds(arguments: [String], message: String) throws {
        let cli = try storeWithRounds()
        let events = try jsonArray(cli, "timeline", "--json").count
        let before = cli.snapshot()
        let result = try cli.run(arguments)
        #expect(result.status == 65)
        #expect(result.stderr == message)
        #expect(result.stdout.isEmpty)
        #expect(cli.snapshot() == before)
        #expect(try jsonArray(cli, "timeline", "--json").count == events)
    }

    @Test("a round linked on the laptop reaches the desktop through sync, grouped and closed the same way")
    func roundLinkSyncs() throws {
        let (laptop, desktop) = try twoMachinesWithTwoRounds(linked: false)
        // The link is made on the laptop after the desktop has both rounds.
        #expect(try laptop.run("interview", "edit", "acme-vp", "--round-of", "acme-1").status == 0)
        #expect(try laptop.run("log", "outcome", "acme-vp", "rejected", "--at", "2026-11-25 10:00").status == 0)
        #expect(try laptop.run("sync").status == 0)
        let synced = try desktop.run("sync")
        #expect(synced.status == 0, "\(synced.stderr)")
        let listed = try jsonArray(desktop, "status", "--json", "--now", CLI.afterEdits)
        #expect(listed.compactMap { $0["round"] as? Int } == [1, 2])
        #expect(listed.first?["outcome"] as? String == "rejected")
        #expect(listed.first?["outcomeRound"] as? String == "acme-vp")
        #expect(try due(desktop, now: CLI.afterEdits, ref: "acme-1") == [])
        #expect(try desktop.run("replay").stdout.contains("the live state matches the log"))
    }

    @Test("a link removed on the laptop is removed on the desktop after sync: the unlinking amendment is accepted there")
    func roundUnlinkSyncs() throws {
        let (laptop, desktop) = try twoMachinesWithTwoRounds(linked: true)
        #expect(try due(desktop, now: "2026-11-25 12:00", ref: "acme-1") == ["thank-you"])
        #expect(try laptop.run("interview", "edit", "acme-vp", "--no-round-of").status == 0)
        #expect(try laptop.run("sync").status == 0)
        let synced = try desktop.run("sync")
        #expect(synced.status == 0, "\(synced.stderr)")
        let listed = try jsonArray(desktop, "status", "--json", "--now", CLI.afterEdits)
        #expect(listed.compactMap { $0["rounds"] as? Int } == [1, 1])
        #expect(try due(desktop, now: CLI.afterEdits, ref: "acme-1") == ["check-in", "next-steps", "thank-you"])
        #expect(try desktop.run("verify").status == 0)
        #expect(try desktop.run("replay").stdout.contains("the live state matches the log"))
    }
}
