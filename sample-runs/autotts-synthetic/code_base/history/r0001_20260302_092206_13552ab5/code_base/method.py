"""
SYNTHETIC SAMPLE ROUND r0001_20260302_092206_13552ab5: adaptive consistency with a lower confidence gate (ASC variant).

Written by `ttsdash sample` (seed 0), not by a coding agent. It stands in for an agent's
proposal: ASCMethod below is a Python port of the replay core's built-in `asc`
controller, which computed this round's results on the synthetic stores with these
configurations:
    asc | config={'max_samples': 8, 'threshold': 0.8}
    asc | config={'max_samples': 8, 'threshold': 0.9}
    asc | config={'max_samples': 16, 'threshold': 0.8}
    asc | config={'max_samples': 16, 'threshold': 0.9}
    asc | config={'max_samples': 32, 'threshold': 0.8}
    asc | config={'max_samples': 32, 'threshold': 0.9}
    asc | config={'max_samples': 64, 'threshold': 0.8}
    asc | config={'max_samples': 64, 'threshold': 0.9}

Replayed by the controller host, it gives exactly those results' Acc and Cost (one
command, in the sample run's folder):
    ttsdash eval --method code_base/history/r0001_20260302_092206_13552ab5/code_base/method.py
        --stores code_base/environment --benchmark synth-search
        --controller 'ASCMethod:max_samples=8,16,32,64,threshold=0.8,0.9' --out DIR
"""

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Tuple

from scipy.stats import beta


# --- shared helpers --------------------------------------------------------------------------
def _vote_stats(answers: List[str]) -> Tuple[Optional[str], int, int, Dict[str, int]]:
    """Winner, its count (top1), the runner-up's count (top2) and the counts per answer in
    first-seen order. Among equal counts the answer seen first wins; top2 is 0 when only one
    answer was given."""
    counts: Dict[str, int] = {}
    for a in answers:
        counts[a] = counts.get(a, 0) + 1
    winner, top1, top2 = _top_two(counts)
    return winner, top1, top2, counts


def _top_two(counts: Dict[str, int]) -> Tuple[Optional[str], int, int]:
    winner, top1, top2 = None, 0, 0
    for answer, c in counts.items():  # first-seen order
        if c > top1:
            winner, top1, top2 = answer, c, top1
        elif c > top2:
            top2 = c
    return winner, top1, top2


def _majority(answers: List[str]) -> Optional[str]:
    """The most frequent answer, the first seen among equal counts; None for no answers."""
    return _vote_stats(answers)[0]


_CONFIDENCE: Dict[Tuple[int, int], float] = {}


def _beta_majority_confidence(top1: int, top2: int) -> float:
    """P(the leading answer is the true majority) under a uniform prior on the vote share:
    1 - I_0.5(top1 + 1, top2 + 1); 0 without votes. Memoised (few distinct vote pairs)."""
    if top1 <= 0:
        return 0.0
    key = (top1, top2)
    value = _CONFIDENCE.get(key)
    if value is None:
        value = float(1.0 - beta.cdf(0.5, top1 + 1, top2 + 1))
        _CONFIDENCE[key] = value
    return value


def _safe_probe_new(question) -> Optional[Tuple[str, int, bool]]:
    """Open the next branch: (answer, index, finished), or None when every branch is open."""
    try:
        return question.probe_new()
    except (ValueError, IndexError):
        return None


def _safe_probe_more(question, index: int) -> Optional[Tuple[str, bool]]:
    """One more interval of an opened branch: (answer, finished), or None."""
    try:
        return question.probe_more(index)
    except (ValueError, IndexError):
        return None


def _safe_final_answer(question) -> Optional[str]:
    """Read the next branch to its end (charged in full): its final answer, or None when every
    branch is open."""
    try:
        return question.get_new_branch_final_answer()
    except (ValueError, IndexError):
        return None


class LLMDesignedMethod(ABC):
    """What every controller in this file shares: its config dict, its description (the results
    CSV's Description column), `controller(question)` and the trace of its decision steps."""

    NAME = "llm_designed_method"

    def __init__(self, config: Optional[Dict[str, Any]] = None):
        self.config: Dict[str, Any] = dict(config or {})
        self.trace: List[Dict[str, Any]] = []

    def description(self) -> str:
        return f"{self.NAME} | config={self.config}"

    def __call__(self, question) -> Optional[str]:
        self.trace = []
        return self.solve(question)

    @abstractmethod
    def solve(self, question) -> Optional[str]:
        """Spend tokens on the question's branches and return an answer (or None)."""

    def get_last_trace(self) -> List[Dict[str, Any]]:
        """The decision steps of the last question solved."""
        return list(self.trace)

    def _read_full(self, question, answers: List[str], i: int, decision: str) -> Optional[str]:
        """Read the next branch in full into answers, with its "read" step; None when every branch
        is open."""
        answer = _safe_final_answer(question)
        if answer is not None:
            answers.append(answer)
            self._step("read", "read next candidate answer", {"sample_idx": i}, {"answer": answer},
                       {"all_candidates_n": len(answers)}, decision)
        return answer

    def _step(self, event: str, goal: str, input: Any, output: Any, state: Any, decision: str) -> None:
        self.trace.append({"event": event, "goal": goal, "input": input, "output": output,
                           "state": state, "decision": decision})


class ASCMethod(LLMDesignedMethod):
    """Adaptive consistency: read whole branches one at a time and stop as soon as the
    Beta-majority confidence of the answers so far exceeds the threshold."""

    NAME = "asc"

    def __init__(self, config: Optional[Dict[str, Any]] = None):
        super().__init__(config)
        self.max_samples = int(self.config.get("max_samples", 64))
        self.threshold = float(self.config.get("threshold", 0.95))
        self.config = {"max_samples": self.max_samples, "threshold": self.threshold}

    def solve(self, question) -> Optional[str]:
        self._step("start", "initialize asc run", {"question": str(question)}, "initialized",
                   {"max_samples": self.max_samples, "threshold": self.threshold, "all_candidates_n": 0},
                   "start sequential sampling with confidence stop")
        answers: List[str] = []
        for i in range(self.max_samples):
            if self._read_full(question, answers, i, "continue until confidence threshold is met") is None:
                break
            if len(answers) < 2:
                self._step("confidence_skip", "compute confidence for early stop",
                           {"sample_idx": i, "all_candidates_n": len(answers)}, None,
                           {"all_candidates_n": len(answers)}, "need at least 2 samples to compare top votes")
                continue
            winner, top1, top2, counts = _vote_stats(answers)
            confidence = _beta_majority_confidence(top1, top2)
            self._step("confidence_check", "compute confidence for early stop", {"all_candidates": list(answers)},
                       {"winner": winner, "counts": counts, "top1": top1, "top2": top2,
                        "confidence": confidence, "threshold": self.threshold},
                       {"all_candidates_n": len(answers)}, "early stop if confidence > threshold")
            if confidence > self.threshold:
                self._step("finish", "return final answer", {"all_candidates_n": len(answers)},
                           {"answer": winner, "stop_reason": "confidence_threshold"},
                           {"all_candidates_n": len(answers)}, "stop early by confidence gate")
                return winner
        winner = _majority(answers)
        self._step("finish", "return final answer", {"all_candidates": list(answers)},
                   {"answer": winner, "stop_reason": "max_samples_or_exhausted"},
                   {"all_candidates_n": len(answers)}, "fallback to majority vote")
        return winner


# The configurations this round was evaluated with.
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
