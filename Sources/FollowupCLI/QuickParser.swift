import ArgumentParser

/// The plain forms of the everyday commands, read without swift-argument-parser's reflection.
///
/// swift-argument-parser finds a command's arguments by reflecting over its type, and in a
/// static binary each first look-up of a type's conformances scans every conformance record:
/// that was most of the processor time of a `followup log`. A command listed in
/// `QuickParser.commands` is read here when its arguments take the plain forms: positionals,
/// `--option value`, `--option=value` and `--flag`. Anything else (help, `--`, a short option,
/// an unknown or repeated option, a value starting with a dash, a failed validation) goes to
/// swift-argument-parser, which gives its own answer. A property test checks that wherever
/// this reads a command line, swift-argument-parser reads the same command from it.
protocol QuicklyParsed: ParsableCommand {
    /// Long names of the options that take a value, and of the flags.
    static var quickOptions: Set<String> { get }
    static var quickFlags: Set<String> { get }
    /// Other long names of options, by alias (`as-of` for `now`): read, and counted as repeats, as
    /// the option they stand for.
    static var quickAliases: [String: String] { get }
    /// How many positional arguments the command takes.
    static var quickPositionals: ClosedRange<Int> { get }
    /// The command with every property set from what was read.
    init(quick: QuickArguments)
}

extension QuicklyParsed {
    static var quickAliases: [String: String] { [:] }
}

struct QuickArguments {
    var positionals: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []
}

enum QuickParser {
    static let commands: [String: any QuicklyParsed.Type] = [
        "log": Log.self, "status": Status.self, "due": Due.self, "sync": Sync.self,
    ]

    /// The command `arguments` (without the program's name) ask for, if they take a plain form.
    static func parse(_ arguments: [String]) -> (any ParsableCommand)? {
        guard let name = arguments.first, let type = commands[name],
              let read = read(arguments.dropFirst(), options: type.quickOptions, flags: type.quickFlags, aliases: type.quickAliases),
              type.quickPositionals.contains(read.positionals.count) else { return nil }
        var command = type.init(quick: read)
        do {
            try command.validate()
        } catch {
            return nil
        }
        return command
    }

    static func read(_ arguments: ArraySlice<String>, options: Set<String>, flags: Set<String>,
                     aliases: [String: String] = [:]) -> QuickArguments? {
        var read = QuickArguments()
        var seen = Set<String>()
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else {
                read.positionals.append(argument)
                continue
            }
            guard argument.hasPrefix("--"), argument.count > 2 else { return nil }
            let body = argument.dropFirst(2)
            let written = body.prefix { $0 != "=" }
            let name = aliases[String(written)] ?? String(written)
            guard seen.insert(name).inserted else { return nil }
            if flags.contains(name) {
                guard written.count == body.count else { return nil }
                read.flags.insert(name)
            } else if options.contains(name) {
                var value: String
                if written.count < body.count {
                    // `--note=` is an error to swift-argument-parser, though `--note ""` is not.
                    value = String(body.dropFirst(written.count + 1))
                    guard !value.isEmpty else { return nil }
                } else {
                    guard index < arguments.endIndex else { return nil }
                    value = arguments[index]
                    index += 1
                }
                guard !value.hasPrefix("-") else { return nil }
                read.options[name] = value
            } else {
                return nil
            }
        }
        return read
    }
}

extension StoreOptions {
    init(quick: QuickArguments) {
        self.init()
        store = quick.options["store"]
    }
}

extension Log: QuicklyParsed {
    static let quickOptions: Set<String> = ["store", "at", "to", "note", "decision-by", "point", "body"]
    static let quickFlags: Set<String> = ["asked-next-steps"]
    static let quickPositionals = 2...3

    init(quick: QuickArguments) {
        self.init()
        storeOptions = StoreOptions(quick: quick)
        action = quick.positionals[0]
        ref = quick.positionals[1]
        outcome = quick.positionals.count > 2 ? quick.positionals[2] : nil
        at = quick.options["at"]
        to = quick.options["to"]
        note = quick.options["note"]
        decisionBy = quick.options["decision-by"]
        point = quick.options["point"]
        body = quick.options["body"]
        askedNextSteps = quick.flags.contains("asked-next-steps")
    }
}

extension Status: QuicklyParsed {
    static let quickOptions: Set<String> = ["store", "now"]
    static let quickAliases = ["as-of": "now"]
    static let quickFlags: Set<String> = ["json"]
    static let quickPositionals = 0...1

    init(quick: QuickArguments) {
        self.init()
        storeOptions = StoreOptions(quick: quick)
        ref = quick.positionals.first
        now = quick.options["now"]
        json = quick.flags.contains("json")
    }
}

extension Due: QuicklyParsed {
    static let quickOptions: Set<String> = ["store", "now"]
    static let quickAliases = ["as-of": "now"]
    static let quickFlags: Set<String> = ["all", "json", "ics"]
    static let quickPositionals = 0...0

    init(quick: QuickArguments) {
        self.init()
        storeOptions = StoreOptions(quick: quick)
        now = quick.options["now"]
        all = quick.flags.contains("all")
        json = quick.flags.contains("json")
        ics = quick.flags.contains("ics")
    }
}

extension Sync: QuicklyParsed {
    static let quickOptions: Set<String> = ["store"]
    static let quickFlags: Set<String> = ["json", "verbose"]
    static let quickPositionals = 0...1

    init(quick: QuickArguments) {
        self.init()
        storeOptions = StoreOptions(quick: quick)
        remote = quick.positionals.first ?? "origin"
        json = quick.flags.contains("json")
        verbose = quick.flags.contains("verbose")
    }
}
