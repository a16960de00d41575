/// The Trace feature's state, actions and effects.
public struct TraceUIState: Sendable, Equatable {
    public init() {}
}

public enum TraceAction: Equatable, Sendable {}

public enum TraceEffect: Equatable, Sendable {}
