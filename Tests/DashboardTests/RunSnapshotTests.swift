import Foundation
import Testing
@testable import Dashboard
import Runs
import TestSupport

/// The adapter from the runs layer to the view models, on the bundled sample run.
@Suite("Run snapshot adapter")
struct RunSnapshotTests {
    static let samplePath = PackagePaths.sampleRun

    @Test("rounds, phases and headline numbers of the sample run")
    func rounds() throws {
        let snap = try RunDataSource(path: Self.samplePath).load()
        #expect(snap.rounds.backbones == ["Synth-L", "Synth-M", "Synth-S"])
        let byName = Dictionary(uniqueKeysWithValues: snap.rounds.rows.map { ($0.name, $0) })
        #expect(byName["seed"]?.phase == .seed)
        #expect(byName["r0003"]?.phase == .failed)
        #expect(byName["r0006"]?.phase == .evaluating)
        #expect(byName["r0005"]?.phase == .done)
        // Held-out results are summarised on their own benchmark and say which.
        #expect(byName["held-out (synth-heldout)"] != nil)
        // r0005 is a CMC sweep: β = 0.5 and 1.0 operating points are reported; r0000 (ESC) has none.
        let r5 = try #require(byName["r0005"]?.perBackbone["Synth-M"])
        #expect(r5.accAtBeta05 != nil && r5.accAtBeta10 != nil && r5.bestAcc != nil)
        #expect(byName["r0000"]?.perBackbone["Synth-M"]?.accAtBeta05 == nil)
        // The failed round has results for one backbone only: the others are "not reported".
        #expect(byName["r0003"]?.perBackbone["Synth-L"] == nil)
        // Drilling in shows the round's controller source, proposal summary and every result row.
        let detail = try #require(byName["r0005"]?.detail)
        #expect(detail.source?.isEmpty == false && detail.summary?.isEmpty == false)
        #expect(detail.results.count == 33)
    }

    @Test("frontier panels carry the runs layer's Pareto flags")
    func frontier() throws {
        let snap = try RunDataSource(path: Self.samplePath).load()
        #expect(snap.frontier.benchmarks.first == "synth-search")
        let panel = try #require(snap.frontier.panel(backbone: "Synth-M", benchmark: "synth-search"))
        #expect(panel.series.contains { $0.label == "seed/asc" && $0.family == "handcrafted" })
        #expect(panel.series.contains { $0.label == "r0005" && $0.family == "discovered" })
        let points = panel.series.flatMap(\.points)
        let flagged = points.filter(\.onFrontier)
        #expect(!flagged.isEmpty)
        // The view's own Pareto computation agrees with the runs layer's.
        let recomputed = Pareto.mark(panel).series.flatMap(\.points).filter(\.onFrontier)
        #expect(Set(recomputed.map { "\($0.cost)/\($0.acc)" }) == Set(flagged.map { "\($0.cost)/\($0.acc)" }))
    }

    @Test("a folder that is not a run gives an empty snapshot with the reason")
    func notARun() throws {
        let dir = NSTemporaryDirectory() + "ttsdash-notarun-\(UUID())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let snap = try RunDataSource(path: dir).load()
        #expect(snap.rounds.rows.isEmpty)
        #expect(!snap.notes.isEmpty)
    }
}

extension RunSnapshotTests {
    @Test("a round's duration runs to the next round's start, not to a checkout's file times")
    func durations() throws {
        let snap = try RunDataSource(path: Self.samplePath).load()
        let r0 = try #require(snap.rounds.rows.first { $0.name == "r0000" })
        let r1 = try #require(snap.rounds.rows.first { $0.name == "r0001" })
        #expect(r0.finished == r1.started)
        let took = try #require(r0.finished.flatMap { f in r0.started.map { f.timeIntervalSince($0) } })
        #expect(took > 0 && took < 3600)
        #expect(snap.rounds.rows.first { $0.name == "r0006" }?.finished == nil)  // still running
    }

    @Test("Started and Took come from the run's records only: the seed row, the held-out results and the published rounds have none")
    func timesFromRecordsOnly() throws {
        let snap = try RunDataSource(path: Self.samplePath).load()
        for row in snap.rounds.rows where row.phase == .seed || row.name.hasPrefix("held-out") {
            #expect(row.started == nil && row.finished == nil, "\(row.name): file times shown as history")
        }
        // The sample's rounds carry time stamps in their ids: 2026-03-02 09:02 for r0000.
        #expect(Format.clock(snap.rounds.rows.first { $0.name == "r0000" }?.started) == "2026-03-02 09:02")
        // The last archived round ends where the next (live) one starts; the live one has no end.
        let r5 = try #require(snap.rounds.rows.first { $0.name == "r0005" })
        #expect(r5.finished == snap.rounds.rows.first { $0.name == "r0006" }?.started)
    }

    @Test("the published rounds (no time stamps, no records) show – for Started and Took", .enabled(if: RealRunScreenTests.autottsAvailable, "../shared/autotts is absent"))
    func publishedTimes() throws {
        let snap = try RunDataSource(path: RealRunScreenTests.autotts).load()
        for row in snap.rounds.rows {
            #expect(row.started == nil && row.finished == nil, "\(row.name): \(Format.clock(row.started)) \(Format.clock(row.finished))")
        }
    }
}
