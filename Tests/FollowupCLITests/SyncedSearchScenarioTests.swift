import Foundation
import Testing

/// Issue 14's scenario: a job search of five interviews over two weeks, two of them rounds of
/// one application (Hooli), typed on two machines that sync through one bare remote: a laptop
/// that logs things the day they happen and a desktop that enters some of them days late with
/// `--at`, and once logs what the laptop logged already. Each day, after the machines synced, both give the same `due` and `status`,
/// and that is what docs/rules.md (the article's advice) says for that day.
///
/// Times are Europe/Berlin (the CLI's TZ), UTC+1 all November. Every `--now` is a day of the
/// search, and means the state as of then (docs/cli.md): an action counts from its `--at`, and
/// an interview, typed in after it took place, from its start. So a day checked again after
/// something was typed in late shows what really was due that day.
@Suite("a two-week search, typed late on two synced machines")
struct SyncedSearchScenarioTests {
    /// One of the two machines.
    struct Machine {
        let name: String
        let cli: CLI

        /// A command that must succeed; its outputs.
        @discardableResult
        func run(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> CLI.Result {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(name): followup \(arguments.joined(separator: " ")): \(result.stderr)",
                    sourceLocation: sourceLocation)
            return result
        }

        func json(_ arguments: String...) throws -> [[String: Any]] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(name): followup \(arguments.joined(separator: " ")): \(result.stderr)")
            return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        }

        /// What `due` lists at `now`, in its order, as `ref rule [to] [(optional)] [(overdue)]`.
        func due(at now: String) throws -> [String] {
            try json("due", "--json", "--now", now).map { item in
                [item["ref"] as? String, item["rule"] as? String, item["to"] as? String,
                 item["optional"] as? Bool == true ? "(optional)" : nil, item["overdue"] as? Bool == true ? "(overdue)" : nil]
                    .compactMap { $0 }.joined(separator: " ")
            }
        }

        /// When `due --all` says the `rule` item of `ref` is due, in UTC.
        func dueAt(_ ref: String, _ rule: String, at now: String) throws -> String? {
            try json("due", "--all", "--json", "--now", now)
                .first { $0["ref"] as? String == ref && $0["rule"] as? String == rule }?["dueAt"] as? String
        }

