/// "Did you mean …": the known word nearest to a mistyped one.
public enum Suggestion {
    /// The candidate closest to `word` by edit distance (a swap of two neighbouring letters
    /// counts as one edit), if it is close enough to be what was meant: at most one edit in a
    /// short word, two from six letters on. Case does not matter.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let typed = Array(word.lowercased())
        guard !typed.isEmpty else { return nil }
        let limit = typed.count >= 6 ? 2 : 1
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(typed, Array(candidate.lowercased()))
            // A prefix is how refs are typed, so a short one is suggested too ("acme" for acme-onsite).
            let isPrefix = candidate.lowercased().hasPrefix(word.lowercased()) && typed.count >= 3
            let score = isPrefix ? min(distance, limit) : distance
            guard score <= limit, distance > 0 else { continue }
            if best == nil || score < best!.distance { best = (candidate, score) }
        }
        return best?.candidate
    }

    /// Optimal string alignment distance.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    /// `; did you mean 'thank-you'?`, or `;` when no candidate is close: the end of the first
    /// clause of a refusal.
    public static func phrase(for word: String, among candidates: [String]) -> String {
        closest(to: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ";"
    }
}
