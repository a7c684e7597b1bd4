import FollowupCore
import Foundation
import GitKit
import GitTestSupport
import TestSupport
@testable import FollowupSync

/// A replica: its own store, synced through a real remote.
final class Replica {
    let store: FollowupStore
    let remote: SyncRemote
    /// Kept so the directory, removed when its last reference goes, lasts as long as the replica.
    let directory: TemporaryDirectory

    init(_ name: String, in directory: TemporaryDirectory, remoteURL: String, credentials: [Credential] = []) throws {
        self.directory = directory
        store = try FollowupStore.create(at: URL(fileURLWithPath: directory.path + "/" + name), deviceName: name)
        remote = try store.addRemote("origin", url: remoteURL)
        self.credentials = credentials
    }

    let credentials: [Credential]

    @discardableResult
    func sync() throws -> SyncReport { try Syncer(store: store, remote: remote, credentials: credentials).sync() }

    func export() throws -> String {
        var lines: [String] = []
        try store.forEachLine { lines.append($0) }
        return lines.joined(separator: "\n")
    }

    @discardableResult
    func addInterview(_ ref: String) throws -> Event {
        try store.addInterview(InterviewInput(ref: ref, company: "Company \(ref)", role: "Engineer",
                                              startsAt: Date().addingTimeInterval(-86_400 * 3),
                                              interviewers: [Interviewer(name: "Jane Doe")])).event
    }

    func log(_ action: Action, _ ref: String) throws {
        try store.log(ActionInput(action: action, interview: ref, to: action == .thankYou ? "Jane" : nil,
                                  note: action == .note ? "note" : nil))
    }
}

func bareRepository(in directory: TemporaryDirectory, _ name: String = "remote") throws -> String {
    let path = directory.path + "/\(name).git"
    _ = try Repository(creatingBareAt: path)
    return path
}

/// A laptop and a desktop (device names `devices`) that sync through `url`, or through a new
/// bare repository when nil.
func twoMachines(_ name: String, url: String? = nil, devices: (laptop: String, desktop: String) = ("laptop", "desktop"),
                 credentials: [Credential] = []) throws
    -> (directory: TemporaryDirectory, url: String, laptop: Replica, desktop: Replica) {
    let directory = try TemporaryDirectory(name)
    let url = try url ?? bareRepository(in: directory)
    return (directory, url, try Replica(devices.laptop, in: directory, remoteURL: url, credentials: credentials),
            try Replica(devices.desktop, in: directory, remoteURL: url, credentials: credentials))
}

/// Someone with write access to the remote changes its branch: `edit` gets the path of a fresh
/// clone's work tree, and whatever it changed there is committed and pushed with the git CLI.
func editRemote(_ url: String, in directory: TemporaryDirectory, _ edit: (String) throws -> Void) throws {
    let work = directory.path + "/work-\(UUID().uuidString.prefix(8))"
    _ = try Shell.run(["git", "clone", "-q", "-b", "followup", url, work])
    try edit(work)
    _ = try Shell.git(work, "add", "-A")
    _ = try Shell.git(work, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "edit")
    _ = try Shell.git(work, "push", "-q", "origin", "followup")
}

/// Writes `data` at `path`, making the directories above it.
func write(_ data: Data, at path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try data.write(to: URL(fileURLWithPath: path))
}
