import Foundation
import Testing
@testable import Dashboard
import Runs

/// The launch form: defaults from the run, key routing while typing, validation, jobs and
/// their progress, as pure state transitions and screens.
@Suite("Launch form")
struct LaunchFeatureTests {
    static func base(width: Int = 120, height: Int = 40) throws -> AppState {
        try RealRunScreenTests.state(RunSnapshotTests.samplePath, width: width, height: height)
    }

    static func reduce(_ s: inout AppState, _ a: Action) -> [Effect] {
        let (next, effects) = Reducer.reduce(s, a)
        s = next
        return effects
    }

    /// The form open, with the stores listed as the service would report them.
    static func opened(width: Int = 120, height: Int = 40) throws -> AppState {
        var s = try base(width: width, height: height)
        _ = reduce(&s, .launch(.open))
        let stores = s.launch.form.storesPath
        _ = reduce(&s, .launch(.storesScanned(path: stores, entries: ["Synth-L", "Synth-M", "Synth-S"].map { StoreEntry(backbone: $0, benchmarks: ["synth-search"]) }, error: nil)))
        _ = reduce(&s, .launch(.nextRoundName("r0007_<date>_<time>_<hex>")))
        return s
    }

    static func type(_ s: inout AppState, _ text: String) {
        for c in text { _ = reduce(&s, KeyTable().action(for: .char(c), in: s)!) }
    }

