import ControllerHost
import Foundation
import ReplayCore

/// What to evaluate and where the results go: a new round of `run`.
public struct LaunchRequest: Sendable, Equatable {
    /// The run folder (any entry point the locator accepts).
    public var run: String
    /// Replay stores; nil takes the run's own (`code_base/environment`).
    public var stores: String?
    public var backbones: String
    public var benchmarks: String
    public var controllers: [String]
    public var seeds: Int
    /// `none`, `all` or `first:K`.
    public var traces: String
    /// A round id or label; nil or "auto" for a time-stamped `r<NNNN>_<date>_<time>_<hex>`.
    public var roundName: String?
    public var clash: ClashPolicy
    public var threads: Int
    /// A `method.py` whose classes the SPECs name; nil for built-in controllers.
    public var method: String?
    public var methodTimeout: Double
    /// Evaluate as the held-out run of this round (its id): results go to
    /// `eval/test_results/<round id>/` and are tied to it; nil for a new round.
    public var heldOutOf: String?

    public init(run: String, stores: String? = nil, backbones: String = "all", benchmarks: String = "all",
                controllers: [String], seeds: Int = 100, traces: String = "none", roundName: String? = nil,
                clash: ClashPolicy = .refuse, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                method: String? = nil, methodTimeout: Double = HostedRequest.defaultTimeout, heldOutOf: String? = nil) {
        self.run = run; self.stores = stores; self.backbones = backbones; self.benchmarks = benchmarks
        self.controllers = controllers; self.seeds = seeds; self.traces = traces; self.roundName = roundName
        self.clash = clash; self.threads = threads; self.method = method; self.methodTimeout = methodTimeout
        self.heldOutOf = heldOutOf
    }
}

/// A request checked against the disk: the plan, the stores folder, where the round goes.
public struct PreparedLaunch: Sendable {
    public let request: LaunchRequest
    public let layout: RunLayout
    public let stores: String
    public let plan: EvaluationPlan
    public let history: String
    /// The round id chosen now; `commit` may move it on (with `.nextFree`) if taken meanwhile.
    public let roundID: String
}

/// Where a running launch is.
public enum LaunchStage: Sendable, Equatable {
    case loadingStores
    case evaluating
    case writing
}

public struct LaunchOutcome: Sendable {
    public let roundID: String
    public let roundPath: String
    public let results: [ConfigurationResult]
    public let files: [String]
    /// `method.py` configurations that gave no row (raised, timed out).
    public let failures: [HostedFailure]
    public let seconds: Double
}

