import Foundation
import Testing
@testable import ReplayCore

@Suite("Evaluation cancellation")
struct CancellationTests {
    /// Shuffling many seeds takes a while before any question runs: a cancel that comes then
    /// must end the evaluation without waiting for every seed's permutation.
    @Test("preparing the shuffles stops at a cancel")
    func shufflesStopAtACancel() throws {
        let flag = CancellationFlag()
        flag.cancel()
        #expect(throws: EvaluationCancelled.self) {
            _ = try Evaluator.shuffleOrders(branchCounts: [128], seeds: 1_000, cancel: flag)
        }
        let orders = try Evaluator.shuffleOrders(branchCounts: [4, 128], seeds: 3, cancel: CancellationFlag())
        #expect(orders[128]?.count == 3)
        #expect(orders[4]?[2] == MersenneTwister.permutation(seed: 2, count: 4))
    }

    @Test("a cancelled run throws and reports no progress")
    func cancelledRun() throws {
        let store = ReplayStore(backbone: "b", benchmark: "d", path: "mem", questions: [BranchTimelineTests.question])
        let config = try ControllerSpec.parse("sc:max_samples=2")[0]
        let flag = CancellationFlag()
        flag.cancel()
        let calls = ProgressCount()
        #expect(throws: EvaluationCancelled.self) {
            _ = try Evaluator.run(EvaluationRequest(stores: [store], configurations: [config], seeds: 10), threads: 1,
                                  cancel: flag, progress: { _ in calls.bump() })
        }
        #expect(calls.value == 0)
    }
}

private final class ProgressCount: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func bump() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
