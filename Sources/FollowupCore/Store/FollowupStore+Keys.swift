import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// What a store holds to seal and open the synced log.
public struct SealingKeys: Sendable {
    /// Every key the store holds, by id: any of them may have sealed what arrives.
    public var byID: [String: SyncKey]
    /// The keys that sealed this device's events, each from its first sequence number on.
    public var own: [(firstSeq: Int64, key: SyncKey)]

    public var isEmpty: Bool { byID.isEmpty }

    /// The key that sealed (or seals) this device's event `seq`.
    public func key(forOwnSeq seq: Int64) -> SyncKey? {
        own.last(where: { $0.firstSeq <= seq })?.key ?? own.first?.key
    }
}

/// What a store that synced in plain text did when it started to encrypt.
public struct EncryptionStart: Sendable {
    /// The key that seals new events.
    public var key: SyncKey
    /// Where the plain-text sync repository was set aside, if there was one.
    public var setAside: String?
    /// The store has remotes and synced in plain text: a remote keeps what it received in
    /// its history, which sealing cannot take back.
    public var remotesMayHoldPlainText = false
}

/// What importing keys did.
public struct KeyImportReport: Sendable {
    public var added: [SyncKey] = []
    public var alreadyHeld = 0
    /// Set when the store synced in plain text before and now encrypts.
    public var started: EncryptionStart?

    public var enabledEncryption: Bool { started != nil }
    public var setAside: String? { started?.setAside }
}

extension FollowupStore {
    /// `<store>/sync.git`, the repository followup-sync keeps; named here because starting
    /// encryption sets it aside.
    public var syncRepositoryURL: URL { FollowupStore.syncRepositoryURL(in: directory) }

    /// Where the store in `directory` keeps its sync repository.
    public static func syncRepositoryURL(in directory: URL) -> URL { directory.appendingPathComponent("sync.git") }

    /// Where the store in `directory` keeps the plan of the next sync's first ssh connection to
    /// `remote` (docs/sync-protocol.md, "ssh"): a cache, removed with the remote.
    public static func sshConnectionPlanURL(in directory: URL, remote: String) -> URL {
        directory.appendingPathComponent("sync-ssh-\(remote).json")
    }

    /// The keys this store holds, oldest first.
    public func syncKeys() throws -> [SyncKey] {
        try read { db in try FollowupStore.syncKeys(db) }
    }

    static func syncKeys(_ db: Database) throws -> [SyncKey] {
        try Row.fetchAll(db, sql: "SELECT secret, created_ms FROM sync_key ORDER BY created_ms, id").map { row in
            do { return try SyncKey(secret: row[0], createdMs: row[1]) } catch {
                throw StoreError.corrupt(path: "sync_key", detail: "a stored sync key is not 32 bytes")
            }
        }
    }

    public func isEncrypted() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sync_key)") ?? false }
    }

    /// The keys to seal and open the synced log with. When this device has events from
    /// `nextSeq` on to seal, the newest key is given its first sequence number (once): from
    /// then on, which key sealed which event never changes, so sealing stays deterministic.
    public func sealingKeys(assigningFrom nextSeq: Int64? = nil) throws -> SealingKeys {
        func load(_ db: Database) throws -> (keys: SealingKeys, newestUnassigned: Bool) {
            let keys = try FollowupStore.syncKeys(db)
            let byID = Dictionary(uniqueKeysWithValues: keys.map { ($0.id, $0) })
            let assigned = try Row.fetchAll(db, sql: "SELECT id, first_seq FROM sync_key WHERE first_seq IS NOT NULL ORDER BY first_seq")
            let own = assigned.compactMap { row in byID[row[0] as String].map { (firstSeq: row[1] as Int64, key: $0) } }
            return (SealingKeys(byID: byID, own: own), keys.last.map { newest in !own.contains { $0.key.id == newest.id } } ?? false)
        }
        // A read on every sync; a write only on the first sync after a key was added.
        let current = try read(load)
        guard let nextSeq, current.newestUnassigned else { return current.keys }
        return try write { db in
            guard try load(db).newestUnassigned, let newest = try FollowupStore.syncKeys(db).last else { return try load(db).keys }
            let used = try Int64.fetchOne(db, sql: "SELECT max(first_seq) FROM sync_key") ?? 0
            try db.execute(sql: "UPDATE sync_key SET first_seq = ? WHERE id = ?", arguments: [max(nextSeq, used + 1), newest.id])
            return try load(db).keys
        }
    }

    /// Makes this store seal what it syncs, with a new key. The plain-text sync repository, if
    /// any, is set aside (kept, renamed): its history must not reach a remote again.
    public func enableEncryption(now: Date = Date()) throws -> EncryptionStart {
        try addKeys([SyncKey.generate(now: now)], requirePlain: true).started!
    }

    /// Adds a new key that seals this device's events from its next sync on; the old keys
    /// stay, to open what they sealed.
    public func rotateSyncKey(now: Date = Date()) throws -> SyncKey {
        guard try isEncrypted() else {
            throw StoreError.invalidInput("this store does not encrypt its sync; turn it on with 'followup encrypt enable'")
        }
        let newest = try syncKeys().last!
        // Strictly newer than every key held, whatever the clock says.
        let created = max(Int64(now.timeIntervalSince1970 * 1000), newest.createdMs + 1)
        let key = SyncKey.generate(now: Date(timeIntervalSince1970: Double(created) / 1000))
        _ = try addKeys([key], requirePlain: false)
        return key
    }

    /// Adds keys exported elsewhere; a store that synced in plain text starts encrypting.
    public func importSyncKeys(_ keys: [SyncKey]) throws -> KeyImportReport {
        try addKeys(keys, requirePlain: false)
    }

    private func addKeys(_ keys: [SyncKey], requirePlain: Bool) throws -> KeyImportReport {
        // No sync may run while the sync repository is set aside.
        let lock = try SyncLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        var report = try write { db in
            var report = KeyImportReport()
            let wasPlain = try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM sync_key)") ?? true
            if requirePlain, !wasPlain {
                throw StoreError.invalidInput("this store already encrypts its sync; 'followup key rotate' makes a new key")
            }
            for key in keys {
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sync_key WHERE id = ?)", arguments: [key.id]) == true {
                    report.alreadyHeld += 1
                    continue
                }
                try db.execute(sql: "INSERT INTO sync_key (id, secret, created_ms) VALUES (?, ?, ?)",
                               arguments: [key.id, key.secret, key.createdMs])
                report.added.append(key)
            }
            if wasPlain, !report.added.isEmpty, let newest = try FollowupStore.syncKeys(db).last {
                // Inside the transaction: if the rename fails, no key is stored either.
                report.started = EncryptionStart(key: newest, setAside: try setAsidePlainSyncRepository(now: wallClock()))
            }
            return report
        }
        if report.started?.setAside != nil {
            report.started?.remotesMayHoldPlainText = (try? remotes())?.isEmpty == false
        }
        return report
    }

    func setAsidePlainSyncRepository(now: Date) throws -> String? {
        let current = syncRepositoryURL.path
        guard FileManager.default.fileExists(atPath: current) else { return nil }
        let stamp = UTCTime.format(seconds: Int64(now.timeIntervalSince1970)).filter { $0.isNumber }
        var target = "\(current).plain-\(stamp)"
        var suffix = 1
        while FileManager.default.fileExists(atPath: target) {
            suffix += 1
            target = "\(current).plain-\(stamp)-\(suffix)"
        }
        guard rename(current, target) == 0 else {
            throw StoreError.database("cannot set aside \(current): \(String(cString: strerror(errno))); check the store's permissions")
        }
        return target
    }
}
