import Foundation
import Testing
@testable import Runs

@Suite("Watching a run grow")
struct WatcherTests {
    /// Distinct modification times even on coarse file systems.
    func tick() { usleep(20_000) }

    @Test func seesEachChangeExactlyOnce() throws {
        let f = Fixture()
        f.workspace(livePhase: .proposing)
        let hist = "workspace/code_base/history"
        let live = "workspace/.workflow_logs/r0002_20260417_090000_feedbeef"
        let tr = "workspace/code_base/training_results/matrix_results_M1"
        let w = try RunWatcher(path: f.root)
        #expect(w.poll() == nil, "nothing changed yet")

        // 1. The proposal is written: phase proposing → evaluating.
        tick()
        f.write("\(live)/proposal_result.json", "{\"final_result\": \"p\"}")
        let u1 = try #require(w.poll())
        #expect(u1.changes == [.roundPhaseChanged(id: "r0002_20260417_090000_feedbeef", from: .proposing, to: .evaluating),
                               .fileAppeared(path: f.path("\(live)/proposal_result.json"))])
        #expect(u1.run.rounds.last?.proposalSummary == "p")
        #expect(w.poll() == nil)

        // 2. Rows appear in the live trace, then more rows, then half a row.
        tick()
        f.write("\(tr)/aime24_trace_new_api.jsonl", Fixture.traceRow(Fixture.cmc("0.5"), seed: 0, question: 0) + "\n")
        let u2 = try #require(w.poll())
        #expect(u2.changes == [.fileAppeared(path: f.path("\(tr)/aime24_trace_new_api.jsonl"))])
        tick()
        f.append("\(tr)/aime24_trace_new_api.jsonl", Fixture.traceRow(Fixture.cmc("0.5"), seed: 0, question: 1) + "\n" +
                 Fixture.traceRow(Fixture.cmc("0.5"), seed: 0, question: 2) + "\n")
        let u3 = try #require(w.poll())
        #expect(u3.changes == [.rowsAppended(path: f.path("\(tr)/aime24_trace_new_api.jsonl"), count: 2)])
        #expect(w.poll() == nil)
        tick()
        let half = Fixture.traceRow(Fixture.cmc("0.5"), seed: 1, question: 0)
        f.append("\(tr)/aime24_trace_new_api.jsonl", String(half.prefix(40)))
        let u4 = w.poll()
        #expect(u4?.changes ?? [] == [], "a half-written line is not a row yet")
        #expect(w.poll() == nil)
        tick()
        f.append("\(tr)/aime24_trace_new_api.jsonl", String(half.dropFirst(40)) + "\n")
        let u5 = try #require(w.poll())
        #expect(u5.changes == [.rowsAppended(path: f.path("\(tr)/aime24_trace_new_api.jsonl"), count: 1)])
        #expect(w.poll() == nil)

        // 3. The round is archived: a new history folder and an index row.
        tick()
        let r2 = "\(hist)/r0002_20260417_090000_feedbeef"
        f.write("\(r2)/proposal_results/matrix_results_M1/aime24_raw_new_api.csv", Fixture.csv([(Fixture.cmc("0.5"), "80.0", "50000")]))
        f.append("\(hist)/workflow_index.jsonl", "{\"round_id\": \"r0002_20260417_090000_feedbeef\", \"eval_returncode\": 0}\n")
        let u6 = try #require(w.poll())
        #expect(u6.changes.contains(.roundPhaseChanged(id: "r0002_20260417_090000_feedbeef", from: .evaluating, to: .archived)))
        #expect(u6.changes.contains(.rowsAppended(path: f.path("\(hist)/workflow_index.jsonl"), count: 1)))
        #expect(u6.changes.contains(.fileAppeared(path: f.path("\(r2)/proposal_results/matrix_results_M1/aime24_raw_new_api.csv"))))
        #expect(u6.changes.count == 3)
        #expect(u6.run.rounds.last?.kind == .archived)
        #expect(w.poll() == nil)

        // 4. A new round begins; the live trace is emptied.
        tick()
        f.write("workspace/.workflow_logs/r0003_20260417_100000_00000000/rendered_prompt.txt", "p")
        try FileManager.default.removeItem(atPath: f.path("\(tr)/aime24_trace_new_api.jsonl"))
        let u7 = try #require(w.poll())
        #expect(u7.changes == [.roundAppeared(id: "r0003_20260417_100000_00000000"),
                               .fileAppeared(path: f.path("workspace/.workflow_logs/r0003_20260417_100000_00000000/rendered_prompt.txt")),
                               .fileRemoved(path: f.path("\(tr)/aime24_trace_new_api.jsonl"))])
        #expect(u7.run.rounds.last?.phase == .proposing)
        #expect(w.poll() == nil)
        #expect(w.activity.first?.path.hasSuffix("rendered_prompt.txt") == true)
    }

    @Test func aRunThatStartsFromAnEmptyFolder() throws {
        let f = Fixture()
        let w = try RunWatcher(path: f.root)
        #expect(w.run.isEmpty)
        tick()
        f.write("matrix_results_M/aime24_raw_new_api.csv", Fixture.csv([(Fixture.asc(4), "70", "100")]))
        let u = try #require(w.poll())
        #expect(u.changes.first == .roundAppeared(id: (f.root as NSString).lastPathComponent))
        #expect(u.run.rounds.count == 1)
    }

    @Test func rewrittenFileIsOneChange() throws {
        let f = Fixture()
        f.workspace()
        let csv = "workspace/code_base/training_results/matrix_results_M1/aime24_raw_new_api.csv"
        let w = try RunWatcher(path: f.root)
        tick()
        f.write(csv, Fixture.csv([(Fixture.cmc("0.9"), "1", "2")]))  // shorter: rewritten
        let u = try #require(w.poll())
        #expect(u.changes == [.fileChanged(path: f.path(csv))])
        #expect(u.run.rounds.last?.results.first?.rows.first?.acc == 1)
        #expect(w.poll() == nil)
    }
}

