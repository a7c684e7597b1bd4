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
}
