"""The error family the core raises and the shells translate: BadInput (exit 2) and Incomplete (exit 3)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with what the user gave us.

    `where` names the place (a question id, a TOML path, a file name); `line` and
    `column` are set only when a parser told us them: a made-up number is worse
    than none.
    """

    where: str
    what: str
    what_zh: str = ""
    file: str = ""
    line: int | None = None
    column: int | None = None

    def text(self, lang: str = "en") -> str:
        """One line, as printed on stderr or beside the question."""
        what = self.what_zh if lang == "zh" and self.what_zh else self.what
        place = self.file
        if self.line is not None:
            place += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        prefix = ": ".join(p for p in (place, self.where) if p)
        return f"{prefix}: {what}" if prefix else what


class AssistantError(Exception):
    """Anything the user can cause. The shells print it and exit; nobody sees a traceback."""

    exit_code = 2


@dataclass
class BadInput(AssistantError):
    """Every problem found in one piece of input, so the user fixes them all in one go."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("\n".join(p.text() for p in self.problems))

    @classmethod
    def one(cls, where: str, what: str, what_zh: str = "", **where_else) -> "BadInput":
        return cls([Problem(where, what, what_zh, **where_else)])

    def lines(self, lang: str = "en") -> list[str]:
        return [p.text(lang) for p in self.problems]


@dataclass
class Incomplete(AssistantError):
    """The interview still has questions to answer; `missing` lists their ids."""

    missing: list[str] = field(default_factory=list)
    hint: str = ""
    """What the user can do about it."""
    exit_code = 3

    def __post_init__(self) -> None:
        super().__init__("still to answer: " + ", ".join(self.missing))
