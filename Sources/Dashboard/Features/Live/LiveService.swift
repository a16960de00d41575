import Foundation

/// Performs the Live feature's effects off the UI thread; results come back through `post`.
public final class LiveService: FeatureService, @unchecked Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) { self.context = context }

    public func perform(_ effect: LiveEffect) {
        switch effect {}
    }
}
