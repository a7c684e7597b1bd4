import Foundation
import Synchronization

/// UTC offsets of one time zone, remembered for each stretch of time between two transitions.
///
/// `due`, `status` and every table convert thousands of instants per command, and each
/// `TimeZone.secondsFromGMT(for:)` goes through ICU under a lock. A zone's offset cannot change
/// between two transitions, so one ICU call answers every instant up to the next transition.
final class ZoneOffsets: Sendable {
    /// From `from` (inclusive) until `until` (exclusive) the zone is `offset` seconds ahead of UTC.
    private struct Stretch {
        var from: Int64
        var until: Int64
        var offset: Int64
    }

    let timeZone: TimeZone
    private let stretches = Mutex<[Stretch]>([])

    private init(_ timeZone: TimeZone) { self.timeZone = timeZone }

    private static let zones = Mutex<[String: ZoneOffsets]>([:])

    /// The offsets of `timeZone`, shared by every caller in the process.
    static func of(_ timeZone: TimeZone) -> ZoneOffsets {
        zones.withLock { zones in
            if let known = zones[timeZone.identifier] { return known }
            let offsets = ZoneOffsets(timeZone)
            zones[timeZone.identifier] = offsets
            return offsets
        }
    }

    /// Whether two zones are ahead of UTC by the same amount at every instant from 1970 to 2100,
    /// however they are named (`UTC` and `Etc/UTC`): everything followup computes from a zone
    /// depends on its offsets alone. Compared at each transition of either zone.
    static func sameOffsets(_ first: TimeZone, _ second: TimeZone) -> Bool {
        if first.identifier == second.identifier { return true }
        let end = Date(timeIntervalSince1970: 4_102_444_800)
        var moment = Date(timeIntervalSince1970: 0)
        while moment < end {
            guard first.secondsFromGMT(for: moment) == second.secondsFromGMT(for: moment) else { return false }
            let transitions = [first.nextDaylightSavingTimeTransition(after: moment),
                               second.nextDaylightSavingTimeTransition(after: moment)].compactMap { $0 }
            guard let next = transitions.min(), next > moment else { return true }
            moment = next
        }
        return true
    }

    /// The offset from UTC, in seconds, of `timeZone` at the instant `seconds` after the epoch.
    static func offset(at seconds: Int64, in timeZone: TimeZone) -> Int64 { of(timeZone).offset(at: seconds) }

    /// The offset from UTC, in seconds, at the instant `seconds` after the epoch.
    func offset(at seconds: Int64) -> Int64 {
        if let offset = stretches.withLock({ $0.first { $0.from <= seconds && seconds < $0.until }?.offset }) {
            return offset
        }
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let offset = Int64(timeZone.secondsFromGMT(for: date))
        let until = timeZone.nextDaylightSavingTimeTransition(after: date)
            .map { Int64($0.timeIntervalSince1970.rounded(.up)) } ?? Int64.max
        stretches.withLock { stretches in
            // An earlier instant of a stretch already known widens it rather than adding one,
            // so there is one entry per stretch asked about, whatever the order of the questions.
            if let index = stretches.firstIndex(where: { $0.until == until && $0.offset == offset }) {
                stretches[index].from = min(stretches[index].from, seconds)
            } else {
                stretches.append(Stretch(from: seconds, until: until, offset: offset))
            }
        }
        return offset
    }
}
