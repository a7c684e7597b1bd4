import Foundation
import GRDB
import GRDBSQLite

/// A git remote the store syncs with.
public struct SyncRemote: Equatable, Sendable {
    public var name: String
    public var url: String

    /// A remote that is a path on this machine where nothing exists yet: sync does not create
    /// the repository, so the user should before the first sync.
    public var pathIsMissing: Bool {
        url.hasPrefix("/") && !FileManager.default.fileExists(atPath: url)
    }
}

extension FollowupStore {
    /// The URL forms sync accepts, as git: a path, file://, git://, ssh:// (also ssh+git://,
    /// git+ssh://), scp-like `[user@]host:path`, http:// and https://, with a user name where git
    /// allows one; a password in a URL is refused (it would be stored and shown in plain text).
    public static func normalizedRemoteURL(_ text: String) throws -> String {
        let url = text.trimmingSpaces()
        guard !url.isEmpty, !url.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw StoreError.invalidInput("the remote URL must not be empty")
        }
        if let schemeEnd = url.range(of: "://") {
            let scheme = url[..<schemeEnd.lowerBound].lowercased()
            guard ["file", "git", "ssh", "ssh+git", "git+ssh", "http", "https"].contains(scheme),
                  url.count > schemeEnd.upperBound.utf16Offset(in: url) else {
                throw StoreError.invalidInput("'\(url)' is not a remote followup can use: give a path, file://, git://, ssh://, "
                    + "host:path or https:// URL")
            }
            let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" }
            if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") {
                throw StoreError.invalidInput("do not put a password or token in the remote URL; use a git credential "
                    + "helper (credential.helper) or FOLLOWUP_HTTPS_TOKEN")
            }
            return url
        }
        // As git: `host:path` is an ssh remote when no slash comes before the first colon.
        if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/"), colon != url.startIndex {
            return url
        }
        // A plain path: made absolute, so the remote does not depend on the working directory.
        return URL(fileURLWithPath: url).standardizedFileURL.path
    }

    static func validateRemoteName(_ name: String) throws {
        guard !name.isEmpty, name.count <= 64,
              name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }),
              name.first != "." else {
            throw StoreError.invalidInput("'\(name)' is not a remote name: use letters, digits, '-', '_' and '.', like origin")
        }
    }

    public func addRemote(_ name: String, url: String) throws -> SyncRemote {
        try FollowupStore.validateRemoteName(name)
        let remote = SyncRemote(name: name, url: try FollowupStore.normalizedRemoteURL(url))
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM remote WHERE name = ?)", arguments: [name]) == true {
                throw StoreError.invalidInput("a remote '\(name)' exists already; use 'followup remote set-url \(name) URL'")
            }
            try db.execute(sql: "INSERT INTO remote (name, url) VALUES (?, ?)", arguments: [remote.name, remote.url])
        }
        return remote
    }

    public func setRemoteURL(_ name: String, url: String) throws -> SyncRemote {
        let normalized = try FollowupStore.normalizedRemoteURL(url)
        try write { db in
            try db.execute(sql: "UPDATE remote SET url = ? WHERE name = ?", arguments: [normalized, name])
            if db.changesCount == 0 { throw StoreError.invalidInput("no remote '\(name)'; 'followup remote list' shows them") }
        }
        return SyncRemote(name: name, url: normalized)
    }

    public func removeRemote(_ name: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM remote WHERE name = ?", arguments: [name])
            if db.changesCount == 0 { throw StoreError.invalidInput("no remote '\(name)'; 'followup remote list' shows them") }
        }
        try? FileManager.default.removeItem(at: FollowupStore.sshConnectionPlanURL(in: directory, remote: name))
    }

    public func remotes() throws -> [SyncRemote] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, url FROM remote ORDER BY name").map { SyncRemote(name: $0[0], url: $0[1]) }
        }
    }

    public func remote(_ name: String) throws -> SyncRemote {
        guard let remote = try remotes().first(where: { $0.name == name }) else {
            throw StoreError.invalidInput("no remote '\(name)'; add one with 'followup remote add \(name) URL'")
        }
        return remote
    }

    // MARK: What sync reads

    /// What `followup sync` reads before it starts ssh and hands over to followup-sync: the URL
    /// of the remote `name`, and whether `device` has events above `seq` (a sync then pushes
    /// first). One read-only query, without opening the store (no key, no migration check): nil
    /// when the store cannot be read this way, and followup-sync then reports why.
    ///
    /// Through SQLite's C API rather than a GRDB DatabaseQueue, because this runs before ssh
    /// starts: the queue's set-up and closing (a dispatch queue and its thread, the connection's
    /// configuration) took 1.9 ms there, the query alone a fraction of that.
    public static func syncOutlook(directory: URL, remote name: String, device: String, after seq: Int64) -> (url: String, waiting: Bool)? {
        var connection: OpaquePointer?
        defer { sqlite3_close_v2(connection) }
        guard sqlite3_open_v2(directory.appendingPathComponent(databaseName).path, &connection, SQLITE_OPEN_READONLY, nil) == SQLITE_OK
        else { return nil }
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        let sql = "SELECT url, EXISTS (SELECT 1 FROM event WHERE device = ?1 AND seq > ?2) FROM remote WHERE name = ?3"
        // SQLITE_TRANSIENT: SQLite copies each text, which lives only for the call that binds it.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK,
              sqlite3_bind_text(statement, 1, device, -1, transient) == SQLITE_OK,
              sqlite3_bind_int64(statement, 2, seq) == SQLITE_OK,
              sqlite3_bind_text(statement, 3, name, -1, transient) == SQLITE_OK,
              sqlite3_step(statement) == SQLITE_ROW, let url = sqlite3_column_text(statement, 0) else { return nil }
        return (String(cString: url), sqlite3_column_int(statement, 1) != 0)
    }

    /// The highest sequence number stored for each device.
    public func deviceHeads() throws -> [String: Int64] {
        try read { db in
            // One index look-up per registered device, not a scan of the log.
            let rows = try Row.fetchAll(db, sql: "SELECT id, (SELECT max(seq) FROM event WHERE event.device = device.id) FROM device")
            return Dictionary(uniqueKeysWithValues: rows.compactMap { row in
                (row[1] as Int64?).map { (row[0] as String, $0) }
            })
        }
    }

    /// One device's event lines with a sequence number above `seq`, in sequence order, at most
    /// `limit` of them (nil: all).
    public func lines(device: String, after seq: Int64, limit: Int? = nil) throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT line FROM event WHERE device = ? AND seq > ? ORDER BY seq LIMIT ?",
                                arguments: [device, seq, limit ?? -1])
        }
    }

    /// The byte sizes of one device's lines from `seq` + 1 on, in order (each without its newline).
    public func lineSizes(device: String, after seq: Int64, limit: Int) throws -> [Int] {
        try read { db in
            try Int.fetchAll(db, sql: "SELECT length(CAST(line AS BLOB)) FROM event WHERE device = ? AND seq > ? ORDER BY seq LIMIT ?",
                             arguments: [device, seq, limit])
        }
    }
}
