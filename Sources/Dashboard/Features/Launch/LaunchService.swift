import Foundation

/// Performs the Launch feature's effects off the UI thread; results come back through `post`.
public final class LaunchService: FeatureService, @unchecked Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) { self.context = context }

    public func perform(_ effect: LaunchEffect) {
        switch effect {}
    }
}
