import Foundation
import Testing
@testable import Dashboard

/// A backend for tests: it keeps every flushed frame with its styles and plays a script of
/// keys and waits, so a test runs the production `ProgramLoop` (real loads, services, key
/// table) and reads the screen the user would see.
final class TestBackend: Backend {
    enum Step {
        case key(Key)
        case resize(width: Int, height: Int)
        /// Waits (up to `timeout` seconds) until the latest frame satisfies the test.
        case until(String, timeout: Double, (CellBuffer) -> Bool)
    }

    private(set) var size: (width: Int, height: Int)
    private var script: [Step]
    private(set) var frames: [CellBuffer] = []
    private(set) var failures: [String] = []
    private var deadline: Date?

    init(width: Int, height: Int, script: [Step]) {
        size = (width, height)
        self.script = script
    }

    static func waitFor(text: String, timeout: Double = 20) -> Step { .until("“\(text)” on screen", timeout: timeout) { $0.renderText().contains(text) } }

    var lastFrame: CellBuffer? { frames.last }

    func flush(_ buffer: CellBuffer) -> Int {
        frames.append(buffer)
        return buffer.width * buffer.height
    }

    func wait(timeout: Double, queue: ActionQueue) -> [BackendEvent] {
        if queue.hasPending { return [.woke] }
        guard let step = script.first else { return [.key(.char("q"))] }
        switch step {
        case .key(let k):
            script.removeFirst()
            return [.key(k)]
        case .resize(let w, let h):
            script.removeFirst()
            size = (w, h)
            return [.resize(width: w, height: h)]
        case .until(let what, let limit, let test):
            if let frame = lastFrame, test(frame) {
                script.removeFirst()
                deadline = nil
                return [.woke]
            }
            let end = deadline ?? Date().addingTimeInterval(limit)
            deadline = end
            if Date() > end {
                failures.append("timed out waiting for \(what); last screen:\n\(lastFrame?.renderText() ?? "(none)")")
                script.removeAll()
                return [.key(.char("q"))]
            }
            // Sleep on the queue's pipe a little, as the terminal backend would.
            var fds = pollfd(fd: queue.readFD, events: Int16(POLLIN), revents: 0)
            _ = poll(&fds, 1, 20)
            return queue.hasPending ? [.woke] : []
        }
    }
}
