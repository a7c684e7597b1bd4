import ArgumentParser
import FollowupCore
import Foundation

struct InterviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interview",
        abstract: "Add, edit, list and show interviews.",
        subcommands: [Add.self, Edit.self, List.self, Show.self])

    struct Add: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record an interview (it may be in the future).",
            discussion: """
                Example: followup interview add acme-onsite --company Acme --role "iOS Engineer" \
                --at "2026-11-27 14:00" --duration 45m --interviewer "Jane Doe <jane@acme.com>" \
                --point "offline sync design"
                A later round of the same application: followup interview add acme-vp --company Acme \
                --role "iOS Engineer" --at "2026-12-03 10:00" --round-of acme-onsite
                """)

        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "A short unique name for the interview, like acme-onsite.") var ref: String
        @Option(help: "The employer.") var company: String
        @Option(help: "The position.") var role: String
        @Option(help: ArgumentHelp("When it starts.", valueName: "WHEN")) var at: String
        @Option(help: "How long it lasts, like 45m or 1h30m.") var duration = "60m"
        @Option(help: ArgumentHelp("Someone who interviewed you: \"Name <email>\" (repeatable).", valueName: "PERSON"))
        var interviewer: [String] = []
        @Option(help: ArgumentHelp("A point discussed, to mention in follow-ups (repeatable).", valueName: "TEXT"))
        var point: [String] = []
        @Option(help: ArgumentHelp("When they said they would decide.", valueName: "WHEN")) var decisionBy: String?
        @Option(help: ArgumentHelp("An earlier round of the same application (its ref): the rounds are followed up as one.",
                                   valueName: "REF"), completion: .interviewRefs)
        var roundOf: String?

        func validate() throws {
            guard DurationInput.minutes(duration) != nil else {
                throw ValidationError("--duration: '\(duration)' is not a length; use 45m, 1h or 1h30m (at most 24h)")
            }
            for person in interviewer where Interviewer(parsing: person) == nil {
                throw ValidationError("--interviewer: '\(person)' is not a person; use \"Jane Doe\" or \"Jane Doe <jane@acme.com>\"")
            }
        }

        func run(_ store: FollowupStore) throws {
            let startsAt = try parseWhen(at, option: "--at", prefer: .future)!
            let decision = try parseDecisionBy(decisionBy, anchor: startsAt)
            let input = InterviewInput(
                ref: ref, company: company, role: role, startsAt: startsAt,
                durationMinutes: DurationInput.minutes(duration)!,
                interviewers: interviewer.compactMap(Interviewer.init(parsing:)), points: point,
                decisionBy: decision.date, roundOf: roundOf)
            let logged = try store.addInterview(input)
            if let note = decision.note { Console.note(note) }
            logged.warnings.forEach(Console.warning)
            Console.out(logged.event.id)
        }
    }

    struct Edit: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Correct an interview: records an amendment, the original stays in the timeline; prints its id.",
            discussion: """
                Example: followup interview edit acme-onsite --at "2026-11-27 15:00" --add-interviewer "Bob Lee" \
                --remove-interviewer Jane
                Link a forgotten round: followup interview edit acme-vp --round-of acme-onsite
                Unlink one linked by mistake: followup interview edit acme-vp --no-round-of
                """)

        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The interview's ref (a unique prefix is enough).", completion: .interviewRefs) var ref: String
        @Option(help: "The employer.") var company: String?
        @Option(help: "The position.") var role: String?
        @Option(help: ArgumentHelp("When it starts.", valueName: "WHEN")) var at: String?
        @Option(help: "How long it lasts, like 45m or 1h30m.") var duration: String?
        @Option(help: ArgumentHelp("When they said they would decide (counts from the interview's start).", valueName: "WHEN"))
        var decisionBy: String?
        @Option(help: ArgumentHelp("Someone else who interviewed you: \"Name <email>\" (repeatable).", valueName: "PERSON"))
        var addInterviewer: [String] = []
        @Option(help: ArgumentHelp("An interviewer recorded by mistake: a name or email (repeatable).", valueName: "NAME"))
        var removeInterviewer: [String] = []
        @Option(help: ArgumentHelp("Another point discussed (repeatable).", valueName: "TEXT")) var point: [String] = []
        @Option(help: ArgumentHelp("An earlier round of the same application (its ref), instead of any linked before.",
                                   valueName: "REF"), completion: .interviewRefs)
        var roundOf: String?
        @Flag(help: "Remove the link to an earlier round: the interview is its own application again.") var noRoundOf = false

        func validate() throws {
            if noRoundOf, let roundOf {
                throw ValidationError("--round-of \(roundOf) and --no-round-of contradict each other; give one of them")
            }
            if let duration, DurationInput.minutes(duration) == nil {
                throw ValidationError("--duration: '\(duration)' is not a length; use 45m, 1h or 1h30m (at most 24h)")
            }
            for person in addInterviewer where Interviewer(parsing: person) == nil {
                throw ValidationError("--add-interviewer: '\(person)' is not a person; use \"Jane Doe\" or \"Jane Doe <jane@acme.com>\"")
            }
        }

        func run(_ store: FollowupStore) throws {
            let startsAt = try parseWhen(at, option: "--at", prefer: .future)
            let anchor = try startsAt ?? store.status(ref: ref, now: Date()).first.map {
                Date(timeIntervalSince1970: TimeInterval($0.state.startsAt))
            } ?? Date()
            let decision = try parseDecisionBy(decisionBy, anchor: anchor)
            let edit = InterviewEdit(
                company: company, role: role, startsAt: startsAt, durationMinutes: duration.flatMap(DurationInput.minutes),
                decisionBy: decision.date,
                addInterviewers: addInterviewer.compactMap(Interviewer.init(parsing:)), removeInterviewers: removeInterviewer,
                addPoints: point, roundOf: roundOf, unlinkRound: noRoundOf)
            let logged = try store.amendInterview(ref, edit)
            if let note = decision.note { Console.note(note) }
            logged.warnings.forEach(Console.warning)
            Console.out(logged.event.id)
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the interviews.", discussion: "Example: followup interview list --json")

        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        func run(_ store: FollowupStore) throws {
            let summaries = try store.status(now: Date())
            if json {
                Console.out(JSONValue.array(summaries.map(JSONRendering.summary)).prettyString)
                return
            }
            guard !summaries.isEmpty else {
                Console.out("no interviews yet; add one with 'followup interview add'")
                return
            }
            // The ROUND column appears once some interview is a round of an application, so a search
            // without rounds keeps its narrower table.
            let showsRounds = summaries.contains { $0.state.applicationRef != nil }
            var table = Table("REF", "COMPANY", "ROLE", "WHEN", "STATE", "INTERVIEWERS")
            if showsRounds { table.headers.insert("ROUND", at: 5) }
            for summary in summaries {
                let state = summary.state
                let (ref, company, role, when) = (state.ref, state.company.truncated(24), state.role.truncated(28),
                                                  LocalTime.format(state.startsAt))
                let interviewers = state.interviewers.map(\.name).joined(separator: ", ")
                if showsRounds {
                    let round = state.applicationRef.map { "\(state.round)/\(state.rounds) of \($0)" } ?? "—"
                    table.add(ref, company, role, when, summary.status.rawValue, round, interviewers)
                } else {
                    table.add(ref, company, role, when, summary.status.rawValue, interviewers)
                }
            }
            Console.out(table.render())
        }
    }

    struct Show: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one interview and what is pending for it.",
            discussion: "Example: followup interview show acme")

        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The interview's ref (a unique prefix is enough).", completion: .interviewRefs) var ref: String
        @Option(name: .asOf, help: .asOf) var now: String?
        @Flag(help: "Print JSON.") var json = false

        func run(_ store: FollowupStore) throws {
            let asOf = try parseAsOf(now)
            let moment = asOf ?? Date()
            let detail = try store.interviewDetail(ref: ref, now: moment, asOf: asOf)
            let (summary, pending) = (detail.summary, detail.pending)
            if json {
                guard case .object(var members) = JSONRendering.summary(summary) else { return }
                members["pending"] = .array(pending.map(JSONRendering.dueItem))
                Console.out(JSONValue.object(members).prettyString)
                return
            }
            let state = summary.state
            var lines = [
                "\(state.ref): \(state.role) at \(state.company)",
                "  when          \(LocalTime.format(state.startsAt, withWeekday: true)) (\(state.durationMinutes) min)",
                "  state         \(summary.status.rawValue)" + (state.outcome.map { " (\($0.rawValue))" } ?? "")
                    + (state.outcomeRound.map { ", recorded on \($0)" } ?? ""),
            ]
            if let application = state.applicationRef {
                lines.append("  round         \(state.round) of \(state.rounds) of the application \(application)")
            }
            for person in state.interviewers {
                let thanked = person.thankedAt.map { "thanked \(LocalTime.format($0))" } ?? "not thanked yet"
                lines.append("  interviewer   \(person.name)\(person.email.map { " <\($0)>" } ?? "") — \(thanked)")
            }
            for point in state.points { lines.append("  point         \(point)") }
            if let decisionBy = state.decisionBy { lines.append("  decision by   \(LocalTime.format(decisionBy, withWeekday: true))") }
            lines.append("  check-ins     \(state.checkInCount) (\(state.unansweredCheckIns) unanswered)")
            if let reply = state.lastResponseAt { lines.append("  last reply    \(LocalTime.format(reply))") }
            lines.append("  events        \(state.eventCount)")
            let nowSeconds = Int64(moment.timeIntervalSince1970)
            if !pending.isEmpty {
                lines.append("pending:")
                for item in pending {
                    let to = item.to.map { " to \($0)" } ?? ""
                    lines.append("  \(item.action)\(to): due \(LocalTime.format(item.dueAt)) (\(Relative.due(item.dueAt, now: nowSeconds))) — \(item.reason)")
                }
            }
            Console.out(lines.joined(separator: "\n"))
        }
    }
}
