import Foundation
import ReplayCore
import Runs

/// The Launch feature's hooks: `e` opens a form (an overlay over any view) that starts an
/// evaluation on the embedded replay core; its jobs run in the background and write a new round.
public enum LaunchFeature: Feature {
    public static let id: FeatureID = .launch
    public static func makeService(_ context: ServiceContext) -> (any FeatureService)? { LaunchService(context: context) }

    public static func reduce(_ s: inout AppState, _ action: LaunchAction) -> [Effect] {
        switch action {
        case .open:
            s.showHelp = false
            s.launch.isOpen = true
            let run = s.snapshot?.run
            let round = s.selectedRound.flatMap { run?.round(id: $0.id) }
            if s.launch.form.runPath != run?.path || s.launch.form.runPath == nil || s.launch.form.heldOutOf != nil {
                s.launch.form = LaunchDefaults.form(for: run, round: round)
            } else if let run {
                // The selected round may have changed since: offer its controller (unless typed over).
                LaunchDefaults.offerOwnController(&s.launch.form, round: round, layout: run.layout)
            }
            return [scan(s.launch.form)]
        case .openHeldOut:
            let run = s.snapshot?.run
            guard let run, let round = s.selectedRound.flatMap({ run.round(id: $0.id) }) else { return [] }
            guard round.kind == .archived || round.kind == .live else {
                s.message = "Held-out: choose a discovered round (\(round.shortName) is not one)"
                return []
            }
            s.showHelp = false
            s.launch.isOpen = true
            s.launch.form = LaunchDefaults.heldOutForm(for: run, round: round)
            return [scan(s.launch.form)]
        case .close:
            s.launch.isOpen = false
        case .focusNext, .focusPrevious:
            let all = LaunchField.allCases
            let leaving = s.launch.form.focus
            let i = (leaving.rawValue + (action == .focusNext ? 1 : all.count - 1)) % all.count
            s.launch.form.focus = all[i]
            if leaving == .stores, s.launch.form.storesPath != s.launch.form.catalogPath { return [scan(s.launch.form)] }
        case .input(let c):
            let f = s.launch.form.focus
            s.launch.form[f].append(c)
            s.launch.form.edited.insert(f.rawValue)
            clearError(&s)
        case .deleteBackward:
            let f = s.launch.form.focus
            if !s.launch.form[f].isEmpty { s.launch.form[f].removeLast() }
            s.launch.form.edited.insert(f.rawValue)
            clearError(&s)
        case .clearField:
            s.launch.form[s.launch.form.focus] = ""
            s.launch.form.edited.insert(s.launch.form.focus.rawValue)
            clearError(&s)
        case .submit:
            return submit(&s)
        case .selectJob(let delta):
            guard !s.launch.jobs.isEmpty else { break }
            s.launch.selectedJob = min(max(0, s.launch.selectedJob + delta), s.launch.jobs.count - 1)
        case .cancelSelected:
            guard s.launch.jobs.indices.contains(s.launch.selectedJob) else { break }
            let job = s.launch.jobs[s.launch.selectedJob]
            guard job.status.isActive, job.status != .cancelling else { break }
            s.launch.jobs[s.launch.selectedJob].status = .cancelling
            return [.launch(.cancel(id: job.id))]
        case .storesScanned(let path, let entries, let error):
            guard path == s.launch.form.storesPath else { break }
            s.launch.form.catalogPath = path
            s.launch.form.catalog = error == nil ? entries : nil
            s.launch.form.catalogError = error
            LaunchDefaults.pickBenchmark(&s.launch.form, primary: s.snapshot?.frontier.benchmarks.first)
        case .nextRoundName(let name):
            s.launch.form.nextRoundHint = name
        case .jobAccepted(let id, let roundID):
            update(&s, id) { $0.roundID = roundID; if $0.status == .preparing { $0.status = .queued } }
        case .jobRejected(let id, let message, let part):
            s.launch.jobs.removeAll { $0.id == id }
            s.launch.selectedJob = max(0, min(s.launch.selectedJob, s.launch.jobs.count - 1))
            s.launch.form.error = message
            s.launch.form.errorField = LaunchValidation.field(for: part)
            if let f = s.launch.form.errorField { s.launch.form.focus = f }
            if !s.launch.isOpen { s.message = "launch refused: \(message)" }
        case .jobStage(let id, let status):
            update(&s, id) { if $0.status != .cancelling && $0.status.isActive { $0.status = status } }
        case .jobProgress(let id, let p):
            update(&s, id) { $0.progress = p }
        case .jobFinished(let id, let roundID, let seconds):
            update(&s, id) { $0.roundID = roundID; $0.status = .done(seconds: seconds) }
            s.message = "new round \(roundID) (evaluated in \(Format.duration(seconds)))"
            // Read the run again now, so the new round is on screen at once.
            s.loading = true
            return [.load, scan(s.launch.form)]
        case .jobFailed(let id, let message):
            update(&s, id) { $0.status = .failed(message) }
            s.message = "evaluation failed: \(message)"
        case .jobCancelled(let id):
            update(&s, id) { $0.status = .cancelled }
            s.message = "evaluation cancelled: no round written"
        }
        return []
    }

