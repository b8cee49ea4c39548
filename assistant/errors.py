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
        """One line, as printed on stderr or beside the question.

        File names, keys and values come from the user's files: every part is
        shown with control characters escaped, so no file can move the cursor,
        recolour or clear the terminal, or reorder the line (escaped()).
        """
        what = escaped(self.what_zh if lang == "zh" and self.what_zh else self.what)
        place = escaped(self.file)
        if self.line is not None:
            place += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        prefix = ": ".join(p for p in (place, escaped(self.where, width=200)) if p)
        if not prefix:
            return what
        # A Chinese message follows its place with a full-width colon (the place itself, a path or
        # an id, keeps its own ASCII ones).
        return f"{prefix}：{what}" if lang == "zh" and self.what_zh else f"{prefix}: {what}"


_HIDDEN = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
"""Unicode categories a terminal acts on or that change how a line reads: controls (escape
sequences, carriage return, backspace), format characters (right-to-left overrides, zero
width), lone surrogates, line and paragraph separators."""


def escaped(text: str, width: int | None = None) -> str:
    """`text` with every control or invisible format character written as its escape (`\\x1b`, `\\u202e`),
    as repr() writes it; Chinese and every other printable character unchanged. Cut to `width` characters."""
    if width is not None and len(text) > width:
        text = text[:width] + "…"
    if text.isprintable():
        return text
    import unicodedata

    return "".join(repr(c)[1:-1] if c != " " and unicodedata.category(c) in _HIDDEN else c for c in text)


def for_terminal(text: str, keep: str = "\n\t") -> str:
    """`text` to print as it is, its lines kept (and the characters of `keep`): every other control or
    invisible format character escaped as escaped() writes it, so no name in an answer can move the
    cursor, recolour, retitle or clear the terminal."""
    if text.isprintable():
        return text
    import unicodedata

    def line(part: str) -> str:
        if part.isprintable():  # the common case, at C speed
            return part
        return "".join(c if c in keep or unicodedata.category(c) not in _HIDDEN else repr(c)[1:-1] for c in part)

    return "\n".join(line(part) for part in text.split("\n")) if "\n" in keep else line(text)


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
