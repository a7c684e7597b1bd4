/// Trimming by Unicode properties: the same characters as Foundation's `.whitespacesAndNewlines`
/// and `.whitespaces`, which on Linux also count the zero-width space (U+200B; pasted text
/// carries it at the ends, unseen). Foundation's character sets are bridged objects on Linux,
/// and the first use cost every `log` a fraction of a millisecond.
extension StringProtocol {
    /// Without leading and trailing white space: spaces, tabs and line breaks (Unicode White_Space).
    public func trimmingWhitespace() -> String {
        trimming { $0.properties.isWhitespace || $0 == "\u{200B}" }
    }

    /// Without leading and trailing spaces and tabs; line breaks stay.
    public func trimmingSpaces() -> String {
        trimming { $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator }
    }

    private func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(self[first...last])
    }
}
