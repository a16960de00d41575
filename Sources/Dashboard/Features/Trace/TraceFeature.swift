import Foundation
import ReplayCore
import Runs

/// The Trace feature's hooks into the reducer, key table and root view.
public enum TraceFeature: Feature {
    public static let id: FeatureID = .trace
    public static let tabTitle: String? = "Trace"
    public static func makeService(_ context: ServiceContext) -> (any FeatureService)? { TraceService(context: context) }

    public static func reduce(_ s: inout AppState, _ action: TraceAction) -> [Effect] {
        switch action {
        case .choose(let target):
            return choose(&s, target)
        case .openSelectedRound:
            guard let row = s.selectedRound, let target = defaultTarget(s, roundID: row.id) else {
                s.message = "Trace: the selected round has no results to trace"
                return []
            }
            return choose(&s, target)
        case .cycle(let field, let forward):
            guard let target = s.trace.target, let next = cycled(s, target, field, forward: forward) else { return [] }
            return choose(&s, next)
        case .toggleWrongOnly:
            s.trace.wrongOnly.toggle()
            s.trace.selected = 0
        case .cycleSort:
            s.trace.sort = s.trace.sort.next
            s.trace.selected = 0
        case .openQuestion:
            let rows = visibleQuestions(s.trace)
            guard rows.indices.contains(s.trace.selected), let request = request(&s) else { return [] }
            let q = rows[s.trace.selected].question
            s.trace.openQuestion = q
            s.trace.timeline = nil
            s.trace.timelineError = nil
            s.trace.showQuestion = false
            return [.trace(.loadTimeline(request, question: q))]
        case .questionsLoaded(let id, let list):
            guard id == s.trace.request else { return [] }
            s.trace.loadingList = false
            s.trace.list = list
            if list.error == nil {
                if s.trace.target?.seed == nil { s.trace.target?.seed = list.seed }
                // A guessed configuration the file does not trace: the one it does, from now on.
                if s.trace.target?.exact == false, !list.description.isEmpty {
                    s.trace.target?.description = list.description
                    s.trace.target?.exact = true
                }
            }
            s.trace.selected = min(s.trace.selected, max(0, visibleQuestions(s.trace).count - 1))
        case .timelineLoaded(let id, let question, let timeline, let error):
            guard id == s.trace.request, question == s.trace.openQuestion else { return [] }
            s.trace.timeline = timeline
            s.trace.timelineError = error
            // Open at the controller's answer: the whole story first, then step back through it.
            s.trace.step = timeline?.lastStep ?? 0
            s.trace.event = timeline.flatMap { $0.branches == nil ? ($0.events.isEmpty ? nil : $0.events.count - 1) : nil }
            s.trace.rowScroll = 0
        case .step(let delta):
            guard let t = s.trace.timeline else { return [] }
            if t.branches == nil { stepEvent(&s, t, delta); return [] }
            s.trace.step = min(max(0, s.trace.step + delta), t.lastStep)
            s.trace.event = nil
            keepCurrentRowVisible(&s)
        case .stepEvent(let delta):
            guard let t = s.trace.timeline else { return [] }
            stepEvent(&s, t, delta)
        case .jump(let mark, let forward):
            guard let t = s.trace.timeline else { return [] }
            let from = s.trace.event ?? t.eventIndex(atStep: s.trace.step)
            if let e = t.nextEvent(mark, after: from, forward: forward) {
                goTo(event: e, &s, t)
            } else {
                s.message = "Trace: no \(forward ? "later" : "earlier") \(mark == .prune ? "prune" : (mark == .widening ? "widening" : "stop"))"
            }
        case .toggleQuestionText:
            if s.trace.timeline != nil { s.trace.showQuestion.toggle() }
        }
        return []
    }

    static func stepEvent(_ s: inout AppState, _ t: QuestionTimeline, _ delta: Int) {
        guard !t.events.isEmpty else { return }
        let current = s.trace.event ?? t.eventIndex(atStep: s.trace.step) ?? -1
        goTo(event: min(max(0, current + delta), t.events.count - 1), &s, t)
    }

    static func goTo(event e: Int, _ s: inout AppState, _ t: QuestionTimeline) {
        s.trace.event = e
        if t.branches != nil, t.placement == .exact { s.trace.step = t.step(ofEvent: e) }
        keepCurrentRowVisible(&s)
    }

