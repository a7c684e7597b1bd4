import Foundation

/// A plain text table: left-aligned columns, two spaces apart, the last column unpadded.
struct Table {
    var headers: [String]
    /// Every row's cells one after the other: `status` and `due` add a row per open interview,
    /// and an array per row would cost more than the rest of the table.
    private var cells: [String] = []

    init(_ headers: String...) { self.headers = headers }

    var rowCount: Int { cells.count / headers.count }

    mutating func add(_ cells: String...) {
        precondition(cells.count == headers.count, "a row of \(cells.count) cells in a table of \(headers.count) columns")
        self.cells.append(contentsOf: cells)
    }

    /// Colours a cell: (row, column, text) → style; row -1 is the header, bold by default.
    typealias Styler = (Int, Int, String) -> Terminal.Style?

    /// The table as text. On a terminal (`width` given) the last column wraps under itself
    /// instead of running past the edge; `colour` paints cells without changing the alignment.
    func render(width: Int? = nil, colour: Bool = false, style: Styler? = nil) -> String {
        let columns = headers.count
        // The last column is not padded, so its width (the longest texts, often) is not needed.
        var cellWidths = [Int](repeating: 0, count: cells.count)
        var widths = headers.dropLast().map(Table.width)
        for (index, cell) in cells.enumerated() where index % columns < columns - 1 {
            cellWidths[index] = Table.width(cell)
            widths[index % columns] = max(widths[index % columns], cellWidths[index])
        }
        var lastStart = widths.reduce(0) { $0 + $1 + 2 }
        // Too little room beside the other columns: the last one goes below its row, indented.
        let stacked = width.map { $0 - lastStart < Table.minimumLastWidth } ?? false
        if stacked { lastStart = 4 }
        let lastWidth = width.map { $0 - lastStart } ?? Int.max
        // One buffer of bytes for the whole table, each cell copied in once.
        var text: [UInt8] = []
        text.reserveCapacity(cells.reduce(0) { $0 + $1.utf8.count } + (rowCount + 1) * (lastStart + 1))
        func append(_ cell: String, _ chosen: Terminal.Style?) {
            if colour, chosen != nil { text.append(contentsOf: Terminal.paint(cell, chosen, enabled: true).utf8) } else { text.append(contentsOf: cell.utf8) }
        }
        for row in -1..<rowCount {
            if row >= 0 { text.append(UInt8(ascii: "\n")) }
            for column in 0..<columns {
                let cell = row < 0 ? headers[column] : cells[row * columns + column]
                let chosen = row < 0 ? Terminal.Style.bold : style?(row, column, cell)
                if column < columns - 1 {
                    append(cell, chosen)
                    let cellWidth = row < 0 ? Table.width(cell) : cellWidths[row * columns + column]
                    text.append(contentsOf: repeatElement(UInt8(ascii: " "), count: max(widths[column] - cellWidth + 2, 0)))
                    continue
                }
                if !stacked, cell.utf8.count <= lastWidth {
                    append(cell, chosen)  // the common case, without a list of one line
                    continue
                }
                for (number, part) in Table.wrap(cell, width: lastWidth).enumerated() {
                    if number > 0 || stacked {
                        Table.trimTrailingSpaces(&text)
                        text.append(UInt8(ascii: "\n"))
                        text.append(contentsOf: repeatElement(UInt8(ascii: " "), count: lastStart))
                    }
                    append(part, chosen)
                }
            }
            Table.trimTrailingSpaces(&text)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Columns `text` takes: its length for ASCII, its characters otherwise.
    static func width(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } } ? text.utf8.count : text.count
    }

    private static func trimTrailingSpaces(_ text: inout [UInt8]) {
        while text.last == UInt8(ascii: " ") { text.removeLast() }
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
        // Bytes bound characters from above: most texts are settled without counting characters.
        utf8.count <= limit || count <= limit ? self : String(prefix(limit - 1)) + "…"
    }
}
