import Foundation
import Testing
@testable import Dashboard
import Runs

/// What a first session tripped over, each checked on the bundled sample run at the two
/// sizes a new user tried (80x24 and 160x45): configuration order, one marker per series,
/// no file times shown as history, a recording not called stalled, whole labels, hints that
/// apply, a legend that names every series, and a Compare that fits small multiples or says so.
@Suite struct FirstSessionScreenTests {
    static let sizes: [(Int, Int)] = [(80, 24), (160, 45)]

    static func sample(_ width: Int, _ height: Int) throws -> AppState {
        try RealRunScreenTests.state(RunSnapshotTests.samplePath, width: width, height: height)
    }

    static func lines(_ s: AppState) -> [String] { screen(s).components(separatedBy: "\n") }

    @Test("Trace: the β strip reads in β order with the traced one marked", arguments: sizes)
    func betaOrder(width: Int, height: Int) throws {
        var s = try Self.sample(width, height)
        s.rounds.selected = try #require(s.visibleRounds.firstIndex { $0.name == "r0005" })
        let (opened, effects) = Reducer.reduce(s, .trace(.openSelectedRound))
        s = try TraceFeatureTests.settle(opened, effects)
        let strip = try #require(Self.lines(s).first { $0.contains(" β  ") })
        #expect(strip.contains("0.0 0.1 0.2 0.3 0.4 [●0.5] 0.6 0.7 0.8 0.9 1.0"), "\(strip)")
    }

    @Test("Frontier: every visible series has its own marker, none a glyph with another meaning", arguments: sizes)
    func distinctMarkers(width: Int, height: Int) throws {
        let s = apply(try Self.sample(width, height), .selectTab(.frontier))
        let labels = s.frontierModel.seriesLabels
        #expect(labels.count >= 9)
        let looks = labels.indices.map { SeriesLook.forIndex($0) }
        #expect(Set(looks.map(\.marker)).count == labels.count, "markers repeat: \(looks.map(\.marker))")
        #expect(looks.allSatisfy { !"★▶▸▴⚑".contains($0.marker) })
        #expect(Set((0..<70).map { SeriesLook.forIndex($0).marker }).count == 70)
        // Without colour (mono theme, NO_COLOR) the legend still tells series apart: each
        // legend row's marker is different.
        let text = screen(s)
        let panel = try #require(s.currentPanel)
        let shown = s.legendSeries(panel).filter { text.contains($0.label) }
        #expect(!shown.isEmpty)
        for series in shown {
            let index = try #require(labels.firstIndex(of: series.label))
            let entry = "\(looks[index].marker) \(series.label)"
            #expect(text.contains(entry), "legend entry for \(series.label)")
        }
    }

    @Test("Rounds: the seed row's Started and Took say – (the run records no time for it)", arguments: sizes)
    func seedTimes(width: Int, height: Int) throws {
        let s = try Self.sample(width, height)
        let text = screen(s) + screen(apply(s, .drillIn))
        let rows = Self.lines(s)
        let seedRow = try #require(rows.first { (line: String) in line.hasPrefix("▶ seed") || line.hasPrefix("  seed") })
        #expect(!text.contains("12-02"), "a checkout's file date shown as history:\n\(text)")
        if width >= 120 { #expect(seedRow.contains("◇ seed       –"), "\(seedRow)") }
    }

    @Test("status bar: the bundled sample is a recorded run, never 'stalled?'", arguments: sizes)
    func recordedNotStalled(width: Int, height: Int) throws {
        let run = try RunLoader.load(path: RunSnapshotTests.samplePath)
        let timeline = RunTimeline.make(run: run)
        var s = AppState(width: width, height: height, now: Date(timeIntervalSince1970: 1_796_169_600))
        s = Reducer.reduce(s, .loaded(RunSnapshot.make(run: run))).0
        s = Reducer.reduce(s, .live(.timeline(timeline))).0
        for tab in [FeatureID.rounds, .live] {
            let text = screen(apply(s, .selectTab(tab)))
            #expect(!text.contains("stalled?") && !text.contains("Stalled?"), "\(text)")
            #expect(text.contains("◼ recorded run") || text.contains("◼ Recorded run"), "\(text)")
        }
    }

    @Test("hints: nothing to open or mark on an empty filter; c compare only with a mark", arguments: sizes)
    func hintsThatApply(width: Int, height: Int) throws {
        let s = try Self.sample(width, height)
        #expect(!HintAndOrderTests.hintLine(s).contains("c compare"))
        #expect(HintAndOrderTests.hintLine(apply(s, .compare(.toggleMark))).contains("c compare"))
        let none = apply(s, .beginFilter, .filterInput("z"), .filterInput("z"), .filterCommit)
        #expect(!HintAndOrderTests.hintLine(none).contains("Enter open"))
    }

    @Test("Frontier with m: the legend names every series and explains ★n", arguments: sizes)
    func legendNamesEverySeries(width: Int, height: Int) throws {
        let s = apply(try Self.sample(width, height), .selectTab(.frontier), .frontier(.toggleSmallMultiples))
        let text = screen(s)
        let panel = try #require(s.currentPanel)
        let series = s.legendSeries(panel)
        #expect(series.count >= 9)
        if height >= 40 {
            for x in series { #expect(text.contains(x.label), "\(x.label) missing from the legend:\n\(text)") }
            #expect(text.contains("★n: n points on frontier"))
        } else {
            // No room for a grid at 80x24: the one-line legend says how many more there are.
            #expect(text.contains(" more"), "\(text)")
        }
        let single = screen(apply(try Self.sample(width, height), .selectTab(.frontier)))
        if width >= 96 { #expect(single.contains("★n: n points on frontier"), "\(single)") }
    }

    @Test("Compare with m: readable plots, or the shown backbone alone, never 'too small'", arguments: sizes)
    func compareMultiplesFit(width: Int, height: Int) throws {
        var s = try Self.sample(width, height)
        s = apply(s, .selectTab(.compare), .compare(.toggleSmallMultiples))
        let text = screen(s)
        #expect(!text.contains("too small for a plot"), "\(text)")
        let m = try #require(CompareModel.make(s))
        if width < 100 { #expect(text.contains("▶ \(m.backbone)  (all \(m.backbones.count) backbones need a larger screen")) }
        else { for b in m.backbones { #expect(text.contains(b)) } }
    }

    @Test("Compare flips: a missing-trace message wraps its path at slashes, never marking it cut", arguments: sizes)
    func flipsMessageWraps(width: Int, height: Int) throws {
        let why = "no trace file for /work/runs/a-long-run-name/history/r0005_20260302_110200_deadbeef/code_base/training_results/traces.jsonl"
        let lines = Text.wrap(why, width: width - 4)
        #expect(lines.allSatisfy { CharWidth.of($0) <= width - 4 })
        #expect(!lines.joined().contains("…"))
        #expect(lines.joined(separator: " ").replacingOccurrences(of: "/ ", with: "/").replacingOccurrences(of: "_ ", with: "_").replacingOccurrences(of: "- ", with: "-") == why)
    }
}
