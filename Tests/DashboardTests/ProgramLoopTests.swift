import Foundation
import Testing
@testable import Dashboard

/// The production loop, run headless: the sample run loads in the background, keys go
/// through the key table, a resize re-lays the screen, and `q` ends the session.
@Suite struct ProgramLoopTests {
    @Test("keys, a background load and a resize through the real loop, on the sample run")
    func sessionOnTheSample() throws {
        let backend = TestBackend(width: 120, height: 40, script: [
            TestBackend.waitFor(text: "Phase"),
            .key(.char("2")),
            TestBackend.waitFor(text: "Series"),
            .resize(width: 80, height: 24),
            .until("an 80x24 frame", timeout: 5) { $0.width == 80 && $0.height == 24 },
            .key(.char("?")),
            TestBackend.waitFor(text: "Keys · ? or Esc closes"),
            .key(.escape),
            .key(.char("1")),
            .key(.char("/")),
            .key(.char("r")), .key(.char("0")), .key(.char("0")), .key(.char("0")), .key(.char("5")),
            .key(.enter),
            TestBackend.waitFor(text: "filter “r0005”"),
        ])
        let loop = ProgramLoop(source: RunDataSource(path: RunSnapshotTests.samplePath), backend: backend, options: {
            var o = LoopOptions(); o.pollInterval = 0; o.tickInterval = 0.05; return o }())
        let end = loop.run()
        #expect(backend.failures.isEmpty, "\(backend.failures.joined(separator: "\n"))")
        #expect(end == .quit)
        #expect(loop.state.quitting)
        // The Frontier frame: its tab drawn as the active one (style, not just text).
        let frontier = try #require(backend.frames.first { $0.renderText().contains("Series") })
        let tabLine = frontier.row(0)
        let x = try #require(tabLine.range(of: " 2 Frontier ").map { tabLine.distance(from: tabLine.startIndex, to: $0.lowerBound) + 1 })
        #expect(frontier[x, 0].style == Style(.tabActive, bold: true))
        // After the resize every frame is 80x24; the filter left one round.
        #expect(backend.lastFrame?.width == 80)
        #expect(loop.state.visibleRounds.map(\.name) == ["r0005"])
    }

    @Test("a session with no script quits at once and shuts its services down")
    func quitsCleanly() {
        let backend = TestBackend(width: 80, height: 24, script: [])
        let loop = ProgramLoop(source: RunDataSource(path: RunSnapshotTests.samplePath), backend: backend, options: {
            var o = LoopOptions(); o.pollInterval = 0; return o }())
        #expect(loop.run() == .quit)
        #expect(!backend.frames.isEmpty)
    }
}
