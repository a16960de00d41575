import Testing
@testable import ReplayCore

@Suite("Controller SPECs")
struct ControllerSpecTests {
    @Test("defaults and reference descriptions")
    func defaults() throws {
        let pp = try ControllerSpec.parse("pp:num_chains=16")
        #expect(pp.count == 1)
        #expect(pp[0].descriptionString == "Parallel_Probe | config={'num_chains': 16, 'K': 5, 'T': 40, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 7, 'warm_up': 15, 'probe_burst': 1, 'max_steps': 100}")
        #expect(try ControllerSpec.parse("asc")[0].descriptionString == "asc | config={'max_samples': 64, 'threshold': 0.95}")
        #expect(try ControllerSpec.parse("sc:max_samples=64")[0].descriptionString == "majority_vote | config={'max_samples': 64}")
        #expect(try ControllerSpec.parse("esc:max_samples=16")[0].descriptionString == "esc | config={'max_samples': 16, 'window_size': 8}")
        #expect(try ControllerSpec.parse("cmc:beta=1")[0].descriptionString == "optimal_controller | config={'beta': 1.0}")
    }

    @Test("grids give the values as typed")
    func grids() throws {
        let betas = try ControllerSpec.parse("cmc:beta=0:1:0.1").map { $0.double("beta") }
        #expect(betas == [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
        #expect(try ControllerSpec.parse("cmc:beta=0.25:0.75:0.25").map { $0.double("beta") } == [0.25, 0.5, 0.75])
        #expect(try ControllerSpec.parse("asc:max_samples=8:32:8").map { $0.int("max_samples") } == [8, 16, 24, 32])
    }

    @Test("lists and cross products")
    func lists() throws {
        let asc = try ControllerSpec.parse("asc:max_samples=1,4,8,threshold=0.9,0.95")
        #expect(asc.count == 6)
        #expect(asc.map { "\($0.int("max_samples"))/\($0.double("threshold"))" } == ["1/0.9", "1/0.95", "4/0.9", "4/0.95", "8/0.9", "8/0.95"])
    }

    @Test("several SPECs: in order, a configuration given twice kept once")
    func several() throws {
        let all = try ControllerSpec.parseAll(["cmc:beta=0:1:0.5", "cmc:beta=0.5", "sc:max_samples=8"])
        #expect(all.map(\.spec) == ["cmc:beta=0.0", "cmc:beta=0.5", "cmc:beta=1.0", "sc:max_samples=8"])
        #expect(throws: ControllerSpec.ParseError.self) { try ControllerSpec.parseAll(["cmc:beta=0.5", "nope"]) }
    }

    @Test("descriptions map back to configurations")
    func fromDescription() throws {
        for spec in ["sc:max_samples=8", "asc:max_samples=4,threshold=0.9", "esc:max_samples=32,window_size=4", "pp:num_chains=8,T=20", "cmc:beta=0.3"] {
            let c = try ControllerSpec.parse(spec)[0]
            #expect(ControllerSpec.configuration(fromDescription: c.descriptionString) == c)
        }
        #expect(ControllerSpec.configuration(fromDescription: "my_new_controller | config={'x': 1}") == nil)
    }

    @Test("bad SPECs get one clear message", arguments: [
        ("foo", "unknown controller 'foo'"),
        ("cmc:gamma=1", "unknown parameter 'gamma'"),
        ("cmc:beta=1.5", "outside [0, 1]"),
        ("cmc:beta=-0.1", "outside [0, 1]"),
        ("cmc:beta=abc", "expected a number"),
        ("asc:max_samples=1.5", "expected a whole number"),
        ("cmc:beta=1:0:0.1", "stop is below"),
        ("cmc:beta=0:1:0", "step must be positive"),
        ("cmc:beta=0:1", "expected a number or a grid"),
        ("asc:4", "has no parameter name"),
        ("asc:max_samples=4,,threshold=0.9", "empty item"),
        ("asc:max_samples=4,max_samples=8", "given twice"),
        (":beta=1", "no controller name"),
        ("esc:max_samples=0", "outside"),
    ])
    func errors(spec: String, message: String) {
        #expect {
            _ = try ControllerSpec.parse(spec)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test("random SPECs either parse or fail cleanly")
    func fuzz() {
        var rng = SplitMix(seed: 3)
        let pieces = ["cmc", "asc", "esc", "pp", "sc", ":", "=", ",", "beta", "max_samples", "threshold", "0", "1", "0.5", "-", "1e3", ":0.1", "x", " ", "64", "nan", "inf"]
        for _ in 0..<3000 {
            let spec = (0..<Int(rng.next() % 8)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            if let configs = try? ControllerSpec.parse(spec) {
                for c in configs {
                    // Whatever parses is in range and describes itself consistently.
                    #expect(ControllerSpec.configuration(fromDescription: c.descriptionString) == c, "\(spec)")
                }
            }
        }
    }
}
