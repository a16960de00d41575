import ControllerHost
import Foundation
import ReplayCore
import Testing

/// r0004's own ASCMethod, ESCMethod, Parallel_Probe and OptimalController, run by the host, give
/// the built-in asc, esc, pp and cmc's rows, and trace rows with the same decision events, the
/// same action log and the same event placement.
@Suite("method.py classes match the built-in controllers",
       .enabled(if: HostSupport.sharedAvailable, HostSupport.sharedSkip),
       .enabled(if: HostSupport.pythonAvailable, HostSupport.pythonSkip))
struct BuiltInParityTests {
    static let pairs: [(hosted: String, builtIn: String)] = [
        ("ASCMethod:max_samples=64,threshold=0.95", "asc:max_samples=64,threshold=0.95"),
        ("ESCMethod:max_samples=64,window_size=8", "esc:max_samples=64,window_size=8"),
        ("Parallel_Probe:num_chains=16,T=40,prune_patience=7,warm_up=15", "pp:num_chains=16,T=40,prune_patience=7,warm_up=15"),
        ("optimal_controller:beta=0.5", "cmc:beta=0.5"),
        ("OptimalController:beta=1.0", "cmc:beta=1.0"),
    ]

    @Test("rows and traces (Qwen3-4B/aime24, 100 seeds, traces for seeds 0-1)")
    func parity() throws {
        try HostSupport.expectParity(method: HostSupport.method("r0004"), hosted: try HostedConfiguration.parseAll(Self.pairs.map(\.hosted)),
                                     builtIn: try ControllerSpec.parseAll(Self.pairs.map(\.builtIn)),
                                     backbone: "Qwen3-4B", benchmark: "aime24", directory: HostSupport.environment, sameCSV: false)
    }
}
