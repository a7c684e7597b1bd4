import ArgumentParser
import FollowupCore
import Foundation
import ProgramSupport

/// A command line that stops before an argument the command needs. swift-argument-parser says
/// only which one is missing ("Missing expected argument '<ref>'"); the user also needs to
/// know what may go there, so the line lists the choices: the actions, the open interviews'
/// refs, the settings' keys.
enum MissingArgument {
    /// More refs than this make the line too long to read; the rest are counted and the
    /// command that lists them all is named.
    static let listedRefs = 8

    /// `report` with the choices for the argument it says is missing, when they are known.
    static func listingChoices(_ report: FailureReport, arguments: [String]) -> FailureReport {
        guard let message = report.message, let argument = argumentName(message),
              let line = choices(for: argument, command: commandPath(arguments), arguments: arguments)
        else { return report }
        return FailureReport(message: line, exitStatus: report.exitStatus)
    }

    /// `ref` from swift-argument-parser's "Missing expected argument '<ref>'".
    static func argumentName(_ message: String) -> String? {
        let prefix = "Missing expected argument '<", suffix = ">'"
        guard message.hasPrefix(prefix), message.hasSuffix(suffix) else { return nil }
        return String(message.dropFirst(prefix.count).dropLast(suffix.count))
    }

    /// The command's names as typed: `["interview", "show"]` for `followup interview show`.
    static func commandPath(_ arguments: [String]) -> [String] {
        var path: [String] = []
        var subcommands = Followup.configuration.subcommands
        for word in arguments {
            guard let command = subcommands.first(where: { $0.configuration.commandName == word }) else { break }
            path.append(word)
            subcommands = command.configuration.subcommands
        }
        return path
    }

    static func choices(for argument: String, command: [String], arguments: [String]) -> String? {
        switch (command, argument) {
        case (["log"], "action"):
            "say what to log: followup log ACTION REF, with ACTION one of "
                + Action.allCases.map(\.rawValue).joined(separator: ", ")
        case (["draft"], "kind"):
            "say which draft: followup draft KIND REF, with KIND one of "
                + DraftKind.allCases.map(\.rawValue).joined(separator: ", ")
        case (["config", "set"], "key"):
            "say which setting: followup config set KEY VALUE, with KEY one of "
                + RulesConfig.settings.map(\.key).joined(separator: ", ") + "; 'followup config get' explains each"
        case (["config", "set"], "value"):
            positionals(arguments.dropFirst(command.count)).first.map { key in
                guard let setting = RulesConfig.setting(key) else { return ConfigError.unknownKey(key).description }
                return "say the new value: followup config set \(key) VALUE (\(key): \(setting.summary))"
            }
        case (["retract"], "event-id"):
            "say which event: followup retract EVENT-ID; the ID column of 'followup timeline REF' shows each event's id (its first 4 characters or more are enough)"
        case (["remote", "add"], "name"):
            "name the remote and give its URL: followup remote add NAME URL, like followup remote add origin me@nas:followup.git"
        case (["remote", "add"], "url"), (["remote", "set-url"], "url"):
            "give the remote's URL, in any form git takes: a path, host:path, ssh://, git:// or https://"
        case (["remote", "set-url"], "name"), (["remote", "remove"], "name"):
            "say which remote: 'followup remote list' shows them"
        case (["calendar", "add"], "url"):
            "give the calendar's URL: followup calendar add URL --user NAME, like https://dav.example.org/alex/followup/"
        case (["interview", "add"], "ref"):
            "give the new interview a short ref, like acme-onsite: followup interview add REF --company … --role … --at …"
        case (_, "ref"):
            "say which interview: " + refChoices(storeDirectory(arguments))
        default:
            nil
        }
    }

    /// The open interviews' refs, most recent first, or what to do when there are none to list.
    static func refChoices(_ directory: URL) -> String {
        guard let store = try? FollowupStore.open(at: directory), let interviews = try? store.interviews() else {
            return "give its ref; 'followup interview list' shows them"
        }
        guard !interviews.isEmpty else { return "there are none yet; add one with 'followup interview add'" }
        let open = interviews.filter { $0.outcome == nil }.sorted { ($0.startsAt, $0.ref) > ($1.startsAt, $1.ref) }
        guard !open.isEmpty else { return "none is open; 'followup interview list' shows the refs of the closed ones" }
        let listed = open.prefix(listedRefs).map(\.ref).joined(separator: ", ")
        let rest = open.count - min(open.count, listedRefs)
        let label = open.count == 1 ? "the open one is " : "the open ones are "
        return label + listed + (rest > 0 ? " and \(rest) more; 'followup interview list' shows them all" : "")
    }

    /// The words typed as arguments, without the options and `--store`'s value.
    static func positionals(_ words: ArraySlice<String>) -> [String] {
        var result: [String] = []
        var skipNext = false
        for word in words {
            if skipNext {
                skipNext = false
            } else if word == "--store" {
                skipNext = true
            } else if !word.hasPrefix("-") {
                result.append(word)
            }
        }
        return result
    }

    /// The store the command line names, as the command itself would have found it.
    static func storeDirectory(_ arguments: [String]) -> URL {
        var named: [String] = []
        if let index = arguments.firstIndex(of: "--store"), index + 1 < arguments.count {
            named = ["--store", arguments[index + 1]]
        } else if let option = arguments.first(where: { $0.hasPrefix("--store=") }) {
            named = [option]
        }
        return ((try? StoreOptions.parse(named)) ?? StoreOptions()).directory
    }
}
