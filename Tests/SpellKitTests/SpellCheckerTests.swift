import Testing
import SpellKit

/// Against Debian's real en_US Hunspell dictionary (hunspell-en-us).
@Suite("Hunspell through SpellKit")
struct SpellCheckerTests {
    @Test("known words pass, misspellings fail with the right word among the suggestions")
    func spelling() throws {
        let checker = try SpellChecker(named: "en_US")
        #expect(checker.isCorrect("interview"))
        #expect(checker.isCorrect("don't"))
        #expect(!checker.isCorrect("recieve"))
        #expect(checker.suggestions(for: "recieve").contains("receive"))
        #expect(checker.suggestions(for: "interveiw").contains("interview"))
    }

    @Test("a word added at run time is known, with its capitalised form")
    func addedWords() throws {
        let checker = try SpellChecker(named: "en_US")
        #expect(!checker.isCorrect("Globex"))
        checker.add("Globex")
        #expect(checker.isCorrect("Globex"))
    }

    @Test("a missing dictionary is refused with what to install")
    func missing() {
        #expect(throws: SpellCheckerError.missingDictionary(path: "/usr/share/hunspell/xx_XX")) {
            try SpellChecker(named: "xx_XX")
        }
    }
}
