/// The worker program the controller host runs in `python3` (one process per core). It lives in
/// the binary, so an installed `ttsdash` needs no files beside it.
enum WorkerScript {
    static let source = #"""
# ttsdash controller host: one worker process. It replays a round's own method.py against replay
# stores exactly as the AutoTTS reference evaluator does (docs: replay-semantics section 7) and
# answers the Swift side over two private pipes (fd 3 in, fd 4 out, one JSON object a line), so
# whatever the controller prints or reads cannot disturb the protocol.
import copy
import importlib.util
import inspect
import json
import os
import pickle
import random
import sys
import time
import traceback

PROTOCOL_IN, PROTOCOL_OUT = (int(x) for x in os.environ.get("TTSDASH_HOST_FDS", "3,4").split(","))


def send(message):
    _out.write(json.dumps(message, ensure_ascii=False) + "\n")
    _out.flush()


# --- scipy's beta distribution, memoised -----------------------------------------------------
# Controllers ask beta.cdf(0.5, top1 + 1, top2 + 1) for a few hundred distinct vote pairs, millions
# of times; scipy spends ~50 us per call on argument checks. The memo returns scipy's own value
# (the same float64, computed once by scipy), so results are bit-identical to the reference.
_SCALARS = (int, float)


def _memoise(dist, name):
    original = getattr(dist, name)
    cache = {}

    def memoised(*args, **kwargs):
        if not kwargs:
            try:
                key = tuple(float(a) for a in args if type(a) in _SCALARS or _is_np_scalar(a))
            except (TypeError, ValueError):
                key = None
            if key is not None and len(key) == len(args):
                hit = cache.get(key)
                if hit is None:
                    hit = original(*args)
                    cache[key] = hit
                return hit
        return original(*args, **kwargs)

    setattr(dist, name, memoised)


def _is_np_scalar(value):
    return _np is not None and isinstance(value, (_np.integer, _np.floating)) and not isinstance(value, _np.bool_)


_np = None
_missing = []
try:
    import numpy as _np
except ImportError:
    _missing.append("numpy")
try:
    import scipy.stats as _stats
    for _name in ("cdf", "sf", "ppf", "isf", "pdf"):
        _memoise(_stats.beta, _name)
except ImportError:
    _missing.append("scipy")


# --- replay stores and shuffles ---------------------------------------------------------------
class StoreQuestion:
    __slots__ = ("gold", "probe_freq", "branches")

    def __init__(self, raw):
        self.gold = raw["gold_answer"]
        self.probe_freq = int(raw["probe_freq"])
        self.branches = [(list(b[0]), int(b[1]), b[2]) for b in raw["each_branch"]]


_stores = {}
_orders = {}


def load_store(path):
    key = (path, os.stat(path).st_mtime_ns)
    if key not in _stores:
        with open(path, encoding="utf-8") as f:
            _stores[key] = [StoreQuestion(q) for q in json.load(f)]
    return _stores[key]


def shuffle_order(seed, count):
    """The permutation random.Random(seed).shuffle applies to `count` branches (it depends only
    on the seed and the count, so one per seed serves every question)."""
    key = (seed, count)
    order = _orders.get(key)
    if order is None:
        order = list(range(count))
        random.Random(seed).shuffle(order)
        _orders[key] = order
    return order


# --- the question object a controller sees ------------------------------------------------------
class Question:
    """The reference's question interface: probe_new, probe_more, get_new_branch_final_answer,
    get_cost_per_branch_active, get_seq_and_total_tokens, probe_freq."""

    __slots__ = ("_branches", "_count", "_opened", "_revealed", "_spent", "_cost", "probe_freq")

    def __init__(self, branches, probe_freq):
        self._branches = branches
        self._count = len(branches)
        self._opened = 0
        self._revealed = [0] * self._count
        self._spent = [0] * self._count
        self._cost = 0
        self.probe_freq = probe_freq

    def _advance(self, b):
        probes, tokens, final = self._branches[b]
        r = self._revealed[b]
        if r < len(probes):
            self._revealed[b] = r + 1
            self._spent[b] += self.probe_freq
            self._cost += self.probe_freq
            return probes[r], False, self.probe_freq
        charge = tokens - self._spent[b]
        if charge < 0:
            charge = 0
        self._revealed[b] = len(probes) + 1
        self._spent[b] += charge
        self._cost += charge
        return final, True, charge

    def probe_new(self):
        if self._opened >= self._count:
            raise ValueError("all branches are already open")
        b = self._opened
        answer, finished, charge = self._advance(b)
        self._opened = b + 1
        self._note("open", b, answer, charge, finished)
        return answer, b, finished

