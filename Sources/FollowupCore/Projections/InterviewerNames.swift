import Foundation

/// The parts of an interviewer's name as people write it: "Dr. Jane Smith", "Prof. Müller",
/// "Siobhán O’Brien", "Anne-Marie Dupont", "Priya", or only "jane@acme.example".
public struct PersonName: Equatable, Sendable {
    /// "Dr.", "Ms", "Prof." as typed, if the name starts with one.
    public var title: String?
    /// The words of the name after the title.
    public var words: [String]

    static let titles: Set<String> = ["dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame"]

    public init(_ name: String) {
        var words = name.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if words.contains(where: { $0.contains("@") }) {
            // An email address is not a name: no words to greet anyone by.
            words = []
        }
        if let first = words.first, PersonName.titles.contains(PersonName.withoutDot(first.lowercased())) {
            title = first
            words.removeFirst()
        } else {
            title = nil
        }
        self.words = words
    }

    static func withoutDot(_ word: String) -> String { word.hasSuffix(".") ? String(word.dropLast()) : word }

    /// The first name, when the name has one: a single word after a title is a surname.
    public var givenName: String? {
        guard let first = words.first else { return nil }
        return words.count >= 2 || title == nil ? first : nil
    }

    /// The surname, when the name has one: the last of two or more words, or the only word
    /// after a title.
    public var surname: String? {
        guard let last = words.last else { return nil }
        return words.count >= 2 || title != nil ? last : nil
    }

    /// How a draft greets this person: `firstName` (default) or `titleSurname` ("Dr. Smith").
    /// Nil when there is no name to greet by (an email address, a bare title).
    public func greeting(_ style: GreetingStyle) -> String? {
        guard !words.isEmpty else { return nil }
        switch style {
        case .firstName:
            if let givenName { return givenName }
            return [title, surname].compactMap { $0 }.joined(separator: " ")
        case .titleSurname:
            if let title, let surname { return "\(title) \(surname)" }
            return words.joined(separator: " ")
        }
    }
}

/// How drafts greet interviewers (`draft.greeting`).
public enum GreetingStyle: String, CaseIterable, Sendable {
    /// "Dear Jane,"; "Dear Dr. Smith," when only a title and surname are known.
    case firstName = "first-name"
    /// "Dear Dr. Smith,"; "Dear Jane Smith," when no title is known.
    case titleSurname = "title-surname"
}

/// Which interviewer a `--to` value names.
public enum InterviewerMatch: Equatable, Sendable {
    case one(Interviewer)
    case several([Interviewer])
    case none

    /// Resolves `addressee` among `interviewers`: the full name (with or without its title) or
    /// the email names one person outright; otherwise the first name or the surname does,
    /// unless several interviewers share it. Case and accents do not matter ("Jose" is "José").
    public static func resolve(_ addressee: String, among interviewers: [Interviewer]) -> InterviewerMatch {
        // The folded text once, not once per interviewer: `replay` resolves every thank-you.
        let wanted = NameFolding.fold(addressee.trimmingSpaces())
        guard !wanted.isEmpty else { return .none }
        let exact = interviewers.filter { $0.matchesExactly(addressee, folded: wanted) }
        if exact.count == 1 { return .one(exact[0]) }
        if exact.count > 1 { return .several(exact) }
        guard !wanted.contains(" ") else { return .none }
        let partial = interviewers.filter { $0.matchesPartly(folded: wanted) }
        switch partial.count {
        case 0: return .none
        case 1: return .one(partial[0])
        default: return .several(partial)
        }
    }
}

extension Interviewer {
    public var personName: PersonName { PersonName(name) }

    /// The full name, the name without its title, the email, or the email of a `Name <email>`
    /// value. `folded` is `NameFolding.fold` of the trimmed addressee.
    func matchesExactly(_ addressee: String, folded wanted: String) -> Bool {
        let foldedName = NameFolding.fold(name)
        if foldedName == wanted || email.map(NameFolding.fold) == wanted { return true }
        // The name without its title ends the name: only then is it worth taking the name apart.
        if foldedName.hasSuffix(" " + wanted) {
            let parts = personName
            if parts.title != nil, !parts.words.isEmpty, NameFolding.fold(parts.words.joined(separator: " ")) == wanted { return true }
        }
        if let email, addressee.contains("<"), let parsed = Interviewer(parsing: addressee), let parsedEmail = parsed.email,
           NameFolding.fold(parsedEmail) == NameFolding.fold(email) { return true }
        return false
    }

    /// The first name or the surname alone (`folded` as above, a single word).
    func matchesPartly(folded wanted: String) -> Bool {
        let parts = personName
        return parts.givenName.map(NameFolding.fold) == wanted || parts.surname.map(NameFolding.fold) == wanted
    }
}

/// Names compared as people mean them: without regard to case or accents, either apostrophe.
enum NameFolding {
    static func fold(_ text: String) -> String {
        let lower = text.lowercased()
        guard !lower.utf8.allSatisfy({ $0 < 0x80 }) else { return lower }
        var result = String.UnicodeScalarView()
        for scalar in lower.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "\u{2019}", "\u{2018}", "\u{02BC}": result.append("'")
            case "ß": result.append(contentsOf: "ss".unicodeScalars)
            case "ø": result.append("o")
            case "ł": result.append("l")
            case "đ": result.append("d")
            case "æ": result.append(contentsOf: "ae".unicodeScalars)
            case "œ": result.append(contentsOf: "oe".unicodeScalars)
            default:
                if scalar.properties.generalCategory != .nonspacingMark { result.append(scalar) }
            }
        }
        return String(result)
    }
}

/// A recipient as typed and the interviewer it was taken to name, for the user to check.
public struct NamedInterviewer: Equatable, Sendable {
    /// The recipient as the user typed it, spaces trimmed.
    public var typed: String
    public var interviewer: Interviewer

    public init(typed: String, interviewer: Interviewer) {
        self.typed = typed
        self.interviewer = interviewer
    }
}

extension InterviewerMatch {
    /// For a recipient named on `interview`: which interviewer it was taken to name, when that
    /// is not plain from the value (Jane is Dr. Jane Smith); nil when it names them in full or
    /// nobody. Throws when it fits several.
    public static func named(_ addressee: String, in interview: InterviewState) throws(StoreError) -> NamedInterviewer? {
        switch resolve(addressee, among: interview.interviewers) {
        case .one(let person):
            let typed = addressee.trimmingSpaces()
            guard typed.lowercased() != person.name.lowercased() else { return nil }
            return NamedInterviewer(typed: typed, interviewer: person)
        case .several(let people):
            throw .ambiguousInterviewer(addressee.trimmingSpaces(), ref: interview.ref, candidates: people.map(\.name))
        case .none:
            return nil
        }
    }
}
