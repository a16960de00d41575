import Foundation

/// Performs the Trace feature's effects off the UI thread; results come back through `post`.
public final class TraceService: FeatureService, @unchecked Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) { self.context = context }

    public func perform(_ effect: TraceEffect) {
        switch effect {}
    }
}
