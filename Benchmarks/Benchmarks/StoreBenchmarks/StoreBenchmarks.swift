import Benchmark
import FollowupCore
import Foundation

// In-process figures: the fold (the projection's pure core) and the rules over many interviews.
// Whole-process figures (log, replay, status, due on stores of 10k–1M events, next to
// Taskwarrior and sqlite3) come from Benchmarks/run.sh.
let benchmarks: @Sendable () -> Void = {
    let start = Int64(Date().timeIntervalSince1970) - 30 * 86_400
    let details = InterviewDetails(ref: "acme", company: "Acme", role: "Engineer", durationMinutes: 45,
                                   interviewers: [Interviewer(name: "Jane Doe"), Interviewer(name: "Sam Park")],
                                   points: ["design"], decisionBy: nil)
    let interviewID = "00000000-0000-4000-8000-000000000000"
    let types: [EventType] = [.thankYouSent, .nextStepsAsked, .checkInSent, .responseReceived, .noteAdded]
    let facts = [ProjectionFact(id: interviewID, type: .interviewAdded, occurred: start, details: details)]
        + (1..<100).map { index in
            ProjectionFact(id: String(format: "00000000-0000-4000-8000-%012d", index), type: types[index % types.count],
                           occurred: start + Int64(index) * 3600, subject: "Jane Doe")
        }

    Benchmark("fold one interview of 100 events", configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal])) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(InterviewState.fold(facts)) }
    }

    let state = InterviewState.fold(facts)!
    let interviews = (0..<10_000).map { index -> InterviewState in
        var copy = state
        copy.id = String(index)
        copy.ref = "interview-\(index)"
        return copy
    }
    let rules = DueRules()
    let now = Int64(Date().timeIntervalSince1970)
    Benchmark("due over 10k interviews", configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(5))) { _ in
        blackHole(rules.due(interviews, now: now))
    }
}
