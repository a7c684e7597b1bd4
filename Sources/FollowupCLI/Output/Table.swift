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
        let all = [headers] + rows
        var widths = Array(repeating: 0, count: headers.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        var lastStart = widths.dropLast().reduce(0) { $0 + $1 + 2 }
        // Too little room beside the other columns: the last one goes below its row, indented.
        let stacked = width.map { $0 - lastStart < Table.minimumLastWidth } ?? false
        if stacked { lastStart = 4 }
        return all.enumerated().map { rowIndex, row in
            let cells: [String] = row.enumerated().map { index, cell in
                let chosen = rowIndex == 0 ? Terminal.Style.bold : style?(rowIndex - 1, index, cell)
                if index == row.count - 1 {
                    let lines = Table.wrap(cell, width: width.map { $0 - lastStart } ?? Int.max)
                    let indent = "\n" + String(repeating: " ", count: lastStart)
                    let text = lines.map { Terminal.paint($0, chosen, enabled: colour) }.joined(separator: indent)
                    return stacked ? indent + text : text
                }
                return Terminal.paint(cell, chosen, enabled: colour) + String(repeating: " ", count: widths[index] - cell.count)
            }
            let line = cells.joined(separator: "  ").trimmingTrailingSpaces()
            return stacked ? line.replacingOccurrences(of: " +\n", with: "\n", options: .regularExpression) : line
        }.joined(separator: "\n")
    }

    static let minimumLastWidth = 30

    /// As `render`, fitted to the terminal on stdout and coloured there; plain in a pipe.
    func renderForTerminal(style: Styler? = nil) -> String {
        render(width: Terminal.size()?.columns, colour: Terminal.colourOut, style: style)
    }

    /// Words of `text` in lines of at most `width` characters (a longer word keeps its own line).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard text.count > width, width >= 20 else { return [text] }
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
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }

    /// At most `limit` characters, with an ellipsis when cut.
    func truncated(_ limit: Int) -> String {
        count <= limit ? self : String(prefix(limit - 1)) + "…"
    }
}
