import Foundation
import Testing
@testable import Dashboard
import Runs

/// The Live view on a run being replayed: the event feed, the phase timeline, the stall
/// warning (in the view and the status bar), the evaluator log, keys and screens.
@Suite(.serialized) struct LiveFeatureTests {
    static func start(width: Int = 120, height: Int = 40) -> AppState {
        var s = AppState(width: width, height: height, now: LiveRun.origin)
        s.tab = .live
        return s
    }

    @Test func feedTellsWhatHappenedBetweenLoads() throws {
        let live = try LiveRun()
        try live.advance { $0.round == "r0001" }
        var s = try live.load(into: Self.start())
        #expect(s.live.events.map(\.kind) == [.watching])
        #expect(s.live.events[0].text.contains("none in progress (last: r0000, archived)"))
        try live.step()          // r0001 starts
        s = try live.load(into: s)
        try live.step()          // its proposal
        s = try live.load(into: s)
        try live.step(2)         // two backbones in between two loads
        s = try live.load(into: s)
        let texts = s.live.events.map { "\($0.round ?? "-") \($0.text)" }
        #expect(texts[1] == "r0001 round started (proposing)")
        #expect(texts[2].hasPrefix("r0001 proposal written; evaluating: adaptive consistency with a lower confidence gate"), "the summary's content, not its label")
        #expect(texts[3].hasPrefix("r0001 Synth-S results in: best "))
        #expect(texts[3].contains("% at ") && texts[3].contains("tokens (asc "))
        #expect(texts[4].hasPrefix("r0001 Synth-M results in"))
        try live.advance { $0.round == "r0002" }
        s = try live.load(into: s)
        #expect(s.live.events.last?.text == "archived (return code 0)")
        // The failed round.
        try live.advance { $0.round == "r0004" }
        s = try live.load(into: s)
        #expect(s.live.events.contains { $0.round == "r0003" && $0.kind == .failed && $0.text == "failed (return code 1)" })
    }

    @Test func feedIsBounded() {
        var events: [LiveEvent] = []
        for i in 0..<(LiveEvents.limit + 20) { LiveEvents.append([LiveEvent(at: LiveRun.origin, kind: .note, text: "\(i)")], to: &events) }
        #expect(events.count == LiveEvents.limit)
        #expect(events.first?.text == "20" && events.last?.text == "\(LiveEvents.limit + 19)")
    }

    @Test func stalledRoundIsSaidInTheViewAndTheStatusBar() throws {
        let live = try LiveRun()
        try live.advance()       // to the end: r0006 evaluating with two backbones in
        var s = try live.load(into: Self.start())
        let verdict = try #require(LiveFeature.stallVerdict(s))
        #expect(verdict.phase == .evaluating && verdict.samples == 6 && !verdict.isStalled)
        #expect(StatusBar.liveness(s).0 == "● running")
        // Time passes with no change: past three times the usual evaluation.
        s = apply(s, .tick(live.clock.addingTimeInterval(verdict.threshold + 60)))
        let late = try #require(LiveFeature.stallVerdict(s))
        #expect(late.isStalled)
        #expect(StatusBar.liveness(s).0.hasPrefix("⚠ r0006 stalled? evaluating "))
        #expect(StatusBar.liveness(s).0.contains("× the usual "))
        let text = screen(s)
        #expect(text.contains("⚠ Stalled? evaluating for"))
        #expect(text.contains("⚠ stalled?"))
    }

    @Test func withoutPhaseTimesTheStatusBarKeepsTheFifteenMinuteRule() throws {
        let live = try LiveRun()
        try live.advance()
        var s = Self.start()
        s.now = live.clock
        s = Reducer.reduce(s, .loaded(try live.snapshot())).0      // no timeline measured
        #expect(LiveFeature.stallVerdict(s) == nil)
        s = apply(s, .tick(live.clock.addingTimeInterval(14 * 60)))
        #expect(StatusBar.liveness(s).0 == "● running")
        s = apply(s, .tick(live.clock.addingTimeInterval(16 * 60)))
        #expect(StatusBar.liveness(s).0 == "⚠ running, no change for 16m 00s (stuck?)")
    }

