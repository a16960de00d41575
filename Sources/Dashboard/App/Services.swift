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
    associatedtype FeatureEffect: Sendable
    func perform(_ effect: FeatureEffect)
    func shutdown()
}

extension FeatureService {
    public func shutdown() {}
}

extension FeatureService {
    /// Performs the effect when it is this service's kind; false leaves it to another.
    func offer(_ value: FeatureValue) -> Bool {
        guard let e = value.payload(FeatureEffect.self) else { return false }
        perform(e)
        return true
    }
}

/// Performs the feature effects the reducer asks for, one service per feature that has one
/// (built from the registry). The runner owns one; tests can build one with a collecting
/// `post` and drive effects headlessly.
public final class Services: Sendable {
    private let services: [any FeatureService]

    public init(context: ServiceContext, registry: FeatureRegistry = .standard) {
        services = registry.makeServices(context)
    }

    /// Feature effects only; `.quit` and `.load` belong to the runner.
    public func perform(_ effect: Effect) {
        guard case .feature(let value) = effect else { return }
        for service in services where service.offer(value) { return }
    }

    /// Stops every service, the last registered first (the launch form's jobs before the
    /// views whose data they write).
    public func shutdown() {
        for service in services.reversed() { service.shutdown() }
    }
}
