import Foundation
import TestSupport
import Testing
@testable import FollowupCore

@Suite("Trimming white space")
struct TrimmingTests {
    /// Every kind of white space and line break Unicode has, some that are not, and letters.
    static let alphabet: [Character] = ["\u{09}", "\u{0A}", "\u{0B}", "\u{0C}", "\u{0D}", "\u{20}", "\u{85}", "\u{A0}",
                                        "\u{1680}", "\u{2000}", "\u{2007}", "\u{200A}", "\u{200B}", "\u{2028}", "\u{2029}",
                                        "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}", "\u{1C}", "a", "é", "😀", "-"]

    @Test("trims exactly what Foundation's whitespace sets trim, on random texts")
    func sameAsFoundation() {
        var random = SplitMix(seed: 0x7121_4D)
        for _ in 0..<5000 {
            let text = String((0..<Int.random(in: 0...8, using: &random)).map { _ in Self.alphabet.randomElement(using: &random)! })
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.unicodeScalars.map(\.value))")
            #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces), "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test("a text of white space alone trims to nothing; line breaks inside stay")
    func edges() {
        #expect(" \t\n\u{3000}".trimmingWhitespace() == "")
        #expect(" \t".trimmingSpaces() == "")
        #expect("\n a b \n".trimmingSpaces() == "\n a b \n")
        #expect("  Jane\nDoe \r\n".trimmingWhitespace() == "Jane\nDoe")
        #expect("x y"[...].trimmingSpaces() == "x y")
    }
}