/// Runs a launch: validate, load stores, evaluate, stage the round's files, move it into place.
/// Shared by `ttsdash eval --as-round` and the dashboard's launch form.
public enum RoundLauncher {
    public static func prepare(_ request: LaunchRequest, now: Date = Date()) throws(PlanError) -> PreparedLaunch {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: request.run, isDirectory: &isDir) else {
            throw PlanError("\(request.run): no such run folder")
        }
        guard isDir.boolValue else { throw PlanError("\(request.run): not a folder (expected a discovery run folder)") }
        let layout: RunLayout
        do { layout = try RunLocator.locate(request.run) } catch { throw PlanError(error.description) }
        if let of = request.heldOutOf {
            guard RoundNaming.parse(of) != nil else { throw PlanError("--held-out-of \(of): not a round id (r0004, r0004_20260416_214416_01c8f9c6)") }
            guard request.stores ?? layout.testEnvironment != nil else {
                throw PlanError("\(request.run): the run has no held-out stores (test_environment); pass --stores DIR", part: .stores)
            }
        }
        guard let stores = request.stores ?? (request.heldOutOf != nil ? layout.testEnvironment : layout.environment) else {
            throw PlanError("\(request.run): the run has no replay stores (code_base/environment); pass --stores DIR", part: .stores)
        }
        let plan = try EvaluationPlan.make(stores: stores, backbones: request.backbones, benchmarks: request.benchmarks,
                                           controllers: request.controllers, seeds: request.seeds, traces: request.traces,
                                           method: request.method, methodTimeout: request.methodTimeout)
        if let of = request.heldOutOf {
            let folder = RoundStaging.heldOutFolder(for: layout)
            let target = FileSystem.join(folder, of)
            if FileSystem.exists(target) || FileSystem.isSymlink(target) {
                throw PlanError("\(target): round \(of) already has a held-out evaluation; nothing was overwritten (remove that folder to evaluate it again)")
            }
            return PreparedLaunch(request: request, layout: layout, stores: stores, plan: plan, history: folder, roundID: of)
        }
        let history = RoundStaging.historyFolder(for: layout)
        let existing = RoundStaging.existingRoundIDs(layout: layout, history: history)
        let id = try RoundNamer.resolve(request.roundName, existing: existing, policy: request.clash, now: now)
        return PreparedLaunch(request: request, layout: layout, stores: stores, plan: plan, history: history, roundID: id)
    }

    /// Evaluates and publishes the round. Throws `EvaluationCancelled` when `cancel` fires;
    /// on any exit but success the staging folder is removed.
    public static func run(_ p: PreparedLaunch, cancel: CancellationFlag,
                           stage: @Sendable (LaunchStage) -> Void = { _ in },
                           progress: (@Sendable (EvaluationProgress) -> Void)? = nil) throws -> LaunchOutcome {
        let started = Date()
        RoundStaging.removeStale(in: p.history)
        let staging = try RoundStaging(history: p.history, roundID: p.roundID, heldOut: p.request.heldOutOf != nil)
        defer { staging.discard() }
        stage(.loadingStores)
        let stores = try ReplayStore.loadAll(storesDirectory: p.stores, keys: p.plan.storeKeys)
        if cancel.isCancelled { throw EvaluationCancelled() }
        stage(.evaluating)
        let out = staging.resultsFolder
        let evaluated = try EvaluationRun.execute(p.plan, stores: stores, storesDirectory: p.stores, out: out,
                                                  threads: p.request.threads, cancel: cancel, progress: progress,
                                                  writing: { stage(.writing) })
        if cancel.isCancelled { throw EvaluationCancelled() }
        let relative = evaluated.files.map { String($0.dropFirst(out.count + 1)) }
        try staging.writeManifest(copiedFiles: relative)
        if let method = p.plan.method {
            // The round keeps the controller it evaluated, as an archived AutoTTS round does.
            guard let source = FileManager.default.contents(atPath: method.path) else {
                throw PlanError("\(method.path): the method file vanished during the evaluation", part: .method)
            }
            try staging.writeMethod(Array(source))
        } else {
            try staging.writeDescription(description(p, stores: stores, at: started))
        }
        try staging.writeLaunchRecord(record(p, at: started))
        // The last point of no return: a cancel after this still publishes the finished round.
        if cancel.isCancelled { throw EvaluationCancelled() }
        // A held-out evaluation belongs to its round's id: never moved to another name.
        try staging.commit(policy: p.request.heldOutOf == nil ? p.request.clash : .refuse, layout: p.layout)
        let final = staging.finalPath
        let resultsRoot = p.request.heldOutOf == nil ? FileSystem.join(final, "proposal_results") : final
        return LaunchOutcome(roundID: staging.roundID, roundPath: final,
                             results: evaluated.results, files: relative.map { FileSystem.join(resultsRoot, $0) },
                             failures: evaluated.failures, seconds: Date().timeIntervalSince(started))
    }

    /// The text of `code_base/method.py` for a launched round.
    static func description(_ p: PreparedLaunch, stores: [ReplayStore], at date: Date) -> String {
        var lines: [String] = [
            "# Round launched from ttsdash: built-in controllers replayed by its embedded evaluator.",
            "# There is no proposal source; this file records what was evaluated.",
            "#",
            "# Controller SPECs as given:",
        ]
        for s in p.request.controllers where !s.trimmingCharacters(in: .whitespaces).isEmpty { lines.append("#   \(s)") }
        var families: [String] = []
        for c in p.plan.configurations where !families.contains(c.key) { families.append(c.key) }
        lines.append("#")
        lines.append("# Built-in controllers:")
        for f in families {
            guard let def = ControllerRegistry.definition(for: f) else { continue }
            let params = def.parameters.map { "\($0.name) (default \($0.defaultValue.pythonRepr))" }.joined(separator: ", ")
            lines.append("#   \(def.key): \(def.summary)")
            lines.append("#     parameters: \(params)")
        }
        lines.append("#")
        lines.append("# Configurations (\(p.plan.configurations.count)):")
        for c in p.plan.configurations { lines.append("#   \(c.descriptionString)") }
        lines.append("#")
        lines.append("# Replay stores: \(p.stores)")
        lines.append("#   " + stores.map { "\($0.backbone)/\($0.benchmark) (\($0.questions.count) questions)" }.joined(separator: ", "))
        lines.append("# Shuffle seeds: 0..\(p.plan.seeds - 1); traces kept for seeds 0..<\(p.plan.traceSeeds)")
        lines.append("# Launched: \(iso(date))")
        return lines.joined(separator: "\n") + "\n"
    }

    static func record(_ p: PreparedLaunch, at date: Date) -> JSONValue {
        .object(JSONObject([
            "launched_by": "ttsdash",
            "launched_at": .string(iso(date)),
            "stores": .string(p.stores),
            "backbones": .array(p.plan.storeKeys.map(\.backbone).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.map { .string($0) }),
            "benchmarks": .array(p.plan.storeKeys.map(\.benchmark).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.map { .string($0) }),
            "controllers": .array(p.request.controllers.map { .string($0) }),
            "configurations": .array(p.plan.configurationLabels.map { .string($0) }),
            "method": p.plan.method.map { .string($0.path) } ?? .null,
            "held_out_of": p.request.heldOutOf.map { .string($0) } ?? .null,
            "seeds": .int(p.plan.seeds),
            "trace_seeds": .int(p.plan.traceSeeds),
        ]))
    }

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: d)
    }
}