    /// Scrolls the branch rows so the branch the current action touched is on screen.
    static func keepCurrentRowVisible(_ s: inout AppState) {
        guard let t = s.trace.timeline, let st = t.state(atStep: s.trace.step), let a = st.action,
              let row = st.rows.firstIndex(where: { $0.branch == a.branch }) else { return }
        let visible = max(1, s.height - 11)
        if row < s.trace.rowScroll { s.trace.rowScroll = row }
        if row >= s.trace.rowScroll + visible { s.trace.rowScroll = row - visible + 1 }
    }

    /// Switches to the Trace tab on `target` and asks the service for its questions.
    static func choose(_ s: inout AppState, _ target: TraceTarget) -> [Effect] {
        let sameQuestions = s.trace.target.map { $0.roundID == target.roundID && $0.backbone == target.backbone && $0.benchmark == target.benchmark && $0.description == target.description } ?? false
        s.tab = .trace
        s.showHelp = false
        s.trace.target = target
        s.trace.openQuestion = nil
        s.trace.timeline = nil
        s.trace.showQuestion = false
        if !sameQuestions { s.trace.selected = 0 }
        guard let r = request(&s) else { return [] }
        s.trace.loadingList = true
        return [.trace(.loadQuestions(r))]
    }

    /// A new request for the current target (the trace file and stores resolved from the run).
    static func request(_ s: inout AppState) -> TraceRequest? {
        guard let target = s.trace.target else { return nil }
        s.trace.request += 1
        let run = s.snapshot?.run
        let lookup = run?.round(id: target.roundID)?.traceFile(backbone: target.backbone, benchmark: target.benchmark)
            ?? .missing(reason: "the run has no round \(target.roundID)")
        let path = lookup.path, missing = lookup.reason
        let stores = [run?.layout.environment, run?.layout.testEnvironment].compactMap { $0 }
        return TraceRequest(id: s.trace.request, target: target, tracePath: path, missingReason: missing, storesDirectories: stores,
                            replay: replaySource(run, target))
    }

    /// What re-runs the target's rows on demand: the round's own controller on the stores it was
    /// evaluated on (held-out rounds on the held-out stores).
    static func replaySource(_ run: Run?, _ target: TraceTarget) -> TraceReplaySource? {
        guard let run, let round = run.round(id: target.roundID), let set = round.results(backbone: target.backbone, benchmark: target.benchmark),
              let configuration = RowConfiguration.parse(description: target.description) else { return nil }
        let directory = round.kind == .heldOut ? (run.layout.testEnvironment ?? run.layout.environment) : run.layout.environment
        guard let directory else { return nil }
        let method = set.rows.first { $0.configuration.matches(configuration) }?.method
        guard let controller = ReplayController.forRound(round, configuration: configuration, method: method).0 else { return nil }
        return TraceReplaySource(controller: controller, storesDirectory: directory)
    }

    // MARK: Choosing

    /// Rounds that have result sets (in run order).
    static func roundIDs(_ s: AppState) -> [String] {
        s.snapshot?.run?.rounds.filter { !$0.results.isEmpty }.map(\.id) ?? []
    }

    static func unique(_ a: [String]) -> [String] {
        var out: [String] = []
        for x in a where !out.contains(x) { out.append(x) }
        return out
    }

    /// A round's default target: the Frontier's backbone and benchmark when the round has them,
    /// the β = 0.5 row when there is one.
    static func defaultTarget(_ s: AppState, roundID: String, backbone: String? = nil, benchmark: String? = nil) -> TraceTarget? {
        guard let round = s.snapshot?.run?.round(id: roundID), !round.results.isEmpty else { return nil }
        let withTrace = round.results.filter { $0.trace?.status == .present }
        let sets = withTrace.isEmpty ? round.results : withTrace
        let wantB = backbone ?? s.currentBackbone, wantD = benchmark ?? s.currentBenchmark
        let set = sets.first { $0.backbone == wantB && $0.benchmark == wantD } ?? sets.first { $0.backbone == wantB }
            ?? sets.first { $0.benchmark == wantD } ?? sets[0]
        guard let row = set.row(beta: 0.5) ?? set.rows.first else { return nil }
        return TraceTarget(roundID: round.id, backbone: set.backbone, benchmark: set.benchmark, description: row.description, exact: false)
    }

