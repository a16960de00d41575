import Foundation
import Testing
@testable import Dashboard
import Runs

/// The Compare view on real runs, as screen text at fixed sizes; effects (SC@64 replay, trace
/// reading) are performed synchronously by `CompareService.run` so the screens are complete.
@Suite struct CompareScreenTests {
    static let sample = RunSnapshotTests.samplePath
    static let autotts = RealRunScreenTests.autotts
    static var autottsAvailable: Bool { RealRunScreenTests.autottsAvailable }

    /// Applies actions, performing every Compare effect they ask for (and those of its results).
    static func run(_ state: AppState, _ actions: [Action]) -> AppState {
        var s = state
        var queue = actions
        while !queue.isEmpty {
            let (next, effects) = Reducer.reduce(s, queue.removeFirst())
            s = next
            for e in effects.compactMap({ $0.payload(CompareEffect.self) }) { queue += CompareService.run(e) }
        }
        return s
    }

    /// Selects a round in the Rounds view by its short name.
    static func select(_ s: AppState, _ name: String) -> AppState {
        var s = s
        s.tab = .rounds
        s.rounds.selected = s.visibleRounds.firstIndex { $0.name == name || $0.name.hasPrefix(name + " ") } ?? 0
        return s
    }

    /// The state with rounds marked (the first pinned) and Compare open.
    static func compared(_ path: String, _ names: [String], width: Int, height: Int, then: [Action] = []) throws -> AppState {
        var s = try RealRunScreenTests.state(path, width: width, height: height)
        s.compare = CompareUIState()
        for (i, n) in names.enumerated() {
            s = select(s, n)
            s = run(s, [i == 0 ? .compare(.pinRound) : .compare(.toggleMark)])
        }
        return run(s, [.compare(.open)] + then)
    }

    @Test("marks and the pin show in the Rounds view and survive a reload")
    func marksInRounds() throws {
        var s = try RealRunScreenTests.state(Self.sample, width: 120, height: 40)
        s = Self.run(Self.select(s, "r0004"), [.compare(.pinRound)])
        s = Self.run(Self.select(s, "r0005"), [.compare(.toggleMark)])
        let text = screen(s)
        #expect(text.contains(" ⚑r0004") && text.contains("▶●r0005"))
        #expect(s.compare.marked.count == 2 && s.compare.pinned == s.compare.marked[0])
        // A reload keeps the marks (by round id).
        let again = apply(s, .loaded(s.snapshot!))
        #expect(again.compare.marked == s.compare.marked && again.compare.pinned == s.compare.pinned)
        // Space again unmarks; unmarking the pinned round unpins it.
        let un = Self.run(Self.select(s, "r0004"), [.compare(.toggleMark)])
        #expect(un.compare.pinned == nil && un.compare.marked.count == 1)
    }

