/// A rectangle of terminal cells. Layout helpers never produce negative sizes.
public struct Rect: Sendable, Equatable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public var description: String { "(\(x),\(y) \(width)x\(height))" }

    /// Shrinks every side by `by` cells.
    public func inset(_ by: Int) -> Rect {
        Rect(x: x + by, y: y + by, width: width - 2 * by, height: height - 2 * by)
    }

    public func inset(dx: Int, dy: Int) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }

    /// Cuts `rows` rows off the top; returns (top, rest).
    public func splitTop(_ rows: Int) -> (Rect, Rect) {
        let r = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: r), Rect(x: x, y: y + r, width: width, height: height - r))
    }

    /// Cuts `rows` rows off the bottom; returns (rest, bottom).
    public func splitBottom(_ rows: Int) -> (Rect, Rect) {
        let r = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: height - r), Rect(x: x, y: y + height - r, width: width, height: r))
    }

    /// Cuts `cols` columns off the left; returns (left, rest).
    public func splitLeft(_ cols: Int) -> (Rect, Rect) {
        let c = min(max(0, cols), width)
        return (Rect(x: x, y: y, width: c, height: height), Rect(x: x + c, y: y, width: width - c, height: height))
    }

    /// Cuts `cols` columns off the right; returns (rest, right).
    public func splitRight(_ cols: Int) -> (Rect, Rect) {
        let c = min(max(0, cols), width)
        return (Rect(x: x, y: y, width: width - c, height: height), Rect(x: x + width - c, y: y, width: c, height: height))
    }

    /// Splits into `count` near-equal columns separated by `gap` cells.
    public func columns(_ count: Int, gap: Int = 1) -> [Rect] {
        Rect.shares(of: width, count: count, gap: gap).map { Rect(x: x + $0.offset, y: y, width: $0.size, height: height) }
    }

    /// Splits into `count` near-equal rows separated by `gap` rows.
    public func rows(_ count: Int, gap: Int = 0) -> [Rect] {
        Rect.shares(of: height, count: count, gap: gap).map { Rect(x: x, y: y + $0.offset, width: width, height: $0.size) }
    }

    /// `count` near-equal parts of `total` cells with `gap` between them (the first ones one
    /// larger when it does not divide evenly).
    static func shares(of total: Int, count: Int, gap: Int) -> [(offset: Int, size: Int)] {
        guard count > 0 else { return [] }
        let usable = max(0, total - gap * (count - 1))
        var out: [(offset: Int, size: Int)] = []
        var at = 0
        for i in 0..<count {
            let size = usable / count + (i < usable % count ? 1 : 0)
            out.append((at, size))
            at += size + gap
        }
        return out
    }

    /// A centred rectangle of at most the given size.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(w, width), ch = min(h, height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }
}
