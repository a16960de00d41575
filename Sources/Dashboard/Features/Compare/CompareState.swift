/// The Compare feature's state, actions and effects.
public struct CompareUIState: Sendable, Equatable {
    public init() {}
}

public enum CompareAction: Equatable, Sendable {}

public enum CompareEffect: Equatable, Sendable {}
