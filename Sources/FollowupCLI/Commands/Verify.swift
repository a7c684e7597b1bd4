import ArgumentParser
import FollowupCore

struct Verify: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Prove the log was not altered: hash chains, sequence numbers and signatures of every device.",
        discussion: "Exits 1 and names the first bad event of each device when anything is wrong. Example: followup verify --json")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print JSON.") var json = false

    func run(_ store: FollowupStore) throws {
        let report = try store.verify()
        if json {
            Console.out(JSONValue.object([
                "ok": .bool(report.ok), "events": .int(Int64(report.eventsChecked)), "devices": .int(Int64(report.devices)),
                "problems": .array(report.problems.map { problem in
                    .object(["device": .string(problem.device), "seq": .int(problem.seq),
                             "event": .string(problem.eventID), "message": .string(problem.message)])
                }),
            ]).prettyString)
        } else if report.ok {
            Console.out("ok: \(report.eventsChecked) events from \(report.devices) device\(report.devices == 1 ? "" : "s"); hash chains, sequence numbers and signatures intact")
        } else {
            for problem in report.problems {
                Console.error("device \(problem.device), event \(problem.eventID) (seq \(problem.seq)): \(problem.message)")
            }
        }
        if !report.ok { throw ExitCode(ExitStatus.failure) }
    }
}
