"""
SYNTHETIC SAMPLE ROUND r0006_20260302_112101_56d63929: confidence momentum controller, low-budget beta grid.

Written by `ttsdash sample` (seed 0), not by a coding agent. It stands in for an agent's
proposal: OptimalController below is a Python port of the replay core's built-in `cmc`
controller, which computed this round's results on the synthetic stores with these
configurations:
    optimal_controller | config={'beta': 0.0}
    optimal_controller | config={'beta': 0.05}
    optimal_controller | config={'beta': 0.1}
    optimal_controller | config={'beta': 0.15}
    optimal_controller | config={'beta': 0.2}
    optimal_controller | config={'beta': 0.25}
    optimal_controller | config={'beta': 0.3}

Replayed by the controller host, it gives exactly those results' Acc and Cost (one
command, in the sample run's folder):
    ttsdash eval --method code_base/method.py
        --stores code_base/environment --benchmark synth-search
        --controller 'OptimalController:beta=0.0,0.05,0.1,0.15,0.2,0.25,0.3' --out DIR

Being evaluated when the sample was taken: results for Synth-S, Synth-M are in.
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


class _Branch:
    """One branch of the confidence momentum controller, in opening order."""

    __slots__ = ("index", "latest", "finished", "abandoned", "probes", "disagree")

    def __init__(self, index: int, answer: str, finished: bool):
        self.index, self.latest, self.finished = index, answer, finished
        self.abandoned, self.probes, self.disagree = False, 0, 0


class OptimalController(LLMDesignedMethod):
    """Confidence Momentum Controller (CMC). One knob, beta in [0, 1], schedules every other:
    open n_init branches; each outer step, probe the live branches (most probed first; a branch
    agreeing with the completed pool's winner gets burst_aligned intervals after warm_up),
    abandon branches that disagreed for abandon_patience steps (keeping two alive), and follow an
    EMA of the completed pool's Beta-majority confidence: stop when it is at least conf_thresh
    and not falling by more than delta_slack (with min_complete answers), widen by widen_burst
    branches (up to max_branch_use) while its trend is at most trend_thresh."""

    NAME = "optimal_controller"
    MAX_BRANCH = 64
    MAX_OUTER = 500

    def __init__(self, config: Optional[Dict[str, Any]] = None):
        super().__init__(config)
        self._beta = float(self.config.get("beta", 0.5))
        self.config = {"beta": self._beta}
        b = max(0.0, min(1.0, self._beta))
        # round() halves to even, round(x, 4) rounds the exact binary value: both as Python does.
        self.n_init = max(2, round(2 + 6 * b))
        self.max_branch_use = min(self.MAX_BRANCH, round(4 + 60 * b))
        self.warm_up = max(2, round(2 + 8 * b))
        self.abandon_patience = max(3, round(3 + 9 * b))
        self.T_ema = max(2, round(2 + 6 * b))
        self.ema_alpha = round(0.70 - 0.40 * b, 4)
        self.conf_thresh = round(0.85 + 0.12 * b, 4)
        self.delta_slack = round(0.04 - 0.03 * b, 4)
        self.burst_aligned = max(1, round(1 + 2 * b))
        self.widen_burst = max(1, round(1 + 3 * b))
        self.trend_thresh = round(0.04 - 0.03 * b, 4)
        self.min_complete = max(2, round(2 + 3 * b))

    def _schedule(self) -> Dict[str, Any]:
        return {"n_init": self.n_init, "max_branch_use": self.max_branch_use, "warm_up": self.warm_up,
                "abandon_patience": self.abandon_patience, "T_ema": self.T_ema, "ema_alpha": self.ema_alpha,
                "conf_thresh": self.conf_thresh, "delta_slack": self.delta_slack, "burst_aligned": self.burst_aligned,
                "widen_burst": self.widen_burst, "trend_thresh": self.trend_thresh, "min_complete": self.min_complete}

    def _ema(self, previous: float, value: float) -> float:
        return (1.0 - self.ema_alpha) * previous + self.ema_alpha * value

    def solve(self, question) -> Optional[str]:
        self._step("start", "initialize CMC run", {"beta": self._beta}, "initialized", self._schedule(),
                   "start confidence momentum controller")
        branches: List[_Branch] = []
        live: List[_Branch] = []          # neither finished nor abandoned, in opening order
        completed: Dict[str, int] = {}    # the completed-answer pool: counts in first-seen order
        n_complete = 0
        total_spawned = 0

        def complete(answer: str) -> None:
            nonlocal n_complete
            completed[answer] = completed.get(answer, 0) + 1
            n_complete += 1

        def pool_stats() -> Tuple[Optional[str], float]:
            winner, top1, top2 = _top_two(completed)
            return winner, (_beta_majority_confidence(top1, top2) if winner is not None else 0.0)

        def spawn() -> bool:
            nonlocal total_spawned
            opened = _safe_probe_new(question)
            if opened is None:
                return False
            answer, index, finished = opened
            total_spawned += 1
            branch = _Branch(index, answer, finished)
            branches.append(branch)
            if finished:
                complete(answer)
            else:
                live.append(branch)
            return True

        for _ in range(self.n_init):
            if not spawn():
                break
        self._step("init_branches", "open initial branch batch", {"n_init": self.n_init},
                   {"n_spawned": total_spawned, "n_completed": n_complete}, {"total_spawned": total_spawned},
                   "proceed to main loop")
        if not branches:
            self._step("finish", "return final answer", {}, {"answer": None, "stop_reason": "no_branches"},
                       {"total_spawned": 0}, "no branches available")
            return None

        ema_conf = 0.0
        ema_history: List[float] = []
        outer_step = 0
        while outer_step < self.MAX_OUTER:
            pool_winner, pool_conf = pool_stats()
            warm_enough = outer_step >= self.warm_up
            ema_conf = self._ema(ema_conf, pool_conf)
            ema_history.append(ema_conf)
            if len(ema_history) > self.T_ema:
                ema_history.pop(0)

            # Disagreement streaks; abandon persistent deviants (longest streak first), keeping two alive.
            abandoned_now: List[int] = []
            if warm_enough and pool_winner is not None:
                candidates = []
                for branch in live:
                    branch.disagree = branch.disagree + 1 if branch.latest != pool_winner else 0
                    if branch.disagree >= self.abandon_patience:
                        candidates.append(branch)
                candidates.sort(key=lambda br: -br.disagree)  # stable
                for branch in candidates[:max(0, len(live) - 2)]:
                    branch.abandoned = True
                    abandoned_now.append(branch.index)

            # Depth allocation: the most probed branches first; aligned ones get a burst.
            active = sorted((br for br in live if not br.abandoned), key=lambda br: -br.probes)  # stable
            probed_this = 0
            for branch in active:
                aligned = warm_enough and pool_winner is not None and branch.latest == pool_winner
                steps = self.burst_aligned if aligned else 1
                for _ in range(steps):
                    if branch.finished:
                        break
                    probed = _safe_probe_more(question, branch.index)
                    if probed is None:
                        branch.finished = True
                        complete(branch.latest)
                        break
                    branch.probes += 1
                    branch.latest = probed[0]
                    if probed[1]:
                        branch.finished = True
                        complete(probed[0])
                        break
                probed_this += steps

            pool_winner, pool_conf = pool_stats()
            ema_conf = self._ema(ema_conf, pool_conf)
            ema_history[-1] = ema_conf
            ema_delta = ema_history[-1] - ema_history[0] if len(ema_history) >= 2 else 0.0
            live[:] = [br for br in live if not br.abandoned and not br.finished]
            n_active = len(live)
            self._step("forward", "probe with priority scheduling + update EMA",
                       {"outer_step": outer_step, "pool_winner": pool_winner, "pool_conf": round(pool_conf, 4)},
                       {"n_complete": n_complete, "n_active": n_active, "probed_this": probed_this,
                        "ema_conf": round(ema_conf, 4), "ema_delta": round(ema_delta, 4), "abandoned_now": abandoned_now},
                       {"total_spawned": total_spawned}, "evaluate momentum gate and widening")

            # EMA momentum stopping gate.
            gate_eligible = warm_enough and n_complete >= self.min_complete
            gate_fires = gate_eligible and ema_conf >= self.conf_thresh and ema_delta >= -self.delta_slack
            self._step("terminate_check", "EMA momentum gate evaluation",
                       {"outer_step": outer_step, "conf_thresh": self.conf_thresh, "delta_slack": self.delta_slack,
                        "min_complete": self.min_complete, "warm_up": self.warm_up},
                       {"ema_conf": round(ema_conf, 4), "ema_delta": round(ema_delta, 4), "pool_conf": round(pool_conf, 4),
                        "n_complete": n_complete, "gate_eligible": gate_eligible, "gate_fires": gate_fires},
                       {"total_spawned": total_spawned}, "stop if EMA gate fires")
            if gate_fires:
                self._step("finish", "return final answer", {"outer_step": outer_step},
                           {"answer": pool_winner, "stop_reason": "ema_momentum_gate", "ema_conf": round(ema_conf, 4),
                            "ema_delta": round(ema_delta, 4), "n_complete": n_complete},
                           {"total_spawned": total_spawned}, "EMA level high + momentum non-negative")
                return pool_winner

            all_resolved = n_active == 0
            if all_resolved:
                break

            # Confidence-trend widening.
            can_widen = total_spawned < self.max_branch_use and total_spawned < self.MAX_BRANCH
            trend_weak = ema_delta <= self.trend_thresh
            want_widen = can_widen and trend_weak and outer_step >= max(1, self.warm_up // 2) and ema_conf < self.conf_thresh
            spawned_now = 0
            if want_widen:
                for _ in range(self.widen_burst):
                    if total_spawned >= self.max_branch_use or total_spawned >= self.MAX_BRANCH:
                        break
                    if not spawn():
                        break
                    spawned_now += 1
            self._step("update_states", "confidence-trend widening snapshot",
                       {"outer_step": outer_step, "want_widen": want_widen, "ema_conf": round(ema_conf, 4),
                        "ema_delta": round(ema_delta, 4), "trend_thresh": self.trend_thresh},
                       {"spawned_now": spawned_now, "total_spawned": total_spawned, "all_resolved": all_resolved},
                       {"n_active": n_active}, "continue main loop")
            outer_step += 1

        # Final answer: the completed pool's winner, else the majority of the branches not abandoned.
        final_winner, final_conf = pool_stats()
        if final_winner is None:
            final_winner = _majority([br.latest for br in branches if not br.abandoned])
            final_conf = 0.0
        self._step("finish", "return final answer", {"outer_step": outer_step},
                   {"answer": final_winner, "stop_reason": "loop_end", "ema_conf": round(ema_conf, 4),
                    "pool_conf": round(final_conf, 4), "n_complete": n_complete, "total_spawned": total_spawned},
                   {"total_spawned": total_spawned}, "majority of completed answers at loop end")
        return final_winner


# The configurations this round was evaluated with.
SWEEP = [
    {'beta': 0.0},
    {'beta': 0.05},
    {'beta': 0.1},
    {'beta': 0.15},
    {'beta': 0.2},
    {'beta': 0.25},
    {'beta': 0.3},
]
