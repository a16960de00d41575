import Foundation
import Testing
@testable import Runs

/// Comparison math on small constructed frontiers whose answers are known in closed form.
@Suite("Compare: dominance, union frontier, headline, diff, flips (constructed cases)")
struct CompareMathTests {
    func P(_ c: Double, _ a: Double) -> FrontierPoint { FrontierPoint(cost: c, acc: a) }

    @Test func dominanceSplitsAtTheCrossing() throws {
        // R(x) = 60 + 10(x-2), F(x) = 65 + 5(x-2) on x = log10 cost in [2, 4]: F − R = 5 − 5(x−2),
        // zero at x = 3 (1000 tokens). F is better below 1000 tokens, R above; the areas cancel.
        let r = FrontierCurve([P(100, 60), P(10000, 80)])
        let f = FrontierCurve([P(100, 65), P(10000, 75)])
        let d = RoundComparison.dominance(f, r)
        #expect(d.count == 2)
        #expect(d[0].winner == .side && abs(d[0].lowCost - 100) < 1e-6 && abs(d[0].highCost - 1000) < 1e-6)
        #expect(d[1].winner == .baseline && abs(d[1].lowCost - 1000) < 1e-6 && abs(d[1].highCost - 10000) < 1e-6)
        #expect(abs(Frontier.area(between: f, and: r)!.area) < 1e-9)
        // Identical frontiers tie everywhere.
        #expect(RoundComparison.dominance(r, r).map(\.winner) == [.tie])
        // No overlap, no segments.
        #expect(RoundComparison.dominance(FrontierCurve([P(10, 50), P(50, 55)]), r).isEmpty)
    }

