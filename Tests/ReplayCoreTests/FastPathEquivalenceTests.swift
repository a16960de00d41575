import Foundation
import Testing
@testable import ReplayCore

/// Untraced runs take shortcuts (Parallel-Probe's and CMC's event-driven loops); the traced step-by-step
/// loops are what the golden and trace tests check. Here both paths run untraced on every
/// question run and must agree on the answer, the cost and every opened branch's depth and
/// spent tokens.
struct FastPathEquivalence {
    /// The controller as the evaluator runs it, and the same one forced onto the step loop.
    static func pair(_ config: ControllerConfiguration) -> (fast: any Controller, slow: any Controller)? {
        switch config.key {
        case ParallelProbe.definition.key:
            var slow = ParallelProbe(configuration: config)
            slow.stepByStep = true
            return (ParallelProbe(configuration: config), slow)
        case ConfidenceMomentum.definition.key:
            var slow = ConfidenceMomentum(configuration: config)
            slow.stepByStep = true
            return (ConfidenceMomentum(configuration: config), slow)
        default:
            return nil
        }
    }

    struct Outcome: Equatable {
        var answer: AnswerID?
        var cost: Int
        var depths: [Int]
        var spent: [Int]
    }

    static func outcome(_ c: any Controller, _ env: inout ReplayEnvironment, _ q: ReplayQuestion, _ order: [Int]) -> Outcome {
        env.reset(question: q, order: order)
        var recorder = TraceRecorder(enabled: false)
        let answer = c.solve(&env, trace: &recorder)
        return Outcome(answer: answer, cost: env.cost, depths: (0..<env.opened).map { env.depth(at: $0) },
                       spent: (0..<env.opened).map { env.tokensSpent(at: $0) })
    }

    /// Every (configuration, seed, question) of `store`; returns the mismatches, described.
    static func mismatches(_ store: ReplayStore, _ configs: [ControllerConfiguration], seeds: Int) -> [String] {
        var found: [String] = []
        var env: ReplayEnvironment? = nil
        var orders: [Int: [[Int]]] = [:]
        for config in configs {
            guard let (fast, slow) = pair(config) else { continue }
            for seed in 0..<seeds {
                for (qi, q) in store.questions.enumerated() {
                    if orders[q.branchCount] == nil {
                        orders[q.branchCount] = (0..<seeds).map { MersenneTwister.permutation(seed: UInt64($0), count: q.branchCount) }
                    }
                    let order = orders[q.branchCount]![seed]
                    if env == nil { env = ReplayEnvironment(question: q, order: order) }
                    let a = outcome(fast, &env!, q, order), b = outcome(slow, &env!, q, order)
                    if a != b {
                        found.append("\(store.backbone)/\(store.benchmark) \(config.spec) seed \(seed) question \(qi): fast \(a) vs step-by-step \(b)")
                        if found.count >= 3 { return found }
                    }
                }
            }
        }
        return found
    }

    /// A store of sticky answers (long runs, so long idle stretches, streaks and prunes), short
    /// and empty branches, token counts below and above the probes' charge.
    static func stickyStore(seed: UInt64, questions: Int) -> ReplayStore {
        var rng = SplitMix(seed: seed)
        let pool = ["1", "2", "3", "4", "5", "6"]
        var qs: [ReplayQuestion] = []
        for q in 0..<questions {
            let branches = 1 + Int(rng.next() % 80)
            let probeFreq = 1 + Int(rng.next() % 50)
            var bs: [(probes: [String], tokens: Int, final: String)] = []
            for _ in 0..<branches {
                let n = Int(rng.next() % 70)
                var a = pool[Int(rng.next() % 3)]
                var probes: [String] = []
                for _ in 0..<n {
                    if rng.next() % 100 < UInt64(8 + q % 20) { a = pool[Int(rng.next() % UInt64(2 + q % 5))] }
                    probes.append(a)
                }
                let tokens = Int(rng.next() % UInt64(probeFreq * (n + 3) + 1))
                bs.append((probes, tokens, rng.next() % 3 == 0 ? pool[Int(rng.next() % 4)] : a))
            }
            qs.append(ReplayQuestion(text: "q\(q)", gold: pool[0], probeFreq: probeFreq, branches: bs))
        }
        return ReplayStore(backbone: "Sticky-\(seed)", benchmark: "bench", path: "mem", questions: qs)
    }

    /// Unusual settings: no warm-up, patience 1, T 1, max_steps below the branch lengths.
    static let syntheticSpecs = [
        "pp:num_chains=1,2,3,8,64,T=40,prune_patience=7,warm_up=15",
        "pp:num_chains=8,64,T=1,2,5,prune_patience=1,2,warm_up=0,1",
        "pp:num_chains=16,T=3,prune_patience=3,warm_up=2,max_steps=1,4,30",
        "pp:num_chains=64,T=100,prune_patience=4,warm_up=60,max_steps=100",
        "pp:num_chains=32,T=40,prune_patience=7,warm_up=15,probe_burst=2",
        "cmc:beta=0:1:0.05",
    ]
}

@Suite("Untraced fast paths equal the step-by-step loops")
struct FastPathEquivalenceTests {
    @Test("synthetic stores, unusual settings", arguments: FastPathEquivalence.syntheticSpecs)
    func synthetic(spec: String) throws {
        let configs = try ControllerSpec.parse(spec)
        let stores = [FastPathEquivalence.stickyStore(seed: 3, questions: 40), FastPathEquivalence.stickyStore(seed: 11, questions: 40),
                      TraceFixture.syntheticStore(seed: 1, questions: 12), TraceFixture.syntheticStore(seed: 7, questions: 9)]
        for store in stores {
            let bad = FastPathEquivalence.mismatches(store, configs, seeds: 20)
            #expect(bad.isEmpty, "\(bad.joined(separator: "\n"))")
        }
    }
}

@Suite("Untraced fast paths equal the step-by-step loops on the real stores",
       .enabled(if: SharedData.available, SharedData.skipMessage))
struct FastPathRealStoreTests {
    /// The paper matrix's configurations of the families with a fast path.
    static let specs = ["pp:num_chains=1,4,8,16,32,64,T=40,prune_patience=7,warm_up=15", "cmc:beta=0:1:0.1"]

    static var stores: [String] {
        ReplayStore.catalog(storesDirectory: SharedData.environment).flatMap { e in e.benchmarks.map { "\(e.backbone)/\($0)" } }
    }

    @Test("every store, seed and configuration of the matrix", arguments: stores)
    func matrix(store name: String) throws {
        let p = name.split(separator: "/")
        let store = try SharedData.store(String(p[0]), String(p[1]))
        let configs = try Self.specs.flatMap { try ControllerSpec.parse($0) }
        let bad = FastPathEquivalence.mismatches(store, configs, seeds: 100)
        #expect(bad.isEmpty, "\(bad.joined(separator: "\n"))")
    }
}
