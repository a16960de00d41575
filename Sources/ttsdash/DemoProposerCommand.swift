import ArgumentParser
import Foundation
import ReplayCore
import SampleRun
import Search

/// `ttsdash demo-proposer`: the offline, deterministic proposer `ttsdash search --proposer demo` runs.
struct DemoProposerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-proposer",
        abstract: "An offline, deterministic proposer for `ttsdash search` (no model): perturbs the β schedule or walks controller files.",
        discussion: """
        Run by `ttsdash search` in the workspace, it reads the prompt on stdin and TTSDASH_SEARCH_ROUND (1, 2, ...) \
        and TTSDASH_METHOD from the environment. By default it warps the β schedule of code_base/method.py's \
        OptimalController (b = b ** γ, γ by round; a workspace without such a controller gets the built-in CMC port \
        first); with --walk it copies the listed controller files in turn. --raise-at N makes round N's controller \
        raise in solve(), --import-error-at N makes it fail to import (failing rounds for tests and demos).
        """)

    @Option(name: .long, help: "Controller files to copy into code_base/method.py in turn (repeatable).")
    var walk: [String] = []

    @Option(name: .customLong("raise-at"), help: "Search rounds (1-based) whose controller raises in solve() (repeatable).")
    var raiseAt: [Int] = []

    @Option(name: .customLong("import-error-at"), help: "Search rounds whose controller does not import (repeatable).")
    var importErrorAt: [Int] = []

    @Option(name: .long, help: "Seconds to 'think' before writing the controller (to watch the proposing phase).")
    var delay: Double = 0

    @Option(name: .long, help: "The search round (default: TTSDASH_SEARCH_ROUND, else 1).")
    var step: Int?

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let round = step ?? env["TTSDASH_SEARCH_ROUND"].flatMap(Int.init) ?? 1
        let method = env["TTSDASH_METHOD"] ?? "code_base/method.py"
        let prompt = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        say("demo-proposer: round \(env["TTSDASH_ROUND_ID"] ?? "?") (search round \(round)); read a prompt of \(prompt.count) characters")
        if let first = prompt.split(separator: "\n").first { say("prompt begins: \(first.prefix(100))") }
        var walked: [(name: String, source: String)] = []
        for f in walk {
            guard let text = try? String(contentsOfFile: f, encoding: .utf8) else { CLI.fail("--walk \(f): cannot be read", code: 1) }
            walked.append(((f as NSString).lastPathComponent, text))
        }
        var base = (try? String(contentsOfFile: method, encoding: .utf8)) ?? ""
        if walked.isEmpty && !DemoProposer.canPerturb(base) {
            say("\(method) has no β-scheduled OptimalController: starting from the built-in CMC port")
            base = ControllerSource.methodPy(family: .cmc, roundID: env["TTSDASH_ROUND_ID"] ?? "demo", title: "demo-proposer base (CMC port)",
                                             seed: 0, configurations: [], outcomeNote: nil)
        }
        if delay > 0 {
            say("thinking for \(delay) s ...")
            Thread.sleep(forTimeInterval: delay)
        }
        let fault: DemoProposer.Fault? = raiseAt.contains(round) ? .raises : importErrorAt.contains(round) ? .importError : nil
        let proposal = DemoProposer.propose(base: base, step: round, walk: walked, fault: fault)
        do { try AtomicFile.write(proposal.source, to: method) } catch { CLI.fail("\(method): cannot write (\(error))", code: 1) }
        say("wrote \(method)")
        say("")
        say(proposal.message)
    }

    func say(_ s: String) {
        FileHandle.standardOutput.write((s + "\n").data(using: .utf8)!)
    }
}
