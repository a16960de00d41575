/// One terminal cell. A wide character occupies its lead cell plus one continuation cell,
/// which the flush skips (the terminal advances two columns for the lead character).
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: Style
    /// True for the right half of a wide character.
    public var isContinuation: Bool

    public init(_ character: Character = " ", style: Style = .text, isContinuation: Bool = false) {
        self.character = character
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}