        /// Each interview's status at `now`, by ref.
        func states(at now: String) throws -> [String: String] {
            var states: [String: String] = [:]
            for row in try json("status", "--json", "--now", now) {
                if let ref = row["ref"] as? String { states[ref] = row["state"] as? String }
            }
            return states
        }
    }

    let laptop: Machine
    let desktop: Machine

    init() throws {
        let remote = try CLI.bareRemote()
        laptop = Machine(name: "laptop", cli: try CLI.syncingMachine("laptop", remote: remote.path))
        desktop = Machine(name: "desktop", cli: try CLI.syncingMachine("desktop", remote: remote.path))
    }

    /// Laptop, desktop, laptop: whatever either logged is then on both.
    func sync(sourceLocation: SourceLocation = #_sourceLocation) throws {
        for machine in [laptop, desktop, laptop] { try machine.run("sync", sourceLocation: sourceLocation) }
    }

    /// Both machines, at `now`, list `due` and give the `states`.
    func expectDay(_ now: String, due: [String], states: [String: String],
                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        for machine in [laptop, desktop] {
            #expect(try machine.due(at: now) == due, "\(machine.name), \(now)", sourceLocation: sourceLocation)
            #expect(try machine.states(at: now) == states, "\(machine.name), \(now)", sourceLocation: sourceLocation)
        }
    }

    @Test("each day both machines agree, and due and status say what the article advises, whatever was typed late or twice")
    func twoWeeksOnTwoMachines() throws {
        // MARK: Mon 2 Nov: Acme, 10:00–11:00, typed on the laptop the same day.
        try laptop.run("interview", "add", "acme", "--company", "Acme", "--role", "iOS Engineer", "--at", "2026-11-02 10:00",
                       "--interviewer", "Dr. Jane Doe <jane@acme.example>", "--interviewer", "Bob Lee", "--point", "offline sync")
        try sync()
        // thank-you: "one item per interviewer not yet thanked ... due `end` + `thank-you.hours`;
        // shows from `end`" ("send the email within 24 hours of the interview"). next-steps: "due
        // `end` + `next-steps.hours`". handwritten-note: "optional ... Due `end` +
        // `handwritten-note.business-days` business days". Sorted "required before optional, then
        // earliest due, then by ref, then by `to`".
        try expectDay("2026-11-02 12:00",
                      due: ["acme next-steps", "acme thank-you Bob Lee", "acme thank-you Dr. Jane Doe",
                            "acme handwritten-note (optional)"],
                      states: ["acme": "active"])
        // One email to Jane thanks her and asks about next steps ("log thank-you ... --asked-next-steps").
        try laptop.run("log", "thank-you", "acme", "--to", "jane", "--at", "2026-11-02 18:00", "--asked-next-steps")
        try sync()
        try expectDay("2026-11-02 20:00", due: ["acme thank-you Bob Lee", "acme handwritten-note (optional)"],
                      states: ["acme": "active"])

        // MARK: Tue 3 Nov: the desktop thanks Bob, within the 24 hours.
        try desktop.run("log", "thank-you", "acme", "--to", "bob", "--at", "2026-11-03 09:30")
        try sync()
        try expectDay("2026-11-03 12:00", due: ["acme handwritten-note (optional)"], states: ["acme": "active"])

        // MARK: Wed 4 Nov: Initech, 14:00–14:45, not typed in until tomorrow.
        // handwritten-note: "listed only until its due time passes, so it is never overdue"
        // (Acme's: Wed 11:00). The stores know nothing of Initech yet.
        try expectDay("2026-11-04 12:00", due: [], states: ["acme": "active"])
        try expectDay("2026-11-04 20:00", due: [], states: ["acme": "active"])

        // MARK: Thu 5 Nov: the desktop enters yesterday's Initech, its thank-you; the laptop Globex.
        // "--decision-by describes the future of an event, so everything in it that is not a
        // full date ... counts from that event's own moment, not from now": Friday 6 November.
        let initech = try desktop.run("interview", "add", "initech", "--company", "Initech", "--role", "QA Lead",
                                      "--at", "2026-11-04 14:00", "--duration", "45m", "--interviewer", "Peter Gibbons",
                                      "--decision-by", "friday")
        #expect(initech.stderr == "followup: note: decision by Fri 6 Nov\n")
        // Entered late but within the 24 hours: the thank-you to Peter is due, not yet overdue
        // (Thu 14:45). Only the desktop knows of Initech until it syncs.
        #expect(try desktop.due(at: "2026-11-05 09:30") == ["initech thank-you Peter Gibbons", "initech handwritten-note (optional)"])
        #expect(try laptop.due(at: "2026-11-05 09:30") == [])
        // "A thank-you ... dated before the interview's start is refused (exit 65, nothing logged)."
        try desktop.cli.expectRefused(["log", "thank-you", "initech", "--at", "2026-11-03 10:00"], status: 65,
                                      message: "is before the interview initech")
        try desktop.run("log", "thank-you", "initech", "--to", "peter", "--at", "2026-11-05 10:00")
        try laptop.run("interview", "add", "globex", "--company", "Globex", "--role", "Backend Engineer",
                       "--at", "2026-11-05 15:00", "--interviewer", "José Núñez <jose@globex.example>")
        let thanked = try laptop.run("log", "thank-you", "globex", "--to", "jose", "--at", "2026-11-05 17:00")
        #expect(thanked.stderr == "followup: note: --to jose is José Núñez <jose@globex.example>\n")
        try sync()
        // next-steps: "while no next-steps question has been logged and no decision date is
        // known", so Globex's and not Initech's. Initech's handwritten note is due Fri 14:45 (two
        // business days after Wed 14:45), Globex's Mon 9 16:00 (Thu 16:00 + Fri, Mon).
        try expectDay("2026-11-05 20:00",
                      due: ["globex next-steps", "initech handwritten-note (optional)", "globex handwritten-note (optional)"],
                      states: ["acme": "active", "initech": "active", "globex": "active"])

        // MARK: Fri 6 Nov: the laptop asks Globex about next steps. Initech's decision day.
        try laptop.run("log", "next-steps", "globex", "--at", "2026-11-06 09:00")
        try sync()
        try expectDay("2026-11-06 12:00",
                      due: ["initech handwritten-note (optional)", "globex handwritten-note (optional)"],
                      states: ["acme": "active", "initech": "active", "globex": "active"])

        // MARK: Sat 7 Nov: Globex's recruiter replies at 10:00, "still meeting candidates"; typed tomorrow.
        try expectDay("2026-11-07 12:00", due: ["globex handwritten-note (optional)"],
                      states: ["acme": "active", "initech": "active", "globex": "active"])

        // MARK: Sun 8 Nov: the desktop enters yesterday's reply.
        try desktop.run("log", "response", "globex", "--at", "2026-11-07 10:00", "--note", "still meeting candidates")
        try sync()
        // check-in case 3 for Acme: "due the reference + `check-in.default-days`; shows
        // `due.lead-hours` before" ("such as a week after the interview"): due Mon 9 11:00, shown
        // from today 11:00. Initech's is case 2, from Monday.
        try expectDay("2026-11-08 12:00", due: ["acme check-in", "globex handwritten-note (optional)"],
                      states: ["acme": "active", "initech": "active", "globex": "active"])
        // "Replies reset the clocks": Globex's check-in counts from the reply, Sat 14 Nov 10:00,
        // and "a due time that falls on [a Saturday] moves to the same time on the next business
        // day": Mon 16 Nov 10:00 Berlin.
        for machine in [laptop, desktop] {
            #expect(try machine.dueAt("globex", "check-in", at: "2026-11-08 12:00") == "2026-11-16T09:00:00Z", "\(machine.name)")
        }

        // MARK: Mon 9 Nov: both machines log the same check-in to Jane before syncing.
        let first = try laptop.run("log", "check-in", "acme", "--to", "jane", "--at", "2026-11-09 10:00")
        try desktop.run("log", "check-in", "acme", "--to", "Jane", "--at", "2026-11-09 10:05")
        try sync()
        // "The same action ... dated within 10 minutes of one already logged ... flagged
        // `DUPLICATE of ID` in `timeline`, and counted once".
        let firstID = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for machine in [laptop, desktop] {
            #expect(try machine.run("timeline", "acme").stdout.contains("DUPLICATE of \(firstID.prefix(8))"), "\(machine.name)")
            let acme = try machine.json("status", "acme", "--json", "--now", "2026-11-09 12:00").first
            #expect(acme?["checkIns"] as? Int == 1, "\(machine.name)")
            #expect(acme?["unansweredCheckIns"] as? Int == 1, "\(machine.name)")
        }
        // check-in case 2 for Initech: "shows from the decision date +
        // `check-in.after-decision.min-business-days` business days, due at the decision date +
        // `check-in.after-decision.max-business-days`" ("follow up accordingly based on that
        // timeline"): from Mon 9 09:00, due Tue 10 09:00. Globex's handwritten note until 16:00.
        try expectDay("2026-11-09 12:00", due: ["initech check-in", "globex handwritten-note (optional)"],
                      states: ["acme": "active", "initech": "active", "globex": "active"])
        // Acme's next: case 1, "due the last check-in + `check-in.spacing-days`", from the first
        // of the two: Mon 16 Nov 10:00.
        #expect(try laptop.dueAt("acme", "check-in", at: "2026-11-09 12:00") == "2026-11-16T09:00:00Z")

        // MARK: Mon 9 Nov: Hooli's first round, 14:00–15:00, typed on the laptop the same day.
        // Monica is thanked at once; Gavin is forgotten.
        try laptop.run("interview", "add", "hooli-1", "--company", "Hooli", "--role", "Staff Engineer",
                       "--at", "2026-11-09 14:00", "--interviewer", "Gavin Belson", "--interviewer", "Monica Hall")
        try laptop.run("log", "thank-you", "hooli-1", "--to", "monica", "--at", "2026-11-09 17:00")
        try sync()

        // MARK: Tue 10 Nov: the Initech check-in is sent at 09:30 and not logged until Thursday.
        // "the item is overdue once `now` is after" its due time: as far as the stores know.
        // Hooli's first round, alone so far, is followed up as any interview: Gavin's thank-you
        // and next-steps due Tue 15:00, the handwritten note Wed 15:00.
        try expectDay("2026-11-10 12:00",
                      due: ["initech check-in (overdue)", "hooli-1 next-steps", "hooli-1 thank-you Gavin Belson",
                            "hooli-1 handwritten-note (optional)"],
                      states: ["acme": "active", "initech": "active", "globex": "active", "hooli-1": "active"])
        // Its check-in, case 3: a week after Mon 15:00.
        for machine in [laptop, desktop] {
            #expect(try machine.dueAt("hooli-1", "check-in", at: "2026-11-10 12:00") == "2026-11-16T14:00:00Z", "\(machine.name)")
        }
        // MARK: Wed 11 Nov: Hooli's second round, 10:00–11:00, not typed in until tomorrow.
        try expectDay("2026-11-11 12:00",
                      due: ["initech check-in (overdue)", "hooli-1 next-steps (overdue)", "hooli-1 thank-you Gavin Belson (overdue)",
                            "hooli-1 handwritten-note (optional)"],
                      states: ["acme": "active", "initech": "active", "globex": "active", "hooli-1": "active"])

        // MARK: Thu 12 Nov: the desktop enters Tuesday's check-in, and yesterday's second Hooli round.
        let late = try desktop.run("log", "check-in", "initech", "--to", "peter", "--at", "2026-11-10 09:30")
        #expect(late.stderr == "followup: note: --to peter is Peter Gibbons\n")
        try desktop.run("interview", "add", "hooli-2", "--company", "Hooli", "--role", "Staff Engineer",
                        "--at", "2026-11-11 10:00", "--interviewer", "Nelson Bighetti", "--round-of", "hooli-1")
        try sync()
        // Wednesday again, now that the stores know what happened that day. "A later round answers
        // the earlier rounds' next steps and check-ins": hooli-1's next-steps and check-in are gone.
        // "Each round's thank-yous stay due (and its optional handwritten note)": Gavin's still
        // overdue, hooli-1's note until Wed 15:00, and hooli-2's own items due Thu 11:00.
        try expectDay("2026-11-11 12:00",
                      due: ["hooli-1 thank-you Gavin Belson (overdue)", "hooli-2 next-steps", "hooli-2 thank-you Nelson Bighetti",
                            "hooli-1 handwritten-note (optional)", "hooli-2 handwritten-note (optional)"],
                      states: ["acme": "active", "initech": "active", "globex": "active",
                               "hooli-1": "active", "hooli-2": "active"])
        for machine in [laptop, desktop] {
            #expect(try machine.dueAt("hooli-1", "check-in", at: "2026-11-11 12:00") == nil, "\(machine.name)")
        }
        // Both rounds thanked this morning, late for Gavin; Nelson is asked about next steps.
        try desktop.run("log", "thank-you", "hooli-1", "--to", "gavin", "--at", "2026-11-12 09:00")
        try desktop.run("log", "thank-you", "hooli-2", "--to", "nelson", "--at", "2026-11-12 09:15", "--asked-next-steps")
        try sync()
        // Without Saturday's reply, Globex's check-in would be due today (a week after Thu 5
        // 16:00); with it, Monday. Initech's next: Tue 17 09:30, shown from Mon 16 09:30.
        // Hooli's second round's note until Fri 11:00; the first round's passed on Wednesday.
        try expectDay("2026-11-12 12:00", due: ["hooli-2 handwritten-note (optional)"],
                      states: ["acme": "active", "initech": "active", "globex": "active", "hooli-1": "active", "hooli-2": "active"])
        try expectDay("2026-11-13 12:00", due: [], states: ["acme": "active", "initech": "active", "globex": "active",
                                                            "hooli-1": "active", "hooli-2": "active"])
        // "A check-in is never due on a Saturday": a week after Saturday's reply, nothing.
        try expectDay("2026-11-14 12:00", due: [], states: ["acme": "active", "initech": "active", "globex": "active",
                                                            "hooli-1": "active", "hooli-2": "active"])
        // MARK: Sun 15 Nov: both check-ins due Monday 10:00 show a day ahead, by ref.
        try expectDay("2026-11-15 12:00", due: ["acme check-in", "globex check-in"],
                      states: ["acme": "active", "initech": "active", "globex": "active", "hooli-1": "active", "hooli-2": "active"])
        // "So it never appears beside 'check in again'": of Acme's pending items, only the check-in.
        #expect(try laptop.json("due", "--all", "--json", "--now", "2026-11-15 12:00")
            .filter { $0["ref"] as? String == "acme" }.compactMap { $0["rule"] as? String } == ["check-in"])

        // MARK: Mon 16 Nov: the second check-in to Acme (laptop), the first to Globex (desktop).
        let second = try laptop.run("log", "check-in", "acme", "--at", "2026-11-16 10:30")
        // A week after the first: not "too close together", so no warning.
        #expect(second.stderr.isEmpty, "\(second.stderr)")
        try desktop.run("log", "check-in", "globex", "--to", "José Núñez", "--at", "2026-11-16 11:00")
        try sync()
        // cold: "`check-in.max-unanswered` or more check-ins have had no reply"; then "ghosted —
        // only once the unanswered check-ins have reached `check-in.max-unanswered` ... due the
        // last check-in + `ghosted.days`" ("persistent but not overbearing"): nothing for Acme now.
        // "A round with a later round has no `next-steps`, `check-in` or `ghosted` item": hooli-1's
        // check-in, which alone would be due today 15:00, is not listed; "the follow-up continues
        // on the latest round": hooli-2's, a week after Wed 11:00.
        try expectDay("2026-11-16 12:00", due: ["initech check-in"],
                      states: ["acme": "cold", "initech": "active", "globex": "active", "hooli-1": "active", "hooli-2": "active"])
        for machine in [laptop, desktop] {
            #expect(try machine.dueAt("hooli-2", "check-in", at: "2026-11-16 12:00") == "2026-11-18T10:00:00Z", "\(machine.name)")
        }

        // MARK: Tue 17 Nov: Peter replies before the check-in is due: they decide by Nov 27.
        let reply = try laptop.run("log", "response", "initech", "--at", "2026-11-17 08:45", "--decision-by", "Nov 27",
                                   "--note", "second round next week")
        #expect(reply.stderr == "followup: note: decision by Fri 27 Nov\n")
        // Hooli phones with an offer after the second round; the laptop logs it there.
        try laptop.run("log", "outcome", "hooli-2", "offer", "--at", "2026-11-17 10:00")
        try sync()
        // "Only check-ins that occurred after [the last reply] are unanswered", and the new
        // decision date makes case 2 apply: from Mon 30 Nov. "An outcome on any round closes the
        // other rounds": nothing of Hooli's, hooli-2's check-in (from Tue 11:00) included.
        for day in ["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21"] {
            try expectDay("\(day) 12:00", due: [],
                          states: ["acme": "cold", "initech": "active", "globex": "active", "hooli-1": "closed", "hooli-2": "closed"])
        }
        // status groups the rounds under the first, both closed by the offer recorded on the second.
        for machine in [laptop, desktop] {
            let rows = try machine.json("status", "--json", "--now", "2026-11-17 12:00")
            let refs = rows.compactMap { $0["ref"] as? String }
            let hooli = rows.filter { $0["application"] as? String == "hooli-1" }
            #expect(refs.firstIndex(of: "hooli-2") == refs.firstIndex(of: "hooli-1").map { $0 + 1 }, "\(machine.name): \(refs)")
            #expect(hooli.compactMap { $0["ref"] as? String } == ["hooli-1", "hooli-2"], "\(machine.name)")
            #expect(hooli.compactMap { $0["round"] as? Int } == [1, 2], "\(machine.name)")
            #expect(hooli.compactMap { $0["rounds"] as? Int } == [2, 2], "\(machine.name)")
            #expect(hooli.compactMap { $0["state"] as? String } == ["closed", "closed"], "\(machine.name)")
            #expect(hooli.map { $0["outcomeRound"] as? String } == ["hooli-2", nil], "\(machine.name)")
        }
        // MARK: Sun 22 Nov: Globex's second check-in, a week after the first (Mon 23 11:00), shows.
        try expectDay("2026-11-22 12:00", due: ["globex check-in"],
                      states: ["acme": "cold", "initech": "active", "globex": "active", "hooli-1": "closed", "hooli-2": "closed"])

        // MARK: Mon 23 Nov: Globex phones with an offer; the desktop logs it.
        try desktop.run("log", "outcome", "globex", "offer", "--at", "2026-11-23 09:30")
        try sync()
        // "Only `active` and `cold` interviews have items. An outcome therefore ends all follow-ups."
        try expectDay("2026-11-23 12:00", due: [],
                      states: ["acme": "cold", "initech": "active", "globex": "closed", "hooli-1": "closed", "hooli-2": "closed"])

        // MARK: Mon 30 Nov: two weeks after Acme's last check-in, and Initech's decision date passed.
        // ghosted: "due the last check-in + `ghosted.days`, shown from then"; Initech's check-in
        // from one business day after Fri 27 Nov.
        try expectDay("2026-11-30 12:00", due: ["acme ghosted (overdue)", "initech check-in"],
                      states: ["acme": "cold", "initech": "active", "globex": "closed", "hooli-1": "closed", "hooli-2": "closed"])
        let ghosted = try desktop.json("due", "--json", "--now", "2026-11-30 12:00").first
        #expect(ghosted?["action"] as? String == "outcome")
        #expect(ghosted?["reason"] as? String == "no reply 14 days after your last check-in; consider 'followup log outcome acme ghosted'")

        // The two stores hold the same events.
        #expect(try laptop.run("export").stdout == (try desktop.run("export").stdout))
    }
}
