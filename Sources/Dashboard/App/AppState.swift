import Foundation

/// The single state value the whole UI is drawn from.
public struct AppState: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// The features of this dashboard (tab order, keys, routing); tests may add their own.
    public var features = FeatureRegistry.standard
    /// The shown tab's feature.
    public var tab: FeatureID = .rounds
    public var snapshot: DashboardSnapshot?
    public var loading = false
    public var loadError: String?
    /// A one-line message in the status bar (theme warnings, refresh notes). Transient: it
    /// goes at the next key press or `messageLifetime` seconds after it appeared.
    public var message: String?
    /// When `message` appeared (the state's clock then).
    public var messageSince: Date?
    public var showHelp = false
    public var helpScroll = 0
    public var now: Date
    public var rounds = RoundsUIState()
    public var frontier = FrontierUIState()
    public var trace = TraceUIState()
    public var compare = CompareUIState()
    public var live = LiveUIState()
    public var launch = LaunchUIState()
    /// State of features registered without a field of their own, by feature.
    public var slices: [FeatureID: FeatureValue] = [:]
    public var quitting = false

    /// Seconds a status message stays when no key is pressed.
    public static let messageLifetime: Double = 5

    public init(width: Int = 80, height: Int = 24, now: Date = Date()) {
        self.width = width
        self.height = height
        self.now = now
    }
}

/// A filter or search line: its text and whether it is being typed.
public struct FilterState: Sendable, Equatable {
    public var text = ""
    public var editing = false
    /// The text before editing began, restored by Esc.
    public var previous = ""
    public init() {}
    public var isActive: Bool { !text.isEmpty }
}

extension AppState {
    /// A registered feature's slice (for features without a field of their own).
    public func slice<T: Equatable & Sendable>(_ type: T.Type, of id: FeatureID) -> T? { slices[id]?.payload(type) }

    public mutating func setSlice<T: Equatable & Sendable>(_ value: T, of id: FeatureID) { slices[id] = FeatureValue(value) }
}

