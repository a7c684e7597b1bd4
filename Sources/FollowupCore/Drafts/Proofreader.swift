import Foundation

/// A spelling dictionary: Hunspell in `followup-proof`; the core knows only this much of it.
public protocol SpellChecking {
    func isCorrect(_ word: String) -> Bool
    func suggestions(for word: String) -> [String]
}

/// One thing to fix in a text before it is sent.
public struct ProofFinding: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case misspelling, placeholder, noPersonalPoint = "no-personal-point", tooLong = "too-long", pushy
        case questionMarks = "question-marks"
    }

    public var kind: Kind
    /// 1-based line and column of the word or phrase, when the finding has a place.
    public var line: Int?
    public var column: Int?
    /// The misspelt word or the pushy phrase.
    public var text: String?
    public var suggestions: [String] = []
    public var message: String

    public var description: String {
        (line.map { "line \($0)" + (column.map { ", column \($0)" } ?? "") + ": " } ?? "") + message
    }
}

/// Checks a follow-up text the way the advice asks: spelling (names in the store are known
/// words), a personal point, length, and a tone that is not pushy. Pure apart from the checker.
public struct Proofreader: Sendable {
    /// The interview the text is for: enables the personal-point check.
    public var interview: InterviewState?
    public var kind: DraftKind?
    /// Words that are correct whatever the dictionary says: companies, people, points.
    public var knownWords: Set<String>

    public init(interview: InterviewState? = nil, kind: DraftKind? = nil, knownWords: Set<String> = []) {
        self.interview = interview
        self.kind = kind
        self.knownWords = Set(knownWords.map { $0.lowercased() })
    }

    /// Most words a text of this kind should have; longer is flagged.
    public static func wordLimit(_ kind: DraftKind?) -> Int {
        switch kind {
        case .thankYou?: 200
        case .checkIn?, .nextSteps?: 150
        case .handwrittenNote?: 80
        case nil: 250
        }
    }

    /// Phrases that make a follow-up sound impatient or reproachful.
    public static let pushyPhrases = [
        "just following up again", "following up again", "just checking in again", "checking in again",
        "per my last email", "as per my previous email", "as i mentioned before", "haven't heard back",
        "have not heard back", "still haven't heard", "still have not heard", "please respond", "asap",
        "as soon as possible", "i need an answer", "why haven't you", "why have you not",
    ]

    public func check(_ text: String, spelling: some SpellChecking) -> [ProofFinding] {
        spellingFindings(text, spelling: spelling) + contentFindings(text)
    }

