import Foundation
import Testing
@testable import ReplayCore

/// Every row of the reference results on aime24: seed baselines and r0004 (CMC), 4 backbones.
@Suite("Reference result CSVs reproduced", .enabled(if: SharedData.available, SharedData.skipMessage))
struct GoldenResultTests {
    struct ReferenceRow { let description: String; let acc: Double; let cost: Int }

    /// Reads Method,Acc,Cost,Std_Acc,Description with a minimal quoted-CSV splitter (this test
    /// target must not depend on the runs layer's reader, which it checks independently).
    static func rows(_ path: String) throws -> [ReferenceRow] {
        let lines = SharedData.lines(path)
        return try lines.dropFirst().map { line in
            let f = splitCSV(line)
            guard f.count >= 5, let acc = Double(f[1]), let cost = Int(f[2]) else {
                throw NSError(domain: "csv", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(path): bad row \(line)"])
            }
            return ReferenceRow(description: f[4], acc: acc, cost: cost)
        }
    }

    static func splitCSV(_ line: String) -> [String] {
        var fields: [String] = [], cur = "", quoted = false
        var it = Array(line), i = 0
        while i < it.count {
            let c = it[i]
            if quoted {
                if c == "\"" { if i + 1 < it.count && it[i + 1] == "\"" { cur.append("\""); i += 1 } else { quoted = false } } else { cur.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { fields.append(cur); cur = "" } else { cur.append(c) }
            i += 1
        }
        fields.append(cur)
        it = []
        return fields
    }

    static let backbones = ["Qwen3-0.6B", "Qwen3-1.7B", "Qwen3-4B", "Qwen3-8B"]

    static func check(csvFolder: String) throws {
        for backbone in backbones {
            let path = "\(csvFolder)/matrix_results_\(backbone)/aime24_raw_new_api.csv"
            let reference = try rows(path)
            #expect(!reference.isEmpty, "\(path)")
            let configs = try reference.map { r in try #require(ControllerSpec.configuration(fromDescription: r.description), "\(r.description)") }
            let store = try SharedData.store(backbone, "aime24")
            let results = try Evaluator.run(EvaluationRequest(stores: [store], configurations: configs, seeds: 100))
            for (r, ref) in zip(results, reference) {
                #expect(r.row.description == ref.description)
                #expect(r.acc == ref.acc, "\(backbone) \(ref.description): Acc \(r.acc) vs reference \(ref.acc)")
                #expect(abs(r.cost - ref.cost) <= 1, "\(backbone) \(ref.description): Cost \(r.cost) vs reference \(ref.cost)")
            }
        }
    }

    @Test("seed baselines: ASC, ESC, Parallel-Probe")
    func seedBaselines() throws { try Self.check(csvFolder: SharedData.seedAlgorithms) }

    @Test("r0004: CMC at 11 β values")
    func cmcRound() throws { try Self.check(csvFolder: SharedData.searchHistory + "/r0004/proposal_results") }
}
