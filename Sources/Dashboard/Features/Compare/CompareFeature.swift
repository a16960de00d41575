/// The Compare feature's hooks into the reducer, key table and root view.
public enum CompareFeature: FeatureHooks {
    public static func reduce(_ s: inout AppState, _ action: CompareAction) -> [Effect] {
        switch action {}
    }

    public static let bindings: [KeyBinding] = []

    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        PlaceholderView.render(.compare, rect, into: &buf)
    }
}
