"""
SYNTHETIC SAMPLE ROUND r0002_20260302_094420_32579472: probing in parallel with fast pruning (Parallel-Probe variant).

Written by `ttsdash sample` (seed 0), not by a coding agent. It stands in for an agent's
proposal: Parallel_Probe below is a Python port of the replay core's built-in `pp`
controller, which computed this round's results on the synthetic stores with these
configurations:
    Parallel_Probe | config={'num_chains': 8, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100}
    Parallel_Probe | config={'num_chains': 16, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100}
    Parallel_Probe | config={'num_chains': 32, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100}
    Parallel_Probe | config={'num_chains': 64, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100}

Replayed by the controller host, it gives exactly those results' Acc and Cost (one
command, in the sample run's folder):
    ttsdash eval --method code_base/history/r0002_20260302_094420_32579472/code_base/method.py
        --stores code_base/environment --benchmark synth-search
        --controller 'Parallel_Probe:num_chains=8,16,32,64,T=10,prune_patience=4,warm_up=5' --out DIR
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


class _Chain:
    """One probed branch of Parallel_Probe."""

    __slots__ = ("index", "latest", "finished", "pruned", "off_track")

    def __init__(self, index: int, answer: str, finished: bool):
        self.index, self.latest, self.finished, self.pruned, self.off_track = index, answer, finished, False, 0


class Parallel_Probe(LLMDesignedMethod):
    """Parallel probing: open num_chains branches, advance every live one probe_burst intervals a
    step, vote among their latest answers, prune a branch that disagrees with the majority for
    prune_patience steps after warm_up, and stop once the majority has held for T steps or every
    branch is finished or pruned. K, eps_inter and eps_intra are recorded, not used."""

    NAME = "Parallel_Probe"

    def __init__(self, config: Optional[Dict[str, Any]] = None):
        super().__init__(config)
        c = self.config
        self.num_chains = int(c.get("num_chains", 64))
        self.K = int(c.get("K", 5))
        self.T = int(c.get("T", 40))
        self.eps_inter = float(c.get("eps_inter", 5.0))
        self.eps_intra = float(c.get("eps_intra", 5.0))
        self.prune_patience = int(c.get("prune_patience", 7))
        self.warm_up = int(c.get("warm_up", 15))
        self.probe_burst = int(c.get("probe_burst", 1))
        self.max_steps = int(c.get("max_steps", 100))
        self.config = {"num_chains": self.num_chains, "K": self.K, "T": self.T, "eps_inter": self.eps_inter,
                       "eps_intra": self.eps_intra, "prune_patience": self.prune_patience, "warm_up": self.warm_up,
                       "probe_burst": self.probe_burst, "max_steps": self.max_steps}

    def solve(self, question) -> Optional[str]:
        self._step("start", "initialize parallel probe run", {"question": str(question)}, "initialized",
                   {"num_chains": self.num_chains, "K": self.K, "T": self.T, "warm_up": self.warm_up,
                    "prune_patience": self.prune_patience, "probe_burst": self.probe_burst, "max_steps": self.max_steps},
                   "spawn chains then loop forward / majority / prune / terminate")
        chains: List[_Chain] = []
        for _ in range(self.num_chains):
            opened = _safe_probe_new(question)
            if opened is None:
                break
            answer, index, finished = opened
            chains.append(_Chain(index, answer, finished))
        n = len(chains)
        self._step("init_branches", "spawn initial probe branches", {"num_chains_requested": self.num_chains},
                   {"n_branches": n, "branches": [{"index": c.index, "finished": c.finished, "pruned": False} for c in chains]},
                   {"n_branches": n}, "continue main loop if any branch exists")
        if n == 0:
            self._step("finish", "return final answer", {"step": 0}, {"answer": None, "stop_reason": "no_branches"},
                       {"stable_cnt": 0, "prev_winner": None}, "no branch could be opened")
            return None
        stable, prev, step = 0, None, 0
        while step < self.max_steps:
            self._step("iteration_start", "main loop tick", {"step": step}, None,
                       {"stable_cnt": stable, "prev_winner": prev, "n_branches": n}, "forward all active branches")
            # Forward: every branch not pruned advances up to probe_burst intervals; finished ones vote too.
            active_answers: List[str] = []
            for c in chains:
                if c.pruned:
                    continue
                if not c.finished:
                    for _ in range(self.probe_burst):
                        probed = _safe_probe_more(question, c.index)
                        if probed is None:
                            c.finished = True
                            break
                        c.latest = probed[0]
                        if probed[1]:
                            c.finished = True
                            break
                active_answers.append(c.latest)
            self._step("forward", "probe_more burst on unfinished branches", {"step": step},
                       {"active_indices": [c.index for c in chains if not c.pruned],
                        "active_answers": list(active_answers),
                        "branch_snapshot": [{"i": i, "index": c.index, "finished": c.finished, "pruned": c.pruned,
                                             "last_answer": c.latest} for i, c in enumerate(chains)]},
                       {"n_active": len(active_answers)}, "majority vote among active last answers")
            if not active_answers:
                self._step("update_states", "majority winner and off-track counters", {"step": step, "warm_up": self.warm_up},
                           {"has_active": False, "winner_ans": None, "off_track_counts": [c.off_track for c in chains]},
                           {"n_active": 0}, "increment off_track when disagreeing with majority after warm_up")
                break
            winner = _majority(active_answers)
            judging = step >= self.warm_up and len(active_answers) > 1
            if judging:
                for c in chains:
                    if not c.pruned and not c.finished:
                        c.off_track = c.off_track + 1 if c.latest != winner else 0
            self._step("update_states", "majority winner and off-track counters", {"step": step, "warm_up": self.warm_up},
                       {"has_active": True, "winner_ans": winner, "off_track_counts": [c.off_track for c in chains]},
                       {"n_active": len(active_answers)}, "increment off_track when disagreeing with majority after warm_up")
            newly_pruned: List[int] = []
            break_loop = False
            n_active = len(active_answers)
            if judging:
                for c in chains:
                    if not c.pruned and not c.finished and c.off_track >= self.prune_patience:
                        c.pruned = True
                        newly_pruned.append(c.index)
                if newly_pruned:
                    active_answers = [c.latest for c in chains if not c.pruned]
                    n_active = len(active_answers)
                    if n_active == 0:
                        break_loop = True
                    else:
                        winner = _majority(active_answers)
            self._step("prune", "prune branches past patience vs majority", {"step": step, "prune_patience": self.prune_patience},
                       {"break_loop": break_loop, "has_active": n_active > 0, "winner_ans": None if break_loop else winner,
                        "active_indices_after": [c.index for c in chains if not c.pruned],
                        "newly_pruned_indices": newly_pruned},
                       {"n_active_after": n_active}, "drop chains with high off_track; may clear all active")
            if break_loop:
                break
            stable = stable + 1 if winner == prev else 0
            early_return = stable >= self.T
            all_done = all(c.finished or c.pruned for c in chains)
            self._step("terminate_check", "stable winner or all finished", {"T": self.T, "prev_winner": prev},
                       {"stable_cnt": stable, "new_prev_winner": winner, "early_return": early_return,
                        "break_loop": (not early_return) and all_done, "return_answer": winner if early_return else None},
                       {"step": step}, "early exit if stable_cnt>=T; break if all finished/pruned")
            if early_return:
                self._step("finish", "return final answer", {"step": step},
                           {"answer": winner, "stop_reason": "stable_majority_T"},
                           {"stable_cnt": stable, "prev_winner": winner}, "consensus stable for T steps")
                return winner
            prev = winner
            if all_done:
                break
            step += 1
        self._step("finish", "return final answer", {"step": min(step, self.max_steps - 1)},
                   {"answer": prev, "stop_reason": "all_branches_done_or_no_active"},
                   {"stable_cnt": stable, "prev_winner": prev}, "exit loop then return last majority winner")
        return prev


# The configurations this round was evaluated with.
SWEEP = [
    {'num_chains': 8, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100},
    {'num_chains': 16, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100},
    {'num_chains': 32, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100},
    {'num_chains': 64, 'K': 5, 'T': 10, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 4, 'warm_up': 5, 'probe_burst': 1, 'max_steps': 100},
]
