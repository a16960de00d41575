import ReplayCore

/// The `method.py` of each sample round: a short Python controller that is exactly the built-in
/// controller the round was evaluated with, headed by a docstring that says it is synthetic.
///
/// Why Python: a real round's `method.py` is the agent's Python controller, and the dashboard
/// shows it as source; the sample's must read like one while being honest about its origin.
public enum ControllerSource {
    public enum Family: String, Sendable { case esc, asc, parallelProbe, cmc }

    public static func methodPy(family: Family, roundID: String, title: String, seed: UInt64,
                                configurations: [ControllerConfiguration], outcomeNote: String?) -> String {
        var doc = """
        \"\"\"
        SYNTHETIC SAMPLE ROUND \(roundID): \(title).

        Written by `ttsdash sample` (seed \(seed)), not by a coding agent. It stands in for an agent's
        proposal: the controller below is the replay core's built-in `\(configurations.first?.key ?? "")` controller,
        and these are the configurations that were evaluated on the synthetic stores:

        """
        for c in configurations { doc += "    \(c.descriptionString)\n" }
        if let outcomeNote { doc += "\n\(outcomeNote)\n" }
        doc += "\"\"\"\n\n"
        let sweep = "SWEEP = [\n" + configurations.map { "    \($0.configRepr),\n" }.joined() + "]\n"
        return doc + header + body(family) + "\n\n" + sweep
    }

    static let header = """
    from collections import Counter
    from typing import Any, Dict, List, Optional

    from method import LLMDesignedMethod, _beta_majority_confidence, _safe_probe_more, _safe_probe_new, _vote_stats


    def _majority(answers: List[str]) -> Optional[str]:
        if not answers:
            return None
        return Counter(answers).most_common(1)[0][0]  # ties: first seen wins



    """

    static func body(_ family: Family) -> String {
        switch family {
        case .esc: return """
            class ESCMethod(LLMDesignedMethod):
                NAME = "esc"

                def __init__(self, config: Optional[Dict[str, Any]] = None):
                    super().__init__(config)
                    self.max_samples = int((config or {}).get("max_samples", 64))
                    self.window_size = int((config or {}).get("window_size", 8))

                def solve(self, question) -> Optional[str]:
                    pool: List[str] = []
                    for _ in range(self.max_samples // self.window_size):
                        window = []
                        for _ in range(self.window_size):
                            answer = question.get_new_branch_final_answer()  # full read
                            if answer is None:
                                break
                            window.append(answer)
                        if not window:
                            continue
                        pool.extend(window)
                        if len(set(window)) == 1:  # unanimous window: stop
                            return window[0]
                    return _majority(pool)
            """
        case .asc: return """
            class ASCMethod(LLMDesignedMethod):
                NAME = "asc"

                def __init__(self, config: Optional[Dict[str, Any]] = None):
                    super().__init__(config)
                    self.max_samples = int((config or {}).get("max_samples", 64))
                    self.threshold = float((config or {}).get("threshold", 0.95))

                def solve(self, question) -> Optional[str]:
                    answers: List[str] = []
                    for _ in range(self.max_samples):
                        answer = question.get_new_branch_final_answer()  # full read
                        if answer is None:
                            break
                        answers.append(answer)
                        if len(answers) >= 2:
                            winner, top1, top2, _ = _vote_stats(answers)
                            if _beta_majority_confidence(top1, top2) > self.threshold:
                                return winner
                    return _majority(answers)
            """
        case .parallelProbe: return """
            class Parallel_Probe(LLMDesignedMethod):
                NAME = "Parallel_Probe"

                def __init__(self, config: Optional[Dict[str, Any]] = None):
                    super().__init__(config)
                    c = config or {}
                    self.num_chains = int(c.get("num_chains", 64))
                    self.T = int(c.get("T", 40))                      # consensus must hold T steps
                    self.prune_patience = int(c.get("prune_patience", 7))
                    self.warm_up = int(c.get("warm_up", 15))
                    self.probe_burst = int(c.get("probe_burst", 1))
                    self.max_steps = int(c.get("max_steps", 100))

                def solve(self, question) -> Optional[str]:
                    chains = []
                    for _ in range(self.num_chains):
                        out = _safe_probe_new(question)
                        if out is None:
                            break
                        answer, index, finished = out
                        chains.append({"index": index, "latest": answer, "finished": finished, "pruned": False, "off": 0})
                    if not chains:
                        return None
                    stable, prev = 0, None
                    for step in range(self.max_steps):
                        for ch in chains:
                            if ch["pruned"] or ch["finished"]:
                                continue
                            for _ in range(self.probe_burst):
                                out = _safe_probe_more(question, ch["index"])
                                if out is None:
                                    ch["finished"] = True
                                    break
                                ch["latest"], ch["finished"] = out
                                if ch["finished"]:
                                    break
                        active = [ch for ch in chains if not ch["pruned"]]
                        if not active:
                            return prev
                        winner = _majority([ch["latest"] for ch in active])
                        if step >= self.warm_up and len(active) > 1:
                            for ch in active:
                                if not ch["finished"]:
                                    ch["off"] = ch["off"] + 1 if ch["latest"] != winner else 0
                                    if ch["off"] >= self.prune_patience:
                                        ch["pruned"] = True
                            active = [ch for ch in chains if not ch["pruned"]]
                            if not active:
                                return prev
                            winner = _majority([ch["latest"] for ch in active])
                        stable = stable + 1 if winner == prev else 0
                        if stable >= self.T or all(ch["finished"] or ch["pruned"] for ch in chains):
                            return winner
                        prev = winner
                    return prev
            """
        case .cmc: return """
            class OptimalController(LLMDesignedMethod):
                \"\"\"Confidence Momentum Controller (CMC), condensed: the replay core's `cmc`.\"\"\"

                NAME = "optimal_controller"
                _MAX_BRANCH = 64

                def _schedule(self, beta: float) -> dict:
                    b = max(0.0, min(1.0, float(beta)))
                    return {
                        "n_init":           max(2, round(2 + 6 * b)),
                        "max_branch_use":   min(self._MAX_BRANCH, round(4 + 60 * b)),
                        "warm_up":          max(2, round(2 + 8 * b)),
                        "abandon_patience": max(3, round(3 + 9 * b)),
                        "T_ema":            max(2, round(2 + 6 * b)),
                        "ema_alpha":        round(0.70 - 0.40 * b, 4),
                        "conf_thresh":      round(0.85 + 0.12 * b, 4),
                        "delta_slack":      round(0.04 - 0.03 * b, 4),
                        "burst_aligned":    max(1, round(1 + 2 * b)),
                        "widen_burst":      max(1, round(1 + 3 * b)),
                        "trend_thresh":     round(0.04 - 0.03 * b, 4),
                        "min_complete":     max(2, round(2 + 3 * b)),
                    }

                def __init__(self, config: Optional[Dict[str, Any]] = None):
                    super().__init__(config)
                    self._beta = float((config or {}).get("beta", 0.5))
                    for key, value in self._schedule(self._beta).items():
                        setattr(self, key, value)

                def solve(self, question) -> Optional[str]:
                    # 1. open n_init branches; 2. each round, probe active branches (aligned ones get
                    # burst_aligned steps, the most-probed first), abandon branches deviant for
                    # abandon_patience rounds (keeping two); 3. update the EMA of the completed pool's
                    # Beta-majority confidence; stop when ema >= conf_thresh and delta >= -delta_slack
                    # with at least min_complete answers; 4. widen by widen_burst branches (up to
                    # max_branch_use) when delta <= trend_thresh; 5. answer the pool winner.
                    ...
            """
        }
    }
}
