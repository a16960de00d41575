import Foundation
import Synchronization
import Testing
@testable import Dashboard
import ReplayCore
import Runs

/// Entry into the Trace view (Frontier point, Rounds key), its keys, and its service fetching
/// from the bundled sample run off the UI thread.
@Suite struct TraceFeatureTests {
    static func sampleState(width: Int = 120, height: Int = 40) throws -> AppState {
        try RealRunScreenTests.state(RunSnapshotTests.samplePath, width: width, height: height)
    }

    /// Runs effects through a real `Services`, feeding posted actions back into the reducer,
    /// until no effect is left (or a few seconds pass).
    static func settle(_ state: AppState, _ effects: [Effect]) throws -> AppState {
        let posted = Mutex<[Action]>([])
        let services = Services(context: ServiceContext(source: RunDataSource(path: RunSnapshotTests.samplePath)) { a in
            posted.withLock { $0.append(a) }
        })
        defer { services.shutdown() }
        var s = state
        var pending = effects.count
        for e in effects { services.perform(e) }
        let deadline = Date().addingTimeInterval(20)
        while pending > 0 && Date() < deadline {
            let actions = posted.withLock { list -> [Action] in defer { list.removeAll() }; return list }
            if actions.isEmpty { Thread.sleep(forTimeInterval: 0.01); continue }
            for a in actions {
                pending -= 1
                let (next, more) = Reducer.reduce(s, a)
                s = next
                pending += more.count
                for e in more { services.perform(e) }
            }
        }
        #expect(pending == 0, "effects still pending")
        return s
    }

    @Test("Enter on a Frontier point opens that round and configuration's questions, then a timeline")
    func fromFrontier() throws {
        var s = apply(try Self.sampleState(), .selectTab(.frontier))
        let panel = try #require(s.currentPanel)
        let series = try #require(panel.series.first { $0.label == "r0005" })
        let sorted = series.pointsByCost
        s.frontier.focusSeries = "r0005"
        s.frontier.cursorPoint = try #require(sorted.firstIndex { $0.config == "beta=0.5" })
        let (opened, effects) = Reducer.reduce(s, .drillIn)
        #expect(opened.tab == .trace)
        let target = try #require(opened.trace.target)
        #expect(target.description == "optimal_controller | config={'beta': 0.5}")
        #expect(opened.snapshot?.run?.round(id: target.roundID)?.shortName == "r0005")
        guard case .loadQuestions(let request)? = effects.first?.payload(TraceEffect.self) else { Issue.record("\(effects)"); return }
        #expect(request.tracePath?.hasSuffix("synth-search_trace_new_api.jsonl") == true)
        var loaded = try Self.settle(opened, effects)
        let list = try #require(loaded.trace.list)
        #expect(list.error == nil)
        #expect(list.questions.count == 4)
        #expect(list.questions.allSatisfy { $0.branches != nil && $0.stopReason != nil && $0.cost != nil })
        assertSnapshot(screen(loaded), named: "trace-sample-questions-120x40")
        let (open, more) = Reducer.reduce(loaded, .drillIn)
        loaded = try Self.settle(open, more)
        let t = try #require(loaded.trace.timeline)
        #expect(t.source == .row)
        #expect(t.placement == .exact)
        #expect(t.state(atStep: t.lastStep)?.tokens == t.cost)
        assertSnapshot(screen(loaded), named: "trace-sample-timeline-120x40")
    }

