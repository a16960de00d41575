import Foundation
import ReplayCore
import Testing
import TestSupport

/// `ttsdash search` with the demo proposer on the sample run's synthetic stores, as a process:
/// three rounds, the second raising; a SIGTERM in the third round's evaluation, then `--resume`.
/// The rounds read back through `ttsdash rounds`, and their results are what `ttsdash eval
/// --method` gives for the archived controllers.
@Suite("ttsdash search", .serialized, .enabled(if: Binary.available && PythonCheck.available, "needs the ttsdash binary and python3 with numpy and scipy"))
struct SearchCommandTests {
    static let specs = "OptimalController:beta=0.0,0.5,1.0"

    static func searchArguments(_ ws: String, resume: Bool = false) -> [String] {
        let demo = "\(Binary.path!) demo-proposer --delay 1 --raise-at 2"
        return ["search", ws, "--proposer", demo, "--controller", specs, "--backbone", "Synth-S,Synth-M",
                "--seeds", "10"] + (resume ? ["--resume"] : ["--rounds", "3"])
    }

    static func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test("three rounds, a raising one among them, interrupted and resumed: nothing lost or duplicated")
    func searchInterruptResume() throws {
        let dir = TempDir()
        let ws = dir.path + "/ws"
        try FileManager.default.copyItem(atPath: PackagePaths.sampleRun, toPath: ws)
        let outPath = dir.path + "/search.out"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)

        // Run 1: stopped with SIGTERM while round 3 is being evaluated.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Binary.path!)
        p.arguments = Self.searchArguments(ws)
        p.standardOutput = FileHandle(forWritingAtPath: outPath)
        p.standardError = FileHandle(forWritingAtPath: outPath)
        let started = Date()
        try p.run()
        var third: String? = nil
        let deadline = Date().addingTimeInterval(240)
        while Date() < deadline && p.isRunning {
            let out = Self.lines(outPath)
            if let line = out.first(where: { $0.hasPrefix("[3/3] ") }) { third = String(line.dropFirst(6)) }
            if let t = third, out.contains("\(t): evaluating") { break }
            usleep(50_000)
        }
        let thirdID = try #require(third, "round 3 never started: \(Self.lines(outPath).joined(separator: "\n"))")
        let firstRun = Date().timeIntervalSince(started)
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        let out = Self.lines(outPath)
        #expect(out.contains("\(thirdID): interrupted"), "\(out.joined(separator: "\n"))")
        #expect(!FileManager.default.fileExists(atPath: ws + "/code_base/history/" + thirdID))
        #expect(!Self.lines(ws + "/code_base/history/workflow_index.jsonl").contains { $0.contains(thirdID) })
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: ws + "/.workflow_logs")) ?? []).allSatisfy { !$0.hasPrefix("workflow_summary_") })

        // Run 2: --resume redoes round 3 under the same id and finishes.
        let resumed = try Binary.run(Self.searchArguments(ws, resume: true))
        #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(resumed.stdout.contains("[3/3] \(thirdID) (again: left unarchived before)"))
        #expect(resumed.stdout.contains("search finished: 1 rounds archived by this run"))

        // The index: three search rows, one each, in order, with the raising round's code.
        let rows = Self.lines(ws + "/code_base/history/workflow_index.jsonl").compactMap { try? JSONParser.parse($0) }
        let search = rows.filter { ($0["round_id"]?.stringValue ?? "") >= "r0007" }
        let ids = search.compactMap { $0["round_id"]?.stringValue }
        #expect(ids.count == 3 && Set(ids).count == 3 && ids.sorted() == ids && ids.last == thirdID)
        #expect(search.compactMap { $0["eval_returncode"]?.intValue } == [0, 1, 0])
        let history = ((try? FileManager.default.contentsOfDirectory(atPath: ws + "/code_base/history")) ?? []).sorted()
        #expect(history.filter { $0.hasPrefix("r") && $0 >= "r0007" } == ids)
        #expect(!history.contains { $0.hasPrefix(".") })
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: ws + "/code_base/training_results")) ?? []).isEmpty)
        let summaries = ((try? FileManager.default.contentsOfDirectory(atPath: ws + "/.workflow_logs")) ?? []).filter { $0.hasPrefix("workflow_summary_") }
        #expect(summaries.count == 1)
        if let s = summaries.first {
            let v = try JSONParser.parse(String(contentsOfFile: ws + "/.workflow_logs/" + s, encoding: .utf8))
            #expect(v["rounds_completed"]?.intValue == 3)
            #expect(v["rounds"]?.arrayValue?.compactMap { $0["round_id"]?.stringValue } == ids)
        }

        // `ttsdash rounds` reads them: archived, failed (rc 1) with its failures, archived.
        let table = try Binary.run(["rounds", ws, "--json"])
        #expect(table.status == 0)
        let listed = try JSONParser.parse(table.stdout)["rounds"]?.arrayValue ?? []
        for (id, phase, rc, sets) in zip4(ids, ["archived", "failed", "archived"], [0, 1, 0], [2, 0, 2]) {
            let r = try #require(listed.first { $0["id"]?.stringValue == id }, "\(id) not listed")
            #expect(r["phase"]?.stringValue == phase && r["eval_returncode"]?.intValue == rc, "\(id)")
            #expect(r["results"]?.arrayValue?.count == sets, "\(id)")
            #expect(r["proposal_summary"]?.stringValue?.hasPrefix("Proposal (demo, search round") == true)
        }
        let failed = try String(contentsOfFile: ws + "/code_base/history/\(ids[1])/round_summary.txt", encoding: .utf8)
        #expect(failed.contains("RuntimeError: demo-proposer: this proposal raises on purpose"))

        // The right numbers: each archived CSV is what `ttsdash eval --method` gives for its controller.
        for id in [ids[0], ids[2]] {
            let out = dir.path + "/check-\(id)"
            let e = try Binary.run(["eval", "--method", ws + "/code_base/history/\(id)/code_base/method.py", "--controller", Self.specs,
                                    "--stores", ws + "/code_base/environment", "--backbone", "Synth-S,Synth-M", "--seeds", "10",
                                    "--out", out, "--quiet"])
            #expect(e.status == 0, "\(e.stderr)")
            for bb in ["Synth-S", "Synth-M"] {
                let rel = "matrix_results_\(bb)/synth-search_raw_new_api.csv"
                let archived = try String(contentsOfFile: ws + "/code_base/history/\(id)/proposal_results/" + rel, encoding: .utf8)
                let fresh = try String(contentsOfFile: out + "/" + rel, encoding: .utf8)
                #expect(archived == fresh, "\(id) \(bb)")
            }
        }
        // The rounds differ: the demo warped the β schedule differently each time.
        let a = try String(contentsOfFile: ws + "/code_base/history/\(ids[0])/proposal_results/matrix_results_Synth-S/synth-search_raw_new_api.csv", encoding: .utf8)
        let c = try String(contentsOfFile: ws + "/code_base/history/\(ids[2])/proposal_results/matrix_results_Synth-S/synth-search_raw_new_api.csv", encoding: .utf8)
        #expect(a != c)
        print("search e2e: first run (2 rounds + part of the third) \(String(format: "%.1f", firstRun)) s")
    }
}

func zip4<A, B, C, D>(_ a: [A], _ b: [B], _ c: [C], _ d: [D]) -> [(A, B, C, D)] {
    (0..<min(a.count, b.count, c.count, d.count)).map { (a[$0], b[$0], c[$0], d[$0]) }
}
