/// The Live feature's state, actions and effects.
public struct LiveUIState: Sendable, Equatable {
    public init() {}
}

public enum LiveAction: Equatable, Sendable {}

public enum LiveEffect: Equatable, Sendable {}
