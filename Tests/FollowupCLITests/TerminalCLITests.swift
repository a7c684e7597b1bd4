import Foundation
import Testing

/// What a person at a terminal sees, through a real pseudo-terminal (scripts/run-in-pty.py).
@Suite("colour, layout and the pager on a terminal")
struct TerminalCLITests {
    func onTerminal(_ cli: CLI, rows: Int = 50, columns: Int = 200, _ arguments: String...) throws -> (status: Int32, output: String) {
        var cli = cli
        cli.environment["TERM"] = "xterm"
        let result = try cli.script("run-in-pty.py", [String(rows), String(columns), CLI.executable.path] + arguments)
        return (result.status, result.stdout)
    }

    let red = "\u{1B}[31m", escape = "\u{1B}["

    @Test("due colours an overdue item red on a terminal; plain with NO_COLOR and in a pipe")
    func colour() throws {
        var cli = CLI()
        try cli.setUp()  // the thank-you is overdue
        let coloured = try onTerminal(cli, "due")
        #expect(coloured.status == 0)
        #expect(coloured.output.contains(red + "23h overdue") || coloured.output.contains(red))
        #expect(coloured.output.contains("\u{1B}[1mDUE"))
        #expect(!(try cli.run("due").stdout.contains(escape)))
        cli.environment["NO_COLOR"] = "1"
        #expect(!(try onTerminal(cli, "due").output.contains(escape)))
    }

    @Test("on a narrow terminal the reason wraps under its own column instead of running past the edge")
    func wrapping() throws {
        var cli = CLI()
        try cli.setUp()
        cli.environment["NO_COLOR"] = "1"
        let result = try onTerminal(cli, columns: 100, "due")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count > 4)
        #expect(lines.allSatisfy { $0.count <= 100 })
        let piped = try cli.run("due").stdout.split(separator: "\n")
        #expect(piped.contains { $0.count > 100 })
    }

    @Test("a timeline longer than the screen goes through $PAGER; one that fits, or a pipe, does not")
    func pager() throws {
        var cli = CLI()
        try cli.setUp()
        for index in 0..<12 { try cli.run("log", "note", "acme", "--note", "note \(index)") }
        cli.environment["PAGER"] = "sed 's/^/PAGED: /'"
        cli.environment["NO_COLOR"] = "1"
        let paged = try onTerminal(cli, rows: 10, "timeline")
        #expect(paged.status == 0)
        let lines = paged.output.split(separator: "\n")
        #expect(lines.count == 15)
        #expect(lines.allSatisfy { $0.hasPrefix("PAGED: ") })
        #expect(!(try onTerminal(cli, rows: 40, "timeline").output.contains("PAGED")))
        #expect(!(try cli.run("timeline").stdout.contains("PAGED")))
    }
}
