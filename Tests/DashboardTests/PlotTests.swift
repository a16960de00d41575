import Foundation
import Testing
@testable import Dashboard

@Suite struct PlotTests {
    @Test func logTicksOneTwoFive() {
        #expect(LogAxis.ticks(min: 40_000, max: 1_100_000, maxTicks: 12) == [50_000, 100_000, 200_000, 500_000, 1_000_000])
        #expect(LogAxis.ticks(min: 40_000, max: 1_100_000, maxTicks: 12).map(Format.tick) == ["50k", "100k", "200k", "500k", "1M"])
    }

    @Test func logTicksThinWhenNarrow() {
        #expect(LogAxis.ticks(min: 40_000, max: 1_100_000, maxTicks: 3) == [100_000, 300_000, 1_000_000])
        #expect(LogAxis.ticks(min: 40_000, max: 1_100_000, maxTicks: 2) == [100_000, 1_000_000])
        #expect(LogAxis.ticks(min: 1, max: 1e9, maxTicks: 4).count <= 4)
    }

    @Test func logTicksDenseForNarrowRange() {
        let t = LogAxis.ticks(min: 300_000, max: 500_000, maxTicks: 10)
        #expect(t == [300_000, 400_000, 500_000])
        #expect(t.map(Format.tick) == ["300k", "400k", "500k"])
    }

    @Test func tickLabels() {
        #expect(Format.tick(2_500_000) == "2.5M")
        #expect(Format.tick(500) == "500")
        #expect(Format.tick(1500) == "1.5k")
    }

    @Test func linearTicks() {
        #expect(LinearAxis.ticks(min: 40, max: 50, maxTicks: 5) == [40, 42, 44, 46, 48, 50])
        let (lo, hi) = LinearAxis.niceRange(min: 41.3, max: 46.5, maxTicks: 5)
        #expect(lo <= 41.3 && hi >= 46.5)
    }

    @Test func logAxisIsRealLog() {
        let g = PlotGeometry(logMin: 4, logMax: 6, accMin: 0, accMax: 100, dotWidth: 201, dotHeight: 101)
        #expect(g.dot(cost: 10_000, acc: 0).0 == 0)
        #expect(g.dot(cost: 100_000, acc: 0).0 == 100) // one decade = half the width
        #expect(g.dot(cost: 1_000_000, acc: 100) == (200, 0))
    }

    @Test func brailleDots() {
        var c = DotCanvas(columns: 2, rows: 1, mode: .braille)
        c.set(0, 0, role: .text)
        #expect(c.character(0, 0) == "⠁")
        c.set(1, 3, role: .text)
        #expect(c.character(0, 0) == "⢁")
        for y in 0..<4 { for x in 2..<4 { c.set(x, y, role: .text) } }
        #expect(c.character(1, 0) == "⣿")
        c.set(99, 99, role: .text) // ignored
    }

    @Test func blockFallback() {
        var c = DotCanvas(columns: 1, rows: 1, mode: .blocks)
        c.set(0, 0, role: .text)
        #expect(c.character(0, 0) == "▘")
        c.set(1, 1, role: .text)
        #expect(c.character(0, 0) == "▚")
    }

    @Test func lineIsContinuous() {
        var c = DotCanvas(columns: 10, rows: 3, mode: .braille)
        c.line(0, 0, 19, 11, role: .text)
        for x in 0..<20 { #expect((0..<12).contains { c.isSet(x, $0) }) }
    }

    @Test func paretoFrontier() {
        let pts: [(cost: Double, acc: Double)] = [(100, 40), (200, 45), (150, 39), (300, 44), (400, 47)]
        #expect(Pareto.frontier(pts) == [0, 1, 4])
    }

    @Test func seriesHaveDistinctMarkersAndColours() {
        let looks = (0..<8).map(SeriesLook.forIndex)
        #expect(Set(looks.map(\.marker)).count == 8)
        #expect(Set(looks.map(\.role)).count == 8)
    }

    @Test func cursorReadoutShowsExactValues() {
        let s = apply(loadedState(width: 120, height: 40), .selectTab(.frontier))
        guard let t = s.cursorTarget else { Issue.record("no cursor"); return }
        let text = screen(s)
        #expect(text.contains(t.series.label))
        #expect(text.contains("Acc \(Format.acc(t.point.acc))%"))
        #expect(text.contains("\(Format.tokens(t.point.cost)) tokens"))
        #expect(text.contains(t.point.config))
    }

    @Test func xAxisShowsReadableTicks() {
        let text = screen(apply(loadedState(width: 200, height: 60), .selectTab(.frontier)))
        for label in ["50k", "100k", "200k", "500k", "1M"] { #expect(text.contains(label)) }
    }

    @Test func baselineComparison() {
        var s = apply(loadedState(width: 120, height: 40), .selectTab(.frontier))
        #expect(s.frontier.pinned == "Parallel-Probe")
        s = apply(s, .move(.bottom))
        #expect(screen(s).contains("outside Parallel-Probe"))
        s = apply(s, .move(.left), .move(.left))
        let text = screen(s)
        #expect(text.contains("vs Parallel-Probe") || text.contains("outside Parallel-Probe"))
    }
}