    @Test func unionStretchesFollowTheFrontier() {
        // Side 0 owns the cheap end, side 1 the middle, side 0 again the top.
        let s = RoundComparison.unionStretches([(0, 10), (0, 20), (1, 30), (1, 40), (0, 50)])
        #expect(s == [.init(side: 0, lowCost: 10, highCost: 20, points: 2), .init(side: 1, lowCost: 30, highCost: 40, points: 2),
                      .init(side: 0, lowCost: 50, highCost: 50, points: 1)])
    }

    @Test func headlineAgainstAReferencePoint() throws {
        // A side at (100, 60) and (10000, 80): it reaches 70 % at 10^3 = 1000 tokens (linear in
        // log cost); against a reference of 70 % at 4000 tokens that saves 1 − 1000/4000 = 75 %.
        let run = Run(path: "/x", layout: RunLayout(root: "/x"), rounds: [], diagnostics: [], loadedAt: Date())
        var c = RoundComparison.make(run: run, sides: [], backbone: "m", benchmark: "d")
        c.sides = [CompareSide(roundID: "seed", roundName: "seed"), CompareSide(roundID: "r1", roundName: "r0001")]
        c.baseline = 0
        c.points = [[], []]
        c.curves = [FrontierCurve([]), FrontierCurve([P(100, 60), P(10000, 80)])]
        let ref = HeadlineReference(label: "SC@64", acc: 70, cost: 4000, source: "test")
        let h = try #require(c.headlines(reference: ref).first)
        #expect(abs(h.sideCost! - 1000) < 1e-6)
        #expect(abs(h.savedPercent! - 75) < 1e-9)
        #expect(h.text.hasPrefix("r0001 saves 75.0% tokens vs SC@64"))
        // Above the reference already at its cheapest point: "at least".
        c.curves[1] = FrontierCurve([P(100, 72), P(1000, 80)])
        let h2 = try #require(c.headlines(reference: ref).first)
        #expect(h2.atLeast && h2.sideCost == 100 && h2.text.contains("at least 97.5%"))
        // Never reaching it.
        c.curves[1] = FrontierCurve([P(100, 50), P(1000, 65)])
        let h3 = try #require(c.headlines(reference: ref).first)
        #expect(h3.savedPercent == nil && h3.text.contains("does not reach") && h3.text.contains("65.00"))
    }

    @Test func unifiedDiffHunks() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        var lines = (1...10).map { "line \($0)" }
        lines[4] = "line five"
        lines.insert("inserted", at: 8)
        let new = lines.joined(separator: "\n") + "\n"
        let d = UnifiedDiff.make(old: old, new: new, context: 1)
        #expect(d.added == 2 && d.removed == 1)
        #expect(d.hunks.count == 2)
        #expect(d.text(oldName: "a", newName: "b") == """
            --- a
            +++ b
            @@ -4,3 +4,3 @@
             line 4
            -line 5
            +line five
             line 6
            @@ -8,2 +8,3 @@
             line 8
            +inserted
             line 9
            """)
        // Context 3 merges the two changes into one hunk.
        #expect(UnifiedDiff.make(old: old, new: new).hunks.count == 1)
        #expect(UnifiedDiff.make(old: old, new: old).isEmpty)
        #expect(UnifiedDiff.make(old: "", new: "a\nb\n").hunks.first?.header == "@@ -0,0 +1,2 @@")
        #expect(UnifiedDiff.make(old: "a\nb", new: "").text(oldName: "x", newName: "y").hasSuffix("@@ -1,2 +0,0 @@\n-a\n-b"))
    }

    @Test func unifiedDiffIsAMinimalEditScript() {
        // Myers finds the shortest script: ABCABBA -> CBABAC takes 5 edits (the paper's example).
        let a = "A\nB\nC\nA\nB\nB\nA", b = "C\nB\nA\nB\nA\nC"
        let d = UnifiedDiff.make(old: a, new: b, context: 10)
        #expect(d.added + d.removed == 5)
        // Applying the script gives back both texts.
        let lines = d.hunks.flatMap(\.lines)
        #expect(lines.filter { $0.kind != .added }.map(\.text) == a.split(separator: "\n").map(String.init))
        #expect(lines.filter { $0.kind != .removed }.map(\.text) == b.split(separator: "\n").map(String.init))
    }

    @Test func flipsOverSeeds() {
        typealias K = QuestionFlips.Key
        typealias O = QuestionFlips.Outcome
        var a: [K: O] = [:], b: [K: O] = [:]
        // Question 0: A right on seeds 0-3, B right on seeds 0-1 only -> onlyA = 2 of 4.
        // Question 1: both always right. Question 2: B right on seed 3 only -> onlyB = 1.
        for s in 0..<4 {
            a[K(seed: s, question: 0)] = O(isCorrect: true, cost: 100)
            b[K(seed: s, question: 0)] = O(isCorrect: s < 2, cost: 60)
            a[K(seed: s, question: 1)] = O(isCorrect: true, cost: 10)
            b[K(seed: s, question: 1)] = O(isCorrect: true, cost: 20)
            a[K(seed: s, question: 2)] = O(isCorrect: false, cost: 50)
            b[K(seed: s, question: 2)] = O(isCorrect: s == 3, cost: 70)
        }
        a[K(seed: 9, question: 0)] = O(isCorrect: true, cost: 1)   // only in A
        let f = QuestionFlips.compare(a, b)
        #expect(f.seeds == [0, 1, 2, 3] && f.unmatchedA == 1 && f.unmatchedB == 0)
        #expect(f.questions.count == 3)
        #expect(f.flipped.map(\.index) == [0, 2])
        let q0 = f.questions[0]
        #expect(q0.onlyA == 2 && q0.onlyB == 0 && q0.rateA == 1 && q0.rateB == 0.5 && q0.flipRate == 0.5)
        #expect(q0.costDelta == -40 && q0.firstFlipSeed == 2)
        #expect(f.questions[2].onlyB == 1 && f.questions[2].firstFlipSeed == 3)
        #expect(f.totalOnlyA == 2 && f.totalOnlyB == 1)
    }
}

@Suite("Compare: equal accuracy below a frontier's cheapest point")
struct CompareEqualAccuracyTests {
    @Test func cheapestPointAlreadyMoreAccurate() throws {
        // F starts at 82 % (1000 tokens); R tops out at 81 % (5000 tokens). Equal accuracy is 81 %,
        // which F reaches for at most 1000 tokens: 4000 saved, flagged as an upper bound on F's cost.
        let f = FrontierCurve([FrontierPoint(cost: 1000, acc: 82), FrontierPoint(cost: 4000, acc: 85)])
        let r = FrontierCurve([FrontierPoint(cost: 100, acc: 70), FrontierPoint(cost: 5000, acc: 81)])
        let s = RoundComparison.summary(side: 1, curve: f, baseline: r)
        #expect(s.equalAccuracy == 81 && s.sideCostAtEqualAccuracy == 1000 && s.sideCostIsUpperBound)
        #expect(s.baselineCostAtEqualAccuracy == 5000 && !s.baselineCostIsUpperBound && s.tokensSaved == 4000)
    }
}
