import Foundation
import Testing
@testable import Dashboard
import Runs

/// An empty folder is a run that has not started, not a finished one; it is picked up when
/// its files appear.
@Suite struct EmptyFolderTests {
    @Test("an empty folder waits for a run, then shows its rounds once they are copied in")
    func waitsThenPicksUp() throws {
        let dir = NSTemporaryDirectory() + "ttsdash-empty-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = RunDataSource(path: dir)
        var snap = try source.load()
        snap.runPath = "empty-run"
        var s = AppState(width: 80, height: 24, now: fixedNow)
        s = Reducer.reduce(s, .loaded(snap)).0
        #expect(StatusBar.liveness(s).0 == "… waiting for a run to start")
        let text = screen(s)
        #expect(!text.contains("finished") && !text.contains("updated never") && !text.contains("0 rounds"))
        #expect(text.contains("Waiting for a run to start."))
        // Nothing to select, open, mark or filter yet.
        #expect(!text.contains("Enter open") && !text.contains("Space mark") && !text.contains("/ filter"))
        assertSnapshot(text, named: "empty-folder-80x24")
        let frame = RootView.frame(s)
        #expect(frame[1, s.height - 2].style == Style(.accent, bold: true))

        // The watcher sees the change; a reload shows the rounds.
        let before = source.changeToken()
        #expect(before != nil)
        for name in try FileManager.default.contentsOfDirectory(atPath: RunSnapshotTests.samplePath) {
            try FileManager.default.copyItem(atPath: RunSnapshotTests.samplePath + "/" + name, toPath: dir + "/" + name)
        }
        #expect(source.changeToken() != before)
        var after = try source.load()
        after.runPath = "empty-run"
        s = Reducer.reduce(s, .loaded(after)).0
        #expect(s.snapshot?.rounds.rows.count == 9)
        #expect(!StatusBar.liveness(s).0.contains("waiting"))
        #expect(screen(s).contains("r0005"))
    }
}
