import ArgumentParser

/// `ttsdash`: the dashboard (default) and its headless verbs.
@main
struct TTSDash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ttsdash",
        abstract: "Watch, compare and replay AutoTTS discovery runs in the terminal.",
        version: "0.1.0",
        subcommands: [OpenCommand.self, EvalCommand.self, RoundsCommand.self, FrontierCommand.self,
                      TraceCommand.self, CompareCommand.self, ReplayRunCommand.self, SampleCommand.self,
                      SearchCommand.self, DemoProposerCommand.self],
        defaultSubcommand: OpenCommand.self
    )
}
