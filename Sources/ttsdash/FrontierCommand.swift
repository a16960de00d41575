import ArgumentParser

// Placeholder until its issue lands.
struct FrontierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "frontier", abstract: "(not yet available)")
    func run() throws { throw ValidationError("'frontier' is not available yet") }
}
