import FollowupCore
import Foundation

// Builds a store of generated follow-ups for the benchmarks:
//   followup-bench-gen DIR INTERVIEWS EVENTS_PER_INTERVIEW [OPEN]
// Interviews start over the past year; each gets thank-yous, next steps, check-ins, replies
// and notes, signed and chained exactly as `followup log` writes them. With OPEN, all but the
// OPEN most recent interviews end with an outcome, as a long job search does.
let arguments = CommandLine.arguments
guard arguments.count == 4 || arguments.count == 5, let interviews = Int(arguments[2]),
      let perInterview = Int(arguments[3]), perInterview >= 2 || arguments.count == 4,
      let open = arguments.count == 5 ? Int(arguments[4]) : interviews else {
    FileHandle.standardError.write(Data("usage: followup-bench-gen DIR INTERVIEWS EVENTS_PER_INTERVIEW [OPEN]\n".utf8))
    exit(64)
}
let directory = URL(fileURLWithPath: arguments[1])
let now = Int64(Date().timeIntervalSince1970)
let store = try FollowupStore.create(at: directory, deviceName: "bench")
let actions: [(EventType, [String: JSONValue])] = [
    (.thankYouSent, ["to": .string("Jane Doe"), "note": .string("thanked her for the architecture discussion")]),
    (.nextStepsAsked, ["decisionBy": .string(UTCTime.format(seconds: now - 86_400))]),
    (.checkInSent, ["note": .string("checking in on the timeline")]),
    (.responseReceived, ["from": .string("Jane Doe"), "note": .string("still deciding")]),
    (.noteAdded, ["note": .string("prepared questions for the next round")]),
    (.qualificationsSent, ["point": .string("more detail on the migration project")]),
]
var batch: [EventDraft] = []
batch.reserveCapacity(50_000)
for index in 0..<interviews {
    let start = now - 365 * 86_400 + Int64(index) * (300 * 86_400 / Int64(max(interviews, 1)))
    let details = InterviewDetails(
        ref: "interview-\(index)", company: "Company \(index % 997)", role: "Engineer", durationMinutes: 45,
        interviewers: [Interviewer(name: "Jane Doe", email: "jane@example.com"), Interviewer(name: "Sam Park")],
        points: ["system design"], decisionBy: nil)
    let added = EventDraft.interview(details, startsAt: start)
    batch.append(added)
    for step in 1..<perInterview {
        var (type, payload) = actions[step % actions.count]
        if step == perInterview - 1, index < interviews - open {
            (type, payload) = (.outcomeRecorded, ["outcome": .string("rejected")])
        }
        batch.append(EventDraft(type: type, interview: added.id, occurred: start + Int64(step) * 3600, payload: payload))
    }
    if batch.count >= 50_000 {
        try store.appendBulk(batch)
        batch.removeAll(keepingCapacity: true)
    }
}
try store.appendBulk(batch)
print("\(try store.eventCount) events, \(interviews) interviews in \(directory.path)")
