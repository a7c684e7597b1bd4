import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// A followup store: a directory holding the SQLite event log with its projection, and this
/// device's signing key. Every public write is one transaction that appends events and
/// updates the projection together.
public final class FollowupStore: @unchecked Sendable {
    // @unchecked: the database is behind GRDB's serialized DatabaseQueue; `wallClock` and
    // `timeZone` are plain variables, set before the store is used (by tests, and by `create`
    // while it registers the device), never while other threads use the store.
    public static let databaseName = "followup.sqlite"
    public static let keyName = "device.key"

    public let directory: URL
    let database: DatabaseQueue
    let key: DeviceKey
    /// This device's id, derived from its public key.
    public let deviceID: String
    /// This device's public signing key, base64.
    public var publicKey: String { key.publicKeyBase64 }
    /// The wall-clock time source for recording times and "now"; tests replace it.
    public var wallClock: @Sendable () -> Date = { Date() }
    /// The time zone writes make the kept due items (`due_item`) in: the user's; tests replace it.
    public var timeZone: TimeZone = .current

    var databasePath: String { directory.appendingPathComponent(FollowupStore.databaseName).path }

    private init(directory: URL, database: DatabaseQueue, key: DeviceKey) {
        self.directory = directory
        self.database = database
        self.key = key
        self.deviceID = key.deviceID
    }

    // MARK: Creating and opening

    /// Creates a new store in `directory` (made if missing) for a device called `deviceName`.
    public static func create(at directory: URL, deviceName: String, now: Date = Date()) throws -> FollowupStore {
        let name = deviceName.trimmingWhitespace()
        guard !name.isEmpty, name.count <= 64, !name.contains(where: \.isNewline) else {
            throw StoreError.invalidInput("the device name must be 1 to 64 characters on one line")
        }
        let files = FileManager.default
        let databaseURL = directory.appendingPathComponent(databaseName)
        let keyURL = directory.appendingPathComponent(keyName)
        if files.fileExists(atPath: databaseURL.path) || files.fileExists(atPath: keyURL.path) {
            throw StoreError.alreadyAStore(path: directory.path)
        }
        var createdDirectory = false
        if !files.fileExists(atPath: directory.path) {
            do {
                try files.createDirectory(at: directory, withIntermediateDirectories: true,
                                          attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.invalidInput("cannot create the store directory \(directory.path): \(error.localizedDescription)")
            }
            createdDirectory = true
        }
        do {
            let key = DeviceKey()
            let keyText = key.rawRepresentation.base64EncodedString() + "\n"
            guard files.createFile(atPath: keyURL.path, contents: Data(keyText.utf8),
                                   attributes: [.posixPermissions: 0o600]) else {
                throw StoreError.invalidInput("cannot write the device key \(keyURL.path): check the directory's permissions")
            }
            let database = try openDatabase(at: databaseURL.path, creating: true)
            let store = FollowupStore(directory: directory, database: database, key: key)
            store.wallClock = { now }
            try store.append(type: .deviceRegistered, interview: nil, occurred: Int64(now.timeIntervalSince1970),
                             payload: ["name": .string(name), "publicKey": .string(key.publicKeyBase64)])
            store.wallClock = { Date() }
            return store
        } catch {
            // Leave nothing half-made behind: the directory is as it was.
            for url in [databaseURL, keyURL] + ["-wal", "-shm"].map({ URL(fileURLWithPath: databaseURL.path + $0) }) {
                try? files.removeItem(at: url)
            }
            if createdDirectory { try? files.removeItem(at: directory) }
            throw error
        }
    }

    /// Opens the store in `directory`, refusing what is not a store, is damaged, or is newer.
    public static func open(at directory: URL) throws -> FollowupStore {
        let databaseURL = directory.appendingPathComponent(databaseName)
        let keyURL = directory.appendingPathComponent(keyName)
        guard FileManager.default.fileExists(atPath: databaseURL.path) else {
            // A directory this user may not search hides the store; saying there is none would
            // send them to 'followup init'.
            if access(databaseURL.path, F_OK) != 0, errno == EACCES {
                throw StoreError.database("cannot open the store at \(directory.path): permission denied; run followup as the user who owns it")
            }
            throw StoreError.notAStore(path: directory.path)
        }
        let key = try readKey(at: keyURL)
        let database = try openDatabase(at: databaseURL.path, creating: false)
        return FollowupStore(directory: directory, database: database, key: key)
    }

    static func readKey(at url: URL) throws -> DeviceKey {
        // Plain open/fstat/read: FileManager's attributes look up user names through NSS,
        // which costs every command a few milliseconds of start-up.
        let descriptor = Glibc.open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError.badKey(path: url.path, detail: String(cString: strerror(errno)))
        }
        defer { Glibc.close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size < 4096 else {
            throw StoreError.badKey(path: url.path, detail: "not a key file")
        }
        if status.st_mode & 0o077 != 0 {
            throw StoreError.badKey(path: url.path, detail: "readable by others; run 'chmod 600 \(url.path)'")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        let text = String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self).trimmingWhitespace()
        guard let raw = Data(base64Encoded: text), let key = try? DeviceKey(rawRepresentation: raw) else {
            throw StoreError.badKey(path: url.path, detail: "not a base64 Ed25519 key")
        }
        return key
    }

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        for migration in GeneratedSchema.migrations {
            migrator.registerMigration(migration.identifier) { db in try db.execute(sql: migration.sql) }
        }
        return migrator
    }()