    @Test("published data: r0003 vs r0004 frontiers", .enabled(if: autottsAvailable, "../shared/autotts is absent"), arguments: [(80, 24), (120, 40), (200, 60)])
    func autottsFrontiers(width: Int, height: Int) throws {
        let s = try Self.compared(Self.autotts, ["r0003", "r0004"], width: width, height: height, then: [.compare(.nextBackbone), .compare(.nextBackbone)])
        let text = screen(s)
        #expect(text.contains("r0003 ⚑ baseline") && text.contains("Qwen3-4B"))
        if width >= 120 { #expect(text.contains("SC@64")) }
        assertSnapshot(text, named: "compare-autotts-frontiers-\(width)x\(height)")
    }

    @Test("published data: the delta table", .enabled(if: autottsAvailable, "../shared/autotts is absent"), arguments: [(80, 24), (120, 40), (200, 60)])
    func autottsTable(width: Int, height: Int) throws {
        let s = try Self.compared(Self.autotts, ["r0003", "r0004"], width: width, height: height,
                                  then: [.compare(.nextBackbone), .compare(.nextBackbone), .compare(.showSection(.table))])
        let text = screen(s)
        #expect(text.contains("beta=0.5") && text.contains("-13,845"))
        assertSnapshot(text, named: "compare-autotts-table-\(width)x\(height)")
    }

    @Test("published data: the code diff of the rounds' own method.py", .enabled(if: autottsAvailable, "../shared/autotts is absent"))
    func autottsCode() throws {
        let s = try Self.compared(Self.autotts, ["r0003", "r0004"], width: 120, height: 40, then: [.compare(.showSection(.code))])
        let text = screen(s)
        #expect(text.contains("r0003/code_base/method.py") && text.contains("r0004/code_base/method.py"))
        #expect(!text.contains("not shipped with the round"))
        assertSnapshot(text, named: "compare-autotts-code-120x40")
    }

    @Test("sample run: the code diff of two rounds' method.py", arguments: [(120, 40), (200, 60)])
    func sampleCode(width: Int, height: Int) throws {
        let s = try Self.compared(Self.sample, ["r0004", "r0005"], width: width, height: height, then: [.compare(.showSection(.code))])
        let text = screen(s)
        #expect(text.contains("--- code_base/history/r0004") && text.contains("+SYNTHETIC SAMPLE ROUND r0005"))
        assertSnapshot(text, named: "compare-sample-code-\(width)x\(height)")
        // n jumps to the next hunk.
        let next = apply(s, .nextMatch)
        #expect(next.compare.codeScroll > 0)
    }

    @Test("sample run: seed vs r0004 frontiers as small multiples, and the trajectory")
    func sampleMultiplesAndTrajectory() throws {
        let s = try Self.compared(Self.sample, ["seed", "r0004"], width: 200, height: 60, then: [.compare(.toggleSmallMultiples)])
        let text = screen(s)
        for b in ["Synth-S", "Synth-M", "Synth-L"] { #expect(text.contains(b)) }
        #expect(text.contains("vs SC@64 (80.60% at 863,289"))
        assertSnapshot(text, named: "compare-sample-multiples-200x60")
        let t = Self.run(s, [.compare(.showSection(.trajectory))])
        let tt = screen(t)
        #expect(tt.contains("synth-heldout (held-out)") && tt.contains("heldout (final)"))
        assertSnapshot(tt, named: "compare-sample-trajectory-200x60")
    }
}

/// Per-question flips on a copy of the sample run whose r0005 traces were edited so that two
/// questions flip (the sample's r0004 and r0005 run the same controller and never disagree).
@Suite struct CompareFlipsScreenTests {
    /// A temporary copy of the sample run with r0005's Synth-S trace rows edited: question 6
    /// now wrong (answer 888), question 12 now right (answer 36, 180,000 tokens instead of 219,957).
    static func editedRun() throws -> String {
        let dir = NSTemporaryDirectory() + "ttsdash-compare-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: RunSnapshotTests.samplePath, toPath: dir)
        let history = dir + "/code_base/history"
        let round = try #require(try FileManager.default.contentsOfDirectory(atPath: history).first { $0.hasPrefix("r0005") })
        let path = "\(history)/\(round)/proposal_results/matrix_results_Synth-S/synth-search_trace_new_api.jsonl"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for i in lines.indices {
            if lines[i].contains("\"question_index\": 6,") {
                lines[i] = lines[i].replacingOccurrences(of: "\"is_correct\": true", with: "\"is_correct\": false")
                    .replacingOccurrences(of: "\"answer\": \"889\"", with: "\"answer\": \"888\"")
            }
            if lines[i].contains("\"question_index\": 12,") {
                lines[i] = lines[i].replacingOccurrences(of: "\"is_correct\": false", with: "\"is_correct\": true")
                    .replacingOccurrences(of: "\"answer\": \"18\"", with: "\"answer\": \"36\"")
                    .replacingOccurrences(of: "\"cost\": 219957", with: "\"cost\": 180000")
            }
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return dir
    }

    @Test("flips between r0004 and an edited r0005, then both rows of a question one above the other")
    func flips() throws {
        let dir = try Self.editedRun()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var s = try CompareScreenTests.compared(dir, ["r0004", "r0005"], width: 120, height: 40)
        s.snapshot?.runPath = "autotts-synthetic (edited copy)"
        // Synth-S is the third backbone.
        s = CompareScreenTests.run(s, [.compare(.nextBackbone), .compare(.nextBackbone), .compare(.showSection(.flips))])
        let f = try #require(s.compare.flips.result)
        #expect(s.compare.flips.configurations == ["beta=0.5"])
        #expect(f.flipped.map(\.index) == [6, 12] && f.totalOnlyA == 1 && f.totalOnlyB == 1)
        #expect(f.flipped[1].costDelta == -39957)
        let text = screen(s)
        #expect(text.contains("1 right only in r0004") && text.contains("1 right only in r0005"))
        assertSnapshot(text, named: "compare-flips-120x40")
        // Enter on question 12: both rows, r0004 (wrong, 18) above r0005 (right, 36).
        let d = CompareScreenTests.run(s, [.move(.down), .drillIn])
        #expect(d.compare.flips.detail.map(\.side) == ["r0004", "r0005"])
        #expect(d.compare.flips.detail.map(\.answer) == ["18", "36"] && d.compare.flips.detail.map(\.cost) == [219957, 180000])
        let dt = screen(d)
        #expect(dt.contains("✗ wrong") && dt.contains("✓ correct") && dt.contains("gold 36"))
        // Both rows' branch timelines, drawn by the Trace view's widget, one above the other.
        #expect(d.compare.flips.detailTimelines.count == 2)
        #expect(d.compare.flips.detailTimelines.map { $0.state(atStep: $0.lastStep)?.rows.count } == [34, 34])
        #expect(dt.components(separatedBy: "branch  tok").count == 3)
        assertSnapshot(dt, named: "compare-flips-detail-120x40")
        // Esc closes the pane, not the view.
        let back = apply(d, .back)
        #expect(!back.compare.flips.detailOpen && back.tab == .compare)
    }

    @Test("flips say why when a round has no traces (the published rounds ship none)", .enabled(if: RealRunScreenTests.autottsAvailable, "../shared/autotts is absent"))
    func noTraces() throws {
        let s = try CompareScreenTests.compared(RealRunScreenTests.autotts, ["r0003", "r0004"], width: 120, height: 40,
                                                then: [.compare(.showSection(.flips))])
        guard case .failed(let why) = s.compare.flips.status else { Issue.record("flips should fail: \(s.compare.flips.status)"); return }
        #expect(why.contains("not present") || why.contains("no trace file"), "\(why)")
        #expect(screen(s).contains("No per-question flips"))
    }
}

/// With nothing marked, Compare opens on the last two rounds that have results in common, on a
/// backbone both report (the sample's live r0006 has no Synth-L rows).
@Suite struct CompareDefaultPairTests {
    @Test("4 on the sample: r0005 vs r0006 on a backbone both report, at 80x24 and 160x45", arguments: [(80, 24), (160, 45)])
    func defaultPair(width: Int, height: Int) throws {
        var s = try RealRunScreenTests.state(RunSnapshotTests.samplePath, width: width, height: height)
        s = Reducer.reduce(s, .selectTab(.compare)).0
        let m = try #require(CompareModel.make(s))
        #expect(m.isDefault)
        #expect(m.sides.map(\.roundName) == ["r0005", "r0006"])
        let run = try #require(s.snapshot?.run)
        for side in m.sides {
            #expect(run.round(id: side.roundID)?.results(backbone: m.backbone, benchmark: m.benchmark) != nil,
                    "\(side.roundName) has no rows on the shown \(m.backbone)/\(m.benchmark)")
        }
        let text = screen(s)
        #expect(!text.contains("-%"), "a side with no rows:\n\(text)")
        #expect(text.contains(m.backbone))
    }
}

/// The delta table is wider than the screen with the seed families split (F): it scrolls
/// sideways, the configuration column staying, so the Δ columns can be read.
@Suite struct CompareTableScrollTests {
    @Test("F at 80x24: ← → scroll the delta table; the Δ columns come into view")
    func scrollsSideways() throws {
        let s = try CompareScreenTests.compared(CompareScreenTests.sample, ["seed", "r0005"], width: 80, height: 24,
                                                then: [.compare(.toggleSplitFamilies), .compare(.showSection(.table))])
        let m = try #require(CompareModel.make(s))
        #expect(m.sides.count > 3, "the seed split into its families")
        let before = screen(s)
        #expect(before.contains("← → scroll sideways ▸"))
        let lastDelta = "Δ " + (m.sides.last?.label ?? "")
        #expect(!before.contains(lastDelta))
        var moved = s
        for _ in 0..<40 { moved = apply(moved, .move(.right)) }
        let after = screen(moved)
        #expect(after.contains("◂ ← → scroll sideways"))
        #expect(after.contains(String(lastDelta.prefix(18))), "\(after)")
        #expect(after.contains("configuration"), "the configuration column stays")
        let back = apply(moved, .move(.left))
        #expect(back.compare.tableColumn == moved.compare.tableColumn - 8)
    }
}
