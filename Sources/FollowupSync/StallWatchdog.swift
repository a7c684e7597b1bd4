import Dispatch
import Foundation

/// Ends a sync whose remote gives no sign of life for `limit` seconds while a fetch or push is
/// under way. libgit2 1.5 has no timeouts: a server that accepts the connection and then says
/// nothing, or an address that swallows packets, would hold a sync for minutes or for ever.
/// Every step of a sync is idempotent and survives being killed anywhere, so ending it is
/// safe, and the next sync completes the work.
public final class StallWatchdog: @unchecked Sendable {
    // @unchecked: `lastSign` is only touched under `lock`; the timer is set once in init.
    public let limit: TimeInterval
    private let lock = NSLock()
    /// When the remote last showed life (uptime nanoseconds); nil while nothing is in flight.
    private var lastSign: UInt64?
    private let timer: DispatchSourceTimer

    /// `onStall` runs on a background thread and must end the process.
    public init(limit: TimeInterval, onStall: @escaping @Sendable () -> Void) {
        self.limit = limit
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
        let period = max(0.05, min(1, limit / 4))
        timer.schedule(deadline: .now() + period, repeating: period)
        let limitNanoseconds = UInt64(limit * 1_000_000_000)
        timer.setEventHandler { [unowned self] in
            let stalled = lock.withLock { lastSign.map { DispatchTime.now().uptimeNanoseconds - $0 > limitNanoseconds } ?? false }
            if stalled { onStall() }
        }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// A fetch or push starts: the clock runs from now.
    func arm() { lock.withLock { lastSign = DispatchTime.now().uptimeNanoseconds } }

    /// The remote sent something: the clock starts again.
    func touch() { lock.withLock { if lastSign != nil { lastSign = DispatchTime.now().uptimeNanoseconds } } }

    /// The fetch or push is over: local work takes as long as it takes.
    func disarm() { lock.withLock { lastSign = nil } }
}
