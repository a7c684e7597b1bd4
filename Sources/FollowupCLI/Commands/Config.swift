import ArgumentParser
import FollowupCore

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Read and change the rule thresholds (shared by every synced machine).",
        subcommands: [Get.self, Set.self])

    struct Get: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "get", abstract: "Show one setting, or all with their meaning.",
            discussion: "Examples: followup config get; followup config get ghosted.days; followup config get --json")

        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The setting's key.") var key: String?
        @Flag(help: "Print JSON.") var json = false

        func run(_ store: FollowupStore) throws {
            let config = try store.rulesConfig()
            if let key {
                guard let setting = RulesConfig.setting(key) else { throw ConfigError.unknownKey(key) }
                Console.out(json ? JSONValue.string(setting.value(in: config)).prettyString : setting.value(in: config))
                return
            }
            if json {
                Console.out(JSONValue.object(Dictionary(uniqueKeysWithValues: RulesConfig.settings.map {
                    ($0.key, JSONValue.string($0.value(in: config)))
                })).prettyString)
                return
            }
            var table = Table("KEY", "VALUE", "DEFAULT", "MEANING")
            for setting in RulesConfig.settings {
                guard setting.isText else {
                    table.add(setting.key, setting.value(in: config), setting.value(in: RulesConfig()), setting.summary)
                    continue
                }
                // Templates run to several lines: one line here, the whole text with 'config get KEY'.
                let value = setting.value(in: config)
                table.add(setting.key, value.isEmpty ? RulesConfig.builtInText : value.replacingOccurrences(of: "\n", with: "⏎").truncated(24),
                          RulesConfig.builtInText, setting.summary)
            }
            Console.out(table.render())
        }
    }

    struct Set: StoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change a setting; prints the event's id.",
            discussion: "Example: followup config set check-in.default-days 10")

        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The setting's key ('followup config get' lists them).") var key: String
        @Argument(help: "The new value.") var value: String

        func run(_ store: FollowupStore) throws {
            Console.out(try store.setConfig(key, value).event.id)
        }
    }
}
