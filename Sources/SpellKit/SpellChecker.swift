import CHunspell
import Foundation

/// What can go wrong opening a dictionary.
public enum SpellCheckerError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The `.aff` or `.dic` file is missing.
    case missingDictionary(path: String)
    /// Hunspell could not load the dictionary.
    case unreadableDictionary(path: String)

    public var description: String {
        switch self {
        case .missingDictionary(let path):
            "no Hunspell dictionary at \(path).aff/.dic; install one (\(SpellCheckerError.installHint(path))) or pass --dictionary"
        case .unreadableDictionary(let path):
            "Hunspell could not load the dictionary \(path).aff/.dic"
        }
    }

    /// The Debian package that holds a dictionary named like `en_GB` (hunspell-en-gb), or how
    /// to look for one when the name is not of that form.
    static func installHint(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let parts = name.split(separator: "_", omittingEmptySubsequences: false)
        let isLanguage = (2...3).contains(parts[0].count) && parts[0].allSatisfy { $0.isASCII && $0.isLowercase }
        let isRegion = parts.count == 2 && parts[1].count == 2 && parts[1].allSatisfy { $0.isASCII && $0.isUppercase }
        guard isLanguage, parts.count == 1 || isRegion else { return "apt-cache search hunspell lists them" }
        return "apt-get install hunspell-" + parts.joined(separator: "-").lowercased()
    }
}

/// A Hunspell dictionary, owned once and freed in `deinit`; no C pointer leaves this class.
public final class SpellChecker {
    private let handle: OpaquePointer

    /// The directory Debian's dictionaries are installed in.
    public static let systemDirectory = "/usr/share/hunspell"

    /// Opens `path.aff` and `path.dic` (for example `/usr/share/hunspell/en_US`).
    public init(dictionary path: String) throws(SpellCheckerError) {
        let fileManager = FileManager.default
        guard fileManager.isReadableFile(atPath: path + ".aff"), fileManager.isReadableFile(atPath: path + ".dic") else {
            throw .missingDictionary(path: path)
        }
        guard let handle = Hunspell_create(path + ".aff", path + ".dic") else { throw .unreadableDictionary(path: path) }
        self.handle = handle
        // Debian's English dictionaries are UTF-8; one in another encoding would garble every word.
        guard let encoding = Hunspell_get_dic_encoding(handle), String(cString: encoding).uppercased() == "UTF-8" else {
            Hunspell_destroy(handle)
            throw .unreadableDictionary(path: path)
        }
    }

    /// Opens a dictionary by name (`en_US`) from the system directory.
    public convenience init(named name: String) throws(SpellCheckerError) {
        try self.init(dictionary: SpellChecker.systemDirectory + "/" + name)
    }

    deinit { Hunspell_destroy(handle) }

    /// Whether the dictionary (with the words added) knows `word`.
    public func isCorrect(_ word: String) -> Bool { Hunspell_spell(handle, word) != 0 }

    /// Hunspell's suggestions for `word`, best first.
    public func suggestions(for word: String) -> [String] {
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = Hunspell_suggest(handle, &list, word)
        defer { if list != nil { Hunspell_free_list(handle, &list, count) } }
        guard count > 0, let words = list else { return [] }
        return (0..<Int(count)).compactMap { words[$0].map { String(cString: $0) } }
    }

    /// Makes `word` known for the life of this checker (names of companies and people).
    public func add(_ word: String) { _ = Hunspell_add(handle, word) }
}
