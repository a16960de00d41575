import ControllerHost
import Foundation
import ReplayCore
import Runs

/// The form's defaults, taken from the run on screen.
enum LaunchDefaults {
    static let controllers = "cmc:beta=0:1:0.1"

    static func form(for run: Run?, round: Round? = nil) -> LaunchForm {
        var f = LaunchForm()
        f.runPath = run?.path
        f.runRoot = run?.layout.root
        f[.controllers] = controllers
        if let run { offerOwnController(&f, round: round, layout: run.layout) }
        f[.stores] = run.flatMap { storesField($0.layout) } ?? ""
        f[.backbones] = "all"
        f[.benchmarks] = "all"
        f[.seeds] = "100"
        f[.traces] = "none"
        f[.roundName] = ""
        return f
    }

    /// The form for evaluating `round` on the held-out stores (AutoTTS's "Way A"): its own
    /// controller and recorded configurations, the run's `test_environment`, all its benchmarks.
    static func heldOutForm(for run: Run, round: Round) -> LaunchForm {
        var f = form(for: run)
        f.heldOutOf = round.id
        f.heldOutName = round.shortName
        f[.method] = round.ownController.map { relative($0, to: run.layout) } ?? ""
        if let specs = round.recordedSpecs { f[.controllers] = specs.joined(separator: "; ") }
        if let test = run.layout.testEnvironment { f[.stores] = relative(test, to: run.layout) }
        f[.roundName] = ""
        return f
    }

    /// A round with its own controller (a proposal's method.py) is offered as it is: its file and
    /// the configurations it was evaluated with. Fields the user typed into are left alone.
    static func offerOwnController(_ f: inout LaunchForm, round: Round?, layout: RunLayout) {
        guard !f.edited.contains(LaunchField.method.rawValue), !f.edited.contains(LaunchField.controllers.rawValue) else { return }
        guard let round, let path = round.ownController else {
            f[.method] = ""
            f[.controllers] = controllers
            return
        }
        f[.method] = relative(path, to: layout)
        f[.controllers] = round.recordedSpecs.map { $0.joined(separator: "; ") } ?? "OptimalController:beta=0:1:0.1"
    }

    /// The run's replay stores, relative to its root when inside it (short, and the same on every machine).
    static func storesField(_ layout: RunLayout) -> String? {
        guard let env = layout.environment ?? layout.testEnvironment else { return nil }
        return relative(env, to: layout)
    }

    /// A path inside the run relative to its root (short, and the same on every machine).
    static func relative(_ path: String, to layout: RunLayout) -> String {
        let root = layout.root.hasSuffix("/") ? layout.root : layout.root + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    /// With several benchmarks in the stores, start with the run's own (the search benchmark)
    /// rather than all of them, unless the user chose.
    static func pickBenchmark(_ f: inout LaunchForm, primary: String?) {
        guard !f.edited.contains(LaunchField.benchmarks.rawValue), f[.benchmarks] == "all",
              let primary, let catalog = f.catalog else { return }
        let all = Set(catalog.flatMap(\.benchmarks))
        if all.count > 1 && all.contains(primary) { f[.benchmarks] = primary }
    }
}

/// Checks the form without touching the disk (the stores listing comes from the last scan);
/// the service checks again against the disk before anything runs.
enum LaunchValidation {
    struct Problem: Error, Equatable {
        var field: LaunchField
        var message: String
    }

    struct Checked: Equatable {
        var request: LaunchRequest
        var summary: String
    }

