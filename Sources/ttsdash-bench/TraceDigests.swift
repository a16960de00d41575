import Foundation
import ReplayCore

/// `ttsdash-bench trace-digests`: prints the digests that `TraceBytesTests` expects, computed by
/// whatever ReplayCore this binary is built with. Built against an earlier commit
/// (`scripts/bench-baseline REV`), it records that commit's bytes; the test then proves the
/// current path writes the same. Stores, specs and digest are `TraceFixture`'s, the test's own.
enum TraceDigests {
    static func run(arguments: [String]) throws {
        var stores = "../shared/autotts/efficient_reasoning_controller/workspace/code_base/environment"
        if let i = arguments.firstIndex(of: "--stores"), i + 1 < arguments.count { stores = arguments[i + 1] }
        let haveReal = FileManager.default.fileExists(atPath: stores)
        for spec in TraceFixture.specs {
            var cases = TraceFixture.syntheticStores.map { (name: $0.name, store: TraceFixture.syntheticStore(seed: $0.seed, questions: $0.questions), seeds: TraceFixture.syntheticSeeds) }
            if haveReal {
                for name in TraceFixture.realStores {
                    let p = name.split(separator: "/")
                    cases.append((name, try ReplayStore.load(storesDirectory: stores, backbone: String(p[0]), benchmark: String(p[1])), TraceFixture.realSeeds))
                }
            }
            for c in cases {
                let bytes = try TraceFixture.traceFile(c.store, try ControllerSpec.parse(spec), seeds: c.seeds)
                print("        \"\(c.name) \(spec)\": \"\(TraceFixture.digest(bytes))\",")
            }
        }
    }
}
