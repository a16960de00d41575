import Foundation
import Runs

/// The Compare feature's hooks into the reducer, key table and root view.
public enum CompareFeature: Feature {
    public static let id: FeatureID = .compare
    public static let tabTitle: String? = "Compare"
    public static func makeService(_ context: ServiceContext) -> (any FeatureService)? { CompareService(context: context) }

    public static func reduce(_ s: inout AppState, _ action: CompareAction) -> [Effect] {
        switch action {
        case .toggleMark:
            guard let id = s.selectedRound?.id else { return [] }
            if let i = s.compare.marked.firstIndex(of: id) {
                s.compare.marked.remove(at: i)
                if s.compare.pinned == id { s.compare.pinned = nil }
            } else {
                s.compare.marked.append(id)
            }
        case .pinRound:
            guard let id = s.selectedRound?.id else { return [] }
            if !s.compare.marked.contains(id) { s.compare.marked.append(id) }
            s.compare.pinned = s.compare.pinned == id ? nil : id
        case .open:
            s.tab = .compare
            s.showHelp = false
        case .clearMarks:
            s.compare.marked = []
            s.compare.pinned = nil
        case .showSection(let section):
            s.compare.section = section
        case .nextSection, .previousSection:
            let all = CompareSection.allCases
            let i = all.firstIndex(of: s.compare.section) ?? 0
            s.compare.section = all[(i + (action == .nextSection ? 1 : all.count - 1)) % all.count]
        case .nextBackbone, .previousBackbone:
            guard let m = CompareModel.make(s), !m.backbones.isEmpty else { return [] }
            let n = m.backbones.count, i = m.backbones.firstIndex(of: m.backbone) ?? 0
            s.compare.backbone = (i + (action == .nextBackbone ? 1 : n - 1)) % n
        case .nextBenchmark, .previousBenchmark:
            guard let m = CompareModel.make(s), !m.benchmarks.isEmpty else { return [] }
            let n = m.benchmarks.count, i = m.benchmarks.firstIndex(of: m.benchmark) ?? 0
            s.compare.benchmark = (i + (action == .nextBenchmark ? 1 : n - 1)) % n
        case .toggleSmallMultiples:
            s.compare.smallMultiples.toggle()
        case .toggleSplitFamilies:
            s.compare.splitFamilies.toggle()
            if let p = s.compare.pinned, p.contains("/") { s.compare.pinned = nil }
        case .pinNextSide:
            guard let m = CompareModel.make(s), m.sides.count > 1 else { return [] }
            s.compare.pinned = m.sides[(m.baseline + 1) % m.sides.count].label
        case .nextConfiguration, .previousConfiguration:
            let n = s.compare.flips.configurations.count
            guard n > 1, let m = CompareModel.make(s), let key = m.flipsKey, s.compare.flips.key == key else { return [] }
            let i = (s.compare.flips.configuration + (action == .nextConfiguration ? 1 : n - 1)) % n
            return loadFlips(&s, m, key: key, configuration: s.compare.flips.configurations[i])
        case .trajectoryBetaUp, .trajectoryBetaDown:
            let beta = s.compare.trajectoryBeta + (action == .trajectoryBetaUp ? 0.1 : -0.1)
            s.compare.trajectoryBeta = min(max(0, (beta * 10).rounded() / 10), 10)
        case .referenceReady(let key, let ref):
            s.compare.references[key] = ref.map { .ready($0) } ?? .unavailable
            return []
        case .flipsLoaded(let key, let configurations, let configuration, let result):
            guard s.compare.flips.key == key else { return [] }
            s.compare.flips.configurations = configurations
            s.compare.flips.configuration = configuration
            s.compare.flips.result = result
            s.compare.flips.status = .ready
            s.compare.flips.selected = min(s.compare.flips.selected, max(0, (result?.flipped.count ?? 1) - 1))
            return []
        case .flipsFailed(let key, let why):
            guard s.compare.flips.key == key else { return [] }
            s.compare.flips.status = .failed(why)
            return []
        case .flipDetailLoaded(let key, let rows, let timelines):
            guard s.compare.flips.key == key else { return [] }
            s.compare.flips.detail = rows
            s.compare.flips.detailTimelines = timelines
            s.compare.flips.detailStatus = .ready
            return []
        case .flipDetailFailed(let key, let why):
            guard s.compare.flips.key == key else { return [] }
            s.compare.flips.detailStatus = .failed(why)
            return []
        }
        return requestEffects(&s)
    }

