import ArgumentParser

// Placeholder until its issue lands.
struct RoundsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rounds", abstract: "(not yet available)")
    func run() throws { throw ValidationError("'rounds' is not available yet") }
}
