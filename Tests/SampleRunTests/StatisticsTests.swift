import Foundation
import Testing
import ReplayCore
@testable import SampleRun

/// The synthetic stores' statistics stay within the range measured on the 12 real AutoTTS
/// stores (Qwen3-0.6B..8B x aime24/aime25/hmmt25), widened by a small margin: answer-change rate
/// by depth, ERR rate, trace lengths, `tokens` vs probes, single-branch and majority-of-64 accuracy.
///
/// Why: controllers' behaviour (when they stop, how wide they go) depends on these; a sample
/// run on stores outside the real range would show the dashboard's users fiction.
@Suite("Synthetic statistics within the real stores' range", .enabled(if: TestPaths.realAvailable, TestPaths.realSkipMessage))
struct StatisticsTests {
    static let realStores: [(String, StoreStatistics)] = {
        var out: [(String, StoreStatistics)] = []
        for b in ["Qwen3-0.6B", "Qwen3-1.7B", "Qwen3-4B", "Qwen3-8B"] {
            for d in ["aime24", "aime25", "hmmt25"] {
                if let s = try? ReplayStore.load(storesDirectory: TestPaths.realEnvironment, backbone: b, benchmark: d) {
                    out.append(("\(b)/\(d)", StoreStatistics(s)))
                }
            }
        }
        return out
    }()

    struct Range: CustomStringConvertible {
        var lo: Double, hi: Double
        func contains(_ x: Double) -> Bool { x >= lo && x <= hi }
        var description: String { "[\(lo), \(hi)]" }
    }

    /// `[min - margin, max + margin]` (or scaled by `factor`) of a figure over the real stores.
    static func range(_ f: (StoreStatistics) -> Double?, margin: Double = 0, factor: Double = 1) -> Range? {
        let values = realStores.compactMap { f($0.1) }
        guard let lo = values.min(), let hi = values.max() else { return nil }
        return Range(lo: lo / factor - margin, hi: hi * factor + margin)
    }

    @Test("every real store was read")
    func realRead() {
        #expect(Self.realStores.count == 12)
    }

    @Test("answer-change rate, ERR rate, lengths and accuracy in range", arguments: [UInt64(0), 1])
    func inRange(seed: UInt64) throws {
        print("real stores:")
        for (name, s) in Self.realStores { print("  \(name): \(s.summary)") }
        print("synthetic stores (seed \(seed)):")
        for bench in SyntheticBenchmark.all {
            for bb in SyntheticBackbone.all {
                let s = StoreStatistics(try SyntheticStoreGenerator.replayStore(seed: seed, backbone: bb, benchmark: bench))
                let name = "\(bb.name)/\(bench.name)"
                print("  \(name): \(s.summary)")
                for k in 0..<StoreStatistics.bucketCount {
                    guard let rate = s.changeRate(bucket: k), let r = Self.range({ $0.changeRate(bucket: k) }, margin: 0.05) else { continue }
                    #expect(r.contains(rate), "\(name): change rate at depth bucket \(k) = \(rate), real range \(r)")
                    if let err = s.errRate(bucket: k), let e = Self.range({ $0.errRate(bucket: k) }, margin: 0.03) {
                        #expect(e.contains(err), "\(name): ERR rate at depth bucket \(k) = \(err), real range \(e)")
                    }
                }
                for (label, p) in [("p10", 0.1), ("p50", 0.5), ("p90", 0.9)] {
                    let r = try #require(Self.range({ Double($0.lengthQuantile(p)) }, factor: 1.15))
                    #expect(r.contains(Double(s.lengthQuantile(p))), "\(name): length \(label) = \(s.lengthQuantile(p)), real range \(r)")
                }
                let maxLen = try #require(Self.range({ Double($0.lengths.last ?? 0) }, margin: 1_500))
                #expect(maxLen.contains(Double(s.lengths.last ?? 0)), "\(name): longest trace \(s.lengths.last ?? 0), real \(maxLen)")
                let minLen = try #require(Self.range({ Double($0.lengths.first ?? 0) }, factor: 1.5))
                #expect(minLen.contains(Double(s.lengths.first ?? 0)), "\(name): shortest trace \(s.lengths.first ?? 0), real \(minLen)")
                let probes = try #require(Self.range({ $0.meanProbes }, factor: 1.15))
                #expect(probes.contains(s.meanProbes), "\(name): mean probes \(s.meanProbes), real \(probes)")
                let shorter = try #require(Self.range({ $0.shorterFraction }, margin: 0.03))
                #expect(shorter.contains(s.shorterFraction), "\(name): tokens < probes*500 for \(s.shorterFraction), real \(shorter)")
                let longer = try #require(Self.range({ $0.longerFraction }, margin: 0.03))
                #expect(longer.contains(s.longerFraction), "\(name): tokens >= probes*500+500 for \(s.longerFraction), real \(longer)")
                let maj = try #require(Self.range({ $0.majority64Accuracy }, margin: 0.1))
                #expect(maj.contains(s.majority64Accuracy), "\(name): majority@64 accuracy \(s.majority64Accuracy), real \(maj)")
                let single = try #require(Self.range({ $0.singleAccuracy }, margin: 0.05))
                #expect(single.contains(s.singleAccuracy), "\(name): single-branch accuracy \(s.singleAccuracy), real \(single)")
                let distinct = try #require(Self.range({ Double($0.medianDistinctFinals) }, factor: 1.25))
                #expect(distinct.contains(Double(s.medianDistinctFinals)), "\(name): distinct finals \(s.medianDistinctFinals), real \(distinct)")
            }
        }
    }

    @Test("the checks can fail: a store of constant answers is out of range")
    func detectsOutliers() throws {
        // Every branch the same length and the same answer: change rate 0, one distinct final.
        let branches = (0..<128).map { _ in (probes: Array(repeating: "7", count: 10), tokens: 5_000, final: "7") }
        let q = ReplayQuestion(text: "t", gold: "7", probeFreq: 500, branches: branches)
        let s = StoreStatistics(ReplayStore(backbone: "x", benchmark: "y", path: "-", questions: Array(repeating: q, count: 20)))
        let change = try #require(Self.range({ $0.changeRate(bucket: 0) }, margin: 0.05))
        #expect(!change.contains(s.changeRate(bucket: 0)!))
        let p90 = try #require(Self.range({ Double($0.lengthQuantile(0.9)) }, factor: 1.15))
        #expect(!p90.contains(Double(s.lengthQuantile(0.9))))
    }
}
