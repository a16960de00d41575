"""
SYNTHETIC SAMPLE ROUND r0000_20260302_090217_141dec08: windowed early stopping (ESC-like).

Written by `ttsdash sample` (seed 0), not by a coding agent. It stands in for an agent's
proposal: ESCMethod below is a Python port of the replay core's built-in `esc`
controller, which computed this round's results on the synthetic stores with these
configurations:
    esc | config={'max_samples': 8, 'window_size': 4}
    esc | config={'max_samples': 16, 'window_size': 4}
    esc | config={'max_samples': 32, 'window_size': 4}
    esc | config={'max_samples': 64, 'window_size': 4}

Replayed by the controller host, it gives exactly those results' Acc and Cost (one
command, in the sample run's folder):
    ttsdash eval --method code_base/history/r0000_20260302_090217_141dec08/code_base/method.py
        --stores code_base/environment --benchmark synth-search
        --controller 'ESCMethod:max_samples=8,16,32,64,window_size=4' --out DIR
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


class ESCMethod(LLMDesignedMethod):
    """Early-stopping consistency: read whole branches in windows of window_size and stop at the
    first window whose answers all agree."""

    NAME = "esc"

    def __init__(self, config: Optional[Dict[str, Any]] = None):
        super().__init__(config)
        self.max_samples = int(self.config.get("max_samples", 64))
        self.window_size = int(self.config.get("window_size", 8))
        self.config = {"max_samples": self.max_samples, "window_size": self.window_size}

    def solve(self, question) -> Optional[str]:
        self._step("start", "initialize esc run", {"question": str(question)}, "initialized",
                   {"max_samples": self.max_samples, "window_size": self.window_size, "all_candidates_n": 0},
                   "start windowed sampling")
        windows = self.max_samples // self.window_size if self.window_size > 0 else 0
        self._step("plan_windows", "compute sampling windows",
                   {"max_samples": self.max_samples, "window_size": self.window_size}, {"num_windows": windows},
                   {"all_candidates_n": 0}, "iterate fixed number of windows")
        pool: List[str] = []
        windows_used = 0
        for w in range(windows):
            self._step("window_start", "collect one sampling window", {"window_idx": w}, None,
                       {"window_n": 0, "all_candidates_n": len(pool)}, "read up to window_size full answers")
            window: List[str] = []
            for r in range(self.window_size):
                answer = _safe_final_answer(question)
                if answer is None:
                    break
                window.append(answer)
                pool.append(answer)
                self._step("window_read", "read full answer", {"window_idx": w, "read_idx": r}, {"answer": answer},
                           {"window_n": len(window), "all_candidates_n": len(pool)}, "continue reading current window")
            if not window:
                continue
            windows_used += 1
            unanimous = all(a == window[0] for a in window)
            self._step("window_evaluate", "check early stop by unanimity", {"window_answers": list(window)},
                       {"window_candidates": list(window), "unanimous": unanimous},
                       {"window_n": len(window), "all_candidates_n": len(pool)},
                       "if unanimous then return current_window[0] else continue")
            if unanimous:
                self._step("finish", "return final answer", {"all_candidates_n": len(pool), "stop_window_idx": w},
                           {"answer": window[0], "stop_reason": "window_unanimity"},
                           {"all_candidates_n": len(pool), "windows_used": windows_used}, "early stop: unanimous window")
                return window[0]
        winner = _majority(pool)
        self._step("finish", "return final answer", {"all_candidates": list(pool)},
                   {"answer": winner, "stop_reason": "max_windows_or_exhausted"},
                   {"all_candidates_n": len(pool), "windows_used": windows_used}, "fallback to majority vote")
        return winner


# The configurations this round was evaluated with.
SWEEP = [
    {'max_samples': 8, 'window_size': 4},
    {'max_samples': 16, 'window_size': 4},
    {'max_samples': 32, 'window_size': 4},
    {'max_samples': 64, 'window_size': 4},
]
