import ArgumentParser

// Placeholder until its issue lands.
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "(not yet available)")
    func run() throws { throw ValidationError("'open' is not available yet") }
}
