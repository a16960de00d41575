import Foundation
import Presentation

/// A plain-text scatter plot of accuracy against tokens on a log10 axis (headless output; the
/// dashboard draws its own in braille). One lower-case letter per series; points on the overall
/// Pareto frontier in upper case, the frontier joined by dots.
public enum FrontierPlot {
    static let markers = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// The marker of series number `i`.
    public static func marker(_ i: Int) -> Character { markers[i % markers.count] }

    /// Nice token ticks between `lo` and `hi` (1-2-5 steps: 10k, 20k, 50k, 100k, …).
    public static func ticks(from lo: Double, to hi: Double) -> [Double] {
        guard lo > 0, hi >= lo else { return [] }
        var out: [Double] = []
        var decade = pow(10, floor(log10(lo)))
        while decade <= hi * 10 && out.count < 40 {
            for m in [1.0, 2.0, 5.0] {
                let v = m * decade
                if v >= lo * 0.999 && v <= hi * 1.001 { out.append(v) }
            }
            decade *= 10
        }
        // Too many: keep the 1s and 5s, then only the 1s.
        if out.count > 8 { out = out.filter { let m = $0 / pow(10, floor(log10($0)) ); return abs(m - 2) > 1e-9 } }
        if out.count > 8 { out = out.filter { let m = $0 / pow(10, floor(log10($0))); return abs(m - 1) < 1e-9 } }
        return out
    }

    public static func render(_ data: FrontierData, width: Int = 72, height: Int = 18) -> String {
        let pts = data.points
        guard !pts.isEmpty else { return "(no points with both Acc and Cost)" }
        let w = max(20, width), h = max(6, height)
        var minC = pts.map(\.cost).filter { $0 > 0 }.min() ?? 1, maxC = pts.map(\.cost).max() ?? 1
        if minC == maxC { minC /= 2; maxC *= 2 }
        let x0 = log10(minC), x1 = log10(maxC)
        var minA = pts.map(\.acc).min()!, maxA = pts.map(\.acc).max()!
        if maxA - minA < 1 { minA -= 0.5; maxA += 0.5 }
        let pad = (maxA - minA) * 0.05
        minA -= pad; maxA += pad
        func col(_ c: Double) -> Int { min(w - 1, max(0, Int(((log10(max(c, 1e-9)) - x0) / (x1 - x0) * Double(w - 1)).rounded()))) }
        func row(_ a: Double) -> Int { min(h - 1, max(0, Int(((maxA - a) / (maxA - minA) * Double(h - 1)).rounded()))) }
        var grid = [[Character]](repeating: [Character](repeating: " ", count: w), count: h)
        // The frontier, joined by dots in log-cost space.
        let f = data.frontier.points
        if f.count > 1 {
            for k in 0..<(f.count - 1) {
                let c0 = col(f[k].cost), c1 = col(f[k + 1].cost)
                guard c1 > c0 + 1 else { continue }
                for c in (c0 + 1)..<c1 {
                    let t = Double(c - c0) / Double(c1 - c0)
                    grid[row(f[k].acc + t * (f[k + 1].acc - f[k].acc))][c] = "."
                }
            }
        }
        var seriesIndex: [String: Int] = [:]
        for (i, s) in data.series.enumerated() { seriesIndex[s.roundID + "\u{0}" + s.id] = i }
        // Non-frontier points first, so frontier markers win a shared cell.
        for p in pts.sorted(by: { !$0.onFrontier && $1.onFrontier }) {
            let i = seriesIndex[p.roundID + "\u{0}" + "\(p.roundName)/\(p.family)"] ?? 0
            let m = marker(i)
            grid[row(p.acc)][col(p.cost)] = p.onFrontier ? Character(m.uppercased()) : m
        }
        var lines: [String] = []
        let labelWidth = 7
        let step = max(1, (h - 1) / 4)
        for r in 0..<h {
            let a = maxA - Double(r) / Double(h - 1) * (maxA - minA)
            let labelled = r % step == 0 || (r == h - 1 && r % step >= 2)
            let label = labelled ? String(format: "%6.1f", a) : ""
            lines.append(label.padding(toLength: labelWidth - 1, withPad: " ", startingAt: 0) + "|" + String(grid[r]))
        }
        lines.append(String(repeating: " ", count: labelWidth - 1) + "+" + String(repeating: "-", count: w))
        var axis = [Character](repeating: " ", count: w + labelWidth + 8)
        for t in ticks(from: minC, to: maxC) {
            let text = Array(NumberText.compact(t))
            let start = labelWidth + col(t) - text.count / 2
            guard start >= 0, start + text.count <= axis.count, axis[max(0, start - 1)..<min(axis.count, start + text.count + 1)].allSatisfy({ $0 == " " }) else { continue }
            for (k, ch) in text.enumerated() { axis[start + k] = ch }
        }
        lines.append(String(axis).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
        lines.append(String(repeating: " ", count: labelWidth) + "tokens per question (log scale); y: Acc %")
        lines.append("")
        var legend: [String] = []
        for (i, s) in data.series.enumerated() {
            legend.append("  \(marker(i)) \(s.id) (\(s.points.count) point\(s.points.count == 1 ? "" : "s"))")
        }
        lines.append("legend (UPPER CASE = on the Pareto frontier, dots join the frontier):")
        lines += legend
        return lines.joined(separator: "\n")
    }
}