    /// Background work the current view needs and does not have yet: SC@64 replayed when the
    /// baseline lacks it, per-question flips when the flips section is open.
    static func requestEffects(_ s: inout AppState) -> [Effect] {
        guard let m = CompareModel.make(s), !m.backbone.isEmpty else { return [] }
        var effects: [Effect] = []
        let c = m.comparison()
        if c.headlineReference()?.label != "SC@64", s.compare.references[m.referenceKey] == nil {
            let paths = MajorityReference.storePaths(run: m.run, backbone: m.backbone, benchmark: m.benchmark)
            s.compare.references[m.referenceKey] = .pending
            effects.append(.compare(.replayReference(key: m.referenceKey, storePaths: paths, backbone: m.backbone, benchmark: m.benchmark,
                                                     root: m.run.layout.root)))
        }
        if s.compare.section == .flips, let key = m.flipsKey, s.compare.flips.key != key {
            effects += loadFlips(&s, m, key: key, configuration: nil)
        }
        return effects
    }

    static func loadFlips(_ s: inout AppState, _ m: CompareModel, key: FlipsKey, configuration: String?) -> [Effect] {
        var f = FlipsState()
        f.key = key
        if s.compare.flips.key == key { f.configurations = s.compare.flips.configurations }
        s.compare.flips = f
        guard let a = m.traceRef(m.baseline), let b = m.traceRef(m.other) else {
            let missing = [m.baseline, m.other].filter { m.traceRef($0) == nil }.map { m.sides[$0].label }
            s.compare.flips.status = .failed("no trace file for \(missing.joined(separator: " or ")) on \(key.backbone) / \(key.benchmark): flips need both rounds' traces")
            return []
        }
        s.compare.flips.status = .loading
        return [.compare(.loadFlips(key, old: a, new: b, configuration: configuration))]
    }