    @Test func loadAsksToMeasureAndToTailTheLogOnce() throws {
        let live = try LiveRun()
        try live.advance { $0.round == "r0002" }
        let snap = try live.snapshot()
        let (s1, e1) = Reducer.reduce(Self.start(), .loaded(snap))
        let searchLog = snap.run!.layout.workflowLogs! + "/search_eval.log"
        #expect(e1.contains(.live(.tailLog(searchLog: searchLog))))
        #expect(e1.contains(.live(.measure(snap.run!))))
        // Asked again on the next load while no log is followed (a search may start one)…
        let (s2, e2) = Reducer.reduce(s1, .loaded(snap))
        #expect(e2.contains(.live(.tailLog(searchLog: searchLog))))
        // …and no more once one is.
        let following = Reducer.reduce(s2, .live(.logStarted(path: searchLog))).0
        #expect(!Reducer.reduce(following, .loaded(snap)).1.contains { $0.payload(LiveEffect.self).map { if case .tailLog = $0 { true } else { false } } ?? false })
    }

    @Test func staleTimelinesAreIgnored() throws {
        let live = try LiveRun()
        try live.advance { $0.round == "r0002" }
        var s = try live.load(into: Self.start())
        let newer = try #require(s.live.timeline)
        var older = newer
        older.runLoadedAt = newer.runLoadedAt.addingTimeInterval(-5)
        older.rounds = []
        s = apply(s, .live(.timeline(older)))
        #expect(s.live.timeline == newer)
    }

    @Test func cursorSelectionAndPanes() throws {
        let live = try LiveRun()
        try live.advance()
        var s = try live.load(into: Self.start())
        #expect(s.live.selectedRound?.hasPrefix("r0006") == true, "starts on the round in progress")
        s = apply(s, .move(.up), .move(.up))
        #expect(s.live.selectedRound?.hasPrefix("r0004") == true)
        // Enter opens that round in the Rounds view.
        let opened = apply(s, .drillIn)
        #expect(opened.tab == .rounds && opened.rounds.detailOpen && opened.selectedRound?.id.hasPrefix("r0004") == true)
        // Panes: rounds -> events (no log given) -> rounds.
        s = apply(s, .live(.focusNext))
        #expect(s.live.focus == .events)
        s = apply(s, .move(.down), .move(.down))
        #expect(s.live.eventsScroll == 0, "only one event (watching): nothing to scroll")
        s = apply(s, .live(.focusNext))
        #expect(s.live.focus == .rounds)
        s = apply(s, .live(.logStarted(path: "/tmp/eval.log")), .live(.focusPrevious))
        #expect(s.live.focus == .log)
    }

    @Test func feedScrollHoldsItsPlaceAndFilters() throws {
        let live = try LiveRun()
        try live.advance { $0.round == "r0003" }
        var s = try live.load(into: Self.start())
        for _ in 0..<4 { try live.step(); s = try live.load(into: s) }
        s = apply(s, .live(.focusNext), .move(.down), .move(.down))
        #expect(s.live.eventsScroll == 2)
        let inView = LiveFeature.visibleEvents(s)[2]
        try live.step(); s = try live.load(into: s)      // r0003 archived as failed: two events on top
        #expect(LiveFeature.visibleEvents(s)[s.live.eventsScroll] == inView, "the same event stays in view")
        s = apply(s, .beginFilter, .filterInput("f"), .filterInput("a"), .filterInput("i"), .filterInput("l"), .filterCommit)
        #expect(LiveFeature.visibleEvents(s).allSatisfy { $0.text.contains("fail") })
        #expect(s.live.eventsScroll == 0)
        // Enter in the feed opens the top event's round.
        let opened = apply(s, .drillIn)
        #expect(opened.tab == .rounds && opened.selectedRound?.id.hasPrefix("r0003") == true && opened.rounds.detailOpen)
    }

