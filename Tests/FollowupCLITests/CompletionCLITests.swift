import Foundation
import Testing

/// The completion scripts `followup --generate-completion-script` writes (and `make install`
/// installs), loaded into the real shells.
@Suite("shell completions and help")
struct CompletionCLITests {
    /// Runs `shell -c script` with followup on the PATH; returns status and stdout.
    func shell(_ shell: String, _ script: String, home: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try CLI.launch(URL(fileURLWithPath: shell), ["-c", script], environment: [
            "PATH": CLI.executable.deletingLastPathComponent().path + ":/usr/bin:/bin", "HOME": home.path,
            "XDG_CONFIG_HOME": home.path, "XDG_DATA_HOME": home.path, "FOLLOWUP_HOME": home.path,
        ])
        return (result.status, result.stdout, result.stderr)
    }

    func script(_ name: String, _ cli: CLI) throws -> String {
        let result = try cli.run("--generate-completion-script", name)
        #expect(result.status == 0)
        let file = cli.store.appendingPathComponent("completion.\(name)")
        try FileManager.default.createDirectory(at: cli.store, withIntermediateDirectories: true)
        try Data(result.stdout.utf8).write(to: file)
        return file.path
    }

    @Test("bash completes the new commands, a draft's kinds and the store's refs")
    func bash() throws {
        let cli = CLI()
        try cli.setUp()
        let file = try script("bash", cli)
        func complete(_ line: String) throws -> [String] {
            let words = line.split(separator: " ", omittingEmptySubsequences: false).map { "'\($0)'" }.joined(separator: " ")
            let result = try shell("/bin/bash", """
                source '\(file)'
                COMP_WORDS=(\(words)); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
                _followup followup "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; printf '%s\\n' "${COMPREPLY[@]}"
                """, home: cli.store)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(separator: "\n").map(String.init)
        }
        #expect(try complete("followup dr") == ["draft"])
        #expect(try Set(complete("followup ")).isSuperset(of: ["stats", "import", "draft", "proofread", "due", "export"]))
        #expect(try complete("followup draft ") .sorted() == ["check-in", "handwritten-note", "next-steps", "thank-you"])
        #expect(try complete("followup log thank-you ac") == ["acme-onsite"])
    }

    // Refs are completed by calling followup, which fish's script does only in an interactive
    // shell (it asks `commandline` for the cursor); bash's test covers them.
    @Test("fish completes subcommands with their descriptions and a draft's kinds")
    func fish() throws {
        let cli = CLI()
        try cli.setUp()
        let file = try script("fish", cli)
        let result = try shell("/usr/bin/fish", """
            source '\(file)'
            complete -C 'followup pro'
            echo ---
            complete -C 'followup draft '
            """, home: cli.store)
        #expect(result.status == 0, "\(result.stderr)")
        let parts = result.stdout.components(separatedBy: "---\n")
        #expect(parts[0].hasPrefix("proofread\tSpell-check a follow-up"))
        #expect(Set(parts[1].split(separator: "\n").map { String($0.split(separator: "\t")[0]) })
            == ["check-in", "handwritten-note", "next-steps", "thank-you"])

    }

    @Test("zsh loads the completion function through compinit without errors")
    func zsh() throws {
        let cli = CLI()
        let file = try script("zsh", cli)
        let result = try shell("/usr/bin/zsh", """
            autoload -U compinit && compinit -u -d '\(cli.store.path)/zcompdump'
            source '\(file)'
            (( $+functions[_followup] )) && print loaded
            """, home: cli.store)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "loaded\n")
        #expect(result.stderr.isEmpty)
    }

    @Test("every command's --help shows at least one example", arguments: [
        ["init"], ["interview", "add"], ["interview", "list"], ["interview", "show"], ["log"], ["retract"], ["status"],
        ["due"], ["timeline"], ["replay"], ["verify"], ["export"], ["config", "get"], ["config", "set"], ["remote", "add"],
        ["remote", "list"], ["remote", "remove"], ["remote", "set-url"], ["sync"], ["stats"], ["import"], ["draft"],
        ["proofread"], ["encrypt", "enable"], ["encrypt", "status"], ["key", "export"], ["key", "import"], ["key", "rotate"],
        ["key", "list"],
    ])
    func helpExamples(command: [String]) throws {
        let result = try CLI().run(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Example"), "\(command.joined(separator: " ")) --help has no example")
    }
}
