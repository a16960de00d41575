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
