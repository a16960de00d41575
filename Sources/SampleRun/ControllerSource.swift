import ReplayCore

/// The `method.py` of each sample round: a self-contained Python controller, as an AutoTTS round
/// ships one (standard library and `scipy.stats.beta` only; its own base class, helpers and trace),
/// that is a line-for-line port of the replay core's built-in controller the round was evaluated
/// with, headed by a docstring that says it is synthetic.
///
/// Why runnable: the controller host replays a round's own `method.py` (`ttsdash eval --method`);
/// replaying the sample's gives exactly the Acc and Cost in its results CSVs (a test checks every
/// row), so the sample exercises the host end to end without the published data.
public enum ControllerSource {
    public enum Family: String, Sendable, CaseIterable { case majority, esc, asc, parallelProbe, cmc }

    public static func methodPy(family: Family, roundID: String, title: String, seed: UInt64,
                                configurations: [ControllerConfiguration], outcomeNote: String?,
                                methodPath: String = "code_base/method.py") -> String {
        let key = configurations.first?.key ?? ""
        var doc = """
        \"\"\"
        SYNTHETIC SAMPLE ROUND \(roundID): \(title).

        Written by `ttsdash sample` (seed \(seed)), not by a coding agent. It stands in for an agent's
        proposal: \(family.className) below is a Python port of the replay core's built-in `\(key)`
        controller, which computed this round's results on the synthetic stores with these
        configurations:

        """
        for c in configurations { doc += "    \(c.descriptionString)\n" }
        if let spec = hostedSpec(family: family, configurations: configurations) {
            doc += """

            Replayed by the controller host, it gives exactly those results' Acc and Cost (one
            command, in the sample run's folder):
                ttsdash eval --method \(methodPath)
                    --stores code_base/environment --benchmark synth-search
                    --controller '\(spec)' --out DIR

            """
        }
        if let outcomeNote { doc += "\n\(outcomeNote)\n" }
        doc += "\"\"\"\n\n"
        let sweep = "\n\n\n# The configurations this round was evaluated with.\nSWEEP = [\n"
            + configurations.map { "    \($0.configRepr),\n" }.joined() + "]\n"
        return doc + prelude + "\n\n\n" + body(family) + sweep
    }

    /// `Class:name=v1,v2,...` covering exactly `configurations` (their cross product), with only
    /// the parameters that are not at their defaults; nil when the configurations are no product.
    static func hostedSpec(family: Family, configurations: [ControllerConfiguration]) -> String? {
        guard let first = configurations.first else { return nil }
        let def = ControllerRegistry.definition(for: first.key)
        var parts: [String] = [], product = 1
        for (i, v) in first.values.enumerated() {
            var seen: [ParameterValue] = []
            for c in configurations where i < c.values.count && !seen.contains(c.values[i].value) { seen.append(c.values[i].value) }
            let isDefault = seen.count == 1 && def?.parameters.first(where: { $0.name == v.name })?.defaultValue == seen[0]
            if isDefault { continue }
            product *= seen.count
            parts.append("\(v.name)=" + seen.map(\.pythonRepr).joined(separator: ","))
        }
        guard product == configurations.count else { return nil }
        return family.className + (parts.isEmpty ? "" : ":" + parts.joined(separator: ","))
    }

    /// What every generated file shares: imports, vote helpers, safe question calls, base class.
    static let prelude = #"""
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

    def _step(self, event: str, goal: str, input: Any, output: Any, state: Any, decision: str) -> None:
        self.trace.append({"event": event, "goal": goal, "input": input, "output": output,
                           "state": state, "decision": decision})
"""#

    static func body(_ family: Family) -> String {
        switch family {
        case .majority: return majority
        case .esc: return esc
        case .asc: return asc
        case .parallelProbe: return parallelProbe
        case .cmc: return cmc
        }
    }

    static let majority = #"""
class MajorityVoteMethod(LLMDesignedMethod):
    """Self-consistency: read max_samples whole branches, answer the majority."""

    NAME = "majority_vote"

    def __init__(self, config: Optional[Dict[str, Any]] = None):
        super().__init__(config)
        self.max_samples = int(self.config.get("max_samples", 64))
        self.config = {"max_samples": self.max_samples}

    def solve(self, question) -> Optional[str]:
        self._step("start", "initialize majority vote run", {"max_samples": self.max_samples}, "initialized",
                   {"all_candidates_n": 0}, "read max_samples full answers")
        answers: List[str] = []
        for i in range(self.max_samples):
            answer = _safe_final_answer(question)
            if answer is None:
                break
            answers.append(answer)
            self._step("read", "read next candidate answer", {"sample_idx": i}, {"answer": answer},
                       {"all_candidates_n": len(answers)}, "continue until max_samples")
        winner = _majority(answers)
        self._step("finish", "return final answer", {"all_candidates": list(answers)},
                   {"answer": winner, "stop_reason": "max_samples_or_exhausted"},
                   {"all_candidates_n": len(answers)}, "majority vote")
        return winner
"""#

    static let esc = #"""
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
"""#

    static let asc = #"""
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
            answer = _safe_final_answer(question)
            if answer is None:
                break
            answers.append(answer)
            self._step("read", "read next candidate answer", {"sample_idx": i}, {"answer": answer},
                       {"all_candidates_n": len(answers)}, "continue until confidence threshold is met")
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
"""#

    static let parallelProbe = #"""
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
"""#

    static let cmc = #"""
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
"""#
}

extension ControllerSource.Family {
    /// The Python class a round of this family defines (the results CSV's Method column).
    public var className: String {
        switch self {
        case .majority: return "MajorityVoteMethod"
        case .esc: return "ESCMethod"
        case .asc: return "ASCMethod"
        case .parallelProbe: return "Parallel_Probe"
        case .cmc: return "OptimalController"
        }
    }
}
