import Foundation
import Synchronization
import Testing
@testable import ReplayCore

/// Trace rows are written straight into byte buffers (no JSON tree per event). These tests prove
/// the bytes are the ones the old path wrote (a JSON tree per row through `JSONWriter`):
/// - digests of whole trace files, recorded with the old path (commit ccd130c, before the direct
///   writer existed), for every controller family on synthetic stores (answers with quotes,
///   backslashes, control characters, non-ASCII and astral characters) and on real stores;
/// - every row equals `JSONWriter`'s serialisation of the row parsed back (so it is `json.dumps`
///   form, key order included), and equals the on-demand re-run's row (`Evaluator.replayOne`).
///
/// The digests were printed by `ttsdash-bench trace-digests` built against commit ccd130c
/// (`scripts/bench-baseline ccd130c`), which uses the same stores and specs as this suite.
@Suite("Trace rows: direct bytes equal the old path's bytes")
struct TraceBytesTests {
    // Stores, specs, trace file and digest: `TraceFixture` (shared with `ttsdash-bench trace-digests`).
    static let specs = TraceFixture.specs

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var spec: String
        var description: String { "\(name) \(spec)" }
    }

    static let syntheticCases: [Case] = specs.flatMap { spec in TraceFixture.syntheticStores.map { Case(name: $0.name, spec: spec) } }
    static let realCases: [Case] = SharedData.available
        ? specs.flatMap { spec in TraceFixture.realStores.map { Case(name: $0, spec: spec) } } : []

    static func store(_ name: String) throws -> ReplayStore {
        if let s = TraceFixture.syntheticStores.first(where: { $0.name == name }) {
            return TraceFixture.syntheticStore(seed: s.seed, questions: s.questions)
        }
        let p = name.split(separator: "/")
        return try SharedData.store(String(p[0]), String(p[1]))
    }

    /// Recorded with the old path (a `JSONValue` tree per row, `JSONWriter`), commit ccd130c.
    static let recorded: [String: String] = [
        "synth-1 sc:max_samples=8": "118683:62b4220b23dcdb3d",
        "synth-7 sc:max_samples=8": "90479:ab25d7ae519d9632",
        "Qwen3-4B/aime24 sc:max_samples=8": "196170:b1e0ce5909600edf",
        "Qwen3-0.6B/hmmt25 sc:max_samples=8": "202458:edf01f8ea935f4aa",
        "synth-1 asc:max_samples=16,threshold=0.95": "422648:2e67b3b0f9e4128a",
        "synth-7 asc:max_samples=16,threshold=0.95": "304722:76f02e393ed6ce78",
        "Qwen3-4B/aime24 asc:max_samples=16,threshold=0.95": "345555:53d42d5bb976ad24",
        "Qwen3-0.6B/hmmt25 asc:max_samples=16,threshold=0.95": "745189:412a7fa0196c1a3f",
        "synth-1 asc:max_samples=64,threshold=0.5": "111499:cdb07af3d6ae3654",
        "synth-7 asc:max_samples=64,threshold=0.5": "86345:90cfe1320aca064f",
        "Qwen3-4B/aime24 asc:max_samples=64,threshold=0.5": "149803:7cb28e098900e43e",
        "Qwen3-0.6B/hmmt25 asc:max_samples=64,threshold=0.5": "276712:d0861c8d8673eec4",
        "synth-1 esc:max_samples=16,window_size=4": "292885:6a66830b186f4b9",
        "synth-7 esc:max_samples=16,window_size=4": "216267:a2802d047da6014a",
        "Qwen3-4B/aime24 esc:max_samples=16,window_size=4": "300941:80c4527cdedd132a",
        "Qwen3-0.6B/hmmt25 esc:max_samples=16,window_size=4": "515019:eb0f2262368ce66e",
        "synth-1 pp:num_chains=8,T=3,prune_patience=2,warm_up=1": "719697:fdd9131096e6cc0e",
        "synth-7 pp:num_chains=8,T=3,prune_patience=2,warm_up=1": "538650:2347835f8ab1771f",
        "Qwen3-4B/aime24 pp:num_chains=8,T=3,prune_patience=2,warm_up=1": "1448622:9c69cb243a4a3507",
        "Qwen3-0.6B/hmmt25 pp:num_chains=8,T=3,prune_patience=2,warm_up=1": "1404677:9a790e973ae8fffa",
        "synth-1 pp:num_chains=64,T=40,prune_patience=7,warm_up=15": "3164549:58f4145565768d3d",
        "synth-7 pp:num_chains=64,T=40,prune_patience=7,warm_up=15": "1835406:ff81a47f34cb2828",
        "Qwen3-4B/aime24 pp:num_chains=64,T=40,prune_patience=7,warm_up=15": "27020408:8cb1c48cb5cc788",
        "Qwen3-0.6B/hmmt25 pp:num_chains=64,T=40,prune_patience=7,warm_up=15": "30483250:f0e9a75960b7fd4d",
        "synth-1 cmc:beta=0,0.3,0.5,1": "3960657:38eb600fb81eaf71",
        "synth-7 cmc:beta=0,0.3,0.5,1": "2317885:9172a486bcaad422",
        "Qwen3-4B/aime24 cmc:beta=0,0.3,0.5,1": "19484979:f06fb59acbfe04e2",
        "Qwen3-0.6B/hmmt25 cmc:beta=0,0.3,0.5,1": "24804451:d838946651993706"
    ]

    func check(_ c: Case, seeds: Int) throws {
        let store = try Self.store(c.name)
        let configs = try ControllerSpec.parse(c.spec)
        let bytes = try TraceFixture.traceFile(store, configs, seeds: seeds)
        let d = TraceFixture.digest(bytes)
        let key = "\(c.name) \(c.spec)"
        #expect(Self.recorded[key] == d, "\(key): trace bytes differ from the old path's (digest \(d))")
        // Every row is json.dumps form: parsing and re-serialising with JSONWriter gives it back.
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(lines.last?.isEmpty == true)
        #expect(lines.count - 1 == configs.count * seeds * store.questions.count)
        var i = 0
        for line in lines.dropLast() {
            let row = try JSONParser.parse(Array(line))
            var again: [UInt8] = []
            JSONWriter.write(row, into: &again)
            if again != Array(line) { Issue.record("\(key): row \(i) is not JSONWriter's form"); break }
            // The on-demand re-run writes the same row (checked on a sample, re-runs are slow in debug).
            if i % 7 == 0 {
                let config = configs[i / (seeds * store.questions.count)]
                let rerun = Evaluator.replayOne(store: store, configuration: config, seed: row["shuffle_seed"]!.intValue!,
                                                questionIndex: row["question_index"]!.intValue!)
                if JSONWriter.string(rerun.row).utf8.elementsEqual(line) == false { Issue.record("\(key): row \(i) differs from replayOne's"); break }
            }
            i += 1
        }
    }

    @Test("synthetic stores: every controller family, escapes of every kind", arguments: syntheticCases)
    func synthetic(_ c: Case) throws { try check(c, seeds: TraceFixture.syntheticSeeds) }

    @Test("real stores: every controller family", .enabled(if: SharedData.available, SharedData.skipMessage), arguments: realCases)
    func real(_ c: Case) throws { try check(c, seeds: TraceFixture.realSeeds) }
    @Test("numbers and strings: the direct writer's bytes are JSONWriter's old forms (String(i), floatRepr, scalar escapes)")
    func primitives() {
        var rng = SplitMix(seed: 42)
        var values: [Double] = [0.0001, 0.00015, 0.0009999, 1e-4, 9.9999e-5, 1e11, 99999999999.9999, 1e10, 5.0, 0.5, 0.95, 0.04,
                                0.01, 0.97, 0.1 + 0.2, 1.0 / 3.0, 123456.7891, -0.875, -5.0, 0.0, -0.0, 1e16, 1e-5, 2.5e-7,
                                .nan, .infinity, -.infinity, Double.ulpOfOne, 0.30000000000000004]
        for _ in 0..<20000 {
            let k = Double(rng.next() % 200_000_000) / 10000
            values.append(k)
            values.append(PythonFormat.round(Double(bitPattern: rng.next() >> 2).truncatingRemainder(dividingBy: 1000), digits: 4))
            values.append(Double(rng.next() % 100_000) / 10000 + Double(rng.next() % 1000) * 1e-12)
            values.append(-Double(rng.next() % 1_000_000) / 100)
        }
        for v in values {
            var out: [UInt8] = []
            JSONWriter.writeDouble(v, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == PythonFormat.floatRepr(v, json: true), "\(v)")
            var w = JSONByteWriter(capacity: 0)
            w.double(v)
            #expect(w.bytes == out, "\(v)")
        }
        let powersOfTen = (1...18).reduce(into: [1]) { p, _ in p.append(p.last! * 10) }
        let edges = powersOfTen.flatMap { [$0 - 1, $0, $0 + 1, -$0 + 1, -$0, -$0 - 1] }
        for i in [0, 1, 9, 10, 99, 100, -1, -9, -10, 123456789, Int.max, Int.min, -100] + edges + (0..<2000).map({ _ in Int(truncatingIfNeeded: rng.next()) >> Int(rng.next() % 63) }) {
            var out: [UInt8] = []
            JSONWriter.writeInt(i, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(i))
            var w = JSONByteWriter(capacity: 0)
            w.int(i)
            #expect(w.bytes == out)
        }
        for s in ["", "plain", "a\"b", "back\\slash", "\u{01}", "\u{1F}", " ", "~", "\u{7F}", "é", "😀", "日本", "x\ny", "\u{2028}"] {
            var fast: [UInt8] = [], slow: [UInt8] = []
            JSONWriter.writeString(s, into: &fast)
            JSONWriter.writeEscapedString(s, into: &slow)
            #expect(fast == slow, "\(s)")
            var w = JSONByteWriter(capacity: 0)
            w.string(s)
            #expect(w.bytes == slow, "\(s)")
        }
    }
}
