"""The law's terms as the shells use them, reached through the dialog layer.

The shells render what the engine returns; where they still need a term of
the law itself (the question bank, the "not sure" answer, the assessment of a
set of answers, a date as typed, the wording catalogue), they take it from
here, so `assistant.shells` never imports `assistant.law` (the import-linter
contract in pyproject.toml keeps it so).
"""

from __future__ import annotations

import importlib
from typing import Any

WHERE = {
    "today_in_china": "assistant.law.clock",
    "china_zone": "assistant.law.clock",
    "NOT_SURE": "assistant.law.questions",
    "AnswerProblem": "assistant.law.questions",
    "Field": "assistant.law.questions",
    "QuestionBank": "assistant.law.questions",
    "load_bank": "assistant.law.questions",
    "parse_date": "assistant.law.questions",
    "parse_line": "assistant.law.questions",
    "word_count": "assistant.law.questions",
    "Assessment": "assistant.law.rules",
    "assess": "assistant.law.rules",
    "Words": "assistant.law.wording",
    "area": "assistant.law.wording",
    "dialogs_folder": "assistant.law.folder",
}
"""Each term and the module of the law that holds it: imported on first use (PEP 562), so a command that
needs only today's date in China does not load the question bank's models."""

__all__ = sorted(WHERE)


def __getattr__(name: str) -> Any:
    if name not in WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(WHERE[name]), name)
    globals()[name] = value
    return value
