import Foundation
import Testing
@testable import Dashboard

/// Whole screens at fixed sizes, compared as text.
@Suite struct ScreenSnapshotTests {
    // Rounds, Frontier and a round's detail on the production path: RealRunScreenTests
    // (sample-*, autotts-*). These add the other layouts, on the sample run as the app reads it.

    static func sample(width: Int, height: Int) throws -> AppState {
        try RealRunScreenTests.state(RunSnapshotTests.samplePath, width: width, height: height)
    }

    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func frontierSmallMultiples(width: Int, height: Int) throws {
        let s = apply(try Self.sample(width: width, height: height), .selectTab(.frontier), .frontier(.toggleSmallMultiples))
        assertSnapshot(screen(s), named: "frontier-multiples-\(width)x\(height)")
    }

    @Test func help() throws {
        assertSnapshot(screen(apply(try Self.sample(width: 120, height: 40), .toggleHelp)), named: "help-120x40")
    }

    @Test func blocksFallback() throws {
        let s = apply(try Self.sample(width: 120, height: 40), .selectTab(.frontier), .frontier(.toggleBraille))
        assertSnapshot(screen(s), named: "frontier-blocks-120x40")
    }

    /// Trace, Compare and Live on a run folder with nothing in it yet say what they need and how
    /// to get there.
    @Test func emptyStates() throws {
        let parent = NSTemporaryDirectory() + "ttsdash-empty-states-\(UUID().uuidString)"
        let dir = parent + "/new-run"  // the header names the folder: the same in every run
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let state = try RealRunScreenTests.state(dir, width: 80, height: 24)
        for tab in [FeatureID.trace, .compare, .live] {
            assertSnapshot(screen(apply(state, .selectTab(tab))), named: "empty-\(tab.rawValue)-80x24")
        }
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
