import ControllerHost
import Foundation
import ReplayCore
import Testing

/// Each published round's own method.py, replayed over β 0.0-1.0 on the four aime24 stores,
/// gives every row of that round's published CSV: 5 rounds x 4 backbones x 11 β = 220 rows.
///
/// Five rows of r0000 are the exception, listed below: Acc identical, Cost lower by 1 to 27
/// tokens per question (0.002-0.04%). The controller is deterministic, keeps no state between
/// questions, uses no sets or randomness, and no Beta confidence it asks for lies near its
/// threshold (checked against the exact values), so the cause is not found; the list keeps
/// them visible: a fix that makes them exact must remove them from it.
@Suite("Published rounds replayed from their own method.py", .serialized,
       .enabled(if: HostSupport.sharedAvailable, HostSupport.sharedSkip),
       .enabled(if: HostSupport.pythonAvailable, HostSupport.pythonSkip))
struct PublishedRoundsTests {
    /// Published Cost minus ours, where they are not equal (see the suite's comment).
    static let knownCostDifferences: [String: Int] = [
        "r0000 Qwen3-0.6B optimal_controller | config={'beta': 0.8}": 1,
        "r0000 Qwen3-1.7B optimal_controller | config={'beta': 0.8}": 27,
        "r0000 Qwen3-4B optimal_controller | config={'beta': 0.8}": 14,
        "r0000 Qwen3-8B optimal_controller | config={'beta': 0.4}": 1,
        "r0000 Qwen3-8B optimal_controller | config={'beta': 0.8}": 10,
    ]

    @Test("r0000-r0004: Acc and Cost identical to the published CSVs", arguments: ["r0000", "r0001", "r0002", "r0003", "r0004"])
    func round(_ round: String) throws {
        let configurations = try HostedConfiguration.parse("OptimalController:beta=0:1:0.1")
        #expect(configurations.count == 11)
        let stores = try HostSupport.backbones.map { try HostSupport.hostedStore($0) }
        let outcome = try HostedEvaluator.run(HostedRequest(method: HostSupport.method(round), stores: stores,
                                                            configurations: configurations, seeds: 100))
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        var compared = 0
        for backbone in HostSupport.backbones {
            let published = HostSupport.csvRows("\(HostSupport.searchHistory)/\(round)/proposal_results/matrix_results_\(backbone)/aime24_raw_new_api.csv")
            #expect(published.count == 11, "\(round) \(backbone): published rows")
            for r in outcome.results where r.backbone == backbone {
                let ref = try #require(published[r.row.description], "\(round) \(backbone): no published row for \(r.row.description)")
                #expect(PythonFormat.floatRepr(r.acc) == ref.acc, "\(round) \(backbone) \(r.row.description): Acc \(r.acc) vs \(ref.acc)")
                let key = "\(round) \(backbone) \(r.row.description)"
                if let known = Self.knownCostDifferences[key] {
                    #expect(Int(ref.cost).map { $0 - r.cost } == known, "\(key): Cost \(r.cost) vs \(ref.cost), listed as \(known) lower")
                } else {
                    #expect(String(r.cost) == ref.cost, "\(key): Cost \(r.cost) vs \(ref.cost)")
                }
                #expect(r.row.methodName == "OptimalController")
                compared += 1
            }
        }
        #expect(compared == 44)
    }
}
