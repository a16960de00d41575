import ControllerHost
import Foundation
import ReplayCore
import SampleRun
import TestSupport
import Testing

/// The Python controllers `ttsdash sample` writes into method.py (one per family, majority vote
/// included, which no sample round uses), run by the host, give the built-in controllers' rows,
/// per-question results and trace rows (decision events, action log, event placement), on
/// configurations the sample rounds did not evaluate. Uses the committed sample's Synth-M store.
@Suite("Generated method.py controllers match the built-ins", .serialized,
       .enabled(if: HostSupport.pythonAvailable, HostSupport.pythonSkip))
struct GeneratedControllerParityTests {
    static let specs: [ControllerSource.Family: [String]] = [
        .majority: ["sc:max_samples=1,8,64"],
        .esc: ["esc:max_samples=64", "esc:max_samples=12,window_size=5"],
        .asc: ["asc:max_samples=64", "asc:max_samples=16,threshold=0.7"],
        .parallelProbe: ["pp:num_chains=16", "pp:num_chains=64,T=6,prune_patience=3,warm_up=4,probe_burst=2"],
        .cmc: ["cmc:beta=0.35,0.85"],
    ]

    @Test("rows and traces (Synth-M, 100 seeds, traces for seeds 0-1)", arguments: ControllerSource.Family.allCases)
    func parity(_ family: ControllerSource.Family) throws {
        let environment = PackagePaths.sampleRun + "/code_base/environment"
        let (backbone, benchmark) = ("Synth-M", "synth-search")
        let configurations = try ControllerSpec.parseAll(try #require(Self.specs[family]))
        let folder = HostSupport.temporaryFolder("generated")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let method = folder + "/method.py"
        try ControllerSource.methodPy(family: family, roundID: "r9999_parity", title: "parity check", seed: 0,
                                      configurations: configurations, outcomeNote: nil)
            .write(toFile: method, atomically: true, encoding: .utf8)

        try HostSupport.expectParity(method: method,
                                     hosted: configurations.map { HostedConfiguration(className: family.className, parameters: $0.values) },
                                     builtIn: configurations, backbone: backbone, benchmark: benchmark, directory: environment, sameCSV: true)
    }
}
