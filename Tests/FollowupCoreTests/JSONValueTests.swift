import TestSupport
import Testing
@testable import FollowupCore

@Suite("Canonical JSON")
struct JSONValueTests {
    @Test("keys are sorted by bytes and nothing is escaped that need not be")
    func canonicalForm() {
        let value = JSONValue.object(["b": .int(-3), "a": .string("é/\"\n\u{01}"), "c": .array([.null, .bool(true)])])
        #expect(value.canonicalString == #"{"a":"é/\"\n\u0001","b":-3,"c":[null,true]}"#)
    }

    @Test("parsing the canonical form gives the value back")
    func roundTrip() throws {
        let value = JSONValue.object(["name": .string("Zoë \u{1F600} \\ \t"), "n": .int(Int64.min), "x": .object([:])])
        #expect(try JSONValue.parse(value.canonicalString) == value)
    }

    @Test("every control character, quote and backslash is escaped, in runs of any length, and reads back")
    func escapesInRuns() throws {
        var random = SplitMix(seed: 0xE5C4_9E)
        let alphabet = (0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) } + Array("\"\\aé€😀 z")
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case _ where scalar.value < 0x20: out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        for _ in 0..<3000 {
            let text = String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let written = JSONValue.string(text).canonicalString
            #expect(written == reference(text))
            #expect(try JSONValue.parse(written) == .string(text))
        }
    }

    @Test("hostile or sloppy JSON is refused", arguments: [
        (#"{"a":1,"a":2}"#, "duplicate key"),
        (#"{"a":1.5}"#, "fractional"),
        (#"{"a":1e3}"#, "fractional"),
        (#"{"a":01}"#, "leading zero"),
        (#"{"a":99999999999999999999}"#, "out of range"),
        (#"{"a":"\ud800"}"#, "surrogate"),
        (#"{"a":"x"} x"#, "after the JSON value"),
        (#"{"a":"#, "end of input"),
        (#"[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]"#, "nesting"),
        ("{\"a\":\"tab\there\"}", "control character"),
    ])
    func refusesBadJSON(input: String, reason: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(input) }
        do { _ = try JSONValue.parse(input) } catch { #expect(error.reason.contains(reason)) }
    }

    @Test("invalid UTF-8 in a string is refused")
    func invalidUTF8() {
        var bytes: [UInt8] = Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes: &bytes) }
    }
}

@Suite("Arrays of plain strings read without the general parser")
struct PlainStringArrayTests {
    @Test("random arrays read back as written, and those with escapes are left to the general parser")
    func roundTrip() throws {
        var random = SplitMix(seed: 0xA77A)
        let alphabet = Array("ab ,[]:\"\\é€\n\t😀{}0")
        for _ in 0..<2000 {
            let strings = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                String((0..<Int.random(in: 0...6, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            }
            let text = JSONValue.array(strings.map(JSONValue.string)).canonicalString
            let read = JSONValue.plainStringArray(text)
            if text.contains("\\") {
                #expect(read == nil, "\(text)")
            } else {
                #expect(read == strings, "\(text)")
            }
            #expect(try JSONValue.parse(text).arrayValue?.compactMap(\.stringValue) == strings)
        }
    }

    @Test("anything but a plain array of strings is refused", arguments: [
        "", "[", "]", "[1]", #"["a",]"#, #"["a""b"]"#, #"["a"#, #"[,"a"]"#, #"{"a":"b"}"#, #"["a"] "#, #"["a",1]"#, "[\"\u{01}\"]",
    ])
    func refusals(text: String) {
        #expect(JSONValue.plainStringArray(text) == nil)
    }
}
