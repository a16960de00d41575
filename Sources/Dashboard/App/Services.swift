import Foundation

/// What every feature service gets: the run's data source and a thread-safe way to hand
/// results back to the UI loop as actions.
public struct ServiceContext: Sendable {
    public let source: any DashboardDataSource
    public let post: @Sendable (Action) -> Void
    /// The evaluator's log file to tail in the Live view (`--eval-log`), if any.
    public let evalLog: String?

    public init(source: any DashboardDataSource, evalLog: String? = nil, post: @escaping @Sendable (Action) -> Void) {
        self.source = source
        self.evalLog = evalLog
        self.post = post
    }
}

/// A feature's background worker. `shutdown` is called once when the dashboard exits
/// (normally or on a signal): stop work and leave no half-written files behind.
public protocol FeatureService: AnyObject, Sendable {
    associatedtype FeatureEffect
    func perform(_ effect: FeatureEffect)
    func shutdown()
}

extension FeatureService {
    public func shutdown() {}
}

/// Performs the feature effects the reducer asks for. The runner owns one; tests can build
/// one with a collecting `post` and drive effects headlessly.
public final class Services: Sendable {
    public let trace: TraceService
    public let compare: CompareService
    public let live: LiveService
    public let launch: LaunchService

    public init(context: ServiceContext) {
        trace = TraceService(context: context)
        compare = CompareService(context: context)
        live = LiveService(context: context)
        launch = LaunchService(context: context)
    }

    /// Feature effects only; `.quit` and `.load` belong to the runner.
    public func perform(_ effect: Effect) {
        switch effect {
        case .trace(let e): trace.perform(e)
        case .compare(let e): compare.perform(e)
        case .live(let e): live.perform(e)
        case .launch(let e): launch.perform(e)
        case .quit, .load: break
        }
    }

    public func shutdown() {
        launch.shutdown()
        live.shutdown()
        compare.shutdown()
        trace.shutdown()
    }
}
