/// A view with its own state slice, actions, keys, view and background work, plugged into the
/// app by one line in `FeatureRegistry.standard`. The reducer routes its actions (wrapped as
/// `Action.feature`) and the generic navigation actions to it while it has focus; the key
/// table, help, hint bar and digit keys read its `bindings`; the root view asks it to draw;
/// `loaded` fans out to it; its service (if any) is built and shut down with the others.
///
/// Features never write another feature's state: they ask through a `NavigationIntent`
/// (returned as `Effect.navigate`, handled by the registry before the reduce returns), and the
/// status bar and row markers ask features through the hooks at the end.
public protocol Feature {
    associatedtype FeatureAction: Equatable & Sendable = Never
    /// Stable name: the tab's identity, and the key of any generic state slice.
    static var id: FeatureID { get }
    /// The tab's title; nil for an overlay (the launch form), which has no tab.
    static var tabTitle: String? { get }
    /// The feature's own actions.
    static func reduce(_ s: inout AppState, _ action: FeatureAction) -> [Effect]
    /// Its rows of the key table (any context, including `.global` and other views').
    static var bindings: [KeyBinding] { get }
    /// Draws the view (or, for an overlay, draws over what is there).
    static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer)

    /// An overlay open over every tab takes focus (and keys) while this is true.
    static func isOverlayOpen(_ s: AppState) -> Bool
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
    /// Another feature asks for something (open a round, show a tab); handle what is yours.
    static func receive(_ s: inout AppState, _ intent: NavigationIntent) -> [Effect]
    /// The background worker for its effects, if it has any.
    static func makeService(_ context: ServiceContext) -> (any FeatureService)?

    // Hooks other parts of the screen ask
    /// A verdict on the run's liveness that replaces "running"/"finished" in the status bar
    /// (a stall warning, a recording); the first feature to give one wins.
    static func liveness(_ s: AppState) -> LivenessVerdict?
    /// A short note for the status line (a running job).
    static func statusNote(_ s: AppState) -> String?
    /// A marker for a round's row in the Rounds table (marked for comparison).
    static func roundMarker(_ s: AppState, roundID: String) -> String?
}

extension Feature {
    public static var tabTitle: String? { nil }
    public static func isOverlayOpen(_ s: AppState) -> Bool { false }
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
    public static func receive(_ s: inout AppState, _ intent: NavigationIntent) -> [Effect] { [] }
    public static func makeService(_ context: ServiceContext) -> (any FeatureService)? { nil }
    public static func liveness(_ s: AppState) -> LivenessVerdict? { nil }
    public static func statusNote(_ s: AppState) -> String? { nil }
    public static func roundMarker(_ s: AppState, roundID: String) -> String? { nil }

    /// This feature's action wrapped for the app (`.feature(...)`).
    public static func action(_ a: FeatureAction) -> Action { .feature(FeatureValue(a)) }

    /// Runs the action when it is this feature's; nil when it belongs to another.
    static func handle(_ s: inout AppState, _ value: FeatureValue) -> [Effect]? {
        guard let a = value.payload(FeatureAction.self) else { return nil }
        return reduce(&s, a)
    }
}

extension Feature where FeatureAction == Never {
    public static func reduce(_ s: inout AppState, _ action: Never) -> [Effect] {}
}

/// A feature's name (and its tab's): `.rounds`, `.trace`, or any string a registered feature picks.
public struct FeatureID: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }
}

/// A feature's action, effect or state slice, type-erased so the app's `Action`, `Effect` and
/// `AppState` need no case or field per feature; equal when the wrapped values are of one
/// type and equal.
public struct FeatureValue: Equatable, Sendable, CustomStringConvertible {
    private let value: any Sendable
    private let isEqual: @Sendable (any Sendable) -> Bool

    public init<T: Equatable & Sendable>(_ value: T) {
        self.value = value
        isEqual = { ($0 as? T) == value }
    }

    public func payload<T>(_ type: T.Type) -> T? { value as? T }

    public static func == (a: FeatureValue, b: FeatureValue) -> Bool { a.isEqual(b.value) }

    public var description: String { String(describing: value) }
}

/// What one feature asks of the others, instead of writing their state.
public enum NavigationIntent: Equatable, Sendable {
    /// Show a tab.
    case show(FeatureID)
    /// Select a round in the Rounds view and open its detail.
    case openRound(id: String)
    /// Show the questions behind a plotted point (a series label and its point) in Trace.
    case tracePoint(series: String, point: PlotPoint, backbone: String, benchmark: String)
}

/// A liveness statement for the status bar.
public struct LivenessVerdict: Equatable, Sendable {
    public var text: String
    public var style: Style
    /// The verdict already says when the run last changed ("updated … ago" is left out).
    public var saysWhen: Bool
    public init(_ text: String, _ style: Style, saysWhen: Bool = false) {
        self.text = text; self.style = style; self.saysWhen = saysWhen
    }
}
