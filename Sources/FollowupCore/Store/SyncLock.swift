import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a store's sync: a POSIX record lock, which the kernel releases when
/// the process ends however it ends (a killed sync never blocks the next). Unlike flock, it
/// belongs to the process and is not shared with children forked meanwhile by other threads.
public final class SyncLock {
    private let descriptor: Int32

    public init(directory: URL) throws {
        let path = directory.appendingPathComponent("sync.lock").path
        descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError.database("cannot open \(path): \(String(cString: strerror(errno)))") }
        var region = flock(l_type: Int16(F_WRLCK), l_whence: Int16(SEEK_SET), l_start: 0, l_len: 0, l_pid: 0)
        guard fcntl(descriptor, F_SETLK, &region) == 0 else {
            Glibc.close(descriptor)
            throw StoreError.syncRunning
        }
    }

    deinit { Glibc.close(descriptor) }
}