    def probe_more(self, index):
        if index > self._opened:
            raise ValueError(f"branch {index} has not been opened")
        answer, finished, charge = self._advance(index)
        self._note("continue", index, answer, charge, finished)
        return answer, finished

    def get_new_branch_final_answer(self):
        if self._opened >= self._count:
            raise IndexError("all branches are already open")
        b = self._opened
        probes, tokens, final = self._branches[b]
        self._opened = b + 1
        self._revealed[b] = len(probes) + 1
        self._spent[b] += tokens
        self._cost += tokens
        self._note("full_read", b, final, tokens, True)
        return final

    def get_cost_per_branch_active(self):
        return self._spent[:self._opened]

    def get_seq_and_total_tokens(self):
        return 0, sum(self._spent[:self._opened])

    def _note(self, op, b, answer, charge, finished):
        pass


class TracedQuestion(Question):
    """A question that also keeps the environment's action log and, per action, how many trace
    steps the controller had recorded before it (to place decision events among actions)."""

    __slots__ = ("actions", "marks", "_order", "_steps_so_far")

    def __init__(self, branches, probe_freq, order, steps_so_far):
        super().__init__(branches, probe_freq)
        self.actions = []
        self.marks = []
        self._order = order
        self._steps_so_far = steps_so_far

    def _note(self, op, b, answer, charge, finished):
        self.actions.append({"op": op, "branch": b, "store_branch": self._order[b], "depth": self._revealed[b],
                             "answer": answer if isinstance(answer, str) else repr(answer),
                             "tokens": charge, "finished": finished})
        if self._steps_so_far is not None:
            try:
                self.marks.append(self._steps_so_far())
            except Exception:
                self._steps_so_far = None
                self.marks = None


# --- finding the controller's live list of trace steps -------------------------------------------
def find_steps_path(controller, steps):
    """The attribute path (one or two names) of the list that get_last_trace() copied, found by
    identity of its elements; None when there is none to find."""
    if not steps:
        return None
    def same(candidate):
        return isinstance(candidate, list) and len(candidate) == len(steps) and all(a is b for a, b in zip(candidate, steps))
    for name, value in vars(controller).items():
        if same(value):
            return (name,)
        inner = getattr(value, "__dict__", None)
        if isinstance(inner, dict):
            for inner_name, inner_value in inner.items():
                if same(inner_value):
                    return (name, inner_name)
    return None


def steps_counter(controller, path):
    if path is None:
        if not hasattr(controller, "get_last_trace"):
            return None
        return lambda: len(controller.get_last_trace())
    if len(path) == 1:
        return lambda: len(getattr(controller, path[0]))
    first, second = path
    return lambda: len(getattr(getattr(controller, first), second))


def event_actions(marks, step_count):
    """event_actions[j]: the actions taken before step j was recorded (actions whose mark <= j)."""
    out, k = [], 0
    for j in range(step_count):
        while k < len(marks) and marks[k] <= j:
            k += 1
        out.append(k)
    return out


# --- loading a method.py --------------------------------------------------------------------------
_modules = {}


class ClearError(Exception):
    """A failure to report in one line, as is."""


def load_method(path):
    key = (path, os.stat(path).st_mtime_ns)
    if key in _modules:
        return _modules[key]
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location("method", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["method"] = module
    try:
        spec.loader.exec_module(module)
    except ModuleNotFoundError as e:
        if e.name and e.name.split(".")[0] in ("numpy", "scipy"):
            raise ClearError(f"{path} needs {e.name.split('.')[0]}, which this python3 lacks: "
                             f"install it with 'python3 -m pip install numpy scipy'")
        raise ClearError(f"{path} does not import: {last_line(e)}")
    except BaseException as e:
        raise ClearError(f"{path} does not import: {last_line(e)}")
    _modules[key] = module
    return module


def resolve_class(module, name):
    value = getattr(module, name, None)
    if isinstance(value, type):
        return value
    for candidate in vars(module).values():
        if isinstance(candidate, type) and getattr(candidate, "NAME", None) == name and candidate.__module__ == "method":
            return candidate
    names = [n for n, v in vars(module).items() if isinstance(v, type) and v.__module__ == "method" and callable(getattr(v, "solve", None))]
    raise ClearError(f"no class or NAME '{name}' in the method file (controllers there: {', '.join(names) or 'none'})")


def list_classes(module):
    out = []
    for n, v in vars(module).items():
        if isinstance(v, type) and v.__module__ == "method" and callable(getattr(v, "solve", None)) \
                and not getattr(v, "__abstractmethods__", None):
            out.append({"class": n, "name": getattr(v, "NAME", None)})
    return out


def last_line(error):
    text = "".join(traceback.format_exception_only(type(error), error)).strip().splitlines()
    return text[-1] if text else type(error).__name__


def construct(cls, config):
    """One controller object for a config dict. OptimalController(config={...}) is how the
    reference builds a round's controller; a class whose __init__ names every given parameter
    (the seed baselines: ASCMethod(max_samples=64, threshold=0.95)) is built with keywords, as the
    reference built the baselines' rows."""
    if not config:
        return cls()
    try:
        params = inspect.signature(cls).parameters
    except (TypeError, ValueError):
        params = {}
    named = {n for n, p in params.items()
             if n != "config" and p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)}
    if all(k in named for k in config):
        return cls(**config)
    return cls(config=dict(config))


# --- CSV attribute cells, as pandas writes them -------------------------------------------------
def cell(value):
    if isinstance(value, bool) or (_np is not None and isinstance(value, _np.bool_)):
        return ["bool", "True" if value else "False"]
    if isinstance(value, int) or (_np is not None and isinstance(value, _np.integer)):
        return ["int", str(int(value))]
    if isinstance(value, float) or (_np is not None and isinstance(value, _np.floating)):
        value = float(value)
        return ["float", "" if value != value else repr(value)]
    if value is None:
        return ["none", ""]
    if isinstance(value, str):
        return ["str", value]
    return ["object", str(value)]


def json_default(value):
    if _np is not None and isinstance(value, _np.generic):
        return value.item()
    if _np is not None and isinstance(value, _np.ndarray):
        return value.tolist()
    return str(value)


# --- one configuration on one store -----------------------------------------------------------
class Run:
    """One controller object solving questions in the reference's order, with what is needed to
    write trace rows: where the controller keeps its live list of steps (to place events)."""

