import Foundation
import GitKit
import GitTestSupport
import Testing

/// The push/fetch round trip every transport must pass, against one served repository.
struct TransportScenario {
    let url: String
    let serverRepository: String
    var credentials: [Credential] = []

    /// Pushes two commits from one bare repository, fetches them into another, lists the remote;
    /// returns the seconds the network operations took.
    func runRoundTrip() throws -> Double {
        let directory = try TemporaryDirectory("clients")
        let writer = try Repository(creatingBareAt: directory.path + "/writer.git")
        let reader = try Repository(creatingBareAt: directory.path + "/reader.git")
        let first = try writer.commitFiles(["log/abcd1234/000001.jsonl": "{\"n\":1}\n"], parent: nil)
        let second = try writer.commitFiles(["log/abcd1234/000002.jsonl": "{\"n\":2}\n"], parent: first)
        try writer.updateReference("refs/heads/main", to: first, expecting: nil, message: "test")

        var pushProgress: [TransferProgress] = []
        var fetchProgress: [TransferProgress] = []
        var listed: [RemoteReference] = []
        let elapsed = try seconds {
            let push = try Remote(repository: writer, url: url, credentials: credentials)
            try push.push(refspecs: ["refs/heads/main:refs/heads/main"]) { pushProgress.append($0) }
            try writer.updateReference("refs/heads/main", to: second, expecting: first, message: "test")
            try push.push(refspecs: ["refs/heads/main:refs/heads/main"])

            let fetch = try Remote(repository: reader, url: url, credentials: credentials)
            try fetch.fetch(refspecs: ["+refs/heads/*:refs/remotes/origin/*"]) { fetchProgress.append($0) }
            listed = try fetch.references()
        }
        #expect(try Shell.git(serverRepository, "rev-parse", "refs/heads/main") == second.hex)
        #expect(try reader.reference("refs/remotes/origin/main") == second)
        let tree = try reader.commit(second).tree
        let entry = try #require(try reader.entry(at: "log/abcd1234/000001.jsonl", inTree: tree))
        #expect(try reader.readBlob(entry.id) == Data("{\"n\":1}\n".utf8))
        #expect(listed.contains(where: { $0.name == "refs/heads/main" && $0.target == second }))
        #expect(!pushProgress.isEmpty, "push reports progress")
        #expect(fetchProgress.last.map { $0.objects == $0.totalObjects && $0.totalObjects > 0 } ?? false,
                "fetch reports progress up to the total")
        return elapsed
    }
}

/// Prints a transport's time for the scenario, so that transports can be compared from a test run.
func reportTiming(_ transport: String, _ elapsed: Double) {
    print("timing \(transport): push+push+fetch+ls in \(String(format: "%.3f", elapsed)) s")
}

/// Prints the message a person would see, so that it can be read from a test run.
func showMessage(_ situation: String, _ error: Error) {
    print("message [\(situation)]: \(error)")
}
