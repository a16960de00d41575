import Foundation
import Testing
import TestSupport
@testable import Dashboard

/// The search form: what it refuses, what it starts, and a whole search started from the
/// dashboard through the production loop on a copy of the sample run.
@Suite struct SearchFormTests {
    static func sample() throws -> AppState { try RealRunScreenTests.state(RunSnapshotTests.samplePath, width: 120, height: 40) }

    @Test("S opens the form on a workspace; bad rounds or seeds are refused with the field named")
    func formRefusesBadInput() throws {
        var s = apply(try Self.sample(), .search(.open))
        #expect(SearchFeature.state(s).isOpen)
        #expect(screen(s).contains("Search autotts-synthetic · Enter start · Esc close") || screen(s).contains("Search "))
        s = apply(s, .search(.nextField), .search(.clearField), .search(.input("0")))
        let (refused, effects) = Reducer.reduce(s, .search(.submit))
        #expect(effects.isEmpty)
        #expect(SearchFeature.state(refused).error == "Rounds: a whole number above 0 (got “0”)")
        #expect(screen(refused).contains("✗ Rounds: a whole number above 0"))
        // Demo data has no workspace: the form does not open and says why.
        let demo = apply(loadedState(width: 80, height: 24), .search(.open))
        #expect(!SearchFeature.state(demo).isOpen)
        #expect(demo.message?.contains("not an AutoTTS workspace") == true)
    }

    @Test("Enter starts the search with the form's values and shows the Live view")
    func submitStarts() throws {
        var s = apply(try Self.sample(), .search(.open), .search(.nextField), .search(.clearField), .search(.input("2")))
        let (started, effects) = Reducer.reduce(s, .search(.submit))
        s = started
        let request = try #require(effects.compactMap { $0.payload(SearchEffect.self) }.first)
        guard case .start(let r) = request else { Issue.record("\(request)"); return }
        #expect(r.rounds == 2 && r.proposer == "demo" && r.seeds == 100 && r.controller == "OptimalController:beta=0:1:0.1")
        #expect(s.tab == .live && !SearchFeature.state(s).isOpen)
        #expect(StatusMessageTests.statusLine(s).contains("⟳ search starting"))
        // A second start while it runs is refused.
        s = apply(s, .search(.open))
        #expect(SearchFeature.state(Reducer.reduce(s, .search(.submit)).0).error?.contains("already running") == true)
    }

    @Test("a one-round search from the dashboard, through the real loop, archives a round",
          .enabled(if: PythonCheck.available, Comment(rawValue: PythonCheck.skipMessage)))
    func searchFromTheDashboard() throws {
        let copy = try LaunchServiceTests.RunCopy()
        let before = copy.historyNames
        func type(_ text: String) -> [TestBackend.Step] { text.map { .key(.char($0)) } }
        let backend = TestBackend(width: 120, height: 40, script: [TestBackend.waitFor(text: "Phase"), .key(.char("S")),
                                                                   TestBackend.waitFor(text: "Enter start")]
            + [.key(.ctrl("u"))] + type("true") + [.key(.tab), .key(.ctrl("u"))] + type("1")
            + [.key(.tab), .key(.ctrl("u"))] + type("OptimalController:beta=0.5")
            + [.key(.tab), .key(.ctrl("u"))] + type("2")
            + [.key(.enter), TestBackend.waitFor(text: "search", timeout: 5),
               .until("the search to end", timeout: 240) { $0.renderText().contains("✓ search 1 round archived") }])
        let loop = ProgramLoop(source: RunDataSource(path: copy.run), backend: backend, options: {
            var o = LoopOptions(); o.pollInterval = 0.5; o.tickInterval = 0.2; return o }())
        #expect(loop.run() == .quit)
        #expect(backend.failures.isEmpty, "\(backend.failures.joined(separator: "\n"))")
        let added = Set(copy.historyNames).subtracting(before)
        #expect(added.count == 1 && added.first?.hasPrefix("r0007_") == true, "\(added)")
        let index = try String(contentsOfFile: copy.history + "/workflow_index.jsonl", encoding: .utf8)
        #expect(index.contains(added.first ?? "?") && index.contains("\"eval_returncode\": 0"), "\(index.suffix(400))")
    }

    @Test("X stops a running search from the dashboard: the proposer ends, the round stays unarchived",
          .enabled(if: PythonCheck.available, Comment(rawValue: PythonCheck.skipMessage)))
    func stopFromTheDashboard() throws {
        let copy = try LaunchServiceTests.RunCopy()
        let before = copy.historyNames
        func type(_ text: String) -> [TestBackend.Step] { text.map { .key(.char($0)) } }
        let started = Date()
        let backend = TestBackend(width: 120, height: 40, script: [TestBackend.waitFor(text: "Phase"), .key(.char("S")),
                                                                   TestBackend.waitFor(text: "Enter start"), .key(.ctrl("u"))]
            + type("sleep 60") + [.key(.enter),
               .until("the proposer to run", timeout: 30) { $0.renderText().contains("proposing (1/3)") },
               .key(.char("X")),
               .until("the search to stop", timeout: 30) { $0.renderText().contains("✓ search stopped") }])
        let loop = ProgramLoop(source: RunDataSource(path: copy.run), backend: backend, options: {
            var o = LoopOptions(); o.pollInterval = 0.5; o.tickInterval = 0.2; return o }())
        #expect(loop.run() == .quit)
        #expect(backend.failures.isEmpty, "\(backend.failures.joined(separator: "\n"))")
        #expect(Date().timeIntervalSince(started) < 40, "the proposer was not stopped")
        #expect(copy.historyNames == before, "nothing archived")
        let shown = backend.frames.map { $0.renderText() }.first { $0.contains("✓ search stopped") } ?? ""
        #expect(shown.contains("r0007 left unarchived"), "\(shown)")
    }
}
