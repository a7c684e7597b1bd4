import Foundation
import Testing

@Suite("followup draft and log --body")
struct DraftCLITests {
    @Test("draft thank-you prints a personal draft on stdout; what to know goes to stderr")
    func draftThankYou() throws {
        let cli = CLI()
        try cli.setUp()  // Acme, iOS Engineer, Jane Doe, point "offline sync", 2 days ago
        let result = try cli.run("draft", "thank-you", "acme")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Subject: Thank you: iOS Engineer interview\n\nDear Jane,\n"))
        #expect(result.stdout.contains("the iOS Engineer role at Acme"))
        #expect(result.stdout.contains("offline sync"))
        #expect(result.stderr == "followup: warning: the draft is unsigned; set your name once with: "
            + "followup config set draft.signature \"Your Name\"\n")
    }

    @Test("a thank-you for the first of several interviewers not yet thanked names the option for each other one")
    func othersOwedAThankYou() throws {
        let cli = CLI()
        #expect(try cli.run("init", "--device", "laptop").status == 0)
        #expect(try cli.run("interview", "add", "acme", "--company", "Acme", "--role", "iOS Engineer", "--at", "2d ago",
                            "--interviewer", "Jane Doe", "--interviewer", "Bob Lee", "--interviewer", "Ann Wu",
                            "--point", "offline sync").status == 0)
        #expect(try cli.run("config", "set", "draft.signature", "Alex Kim").status == 0)
        let result = try cli.run("draft", "thank-you", "acme")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Dear Jane,"))
        #expect(result.stderr == "followup: warning: this draft is for Jane Doe; each interviewer gets their own: --to \"Bob Lee\", --to \"Ann Wu\"\n")
    }

    @Test("templates and the signature come from the event-sourced configuration")
    func configuredTemplate() throws {
        let cli = CLI()
        try cli.setUp()
        #expect(try cli.run("config", "set", "draft.signature", "Alex Kim").status == 0)
        #expect(try cli.run("config", "set", "draft.check-in", "Hello {first_name}, any news on the {role} role?\n{signature}").status == 0)
        #expect(try cli.run("draft", "check-in", "acme").stdout == "Hello Jane, any news on the iOS Engineer role?\nAlex Kim")
        #expect(try cli.run("config", "get", "draft.signature").stdout == "Alex Kim\n")
        #expect(try cli.run("config", "set", "draft.check-in", "default").status == 0)
        #expect(try cli.run("draft", "check-in", "acme").stdout.hasPrefix("Subject: Checking in on the iOS Engineer role"))
    }

    @Test("--edit opens $EDITOR on the draft and prints the edited text; a failing editor exits non-zero")
    func edit() throws {
        var cli = CLI()
        try cli.setUp()
        cli.environment["EDITOR"] = "sed -i s/Dear/Hi/"
        cli.environment["TMPDIR"] = cli.store.path
        let result = try cli.run("draft", "thank-you", "acme", "--edit")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Hi Jane,"))
        let kept = try #require(result.stderr.split(separator: " ").first { $0.hasSuffix(".txt;") }.map { String($0.dropLast()) })
        #expect(FileManager.default.contents(atPath: kept).map { String(decoding: $0, as: UTF8.self) } == result.stdout)
        #expect(result.stderr.contains("once sent: followup log thank-you acme --to \"Jane Doe\" --body \(kept)"))

        cli.environment["EDITOR"] = "false"
        let failed = try cli.run("draft", "thank-you", "acme", "--edit")
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("the editor 'false' exited with status 1; the draft is kept in"))
    }

    @Test("log thank-you --body FILE keeps the text sent in the event's payload")
    func body() throws {
        let cli = CLI()
        try cli.setUp()
        let file = try cli.file(try cli.run("draft", "thank-you", "acme").stdout)
        let logged = try cli.run("log", "thank-you", "acme", "--to", "Jane", "--body", file)
        #expect(logged.status == 0, "\(logged.stderr)")
        let timeline = try #require(try JSONSerialization.jsonObject(with: Data(cli.run("timeline", "--json").stdout.utf8)) as? [[String: Any]])
        let payload = try #require(timeline.last?["payload"] as? [String: Any])
        #expect((payload["body"] as? String)?.hasPrefix("Subject: Thank you: iOS Engineer interview\n\nDear Jane,") == true)
        #expect(try cli.run("verify").status == 0)
        // The published schema accepts the new optional field.
        #expect(try cli.script("check-event-schema.py", [try cli.file(try cli.run("export").stdout)]).status == 0)
    }

    @Test("bad drafts and bodies are refused with one line and the store unchanged", arguments: [
        (["draft", "apology", "acme"], 64, "unknown draft 'apology'"),
        (["draft", "thank-you", "nope"], 65, "no interview 'nope'"),
        (["log", "response", "acme", "--body", "/etc/hostname"], 64, "--body is only for"),
        (["log", "thank-you", "acme", "--body", "/nonexistent/sent.txt"], 64, "--body: cannot read '/nonexistent/sent.txt'"),
        (["log", "thank-you", "acme", "--body", "EMPTY"], 64, "the body is empty"),
        (["config", "set", "draft.thank-you", "Dear {firstname}"], 64, "'{firstname}' is not a valid value for draft.thank-you"),
    ])
    func refused(arguments: [String], status: Int32, message: String) throws {
        let cli = CLI()
        try cli.setUp()
        let empty = try cli.file("")
        try cli.expectRefused(arguments.map { $0 == "EMPTY" ? empty : $0 }, status: status, message: message)
    }

    @Test("a template placeholder without a value is refused with what to record")
    func missingValue() throws {
        let cli = CLI()
        try cli.setUp()
        try cli.run("config", "set", "draft.next-steps", "You said {decision_by}.")
        let result = try cli.run("draft", "next-steps", "acme")
        #expect(result.status == 64)
        #expect(result.stderr == "followup: the template uses {decision_by}, but no decision date is known for acme-onsite (log next-steps or response with --decision-by)\n")
    }
}
