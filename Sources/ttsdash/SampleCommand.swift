import ArgumentParser

// Placeholder until its issue lands.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sample", abstract: "(not yet available)")
    func run() throws { throw ValidationError("'sample' is not available yet") }
}
