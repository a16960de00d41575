import ArgumentParser

// Placeholder until its issue lands.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trace", abstract: "(not yet available)")
    func run() throws { throw ValidationError("'trace' is not available yet") }
}
