import Foundation
import Testing
@testable import Runs

@Suite("Frontier math on constructed cases")
struct FrontierTests {
    func P(_ c: Double, _ a: Double) -> FrontierPoint { FrontierPoint(cost: c, acc: a) }

    @Test func paretoSet() {
        let pts = [P(100, 70), P(1000, 80), P(500, 60), P(1000, 75), P(10, 50), P(2000, 80), P(100, 70), P(.nan, 99)]
        #expect(Frontier.paretoIndices(pts) == [4, 0, 6, 1])
        #expect(Frontier.onFrontier(pts) == [true, true, false, false, true, false, true, false])
        #expect(Frontier.paretoIndices([]) == [])
    }

    @Test func curveInterpolation() throws {
        let c = FrontierCurve([P(100, 60), P(10000, 80), P(1000, 70), P(5000, 65)])
        #expect(c.points == [P(100, 60), P(1000, 70), P(10000, 80)])
        // Linear in log10 cost: 316.23 tokens is halfway between 100 and 1000.
        #expect(abs(c.accuracy(atCost: pow(10, 2.5))! - 65) < 1e-9)
        #expect(c.accuracy(atCost: pow(10, 2.5), .step) == 60)
        #expect(c.accuracy(atCost: 1000, .step) == 70)
        #expect(c.accuracy(atCost: 50) == nil && c.accuracy(atCost: 20000) == nil)
        #expect(abs(c.cost(atAccuracy: 75)! - pow(10, 3.5)) < 1e-6)
        #expect(c.cost(atAccuracy: 75, .step) == 10000)
        #expect(c.cost(atAccuracy: 60) == 100)
        #expect(c.cost(atAccuracy: 85) == nil && c.cost(atAccuracy: 50) == nil)
    }

    @Test func areaBetweenFrontiers() throws {
        // F is R shifted up by 5 points over the same costs: area = 5 × 2 decades = 10.
        let r = FrontierCurve([P(100, 60), P(1000, 70), P(10000, 80)])
        let f = FrontierCurve([P(100, 65), P(1000, 75), P(10000, 85)])
        let a = try #require(Frontier.area(between: f, and: r))
        #expect(abs(a.area - 10) < 1e-9 && abs(a.meanGain - 5) < 1e-9)
        #expect(a.lowerLogCost == 2 && a.upperLogCost == 4)
        #expect(abs(Frontier.area(between: r, and: f)!.area + 10) < 1e-9)
        // Step reading: G = one point (1000, 90) and the constant it implies over [1000, 1000]: no width.
        #expect(Frontier.area(between: FrontierCurve([P(1000, 90)]), and: r) == nil)
        // Partial overlap [log 1000, log 10000] with crossing lines: G goes 80 → 70 while R goes 70 → 80.
        let g = FrontierCurve([P(1000, 80), P(100000, 90)])
        let lin = try #require(Frontier.area(between: g, and: r, interpolation: .linear))
        // On [3, 4]: G(x) = 80 + 5(x-3), R(x) = 70 + 10(x-3): ∫ (10 - 5t) dt over [0,1] = 7.5
        #expect(abs(lin.area - 7.5) < 1e-9)
        #expect(lin.lowerLogCost == 3 && lin.upperLogCost == 4)
        let step = try #require(Frontier.area(between: g, and: r, interpolation: .step))
        // Steps: G = 80 on [3, 4]; R = 70 on [3, 4): area 10.
        #expect(abs(step.area - 10) < 1e-9)
    }

    @Test func tokensSavedAndAccuracyGained() throws {
        let r = FrontierCurve([P(100, 60), P(1000, 70), P(10000, 80)])
        let f = FrontierCurve([P(100, 70), P(1000, 80)])
        // F reaches 80 at 1000 tokens, R at 10000: 9000 saved.
        #expect(abs(Frontier.tokensSaved(by: f, versus: r, atAccuracy: 80)! - 9000) < 1e-6)
        // At 75: F at 10^2.5, R at 10^3.5.
        #expect(abs(Frontier.tokensSaved(by: f, versus: r, atAccuracy: 75)! - (pow(10, 3.5) - pow(10, 2.5))) < 1e-6)
        #expect(Frontier.tokensSaved(by: f, versus: r, atAccuracy: 85) == nil)
        #expect(abs(Frontier.accuracyGained(by: f, versus: r, atCost: 1000)! - 10) < 1e-9)
        #expect(abs(Frontier.accuracyGained(by: f, versus: r, atCost: pow(10, 2.5))! - 10) < 1e-9)
        #expect(Frontier.accuracyGained(by: f, versus: r, atCost: 5000) == nil)
    }

    @Test func frontierDataAndTrajectoryOnASyntheticRun() throws {
        let fx = Fixture()
        fx.workspace()
        let run = try RunLoader.load(path: fx.root)
        let data = FrontierData.make(run: run, backbone: "M1", benchmark: "aime24")
        // seed asc (10000,70) (100000,78.5) (300000,80); r0000 (20000,75) (60000,79) (200000,81); live (50000,80).
        #expect(data.points.count == 7)
        #expect(data.points.filter(\.onFrontier).map(\.cost) == [10000, 20000, 50000, 200000])
        #expect(data.series.map(\.id) == ["seed/asc", "r0000/cmc", "r0002/cmc"])
        #expect(data.reference?.points.count == 3)
        let c0 = try #require(data.comparisons.first { $0.roundName == "r0000" })
        #expect(c0.referenceBestAccuracy == 80)
        #expect(c0.referenceCostAtBest == 300000)
        // r0000 reaches 80 between 60000 (79) and 200000 (81): halfway in log cost.
        #expect(abs(c0.costAtReferenceBest! - pow(10, (log10(60000) + log10(200000)) / 2)) < 1e-6)
        let only = FrontierData.make(run: run, backbone: "M1", benchmark: "aime24", rounds: ["r0000"])
        #expect(only.points.count == 3 && only.reference == nil && only.comparisons.isEmpty)
        let t = Frontier.trajectory(rounds: run.rounds, backbone: "M1", benchmark: "aime24", beta: 0.5)
        #expect(t.map(\.roundName) == ["r0000", "r0001", "r0002"])
        #expect(t.map(\.acc) == [79, nil, 80])
    }

    @Test func notReportedRowsAreNotPlotted() throws {
        let fx = Fixture()
        fx.write("out/matrix_results_M/d_raw_new_api.csv", Fixture.csv([(Fixture.asc(1), "", "100"), (Fixture.asc(2), "70", "200")]))
        let run = try RunLoader.load(path: fx.path("out"))
        let data = FrontierData.make(run: run, backbone: "M", benchmark: "d")
        #expect(data.points.count == 1 && data.notReported.count == 1)
        #expect(run.rounds[0].results[0].best?.acc == 70)
    }
}
