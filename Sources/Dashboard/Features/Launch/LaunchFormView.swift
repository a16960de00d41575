import Foundation
import ReplayCore
import Runs

/// The launch overlay: the form's fields (with what each would run, checked as you type),
/// the last error, and a panel with one progress bar per job.
enum LaunchFormView {
    static let labelWidth = 15

    static func render(_ state: AppState, _ area: Rect, into buf: inout CellBuffer) {
        let launch = state.launch
        let form = launch.form
        // On a short screen only the notes that say what will run (SPECs, stores) are shown.
        let compact = area.height < 32
        // Each note is worked out once a frame (the controllers' note expands the SPEC grids).
        let notes = Dictionary(uniqueKeysWithValues: LaunchField.allCases.compactMap { f in note(f, form).map { (f, $0) } })
        var noted = LaunchField.allCases.filter { notes[$0] != nil && (!compact || $0 == .controllers || $0 == .stores) }
        // Borders, the fields and their notes, the error line (when there is an error), the jobs
        // rule, then two lines per job.
        let jobRows = max(1, min(launch.jobs.count, 4) * 2)
        let errorRows = form.error == nil ? 0 : 1
        let bare = 2 + LaunchField.allCases.count + errorRows + 1 + min(jobRows, 2)
        // Too short for the notes and the newest job's progress: the progress wins.
        if bare + noted.count > area.height { noted = [] }
        let wanted = bare - min(jobRows, 2) + jobRows + noted.count
        let w = min(area.width - 2, 100)
        let h = min(area.height, wanted)
        guard w > 30, h > 6 else { return }
        let box = Rect(x: area.x + (area.width - w) / 2, y: area.y + max(0, (area.height - h) / 2), width: w, height: h)
        buf.clear(box)
        let title = form.heldOutName.map { "Held-out evaluation of \($0) · Enter launch · Esc close" } ?? "Launch an evaluation · Enter launch · Esc close"
        let inner = Box.draw(box, title: title, focused: true, into: &buf)
        var y = inner.y
        let x = inner.x + 1
        let width = inner.width - 2
        for f in LaunchField.allCases where y < inner.maxY {
            let focused = form.focus == f
            let labelStyle = focused ? Style(.accent, bold: true) : Style.dim
            buf.put((focused ? "▸ " : "  ") + f.label, x: x, y: y, style: labelStyle)
            let vx = x + labelWidth
            let room = max(1, width - labelWidth - 1)
            let value = form[f]
            if value.isEmpty && !focused {
                buf.put(Text.truncate(placeholder(f, form), to: room), x: vx, y: y, style: .dim)
            } else {
                let shown = Text.truncateFront(value, to: room - 1)   // the part being typed stays visible
                let used = buf.put(shown, x: vx, y: y, style: Style(.text, bold: focused))
                if focused { buf.put("█", x: vx + used, y: y, style: .accent) }
                if value.isEmpty, focused { buf.put(" " + Text.truncate(placeholder(f, form), to: room - 2), x: vx + 1, y: y, style: .dim) }
            }
            y += 1
            if noted.contains(f), let (note, style) = notes[f] {
                if y < inner.maxY { buf.put(Text.truncate(note, to: room), x: vx, y: y, style: style) }
                y += 1
            }
        }
        if let e = form.error {
            if y < inner.maxY { buf.put(Text.truncate("✗ " + e, to: width), x: x, y: y, style: Style(.wrong, bold: true)) }
            y += 1
        }
        guard y < inner.maxY else { return }
        Box.rule(Rect(x: inner.x, y: y, width: inner.width, height: 1), label: "Jobs", into: &buf)
        y += 1
        if launch.jobs.isEmpty {
            if y < inner.maxY { buf.put("No evaluations yet: Enter starts one; it runs in the background and becomes a new round.", x: x, y: y, style: .dim, maxWidth: width) }
            return
        }
        // The selected job and those around it, newest last.
        let fit = max(1, (inner.maxY - y) / 2)
        let first = max(0, min(launch.selectedJob - fit + 1, launch.jobs.count - fit))
        for i in first..<min(launch.jobs.count, first + fit) where y + 1 < inner.maxY {
            let job = launch.jobs[i]
            renderJob(job, selected: i == launch.selectedJob, x: x, y: y, width: width, into: &buf)
            y += 2
        }
    }

    static func renderJob(_ job: LaunchJob, selected: Bool, x: Int, y: Int, width: Int, into buf: inout CellBuffer) {
        var cx = x
        cx += buf.put(selected ? "▸ " : "  ", x: cx, y: y, style: .accent)
        cx += buf.put((job.roundID ?? "naming…") + "  ", x: cx, y: y, style: Style(.text, bold: true), maxWidth: x + width - cx)
        let (word, style) = statusText(job.status)
        cx += buf.put(word + "  ", x: cx, y: y, style: style, maxWidth: x + width - cx)
        buf.put(job.summary, x: cx, y: y, style: .dim, maxWidth: max(0, x + width - cx))
        guard let line = progressLine(job, width: width - 2) else { return }
        var px = x + 2
        px += buf.put(line.bar, x: px, y: y + 1, style: Style(job.status == .cancelled ? .dim : .accent))
        buf.put(line.stats, x: px, y: y + 1, style: .text, maxWidth: max(0, x + width - px))
    }

