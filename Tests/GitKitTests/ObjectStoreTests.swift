import Foundation
import GitKit
import GitTestSupport
import Testing

@Suite("Object store of a bare repository")
struct ObjectStoreTests {
    let directory: TemporaryDirectory
    let repository: Repository

    init() throws {
        directory = try TemporaryDirectory("objects")
        repository = try Repository(creatingBareAt: directory.path + "/store.git")
    }

    @Test("blob, tree and commit round-trip with no work tree")
    func roundTrip() throws {
        let text = Data("hello\n".utf8)
        let blob = try repository.writeBlob(text)
        #expect(blob.hex == "ce013625030ba8dba906f756967f9e9ca394464a")  // git hash-object of "hello\n"
        let empty = try repository.writeBlob(Data())
        #expect(empty.hex == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")

        var builder = TreeBuilder(repository: repository)
        try builder.insert(blob, at: "log/abcd1234/000001.jsonl")
        try builder.insert(empty, at: "README")
        let tree = try builder.write()
        let commitID = try repository.createCommit(tree: tree, parents: [], message: "first\n", author: testSignature)

        let commit = try repository.commit(commitID)
        #expect(commit.tree == tree)
        #expect(commit.parents.isEmpty)
        #expect(commit.message == "first\n")
        #expect(commit.author == testSignature)
        #expect(commit.committer == testSignature)
        #expect(try repository.files(inTree: tree).map(\.path) == ["README", "log/abcd1234/000001.jsonl"])
        #expect(try repository.files(inTree: tree).allSatisfy { $0.mode == .blob })
        #expect(try repository.entry(at: "log/abcd1234/000001.jsonl", inTree: tree)?.id == blob)
        #expect(try repository.entry(at: "log/missing", inTree: tree) == nil)
        #expect(try repository.readBlob(blob) == text)
        #expect(try repository.readBlob(empty) == Data())

        // Nothing but git's own files: no index, no checked-out files.
        let store = directory.path + "/store.git"
        #expect(!FileManager.default.fileExists(atPath: store + "/index"))
        #expect(!FileManager.default.fileExists(atPath: store + "/log"))
        // The git CLI reads the same objects.
        #expect(try Shell.git(store, "cat-file", "-p", "\(commitID.hex):log/abcd1234/000001.jsonl") == "hello")
        try Shell.git(store, "fsck", "--strict", "--no-dangling")
    }

    @Test("TreeBuilder starts from a tree, replaces and removes nested files, reuses untouched subtrees")
    func treeBuilderEdits() throws {
        let one = try repository.writeBlob(Data("1".utf8))
        let two = try repository.writeBlob(Data("2".utf8))
        var first = TreeBuilder(repository: repository)
        for path in ["log/a/000001.jsonl", "log/a/000002.jsonl", "log/b/000001.jsonl", "keep/x"] {
            try first.insert(one, at: path)
        }
        let base = try first.write()

        var second = TreeBuilder(repository: repository, base: base)
        try second.insert(two, at: "log/a/000002.jsonl")
        try second.insert(two, at: "log/c/000001.jsonl")
        try second.remove(at: "log/b/000001.jsonl")
        try second.remove(at: "not/there")
        try second.insert(two, at: "run.sh", mode: .executable)
        let edited = try second.write()

        let files = try repository.files(inTree: edited)
        #expect(files.map(\.path) == ["keep/x", "log/a/000001.jsonl", "log/a/000002.jsonl", "log/c/000001.jsonl", "run.sh"])
        #expect(files.map(\.id) == [one, one, two, two, two])
        #expect(files.last?.mode == .executable)
        #expect(try repository.entry(at: "log/b", inTree: edited) == nil, "an emptied directory disappears")
        #expect(try repository.entry(at: "keep", inTree: edited)?.id == repository.entry(at: "keep", inTree: base)?.id)
        #expect(try repository.files(inTree: base).count == 4, "the base tree is unchanged")
    }

    @Test("TreeBuilder rejects paths git cannot store")
    func invalidPaths() throws {
        let blob = try repository.writeBlob(Data("x".utf8))
        var builder = TreeBuilder(repository: repository)
        for path in ["", "/abs", "a//b", "a/../b", "./a", ".git/config", "a/"] {
            #expect(throws: RepositoryError.invalidTreePath(path)) { try builder.insert(blob, at: path) }
        }
    }

