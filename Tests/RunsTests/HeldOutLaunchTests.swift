import Foundation
import Testing
import ReplayCore
@testable import Runs

/// A held-out evaluation of one round (AutoTTS's "Way A", for any round): written to
/// `eval/test_results/<round id>/`, read back tied to the round, never overwritten.
@Suite("Held-out evaluation of a round")
struct HeldOutLaunchTests {
    @Test("results land in eval/test_results/<round id>/ and the trajectory shows them")
    func heldOutOfARound() throws {
        let copy = try SampleRunCopy()
        let before = try RunLoader.load(path: copy.root)
        let round = try #require(before.round(named: "r0004"))
        let indexBefore = try String(contentsOfFile: copy.history + "/workflow_index.jsonl", encoding: .utf8)
        let request = LaunchRequest(run: copy.root, controllers: ["cmc:beta=0.5,1.0"], seeds: 3, heldOutOf: round.id)
        let prepared = try RoundLauncher.prepare(request)
        #expect(prepared.stores.hasSuffix("/test_environment"))
        let outcome = try RoundLauncher.run(prepared, cancel: CancellationFlag())
        #expect(outcome.roundPath == copy.root + "/eval/test_results/" + round.id)
        #expect(outcome.files.allSatisfy { $0.hasPrefix(outcome.roundPath + "/matrix_results_") })
        // Not a workflow round: the index is untouched, the history has no new folder.
        #expect(try String(contentsOfFile: copy.history + "/workflow_index.jsonl", encoding: .utf8) == indexBefore)
        #expect(copy.leftovers().isEmpty)

        let after = try RunLoader.load(path: copy.root)
        let held = try #require(after.rounds.first { $0.heldOutOf == round.id })
        #expect(held.kind == .heldOut && held.shortName == "heldout-r0004")
        // AutoTTS's own held-out results (directly in test_results) are still read as before.
        #expect(after.rounds.contains { $0.kind == .heldOut && $0.heldOutOf == nil && !$0.results.isEmpty })
        let benchmark = try #require(held.results.first?.benchmark)
        let points = Frontier.trajectory(rounds: after.rounds, backbone: held.results[0].backbone, benchmark: benchmark, beta: 0.5, heldOut: true)
        #expect(points.map(\.roundName) == ["r0004 held-out"])
        #expect(points.first?.acc == held.results[0].row(beta: 0.5)?.acc && points.first?.acc != nil)

        // A second held-out run of the same round is refused; nothing is overwritten.
        #expect(throws: PlanError.self) { _ = try RoundLauncher.prepare(request) }
        // The round's recorded configurations, as the CLI and the form offer them.
        #expect(round.recordedSpecs?.isEmpty == false)
    }
}
