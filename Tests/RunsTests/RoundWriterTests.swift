import Foundation
import Testing
import ReplayCore
@testable import Runs
import TestSupport

/// A copy of the bundled sample run in a temporary folder (tests never write into the repository).
final class SampleRunCopy {
    let fixture = Fixture("launch")
    var root: String { fixture.path("run") }
    var history: String { root + "/code_base/history" }

    static let source = PackagePaths.sampleRun

    init() throws {
        try FileManager.default.copyItem(atPath: Self.source, toPath: fixture.path("run"))
    }

    func names(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    /// Every file below the run whose name marks a temporary or staging file.
    func leftovers() -> [String] {
        (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []).filter {
            $0.contains(RoundStaging.prefix) || $0.contains(".tmp-") || $0.contains(".spill-")
        }
    }
}

@Suite("Round naming")
struct RoundNamerTests {
    let existing = ["r0000_20260302_090217_141dec08", "r0004", "r0005_cmc-sweep"]
    let now = Date(timeIntervalSince1970: 1_764_400_000)

    @Test("auto: one past the highest index, time-stamped like the workflow's rounds")
    func auto() throws {
        let id = try RoundNamer.resolve(nil, existing: existing, policy: .refuse, now: now, hex: { "0badcafe" })
        #expect(id == "r0006_" + RoundNamer.stamp(now) + "_0badcafe")
        #expect(RoundNaming.parse(id)?.index == 6)
        #expect(RoundNaming.parse(id)?.timestamp != nil)
        #expect(try RoundNamer.resolve("auto", existing: [], policy: .refuse, now: now, hex: { "00000000" }).hasPrefix("r0000_"))
    }

    @Test("a label becomes r<next>_<label>; a round id is used as given")
    func labelsAndIDs() throws {
        #expect(try RoundNamer.resolve("beta-sweep", existing: existing, policy: .refuse) == "r0006_beta-sweep")
        #expect(try RoundNamer.resolve("r0042_mine", existing: existing, policy: .refuse) == "r0042_mine")
    }

    @Test("a taken name is refused with a clear message, or moved on")
    func clashes() throws {
        #expect(throws: PlanError.self) { try RoundNamer.resolve("cmc-sweep", existing: existing, policy: .refuse) }
        do {
            _ = try RoundNamer.resolve("r0004", existing: existing, policy: .refuse)
            Issue.record("r0004 is taken")
        } catch {
            #expect(error.description.contains("round 'r0004' already exists"))
            #expect(error.description.contains("r0006"))
        }
        // The index alone clashes too: r0005_other would sort beside r0005_cmc-sweep.
        #expect(throws: PlanError.self) { try RoundNamer.resolve("r0005_other", existing: existing, policy: .refuse) }
        #expect(try RoundNamer.resolve("cmc-sweep", existing: existing, policy: .nextFree) == "r0006_cmc-sweep-2")
        #expect(try RoundNamer.resolve("r0004", existing: existing, policy: .nextFree) == "r0006")
        #expect(try RoundNamer.resolve("r0005_x", existing: existing, policy: .nextFree) == "r0006_x")
    }

    @Test("names that are not one folder name are refused", arguments: ["a/b", "../up", ".hidden", "with space", ""])
    func badNames(_ name: String) {
        #expect(throws: PlanError.self) { try RoundNamer.validate(name) }
    }
}

@Suite("Launching a round into a run")
struct RoundLauncherTests {
    static func request(_ run: String, name: String? = "sweep", controllers: [String] = ["cmc:beta=0:1:0.5"],
                        traces: String = "none") -> LaunchRequest {
        LaunchRequest(run: run, controllers: controllers, seeds: 3, traces: traces, roundName: name, clash: .refuse, threads: 2)
    }

    @Test("the new round is read by the loader like any archived round, with its index row")
    func writesARound() throws {
        let copy = try SampleRunCopy()
        let before = try RunLoader.load(path: copy.root)
        let launchedAround = Date()
        let prepared = try RoundLauncher.prepare(Self.request(copy.root, traces: "first:1"))
        #expect(prepared.roundID == "r0007_sweep")   // the sample run's last round is r0006 (live)
        #expect(prepared.stores == copy.root + "/code_base/environment")
        let outcome = try RoundLauncher.run(prepared, cancel: CancellationFlag())
        #expect(outcome.roundPath == copy.history + "/r0007_sweep")

        let run = try RunLoader.load(path: copy.root)
        #expect(run.rounds.count == before.rounds.count + 1)
        let round = try #require(run.round(id: "r0007_sweep"))
        #expect(round.kind == .archived && round.phase == .archived && round.index == 7)
        #expect(round.launched)
        // A labelled name carries no time stamp: the start comes from launch.json (whole seconds).
        let started = try #require(round.startedAt)
        #expect(abs(started.timeIntervalSince(launchedAround)) < 120)
        #expect(round.launchedAt == started)
        #expect(round.evalReturnCode == 0)
        #expect(round.results.map(\.backbone) == ["Synth-L", "Synth-M", "Synth-S"])
        for set in round.results {
            #expect(set.rows.count == 3)   // beta 0.0, 0.5, 1.0
            #expect(set.trace?.status == .present)
        }
        #expect(round.controllerSource?.contains("cmc:beta=0:1:0.5") == true)
        #expect(round.controllerSource?.contains("optimal_controller | config={'beta': 0.5}") == true)
        #expect(round.manifest?.copiedFiles.count == 6)
        #expect(round.manifest?.missingFiles.isEmpty == true)
        // Numbers equal a direct evaluation of the same request.
        let stores = try ReplayStore.loadAll(storesDirectory: prepared.stores, keys: prepared.plan.storeKeys)
        let direct = try Evaluator.run(EvaluationRequest(stores: stores, configurations: prepared.plan.configurations, seeds: 3), threads: 1)
        let csv = try String(contentsOfFile: outcome.roundPath + "/proposal_results/matrix_results_Synth-L/synth-search_raw_new_api.csv", encoding: .utf8)
        #expect(csv == ResultFiles.csv(direct.filter { $0.backbone == "Synth-L" }))

        let index = try String(contentsOfFile: copy.history + "/workflow_index.jsonl", encoding: .utf8)
        let last = try #require(index.split(separator: "\n").last)
        let row = try JSONParser.parse(String(last))
        #expect(row["round_id"]?.stringValue == "r0007_sweep")
        #expect(row["eval_returncode"]?.intValue == 0)
        #expect(row["dest"]?.stringValue == "code_base/history/r0007_sweep")
        #expect(index.hasSuffix("\n"))
        #expect(copy.leftovers().isEmpty)
        #expect(!run.diagnostics.contains { $0.severity >= .warning && $0.path.contains("r0007") })
    }