    static func openDatabase(at path: String, creating: Bool) throws -> DatabaseQueue {
        var configuration = Configuration()
        // Several followup processes may write at once; each waits its turn instead of failing.
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // FULL: a commit is on disk (WAL fsynced) before `log` prints the event id.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            let database = try DatabaseQueue(path: path, configuration: configuration)
            if creating {
                try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            }
            let state = try database.read { db -> (superseded: Bool, complete: Bool, applied: [String]) in
                try (migrator.hasBeenSuperseded(db), migrator.hasCompletedMigrations(db), migrator.appliedMigrations(db))
            }
            if state.superseded {
                let known = Set(migrator.migrations)
                let newer = try database.read { db in try migrator.appliedIdentifiers(db) }.subtracting(known).sorted().last
                throw StoreError.newerVersion(path: path, migration: newer ?? "unknown")
            }
            if !state.complete {
                if !creating, state.applied.isEmpty, try !database.read({ db in try db.tableExists("grdb_migrations") }) {
                    throw StoreError.corrupt(path: path, detail: "it holds no followup schema")
                }
                try migrator.migrate(database)
            }
            return database
        } catch let error as DatabaseError {
            throw storeError(error, path: path)
        }
    }

    static func storeError(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .corrupt(path: path, detail: error.message ?? "\(error.resultCode)")
        case .SQLITE_FULL:
            return .database("the disk is full; free some space and try again (nothing was written)")
        case .SQLITE_IOERR where hasNoSpace(besides: path):
            // Writing the WAL index on a full disk fails as an I/O error, not as SQLITE_FULL.
            return .database("the disk is full; free some space and try again (nothing was written)")
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            return .database("cannot write \(path) (\(error.message ?? "read-only")); check the store's permissions")
        default:
            return .database(error.message ?? error.description)
        }
    }

    /// Whether the file system holding `path` has less than 1 MiB left.
    static func hasNoSpace(besides path: String) -> Bool {
        var info = statvfs()
        guard statvfs((path as NSString).deletingLastPathComponent, &info) == 0 else { return false }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize) < 1 << 20
    }

    /// Runs `body` in one write transaction, translating SQLite failures into store errors.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as DatabaseError {
            throw FollowupStore.storeError(error, path: databasePath)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as DatabaseError {
            throw FollowupStore.storeError(error, path: databasePath)
        }
    }
}