    /// A bar and "45%  5/11 configs · 150,000/330,000 runs · 12.3k runs/s · 9s left".
    static func progressLine(_ job: LaunchJob, width: Int) -> (bar: String, stats: String)? {
        switch job.status {
        case .failed(let m):
            return ("", "✗ " + m)
        case .preparing, .queued, .loadingStores:
            if job.progress == nil { return ("", job.status == .loadingStores ? "reading the replay stores…" : "waiting to start…") }
        default: break
        }
        guard let p = job.progress else { return nil }
        let barWidth = max(10, min(30, width / 4))
        let filled = Int((p.fraction * Double(barWidth)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled) + " "
        // Most useful first, so a narrow box cuts the least useful: time left, then counts, then rate.
        var stats = String(format: "%3d%%  ", Int(p.fraction * 100))
        switch job.status {
        case .done(let seconds): stats += "done in \(Format.duration(seconds))"
        case .cancelled: stats += "cancelled"
        default: stats += p.secondsLeft.map { Format.duration($0) + " left" } ?? "estimating…"
        }
        stats += " · \(p.configurationsDone)/\(p.configurationsTotal) configs · \(NumberText.cost(Double(p.runsDone)))/\(NumberText.cost(Double(p.runsTotal))) runs"
        stats += " · \(rate(p.rate))"
        return (bar, stats)
    }

    static func rate(_ r: Double) -> String {
        r >= 1000 ? String(format: "%.1fk runs/s", r / 1000) : String(format: "%.0f runs/s", r)
    }

    static func statusWord(_ s: LaunchJob.Status) -> String { statusText(s).0 }

    static func statusText(_ s: LaunchJob.Status) -> (String, Style) {
        switch s {
        case .preparing: ("checking", .dim)
        case .queued: ("queued", .dim)
        case .loadingStores: ("loading stores", Style(.accent))
        case .evaluating: ("evaluating", Style(.accent, bold: true))
        case .writing: ("writing the round", Style(.accent))
        case .cancelling: ("cancelling", Style(.warning, bold: true))
        case .done: ("✓ done", Style(.correct, bold: true))
        case .failed: ("✗ failed", Style(.wrong, bold: true))
        case .cancelled: ("cancelled", Style(.warning))
        }
    }

    static func placeholder(_ f: LaunchField, _ form: LaunchForm) -> String {
        switch f {
        case .method: "empty: built-in controllers; or a round's method.py"
        case .controllers: form.methodPath == nil ? "a SPEC, e.g. cmc:beta=0:1:0.1; asc:max_samples=1,4,8" : "its classes, e.g. OptimalController:beta=0:1:0.1"
        case .stores: "a folder of <backbone>/<benchmark>.json"
        case .backbones, .benchmarks: "all, or a comma-separated list"
        case .seeds: "shuffle seeds 0..N-1"
        case .traces: "none, all or first:K"
        case .roundName: form.heldOutOf.map { "→ eval/test_results/\($0) (tied to the round)" } ?? ("auto: " + (form.nextRoundHint ?? "r<next>_<date>_<time>_<hex>"))
        }
    }

    /// The line under a field: what it resolves to, or what is wrong with it.
    static func note(_ f: LaunchField, _ form: LaunchForm) -> (String, Style)? {
        switch f {
        case .method:
            guard let path = form.methodPath else { return nil }
            return ("→ \((path as NSString).lastPathComponent) runs in python3 workers; the SPECs name its classes", .dim)
        case .controllers:
            let specs = form.controllerSpecs
            guard !specs.isEmpty else { return ("several SPECs: separate with ;  grids start:stop:step, lists a,b,c", .dim) }
            do {
                let labels = try LaunchValidation.configurationLabels(specs, method: form.methodPath)
                let shown = labels.count <= 4 ? labels.joined(separator: ", ")
                    : labels.prefix(2).joined(separator: ", ") + ", …, " + labels.last!
                return ("→ \(labels.count) configuration\(labels.count == 1 ? "" : "s"): \(shown)", .dim)
            } catch {
                return ("✗ " + error.description, Style(.wrong))
            }
        case .stores:
            if form.catalogPath != form.storesPath { return ("Tab to check the folder", .dim) }
            if let e = form.catalogError { return ("✗ " + e, Style(.wrong)) }
            guard let c = form.catalog else { return nil }
            let benchmarks = c.flatMap(\.benchmarks).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            return ("→ \(c.count) backbone\(c.count == 1 ? "" : "s"): \(c.map(\.backbone).joined(separator: ", ")) · benchmarks: \(benchmarks.joined(separator: ", "))", .dim)
        case .seeds:
            return ("one run per question and seed; 100 matches the reference", .dim)
        case .traces:
            return ("trace rows kept (the Trace view reads them); all can be GBs", .dim)
        case .roundName:
            if form.heldOutOf != nil { return ("a held-out evaluation is named for its round; the name here is not used", .dim) }
            return ("a label (cmc-sweep → r<next>_cmc-sweep) or empty; a taken name moves to the next free one", .dim)
        case .backbones, .benchmarks:
            return nil
        }
    }
}
