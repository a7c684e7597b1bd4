import Foundation

/// A plain text table: left-aligned columns, two spaces apart, the last column unpadded.
struct Table {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) { self.headers = headers }

    mutating func add(_ cells: String...) { rows.append(cells) }

    /// Colours a cell: (row, column, text) → style; row -1 is the header, bold by default.
    typealias Styler = (Int, Int, String) -> Terminal.Style?

    /// The table as text. On a terminal (`width` given) the last column wraps under itself
    /// instead of running past the edge; `colour` paints cells without changing the alignment.
    func render(width: Int? = nil, colour: Bool = false, style: Styler? = nil) -> String {
        // The last column is not padded, so its width (the longest texts, often) is not needed.
        var widths = headers.dropLast().map(Table.width)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Table.width(cell))
            }
        }
        var lastStart = widths.reduce(0) { $0 + $1 + 2 }
        // Too little room beside the other columns: the last one goes below its row, indented.
        let stacked = width.map { $0 - lastStart < Table.minimumLastWidth } ?? false
        if stacked { lastStart = 4 }
        // One buffer for the whole table: `status` and `due` print a row per open interview,
        // and building each row from joined pieces cost more than finding what to print.
        var text = ""
        var line = ""
        for (rowIndex, row) in ([headers] + rows).enumerated() {
            line.removeAll(keepingCapacity: true)
            for (index, cell) in row.enumerated() {
                let chosen = rowIndex == 0 ? Terminal.Style.bold : style?(rowIndex - 1, index, cell)
                if index == row.count - 1 {
                    let lines = Table.wrap(cell, width: width.map { $0 - lastStart } ?? Int.max)
                    for (number, part) in lines.enumerated() {
                        if number > 0 || stacked {
                            Table.trimTrailingSpaces(&line)
                            line.append("\n")
                            Table.pad(&line, lastStart)
                        }
                        line.append(Terminal.paint(part, chosen, enabled: colour))
                    }
                } else {
                    line.append(Terminal.paint(cell, chosen, enabled: colour))
                    Table.pad(&line, widths[index] - Table.width(cell) + 2)
                }
            }
            Table.trimTrailingSpaces(&line)
            if rowIndex > 0 { text.append("\n") }
            text.append(line)
        }
        return text
    }

    /// Columns `text` takes: its length for ASCII, its characters otherwise.
    static func width(_ text: String) -> Int {
        text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : text.count
    }

    private static func pad(_ line: inout String, _ count: Int) {
        for _ in 0..<max(count, 0) { line.append(" ") }
    }

    private static func trimTrailingSpaces(_ line: inout String) {
        while line.utf8.last == UInt8(ascii: " ") { line.removeLast() }
    }

    static let minimumLastWidth = 30

    /// As `render`, fitted to the terminal on stdout and coloured there; plain in a pipe.
    func renderForTerminal(style: Styler? = nil) -> String {
        render(width: Terminal.size()?.columns, colour: Terminal.colourOut, style: style)
    }

    /// Words of `text` in lines of at most `width` characters (a longer word keeps its own line).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width >= 20, text.utf8.count > width, text.count > width else { return [text] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines
    }
}

extension String {
    /// At most `limit` characters, with an ellipsis when cut.
    func truncated(_ limit: Int) -> String {
        count <= limit ? self : String(prefix(limit - 1)) + "…"
    }
}
