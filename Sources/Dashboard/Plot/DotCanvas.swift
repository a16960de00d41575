/// A canvas of dots drawn as braille (2x4 dots per cell) or, for fonts without braille,
/// quadrant block characters (2x2 per cell). Each cell keeps the role of the last dot set,
/// so later layers (the frontier) win the colour of shared cells.
public struct DotCanvas: Sendable {
    public enum Mode: Sendable { case braille, blocks }

    public let columns: Int
    public let rows: Int
    public let mode: Mode
    private var bits: [UInt8]
    private var roles: [Role?]

    public init(columns: Int, rows: Int, mode: Mode) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.mode = mode
        bits = Array(repeating: 0, count: self.columns * self.rows)
        roles = Array(repeating: nil, count: self.columns * self.rows)
    }

    public var dotsPerColumn: Int { 2 }
    public var dotsPerRow: Int { mode == .braille ? 4 : 2 }
    public var dotWidth: Int { columns * 2 }
    public var dotHeight: Int { rows * dotsPerRow }

    // Braille dot bits by (column, row) within a cell (Unicode 2800 block layout).
    private static let brailleBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
    // Quadrants: top-left 1, top-right 2, bottom-left 4, bottom-right 8.
    private static let quadrantBits: [[UInt8]] = [[1, 4], [2, 8]]
    private static let quadrantChars: [Character] = [" ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█"]

    /// Sets the dot at (dx, dy), origin top-left; out-of-range dots are ignored.
    public mutating func set(_ dx: Int, _ dy: Int, role: Role) {
        guard dx >= 0, dy >= 0, dx < dotWidth, dy < dotHeight else { return }
        let cx = dx / 2, cy = dy / dotsPerRow
        let i = cy * columns + cx
        let bit = mode == .braille ? Self.brailleBits[dx % 2][dy % 4] : Self.quadrantBits[dx % 2][dy % 2]
        bits[i] |= bit
        roles[i] = role
    }

    /// A line between two dots (Bresenham).
    public mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, role: Role, dashed: Bool = false) {
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        var n = 0
        while true {
            if !dashed || (n / 2) % 2 == 0 { set(x, y, role: role) }
            n += 1
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
            if n > 100_000 { break }
        }
    }

    public func isSet(_ dx: Int, _ dy: Int) -> Bool {
        guard dx >= 0, dy >= 0, dx < dotWidth, dy < dotHeight else { return false }
        let i = (dy / dotsPerRow) * columns + dx / 2
        let bit = mode == .braille ? Self.brailleBits[dx % 2][dy % 4] : Self.quadrantBits[dx % 2][dy % 2]
        return bits[i] & bit != 0
    }

    /// The character for cell (cx, cy), or nil when empty.
    public func character(_ cx: Int, _ cy: Int) -> Character? {
        let b = bits[cy * columns + cx]
        guard b != 0 else { return nil }
        switch mode {
        case .braille: return Character(Unicode.Scalar(0x2800 + UInt32(b))!)
        case .blocks: return Self.quadrantChars[Int(b)]
        }
    }

    /// Draws every non-empty cell into the buffer at `origin`.
    public func draw(into buf: inout CellBuffer, x: Int, y: Int) {
        for cy in 0..<rows {
            for cx in 0..<columns {
                guard let ch = character(cx, cy) else { continue }
                buf.set(x + cx, y + cy, Cell(ch, style: Style(roles[cy * columns + cx] ?? .text)))
            }
        }
    }
}
