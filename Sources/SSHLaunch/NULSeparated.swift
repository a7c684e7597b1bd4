import Foundation

/// Lists of strings written as their UTF-8 bytes separated by NUL, the way /proc separates a
/// process's arguments: no argument, environment value or path can hold a NUL. The plan and the
/// hand-off are read and written on the way to starting ssh, where Foundation's JSON coders
/// cost more than the rest of the work on their first use in a process.
enum NULSeparated {
    static func data(_ fields: [String]) -> Data {
        Data(fields.joined(separator: "\0").utf8)
    }

    /// The fields of `data`, empty ones included; a field that is not UTF-8 is read with
    /// replacement characters (and then fails whatever comparison it is read for).
    static func fields(of data: Data) -> [String] {
        data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}
