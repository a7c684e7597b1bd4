import Foundation

/// libFuzzer entry for what arrives from a remote: one line of a segment, as the sync reader
/// decodes it, through the strict JSON parser and the event format.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEventLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let line = String(decoding: bytes, as: UTF8.self)
    if let event = try? Event(line: line) {
        // An accepted line is canonical: the event writes exactly the same bytes back, and the
        // unsigned form the signature covers is cut out of it exactly.
        precondition(event.line == line, "an accepted line does not write back the same bytes")
        precondition(Event.unsignedLine(ofSigned: line) == event.unsignedLine, "the unsigned line is cut wrongly")
    }
    var raw = bytes
    if let value = try? JSONValue.parse(bytes: &raw) {
        // Whatever parses, the canonical writer's output parses back to the same value.
        let canonical = value.canonicalString
        precondition((try? JSONValue.parse(canonical)) == value, "the canonical form does not parse back")
    }
    return 0
}
