import Foundation

/// Everything that can change the app state: key presses (through the key table),
/// terminal events and results of background work. Exhaustive on purpose: the reducer
/// must handle each case, so nothing changes state by another route.
public enum Action: Equatable, Sendable {
    // App
    case quit
    case refresh
    case toggleHelp
    case resize(width: Int, height: Int)
    case tick(Date)
    case showMessage(String)
    /// A key was pressed: a transient status message has been seen and goes (sent by the
    /// runner before the key's own action).
    case dismissMessage
    // Navigation
    case selectTab(FeatureID)
    case nextTab
    case previousTab
    case move(Direction)
    case drillIn
    case back
    // Filter line
    case beginFilter
    case filterInput(Character)
    case filterDeleteBackward
    case filterCommit
    case filterCancel
    case nextMatch
    case previousMatch
    /// A feature's own action (see `Feature.action`); each feature adds a shorthand such as
    /// `.trace(...)`, so call sites read as before.
    case feature(FeatureValue)
    // Background results
    case loadStarted
    case loaded(DashboardSnapshot)
    case loadFailed(String)
}

/// A cursor or scroll movement, interpreted by the focused widget.
public enum Direction: Equatable, Sendable {
    case up, down, left, right, pageUp, pageDown, top, bottom
}

/// Side effects the reducer asks the runner to perform; their results come back as actions.
public enum Effect: Equatable, Sendable {
    case quit
    /// Load (or reload) the run off the UI thread, then send `.loaded` or `.loadFailed`.
    case load
    /// Feature work (trace fetches, evaluations, …), performed by the feature's service.
    case feature(FeatureValue)
    /// One feature asking the others (open a round, show a tab); the reducer handles it
    /// before it returns, so the runner never sees one.
    case navigate(NavigationIntent)
}

extension Action {
    /// The wrapped feature action of type `T`, if this is one.
    public func payload<T>(_ type: T.Type) -> T? {
        if case .feature(let v) = self { return v.payload(type) }
        return nil
    }
}

extension Effect {
    /// The wrapped feature effect of type `T`, if this is one.
    public func payload<T>(_ type: T.Type) -> T? {
        if case .feature(let v) = self { return v.payload(type) }
        return nil
    }
}
