import Testing
@testable import Dashboard

/// Whole screens at fixed sizes, compared as text.
@Suite struct ScreenSnapshotTests {
    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func rounds(width: Int, height: Int) {
        assertSnapshot(screen(loadedState(width: width, height: height)), named: "rounds-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func frontier(width: Int, height: Int) {
        let s = apply(loadedState(width: width, height: height), .selectTab(.frontier))
        assertSnapshot(screen(s), named: "frontier-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func frontierSmallMultiples(width: Int, height: Int) {
        let s = apply(loadedState(width: width, height: height), .selectTab(.frontier), .frontier(.toggleSmallMultiples))
        assertSnapshot(screen(s), named: "frontier-multiples-\(width)x\(height)")
    }

    @Test func roundDetail() {
        let s = apply(loadedState(width: 120, height: 40), .move(.down), .move(.down), .drillIn)
        assertSnapshot(screen(s), named: "round-detail-120x40")
    }

    @Test func help() {
        assertSnapshot(screen(apply(loadedState(width: 120, height: 40), .toggleHelp)), named: "help-120x40")
    }

    /// Trace, Compare and Live on the demo data (no traces, no sources, nothing running) say
    /// what they need and how to get there.
    @Test func emptyStates() {
        for tab in [FeatureID.trace, .compare, .live] {
            assertSnapshot(screen(apply(loadedState(width: 80, height: 24), .selectTab(tab))), named: "empty-\(tab.rawValue)-80x24")
        }
    }

    @Test func blocksFallback() {
        let s = apply(loadedState(width: 120, height: 40), .selectTab(.frontier), .frontier(.toggleBraille))
        assertSnapshot(screen(s), named: "frontier-blocks-120x40")
    }

    @Test func tooSmall() {
        let text = screen(loadedState(width: 40, height: 10))
        #expect(text.contains("Terminal too small"))
        #expect(text.contains("40x10"))
    }

    @Test func loadingAndEmpty() {
        var s = AppState(width: 80, height: 24, now: fixedNow)
        s = apply(s, .refresh)
        #expect(screen(s).contains("loading"))
        s = apply(s, .loadFailed("no such folder: /nope"))
        #expect(screen(s).contains("load failed: no such folder: /nope"))
    }

    @Test func filterLineShowsWhileEditing() {
        let s = apply(loadedState(width: 80, height: 24), .beginFilter, .filterInput("r"), .filterInput("o"), .filterInput("u"), .filterInput("n"), .filterInput("d"), .filterInput(" "), .filterInput("3"))
        let text = screen(s)
        #expect(text.contains("/filter rounds: round 3█"))
        #expect(text.contains("round 3"))
        #expect(!text.contains("round 2"))
    }
}
