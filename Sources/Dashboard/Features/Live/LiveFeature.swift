/// The Live feature's hooks into the reducer, key table and root view.
public enum LiveFeature: FeatureHooks {
    public static func reduce(_ s: inout AppState, _ action: LiveAction) -> [Effect] {
        switch action {}
    }

    public static let bindings: [KeyBinding] = []

    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        PlaceholderView.render(.live, rect, into: &buf)
    }
}
