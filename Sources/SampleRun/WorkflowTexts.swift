import ReplayCore

/// The workflow's small text files for the sample run: prompts, proposal results, manifests,
/// index rows and the README. Each says plainly that it is synthetic.
enum WorkflowTexts {
    static func json(_ pairs: [(String, JSONValue)]) -> String {
        JSONWriter.string(.object(JSONObject(pairs: pairs))) + "\n"
    }

    /// `{"source_dir": ..., "copied_files": [...]}` as the workflow writes after copying results.
    static func manifest(copied: [String]) -> String {
        json([("source_dir", .string("code_base/training_results")),
              ("copied_files", .array(copied.map { .string($0) }))])
    }

    /// One `workflow_index.jsonl` row (fields per run-layout.md), paths relative to the workspace.
    static func indexRow(round r: SampleRunBuilder.RoundInstance, dest: String) -> String {
        var code = 0
        if case .failed(_, let c) = r.plan.outcome { code = c }
        return json([("round_id", .string(r.id)),
                     ("result_dir", .string("code_base/training_results")),
                     ("eval_returncode", .int(code)),
                     ("dest", .string(dest)),
                     ("proposal_results_archive", .string(dest + "/proposal_results"))])
    }

    static func proposalResult(round r: SampleRunBuilder.RoundInstance, seed: UInt64) -> String {
        let configs = (try? ControllerSpec.parseAll(r.plan.specs)) ?? []
        let summary = "SYNTHETIC SUMMARY (written by `ttsdash sample`, seed \(seed); no agent ran). "
            + "Proposal: \(r.plan.title). \(r.plan.summary) "
            + "Evaluated configurations: \(configs.map(\.descriptionString).joined(separator: "; "))."
        return json([("round_id", .string(r.id)),
                     ("synthetic", .bool(true)),
                     ("started_at", .string(r.started.iso)),
                     ("finished_at", .string(r.proposed.iso)),
                     ("final_result", .string(summary))])
    }

    static func renderedPrompt(round r: SampleRunBuilder.RoundInstance, seed: UInt64,
                               history: [(SampleRunBuilder.RoundInstance, SampleRunBuilder.Evaluated)]) -> String {
        var lines = [
            "SYNTHETIC RENDERED PROMPT: written by `ttsdash sample` (seed \(seed)); no agent received it.",
            "",
            "You are improving a test-time-scaling controller in an offline replay environment.",
            "Replay stores: code_base/environment/<backbone>/\(SampleRunBuilder.searchBenchmark.name).json "
                + "(synthetic backbones \(SyntheticBackbone.all.map(\.name).joined(separator: ", "))).",
            "Objective: high accuracy at low token cost; export one scalar beta that schedules every knob.",
            "Write the controller to code_base/method.py. It is evaluated with 100 shuffle seeds; the results",
            "land in code_base/training_results/matrix_results_<backbone>/.",
            "",
            "This is round \(r.id).",
            "",
            "Baselines: code_base/history/seed_algorithms (SC, ASC, ESC, Parallel-Probe).",
            history.isEmpty ? "History: no earlier rounds." : "History (best accuracy per backbone):",
        ]
        for (past, e) in history {
            var code = 0
            if case .failed(_, let c) = past.plan.outcome { code = c }
            lines.append("- \(past.id): \(past.plan.title); eval_returncode \(code)")
            let written: Int
            switch past.plan.outcome {
            case .archived: written = e.stores.count
            case .failed(let k, _), .evaluating(let k): written = k
            }
            for si in 0..<e.stores.count {
                guard si < written, let best = e.results[si].max(by: { ($0.acc, -$0.cost) < ($1.acc, -$1.cost) }) else {
                    lines.append("    \(e.stores[si].backbone): no results")
                    continue
                }
                lines.append("    \(e.stores[si].backbone): Acc \(PythonFormat.floatRepr(best.acc)) at Cost \(best.cost) (\(best.row.description))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func readme(seed: UInt64, rounds: [SampleRunBuilder.RoundInstance], files: SampleRunFiles) -> String {
        var roundLines: [String] = []
        for r in rounds {
            let phase: String
            switch r.plan.outcome {
            case .archived: phase = "archived"
            case .failed(let k, let c): phase = "failed (eval_returncode \(c), results for \(k) of 3 backbones)"
            case .evaluating(let k): phase = "evaluating (training_results holds \(k) of 3 backbones)"
            }
            roundLines.append("| `\(r.id)` | \(r.plan.title) | \(r.plan.specs.map { "`\($0)`" }.joined(separator: " ")) | \(phase) |")
        }
        let kb = (files.totalBytes + 1023) / 1024
        return """
        \(SampleRunBuilder.readmeMarker)
        # A synthetic AutoTTS discovery run

        Everything in this folder is **synthetic**. It is a small discovery run in the AutoTTS workspace
        layout (see `run-layout.md`), made so that a fresh clone of ttsdash has something meaningful to
        open. No language model and no coding agent was involved:

        - the replay stores (`code_base/environment/`, `test_environment/`) come from a documented,
          seeded generator (`Sources/SampleRun/SyntheticStoreGenerator.swift`): three made-up backbones
          of different strength (`Synth-S`, `Synth-M`, `Synth-L`), a search benchmark (`synth-search`,
          20 questions) and a held-out one (`synth-heldout`, 15 questions), 128 branches per question,
          probes every 500 tokens. Questions and answers are placeholders; their statistics (answer
          changes by depth, trace lengths, majority-of-64 accuracy) are kept in the range of the real
          AutoTTS stores;
        - every number in the result CSVs and traces was computed by ttsdash's own replay evaluator on
          those stores (100 shuffle seeds per configuration; each round's trace file keeps one configuration,
          shuffle seed 0, on four questions from easiest to hardest);
        - each round's "proposal" is one of ttsdash's built-in controllers at a setting of its own;
          its `method.py` is a runnable, self-contained Python port of that controller (replayed by
          `ttsdash eval --method`, it gives the same Acc and Cost), and its prompt and proposal summary
          under `.workflow_logs/` say that they are synthetic.

        Regenerate it, byte for byte (seed \(seed)):

            ttsdash sample --out sample-runs/autotts-synthetic\(seed == 0 ? "" : " --seed \(seed)")

        ## Layout

        ```
        code_base/environment/<backbone>/synth-search.json          search replay stores
        code_base/method.py                                          controller being evaluated now
        code_base/training_results/matrix_results_<backbone>/        live results (2 of 3 backbones in)
        code_base/history/seed_algorithms/matrix_results_<backbone>/ SC, ASC, ESC, Parallel-Probe sweeps
        code_base/history/<round_id>/                                archived rounds: method.py,
                                                                     proposal_results/, manifest
        code_base/history/workflow_index.jsonl                       one row per archived round
        .workflow_logs/<round_id>/                                   rendered_prompt.txt, proposal_result.json
        test_environment/<backbone>/synth-heldout.json               held-out replay stores
        eval/test_results/matrix_results_<backbone>/                 held-out results (baselines and CMC)
        ```

        ## Rounds

        | round | proposal | evaluated | phase |
        |---|---|---|---|
        \(roundLines.joined(separator: "\n"))

        \(files.files.count + 1) files, about \(kb) KB before this README.

        """
    }
}