    @Test("every plotted point maps back to its round and result row")
    func everyPointMapsBack() throws {
        let s = try Self.sampleState()
        let run = try #require(s.snapshot?.run)
        var mapped = 0
        for panel in s.frontierModel.panels {
            for series in panel.series {
                for point in series.points {
                    let target = try #require(TraceFeature.target(forSeries: series.label, point: point, run: run,
                                                                  backbone: panel.backbone, benchmark: panel.benchmark),
                                              "\(series.label) \(point.config)")
                    let round = try #require(run.round(id: target.roundID))
                    #expect(series.label.hasPrefix(round.shortName))
                    let row = try #require(round.results(backbone: panel.backbone, benchmark: panel.benchmark)?.rows.first { $0.description == target.description })
                    #expect(row.cost == point.cost && row.acc == point.acc)
                    mapped += 1
                }
            }
        }
        #expect(mapped > 50)
    }

    @Test("t in the Rounds view traces the selected round; a guessed configuration falls back to the traced one")
    func fromRounds() throws {
        // r0000 traces ESC, whose results have no β = 0.5 row: the first row is only a guess.
        let s = apply(try Self.sampleState(), .move(.down))
        #expect(s.selectedRound?.name == "r0000")
        let table = KeyTable()
        #expect(table.action(for: .char("t"), in: s) == .trace(.openSelectedRound))
        let (opened, effects) = Reducer.reduce(s, .trace(.openSelectedRound))
        #expect(opened.tab == .trace)
        let loaded = try Self.settle(opened, effects)
        let list = try #require(loaded.trace.list)
        #expect(list.error == nil, "\(list.error ?? "")")
        #expect(loaded.trace.target?.description == list.description)
        #expect(list.description == "esc | config={'max_samples': 16, 'window_size': 4}")
        // The seed round ships no trace files: its rows are replayed with the built-in, said plainly.
        let seed = try Self.settle(Reducer.reduce(try Self.sampleState(), .trace(.openSelectedRound)).0,
                                   Reducer.reduce(try Self.sampleState(), .trace(.openSelectedRound)).1)
        #expect(seed.trace.list?.error == nil)
        #expect(seed.trace.list?.notes.first?.contains("has no trace file") == true)
        #expect(seed.trace.list?.notes.first?.contains("replayed on demand with the built-in") == true)
        #expect(seed.trace.list?.questions.isEmpty == false)
        // Cycling the configuration to one the file does not trace replays it, and says so.
        let (cycled, more) = Reducer.reduce(loaded, .trace(.cycle(.configuration, forward: true)))
        let after = try Self.settle(cycled, more)
        #expect(after.trace.list?.notes.first?.contains("no rows for") == true)
        #expect(after.trace.list?.notes.first?.contains("replayed on demand with the round's method.py") == true, "\(after.trace.list?.notes ?? [])")
    }

    @Test("keys: steps and jumps in the timeline, sorting and filtering in the list")
    func keys() throws {
        let table = KeyTable()
        var s = AppState(width: 100, height: 30)
        s.tab = .frontier
        #expect(table.action(for: .enter, in: s) == .drillIn)
        s.tab = .trace
        s.trace.target = TraceTarget(roundID: "r", backbone: "b", benchmark: "d", description: "x")
        #expect(table.action(for: .char("s"), in: s) == .trace(.cycleSort))
        #expect(table.action(for: .char("w"), in: s) == .trace(.toggleWrongOnly))
        #expect(table.action(for: .char("/"), in: s) == .beginFilter)
        #expect(table.action(for: .enter, in: s) == .drillIn)
        s.trace.openQuestion = 0
        #expect(table.action(for: .left, in: s) == .move(.left))
        #expect(table.action(for: .char("l"), in: s) == .move(.right))
        #expect(table.action(for: .pageDown, in: s) == .move(.pageDown))
        #expect(table.action(for: .pageUp, in: s) == .move(.pageUp))
        #expect(table.action(for: .char("s"), in: s) == .trace(.jump(.stop, forward: true)))
        #expect(table.action(for: .char("p"), in: s) == .trace(.jump(.prune, forward: true)))
        #expect(table.action(for: .char("W"), in: s) == .trace(.jump(.widening, forward: false)))
        #expect(table.action(for: .char("i"), in: s) == .trace(.toggleQuestionText))
        #expect(table.action(for: .escape, in: s) == .back)
    }

    @Test("stale results (an older request) are dropped")
    func staleResults() {
        var s = AppState(width: 100, height: 30)
        s.trace.request = 3
        let list = TraceQuestionList(tracePath: "p", description: "d", seeds: [0], seed: 0, questions: [])
        s = apply(s, .trace(.questionsLoaded(request: 2, list)))
        #expect(s.trace.list == nil)
        s = apply(s, .trace(.questionsLoaded(request: 3, list)))
        #expect(s.trace.list == list)
    }
}
