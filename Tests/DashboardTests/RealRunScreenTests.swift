import Foundation
import Testing
@testable import Dashboard
import Runs

/// Whole screens of real runs (the bundled sample run and the published AutoTTS data) at fixed
/// sizes, compared as text. File times (which a checkout or copy resets) are pinned, so the
/// snapshots depend only on the runs' contents.
@Suite struct RealRunScreenTests {
    static let sizes = [(80, 24), (120, 40), (200, 60)]
    static let autotts = RunSnapshotTests.samplePath + "/../../../shared/autotts"
    static var autottsAvailable: Bool { FileManager.default.fileExists(atPath: autotts + "/efficient_reasoning_controller") }

    static func state(_ path: String, width: Int, height: Int) throws -> AppState {
        var snap = try RunDataSource(path: path).load()
        snap.runPath = (path as NSString).lastPathComponent
        snap.lastChange = fixedNow.addingTimeInterval(-75)
        snap.run?.loadedAt = fixedNow.addingTimeInterval(-75)
        // Started and Took are not pinned: they come from the runs' records only (seed and
        // held-out results and the published rounds have none), never from file times.
        var s = AppState(width: width, height: height, now: fixedNow)
        s = Reducer.reduce(s, .loaded(snap)).0
        return s
    }

    @Test("sample run: rounds", arguments: sizes)
    func sampleRounds(width: Int, height: Int) throws {
        let text = screen(try Self.state(RunSnapshotTests.samplePath, width: width, height: height))
        #expect(text.contains("r0003") && text.contains("failed"))
        assertSnapshot(text, named: "sample-rounds-\(width)x\(height)")
    }

    @Test("the held-out label is never cut: 'held-out' at 80 columns, with its benchmark where there is room", arguments: [(80, 24), (160, 45)])
    func heldOutLabel(width: Int, height: Int) throws {
        let s = try Self.state(RunSnapshotTests.samplePath, width: width, height: height)
        let text = screen(s)
        let row = try #require(text.components(separatedBy: "\n").first { $0.contains("held-out") })
        #expect(!row.contains("…"), "\(row)")
        #expect(row.hasPrefix(width >= 160 ? "  held-out (synth-heldout) " : "  held-out "), "\(row)")
        // ISO dates with the year in the Started column; the table still fits the width.
        #expect(text.contains("2026-03-02 09:02"))
        #expect(text.components(separatedBy: "\n").allSatisfy { CharWidth.of($0) <= width })
        if width == 160 { assertSnapshot(text, named: "sample-rounds-160x45") }
    }

    @Test("sample run: frontier", arguments: sizes)
    func sampleFrontier(width: Int, height: Int) throws {
        let s = apply(try Self.state(RunSnapshotTests.samplePath, width: width, height: height), .selectTab(.frontier))
        assertSnapshot(screen(s), named: "sample-frontier-\(width)x\(height)")
    }

    @Test("sample run: a round's detail with its controller source")
    func sampleDetail() throws {
        let s = apply(try Self.state(RunSnapshotTests.samplePath, width: 120, height: 40), .move(.down), .move(.down), .move(.down), .move(.down), .move(.down), .drillIn)
        let text = screen(s)
        #expect(text.contains("r0004"))
        // The proposal summary is prose: wrapped whole, its last words on screen.
        #expect(text.contains("optimal_controller | config={'beta': 0.75}; optimal_controller | config={'beta': 1.0}."))
        assertSnapshot(text, named: "sample-round-detail-120x40")
        // Search finds lines of the wrapped text where the pane draws them.
        let typed: [Action] = [.beginFilter] + "accuracy-cost".map { Action.filterInput($0) } + [.filterCommit]
        let found = typed.reduce(s) { Reducer.reduce($0, $1).0 }
        let row = try #require(found.detailLines.firstIndex { $0.contains("accuracy-cost") })
        #expect(found.rounds.detailScroll == row)
    }

    @Test("published AutoTTS data: rounds", .enabled(if: autottsAvailable, "../shared/autotts is absent: real-data screens skipped"), arguments: sizes)
    func autottsRounds(width: Int, height: Int) throws {
        let text = screen(try Self.state(Self.autotts, width: width, height: height))
        for r in ["r0000", "r0004", "seed"] { #expect(text.contains(r)) }
        assertSnapshot(text, named: "autotts-rounds-\(width)x\(height)")
    }

    @Test("published AutoTTS data: frontier", .enabled(if: autottsAvailable, "../shared/autotts is absent: real-data screens skipped"), arguments: sizes)
    func autottsFrontier(width: Int, height: Int) throws {
        let s = apply(try Self.state(Self.autotts, width: width, height: height), .selectTab(.frontier))
        let text = screen(s)
        #expect(text.contains("Qwen3"))
        assertSnapshot(text, named: "autotts-frontier-\(width)x\(height)")
    }

    @Test("published AutoTTS data: all backbones as small multiples", .enabled(if: autottsAvailable, "../shared/autotts is absent: real-data screens skipped"))
    func autottsMultiples() throws {
        let s = apply(try Self.state(Self.autotts, width: 200, height: 60), .selectTab(.frontier), .frontier(.toggleSmallMultiples))
        let text = screen(s)
        for b in ["Qwen3-0.6B", "Qwen3-1.7B", "Qwen3-4B", "Qwen3-8B"] { #expect(text.contains(b)) }
        assertSnapshot(text, named: "autotts-frontier-multiples-200x60")
    }
}