    def __init__(self, job, cls, controller, description):
        self.job, self.cls, self.controller, self.description = job, cls, controller, description
        self.path, self.path_checked = None, False
        self.where = "creating the controller"

    def solve(self, q, seed, qi, traced):
        """Solves one question; returns (is_correct, cost, row or None)."""
        self.where = f"shuffle seed {seed}, question {qi}"
        controller = self.controller
        order = shuffle_order(seed, len(q.branches))
        branches = [q.branches[i] for i in order]
        if traced:
            question = TracedQuestion(branches, q.probe_freq, order, steps_counter(controller, self.path))
        else:
            question = Question(branches, q.probe_freq)
        answer = controller(question)
        is_correct = bool(answer == q.gold)
        cost = question._cost
        charged = sum(question.get_cost_per_branch_active())
        if charged != cost:
            raise RuntimeError(f"Token cost mismatch: the opened branches were charged {charged} tokens, the question {cost}")
        if not traced:
            return is_correct, cost, None
        try:
            steps = controller.get_last_trace() if hasattr(controller, "get_last_trace") else []
        except Exception:
            steps = []
        row = {"model": self.job["backbone"], "dataset": self.job["benchmark"], "method": self.cls.__name__,
               "description": self.description, "bootstrap_idx": 0, "shuffle_seed": seed,
               "question_index": qi, "is_correct": is_correct, "cost": cost, "trace": steps,
               "answer": answer if (answer is None or isinstance(answer, str)) else repr(answer),
               "gold_answer": q.gold, "actions": question.actions}
        marks_valid = question.marks is not None
        if self.path is not None and marks_valid:
            # The path counted this question's steps only if it still leads to them.
            marks_valid = find_steps_path(controller, steps) == self.path
        if marks_valid:
            row["event_actions"] = event_actions(question.marks, len(steps))
        if not self.path_checked or not marks_valid:
            self.path, self.path_checked = find_steps_path(controller, steps), True
        return is_correct, cost, json.dumps(row, ensure_ascii=False, default=json_default)


def start_run(job):
    module = load_method(job["method"])
    cls = resolve_class(module, job["class"])
    run = Run(job, cls, None, None)
    try:
        run.controller = copy.deepcopy(construct(cls, job["config"]))
        run.description = run.controller.description()
    except BaseException as e:
        raise Failure(cls, e, run.where, job["method"])
    return run, load_store(job["store"])


class Failure(Exception):
    """A configuration that raised: reported, and no row written, as the reference."""

