import ControllerHost
import Foundation
import ReplayCore
import TestSupport
import Testing

/// Every round of the bundled sample run, replayed from its own `code_base/method.py` by the
/// host on the sample's own stores, gives every row of that round's results CSVs (Acc and Cost
/// identical, and the whole CSV line), and its traced configuration gives the round's trace rows
/// (answers, costs, action logs and decision events). Needs only the committed sample run and
/// python3 with numpy and scipy, not ../shared.
@Suite("Sample rounds replayed from their own method.py", .serialized,
       .enabled(if: HostSupport.pythonAvailable, HostSupport.pythonSkip))
struct SampleRoundsTests {
    static let run = PackagePaths.sampleRun
    static let environment = run + "/code_base/environment"

    /// A round of the sample: where its method.py and its results are.
    struct SampleRound: CustomTestStringConvertible, Sendable {
        var id: String
        var method: String
        var results: String
        var testDescription: String { id.components(separatedBy: "_").first ?? id }
    }

    /// Archived rounds (`code_base/history/r*`, the failed one included) and the round still
    /// being evaluated (`code_base/method.py` with `code_base/training_results`).
    static let rounds: [SampleRound] = {
        let history = run + "/code_base/history"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: history)) ?? []).filter { $0.hasPrefix("r") }.sorted()
        var out = names.map { SampleRound(id: $0, method: "\(history)/\($0)/code_base/method.py", results: "\(history)/\($0)/proposal_results") }
        out.append(SampleRound(id: "live round (code_base/method.py)", method: run + "/code_base/method.py", results: run + "/code_base/training_results"))
        return out
    }()

    /// One results CSV of a round: its backbone and benchmark, and its rows as written.
    struct ResultCSV {
        var backbone: String
        var benchmark: String
        var header: String
        var lines: [String]
        var rows: [[String]] { lines.map(HostSupport.splitCSV) }
    }

    static func resultCSVs(_ round: SampleRound) -> [ResultCSV] {
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: round.results)) ?? []).filter { $0.hasPrefix("matrix_results_") }.sorted()
        var out: [ResultCSV] = []
        for folder in folders {
            let backbone = String(folder.dropFirst("matrix_results_".count))
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: round.results + "/" + folder)) ?? []).filter { $0.hasSuffix("_raw_new_api.csv") }
            for file in files.sorted() {
                guard let text = try? String(contentsOfFile: "\(round.results)/\(folder)/\(file)", encoding: .utf8) else { continue }
                let lines = text.split(separator: "\n").map(String.init)
                guard let header = lines.first else { continue }
                out.append(ResultCSV(backbone: backbone, benchmark: String(file.dropLast("_raw_new_api.csv".count)),
                                     header: header, lines: Array(lines.dropFirst())))
            }
        }
        return out
    }

    /// The configuration a CSV row names: its Method column's class built with its config column's dict.
    static func configuration(_ row: [String]) throws -> HostedConfiguration {
        let dict = try #require(PythonLiteral.parseDict(row[5]), "config column \(row[5]) is no dict")
        let parameters = try dict.map { pair -> ControllerConfiguration.Value in
            switch pair.value {
            case .int(let i): return .init(name: pair.key, value: .int(i))
            case .float(let d): return .init(name: pair.key, value: .float(d))
            default: throw HostError.method("config value \(pair.value.display) is not a number")
            }
        }
        return HostedConfiguration(className: row[0], parameters: parameters)
    }

    static func hostedStores(_ csvs: [ResultCSV]) throws -> [HostedStore] {
        try csvs.map { try HostSupport.hostedStore($0.backbone, $0.benchmark, directory: environment) }
    }

    @Test("the committed sample has its rounds: five archived, one failed, one being evaluated")
    func roundsPresent() throws {
        #expect(Self.rounds.count == 7, "\(Self.rounds.map(\.id))")
        for round in Self.rounds {
            #expect(FileManager.default.fileExists(atPath: round.method), "\(round.id): no method.py")
            #expect(!Self.resultCSVs(round).isEmpty, "\(round.id): no results CSV")
        }
        // The failed round (return code 1 in the workflow index) wrote one backbone; the live round two.
        let index = try String(contentsOfFile: Self.run + "/code_base/history/workflow_index.jsonl", encoding: .utf8)
        let failed = try index.split(separator: "\n").map { try JSONParser.parse(String($0)) }
            .filter { $0["eval_returncode"]?.intValue == 1 }.compactMap { $0["round_id"]?.stringValue }
        #expect(failed.count == 1)
        let failedRound = try #require(Self.rounds.first { $0.id == failed.first })
        #expect(Self.resultCSVs(failedRound).map(\.backbone) == ["Synth-S"])
        #expect(Self.resultCSVs(try #require(Self.rounds.last)).map(\.backbone) == ["Synth-M", "Synth-S"])
    }

    @Test("every CSV row: Acc, Cost, Method, Description and the whole line identical", arguments: Self.rounds)
    func rows(_ round: SampleRound) throws {
        // The file imports, and its evaluable classes are the round's controller only (the base class is abstract).
        let csvs = Self.resultCSVs(round)
        let classes = try HostedEvaluator.classes(method: round.method)
        let methods = Set(csvs.flatMap { $0.rows.map { $0[0] } })
        #expect(Set(classes.map(\.className)) == methods, "\(round.id): classes \(classes)")

        var configurations: [HostedConfiguration] = []
        for csv in csvs { for row in csv.rows { let c = try Self.configuration(row); if !configurations.contains(c) { configurations.append(c) } } }
        let stores = try Self.hostedStores(csvs)
        let outcome = try HostedEvaluator.run(HostedRequest(method: round.method, stores: stores, configurations: configurations, seeds: 100))
        #expect(outcome.failures.isEmpty, "\(round.id): \(outcome.failures)")

        var compared = 0
        for csv in csvs {
            let hosted = outcome.results.filter { $0.backbone == csv.backbone && $0.benchmark == csv.benchmark }
            let hostedLines = Set(ResultFiles.csv(hosted).split(separator: "\n").dropFirst().map(String.init))
            #expect(ResultFiles.csv(hosted).split(separator: "\n").first.map(String.init) == csv.header, "\(round.id) \(csv.backbone): CSV header")
            for (line, row) in zip(csv.lines, csv.rows) {
                let at = "\(round.testDescription) \(csv.backbone) \(row[4])"
                guard let r = hosted.first(where: { $0.row.description == row[4] }) else {
                    Issue.record("\(at): the replay has no row with this Description")
                    continue
                }
                #expect(PythonFormat.floatRepr(r.acc) == row[1], "\(at): Acc \(PythonFormat.floatRepr(r.acc)) vs \(row[1])")
                #expect(String(r.cost) == row[2], "\(at): Cost \(r.cost) vs \(row[2])")
                #expect(r.row.methodName == row[0], "\(at): Method")
                #expect(hostedLines.contains(line), "\(at): the replay's CSV line differs from\n  \(line)")
                compared += 1
            }
        }
        #expect(compared == csvs.reduce(0) { $0 + $1.lines.count } && compared > 0)
        #expect(outcome.results.count == compared, "\(round.id): rows the CSVs do not have")
    }

    @Test("the traced configuration's trace rows: answers, costs, action logs and decision events", arguments: Self.rounds)
    func traces(_ round: SampleRound) throws {
        let csvs = Self.resultCSVs(round)
        for csv in csvs {
            let path = ResultFiles.tracePath(out: round.results, backbone: csv.backbone, benchmark: csv.benchmark)
            let kept = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
            let description = try #require(kept.first?["description"]?.stringValue)
            let row = try #require(csv.rows.first { $0[4] == description }, "\(round.id) \(csv.backbone): traced configuration not in the CSV")
            let store = try ReplayStore.load(storesDirectory: Self.environment, backbone: csv.backbone, benchmark: csv.benchmark)
            let out = HostSupport.temporaryFolder("sampletrace")
            defer { try? FileManager.default.removeItem(atPath: out) }
            let writer = TraceFileWriter(out: out, stores: [store])
            let outcome = try HostedEvaluator.run(HostedRequest(method: round.method, stores: try Self.hostedStores([csv]),
                                                                configurations: [try Self.configuration(row)], seeds: 1, traceSeeds: 1),
                                                  traces: writer)
            _ = try writer.finish()
            #expect(outcome.failures.isEmpty, "\(outcome.failures)")
            let hosted = try String(contentsOfFile: ResultFiles.tracePath(out: out, backbone: csv.backbone, benchmark: csv.benchmark), encoding: .utf8)
                .split(separator: "\n").map { try JSONParser.parse(String($0)) }
            #expect(hosted.count == store.questions.count)
            for b in kept {
                let seed = b["shuffle_seed"]?.intValue, question = b["question_index"]?.intValue
                let at = "\(round.testDescription) \(csv.backbone) \(description) seed \(seed ?? -1) question \(question ?? -1)"
                guard let h = hosted.first(where: { $0["shuffle_seed"]?.intValue == seed && $0["question_index"]?.intValue == question }) else {
                    Issue.record("\(at): no hosted trace row")
                    continue
                }
                HostSupport.expectSameRow(h, b, at: at, keys: ["model", "dataset", "method", "description", "is_correct", "cost", "answer",
                                                                "gold_answer", "event_actions"])
            }
        }
    }
}
