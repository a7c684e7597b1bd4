import Foundation
import Testing

/// `followup proofread` runs `followup-proof`, which links the real Hunspell with Debian's en_US dictionary.
@Suite("followup proofread")
struct ProofreadCLITests {
    @Test("each misspelling is listed with its place and Hunspell's suggestions; names in the store are known words")
    func misspellings() throws {
        let cli = CLI()
        try cli.setUp()  // Acme, Jane Doe <jane@acme.example>, point "offline sync"
        try cli.run("interview", "add", "globex", "--company", "Globex Zorblatt", "--role", "Backend", "--at", "1d ago",
                    "--interviewer", "Ana Lyszczarz")
        let path = try cli.file("Dear Ms Lyszczarz,\n\nThank you for the Zorblatt and Globex's intervew about offline sync. I recieve.\n")
        let result = try cli.run("proofread", path)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("line 3, column 41: 'intervew' is not in the dictionary; did you mean interview"))
        #expect(lines[1].hasPrefix("line 3, column 72: 'recieve' is not in the dictionary; did you mean receive"))
        let json = try cli.run("proofread", path, "--json")
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(findings.compactMap { $0["text"] as? String } == ["intervew", "recieve"])
        #expect((findings[1]["suggestions"] as? [String])?.contains("receive") == true)
    }

    @Test("a clean personal text passes with status 0; with --ref a text without any point discussed is flagged")
    func personalPoint() throws {
        let cli = CLI()
        try cli.setUp()
        let personal = try cli.file("Dear Jane,\n\nThank you for the conversation about offline sync yesterday.\n")
        let clean = try cli.run("proofread", personal, "--ref", "acme", "--kind", "thank-you")
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout == "ok: no misspellings, and nothing the advice warns about\n")
        let generic = try cli.file("Dear Jane,\n\nThank you for your time yesterday.\n")
        let flagged = try cli.run("proofread", generic, "--ref", "acme", "--kind", "thank-you")
        #expect(flagged.status == 1)
        #expect(flagged.stdout == "no personal point: the text mentions none of the points discussed in acme-onsite (offline sync)\n")
    }

    @Test("a pushy check-in from standard input is flagged, and draft --proofread checks the draft itself")
    func pushyAndDrafts() throws {
        let cli = CLI()
        try cli.setUp()
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["proofread", "-", "--kind", "check-in"]
        process.environment = cli.environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("Just following up again about offline sync. Any news??\n".utf8))
        try input.fileHandleForWriting.close()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(stdout.contains("'just following up again' sounds pushy"))
        #expect(stdout.contains("2 question marks read as pressure"))

        let draft = try cli.run("draft", "thank-you", "acme", "--proofread")
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stderr.hasSuffix("\nok: no misspellings, and nothing the advice warns about\n"))
        #expect(draft.stdout.contains("Dear Jane,"))
    }

    @Test("bad proofreading input is refused with one line and the store unchanged", arguments: [
        (["proofread", "/nonexistent/text.txt"], 64, "cannot read '/nonexistent/text.txt'"),
        (["proofread", "TEXT", "--ref", "nope"], 65, "no interview 'nope'"),
        (["proofread", "TEXT", "--kind", "poem"], 64, "unknown kind 'poem'"),
        (["proofread", "TEXT", "--dictionary", "xx_XX"], 74, "no Hunspell dictionary at /usr/share/hunspell/xx_XX"),
    ])
    func refused(arguments: [String], status: Int32, message: String) throws {
        let cli = CLI()
        try cli.setUp()
        let text = try cli.file("Dear Jane,\n")
        try cli.expectRefused(arguments.map { $0 == "TEXT" ? text : $0 }, status: status, message: message)
    }
}
