import ArgumentParser
import Foundation
import SampleRun

/// `ttsdash sample`: writes the synthetic sample discovery run (see `sample-runs/autotts-synthetic/README.md`).
///
/// The run is built in memory, then written into a hidden sibling folder and swapped in, so an
/// existing sample run is replaced whole and a user's own folder is never touched.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write the synthetic sample discovery run (replay stores, baselines, rounds, traces).",
        discussion: """
        Everything is generated from the seed and evaluated by the built-in replay evaluator, so the same seed gives the same files byte for byte. --out must be absent, empty, or a previous sample run; any other folder is left alone.
        """)

    @Option(name: .long, help: "Output folder (the workspace root of the run).")
    var out: String = "sample-runs/autotts-synthetic"

    @Option(name: .long, help: "Generator seed (0 is the committed sample).")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Worker threads for the evaluator (the output does not depend on it).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Print the statistics of the generated replay stores.")
    var stats = false

    @Flag(name: .long, help: "No summary line.")
    var quiet = false

    func run() throws {
        do {
            try SampleRunOutput.check(out)
        } catch {
            CLI.fail(error.message)
        }
        let started = Date()
        let staging = SampleRunOutput.stagingPath(for: out)
        CLI.onInterrupt {
            try? FileManager.default.removeItem(atPath: staging)
            CLI.fail("interrupted: \(out) left as it was", code: 130)
        }
        let files: SampleRunFiles
        do {
            files = try SampleRunBuilder(seed: seed, threads: max(1, threads)).build()
        } catch {
            CLI.fail("building the sample run failed: \(error)", code: 1)
        }
        do {
            try SampleRunOutput.write(files, to: out)
        } catch {
            CLI.fail(error.message)
        }
        if stats {
            for b in SyntheticBackbone.all {
                for d in SyntheticBenchmark.all {
                    if let store = try? SyntheticStoreGenerator.replayStore(seed: seed, backbone: b, benchmark: d) {
                        print("\(b.name) \(d.name): \(StoreStatistics(store).summary)")
                    }
                }
            }
        }
        if !quiet {
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            let kb = (files.totalBytes + 1023) / 1024
            print("wrote the sample run (seed \(seed)): \(files.files.count) files, \(kb) KB, to \(out) in \(seconds) s")
        }
    }
}
