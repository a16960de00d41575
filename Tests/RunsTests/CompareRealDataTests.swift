import Foundation
import Testing
@testable import Runs

/// The comparison on the published rounds: r0003 (baseline) against r0004 on Qwen3-4B / aime24,
/// checked against values computed by hand from the two CSVs.
@Suite("Compare: published rounds r0003 vs r0004", .enabled(if: SharedData.available, SharedData.skipMessage))
struct CompareRealDataTests {
    static func comparison(_ names: [String], backbone: String = "Qwen3-4B") throws -> (Run, RoundComparison) {
        let run = try RunLoader.load(path: SharedData.controllerRoot)
        let sides = try names.map { try #require(CompareSide.resolve($0, in: run)) }
        return (run, RoundComparison.make(run: run, sides: sides, baseline: 0, backbone: backbone, benchmark: "aime24"))
    }

    @Test func deltaTableAtEachBeta() throws {
        let (_, c) = try Self.comparison(["r0003", "r0004"])
        #expect(c.rows.count == 11)
        #expect(c.rows.map(\.configuration) == (0...10).map { "beta=\(Double($0) / 10)" })
        // beta=0.5: r0003 82.4 % at 250,580; r0004 81.97 % at 236,735.
        let half = try #require(c.rows.first { $0.configuration == "beta=0.5" })
        #expect(half.cells[0]?.acc == 82.4 && half.cells[0]?.cost == 250580)
        #expect(half.cells[1]?.acc == 81.97 && half.cells[1]?.cost == 236735)
        #expect(abs(half.accDelta[1]! - (-0.43)) < 1e-9 && half.costDelta[1] == -13845)
        #expect(half.accDelta[0] == nil)
        // beta=1.0: 84.57 / 392,724 against 83.53 / 424,878.
        let one = try #require(c.rows.last)
        #expect(abs(one.accDelta[1]! - (-1.04)) < 1e-9 && one.costDelta[1] == 32154)
        // beta=0.0: 79.23 / 46,672 against 79.33 / 47,245.
        #expect(abs(c.rows[0].accDelta[1]! - 0.1) < 1e-9 && c.rows[0].costDelta[1] == 573)
    }

    @Test func summaryNumbers() throws {
        let (_, c) = try Self.comparison(["r0003", "r0004"])
        let s = try #require(c.summaries.first)
        #expect(s.bestAcc == 83.53 && s.baselineBestAcc == 84.87)
        // Equal accuracy = 83.53 (r0004's best, reached at its 424,878-token point). r0003 reaches
        // it between (303,637, 83.13) and (346,989, 84.37): t = 0.40 / 1.24,
        // cost = 10^(log10 303637 + t·(log10 346989 − log10 303637)) = 316,994.55.
        #expect(s.equalAccuracy == 83.53 && s.sideCostAtEqualAccuracy == 424878)
        let t = 0.40 / 1.24
        let expected = pow(10, log10(303637.0) + t * (log10(346989.0) - log10(303637.0)))
        #expect(abs(s.baselineCostAtEqualAccuracy! - expected) < 1e-6)
        #expect(abs(expected - 316994.5486) < 1e-3)
        #expect(abs(s.tokensSaved! - (expected - 424878)) < 1e-6)          // −107,883: r0004 spends more
        #expect(abs(s.tokensSavedPercent! - (-34.0332)) < 1e-3)
        // Equal cost: r0003's budget for its best (380,544 tokens, inside the shared range). r0004
        // there: between (337,625, 83.5) and (424,878, 83.53) (406,870 is dominated):
        // 83.5 + 0.03·(log10 380544 − log10 337625)/(log10 424878 − log10 337625) = 83.51562.
        #expect(s.equalCost == 380544)
        let u = (log10(380544.0) - log10(337625.0)) / (log10(424878.0) - log10(337625.0))
        #expect(abs(s.sideAccAtEqualCost! - (83.5 + 0.03 * u)) < 1e-9)
        #expect(abs(s.accuracyGained! - (83.5 + 0.03 * u - 84.87)) < 1e-9)      // −1.354
        // Area over [47,245, 380,544] (numerical integration with 400k trapezoids gave −0.130849).
        let area = try #require(s.area)
        #expect(abs(area.area - (-0.130849)) < 1e-5)
        #expect(abs(area.lowerLogCost - log10(47245.0)) < 1e-12 && abs(area.upperLogCost - log10(380544.0)) < 1e-12)
        // Who is above where: r0004 at the cheap end, then r0003, r0004, r0003 (crossings near
        // 77.5k, 103.9k and 153.3k tokens by the same numerical scan).
        #expect(s.dominance.map(\.winner) == [.side, .baseline, .side, .baseline])
        #expect(abs(s.dominance[0].highCost - 77512) < 100 && abs(s.dominance[1].highCost - 103886) < 100
                && abs(s.dominance[2].highCost - 153292) < 100)
    }