    static func cycled(_ s: AppState, _ t: TraceTarget, _ field: TraceField, forward: Bool) -> TraceTarget? {
        func step<T: Equatable>(_ list: [T], _ current: T?) -> T? {
            guard !list.isEmpty else { return nil }
            let i = current.flatMap { list.firstIndex(of: $0) } ?? (forward ? -1 : 0)
            return list[((i + (forward ? 1 : -1)) % list.count + list.count) % list.count]
        }
        guard let round = s.snapshot?.run?.round(id: t.roundID) else { return nil }
        var next = t
        switch field {
        case .round:
            guard let id = step(roundIDs(s), t.roundID) else { return nil }
            return defaultTarget(s, roundID: id, backbone: t.backbone, benchmark: t.benchmark).map { n in
                var n = n
                // Keep the configuration when the new round has it.
                if let set = s.snapshot?.run?.round(id: id)?.results(backbone: n.backbone, benchmark: n.benchmark),
                   set.rows.contains(where: { $0.description == t.description }) { n.description = t.description }
                n.seed = t.seed
                return n
            }
        case .backbone:
            guard let b = step(unique(round.results.map(\.backbone)), t.backbone) else { return nil }
            next.backbone = b
            if round.results(backbone: b, benchmark: t.benchmark) == nil {
                next.benchmark = round.results.first { $0.backbone == b }?.benchmark ?? t.benchmark
            }
        case .benchmark:
            guard let d = step(unique(round.results.filter { $0.backbone == t.backbone }.map(\.benchmark)), t.benchmark) else { return nil }
            next.benchmark = d
        case .configuration:
            guard let d = step(configurations(s), t.description) else { return nil }
            next.description = d
            return next
        case .seed:
            guard let seeds = s.trace.list?.seeds, let seed = step(seeds, t.seed) else { return nil }
            next.seed = seed
            return next
        }
        // Another result set: keep the configuration when it has it, else its β = 0.5 row.
        if let set = round.results(backbone: next.backbone, benchmark: next.benchmark),
           !set.rows.contains(where: { $0.description == t.description }), let row = set.row(beta: 0.5) ?? set.rows.first {
            next.description = row.description
        }
        return next
    }

    /// The target's configurations (descriptions from its results CSV) in parameter order, as
    /// `c`/`C` walk them and the chooser lists them (the CSV has them in completion order).
    public static func configurations(_ s: AppState) -> [String] {
        guard let t = s.trace.target,
              let set = s.snapshot?.run?.round(id: t.roundID)?.results(backbone: t.backbone, benchmark: t.benchmark) else { return [] }
        return RowConfiguration.inParameterOrder(set.rows.map(\.description))
    }

    /// Whether the trace file has rows for `description` (nil: not known yet). Known once the
    /// service has read the file for the same round, backbone and benchmark.
    public static func isTraced(_ s: AppState, _ description: String) -> Bool? {
        guard let list = s.trace.list, !list.traced.isEmpty, let t = s.trace.target,
              let path = s.snapshot?.run?.round(id: t.roundID)?.results(backbone: t.backbone, benchmark: t.benchmark)?.trace?.path,
              path == list.tracePath else { return nil }
        if list.traced.contains(description) { return true }
        guard let c = RowConfiguration.parse(description: description) else { return false }
        return list.traced.contains { RowConfiguration.parse(description: $0)?.matches(c) ?? false }
    }

    /// The question list as shown: wrong-only and text filter, then the sort.
    public static func visibleQuestions(_ t: TraceUIState) -> [TraceQuestionSummary] {
        guard let list = t.list else { return [] }
        let needle = t.filter.text.lowercased()
        var rows = list.questions.filter { q in
            if t.wrongOnly && q.isCorrect != false { return false }
            if needle.isEmpty { return true }
            return Format.question(q.question) == needle || (q.answer?.lowercased().contains(needle) ?? false)
                || (q.stopReason?.lowercased().contains(needle) ?? false)
        }
        switch t.sort {
        case .question: break
        case .costDescending: rows.sort { ($0.cost ?? -1, -$0.question) > ($1.cost ?? -1, -$1.question) }
        case .costAscending: rows.sort { ($0.cost ?? Int.max, $0.question) < ($1.cost ?? Int.max, $1.question) }
        }
        return rows
    }

    // MARK: Keys and generic navigation

