import Foundation
import Testing

/// Advice that stays right when people type things in after the fact (issue 14), as the user sees it.
@Suite("Advice entered after the fact, on the command line")
struct AdviceCLITests {
    /// A store holding `initech`, interviewed on Wednesday 18 November 2026 at 11:00 (Berlin).
    func storeWithInterview(_ extra: [String] = []) throws -> CLI {
        let cli = CLI()
        #expect(try cli.run("init", "--device", "laptop").status == 0)
        let added = try cli.run(["interview", "add", "initech", "--company", "Initech", "--role", "iOS Engineer",
                                 "--at", "2026-11-18 11:00", "--interviewer", "Jane Doe <jane@initech.example>"] + extra)
        #expect(added.status == 0, "\(added.stderr)")
        return cli
    }

    func json(_ cli: CLI, _ arguments: String...) throws -> [String: Any] {
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    }

    func eventCount(_ cli: CLI) throws -> Int {
        let result = try cli.run("timeline", "--json")
        let events = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [Any]
        return events?.count ?? -1
    }

    @Test("interview add --decision-by friday is the Friday after the interview, and says so")
    func decisionByFridayAfterInterview() throws {
        let cli = CLI()
        #expect(try cli.run("init", "--device", "laptop").status == 0)
        let added = try cli.run("interview", "add", "initech", "--company", "Initech", "--role", "iOS Engineer",
                                "--at", "2026-11-18 11:00", "--decision-by", "friday")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr == "followup: note: decision by Fri 20 Nov\n")
        #expect(try json(cli, "interview", "show", "initech", "--json")["decisionBy"] as? String == "2026-11-20T08:00:00Z")
    }

    @Test("log response --decision-by counts from the reply's --at, and a full date gets no note")
    func decisionByFromTheReply() throws {
        let cli = try storeWithInterview()
        let reply = try cli.run("log", "response", "initech", "--at", "2026-11-19 16:00", "--decision-by", "next tue")
        #expect(reply.status == 0, "\(reply.stderr)")
        #expect(reply.stderr == "followup: note: decision by Tue 24 Nov\n")
        #expect(try json(cli, "interview", "show", "initech", "--json")["decisionBy"] as? String == "2026-11-24T08:00:00Z")
        let exact = try cli.run("log", "next-steps", "initech", "--at", "2026-11-19 17:00", "--decision-by", "2026-11-25")
        #expect(exact.status == 0)
        #expect(exact.stderr.isEmpty, "\(exact.stderr)")
    }

    // MARK: Impossible and repeated actions

    @Test("an action that answers the interview, dated before it, is refused and nothing is logged", arguments: [
        "thank-you", "handwritten-note", "check-in", "next-steps",
    ])
    func actionBeforeInterviewRefused(action: String) throws {
        let cli = try storeWithInterview()
        let events = try eventCount(cli)
        try cli.expectRefused(["log", action, "initech", "--at", "2026-11-17 10:00"], status: 65,
                              message: "followup: a \(action) dated 2026-11-17 10:00 is before the interview initech "
                                  + "(2026-11-18 11:00); give --at the time it was sent, after the interview")
        #expect(try eventCount(cli) == events)
    }

    @Test("a check-in too soon after the last is kept with a warning")
    func checkInTooSoon() throws {
        let cli = try storeWithInterview()
        #expect(try cli.run("log", "check-in", "initech", "--at", "2026-11-25 10:00").stderr.isEmpty)
        let second = try cli.run("log", "check-in", "initech", "--at", "2026-11-27 10:00")
        #expect(second.status == 0)
        #expect(second.stderr == "followup: warning: this check-in is 2 days from the one on Wed 25 Nov; check-ins are "
            + "best at least 7 days apart, so as not to seem pushy (logged anyway)\n")
        #expect(try json(cli, "interview", "show", "initech", "--json")["checkIns"] as? Int == 2)
    }

    @Test("the same check-in logged twice is warned about, flagged in the timeline and counted once toward cold")
    func duplicateCheckIn() throws {
        let cli = try storeWithInterview()
        let first = try cli.run("log", "check-in", "initech", "--to", "Jane", "--at", "2026-11-25 10:00")
        let second = try cli.run("log", "check-in", "initech", "--to", "jane", "--at", "2026-11-25 10:04")
        #expect(second.status == 0)
        let firstID = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(second.stderr.contains("followup: warning: this check-in looks like a duplicate of \(firstID.prefix(8)), "
            + "logged for 2026-11-25 10:00; both are kept and counted once"), "\(second.stderr)")
        let shown = try json(cli, "interview", "show", "initech", "--json")
        #expect(shown["checkIns"] as? Int == 1)
        #expect(shown["unansweredCheckIns"] as? Int == 1)
        #expect(shown["state"] as? String == "active")
        let timeline = try cli.run("timeline", "initech")
        #expect(timeline.stdout.contains("DUPLICATE of \(firstID.prefix(8))"), "\(timeline.stdout)")
    }

    // MARK: Not overbearing

    func dueItems(_ cli: CLI, now: String) throws -> [[String: Any]] {
        let result = try cli.run("due", "--all", "--json", "--now", now)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    @Test("after one unanswered check-in due lists 'check in again' and not 'consider marking it ghosted'")
    func noGhostedBesideCheckIn() throws {
        let cli = try storeWithInterview()
        #expect(try cli.run("log", "check-in", "initech", "--at", "2026-11-25 10:00").status == 0)
        let items = try dueItems(cli, now: "2026-12-12 12:00")
        #expect(items.compactMap { $0["rule"] as? String }.contains("check-in"))
        #expect(!items.compactMap { $0["rule"] as? String }.contains("ghosted"))
        let checkIn = items.first { $0["rule"] as? String == "check-in" }
        #expect((checkIn?["reason"] as? String)?.hasPrefix("no reply to 1 check-in; check in again") == true)
    }

    @Test("a reply that gives no timeline leaves 'ask about next steps' due")
    func replyWithoutTimelineKeepsNextSteps() throws {
        let cli = try storeWithInterview()
        #expect(try cli.run("log", "response", "initech", "--at", "2026-11-18 15:00", "--note", "thanks, we will be in touch").status == 0)
        let items = try dueItems(cli, now: "2026-11-18 16:00")
        #expect(items.contains { $0["rule"] as? String == "next-steps" })
    }

    @Test("config set holidays moves a check-in due on Christmas Eve past the holidays and the weekend")
    func holidaysMoveTheCheckIn() throws {
        let cli = CLI()
        #expect(try cli.run("init", "--device", "laptop").status == 0)
        #expect(try cli.run("interview", "add", "xmas", "--company", "Initech", "--role", "iOS Engineer",
                            "--at", "2026-12-17 10:00").status == 0)
        let before = try dueItems(cli, now: "2026-12-18 12:00").first { $0["rule"] as? String == "check-in" }
        #expect(before?["dueAt"] as? String == "2026-12-24T10:00:00Z")
        let set = try cli.run("config", "set", "holidays", "2026-12-24,2026-12-25")
        #expect(set.status == 0, "\(set.stderr)")
        let after = try dueItems(cli, now: "2026-12-18 12:00").first { $0["rule"] as? String == "check-in" }
        #expect(after?["dueAt"] as? String == "2026-12-28T10:00:00Z")
        try cli.expectRefused(["config", "set", "holidays", "2026-12-32"], status: 64,
                              message: "followup: '2026-12-32' is not a valid value for holidays: expected dates like 2026-12-24,2026-12-25")
    }

    // MARK: Names

    func storeWithPanel() throws -> CLI {
        let cli = CLI()
        #expect(try cli.run("init", "--device", "laptop").status == 0)
        let added = try cli.run("interview", "add", "initech", "--company", "Initech", "--role", "iOS Engineer",
                                "--at", "2026-11-18 11:00", "--interviewer", "Dr. Jane Smith <jane@initech.example>",
                                "--interviewer", "José Núñez", "--interviewer", "Bob Lee", "--interviewer", "Ann Lee",
                                "--point", "offline sync")
        #expect(added.status == 0, "\(added.stderr)")
        return cli
    }

    @Test("--to without accents names the interviewer, and the command says whom it matched")
    func toWithoutAccents() throws {
        let cli = try storeWithPanel()
        let logged = try cli.run("log", "thank-you", "initech", "--to", "jose", "--at", "2026-11-18 15:00")
        #expect(logged.status == 0)
        #expect(logged.stderr == "followup: note: --to jose is José Núñez\n")
        let people = try json(cli, "interview", "show", "initech", "--json")["interviewers"] as? [[String: Any]] ?? []
        #expect(people.map { $0["thankedAt"] is String } == [false, true, false, false])
    }

    @Test("an ambiguous --to lists the candidates and changes nothing, on log and on draft")
    func ambiguousTo() throws {
        let cli = try storeWithPanel()
        let events = try eventCount(cli)
        let message = "followup: 'Lee' fits several interviewers of initech (Bob Lee, Ann Lee); give the full name or the email"
        try cli.expectRefused(["log", "thank-you", "initech", "--to", "Lee", "--at", "2026-11-18 15:00"], status: 65, message: message)
        try cli.expectRefused(["draft", "thank-you", "initech", "--to", "Lee"], status: 65, message: message)
        #expect(try eventCount(cli) == events)
    }

    @Test("a draft to Dr. Jane Smith says 'Dear Jane,' or, with draft.greeting title-surname, 'Dear Dr. Smith,'")
    func draftGreetsByName() throws {
        let cli = try storeWithPanel()
        let informal = try cli.run("draft", "thank-you", "initech", "--to", "smith")
        #expect(informal.status == 0)
        #expect(informal.stdout.contains("\n\nDear Jane,\n\n"), "\(informal.stdout)")
        #expect(informal.stderr.contains("followup: note: --to smith is Dr. Jane Smith\n"))
        #expect(try cli.run("config", "set", "draft.greeting", "title-surname").status == 0)
        let formal = try cli.run("draft", "thank-you", "initech", "--to", "jane@initech.example")
        #expect(formal.stdout.contains("\n\nDear Dr. Smith,\n\n"), "\(formal.stdout)")
    }

    // MARK: Smaller ones

    @Test("timeline in a pipe keeps the RETRACTED flag of an event with a long note")
    func timelineFlagsInAPipe() throws {
        let cli = try storeWithInterview()
        let note = String(repeating: "a long note about the offline sync design ", count: 4)
        let id = try cli.run("log", "note", "initech", "--note", note).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let retracted = try cli.run("retract", id)
        #expect(retracted.status == 0, "\(retracted.stderr)")
        let timeline = try cli.run("timeline", "initech")
        let line = timeline.stdout.split(separator: "\n").first { $0.contains(String(id.prefix(8))) && $0.contains("note-added") }
        #expect(line?.contains("RETRACTED by ") == true, "\(timeline.stdout)")
    }

    @Test("an empty --note is refused on a check-in as on a note")
    func emptyNoteRefused() throws {
        let cli = try storeWithInterview()
        try cli.expectRefused(["log", "check-in", "initech", "--note", ""], status: 64, message: "followup: the note must not be empty")
        try cli.expectRefused(["log", "note", "initech", "--note", ""], status: 64, message: "followup: the note must not be empty")
    }

    @Test("sync --help gives the remote's default once")
    func syncHelpDefaultOnce() throws {
        let help = try CLI().run("sync", "--help")
        #expect(help.stdout.components(separatedBy: "(default: origin)").count == 2, "\(help.stdout)")
    }

    @Test("verify counts one device as '1 device', not '1 device(s)'")
    func verifyPlural() throws {
        let cli = try storeWithInterview()
        let verified = try cli.run("verify")
        #expect(verified.status == 0)
        #expect(verified.stdout.hasPrefix("ok: 2 events from 1 device; "), "\(verified.stdout)")
    }

    @Test("a missing en_GB dictionary suggests hunspell-en-gb")
    func proofreadSuggestsTheRightPackage() throws {
        let cli = try storeWithInterview()
        let text = try cli.file("Dear Jane,\n")
        try cli.expectRefused(["proofread", text, "--dictionary", "en_GB"], status: 74,
                              message: "install one (apt-get install hunspell-en-gb) or pass --dictionary")
    }

    @Test("a decision date before the interview is refused on interview add and on log, and nothing is logged")
    func decisionDateBeforeInterview() throws {
        let cli = try storeWithInterview()
        let events = try eventCount(cli)
        try cli.expectRefused(["interview", "add", "globex", "--company", "Globex", "--role", "iOS Engineer",
                               "--at", "2026-11-18 11:00", "--decision-by", "2026-11-13"], status: 64,
                              message: "followup: the decision date 2026-11-13 09:00 is before the interview globex (2026-11-18 11:00); give a --decision-by after it")
        try cli.expectRefused(["log", "response", "initech", "--at", "2026-11-19 10:00", "--decision-by", "2026-11-17"], status: 64,
                              message: "followup: the decision date 2026-11-17 09:00 is before the interview initech (2026-11-18 11:00); give a --decision-by after it")
        #expect(try eventCount(cli) == events)
    }

    // MARK: Fixing mistakes

    @Test("interview edit records an amendment: the original stays in the timeline, status, due and drafts follow the edit")
    func editFollowedEverywhere() throws {
        let cli = try storeWithInterview()
        let edited = try cli.run("interview", "edit", "initech", "--at", "2026-11-19 11:00", "--company", "Initech Corp",
                                 "--add-interviewer", "Bob Lee", "--remove-interviewer", "jane")
        #expect(edited.status == 0, "\(edited.stderr)")
        let shown = try json(cli, "interview", "show", "initech", "--json")
        #expect(shown["startsAt"] as? String == "2026-11-19T10:00:00Z")
        #expect(shown["company"] as? String == "Initech Corp")
        #expect((shown["interviewers"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Bob Lee"])
        let thankYous = try dueItems(cli, now: CLI.afterEdits).filter { $0["rule"] as? String == "thank-you" }
        #expect(thankYous.compactMap { $0["to"] as? String } == ["Bob Lee"])
        #expect(thankYous.first?["dueAt"] as? String == "2026-11-20T11:00:00Z")
        // As of a moment before the edit was made, the interview stood as first entered.
        let before = try dueItems(cli, now: "2026-11-19 13:00").filter { $0["rule"] as? String == "thank-you" }
        #expect(before.compactMap { $0["to"] as? String } == ["Jane Doe"])
        let timeline = try cli.run("timeline", "initech")
        #expect(timeline.stdout.contains("interview-added"))
        #expect(timeline.stdout.contains("edited: company Initech Corp, at 2026-11-19 11:00, + Bob Lee, − Jane Doe"), "\(timeline.stdout)")
        let draft = try cli.run("draft", "thank-you", "initech")
        #expect(draft.stdout.contains("Dear Bob,") && draft.stdout.contains("Initech Corp"), "\(draft.stdout)")
    }

    @Test("an edit that changes nothing, names no interviewer, or uses an unknown field is refused and changes nothing", arguments: [
        (["--company", "Initech"], "followup: nothing to change: initech already holds these values"),
        (["--remove-interviewer", "Zed"], "followup: 'Zed' is not an interviewer of initech (Jane Doe); nothing was changed"),
        (["--add-interviewer", "jane doe"], "followup: 'jane doe' is already an interviewer of initech; nothing was changed"),
        (["--colour", "blue"], "followup: Unknown option '--colour'"),
        ([], "followup: nothing to change"),
    ])
    func badEdits(arguments: [String], message: String) throws {
        let cli = try storeWithInterview()
        let events = try eventCount(cli)
        try cli.expectRefused(["interview", "edit", "initech"] + arguments, status: 64, message: message)
        #expect(try eventCount(cli) == events)
    }

    @Test("an export holding an amendment validates against the published JSON schema, and an empty amendment does not")
    func amendmentInTheSchema() throws {
        let cli = try storeWithInterview()
        #expect(try cli.run("interview", "edit", "initech", "--role", "Staff Engineer", "--point", "testing").status == 0)
        let exported = try cli.run("export").stdout
        #expect(exported.contains("\"type\":\"interview-amended\""))
        let valid = try cli.file(exported, named: "export.json")
        #expect(try cli.script("check-event-schema.py", [valid]).status == 0)
        let emptied = exported.replacingOccurrences(of: #"{"addPoints":["testing"],"role":"Staff Engineer"}"#, with: "{}")
        #expect(emptied != exported)
        let invalid = try cli.file(emptied, named: "emptied.json")
        #expect(try cli.script("check-event-schema.py", [invalid]).status != 0)
    }

    // MARK: Drafts

    @Test("draft restates a logged qualification and warns about a check-in after an outcome")
    func draftsFollowTheLog() throws {
        let cli = try storeWithInterview()
        #expect(try cli.run("config", "set", "draft.signature", "Alex Kim").status == 0)
        #expect(try cli.run("log", "qualifications", "initech", "--at", "2026-11-18 16:00",
                            "--point", "my answer on Core Data migrations").status == 0)
        let thanks = try cli.run("draft", "thank-you", "initech")
        #expect(thanks.stdout.contains("I would also like to highlight again my answer on Core Data migrations"), "\(thanks.stdout)")
        #expect(try cli.run("log", "outcome", "initech", "rejected").status == 0)
        let checkIn = try cli.run("draft", "check-in", "initech")
        #expect(checkIn.stderr.contains("followup: warning: initech already has the outcome 'rejected'; a check-in is no longer needed"))
    }

    // MARK: Dates and typos as people write them

    func occurred(_ cli: CLI, _ id: String) throws -> String? {
        let result = try cli.run("timeline", "--json")
        let events = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return events.first { $0["id"] as? String == id }?["occurred"] as? String
    }

    @Test("--at takes 20 Nov 2026 2pm, Nov 20 2026 14:00 and -3h")
    func datesAsPeopleWriteThem() throws {
        let cli = try storeWithInterview()
        let first = try cli.run("log", "note", "initech", "--note", "a", "--at", "20 Nov 2026 2pm")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try occurred(cli, first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == "2026-11-20T13:00:00Z")
        let second = try cli.run("log", "note", "initech", "--note", "b", "--at", "Nov 20 2026 14:00")
        #expect(try occurred(cli, second.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == "2026-11-20T13:00:00Z")
        let before = Date()
        let third = try cli.run("log", "note", "initech", "--note", "c", "--at", "-3h")
        #expect(third.status == 0, "\(third.stderr)")
        let when = try #require(try occurred(cli, third.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let seconds = try #require(ISO8601DateFormatter().date(from: when)).timeIntervalSince(before)
        #expect(abs(seconds + 3 * 3600) < 120)
    }

    @Test("typos are refused with 'did you mean', and 11/20/2026 with a hint", arguments: [
        (["log", "thankyou", "initech"], Int32(64), "followup: unknown action 'thankyou'; did you mean 'thank-you'? use one of"),
        (["log", "outcome", "initech", "ofer"], 64, "followup: unknown outcome 'ofer'; did you mean 'offer'? use one of"),
        (["interview", "show", "initeck"], 65, "followup: no interview 'initeck'; did you mean 'initech'?"),
        (["interveiw", "list"], 64, "followup: unknown command 'interveiw'; did you mean 'interview'?"),
        (["log", "note", "initech", "--note", "x", "--at", "11/20/2026"], 64, "day/month order is ambiguous in 11/20/2026 style dates; write 2026-11-20 or 20 Nov 2026"),
    ])
    func typos(arguments: [String], status: Int32, message: String) throws {
        let cli = try storeWithInterview()
        try cli.expectRefused(arguments, status: status, message: message)
    }

    // MARK: One message, several actions

    @Test("a thank-you that asked about next steps and restated a qualification is one log: three events, next steps no longer due")
    func oneMessageSeveralActions() throws {
        let cli = try storeWithInterview()
        let events = try eventCount(cli)
        let logged = try cli.run("log", "thank-you", "initech", "--to", "Jane Doe", "--at", "2026-11-18 15:00",
                                 "--asked-next-steps", "--point", "my answer on Core Data migrations")
        #expect(logged.status == 0, "\(logged.stderr)")
        #expect(logged.stdout.split(separator: "\n").count == 3)
        #expect(try eventCount(cli) == events + 3)
        let shown = try json(cli, "interview", "show", "initech", "--json")
        #expect(shown["nextStepsAskedAt"] as? String == "2026-11-18T14:00:00Z")
        #expect(shown["qualificationsSent"] as? Int == 1)
        let items = try dueItems(cli, now: "2026-11-18 16:00").compactMap { $0["rule"] as? String }
        #expect(!items.contains("next-steps") && !items.contains("thank-you"))
    }

    @Test("extras on an action that sends nothing are refused and nothing is logged")
    func extrasRefused() throws {
        let cli = try storeWithInterview()
        try cli.expectRefused(["log", "response", "initech", "--asked-next-steps"], status: 64,
                              message: "followup: --asked-next-steps and --point go with a message you sent")
        try cli.expectRefused(["log", "next-steps", "initech", "--asked-next-steps"], status: 64,
                              message: "followup: --asked-next-steps is what 'log next-steps' records already")
    }

    // MARK: A two-week search, entered partly late

    /// The items `due` shows at `now`, as `rule to-whom` (optional items marked), in its order.
    func showing(_ cli: CLI, at now: String) throws -> [String] {
        let result = try cli.run("due", "--json", "--now", now)
        #expect(result.status == 0, "\(result.stderr)")
        let items = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return items.map { item in
            [item["rule"] as? String ?? "", item["to"] as? String, (item["optional"] as? Bool == true) ? "(optional)" : nil]
                .compactMap { $0 }.joined(separator: " ")
        }
    }

    func state(_ cli: CLI, at now: String) throws -> String? {
        let result = try cli.run("status", "acme", "--json", "--now", now)
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        return rows?.first?["state"] as? String
    }

    @Test("two weeks of one search, day by day: due follows the article's advice, whatever day each thing was typed in")
    func twoWeekSearch() throws {
        let cli = CLI()
        #expect(try cli.run("init", "--device", "laptop").status == 0)
        func log(_ arguments: String...) throws {
            let result = try cli.run(["log"] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        // Monday 2 November, 10:00–11:00, entered days later.
        #expect(try cli.run("interview", "add", "acme", "--company", "Acme", "--role", "iOS Engineer", "--at", "2026-11-02 10:00",
                            "--interviewer", "Dr. Jane Doe <jane@acme.example>", "--interviewer", "Bob Lee",
                            "--point", "offline sync").status == 0)
        // "send the email within 24 hours", one per interviewer; "inquiring about the next steps".
        #expect(try showing(cli, at: "2026-11-02 12:00") == ["next-steps", "thank-you Bob Lee", "thank-you Dr. Jane Doe",
                                                            "handwritten-note (optional)"])
        try log("thank-you", "acme", "--to", "jane", "--at", "2026-11-02 18:00", "--asked-next-steps")
        try log("thank-you", "acme", "--to", "bob", "--at", "2026-11-02 18:05")
        #expect(try showing(cli, at: "2026-11-03 12:00") == ["handwritten-note (optional)"])
        // "follow up ... such as a week after the interview": shows the day before, due Monday 9th.
        #expect(try showing(cli, at: "2026-11-07 12:00") == [])
        #expect(try showing(cli, at: "2026-11-08 12:00") == ["check-in"])
        // The check-in typed on two machines: counted once, so one more is still advised.
        try log("check-in", "acme", "--at", "2026-11-09 10:00")
        try log("check-in", "acme", "--at", "2026-11-09 10:04")
        #expect(try state(cli, at: "2026-11-12 12:00") == "active")
        #expect(try showing(cli, at: "2026-11-12 12:00") == [])
        // Not overbearing: a week after the first check-in, check in again, and no "ghosted" yet.
        #expect(try showing(cli, at: "2026-11-16 12:00") == ["check-in"])
        // The second unanswered check-in reaches the cap: cold, nothing more until "ghosted" is suggested.
        try log("check-in", "acme", "--at", "2026-11-16 10:30")
        #expect(try state(cli, at: "2026-11-17 12:00") == "cold")
        #expect(try showing(cli, at: "2026-11-17 12:00") == [])
        // A reply on Wednesday the 18th: "we decide by Friday", the Friday of that week.
        try log("response", "acme", "--at", "2026-11-18 16:00", "--decision-by", "friday")
        // "follow up accordingly based on that timeline": from the next business day, Monday 23rd.
        #expect(try showing(cli, at: "2026-11-21 12:00") == [])
        #expect(try showing(cli, at: "2026-11-22 12:00") == [])
        #expect(try showing(cli, at: "2026-11-23 12:00") == ["check-in"])
        try log("outcome", "acme", "offer", "--at", "2026-11-23 15:00")
        #expect(try showing(cli, at: "2026-11-24 12:00") == [])
        #expect(try state(cli, at: "2026-11-24 12:00") == "closed")
    }
}
