import ControllerHost
import Foundation
import ReplayCore

/// Why an evaluation request cannot start: one line saying which option or part is wrong.
public struct PlanError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The part of the request it is about (a form puts its cursor there); nil: the request
    /// as a whole or the disk.
    public enum Part: Sendable, Equatable {
        case stores, backbones, benchmarks, controllers, seeds, traces, method, roundName
    }
    public let description: String
    public let part: Part?
    public init(_ description: String, part: Part? = nil) { self.description = description; self.part = part }
}

/// A validated evaluation request: which stores, which configurations, which trace seeds.
/// Shared by `ttsdash eval` and the dashboard's launch form, so both accept and refuse the
/// same things with the same words.
public struct EvaluationPlan: Sendable {
    /// A round's own controller file and the configurations to build from its classes.
    public struct MethodPlan: Sendable {
        public var path: String
        public var configurations: [HostedConfiguration]
        /// Seconds without a shuffle seed finished before a configuration is stopped.
        public var timeout: Double
    }

    public var storeKeys: [(backbone: String, benchmark: String)]
    /// Built-in configurations (empty when `method` is set).
    public var configurations: [ControllerConfiguration]
    /// Set when the SPECs name classes of a `method.py`, run by the controller host.
    public var method: MethodPlan?
    public var seeds: Int
    public var traceSeeds: Int

    public var configurationCount: Int { method?.configurations.count ?? configurations.count }
    /// How each configuration is named in tables and progress lines, in order.
    public var configurationLabels: [String] { method?.configurations.map(\.label) ?? configurations.map(\.spec) }

    public static let maxSeeds = 100_000

