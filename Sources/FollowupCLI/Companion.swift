import FollowupCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The programs installed beside `followup` that keep heavy libraries out of its start-up.
enum Companion {
    static func path(_ name: String) throws -> String {
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let program = URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent(name).path
        guard access(program, X_OK) == 0 else {
            throw StoreError.invalidInput("cannot find \(name) next to followup (\(program)); reinstall with 'make install'")
        }
        return program
    }

    /// Runs the program with `input` on its stdin and its stdout on our stderr; returns its status.
    static func run(_ name: String, _ arguments: [String], input: Data) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(name))
        process.arguments = arguments
        let pipe = Pipe()
        process.standardInput = pipe
        process.standardOutput = FileHandle.standardError
        try process.run()
        pipe.fileHandleForWriting.write(input)
        try pipe.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Replaces this process with the program.
    static func exec(_ name: String, _ arguments: [String]) throws -> Never {
        try exec(program: try path(name), arguments)
    }

    /// Replaces this process with the program at `program` (from `path`).
    static func exec(program: String, _ arguments: [String]) throws -> Never {
        let cArguments = arguments.map { strdup($0) } + [nil]
        execv(program, cArguments)
        throw StoreError.invalidInput("cannot run \(program): \(String(cString: strerror(errno)))")
    }
}