    static func request(_ form: LaunchForm, threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> Result<Checked, Problem> {
        guard let run = form.runPath else { return .failure(Problem(field: .stores, message: "no run is loaded yet")) }
        let specs = form.controllerSpecs
        if specs.isEmpty { return .failure(Problem(field: .controllers, message: "type a controller SPEC, e.g. cmc:beta=0:1:0.1 (several: separate with ;)")) }
        let configCount: Int
        do { configCount = try configurationLabels(specs, method: form.methodPath).count } catch {
            return .failure(Problem(field: .controllers, message: error.description))
        }
        let stores = form.storesPath
        if stores.isEmpty { return .failure(Problem(field: .stores, message: "type a folder of replay stores (<backbone>/<benchmark>.json)")) }
        if form.catalogPath == stores, let e = form.catalogError { return .failure(Problem(field: .stores, message: e)) }
        let seedText = form[.seeds].trimmingCharacters(in: .whitespaces)
        guard let seeds = Int(seedText) else { return .failure(Problem(field: .seeds, message: "seeds '\(seedText)': expected a whole number (1 to \(EvaluationPlan.maxSeeds))")) }
        guard seeds >= 1 && seeds <= EvaluationPlan.maxSeeds else { return .failure(Problem(field: .seeds, message: "seeds \(seeds): expected 1 to \(EvaluationPlan.maxSeeds)")) }
        let traces = form[.traces].trimmingCharacters(in: .whitespaces)
        do { _ = try EvaluationPlan.traceSeedCount(traces, seeds: seeds) } catch {
            return .failure(Problem(field: .traces, message: "traces '\(traces)': expected none, all or first:K"))
        }
        let name = form.heldOutOf == nil ? form[.roundName].trimmingCharacters(in: .whitespaces) : ""
        if !name.isEmpty && name.lowercased() != "auto" {
            do { try RoundNamer.validate(name) } catch {
                return .failure(Problem(field: .roundName, message: error.description.replacingOccurrences(of: "--as-round ", with: "round name ")))
            }
        }
        var storeCount = ""
        if form.catalogPath == stores, let catalog = form.catalog {
            do {
                let keys = try EvaluationPlan.storeKeys(catalog: catalog.map { (backbone: $0.backbone, benchmarks: $0.benchmarks) },
                                                        stores: stores, backbones: form[.backbones], benchmarks: form[.benchmarks])
                let backbones = Set(keys.map(\.backbone)).count, benchmarks = Set(keys.map(\.benchmark)).count
                storeCount = " · \(backbones) backbone\(backbones == 1 ? "" : "s") × \(benchmarks) benchmark\(benchmarks == 1 ? "" : "s")"
            } catch {
                let field = self.field(for: error.part) ?? .backbones
                return .failure(Problem(field: field, message: error.description))
            }
        }
        let request = LaunchRequest(run: run, stores: stores, backbones: form[.backbones], benchmarks: form[.benchmarks],
                                    controllers: specs, seeds: seeds, traces: traces, roundName: name.isEmpty ? nil : name,
                                    clash: .nextFree, threads: max(1, threads), method: form.methodPath,
                                    heldOutOf: form.heldOutOf)
        let summary = specs.joined(separator: "; ") + " (\(configCount) config\(configCount == 1 ? "" : "s"))" + storeCount + " · \(seeds) seeds"
            + (form.methodPath.map { " · " + ($0 as NSString).lastPathComponent } ?? "")
            + (form.heldOutName.map { " · held-out of \($0)" } ?? "")
        return .success(Checked(request: request, summary: summary))
    }

    /// How the SPECs expand: built-in configurations, or classes of the method file.
    static func configurationLabels(_ specs: [String], method: String?) throws(PlanError) -> [String] {
        if method != nil {
            do { return try HostedConfiguration.parseAll(specs).map(\.label) } catch { throw PlanError(error.description) }
        }
        return try EvaluationPlan.configurations(specs).map(\.shortLabel)
    }

    /// The field a plan error is about (the plan says which part), to put the cursor there.
    static func field(for part: PlanError.Part?) -> LaunchField? {
        switch part {
        case .stores: .stores
        case .backbones: .backbones
        case .benchmarks: .benchmarks
        case .controllers: .controllers
        case .seeds: .seeds
        case .traces: .traces
        case .method: .method
        case .roundName: .roundName
        case nil: nil
        }
    }
}
