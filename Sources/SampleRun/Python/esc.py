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
