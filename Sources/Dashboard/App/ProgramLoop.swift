import Foundation

/// Options for one dashboard session.
public struct LoopOptions: Sendable {
    /// How often to ask the data source whether the run changed (0: never).
    public var pollInterval: Double = 2
    /// How long a wait lasts before the clock ticks ("updated Xs ago", message expiry).
    public var tickInterval: Double = 1
    /// A message to show in the status bar at start (e.g. a theme warning).
    public var startMessage: String?
    /// The evaluator's log file, tailed in the Live view (`--eval-log`).
    public var evalLog: String?
    public init() {}
}

/// How a session ended.
public enum LoopEnd: Equatable, Sendable {
    case quit
    case signal(Int32)
    case hangup
}

/// The one program loop: backend events in as actions (keys through the key table), the
/// reducer, effects out (loads, feature services), and a redraw when something changed.
/// The terminal and the tests both run this loop, each with its own backend.
public final class ProgramLoop {
    public private(set) var state: AppState
    public let queue = ActionQueue()
    /// Called after each flush with render and flush times (ns), cells written, and whether
    /// the frame was (nearly) a full redraw.
    public var onFrame: ((_ render: UInt64, _ flush: UInt64, _ cells: Int, _ full: Bool, _ state: AppState) -> Void)?

    private let source: any DashboardDataSource
    private let backend: any Backend
    private let options: LoopOptions
    private let keyTable: KeyTable
    private let services: Services

    public init(source: any DashboardDataSource, features: FeatureRegistry = .standard, backend: any Backend, options: LoopOptions = LoopOptions()) {
        self.source = source
        self.backend = backend
        self.options = options
        let (w, h) = backend.size
        var s = AppState(width: w, height: h, now: Date())
        s.features = features
        s.message = options.startMessage
        s.messageSince = options.startMessage == nil ? nil : s.now
        state = s
        keyTable = KeyTable.forFeatures(features)
        let queue = self.queue
        services = Services(context: ServiceContext(source: source, evalLog: options.evalLog, post: { queue.post($0) }), registry: features)
    }

    /// Stops every service (evaluations are cancelled, their staging removed). Called by `run`
    /// on the way out; safe to call again.
    public func shutdown() { services.shutdown() }

    /// Runs until `q`, a signal or a hang-up.
    public func run() -> LoopEnd {
        defer { shutdown() }
        let poller = ChangePoller(source: source, interval: options.pollInterval, queue: queue)
        poller.start()
        defer { poller.stop() }
        var running = apply(.refresh)
        var dirty = true
        var buffer = CellBuffer(width: 0, height: 0)
        while running {
            if dirty {
                let t0 = DispatchTime.now().uptimeNanoseconds
                if buffer.width != state.width || buffer.height != state.height {
                    buffer = CellBuffer(width: state.width, height: state.height)
                }
                RootView.render(state, table: keyTable, into: &buffer)
                let t1 = DispatchTime.now().uptimeNanoseconds
                let cells = backend.flush(buffer)
                let t2 = DispatchTime.now().uptimeNanoseconds
                onFrame?(t1 - t0, t2 - t1, cells, cells >= state.width * state.height * 9 / 10, state)
                dirty = false
            }
            for event in backend.wait(timeout: options.tickInterval, queue: queue) where running {
                switch event {
                case .stop(let signal): return .signal(signal)
                case .hangup: return .hangup
                case .timeout: running = apply(.tick(Date()))
                case .woke: break
                case .resize(let w, let h): running = apply(.resize(width: w, height: h))
                case .key(let key):
                    // A status message lasts until the next key (or its lifetime).
                    if state.message != nil { running = apply(.dismissMessage) }
                    if running, let action = keyTable.action(for: key, in: state) { running = apply(action) }
                }
                dirty = true
            }
            for action in queue.drain() where running {
                running = apply(action)
                dirty = true
            }
        }
        return .quit
    }

    /// Reduces one action and performs its effects; false when the session should end.
    private func apply(_ action: Action) -> Bool {
        let (next, effects) = Reducer.reduce(state, action)
        state = next
        for effect in effects {
            switch effect {
            case .quit: return false
            case .load:
                let source = self.source, queue = self.queue
                DispatchQueue.global(qos: .userInitiated).async {
                    do { queue.post(.loaded(try source.load())) } catch { queue.post(.loadFailed("\(error)")) }
                }
            case .feature: services.perform(effect)
            case .navigate: break   // carried out inside the reducer
            }
        }
        return true
    }
}

/// Asks the data source for its change token every few seconds on a background thread
/// and posts `.refresh` when it changed.
final class ChangePoller: @unchecked Sendable {
    private let source: any DashboardDataSource
    private let interval: Double
    private let queue: ActionQueue
    private let lock = NSLock()
    private var stopped = false

    init(source: any DashboardDataSource, interval: Double, queue: ActionQueue) {
        self.source = source; self.interval = interval; self.queue = queue
    }

    func start() {
        guard interval > 0, source.changeToken() != nil else { return }
        let t = Thread { [self] in
            var last = source.changeToken()
            while true {
                Thread.sleep(forTimeInterval: interval)
                lock.lock(); let done = stopped; lock.unlock()
                if done { return }
                let now = source.changeToken()
                if now != last { last = now; queue.post(.refresh) }
            }
        }
        t.start()
    }

    func stop() {
        lock.lock(); stopped = true; lock.unlock()
    }
}
