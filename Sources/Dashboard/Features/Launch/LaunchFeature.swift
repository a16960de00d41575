/// The Launch feature's hooks into the reducer, key table and root view.
public enum LaunchFeature: FeatureHooks {
    public static func reduce(_ s: inout AppState, _ action: LaunchAction) -> [Effect] {
        switch action {}
    }

    public static let bindings: [KeyBinding] = []

    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        // An overlay drawn over any view while the form is open; nothing until it is.
    }
}

extension LaunchFeature {
    /// True while the launch form (an overlay over any view) is open and has focus.
    public static func isOpen(_ s: AppState) -> Bool { false }
}
