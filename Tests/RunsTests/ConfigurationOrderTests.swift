import Foundation
import Testing
@testable import Runs

/// Configurations are listed and walked in parameter order (β ascending), not in the order a
/// results CSV or trace file wrote them (completion order).
@Suite("Configurations in parameter order")
struct ConfigurationOrderTests {
    static func cmc(_ beta: String) -> String { "optimal_controller | config={'beta': \(beta)}" }
    /// The order r0005 of the sample run (and the published r0004) writes them in.
    static let completionOrder = ["1.0", "0.8", "0.7", "0.6", "0.5", "0.4", "0.3", "0.0", "0.1", "0.2", "0.9"].map(cmc)

    @Test func betaSweepSortsByValue() {
        let sorted = RowConfiguration.inParameterOrder(Self.completionOrder)
        #expect(sorted == ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0"].map(Self.cmc))
    }

    @Test func numbersByValueFamiliesInFirstSeenOrderDuplicatesDropped() {
        let given = [
            "Parallel_Probe | config={'num_chains': 64, 'T': 40}",
            "asc | config={'max_samples': 16, 'threshold': 0.95}",
            "Parallel_Probe | config={'num_chains': 8, 'T': 40}",
            "asc | config={'max_samples': 4, 'threshold': 0.95}",
            "asc | config={'max_samples': 16, 'threshold': 0.9}",
            "asc | config={'max_samples': 4, 'threshold': 0.95}",
            "not a description",
        ]
        #expect(RowConfiguration.inParameterOrder(given) == [
            "Parallel_Probe | config={'num_chains': 8, 'T': 40}",
            "Parallel_Probe | config={'num_chains': 64, 'T': 40}",
            "asc | config={'max_samples': 4, 'threshold': 0.95}",
            "asc | config={'max_samples': 16, 'threshold': 0.9}",
            "asc | config={'max_samples': 16, 'threshold': 0.95}",
            "not a description",
        ])
    }

    @Test("Compare's flips walk the shared configurations of two traces in β order")
    func sharedConfigurationsInParameterOrder() throws {
        let dir = NSTemporaryDirectory() + "ttsdash-order-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func write(_ name: String, _ descriptions: [String]) throws -> TraceIndex {
            let path = dir + "/" + name
            let lines = descriptions.map { d in
                #"{"model": "m", "dataset": "d", "method": "OptimalController", "description": "\#(d)", "bootstrap_idx": 0, "shuffle_seed": 0, "question_index": 0, "is_correct": true, "cost": 10, "trace": []}"#
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return try TraceIndex.build(path: path)
        }
        let a = try write("a.jsonl", Self.completionOrder)
        let b = try write("b.jsonl", Self.completionOrder.reversed())
        let shared = QuestionFlips.sharedConfigurations(a, b)
        #expect(shared.map(\.label) == ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0"].map { "beta=\($0)" })
        // The indexes still point at each file's own rows.
        for s in shared { #expect(a.descriptions[s.a] == b.descriptions[s.b]) }
    }
}
