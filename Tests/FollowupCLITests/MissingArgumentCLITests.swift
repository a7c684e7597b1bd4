import Foundation
import Testing

/// A command typed without an argument it needs: the line says what may go there (issue 14,
/// item 10), with usage status 64 and the store unchanged.
@Suite("a missing argument lists the choices")
struct MissingArgumentCLITests {
    @Test("log without an action, draft without a kind, config set without a key or a value say what may go there", arguments: [
        (["log"], "followup: say what to log: followup log ACTION REF, with ACTION one of thank-you, handwritten-note, "
            + "next-steps, qualifications, check-in, response, outcome, note\n"),
        (["draft"], "followup: say which draft: followup draft KIND REF, with KIND one of thank-you, check-in, "
            + "next-steps, handwritten-note\n"),
        (["config", "set"], "followup: say which setting: followup config set KEY VALUE, with KEY one of thank-you.hours, "
            + "handwritten-note.suggest, handwritten-note.business-days, next-steps.hours, "
            + "check-in.after-decision.min-business-days, check-in.after-decision.max-business-days, check-in.default-days, "
            + "check-in.spacing-days, check-in.max-unanswered, ghosted.days, due.lead-hours, timeline.backdated-minutes, "
            + "draft.signature, draft.thank-you, draft.check-in, draft.next-steps, draft.handwritten-note, draft.greeting, "
            + "holidays; 'followup config get' explains each\n"),
        (["config", "set", "ghosted.days"], "followup: say the new value: followup config set ghosted.days VALUE "
            + "(ghosted.days: suggest marking ghosted this many days after the last check-in)\n"),
        (["config", "set", "--store", "/nonexistent", "ghostd.days"],
         "followup: unknown setting 'ghostd.days'; run 'followup config get' to list the settings\n"),
        (["interview", "add"], "followup: give the new interview a short ref, like acme-onsite: "
            + "followup interview add REF --company … --role … --at …\n"),
        (["retract"], "followup: say which event: followup retract EVENT-ID; the ID column of 'followup timeline REF' "
            + "shows each event's id (its first 4 characters or more are enough)\n"),
        (["remote", "add"], "followup: name the remote and give its URL: followup remote add NAME URL, "
            + "like followup remote add origin me@nas:followup.git\n"),
        (["remote", "add", "origin"], "followup: give the remote's URL, in any form git takes: a path, host:path, ssh://, "
            + "git:// or https://\n"),
        (["remote", "set-url", "origin"], "followup: give the remote's URL, in any form git takes: a path, host:path, ssh://, "
            + "git:// or https://\n"),
        (["remote", "set-url"], "followup: say which remote: 'followup remote list' shows them\n"),
        (["remote", "remove"], "followup: say which remote: 'followup remote list' shows them\n"),
        (["calendar", "add"], "followup: give the calendar's URL: followup calendar add URL --user NAME, "
            + "like https://dav.example.org/alex/followup/\n"),
    ])
    func fixedChoices(arguments: [String], line: String) throws {
        let cli = CLI()
        try cli.setUp()
        try cli.expectRefused(arguments, status: 64, message: line)
        #expect(try cli.run(arguments).stderr == line)
    }

    @Test("a missing ref lists the open interviews, most recent first, on log, draft, interview show and edit", arguments: [
        ["log", "thank-you"], ["draft", "check-in"], ["interview", "show"], ["interview", "edit"],
    ])
    func openRefs(arguments: [String]) throws {
        let cli = CLI()
        try cli.setUp()  // acme-onsite, two days ago
        #expect(try cli.run("interview", "add", "initech", "--company", "Initech", "--role", "QA",
                            "--at", "2026-11-18 11:00").status == 0)
        #expect(try cli.run("interview", "add", "globex", "--company", "Globex", "--role", "PM",
                            "--at", "2026-11-20 11:00").status == 0)
        // Closed: not one a follow-up is logged for.
        #expect(try cli.run("log", "outcome", "globex", "rejected").status == 0)
        try cli.expectRefused(arguments, status: 64,
                              message: "followup: say which interview: the open ones are acme-onsite, initech\n")
    }

    @Test("more than eight open interviews: the eight most recent, the rest counted, and where to see them all")
    func manyRefsCapped() throws {
        let cli = CLI()
        #expect(try cli.run("init", "--device", "laptop").status == 0)
        for day in 1...11 {
            let added = try cli.run("interview", "add", String(format: "co-%02d", day), "--company", "Co \(day)", "--role", "Eng",
                                    "--at", String(format: "2026-11-%02d 10:00", day))
            #expect(added.status == 0, "\(added.stderr)")
        }
        try cli.expectRefused(["log", "check-in"], status: 64,
                              message: "followup: say which interview: the open ones are co-11, co-10, co-09, co-08, co-07, "
                                  + "co-06, co-05, co-04 and 3 more; 'followup interview list' shows them all\n")
    }

    @Test("with no interview yet, a missing ref says how to add one")
    func noInterviews() throws {
        let cli = CLI()
        #expect(try cli.run("init", "--device", "laptop").status == 0)
        try cli.expectRefused(["log", "thank-you"], status: 64,
                              message: "followup: say which interview: there are none yet; add one with 'followup interview add'\n")
    }

    @Test("only closed interviews: a missing ref says none is open")
    func onlyClosed() throws {
        let cli = CLI()
        try cli.setUp()
        #expect(try cli.run("log", "outcome", "acme-onsite", "offer").status == 0)
        try cli.expectRefused(["interview", "show"], status: 64,
                              message: "followup: say which interview: none is open; 'followup interview list' shows the refs of the closed ones\n")
    }

    @Test("the refs come from the store --store names")
    func refsOfTheNamedStore() throws {
        let cli = CLI()
        try cli.setUp()
        let other = CLI()
        #expect(try other.run("init", "--device", "desktop").status == 0)
        #expect(try other.run("interview", "add", "hooli", "--company", "Hooli", "--role", "PM", "--at", "2026-11-20 11:00").status == 0)
        try cli.expectRefused(["log", "thank-you", "--store", other.store.path], status: 64,
                              message: "followup: say which interview: the open one is hooli\n")
    }
}