    def __init__(self, cls, error, where, method_path):
        frames = traceback.extract_tb(error.__traceback__)
        inside = [f for f in frames if os.path.abspath(f.filename) == os.path.abspath(method_path)]
        at = f" (method.py line {inside[-1].lineno}, in {inside[-1].name})" if inside else ""
        self.reply = {"message": f"Error evaluating {cls.__name__}: {error}", "last_line": last_line(error) + at, "where": where}


def evaluate(job):
    run, questions = start_run(job)
    seeds, trace_seeds = job["seeds"], job.get("trace_seeds", 0)
    correct = [0] * len(questions)
    tokens = [0] * len(questions)
    trace_file = open(job["trace_out"], "w", encoding="utf-8") if trace_seeds > 0 and job.get("trace_out") else None
    rows = 0
    try:
        for seed in range(seeds):
            traced = trace_file is not None and seed < trace_seeds
            for qi, q in enumerate(questions):
                is_correct, cost, row = run.solve(q, seed, qi, traced)
                if is_correct:
                    correct[qi] += 1
                tokens[qi] += cost
                if row is not None:
                    trace_file.write(row)
                    trace_file.write("\n")
                    rows += 1
            send({"progress": job["id"], "seeds": seed + 1})
        run.where = "reading the controller's attributes"
        attributes = [[name] + cell(value) for name, value in vars(run.controller).items() if name != "trace"]
        description = run.controller.description()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:
        raise Failure(run.cls, e, run.where, job["method"])
    finally:
        if trace_file is not None:
            trace_file.close()
    return {"done": job["id"], "method": run.cls.__name__, "description": description, "attributes": attributes,
            "correct": correct, "tokens": tokens, "trace_rows": rows}


def state_of(controller):
    """The controller's attributes other than its trace, as bytes (None when they do not pickle)."""
    try:
        return pickle.dumps({k: v for k, v in vars(controller).items() if "trace" not in k.lower()}, protocol=4)
    except Exception:
        return None


def replay_seed(job):
    """Trace rows of one seed's questions (all, or those listed), exactly as the evaluation's rows
    would be. The listed questions are solved by a fresh controller; if a solve changes the
    controller's state (a controller may learn between questions), the seed is replayed again in
    the reference's order: seeds 0..seed-1, then the seed's questions up to the last one wanted."""
    seed = job["seed"]

    def rows_of(from_start):
        run, questions = start_run(job)
        targets = sorted(q for q in (job.get("questions") or range(len(questions))) if 0 <= q < len(questions))
        stateful = False
        rows = []
        try:
            if from_start:
                for s in range(seed):
                    for qi, q in enumerate(questions):
                        run.solve(q, s, qi, False)
                wanted = set(targets)
                for qi in range((targets[-1] + 1) if targets else 0):
                    _, _, row = run.solve(questions[qi], seed, qi, qi in wanted)
                    if row is not None:
                        rows.append(row)
            else:
                for qi in targets:
                    before = state_of(run.controller)
                    _, _, row = run.solve(questions[qi], seed, qi, True)
                    if before is None or state_of(run.controller) != before:
                        stateful = True
                        break
                    rows.append(row)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:
            raise Failure(run.cls, e, run.where, job["method"])
        return rows, stateful

    rows, stateful = rows_of(False)
    order = "alone (the controller keeps no state between questions)"
    if stateful:
        rows, _ = rows_of(True)
        order = "in order from seed 0 (the controller keeps state between questions)"
    return {"replayed": job["id"], "rows": rows, "order": order}


def die_with_parent():
    """Linux: the kernel ends this worker if ttsdash itself dies (even by SIGKILL), so no
    controller keeps running unattended."""
    try:
        import ctypes
        import signal
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except Exception:
        pass


def main():
    global _out
    die_with_parent()
    _out = os.fdopen(PROTOCOL_OUT, "w", encoding="utf-8", buffering=1)
    requests = os.fdopen(PROTOCOL_IN, "r", encoding="utf-8")
    send({"ready": True, "python": sys.version.split()[0], "missing": _missing, "pid": os.getpid(), "executable": sys.executable})
    for line in requests:
        line = line.strip()
        if not line:
            continue
        job = json.loads(line)
        started, cpu_started = time.time(), time.process_time()
        if job.get("cwd"):
            os.chdir(job["cwd"])
        try:
            kind = job.get("kind")
            if kind == "classes":
                reply = {"classes": job["id"], "list": list_classes(load_method(job["method"]))}
            elif kind == "replay_seed":
                reply = replay_seed(job)
            else:
                reply = evaluate(job)
        except ClearError as e:
            reply = {"failed": job["id"], "message": str(e), "last_line": str(e), "where": "loading", "clear": True}
        except Failure as f:
            reply = dict(f.reply, failed=job["id"])
        reply["seconds"] = time.time() - started
        reply["cpu"] = time.process_time() - cpu_started
        send(reply)


if __name__ == "__main__":
    main()
"""#
}