    @Test("a round with its own method.py is offered with the configurations its rows record")
    func offersTheRoundsOwnController() throws {
        let run = try RunLoader.load(path: RunSnapshotTests.samplePath)
        let round = try #require(run.rounds.last { $0.kind == .archived && $0.ownController != nil && !$0.results.isEmpty })
        let form = LaunchDefaults.form(for: run, round: round)
        #expect(form[.method].hasSuffix("\(round.id)/code_base/method.py"))
        #expect(!form[.method].hasPrefix("/"), "relative to the run's root: \(form[.method])")
        #expect(form.methodPath == round.ownController)
        let classes = Set(round.results.flatMap { $0.rows.map(\.method) })
        for spec in form.controllerSpecs { #expect(classes.contains(String(spec.prefix { $0 != ":" })), "\(spec)") }
        // The SPECs expand to exactly the configurations the round was evaluated with.
        let labels = try LaunchValidation.configurationLabels(form.controllerSpecs, method: form.methodPath)
        let recorded = Set(round.results.flatMap { $0.rows.map { "\($0.method):" + $0.configuration.parameters.map { "\($0.name)=\($0.value.display)" }.joined(separator: ",") } })
        #expect(Set(labels) == recorded)
        // A seed baseline has no controller file: the built-ins.
        let seed = try #require(run.rounds.first { $0.kind == .seedBaseline })
        #expect(LaunchDefaults.form(for: run, round: seed)[.method].isEmpty)
        // Validation turns it into a request for the host.
        var typed = form
        typed.catalogPath = typed.storesPath
        typed.catalog = ["Synth-L", "Synth-M", "Synth-S"].map { StoreEntry(backbone: $0, benchmarks: ["synth-search"]) }
        if case .success(let checked) = LaunchValidation.request(typed) {
            #expect(checked.request.method == round.ownController)
        } else {
            Issue.record("the offered form does not validate: \(LaunchValidation.request(typed))")
        }
    }

    @Test("H in Rounds opens a held-out evaluation of the selected round (its controller, test_environment)")
    func heldOutKey() throws {
        var s = try Self.base()
        let run = try #require(s.snapshot?.run)
        let target = try #require(run.rounds.first { $0.shortName == "r0005" })
        while s.selectedRound?.id != target.id, s.rounds.selected < 20 { _ = Self.reduce(&s, .move(.down)) }
        #expect(s.selectedRound?.id == target.id)
        #expect(KeyTable().action(for: .char("H"), in: s) == .launch(.openHeldOut))
        _ = Self.reduce(&s, .launch(.openHeldOut))
        #expect(LaunchFeature.isOverlayOpen(s))
        let form = s.launch.form
        #expect(form.heldOutOf == target.id)
        #expect(form[.stores] == "test_environment")
        #expect(form.methodPath == target.ownController)
        let text = screen(s)
        #expect(text.contains("Held-out evaluation of r0005"))
        #expect(text.contains("→ eval/test_results/\(target.id)"))
        var scanned = form
        scanned.catalogPath = scanned.storesPath
        scanned.catalog = ["Synth-L", "Synth-M", "Synth-S"].map { StoreEntry(backbone: $0, benchmarks: ["synth-heldout"]) }
        guard case .success(let checked) = LaunchValidation.request(scanned) else { Issue.record("the held-out form does not validate"); return }
        #expect(checked.request.heldOutOf == target.id && checked.request.roundName == nil)
        #expect(checked.summary.contains("held-out of r0005"))
        // The seed baselines are not a discovered round: the key does nothing there.
        var seedState = try Self.base()
        #expect(seedState.selectedRound.flatMap { run.round(id: $0.id) }?.kind == .seedBaseline)
        _ = Self.reduce(&seedState, .launch(.openHeldOut))
        #expect(!LaunchFeature.isOverlayOpen(seedState))
    }

    @Test("e opens the form with defaults from the run and asks for its stores")
    func opensWithDefaults() throws {
        var s = try Self.base()
        let table = KeyTable()
        #expect(table.action(for: .char("e"), in: s) == .launch(.open))
        let effects = Self.reduce(&s, .launch(.open))
        #expect(LaunchFeature.isOverlayOpen(s))
        let f = s.launch.form
        #expect(f[.controllers] == "cmc:beta=0:1:0.1")
        #expect(f[.stores] == "code_base/environment")
        #expect(f.storesPath.hasSuffix("sample-runs/autotts-synthetic/code_base/environment"))
        #expect(f[.seeds] == "100" && f[.traces] == "none" && f[.backbones] == "all" && f[.roundName] == "")
        #expect(effects == [.launch(.scanStores(path: f.storesPath, run: s.snapshot?.run?.path))])
    }

    @Test("while the form is open, q and digits type; Ctrl-C still quits; Esc closes")
    func keysWhileTyping() throws {
        let s = try Self.opened()
        let table = KeyTable()
        #expect(KeyTable.contexts(for: s) == [.launchForm])
        #expect(table.action(for: .char("q"), in: s) == .launch(.input("q")))
        #expect(table.action(for: .char("2"), in: s) == .launch(.input("2")))
        #expect(table.action(for: .char("e"), in: s) == .launch(.input("e")))
        #expect(table.action(for: .ctrl("c"), in: s) == .quit)
        #expect(table.action(for: .escape, in: s) == .launch(.close))
        #expect(table.action(for: .tab, in: s) == .launch(.focusNext))
        #expect(table.action(for: .enter, in: s) == .launch(.submit))
        #expect(table.action(for: .ctrl("x"), in: s) == .launch(.cancelSelected))
        #expect(table.action(for: .char("?"), in: s) == .launch(.input("?")))
        #expect(table.action(for: .function(1), in: s) == .toggleHelp)
        let help = apply(s, .toggleHelp)
        #expect(table.action(for: .escape, in: help) == .toggleHelp, "Esc closes help, not the form")
        #expect(screen(help).contains("Launch form"))
        var t = s
        Self.type(&t, "q")
        #expect(t.launch.form[.controllers] == "cmc:beta=0:1:0.1q")
        #expect(!t.quitting)
        _ = Self.reduce(&t, .launch(.close))
        #expect(!LaunchFeature.isOverlayOpen(t))
        #expect(table.action(for: .char("q"), in: t) == .quit)
    }

    @Test("help lists the launch keys")
    func help() {
        let sections = KeyTable().helpSections()
        let global = sections.first { $0.context == .global }?.rows ?? []
        #expect(global.contains { $0.keys == "e" && $0.description.contains("Launch an evaluation") })
        let form = sections.first { $0.context == .launchForm }?.rows ?? []
        #expect(form.contains { $0.keys == "Ctrl-X" })
        #expect(form.contains { $0.keys == "Enter" })
    }

    @Test("a bad SPEC says which part is wrong and puts the cursor on the field")
    func badSpec() throws {
        var s = try Self.opened()
        _ = Self.reduce(&s, .launch(.clearField))
        Self.type(&s, "cmc:gamma=1")
        _ = Self.reduce(&s, .launch(.focusNext))
        let effects = Self.reduce(&s, .launch(.submit))
        #expect(effects.isEmpty)
        #expect(s.launch.jobs.isEmpty)
        #expect(s.launch.form.focus == .controllers)
        #expect(s.launch.form.error == "controller 'cmc:gamma=1': unknown parameter 'gamma' for cmc (parameters: beta)")
        #expect(screen(s).contains("✗ controller 'cmc:gamma=1': unknown parameter 'gamma'"))
    }

    @Test("seeds, traces, backbones and the round name are checked", arguments: [
        (LaunchField.seeds, "abc", "seeds 'abc': expected a whole number"),
        (LaunchField.seeds, "0", "seeds 0: expected 1 to 100000"),
        (LaunchField.traces, "some", "traces 'some': expected none, all or first:K"),
        (LaunchField.backbones, "Synth-XL", "no backbone 'Synth-XL' (found: Synth-L, Synth-M, Synth-S)"),
        (LaunchField.benchmarks, "aime24", "no benchmark 'aime24' (found: synth-search)"),
        (LaunchField.roundName, "my round", "round name my round: use letters, digits"),
    ])
    func fieldChecks(_ field: LaunchField, _ value: String, _ message: String) throws {
        var s = try Self.opened()
        while s.launch.form.focus != field { _ = Self.reduce(&s, .launch(.focusNext)) }
        _ = Self.reduce(&s, .launch(.clearField))
        Self.type(&s, value)
        _ = Self.reduce(&s, .launch(.focusNext))
        _ = Self.reduce(&s, .launch(.submit))
        #expect(s.launch.form.error?.contains(message) == true, "\(s.launch.form.error ?? "no error")")
        #expect(s.launch.form.focus == field)
        #expect(s.launch.jobs.isEmpty)
    }

    @Test("Enter starts a job with the form's request; progress, then the new round and a reload")
    func launchAndProgress() throws {
        var s = try Self.opened()
        let effects = Self.reduce(&s, .launch(.submit))
        guard case .start(let id, let request)? = try #require(effects.first).payload(LaunchEffect.self) else { Issue.record("no start effect: \(effects)"); return }
        #expect(id == 1)
        #expect(request.stores == s.launch.form.storesPath)
        #expect(request.controllers == ["cmc:beta=0:1:0.1"])
        #expect(request.seeds == 100 && request.traces == "none" && request.roundName == nil)
        #expect(request.clash == .nextFree)
        #expect(s.launch.jobs.map(\.summary) == ["cmc:beta=0:1:0.1 (11 configs) · 3 backbones × 1 benchmark · 100 seeds"])
        _ = Self.reduce(&s, .launch(.jobAccepted(id: 1, roundID: "r0007_20261129_101010_0badcafe")))
        _ = Self.reduce(&s, .launch(.jobStage(id: 1, .evaluating)))
        _ = Self.reduce(&s, .launch(.jobProgress(id: 1, JobProgress(configurationsDone: 15, configurationsTotal: 33, runsDone: 30_000, runsTotal: 66_000, elapsed: 2))))
        #expect(LaunchFeature.statusNote(s) == "⟳ r0007 evaluating 45% · 2s left")
        let done = Self.reduce(&s, .launch(.jobFinished(id: 1, roundID: "r0007_20261129_101010_0badcafe", seconds: 4.4)))
        #expect(done.contains(.load))
        #expect(s.loading)
        #expect(s.message == "new round r0007_20261129_101010_0badcafe (evaluated in 4s)")
        #expect(LaunchFeature.statusNote(s) == nil)
    }

    @Test("Ctrl-X cancels the selected job; a refused job returns its message to the form")
    func cancelAndReject() throws {
        var s = try Self.opened()
        _ = Self.reduce(&s, .launch(.submit))
        _ = Self.reduce(&s, .launch(.submit))
        #expect(s.launch.jobs.map(\.id) == [1, 2] && s.launch.selectedJob == 1)
        _ = Self.reduce(&s, .launch(.selectJob(-1)))
        let effects = Self.reduce(&s, KeyTable().action(for: .ctrl("x"), in: s)!)
        #expect(effects == [.launch(.cancel(id: 1))])
        #expect(s.launch.jobs[0].status == .cancelling)
        _ = Self.reduce(&s, .launch(.jobStage(id: 1, .evaluating)))
        #expect(s.launch.jobs[0].status == .cancelling, "a late stage report does not undo the cancel")
        _ = Self.reduce(&s, .launch(.jobCancelled(id: 1)))
        #expect(s.launch.jobs[0].status == .cancelled)
        #expect(Self.reduce(&s, .launch(.cancelSelected)).isEmpty, "a finished job cannot be cancelled")
        _ = Self.reduce(&s, .launch(.jobRejected(id: 2, message: "--seeds 0: expected 1 to 100000", part: .seeds)))
        #expect(s.launch.jobs.map(\.id) == [1])
        #expect(s.launch.form.focus == .seeds)
        #expect(s.launch.form.error == "--seeds 0: expected 1 to 100000")
    }

    // MARK: Screens

    static func withJobs(_ s: inout AppState) {
        _ = reduce(&s, .launch(.submit))
        _ = reduce(&s, .launch(.jobAccepted(id: 1, roundID: "r0007_20261129_101010_0badcafe")))
        _ = reduce(&s, .launch(.jobStage(id: 1, .evaluating)))
        _ = reduce(&s, .launch(.jobFinished(id: 1, roundID: "r0007_20261129_101010_0badcafe", seconds: 4.4)))
        _ = reduce(&s, .launch(.jobProgress(id: 1, JobProgress(configurationsDone: 33, configurationsTotal: 33, runsDone: 66_000, runsTotal: 66_000, elapsed: 4.2))))
        _ = reduce(&s, .launch(.submit))
        _ = reduce(&s, .launch(.jobAccepted(id: 2, roundID: "r0008_20261129_101020_0ddba11")))
        _ = reduce(&s, .launch(.jobStage(id: 2, .evaluating)))
        _ = reduce(&s, .launch(.jobProgress(id: 2, JobProgress(configurationsDone: 15, configurationsTotal: 33, runsDone: 30_000, runsTotal: 66_000, elapsed: 2))))
        s.message = nil
    }

    @Test("the form with two jobs, 120x40")
    func formScreen() throws {
        var s = try Self.opened()
        Self.withJobs(&s)
        let text = screen(s)
        #expect(text.contains("45%  2s left · 15/33 configs · 30,000/66,000 runs · 15.0k runs/s"))
        #expect(text.contains("⟳ r0008 evaluating 45%"))
        assertSnapshot(text, named: "launch-form-120x40")
    }

    @Test("the form at 80x24, with an error")
    func formSmall() throws {
        var s = try Self.opened(width: 80, height: 24)
        _ = Self.reduce(&s, .launch(.clearField))
        Self.type(&s, "cmc:beta=0:2:0.5")
        _ = Self.reduce(&s, .launch(.submit))
        let text = screen(s)
        #expect(text.contains("beta=1.5 is outside [0, 1]"))
        assertSnapshot(text, named: "launch-form-80x24")
    }

    @Test("at the minimum size (60x16) the notes give way to the job's progress")
    func formMinimum() throws {
        var s = try Self.opened(width: 60, height: 16)
        Self.withJobs(&s)
        let text = screen(s)
        #expect(text.contains("45%  2s left"))
        #expect(!text.contains("→ 11 configurations"))
        assertSnapshot(text, named: "launch-form-60x16")
    }

    @Test("the form closed: the running job in the status bar, 80x24")
    func statusBar() throws {
        var s = try Self.opened(width: 80, height: 24)
        Self.withJobs(&s)
        _ = Self.reduce(&s, .launch(.close))
        let text = screen(s)
        #expect(text.contains("⟳ r0008 evaluating 45% · 2s left"))
        assertSnapshot(text, named: "launch-status-80x24")
    }
}

@Suite("Launch form formatting")
struct LaunchFormatTests {
    @Test("counts are grouped by thousands", arguments: [(0, "0"), (999, "999"), (1000, "1,000"), (66_000, "66,000"), (1_212_000, "1,212,000"), (-1234, "-1,234")])
    func grouping(_ n: Int, _ text: String) {
        #expect(NumberText.cost(Double(n)) == text)   // what the jobs panel shows
    }
}