@Suite("Watching through the async stream")
struct WatcherStreamTests {
    @Test func streamYieldsAChange() async throws {
        let f = Fixture()
        f.workspace()
        let w = try RunWatcher(path: f.root)
        f.write("workspace/.workflow_logs/r0003_20260418_000000_00000000/rendered_prompt.txt", "p")
        let first: RunUpdate? = await withTaskGroup(of: RunUpdate?.self) { group in
            group.addTask { for await u in w.updates() { return u }; return nil }
            // A cap, not a timing assertion: while end-to-end tests hold the test pool's threads,
            // the watcher's polling task can wait a long time for a thread.
            group.addTask { try? await Task.sleep(for: .seconds(300)); return nil }
            let r = await group.next() ?? nil
            group.cancelAll()
            return r
        }
        let u = try #require(first)
        #expect(u.changes.contains(.roundAppeared(id: "r0003_20260418_000000_00000000")))
        #expect(u.run.rounds.last?.phase == .proposing)
    }
}

@Suite("Run fingerprint")
struct FingerprintTests {
    @Test func changesWhenAFileChanges() throws {
        let f = Fixture()
        f.workspace()
        let a = try #require(RunWatcher.fingerprint(path: f.root))
        #expect(RunWatcher.fingerprint(path: f.root) == a)
        let before = try RunLoader.load(path: f.root)
        usleep(20_000)
        f.append("workspace/code_base/history/workflow_index.jsonl", "\n")
        #expect(RunWatcher.fingerprint(path: f.root) != a)
        #expect(RunWatcher.fingerprint(path: "/nonexistent/ttsdash") == nil)
        // The model is Equatable: the same files load to an equal value (apart from the load time).
        var again = try RunLoader.load(path: f.root)
        again.loadedAt = before.loadedAt
        #expect(again.rounds == before.rounds)
    }
}