    @Test func logLinesAreBoundedAndScrollHolds() {
        var s = Self.start()
        s = apply(s, .live(.logStarted(path: "/tmp/eval.log")))
        s = apply(s, .live(.logAppended(lines: (0..<1200).map { "line \($0)" }, partial: " 40%|####", note: nil)))
        #expect(s.live.log.lines.count == LiveFeature.logLineLimit)
        #expect(s.live.log.lines.last == "line 1199" && s.live.log.partial == " 40%|####")
        s.live.focus = .log
        s = apply(s, .move(.up), .move(.up), .move(.up))
        #expect(s.live.logScroll == 3)
        s = apply(s, .live(.logAppended(lines: ["a", "b"], partial: nil, note: "log truncated; reading from its start")))
        #expect(s.live.logScroll == 5 && s.live.log.note?.contains("truncated") == true)
        s = apply(s, .move(.bottom))
        #expect(s.live.logScroll == 0)
    }

    // MARK: Screens

    @Test func screenWhileEvaluating() throws {
        let live = try LiveRun()
        try live.advance { $0.round == "r0004" && $0.what.hasPrefix("results") }
        var s = try live.load(into: Self.start(width: 120, height: 40))
        try live.step()
        s = try live.load(into: s, now: live.clock.addingTimeInterval(20))
        s = apply(s, .live(.logStarted(path: "eval.log")),
                  .live(.logAppended(lines: ["Evaluating Synth-S", "100%|██████████| 5/5 [00:20<00:00]", "Evaluating Synth-M"], partial: " 40%|████      | 2/5 [00:08<00:12]", note: nil)))
        let text = screen(s)
        #expect(text.contains("In progress: r0004"))
        #expect(text.contains("✓ Usual pace"))
        assertSnapshot(text, named: "live-evaluating-120x40")
    }

    /// 45 minutes without a change: past three times the usual evaluation (16m 18s), short of
    /// the recorded-run threshold (three times the longest phase, 26m 23s proposing: 1h 19m).
    @Test func screenWhenStalled() throws {
        let live = try LiveRun()
        try live.advance { $0.round == "r0002" }
        var s = try live.load(into: Self.start(width: 80, height: 24))
        try live.advance()
        s = try live.load(into: s, now: live.clock.addingTimeInterval(45 * 60))
        // A replay writes its files in order: its file times are its clock, so its (old)
        // records never make it a recording.
        #expect(s.live.timeline?.clock == .files)
        #expect(LiveFeature.recordedRun(s) == nil)
        var later = s
        later.now = Date(timeIntervalSince1970: 1_796_169_600)    // 2026-12-02, months after r0006's record
        later.snapshot?.lastChange = later.now.addingTimeInterval(-60)
        later.live.timeline?.sources = []
        #expect(LiveFeature.recordedRun(later) == nil)
        let text = screen(s)
        #expect(text.contains("Stalled?"))
        #expect(StatusBar.liveness(s).0.hasPrefix("⚠ r0006 stalled? evaluating 47m 43s"))
        assertSnapshot(text, named: "live-stalled-80x24")
    }

    /// Three hours without a change, far past any phase: a recording, not a stall.
    @Test func screenWhenRecorded() throws {
        let live = try LiveRun()
        try live.advance { $0.round == "r0002" }
        var s = try live.load(into: Self.start(width: 80, height: 24))
        try live.advance()
        s = try live.load(into: s, now: live.clock.addingTimeInterval(3 * 3600))
        let rec = try #require(LiveFeature.recordedRun(s))
        #expect(rec.threshold == 3 * (26 * 60 + 23))
        let text = screen(s)
        #expect(!text.contains("Stalled?") && !text.contains("stalled?"))
        #expect(StatusBar.liveness(s).0 == "◼ recorded run, last change 3h ago")
        #expect(text.contains("◼ Recorded run: no change for 3h 00m (over 3× the longest phase, 26m 23s)"))
        assertSnapshot(text, named: "live-recorded-80x24")
    }

