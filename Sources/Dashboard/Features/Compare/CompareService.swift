import Foundation

/// Performs the Compare feature's effects off the UI thread; results come back through `post`.
public final class CompareService: FeatureService, @unchecked Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) { self.context = context }

    public func perform(_ effect: CompareEffect) {
        switch effect {}
    }
}
