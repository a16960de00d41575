"""
SYNTHETIC SAMPLE ROUND r0000_20260302_090217_141dec08: windowed early stopping (ESC-like).

Written by `ttsdash sample` (seed 0), not by a coding agent. It stands in for an agent's
proposal: the controller below is the replay core's built-in `esc` controller,
and these are the configurations that were evaluated on the synthetic stores:
    esc | config={'max_samples': 8, 'window_size': 4}
    esc | config={'max_samples': 16, 'window_size': 4}
    esc | config={'max_samples': 32, 'window_size': 4}
    esc | config={'max_samples': 64, 'window_size': 4}
"""

from collections import Counter
from typing import Any, Dict, List, Optional

from method import LLMDesignedMethod, _beta_majority_confidence, _safe_probe_more, _safe_probe_new, _vote_stats


def _majority(answers: List[str]) -> Optional[str]:
    if not answers:
        return None
    return Counter(answers).most_common(1)[0][0]  # ties: first seen wins


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

SWEEP = [
    {'max_samples': 8, 'window_size': 4},
    {'max_samples': 16, 'window_size': 4},
    {'max_samples': 32, 'window_size': 4},
    {'max_samples': 64, 'window_size': 4},
]
