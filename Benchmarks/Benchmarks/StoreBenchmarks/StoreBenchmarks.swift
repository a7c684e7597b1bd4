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
    sealingBenchmarks()
}

// Sealing, next to what every imported line costs anyway: its strict parse.
let sealingBenchmarks: @Sendable () -> Void = {
    let key = SyncKey.generate()
    let line = #"{"clock":0,"device":"0123456789abcdef","id":"00000000-0000-4000-8000-000000000001","interview":"00000000-0000-4000-8000-000000000000","occurred":"2026-11-20T14:00:00Z","payload":{"note":"thanked her for the deep dive on offline sync","to":"Jane Doe"},"prev":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","recorded":"2026-11-20T14:00:00.000Z","seq":2,"sig":"3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==","type":"thank-you-sent","v":1}"#
    let sealed = SealedLine.seal(line, with: key)
    let keys = [key.id: key]
    Benchmark("parse 1k event lines (the plain import's first step)", configuration: .init(metrics: [.wallClock, .throughput])) { benchmark in
        for _ in benchmark.scaledIterations { for _ in 0..<1000 { blackHole(try? JSONValue.parse(line)) } }
    }
    Benchmark("open 1k sealed lines", configuration: .init(metrics: [.wallClock, .throughput])) { benchmark in
        for _ in benchmark.scaledIterations { for _ in 0..<1000 { blackHole(try? SealedLine.open(sealed, keys: keys)) } }
    }
    Benchmark("seal 1k lines", configuration: .init(metrics: [.wallClock, .throughput])) { benchmark in
        for _ in benchmark.scaledIterations { for _ in 0..<1000 { blackHole(SealedLine.seal(line, with: key)) } }
    }
}
