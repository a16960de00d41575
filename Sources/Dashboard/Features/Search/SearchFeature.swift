import Foundation
import Runs

/// Runs the discovery loop on the open workspace from the dashboard: `S` opens a form
/// (proposer command, rounds, controller, seeds), Enter starts the search in the background,
/// the Live view follows it as its files appear, `X` stops it (the round in progress is left
/// unarchived, as Ctrl-C leaves it for `ttsdash search --resume`). Its state lives in the
/// generic slice: this feature is its folder plus one registry line.
public enum SearchFeature: Feature {
    public static let id: FeatureID = .search

    public static func state(_ s: AppState) -> SearchUIState { s.slice(SearchUIState.self, of: id) ?? SearchUIState() }

    static func update(_ s: inout AppState, _ change: (inout SearchUIState) -> Void) {
        var x = state(s)
        change(&x)
        s.setSlice(x, of: id)
    }

    public static func reduce(_ s: inout AppState, _ action: SearchAction) -> [Effect] {
        switch action {
        case .open:
            guard s.snapshot?.run?.layout.workspace != nil else {
                s.message = "Search: this folder is not an AutoTTS workspace (no code_base/)"
                return []
            }
            update(&s) { $0.isOpen = true; $0.error = nil }
        case .close:
            update(&s) { $0.isOpen = false }
        case .input(let c):
            update(&s) { $0[$0.focus].append(c); $0.error = nil }
        case .deleteBackward:
            update(&s) { f in if !f[f.focus].isEmpty { f[f.focus].removeLast() } }
        case .clearField:
            update(&s) { f in f[f.focus] = "" }
        case .nextField, .previousField:
            update(&s) { f in
                let all = SearchUIState.Field.allCases
                f.focus = all[(f.focus.rawValue + (action == .nextField ? 1 : all.count - 1)) % all.count]
            }
        case .submit:
            return submit(&s)
        case .stop:
            guard state(s).job?.isActive == true else { return [] }
            update(&s) { $0.job?.stage = .stopping }
            return [.search(.stop)]
        case .progress(let stage):
            update(&s) { if $0.job?.stage != .stopping || !isRunning(stage) { $0.job?.stage = stage } }
        case .archived(let rc):
            update(&s) { $0.job?.archived += 1; if rc != 0 { $0.job?.failedRounds += 1 } }
        case .ended(let stage):
            update(&s) { $0.job?.stage = stage }
            if case .failed(let why) = stage { s.message = "Search: \(why)" }
            return [.load]
        }
        return []
    }

    static func isRunning(_ stage: SearchJob.Stage) -> Bool { if case .running = stage { true } else { false } }

    static func submit(_ s: inout AppState) -> [Effect] {
        let f = state(s)
        guard f.job?.isActive != true else {
            update(&s) { $0.error = "a search is already running (X stops it)" }
            return []
        }
        guard let workspace = s.snapshot?.run?.layout.workspace else { return [] }
        let proposer = f.proposer.trimmingCharacters(in: .whitespaces)
        guard !proposer.isEmpty else { update(&s) { $0.error = "give a proposer: demo, claude, codex or a command" }; return [] }
        guard let rounds = Int(f.rounds.trimmingCharacters(in: .whitespaces)), rounds > 0 else {
            update(&s) { $0.error = "Rounds: a whole number above 0 (got “\(f.rounds)”)" }
            return []
        }
        guard let seeds = Int(f.seeds.trimmingCharacters(in: .whitespaces)), seeds > 0 else {
            update(&s) { $0.error = "Seeds: a whole number above 0 (got “\(f.seeds)”)" }
            return []
        }
        let controller = f.controller.trimmingCharacters(in: .whitespaces)
        update(&s) { $0.isOpen = false; $0.error = nil; $0.job = SearchJob(stage: .starting) }
        return [.search(.start(SearchRequest(workspace: workspace, proposer: proposer, rounds: rounds,
                                             controller: controller.isEmpty ? "OptimalController:beta=0:1:0.1" : controller, seeds: seeds))),
                .navigate(.show(.live))]
    }

    public static let bindings: [KeyBinding] = [
        .init(.rounds, [.char("S")], .search(.open), "Run the search on this workspace (propose → evaluate → archive)"),
        .init(.live, [.char("S")], .search(.open), "Run the search on this workspace", hint: "search",
              enabled: { state($0).job?.isActive != true && $0.snapshot?.run?.layout.workspace != nil }),
        .init(.rounds, [.char("X")], .search(.stop), "Stop the running search (its round stays unarchived)"),
        .init(.live, [.char("X")], .search(.stop), "Stop the running search", hint: "stop search",
              enabled: { state($0).job?.isActive == true }),
        .init(.searchForm, [.enter], .search(.submit), "Start the search", hint: "start"),
        .init(.searchForm, [.escape], .search(.close), "Close the form", hint: "close"),
        .init(.searchForm, [.tab, .down], .search(.nextField), "Next field", hint: "field"),
        .init(.searchForm, [.backTab, .up], .search(.previousField), "Previous field"),
        .init(.searchForm, [.backspace], .search(.deleteBackward), "Delete a character"),
        .init(.searchForm, [.ctrl("u")], .search(.clearField), "Clear the field"),
        .init(.searchForm, [.function(1)], .toggleHelp, "Show the keys (? types into the field)"),
    ]

    public static func isOverlayOpen(_ s: AppState) -> Bool { state(s).isOpen }
    public static func keyContexts(_ s: AppState) -> [KeyContext] { [.searchForm] }
    public static func textInput(_ s: AppState, _ c: Character) -> Action? { .search(.input(c)) }

    public static func back(_ s: inout AppState) -> Bool {
        guard state(s).isOpen else { return false }
        update(&s) { $0.isOpen = false }
        return true
    }

    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        SearchFormView.render(state, rect, into: &buf)
    }

    public static func makeService(_ context: ServiceContext) -> (any FeatureService)? { SearchService(context: context) }

    /// "⟳ search r0007 proposing (1/3)" while it runs; the outcome afterwards.
    public static func statusNote(_ s: AppState) -> String? {
        guard let job = state(s).job else { return nil }
        switch job.stage {
        case .starting: return "⟳ search starting"
        case .running(let round, let phase, let step, let of): return "⟳ search \(RoundLabel.short(round)) \(phase) (\(step)/\(of))"
        case .stopping: return "⟳ search stopping"
        case .finished(let what): return "✓ search \(what)"
        case .failed: return "✗ search failed"
        }
    }
}

extension Action {
    public static func search(_ a: SearchAction) -> Action { .feature(FeatureValue(a)) }
}

extension Effect {
    public static func search(_ e: SearchEffect) -> Effect { .feature(FeatureValue(e)) }
}
