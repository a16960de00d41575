/// The Launch feature's state, actions and effects.
public struct LaunchUIState: Sendable, Equatable {
    public init() {}
}

public enum LaunchAction: Equatable, Sendable {}

public enum LaunchEffect: Equatable, Sendable {}
