import Foundation

/// The single state value the whole UI is drawn from.
public struct AppState: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var tab: Tab = .rounds
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

public struct RoundsUIState: Sendable, Equatable {
    /// Index into the filtered rows.
    public var selected = 0
    /// First backbone column group shown (the table scrolls sideways with h/l).
    public var backboneOffset = 0
    public var detailOpen = false
    public var detailScroll = 0
    public var filter = FilterState()
    /// Search inside the detail pane (n/N jump between matches).
    public var search = FilterState()
    public init() {}
}

public struct FrontierUIState: Sendable, Equatable {
    public var backbone = 0
    public var benchmark = 0
    /// Series labels switched off.
    public var hidden: Set<String> = []
    /// The series pinned as baseline; nil until the data gives one or the user pins one.
    public var pinned: String?
    public var pinnedByUser = false
    /// The series the legend focus is on (by label) and the cursor point within it.
    public var focusSeries: String?
    public var cursorPoint = 0
    public var smallMultiples = false
    public var braille = true
    public var filter = FilterState()
    public init() {}
}
