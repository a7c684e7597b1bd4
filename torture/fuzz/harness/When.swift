import Foundation

/// libFuzzer entry for what people type: WHEN arguments, durations and stored UTC stamps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWhen(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    for zone in ["Europe/Berlin", "America/New_York", "Asia/Kathmandu"] {
        let parser = WhenParser(now: now, timeZone: TimeZone(identifier: zone)!)
        for direction in [WhenParser.Direction.past, .future] {
            if let date = try? parser.parse(text, prefer: direction) {
                precondition(date.timeIntervalSince1970.isFinite, "a parsed moment is not finite")
            }
        }
    }
    if let minutes = DurationInput.minutes(text) {
        precondition((1...1440).contains(minutes), "a duration outside 1 minute to 24 hours was accepted")
    }
    // A stamp that parses has exactly one spelling: formatting it gives the input back.
    if let seconds = UTCTime.parseSeconds(text) {
        precondition(UTCTime.format(seconds: seconds) == text, "a UTC stamp has a second spelling")
    }
    if let milliseconds = UTCTime.parseMilliseconds(text) {
        precondition(UTCTime.format(milliseconds: milliseconds) == text, "a UTC stamp has a second spelling")
    }
    return 0
}
