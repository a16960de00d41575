import Foundation
import Testing
@testable import Dashboard
import Runs

/// Style carries meaning the text snapshots cannot see: the frontier's bold points, the
/// selected row, dimmed values, warnings, the active tab. These snapshots keep one style
/// grid per view on the bundled sample run (`CellBuffer.renderStyleMask`), beside its text.
@Suite struct StyleMaskSnapshotTests {
    static func sample(_ actions: Action...) throws -> AppState {
        var s = try RealRunScreenTests.state(RunSnapshotTests.samplePath, width: 120, height: 40)
        for a in actions { s = Reducer.reduce(s, a).0 }
        return s
    }

    static func record(_ s: AppState, _ name: String) {
        let frame = RootView.frame(s)
        assertSnapshot(frame.renderText(), named: "style-\(name)-120x40")
        assertSnapshot(frame.renderStyleMask(), named: "style-\(name)-120x40.mask")
    }

    @Test func rounds() throws { Self.record(try Self.sample(.move(.down), .move(.down)), "rounds") }

    @Test func frontier() throws { Self.record(try Self.sample(.selectTab(.frontier), .frontier(.pinBaseline), .move(.down)), "frontier") }

    @Test func trace() throws {
        var s = try Self.sample()
        s.rounds.selected = try #require(s.visibleRounds.firstIndex { $0.name == "r0005" })
        let (opened, effects) = Reducer.reduce(s, .trace(.openSelectedRound))
        s = try TraceFeatureTests.settle(opened, effects)
        Self.record(s, "trace")
    }

    @Test func compare() throws {
        Self.record(try CompareScreenTests.compared(RunSnapshotTests.samplePath, ["r0004", "r0005"], width: 120, height: 40), "compare")
    }

    @Test func live() throws {
        let run = try RunLoader.load(path: RunSnapshotTests.samplePath)
        var s = try Self.sample()
        s = Reducer.reduce(s, .live(.timeline(RunTimeline.make(run: run)))).0
        Self.record(Reducer.reduce(s, .selectTab(.live)).0, "live")
    }

    @Test("the mask tells bold, roles, underline and reverse apart")
    func maskFormat() {
        var buf = CellBuffer(width: 6, height: 2)
        buf.put("ab", x: 0, y: 0, style: Style(.accent, bold: true))
        buf.put("c", x: 2, y: 0, style: .dim)
        buf.put("d", x: 0, y: 1, style: Style(.frontier, underline: true))
        buf.put("e", x: 1, y: 1, style: Style(.selection, reverse: true))
        let mask = buf.renderStyleMask()
        let lines = mask.components(separatedBy: "\n")
        #expect(lines[0] == "CCb...")
        #expect(lines[1] == "nf....")   // frontier underlined, selection reversed
        #expect(mask.contains("-- underline (_) / reverse (#)\n\n_#"))
        #expect(lines.last == "-- b=dim c=accent f=selection n=frontier")
    }
}