    public static let bindings: [KeyBinding] = [
        // Entry from Rounds
        .init(.rounds, [.char("t")], .trace(.openSelectedRound), "Trace the selected round's questions (Trace view)"),
        .init(.roundDetail, [.char("t")], .trace(.openSelectedRound), "Trace this round's questions (Trace view)"),
        // Entry from Frontier: the point under the cursor
        .init(.frontier, [.enter], .drillIn, "Open the point's questions in the Trace view"),
        // Question list
        .init(.traceQuestions, [.up, .char("k"), .down, .char("j")], .move(.down), "Select a question", hint: "select",
              enabled: { visibleQuestions($0.trace).count > 1 }),
        .init(.traceQuestions, [.enter, .char("l")], .drillIn, "Open the question's branch timeline", hint: "open",
              enabled: { !visibleQuestions($0.trace).isEmpty }),
        .init(.traceQuestions, [.char("s")], .trace(.cycleSort), "Sort: question, cost high to low, cost low to high", hint: "sort",
              enabled: { ($0.trace.list?.questions.count ?? 0) > 1 }),
        .init(.traceQuestions, [.char("w")], .trace(.toggleWrongOnly), "Wrong answers only (again for all)", hint: "wrong",
              enabled: { s in s.trace.wrongOnly || (s.trace.list?.questions.contains { $0.isCorrect == false } ?? false) }),
        .init(.traceQuestions, [.char("/")], .beginFilter, "Filter by question number, answer or stop reason", hint: "filter",
              enabled: { !($0.trace.list?.questions.isEmpty ?? true) }),
        .init(.traceQuestions, [.char(">"), .char(".")], .trace(.cycle(.round, forward: true)), "Next round", hint: "round",
              enabled: { roundIDs($0).count > 1 }),
        .init(.traceQuestions, [.char("<"), .char(",")], .trace(.cycle(.round, forward: false)), "Previous round"),
        .init(.traceQuestions, [.char("b")], .trace(.cycle(.backbone, forward: true)), "Next backbone"),
        .init(.traceQuestions, [.char("B")], .trace(.cycle(.backbone, forward: false)), "Previous backbone"),
        .init(.traceQuestions, [.char("d")], .trace(.cycle(.benchmark, forward: true)), "Next benchmark"),
        .init(.traceQuestions, [.char("D")], .trace(.cycle(.benchmark, forward: false)), "Previous benchmark"),
        .init(.traceQuestions, [.char("c")], .trace(.cycle(.configuration, forward: true)), "Next configuration (e.g. β)", hint: "config",
              enabled: { configurations($0).count > 1 }),
        .init(.traceQuestions, [.char("C")], .trace(.cycle(.configuration, forward: false)), "Previous configuration"),
        // Seeds take + and - so that e opens the launch form here as everywhere else.
        .init(.traceQuestions, [.char("+"), .char("=")], .trace(.cycle(.seed, forward: true)), "Next shuffle seed", hint: "seed",
              enabled: { ($0.trace.list?.seeds.count ?? 0) > 1 }),
        .init(.traceQuestions, [.char("-")], .trace(.cycle(.seed, forward: false)), "Previous shuffle seed"),
        // Timeline
        .init(.trace, [.left, .char("h"), .right, .char("l")], .move(.right), "Step one environment action back / forward", hint: "step",
              enabled: { $0.trace.timeline.map { $0.branches != nil ? $0.lastStep > 0 : $0.events.count > 1 } ?? false }),
        .init(.trace, [.pageDown], .move(.pageDown), "Step one controller decision event forward", hint: "event",
              enabled: { ($0.trace.timeline?.events.count ?? 0) > 1 }),
        .init(.trace, [.pageUp], .move(.pageUp), "Step one controller decision event back"),
        .init(.trace, [.home, .char("g")], .move(.top), "First step (nothing done)"),
        .init(.trace, [.end, .char("G")], .move(.bottom), "Last step (the controller's answer)"),
        .init(.trace, [.char("p")], .trace(.jump(.prune, forward: true)), "Next prune / abandon", hint: "prune",
              enabled: { has(.prune, $0) }),
        .init(.trace, [.char("P")], .trace(.jump(.prune, forward: false)), "Previous prune / abandon"),
        .init(.trace, [.char("w")], .trace(.jump(.widening, forward: true)), "Next widening", hint: "widen",
              enabled: { has(.widening, $0) }),
        .init(.trace, [.char("W")], .trace(.jump(.widening, forward: false)), "Previous widening"),
        .init(.trace, [.char("s")], .trace(.jump(.stop, forward: true)), "Jump to the stop", hint: "stop",
              enabled: { has(.stop, $0) }),
        .init(.trace, [.up, .char("k"), .down, .char("j")], .move(.down), "Scroll branch rows"),
        .init(.trace, [.char("i")], .trace(.toggleQuestionText), "Question text and gold answer", hint: "question",
              enabled: { $0.trace.timeline != nil }),
        .init(.trace, [.escape, .backspace], .back, "Back to the question list", hint: "back"),
    ]

