"""
SYNTHETIC SAMPLE ROUND r0002_20260302_094420_32579472: probing in parallel with fast pruning (Parallel-Probe variant).

Written by `ttsdash sample` (seed 0), not by a coding agent. It stands in for an agent's
proposal: the controller below is the replay core's built-in `pp` controller,
and these are the configurations that were evaluated on the synthetic stores:
    Parallel_Probe | config={'num_chains': 8, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100}
    Parallel_Probe | config={'num_chains': 16, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100}
    Parallel_Probe | config={'num_chains': 32, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100}
    Parallel_Probe | config={'num_chains': 64, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100}
"""

from collections import Counter
from typing import Any, Dict, List, Optional

from method import LLMDesignedMethod, _beta_majority_confidence, _safe_probe_more, _safe_probe_new, _vote_stats


def _majority(answers: List[str]) -> Optional[str]:
    if not answers:
        return None
    return Counter(answers).most_common(1)[0][0]  # ties: first seen wins


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

SWEEP = [
    {'num_chains': 8, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100},
    {'num_chains': 16, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100},
    {'num_chains': 32, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100},
    {'num_chains': 64, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100},
]