    @Test("a second launch with the same name is refused before any work; nothing is overwritten")
    func refusesAClash() throws {
        let copy = try SampleRunCopy()
        _ = try RoundLauncher.run(try RoundLauncher.prepare(Self.request(copy.root)), cancel: CancellationFlag())
        let csv = copy.history + "/r0007_sweep/proposal_results/matrix_results_Synth-S/synth-search_raw_new_api.csv"
        let original = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(throws: PlanError.self) { try RoundLauncher.prepare(Self.request(copy.root, controllers: ["asc:max_samples=4"])) }
        // With .nextFree (the dashboard) it becomes the next round instead.
        var r = Self.request(copy.root, controllers: ["asc:max_samples=4"])
        r.clash = .nextFree
        let second = try RoundLauncher.run(try RoundLauncher.prepare(r), cancel: CancellationFlag())
        #expect(second.roundID == "r0008_sweep-2")
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == original)
    }

    @Test("a cancelled launch leaves no round, no staging folder and no index row")
    func cancelled() throws {
        let copy = try SampleRunCopy()
        let indexBefore = try String(contentsOfFile: copy.history + "/workflow_index.jsonl", encoding: .utf8)
        let namesBefore = copy.names(copy.history)
        let flag = CancellationFlag()
        let prepared = try RoundLauncher.prepare(Self.request(copy.root, controllers: ["cmc:beta=0:1:0.1"], traces: "all"))
        let cancelAfterSomeProgress: @Sendable (EvaluationProgress) -> Void = { p in if p.completedRuns > 0 { flag.cancel() } }
        #expect(throws: EvaluationCancelled.self) {
            try RoundLauncher.run(prepared, cancel: flag, progress: cancelAfterSomeProgress)
        }
        #expect(copy.names(copy.history) == namesBefore)
        #expect(try String(contentsOfFile: copy.history + "/workflow_index.jsonl", encoding: .utf8) == indexBefore)
        #expect(copy.leftovers().isEmpty)
    }

    @Test("a staging folder left by a killed process is hidden from the loader and removed by the next launch")
    func staleStaging() throws {
        let copy = try SampleRunCopy()
        // What a SIGKILL mid-evaluation leaves: a hidden folder with a partial round inside.
        let stale = copy.history + "/\(RoundStaging.prefix)999999-r0007_20261129_120000_deadbeef"
        try FileManager.default.createDirectory(atPath: stale + "/proposal_results/matrix_results_Synth-S", withIntermediateDirectories: true)
        try "Method,Acc\nOptimal".write(toFile: stale + "/proposal_results/matrix_results_Synth-S/.synth-search_raw_new_api.csv.tmp-999999", atomically: false, encoding: .utf8)
        let run = try RunLoader.load(path: copy.root)
        #expect(!run.rounds.contains { $0.directory.contains(RoundStaging.prefix) })
        #expect(run.rounds.count == (try RunLoader.load(path: SampleRunCopy.source)).rounds.count)
        _ = try RoundLauncher.run(try RoundLauncher.prepare(Self.request(copy.root)), cancel: CancellationFlag())
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(copy.leftovers().isEmpty)
    }

    @Test("bad requests are refused with the option that is wrong")
    func badRequests() throws {
        let copy = try SampleRunCopy()
        func message(_ r: LaunchRequest) -> String {
            do { _ = try RoundLauncher.prepare(r); return "" } catch { return error.description }
        }
        #expect(message(Self.request(copy.root + "/nope")).contains("no such run folder"))
        #expect(message(Self.request(copy.root, controllers: ["cmc:beta=2"])).contains("beta=2.0 is outside [0, 1]"))
        var r = Self.request(copy.root)
        r.backbones = "Synth-XL"
        #expect(message(r).contains("no backbone 'Synth-XL' (found: Synth-L, Synth-M, Synth-S)"))
        r = Self.request(copy.root, name: "a b")
        #expect(message(r).contains("--as-round a b"))
        let empty = copy.fixture.path("empty-run")
        copy.fixture.mkdir("empty-run/code_base/history")
        #expect(message(Self.request(empty)).contains("has no replay stores"))
    }
}
