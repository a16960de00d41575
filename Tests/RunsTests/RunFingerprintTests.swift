import Foundation
import Testing
@testable import Runs

@Suite("Run fingerprint")
struct FingerprintTests {
    @Test func changesWhenAFileChanges() throws {
        let f = Fixture()
        f.workspace()
        let a = try #require(RunFingerprint.of(path: f.root))
        #expect(RunFingerprint.of(path: f.root) == a)
        let before = try RunLoader.load(path: f.root)
        usleep(20_000)
        f.append("workspace/code_base/history/workflow_index.jsonl", "\n")
        #expect(RunFingerprint.of(path: f.root) != a)
        #expect(RunFingerprint.of(path: "/nonexistent/ttsdash") == nil)
        // The model is Equatable: the same files load to an equal value (apart from the load time).
        var again = try RunLoader.load(path: f.root)
        again.loadedAt = before.loadedAt
        #expect(again.rounds == before.rounds)
    }
}
