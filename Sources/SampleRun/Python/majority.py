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
            if self._read_full(question, answers, i, "continue until max_samples") is None:
                break
        winner = _majority(answers)
        self._step("finish", "return final answer", {"all_candidates": list(answers)},
                   {"answer": winner, "stop_reason": "max_samples_or_exhausted"},
                   {"all_candidates_n": len(answers)}, "majority vote")
        return winner
