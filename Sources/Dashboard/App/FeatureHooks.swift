/// How a feature (a view with its own state, actions, keys and background work) plugs into
/// the app: the reducer routes its actions and the generic navigation actions to it while it
/// has focus, the key table adds its bindings and asks it for its contexts, and the root view
/// asks it to draw. Every hook but `reduce`, `bindings` and `render` has a neutral default.
public protocol FeatureHooks {
    associatedtype FeatureAction
    /// The feature's own actions.
    static func reduce(_ s: inout AppState, _ action: FeatureAction) -> [Effect]
    /// Its rows of the key table (any context, including `.global` and other views').
    static var bindings: [KeyBinding] { get }
    /// Draws the view (or, for an overlay, draws over what is there).
    static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer)

    /// Key contexts while it has focus, most specific first. Leave `.global` out to keep
    /// global keys (q, digits) from firing, e.g. while a text field is edited.
    static func keyContexts(_ s: AppState) -> [KeyContext]
    /// An unbound printable key while it has focus (text fields); nil ignores it.
    static func textInput(_ s: AppState, _ c: Character) -> Action?
    /// Generic navigation while it has focus.
    static func move(_ s: inout AppState, _ d: Direction)
    static func drillIn(_ s: inout AppState) -> [Effect]
    /// Esc/Backspace: true when the feature consumed it (closed a pane, cleared a filter).
    static func back(_ s: inout AppState) -> Bool
    /// The filter or search line `/` edits while it has focus.
    static func filterPath(_ s: AppState) -> WritableKeyPath<AppState, FilterState>?
    /// What the filter line says it filters ("filter questions").
    static func filterPrompt(_ s: AppState) -> String
    static func filterChanged(_ s: inout AppState)
    static func filterCommitted(_ s: inout AppState)
    static func nextMatch(_ s: inout AppState, forward: Bool)
    /// A new snapshot of the run arrived (`previous` is the one it replaces): keep cursors
    /// and selections on the same things, note what changed.
    static func loaded(_ s: inout AppState, previous: DashboardSnapshot?) -> [Effect]
}

extension FeatureHooks {
    public static func keyContexts(_ s: AppState) -> [KeyContext] { [.global] }
    public static func textInput(_ s: AppState, _ c: Character) -> Action? { nil }
    public static func move(_ s: inout AppState, _ d: Direction) {}
    public static func drillIn(_ s: inout AppState) -> [Effect] { [] }
    public static func back(_ s: inout AppState) -> Bool { false }
    public static func filterPath(_ s: AppState) -> WritableKeyPath<AppState, FilterState>? { nil }
    public static func filterPrompt(_ s: AppState) -> String { "filter" }
    public static func filterChanged(_ s: inout AppState) {}
    public static func filterCommitted(_ s: inout AppState) {}
    public static func nextMatch(_ s: inout AppState, forward: Bool) {}
    public static func loaded(_ s: inout AppState, previous: DashboardSnapshot?) -> [Effect] { [] }
}

/// The feature that has focus: an open overlay first, else the current tab's feature.
/// Rounds and Frontier are handled by the reducer itself (nil).
public enum Focus {
    public static func feature(_ s: AppState) -> (any FeatureHooks.Type)? {
        if LaunchFeature.isOpen(s) { return LaunchFeature.self }
        switch s.tab {
        case .trace: return TraceFeature.self
        case .compare: return CompareFeature.self
        case .live: return LiveFeature.self
        case .rounds, .frontier: return nil
        }
    }
}