    @Test("the bundled sample run opened from a checkout is a recording (old records, fresh file times), not a stall")
    func sampleCheckoutIsRecorded() throws {
        let run = try RunLoader.load(path: RunSnapshotTests.samplePath)
        let timeline = RunTimeline.make(run: run)
        #expect(timeline.clock == .records)      // a checkout writes every file at once
        let snap = RunSnapshot.make(run: run)
        let checkout = try #require([snap.lastChange, timeline.lastSourceChange].compactMap { $0 }.max())
        // Twenty minutes after the checkout (and no earlier than 2026-12-02): past the stall
        // threshold (16m 18s), short of an hour's silence.
        let now = max(checkout.addingTimeInterval(1200), Date(timeIntervalSince1970: 1_796_169_600))
        var s = AppState(width: 80, height: 24, now: now)
        s = Reducer.reduce(s, .loaded(snap)).0
        s = Reducer.reduce(s, .live(.timeline(timeline))).0
        #expect(LiveFeature.stallVerdict(s)?.isStalled == true)     // what the status bar used to say
        let rec = try #require(LiveFeature.recordedRun(s))
        #expect(rec.byRecords)
        // When it last changed by its records (the newest: r0006's proposal, 11:32), not the checkout's time.
        #expect(StatusBar.liveness(s).0 == "◼ recorded run, last change 2026-03-02 11:32 (records)")
        let text = screen(apply(s, .selectTab(.live)))
        #expect(!text.contains("stalled?") && !text.contains("Stalled?"))
        #expect(text.contains("◼ Recorded run (a copy, files written at once): records end 2026-03-02 11:32"))
        // The same run being written (file clock) with a round that just started is judged as usual.
        var live = s
        live.live.timeline?.clock = .files
        live.now = checkout.addingTimeInterval(60)
        #expect(LiveFeature.recordedRun(live) == nil)
    }

    @Test("the rule: silent for more than 3x the longest phase, and at least an hour")
    func recordedRule() {
        #expect(!StallRule.isRecorded(quietFor: 3599, longestPhase: nil))
        #expect(StallRule.isRecorded(quietFor: 3601, longestPhase: nil))
        #expect(!StallRule.isRecorded(quietFor: 3601, longestPhase: 1800))        // 3 x 30 min = 90 min
        #expect(StallRule.isRecorded(quietFor: 5401, longestPhase: 1800))
        #expect(StallRule.quietThreshold(longestPhase: 600) == 3600)               // the floor
        // A copy's records: the round in progress began over a day past the threshold ago.
        #expect(!StallRule.isRecorded(quietFor: 60, longestPhase: 600, recordedAge: 3600 + 86_400))
        #expect(StallRule.isRecorded(quietFor: 60, longestPhase: 600, recordedAge: 3601 + 86_400))
    }

    @Test func screenWide() throws {
        let live = try LiveRun()
        try live.advance { $0.round == "r0005" && $0.what.hasPrefix("proposal") }
        var s = try live.load(into: Self.start(width: 200, height: 60))
        try live.step(2)
        s = try live.load(into: s, now: live.clock.addingTimeInterval(5))
        assertSnapshot(screen(s), named: "live-200x60")
    }
}

@Suite struct LogLineAssemblerTests {
    @Test func carriageReturnsKeepTheLastStateOfTheLine() {
        var a = LogLineAssembler()
        #expect(a.feed(Array("  0%|          | 0/3\r 33%|###       | 1/3\r".utf8)).isEmpty)
        #expect(a.partial == " 33%|###       | 1/3")
        #expect(a.feed(Array("100%|##########| 3/3\nnext".utf8)) == ["100%|##########| 3/3"])
        #expect(a.partial == "next")
        // CRLF line ends are plain line ends.
        #expect(a.feed(Array(" line\r\nsecond\r\n".utf8)) == ["next line", "second"])
        #expect(a.partial == nil)
    }

    @Test func escapesAreStrippedAndLinesBounded() {
        var a = LogLineAssembler()
        let lines = a.feed(Array("\u{1B}[A\u{1B}[2K\u{1B}[31mred\u{1B}[0m \u{1B}]0;title\u{07}done\n".utf8))
        #expect(lines == ["red done"])
        let long = String(repeating: "x", count: LogLineAssembler.maxLineBytes + 100) + "\n"
        let cut = a.feed(Array(long.utf8))
        #expect(cut.count == 1 && cut[0].hasSuffix(" …") && cut[0].count == LogLineAssembler.maxLineBytes + 2)
        // Bytes split across feeds join up.
        #expect(a.feed(Array("ab".utf8)).isEmpty)
        #expect(a.feed(Array("c\n".utf8)) == ["abc"])
    }
}