    @Test func unionFrontierAndHeadlineAgainstTheSeeds() throws {
        let (_, c) = try Self.comparison(["seed", "r0003", "r0004"])
        // The published seeds have no SC@64: the headline names the strongest seed point instead.
        let ref = try #require(c.headlineReference())
        #expect(ref.label == "seed asc max_samples=16" && ref.acc == 80.17 && ref.cost == 121219)
        #expect(ref.source.contains("SC@64 is not in seed"))
        let h = c.headlines(reference: ref)
        #expect(h.count == 2)
        // r0004 reaches 80.17 % between (94,592, 80.3)... no: between (47,245, 79.33) and (94,592, 80.3).
        let t = (80.17 - 79.33) / (80.3 - 79.33)
        let cost = pow(10, log10(47245.0) + t * (log10(94592.0) - log10(47245.0)))
        #expect(abs(h[1].sideCost! - cost) < 1e-6)
        #expect(abs(h[1].savedPercent! - (1 - cost / 121219) * 100) < 1e-9)
        // The union frontier's cheapest point is the seeds' (13,908 tokens), its top r0003's 84.87 %.
        #expect(c.unionStretches.first?.side == 0 && c.union.points.first?.cost == 13908)
        #expect(c.union.bestAccuracy == 84.87 && c.unionStretches.last?.side == 1)
        // Seeds share no configuration with the rounds: every seed row stands alone.
        #expect(c.rows.filter { $0.cells[0] != nil }.allSatisfy { $0.cells[1] == nil && $0.cells[2] == nil })
    }

    @Test func scheduleOfARoundThatExportsOne() throws {
        let (run, _) = try Self.comparison(["r0003", "r0004"])
        let r3 = CompareSide.resolve("r0003", in: run)!.rows(in: run, backbone: "Qwen3-4B", benchmark: "aime24")
        let r4 = CompareSide.resolve("r0004", in: run)!.rows(in: run, backbone: "Qwen3-4B", benchmark: "aime24")
        let s = try #require(ConfigurationSchedule.make(rows: r3))
        #expect(s.columns.first == "_beta" && s.columns.contains("warm_up") && !s.columns.contains("trace_recorder"))
        #expect(s.values(for: "beta=0.6")?["conf_thresh"] == "0.91")
        // r0004 (CMC) exports a different set of knobs.
        let s4 = try #require(ConfigurationSchedule.make(rows: r4))
        #expect(s4.columns.contains("T_ema") && !s.columns.contains("T_ema"))
        #expect(s4.values(for: "beta=0.5")?["conf_thresh"] == "0.91" && s4.values(for: "beta=0.5")?["max_branch_use"] == "34")
        // The published rounds ship their controller source (the method.py each proposed).
        #expect(run.round(named: "r0003")?.controllerSource?.contains("class OptimalController") == true)
        #expect(run.round(named: "r0003")?.ownController?.hasSuffix("r0003/code_base/method.py") == true)
    }
}