    public static let bindings: [KeyBinding] = [
        // Marking rounds in the Rounds view
        .init(.rounds, [.char(" ")], .compare(.toggleMark), "Mark or unmark the round for comparison", hint: "mark",
              enabled: { $0.selectedRound != nil }),
        .init(.rounds, [.char("p")], .compare(.pinRound), "Pin as the comparison baseline (again: unpin)"),
        .init(.rounds, [.char("c")], .compare(.open), "Compare the marked rounds", hint: "compare",
              enabled: { !$0.compare.marked.isEmpty }),
        .init(.rounds, [.char("u")], .compare(.clearMarks), "Clear all marks"),
        // The Compare view
        .init(.compare, [.char("f")], .compare(.showSection(.frontiers)), "Frontiers overlaid, with summaries and the headline"),
        .init(.compare, [.char("t")], .compare(.showSection(.table)), "Delta table: Acc and Cost per configuration and the differences"),
        .init(.compare, [.char("x")], .compare(.showSection(.flips)), "Per-question flips (from traces)"),
        .init(.compare, [.char("c")], .compare(.showSection(.code)), "Code diff: controller source, summary, schedule"),
        .init(.compare, [.char("y")], .compare(.showSection(.trajectory)), "Round trajectory at a fixed β"),
        .init(.compare, [.char("s")], .compare(.nextSection), "Next section", hint: "section",
              enabled: { CompareModel.make($0) != nil }),
        .init(.compare, [.char("S")], .compare(.previousSection), "Previous section"),
        .init(.compare, [.char("b")], .compare(.nextBackbone), "Next backbone", hint: "backbone",
              enabled: { (CompareModel.make($0)?.backbones.count ?? 0) > 1 }),
        .init(.compare, [.char("B")], .compare(.previousBackbone), "Previous backbone"),
        .init(.compare, [.char("d")], .compare(.nextBenchmark), "Next benchmark"),
        .init(.compare, [.char("D")], .compare(.previousBenchmark), "Previous benchmark"),
        .init(.compare, [.char("m")], .compare(.toggleSmallMultiples), "One backbone / all backbones as small multiples", hint: "all/one",
              enabled: { (CompareModel.make($0)?.backbones.count ?? 0) > 1 }),
        .init(.compare, [.char("p")], .compare(.pinNextSide), "Pin the next side as baseline", hint: "pin",
              enabled: { (CompareModel.make($0)?.sides.count ?? 0) > 1 }),
        .init(.compare, [.char("F")], .compare(.toggleSplitFamilies), "Seed baselines as one side, or one side per method family"),
        .init(.compare, [.char("."), .char(">")], .compare(.nextConfiguration), "Flips: next configuration"),
        .init(.compare, [.char(","), .char("<")], .compare(.previousConfiguration), "Flips: previous configuration"),
        .init(.compare, [.char("+")], .compare(.trajectoryBetaUp), "Trajectory: β + 0.1"),
        .init(.compare, [.char("-")], .compare(.trajectoryBetaDown), "Trajectory: β − 0.1"),
        .init(.compare, [.enter], .drillIn, "Flips: open both rows of the question (Esc closes)", hint: "open",
              enabled: { $0.compare.section == .flips && !$0.compare.flips.detailOpen && !($0.compare.flips.result?.flipped.isEmpty ?? true) }),
        .init(.compare, [.up, .char("k"), .down, .char("j")], .move(.down), "Scroll, or select a question", hint: "scroll",
              enabled: { CompareModel.make($0) != nil }),
        .init(.compareDiff, [.down, .char("j")], .move(.down), "Scroll the diff down", hint: "scroll"),
        .init(.compareDiff, [.up, .char("k")], .move(.up), "Scroll the diff up"),
        .init(.compareDiff, [.char("n")], .nextMatch, "Next change (hunk)", hint: "next hunk"),
        .init(.compareDiff, [.char("N")], .previousMatch, "Previous change (hunk)"),
    ]

    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        CompareView.render(state, rect, into: &buf)
    }

    public static func keyContexts(_ s: AppState) -> [KeyContext] {
        s.compare.section == .code ? [.compareDiff, .compare, .global] : [.compare, .global]
    }

    public static func move(_ s: inout AppState, _ d: Direction) {
        let page = max(1, s.height - 10)
        func step(_ v: Int) -> Int {
            switch d {
            case .up: v - 1
            case .down: v + 1
            case .pageUp: v - page
            case .pageDown: v + page
            case .top: 0
            case .bottom: Int.max / 2
            case .left, .right: v
            }
        }
        switch s.compare.section {
        case .frontiers:
            if d == .left || d == .up { _ = reduce(&s, .previousBackbone) }
            if d == .right || d == .down { _ = reduce(&s, .nextBackbone) }
        case .table:
            if d == .left || d == .right {
                let limit = CompareModel.make(s).map { CompareTableSection.maxColumn(s, $0, width: s.width - 2) } ?? 0
                s.compare.tableColumn = min(max(0, s.compare.tableColumn + (d == .right ? 8 : -8)), limit)
            } else {
                s.compare.tableScroll = min(max(0, step(s.compare.tableScroll)), CompareView.maxScroll(s, .table))
            }
        case .code: s.compare.codeScroll = min(max(0, step(s.compare.codeScroll)), CompareView.maxScroll(s, .code))
        case .trajectory: s.compare.trajectoryScroll = min(max(0, step(s.compare.trajectoryScroll)), CompareView.maxScroll(s, .trajectory))
        case .flips:
            guard !s.compare.flips.detailOpen else { return }
            let n = s.compare.flips.result?.flipped.count ?? 0
            s.compare.flips.selected = min(max(0, step(s.compare.flips.selected)), max(0, n - 1))
        }
    }

    public static func drillIn(_ s: inout AppState) -> [Effect] {
        guard s.compare.section == .flips, let m = CompareModel.make(s), let key = m.flipsKey, s.compare.flips.key == key,
              let result = s.compare.flips.result, s.compare.flips.configurations.indices.contains(s.compare.flips.configuration)
        else { return [] }
        let flipped = result.flipped
        guard flipped.indices.contains(s.compare.flips.selected), let seed = flipped[s.compare.flips.selected].firstFlipSeed,
              let a = m.traceRef(m.baseline), let b = m.traceRef(m.other) else { return [] }
        s.compare.flips.detailOpen = true
        s.compare.flips.detail = []
        s.compare.flips.detailTimelines = []
        s.compare.flips.detailStatus = .loading
        let layout = s.snapshot?.run?.layout
        return [.compare(.loadFlipDetail(key, old: a, new: b, configuration: s.compare.flips.configurations[s.compare.flips.configuration],
                                         seed: seed, question: flipped[s.compare.flips.selected].index,
                                         storesDirectories: [layout?.environment, layout?.testEnvironment].compactMap { $0 }))]
    }

    public static func back(_ s: inout AppState) -> Bool {
        if s.compare.section == .flips && s.compare.flips.detailOpen {
            s.compare.flips.detailOpen = false
            return true
        }
        return false
    }

    /// n/N in the code diff: jump to the next or previous hunk.
    public static func nextMatch(_ s: inout AppState, forward: Bool) {
        guard s.compare.section == .code else { return }
        let starts = CompareCodeSection.hunkStarts(s)
        let cur = s.compare.codeScroll
        if forward, let next = starts.first(where: { $0 > cur }) { s.compare.codeScroll = next }
        if !forward, let prev = starts.last(where: { $0 < cur }) { s.compare.codeScroll = prev }
    }

    public static func loaded(_ s: inout AppState, previous: DashboardSnapshot?) -> [Effect] {
        // Marks are kept by round id; drop the ones whose round is gone.
        if let run = s.snapshot?.run {
            s.compare.marked = s.compare.marked.filter { run.round(id: $0) != nil }
            // The run changed: results may have, so flips are read again when shown.
            if previous?.run != nil && previous?.run?.rounds != run.rounds { s.compare.flips = FlipsState() }
        }
        return requestEffects(&s)
    }

    /// The two columns the Rounds view shows before a round's name: the first stays blank for
    /// the table's selection caret, the second is the pinned baseline, a mark, or blank.
    public static func roundMarker(_ s: AppState, roundID: String) -> String? {
        if s.compare.pinned == roundID { return " ⚑" }
        return s.compare.marked.contains(roundID) ? " ●" : nil
    }
}