    /// - Parameters:
    ///   - catalog: the stores found in `stores` (pass it when already listed; else it is read).
    ///   - method: a `method.py` whose classes the SPECs name (`OptimalController:beta=0:1:0.1`).
    public static func make(stores: String, backbones: String, benchmarks: String, controllers: [String],
                            seeds: Int, traces: String, method: String? = nil,
                            methodTimeout: Double = HostedRequest.defaultTimeout,
                            catalog given: [(backbone: String, benchmarks: [String])]? = nil) throws(PlanError) -> EvaluationPlan {
        let catalog: [(backbone: String, benchmarks: [String])]
        if let given {
            catalog = given
        } else {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: stores, isDirectory: &isDir), isDir.boolValue else {
                throw PlanError("\(stores): --stores is not a folder", part: .stores)
            }
            catalog = ReplayStore.catalog(storesDirectory: stores)
        }
        if catalog.isEmpty { throw PlanError("\(stores): no replay stores (<backbone>/<benchmark>.json) found", part: .stores) }
        let keys = try storeKeys(catalog: catalog, stores: stores, backbones: backbones, benchmarks: benchmarks)
        guard seeds >= 1 && seeds <= maxSeeds else { throw PlanError("--seeds \(seeds): expected 1 to \(maxSeeds)", part: .seeds) }
        let traceSeeds = try traceSeedCount(traces, seeds: seeds)
        if let method {
            return EvaluationPlan(storeKeys: keys, configurations: [],
                                  method: try methodPlan(method, controllers: controllers, timeout: methodTimeout),
                                  seeds: seeds, traceSeeds: traceSeeds)
        }
        return EvaluationPlan(storeKeys: keys, configurations: try configurations(controllers), method: nil,
                              seeds: seeds, traceSeeds: traceSeeds)
    }

    /// The method file checked on disk and its SPECs parsed (what the classes are is only known
    /// once Python imports the file: a wrong class name is reported by the first worker).
    public static func methodPlan(_ path: String, controllers: [String], timeout: Double) throws(PlanError) -> MethodPlan {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw PlanError("\(path): --method: no such file", part: .method) }
        guard !isDir.boolValue else { throw PlanError("\(path): --method is a folder, expected a method.py file", part: .method) }
        guard FileManager.default.isReadableFile(atPath: path) else { throw PlanError("\(path): --method cannot be read", part: .method) }
        guard timeout > 0 else { throw PlanError("--method-timeout \(timeout): expected a positive number of seconds", part: .method) }
        let specs = controllers.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if specs.isEmpty { throw PlanError("no --controller given (e.g. --controller OptimalController:beta=0:1:0.1)", part: .controllers) }
        do {
            return MethodPlan(path: path, configurations: try HostedConfiguration.parseAll(specs), timeout: timeout)
        } catch {
            throw PlanError(error.description, part: .controllers)
        }
    }

    /// `all` or a comma-separated list, each checked against what the stores folder holds.
    public static func storeKeys(catalog: [(backbone: String, benchmarks: [String])], stores: String,
                          backbones: String, benchmarks: String) throws(PlanError) -> [(backbone: String, benchmark: String)] {
        func list(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let allBackbones = catalog.map(\.backbone)
        let wantedBackbones = isAll(backbones) ? allBackbones : list(backbones)
        if wantedBackbones.isEmpty { throw PlanError("no backbone given (found: \(allBackbones.joined(separator: ", ")))", part: .backbones) }
        var keys: [(backbone: String, benchmark: String)] = []
        let wantedBenchmarks = isAll(benchmarks) ? nil : list(benchmarks)
        if let w = wantedBenchmarks, w.isEmpty { throw PlanError("no benchmark given (or 'all')", part: .benchmarks) }
        for b in wantedBackbones {
            guard let entry = catalog.first(where: { $0.backbone == b }) else {
                throw PlanError("\(stores): no backbone '\(b)' (found: \(allBackbones.joined(separator: ", ")))", part: .backbones)
            }
            for d in wantedBenchmarks ?? entry.benchmarks {
                guard entry.benchmarks.contains(d) else {
                    throw PlanError("\(stores)/\(b): no benchmark '\(d)' (found: \(entry.benchmarks.joined(separator: ", ")))", part: .benchmarks)
                }
                if !keys.contains(where: { $0.backbone == b && $0.benchmark == d }) { keys.append((b, d)) }
            }
        }
        return keys
    }

    static func isAll(_ s: String) -> Bool {
        let t = s.trimmingCharacters(in: .whitespaces).lowercased()
        return t == "all" || t == "*"
    }

    /// Every SPEC expanded, duplicates dropped, in the order given.
    public static func configurations(_ controllers: [String]) throws(PlanError) -> [ControllerConfiguration] {
        let specs = controllers.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if specs.isEmpty { throw PlanError("no --controller given (e.g. --controller cmc:beta=0:1:0.1)", part: .controllers) }
        do {
            return try ControllerSpec.parseAll(specs)
        } catch {
            throw PlanError(error.description, part: .controllers)
        }
    }

    /// `none`, `all` or `first:K` (seeds 0..<K).
    public static func traceSeedCount(_ traces: String, seeds: Int) throws(PlanError) -> Int {
        switch traces.trimmingCharacters(in: .whitespaces) {
        case "none", "": return 0
        case "all": return seeds
        case let t:
            guard t.hasPrefix("first:"), let k = Int(t.dropFirst(6)), k >= 0 else {
                throw PlanError("--traces \(traces): expected none, all or first:K", part: .traces)
            }
            return min(k, seeds)
        }
    }

    /// Built-in configurations that ask for more branches than a store's questions have: they read
    /// every branch there is (as the reference does), though their label keeps the number asked.
    public func capNotes(stores: [ReplayStore]) -> [String] {
        var notes: [String] = []
        for c in configurations {
            for name in ["max_samples", "num_chains"] {
                guard let asked = c[name]?.asInt else { continue }
                let short = stores.filter { s in s.questions.contains { $0.branchCount < asked } }
                guard let fewest = short.flatMap({ $0.questions.map(\.branchCount) }).min() else { continue }
                notes.append("\(c.spec): \(name)=\(asked) is more than the \(fewest) branches a question has in \(short.map { "\($0.backbone)/\($0.benchmark)" }.joined(separator: ", ")); it reads every branch there is, and its rows keep the label \(asked)")
            }
        }
        return notes
    }

    /// Question runs in total: stores x configurations x seeds x questions (questions known after loading).
    public func totalRuns(questionsPerStore: [Int]) -> Int { questionsPerStore.reduce(0, +) * configurationCount * seeds }
}
