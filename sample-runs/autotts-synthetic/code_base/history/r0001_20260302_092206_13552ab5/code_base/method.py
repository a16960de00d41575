"""
SYNTHETIC SAMPLE ROUND r0001_20260302_092206_13552ab5: adaptive consistency with a lower confidence gate (ASC variant).

Written by `ttsdash sample` (seed 0), not by a coding agent. It stands in for an agent's
proposal: the controller below is the replay core's built-in `asc` controller,
and these are the configurations that were evaluated on the synthetic stores:
    asc | config={'max_samples': 8, 'threshold': 0.8}
    asc | config={'max_samples': 8, 'threshold': 0.9}
    asc | config={'max_samples': 16, 'threshold': 0.8}
    asc | config={'max_samples': 16, 'threshold': 0.9}
    asc | config={'max_samples': 32, 'threshold': 0.8}
    asc | config={'max_samples': 32, 'threshold': 0.9}
    asc | config={'max_samples': 64, 'threshold': 0.8}
    asc | config={'max_samples': 64, 'threshold': 0.9}
"""

from collections import Counter
from typing import Any, Dict, List, Optional

from method import LLMDesignedMethod, _beta_majority_confidence, _safe_probe_more, _safe_probe_new, _vote_stats


def _majority(answers: List[str]) -> Optional[str]:
    if not answers:
        return None
    return Counter(answers).most_common(1)[0][0]  # ties: first seen wins


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

SWEEP = [
    {'max_samples': 8, 'threshold': 0.8},
    {'max_samples': 8, 'threshold': 0.9},
    {'max_samples': 16, 'threshold': 0.8},
    {'max_samples': 16, 'threshold': 0.9},
    {'max_samples': 32, 'threshold': 0.8},
    {'max_samples': 32, 'threshold': 0.9},
    {'max_samples': 64, 'threshold': 0.8},
    {'max_samples': 64, 'threshold': 0.9},
]