    public func spellingFindings(_ text: String, spelling: some SpellChecking) -> [ProofFinding] {
        var findings: [ProofFinding] = []
        var seen = Set<String>()
        for word in Proofreader.words(in: text) where !isKnown(word.text) {
            guard !spelling.isCorrect(word.text) else { continue }
            // Each misspelling once, at its first place.
            guard seen.insert(word.text).inserted else { continue }
            let suggestions = Array(spelling.suggestions(for: word.text).prefix(5))
            findings.append(ProofFinding(
                kind: .misspelling, line: word.line, column: word.column, text: word.text, suggestions: suggestions,
                message: "'\(word.text)' is not in the dictionary"
                    + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?")))
        }
        return findings
    }

    /// A name from the store, also in the possessive (`Globex's`).
    func isKnown(_ word: String) -> Bool {
        var lower = word.lowercased()
        if knownWords.contains(lower) { return true }
        if lower.hasSuffix("'s") || lower.hasSuffix("’s") { lower.removeLast(2) }
        return knownWords.contains(lower)
    }

    /// Everything but spelling: placeholder left in, personal point, length, tone.
    public func contentFindings(_ text: String) -> [ProofFinding] {
        var findings: [ProofFinding] = []
        let lower = text.lowercased()
        if let place = Proofreader.place(of: "[...]", in: text) {
            findings.append(ProofFinding(kind: .placeholder, line: place.line, column: place.column, text: "[...]",
                                         message: "[...] is still where a point you discussed belongs"))
        }
        if let interview, kind != .nextSteps {
            if interview.points.isEmpty {
                findings.append(ProofFinding(kind: .noPersonalPoint, message: "no point discussed is recorded for \(interview.ref), "
                    + "so nothing shows the text is personal; mention something specific from the interview"))
            } else if !interview.points.contains(where: { Proofreader.mentions($0, in: lower) }) {
                findings.append(ProofFinding(kind: .noPersonalPoint, message: "no personal point: the text mentions none of the "
                    + "points discussed in \(interview.ref) (\(interview.points.joined(separator: "; ")))"))
            }
        }
        let words = text.split(whereSeparator: { $0.isWhitespace }).count
        let limit = Proofreader.wordLimit(kind)
        if words > limit {
            findings.append(ProofFinding(kind: .tooLong, message: "too long: \(words) words; "
                + "\(kind.map { "a \($0.rawValue)" } ?? "a follow-up") reads best in at most \(limit)"))
        }
        for phrase in Proofreader.pushyPhrases {
            guard let place = Proofreader.place(of: phrase, in: lower, wholeWords: true) else { continue }
            // "just following up again" also contains "following up again": report the longer one.
            if findings.contains(where: { $0.kind == .pushy && ($0.text ?? "").contains(phrase) }) { continue }
            findings.append(ProofFinding(kind: .pushy, line: place.line, column: place.column, text: phrase,
                                         message: "'\(phrase)' sounds pushy; say what you are asking for, once, politely"))
        }
        let questionMarks = text.count { $0 == "?" }
        if questionMarks >= 3 || text.contains("??") {
            findings.append(ProofFinding(kind: .questionMarks, text: "?", message: "\(questionMarks) question marks read as "
                + "pressure; ask one clear question"))
        }
        return findings
    }

    /// Whether the significant words of `point` (4 letters or more, or all if none is) all appear in `text`.
    static func mentions(_ point: String, in lowercasedText: String) -> Bool {
        let words = point.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        let significant = words.filter { $0.count >= 4 }
        let needed = significant.isEmpty ? words : significant
        return !needed.isEmpty && needed.allSatisfy { place(of: $0, in: lowercasedText, wholeWords: true) != nil }
    }

    /// A word of a text, where it starts.
    public struct Word: Equatable, Sendable {
        public var text: String
        public var line: Int
        public var column: Int
    }

    /// The words worth spell-checking: runs of letters (with inner apostrophes), hyphenated
    /// parts separately; not e-mail addresses, links, words with digits, acronyms or CamelCase.
    public static func words(in text: String) -> [Word] {
        var words: [Word] = []
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var column = 1
            var token = "", tokenColumn = 1
            func flushToken() {
                defer { token = "" }
                guard !token.isEmpty, !token.contains("@"), !token.contains("://"), !token.lowercased().hasPrefix("www."),
                      !token.contains(where: \.isNumber) else { return }
                var word = "", wordColumn = tokenColumn, offset = 0
                func flushWord() {
                    defer { word = "" }
                    while word.last == "'" || word.last == "’" { word.removeLast() }
                    guard word.count > 1, word.count <= 100 else { return }
                    // Acronyms (CI, API) and CamelCase (GraphQL, iOS) are names, not dictionary words.
                    guard !word.dropFirst().contains(where: \.isUppercase) else { return }
                    words.append(Word(text: word, line: lineIndex + 1, column: wordColumn))
                }
                for character in token {
                    if character.isLetter || ((character == "'" || character == "’") && !word.isEmpty) {
                        if word.isEmpty { wordColumn = tokenColumn + offset }
                        word.append(character)
                    } else {
                        flushWord()
                    }
                    offset += 1
                }
                flushWord()
            }
            for character in line {
                if character.isWhitespace {
                    flushToken()
                } else {
                    if token.isEmpty { tokenColumn = column }
                    token.append(character)
                }
                column += 1
            }
            flushToken()
        }
        return words
    }

    /// 1-based line and column of the first occurrence of `needle`.
    static func place(of needle: String, in text: String, wholeWords: Bool = false) -> (line: Int, column: Int)? {
        var searchStart = text.startIndex
        while let range = text.range(of: needle, range: searchStart..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            if !wholeWords || (before?.isLetter != true && after?.isLetter != true) {
                let prefix = text[..<range.lowerBound]
                let line = prefix.count { $0 == "\n" } + 1
                let column = prefix.distance(from: prefix.lastIndex(of: "\n").map { prefix.index(after: $0) } ?? prefix.startIndex,
                                             to: prefix.endIndex) + 1
                return (line, column)
            }
            searchStart = text.index(after: range.lowerBound)
        }
        return nil
    }
}