    /// True when the open timeline has a decision event with `mark` (its jump key can go there).
    static func has(_ mark: DecisionEvent.Mark, _ s: AppState) -> Bool {
        s.trace.timeline?.events.contains { $0.has(mark) } ?? false
    }

    public static func keyContexts(_ s: AppState) -> [KeyContext] {
        s.trace.openQuestion != nil ? [.trace, .global] : (s.trace.target != nil ? [.traceQuestions, .global] : [.global])
    }

    public static func move(_ s: inout AppState, _ d: Direction) {
        if s.trace.openQuestion != nil {
            guard let t = s.trace.timeline else { return }
            switch d {
            case .left: _ = reduce(&s, .step(-1))
            case .right: _ = reduce(&s, .step(1))
            case .pageUp: stepEvent(&s, t, -1)
            case .pageDown: stepEvent(&s, t, 1)
            case .top:
                s.trace.step = 0
                s.trace.event = t.branches == nil ? 0 : nil
            case .bottom:
                s.trace.step = t.lastStep
                s.trace.event = t.branches == nil ? max(0, t.events.count - 1) : nil
            case .up: s.trace.rowScroll = max(0, s.trace.rowScroll - 1)
            case .down:
                let rows = t.state(atStep: s.trace.step)?.rows.count ?? 0
                s.trace.rowScroll = min(max(0, rows - 1), s.trace.rowScroll + 1)
            }
            return
        }
        if let sel = ListCursor.moved(s.trace.selected, d, count: visibleQuestions(s.trace).count) { s.trace.selected = sel }
    }

    public static func drillIn(_ s: inout AppState) -> [Effect] {
        s.trace.openQuestion == nil ? reduce(&s, .openQuestion) : []
    }

    public static func back(_ s: inout AppState) -> Bool {
        if s.trace.showQuestion { s.trace.showQuestion = false; return true }
        if s.trace.openQuestion != nil {
            s.trace.openQuestion = nil
            s.trace.timeline = nil
            s.trace.timelineError = nil
            return true
        }
        return false
    }

    public static func filterPath(_ s: AppState) -> WritableKeyPath<AppState, FilterState>? {
        s.trace.openQuestion == nil && s.trace.target != nil ? \.trace.filter : nil
    }

    public static func filterPrompt(_ s: AppState) -> String { "filter questions" }

    public static func filterChanged(_ s: inout AppState) {
        s.trace.selected = min(s.trace.selected, max(0, visibleQuestions(s.trace).count - 1))
    }

    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        TraceView.render(state, rect, into: &buf)
    }
}

extension TraceFeature {
    /// Enter on a Frontier point: open that configuration's questions in the trace view.
    /// Enter on a Frontier point (the Frontier view's intent): that round and configuration.
    public static func receive(_ s: inout AppState, _ intent: NavigationIntent) -> [Effect] {
        guard case .tracePoint(let label, let point, let backbone, let benchmark) = intent else { return [] }
        guard let target = target(forSeries: label, point: point, run: s.snapshot?.run, backbone: backbone, benchmark: benchmark) else {
            s.message = "Trace: cannot tell which round and configuration \(label) \(point.config) is"
            return []
        }
        return choose(&s, target)
    }

    /// Maps a plotted point back to its round and result row: the series is labelled by the
    /// round (`r0004`) or round and family (`seed/asc`), the point carries the row's Acc and Cost.
    public static func target(forSeries label: String, point: PlotPoint, run: Run?, backbone: String, benchmark: String) -> TraceTarget? {
        guard let run else { return nil }
        for round in run.rounds where label == round.shortName || label.hasPrefix(round.shortName + "/") || label == round.id {
            guard let set = round.results(backbone: backbone, benchmark: benchmark) else { continue }
            let family = label.hasPrefix(round.shortName + "/") ? String(label.dropFirst(round.shortName.count + 1)) : nil
            let rows = set.rows.filter { family == nil || $0.configuration.family == family }
            if let row = rows.first(where: { $0.cost == point.cost && $0.acc == point.acc && ($0.configuration.shortLabel == point.config || $0.configuration.shortLabel.hasSuffix(point.config)) })
                ?? rows.first(where: { $0.cost == point.cost && $0.acc == point.acc }) {
                return TraceTarget(roundID: round.id, backbone: backbone, benchmark: benchmark, description: row.description)
            }
        }
        return nil
    }
}
