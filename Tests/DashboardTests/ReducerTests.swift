import Testing
@testable import Dashboard

@Suite struct ReducerTests {
    @Test func tabsCycleAndJump() {
        var s = loadedState(width: 80, height: 24)
        s = apply(s, .nextTab)
        #expect(s.tab == .frontier)
        s = apply(s, .previousTab, .previousTab)
        #expect(s.tab == .live)
        s = apply(s, .selectTab(.compare))
        #expect(s.tab == .compare)
    }

    @Test func refreshAsksForALoadAndQuitForQuit() {
        let s = loadedState(width: 80, height: 24)
        #expect(Reducer.reduce(s, .refresh).1 == [.load])
        let (q, e) = Reducer.reduce(s, .quit)
        #expect(e == [.quit] && q.quitting)
    }

    @Test func selectionIsClamped() {
        var s = loadedState(width: 80, height: 24)
        s = apply(s, .move(.up))
        #expect(s.rounds.selected == 0)
        s = apply(s, .move(.bottom))
        #expect(s.rounds.selected == s.visibleRounds.count - 1)
        s = apply(s, .move(.pageDown))
        #expect(s.rounds.selected == s.visibleRounds.count - 1)
    }

    @Test func drillInAndBack() {
        var s = apply(loadedState(width: 80, height: 24), .move(.down), .drillIn)
        #expect(s.rounds.detailOpen)
        s = apply(s, .move(.pageDown))
        #expect(s.rounds.detailScroll > 0)
        s = apply(s, .back)
        #expect(!s.rounds.detailOpen)
    }

    @Test func filterNarrowsAndEscRestores() {
        var s = apply(loadedState(width: 80, height: 24), .beginFilter)
        for c in "round 4" { s = apply(s, .filterInput(c)) }
        #expect(s.visibleRounds.map(\.id) == ["r0004"])
        s = apply(s, .filterCancel)
        #expect(s.rounds.filter.text == "" && !s.rounds.filter.editing)
        s = apply(s, .beginFilter, .filterInput("r"), .filterInput("o"), .filterCommit)
        #expect(s.rounds.filter.text == "ro" && !s.rounds.filter.editing)
        s = apply(s, .back)
        #expect(s.rounds.filter.text == "")
    }

    @Test func searchInDetailJumpsBetweenMatches() {
        var s = apply(loadedState(width: 80, height: 24), .move(.down), .drillIn, .beginFilter)
        for c in "self." { s = apply(s, .filterInput(c)) }
        s = apply(s, .filterCommit)
        let first = s.rounds.detailScroll
        #expect(s.detailLines[first].contains("self."))
        s = apply(s, .nextMatch)
        #expect(s.rounds.detailScroll > first)
        s = apply(s, .previousMatch)
        #expect(s.rounds.detailScroll == first)
    }

    @Test func frontierCursorMovesByCost() {
        var s = apply(loadedState(width: 120, height: 40), .selectTab(.frontier), .move(.top))
        let c0 = s.cursorTarget!.point.cost
        s = apply(s, .move(.right))
        #expect(s.cursorTarget!.point.cost >= c0)
        s = apply(s, .move(.bottom))
        let all = s.currentPanel!.series.flatMap(\.points).map(\.cost)
        #expect(s.cursorTarget!.point.cost == all.max())
    }

    @Test func toggleSeriesAndShowAll() {
        var s = apply(loadedState(width: 120, height: 40), .selectTab(.frontier))
        let label = s.frontier.focusSeries!
        s = apply(s, .frontier(.toggleSeries))
        #expect(s.frontier.hidden.contains(label))
        #expect(s.cursorTarget == nil || s.cursorTarget!.series.label != label)
        #expect(!s.drawnSeries(s.currentPanel!).contains { $0.label == label })
        s = apply(s, .frontier(.showAllSeries))
        #expect(s.frontier.hidden.isEmpty)
    }

    @Test func pinBaselineTogglesAndSwitchPanels() {
        var s = apply(loadedState(width: 120, height: 40), .selectTab(.frontier), .move(.up))
        let label = s.frontier.focusSeries!
        s = apply(s, .frontier(.pinBaseline))
        #expect(s.frontier.pinned == label)
        s = apply(s, .frontier(.pinBaseline))
        #expect(s.frontier.pinned == nil)
        s = apply(s, .frontier(.nextBackbone), .frontier(.nextBenchmark))
        #expect(s.currentBackbone == "Qwen3-1.7B" && s.currentBenchmark == "aime25")
        s = apply(s, .frontier(.previousBackbone), .frontier(.previousBackbone))
        #expect(s.currentBackbone == "Qwen3-8B")
        // A reload keeps the user's choice of baseline.
        s = apply(s, .loaded(DemoData.snapshot(runPath: "/runs/demo", now: fixedNow)))
        #expect(s.frontier.pinned == nil)
    }

    @Test func resizeAndTick() {
        let s = apply(loadedState(width: 80, height: 24), .resize(width: 100, height: 30), .tick(fixedNow.addingTimeInterval(5)))
        #expect(s.width == 100 && s.height == 30 && s.now == fixedNow.addingTimeInterval(5))
    }

    @Test func missingNumbersRenderAsDashNeverZero() {
        let text = screen(loadedState(width: 200, height: 60))
        let seed = text.split(separator: "\n").first { $0.contains("◇ seed") }!
        #expect(seed.contains("–"))
        let running = text.split(separator: "\n").first { $0.contains("round 5") }!
        #expect(running.contains("–"))
        #expect(!running.contains(" 0.0 "))
    }

    /// The filter line names what it filters, in every view that has one.
    @Test func filterLineNamesWhatItFilters() {
        let rounds = apply(loadedState(width: 120, height: 40), .beginFilter)
        #expect(screen(rounds).contains("/filter rounds:"))
        let live = apply(loadedState(width: 120, height: 40), .selectTab(.live), .beginFilter)
        #expect(screen(live).contains("/filter events:"))
    }

    /// Scrolling help past its end does not pile up: one ↑ after many ↓ moves the text.
    @Test func helpScrollStopsAtTheEnd() {
        var s = apply(loadedState(width: 80, height: 24), .toggleHelp)
        let last = HelpOverlay.maxScroll(screenHeight: 24, table: KeyTable())
        #expect(last > 0)
        for _ in 0..<200 { s = apply(s, .move(.down)) }
        #expect(s.helpScroll == last)
        let atEnd = screen(s)
        s = apply(s, .move(.up))
        #expect(s.helpScroll == last - 1)
        #expect(screen(s) != atEnd)
        #expect(apply(s, .move(.bottom)).helpScroll == last)
    }
}
