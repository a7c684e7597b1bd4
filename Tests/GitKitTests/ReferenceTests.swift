import Foundation
import GitKit
import GitTestSupport
import Testing

@Suite("References")
struct ReferenceTests {
    let directory: TemporaryDirectory
    let repository: Repository

    init() throws {
        directory = try TemporaryDirectory("refs")
        repository = try Repository(creatingBareAt: directory.path + "/refs.git")
    }

    @Test("compare-and-swap update refuses a stale expected value")
    func compareAndSwap() throws {
        let first = try repository.commitFiles(["a": "1"], parent: nil)
        let second = try repository.commitFiles(["a": "2"], parent: first)
        let third = try repository.commitFiles(["a": "3"], parent: second)
        let name = "refs/heads/main"

        try repository.updateReference(name, to: first, expecting: nil, message: "create")
        #expect(throws: RepositoryError.referenceConflict(name: name, expected: nil, actual: first)) {
            try repository.updateReference(name, to: second, expecting: nil, message: "create again")
        }
        try repository.updateReference(name, to: second, expecting: first, message: "advance")
        #expect(throws: RepositoryError.referenceConflict(name: name, expected: first, actual: second)) {
            try repository.updateReference(name, to: third, expecting: first, message: "stale")
        }
        #expect(try repository.reference(name) == second)
        #expect(throws: RepositoryError.referenceConflict(name: "refs/heads/absent", expected: first, actual: nil)) {
            try repository.updateReference("refs/heads/absent", to: third, expecting: first, message: "absent")
        }
        #expect(try repository.reference("refs/heads/absent") == nil)

        let reflog = try Shell.git(directory.path + "/refs.git", "reflog", "show", "--format=%gs", name)
        #expect(reflog == "advance\ncreate")
    }

    @Test("references are listed under a prefix, sorted")
    func listing() throws {
        let commit = try repository.commitFiles(["a": "1"], parent: nil)
        for name in ["refs/sync/b/head", "refs/sync/a/head", "refs/heads/main", "refs/syncother"] {
            try repository.updateReference(name, to: commit, expecting: nil, message: "test")
        }
        #expect(try repository.references(under: "refs/sync/").map(\.name) == ["refs/sync/a/head", "refs/sync/b/head"])
        #expect(try repository.references(under: "refs/").count == 4)
        #expect(try repository.references(under: "refs/sync/").allSatisfy { $0.target == commit })
    }

    @Test("an invalid reference name is a GitError naming the call")
    func invalidName() throws {
        let commit = try repository.commitFiles(["a": "1"], parent: nil)
        let error = try #require(throws: GitError.self) {
            try repository.updateReference("refs/heads/bad..name", to: commit, expecting: nil, message: "x")
        }
        #expect(error.code == .invalidSpec)
        #expect(error.description.contains("git_reference_create"))
    }
}
