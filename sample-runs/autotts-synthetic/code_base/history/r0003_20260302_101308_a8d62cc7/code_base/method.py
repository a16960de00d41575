"""
SYNTHETIC SAMPLE ROUND r0003_20260302_101308_a8d62cc7: first confidence-momentum draft (evaluation crashed).

Written by `ttsdash sample` (seed 0), not by a coding agent. It stands in for an agent's
proposal: the controller below is the replay core's built-in `cmc` controller,
and these are the configurations that were evaluated on the synthetic stores:
    optimal_controller | config={'beta': 0.0}
    optimal_controller | config={'beta': 0.5}
    optimal_controller | config={'beta': 1.0}

Evaluation failed (synthetic failure): the evaluator exited with code 1 after Synth-S; results for the other backbones were never written.
"""

from collections import Counter
from typing import Any, Dict, List, Optional

from method import LLMDesignedMethod, _beta_majority_confidence, _safe_probe_more, _safe_probe_new, _vote_stats


def _majority(answers: List[str]) -> Optional[str]:
    if not answers:
        return None
    return Counter(answers).most_common(1)[0][0]  # ties: first seen wins


class OptimalController(LLMDesignedMethod):
    """Confidence Momentum Controller (CMC), condensed: the replay core's `cmc`."""

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

SWEEP = [
    {'beta': 0.0},
    {'beta': 0.5},
    {'beta': 1.0},
]