    @Test("object size is known before reading and oversized blobs are refused")
    func sizeLimit() throws {
        let big = try repository.writeBlob(Data(repeating: 65, count: 1000))
        let header = try repository.objectHeader(big)
        #expect(header.kind == .blob)
        #expect(header.size == 1000)
        #expect(try repository.readBlob(big, limit: 1000).count == 1000)
        #expect(throws: RepositoryError.blobTooLarge(id: big, size: 1000, limit: 999)) {
            try repository.readBlob(big, limit: 999)
        }
        let tree = try TreeBuilder(repository: repository).write()
        #expect(throws: RepositoryError.unexpectedObjectKind(id: tree, expected: .blob, actual: .tree)) {
            try repository.readBlob(tree)
        }
        let missing = try ObjectID(hex: String(repeating: "ab", count: 20))
        #expect(try !repository.contains(missing))
        let error = try #require(throws: GitError.self) { try repository.objectHeader(missing) }
        #expect(error.code == .notFound)
        #expect(error.call.hasPrefix("git_odb_read_header"))
    }

    @Test("merge base and ancestry of commits")
    func history() throws {
        let root = try repository.commitFiles(["a": "1"], parent: nil)
        let left1 = try repository.commitFiles(["b": "2"], parent: root)
        let left2 = try repository.commitFiles(["c": "3"], parent: left1)
        let right = try repository.commitFiles(["d": "4"], parent: root)
        let unrelated = try repository.commitFiles(["e": "5"], parent: nil)

        #expect(try repository.mergeBase(left2, right) == root)
        #expect(try repository.mergeBase(left2, left1) == left1)
        #expect(try repository.mergeBase(left2, unrelated) == nil)
        #expect(try repository.isDescendant(left2, of: root))
        #expect(try !repository.isDescendant(root, of: left2))
        #expect(try !repository.isDescendant(left2, of: left2), "a commit is not its own descendant")
        #expect(try !repository.isDescendant(right, of: left1))
        #expect(try repository.commit(left2).parents == [left1])
    }

    @Test("object ids parse and print as 40 hex digits")
    func objectIDs() throws {
        let id = try ObjectID(hex: "CE013625030BA8DBA906F756967F9E9CA394464A")
        #expect(id.hex == "ce013625030ba8dba906f756967f9e9ca394464a")
        #expect(throws: RepositoryError.invalidObjectID("xyz")) { try ObjectID(hex: "xyz") }
        #expect(throws: RepositoryError.self) { try ObjectID(hex: String(repeating: "g", count: 40)) }
    }
}

@Suite("Creating and opening bare repositories")
struct RepositoryLifecycleTests {
    @Test("create, reopen, create-or-open; paths with // work")
    func createAndOpen() throws {
        let directory = try TemporaryDirectory("lifecycle")
        let path = directory.path + "//nested//sync.git/"
        let created = try Repository(creatingBareAt: path)
        let blob = try created.writeBlob(Data("kept".utf8))
        let reopened = try Repository(openingBareAt: path)
        #expect(try reopened.readBlob(blob) == Data("kept".utf8))
        #expect(try Repository.openOrCreateBare(at: path).readBlob(blob) == Data("kept".utf8))
        let fresh = try Repository.openOrCreateBare(at: directory.path + "/fresh.git")
        #expect(try fresh.references(under: "refs/").isEmpty)
        let error = try #require(throws: GitError.self) { try Repository(creatingBareAt: path) }
        #expect(error.code == .exists)
    }

    @Test("opening something that is not a bare repository says so")
    func notARepository() throws {
        let directory = try TemporaryDirectory("lifecycle")
        #expect(throws: RepositoryError.notABareRepository(path: directory.path + "/missing")) {
            try Repository(openingBareAt: directory.path + "/missing")
        }
        try Shell.run(["git", "init", "-q", directory.path + "/worktree"])
        #expect(throws: RepositoryError.self) { try Repository(openingBareAt: directory.path + "/worktree") }
    }
}
