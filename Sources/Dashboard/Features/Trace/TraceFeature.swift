/// The Trace feature's hooks into the reducer, key table and root view.
public enum TraceFeature: FeatureHooks {
    public static func reduce(_ s: inout AppState, _ action: TraceAction) -> [Effect] {
        switch action {}
    }

    public static let bindings: [KeyBinding] = []

    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        PlaceholderView.render(.trace, rect, into: &buf)
    }
}

extension TraceFeature {
    /// Enter on a Frontier point: open that configuration's questions in the trace view.
    public static func openFromFrontier(_ s: inout AppState) -> [Effect] { [] }
}
