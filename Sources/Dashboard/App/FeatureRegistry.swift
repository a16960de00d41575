/// The features of the dashboard, in tab order; the one list that drives routing, the key
/// table (digit keys included), help, the `loaded` fan-out, services and shutdown.
/// Adding a view is a folder under Features/ plus one line in `standard`.
public struct FeatureRegistry: @unchecked Sendable, Equatable {
    // Metatypes are immutable; the unchecked conformance only covers the existential array.
    public let features: [any Feature.Type]

    public init(_ features: [any Feature.Type]) { self.features = features }

    public static let standard = FeatureRegistry([
        RoundsFeature.self,
        FrontierFeature.self,
        TraceFeature.self,
        CompareFeature.self,
        LiveFeature.self,
        LaunchFeature.self,
        SearchFeature.self,
    ])

    /// The registry with one more feature (tests, plug-ins).
    public func adding(_ feature: any Feature.Type) -> FeatureRegistry { FeatureRegistry(features + [feature]) }

    public static func == (a: FeatureRegistry, b: FeatureRegistry) -> Bool { a.features.map { $0.id } == b.features.map { $0.id } }

    /// Features with a tab, in order; digit keys 1… select them.
    public var tabs: [any Feature.Type] { features.filter { $0.tabTitle != nil } }

    public func feature(_ id: FeatureID) -> (any Feature.Type)? { features.first { $0.id == id } }

    /// The feature with focus: an open overlay first, else the current tab's.
    public func focus(_ s: AppState) -> (any Feature.Type)? {
        features.first { $0.isOverlayOpen(s) } ?? feature(s.tab)
    }

    public func nextTab(after id: FeatureID, by delta: Int) -> FeatureID {
        let ids = tabs.map { $0.id }
        guard !ids.isEmpty else { return id }
        let i = ids.firstIndex(of: id) ?? 0
        return ids[((i + delta) % ids.count + ids.count) % ids.count]
    }

    /// Routes a feature action to the feature whose action type it is.
    func reduce(_ s: inout AppState, _ value: FeatureValue) -> [Effect] {
        for f in features { if let effects = f.handle(&s, value) { return effects } }
        return []
    }

    func loaded(_ s: inout AppState, previous: DashboardSnapshot?) -> [Effect] {
        features.flatMap { $0.loaded(&s, previous: previous) }
    }

    func receive(_ s: inout AppState, _ intent: NavigationIntent) -> [Effect] {
        if case .show(let id) = intent, feature(id)?.tabTitle != nil {
            s.tab = id
            s.showHelp = false
        }
        return features.flatMap { $0.receive(&s, intent) }
    }

    /// Every row of the key table: the app's own, a digit per tab, then each feature's.
    public var bindings: [KeyBinding] {
        let digits = tabs.enumerated().compactMap { i, f -> KeyBinding? in
            guard i < 9, let title = f.tabTitle else { return nil }
            return KeyBinding(.global, [.char(Character(String(i + 1)))], .selectTab(f.id), "\(title) view")
        }
        return AppBindings.leading + digits + AppBindings.trailing + features.flatMap { $0.bindings } + AppBindings.closing
    }

    /// The first liveness verdict a feature gives.
    public func liveness(_ s: AppState) -> LivenessVerdict? {
        for f in features { if let v = f.liveness(s) { return v } }
        return nil
    }

    public func statusNotes(_ s: AppState) -> [String] { features.compactMap { $0.statusNote(s) } }

    public func roundMarker(_ s: AppState, roundID: String) -> String {
        for f in features { if let m = f.roundMarker(s, roundID: roundID) { return m } }
        return "  "
    }

    func makeServices(_ context: ServiceContext) -> [any FeatureService] { features.compactMap { $0.makeService(context) } }
}