    static func scan(_ form: LaunchForm) -> Effect {
        .launch(.scanStores(path: form.storesPath, run: form.runPath))
    }

    static func clearError(_ s: inout AppState) {
        s.launch.form.error = nil
        s.launch.form.errorField = nil
    }

    static func update(_ s: inout AppState, _ id: Int, _ change: (inout LaunchJob) -> Void) {
        if let i = s.launch.jobs.firstIndex(where: { $0.id == id }) { change(&s.launch.jobs[i]) }
    }

    /// Enter: check the form; start a job, or say what is wrong and put the cursor there.
    static func submit(_ s: inout AppState) -> [Effect] {
        switch LaunchValidation.request(s.launch.form) {
        case .failure(let problem):
            s.launch.form.error = problem.message
            s.launch.form.errorField = problem.field
            s.launch.form.focus = problem.field
            return []
        case .success(let checked):
            clearError(&s)
            let id = s.launch.nextJobID
            s.launch.nextJobID += 1
            s.launch.jobs.append(LaunchJob(id: id, summary: checked.summary))
            s.launch.selectedJob = s.launch.jobs.count - 1
            return [.launch(.start(id: id, request: checked.request))]
        }
    }

    public static let bindings: [KeyBinding] = [
        .init(.global, [.char("e")], .launch(.open), "Launch an evaluation (form and running jobs)"),
        .init(.rounds, [.char("H")], .launch(.openHeldOut), "Evaluate the round on the held-out stores", hint: "held-out",
              enabled: { s in s.selectedRound.flatMap { r in s.snapshot?.run?.round(id: r.id) }.map { $0.kind == .archived || $0.kind == .live } ?? false }),
        .init(.launchForm, [.enter], .launch(.submit), "Launch the evaluation as a new round", hint: "launch"),
        .init(.launchForm, [.tab, .down], .launch(.focusNext), "Next field", hint: "field"),
        .init(.launchForm, [.backTab, .up], .launch(.focusPrevious), "Previous field"),
        .init(.launchForm, [.backspace], .launch(.deleteBackward), "Delete a character"),
        .init(.launchForm, [.ctrl("u")], .launch(.clearField), "Clear the field"),
        .init(.launchForm, [.ctrl("x")], .launch(.cancelSelected), "Cancel the selected job (no round is written)", hint: "cancel job"),
        .init(.launchForm, [.pageUp], .launch(.selectJob(-1)), "Select the previous job"),
        .init(.launchForm, [.pageDown], .launch(.selectJob(1)), "Select the next job"),
        .init(.launchForm, [.escape], .launch(.close), "Close the form (jobs keep running)", hint: "close"),
        // `?` types into a field here, so help is on F1 only.
        .init(.launchForm, [.function(1)], .toggleHelp, "Show the keys (? types into the field)"),
    ]

    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        guard state.launch.isOpen else { return }
        LaunchFormView.render(state, rect, into: &buf)
    }

    /// Only the form's keys while it is open: `q` and digits type into the field. Ctrl-C still quits.
    public static func keyContexts(_ s: AppState) -> [KeyContext] { [.launchForm] }

    public static func textInput(_ s: AppState, _ c: Character) -> Action? { .launch(.input(c)) }

    public static func back(_ s: inout AppState) -> Bool {
        s.launch.isOpen = false
        return true
    }
}

extension LaunchFeature {
    /// True while the launch form (an overlay over any view) is open and has focus.
    public static func isOverlayOpen(_ s: AppState) -> Bool { s.launch.isOpen }

    /// The status bar's compact line for the running job, e.g. "⟳ r0007 eval 45% · 12s left".
    public static func statusNote(_ s: AppState) -> String? {
        guard let job = s.launch.jobs.last(where: { $0.status.isActive }) else { return nil }
        let name = job.roundID.map { RoundLabel.short($0) } ?? "job \(job.id)"
        let more = s.launch.jobs.filter { $0.status.isActive }.count - 1
        var text = "⟳ \(name) " + LaunchFormView.statusWord(job.status)
        if job.status == .evaluating, let p = job.progress {
            text += " \(Int(p.fraction * 100))%"
            if let left = p.secondsLeft { text += " · \(Format.duration(left)) left" }
        }
        if more > 0 { text += " (+\(more) queued)" }
        return text
    }
}
