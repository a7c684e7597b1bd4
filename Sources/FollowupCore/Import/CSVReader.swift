/// Reads comma-separated values as RFC 4180 describes them: fields separated by commas, records
/// by CRLF or LF, a field in double quotes may hold commas, line breaks and `""` for a quote.
public enum CSVReader {
    /// A record and the line of the file it starts on.
    public struct Record: Equatable, Sendable {
        public var fields: [String]
        public var line: Int
    }

    /// What makes a text unreadable as CSV, with the record (1 = the first) where it happens.
    public enum Problem: Error, Equatable, CustomStringConvertible, Sendable {
        case unterminatedQuote(record: Int, line: Int)
        case textAfterQuote(record: Int, line: Int)

        public var description: String {
            switch self {
            case .unterminatedQuote(let record, let line):
                "row \(record) (line \(line)): a quoted field is never closed; end it with a double quote"
            case .textAfterQuote(let record, let line):
                "row \(record) (line \(line)): text follows a closing quote; write a quote inside a quoted field as \"\""
            }
        }
    }

    /// Every record, in order. A UTF-8 byte order mark and a final line break are ignored.
    public static func records(_ text: String) throws(Problem) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1, recordLine = 1
        var inQuotes = false, wasQuoted = false
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(field)
            records.append(Record(fields: fields, line: recordLine))
            fields = []
            field = ""
            wasQuoted = false
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty, !wasQuoted else { throw .textAfterQuote(record: records.count + 1, line: line) }
                inQuotes = true
                wasQuoted = true
            case ",":
                fields.append(field)
                field = ""
                wasQuoted = false
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                if wasQuoted { throw .textAfterQuote(record: records.count + 1, line: line) }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw .unterminatedQuote(record: records.count + 1, line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
