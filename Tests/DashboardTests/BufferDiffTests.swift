import Testing
@testable import Dashboard

@Suite struct BufferDiffTests {
    @Test func firstFrameIsEveryRow() {
        let b = CellBuffer(width: 4, height: 3)
        #expect(BufferDiff.changedRuns(from: nil, to: b) == [0, 1, 2].map { ChangedRun(y: $0, x: 0, count: 4) })
    }

    @Test func identicalFramesWriteNothing() {
        var a = CellBuffer(width: 10, height: 2)
        a.put("hello", x: 0, y: 0)
        #expect(BufferDiff.changedRuns(from: a, to: a).isEmpty)
    }

    @Test func onlyChangedCellsAreRuns() {
        var a = CellBuffer(width: 10, height: 2)
        a.put("hello", x: 0, y: 0)
        var b = a
        b.put("J", x: 0, y: 0)
        b.put("!!", x: 7, y: 1)
        #expect(BufferDiff.changedRuns(from: a, to: b) == [ChangedRun(y: 0, x: 0, count: 1), ChangedRun(y: 1, x: 7, count: 2)])
    }

    @Test func styleChangeIsAChange() {
        var a = CellBuffer(width: 6, height: 1)
        a.put("abc", x: 0, y: 0)
        var b = a
        b.restyle(Rect(x: 1, y: 0, width: 1, height: 1)) { _ in .selection }
        #expect(BufferDiff.changedRuns(from: a, to: b) == [ChangedRun(y: 0, x: 1, count: 1)])
    }

    @Test func resizeRedrawsEverything() {
        let a = CellBuffer(width: 4, height: 2)
        let b = CellBuffer(width: 5, height: 2)
        #expect(BufferDiff.changedRuns(from: a, to: b).count == 2)
    }

    @Test func wideCharacterRunsIncludeTheLeadCell() {
        var a = CellBuffer(width: 6, height: 1)
        a.put("a日b", x: 0, y: 0)
        var b = a
        b.put("本", x: 1, y: 0)
        let runs = BufferDiff.changedRuns(from: a, to: b)
        #expect(runs == [ChangedRun(y: 0, x: 1, count: 2)])
        let segs = BufferDiff.segments(of: runs[0], in: b)
        #expect(segs.count == 1 && segs[0].text == "本" && segs[0].width == 2)
    }

    @Test func segmentsSplitByStyle() {
        var b = CellBuffer(width: 6, height: 1)
        b.put("ab", x: 0, y: 0, style: .text)
        b.put("cd", x: 2, y: 0, style: .accent)
        let segs = BufferDiff.segments(of: ChangedRun(y: 0, x: 0, count: 6), in: b)
        #expect(segs.map(\.text) == ["ab", "cd", "  "])
    }

    @Test func movingTheCursorChangesFewCells() {
        let s0 = apply(loadedState(width: 200, height: 60), .selectTab(.frontier))
        let s1 = apply(s0, .move(.left))
        let runs = BufferDiff.changedRuns(from: RootView.frame(s0), to: RootView.frame(s1))
        let cells = runs.reduce(0) { $0 + $1.count }
        #expect(cells > 0 && cells < 200 * 60 / 10)
    }
}
