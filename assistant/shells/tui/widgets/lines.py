"""Text broken into lines the way Chinese is set: no line starts with a closing mark (、，。）…) or ends with an
opening one (（《「…).

Textual breaks a run of Chinese at whatever character meets the edge, so a
line could start with "、". `Lines` is a Visual that breaks the text itself,
at spaces and between Chinese characters, moving a character down with the
mark that may not start a line, and hands Textual lines that already fit.
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from assistant.errors import for_terminal
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

NO_START = frozenset("、，。．：；！？）］｝】》」』〉〕〗〙…‥・ー〜～%‰’”,.;:!?)]}")
"""Marks a line may not start with."""
NO_END = frozenset("（［｛【《「『〈〔〖〘‘“([{")
"""Marks a line may not end with."""


def breaks(text: str, width: int) -> list[int]:
    """Where to break `text` (one line, no newline) into lines of at most `width` cells: at spaces, and before or
    after a wide (Chinese) character, never before a mark of NO_START nor after one of NO_END. A word longer than
    the line is cut where it meets the edge."""
    if width < 4:
        return []  # no room to honour the marks: Textual folds it as it would
    cuts: list[int] = []
    start, used, last = 0, 0, None  # `last`: the latest place a line may start, after `start`
    for i, ch in enumerate(text):
        if i > start and _may_start(text, i):
            last = i
        w = cell_len(ch)
        if used + w > width and not ch.isspace() and i > start:
            cut = last if last is not None and last > start else _fold(text, start, i)
            cuts.append(cut)
            start, last = cut, None
            used = cell_len(text[cut:i])
        used += w
    return cuts


def _may_start(text: str, i: int) -> bool:
    before, ch = text[i - 1], text[i]
    if ch in NO_START or before in NO_END or ch.isspace():
        return False
    return before.isspace() or cell_len(before) > 1 or cell_len(ch) > 1


def _fold(text: str, start: int, i: int) -> int:
    """A word wider than the line: cut where it meets the edge, one character earlier if a mark would start the next."""
    if text[i] in NO_START and i - 1 > start:
        return i - 1
    return i


class Lines(Visual):
    """`content` broken into lines by `breaks`, then drawn by Textual as lines that fit."""

    def __init__(self, content: Content):
        plain = content.plain
        if not plain.isprintable() and for_terminal(plain) != plain:
            # A name holding an escape sequence (a title, a colour) is shown escaped, never sent to the
            # terminal; its styles go with it, as they were placed by the characters now escaped.
            content = Content(for_terminal(plain))
        self.content = content
        self._broken = lru_cache(maxsize=4)(self._break)

    @classmethod
    def from_markup(cls, markup: str) -> "Lines":
        return cls(Content.from_markup(markup))

    def _break(self, width: int) -> Content:
        out: list[Content] = []
        for line in self.content.split(allow_blank=True):
            cuts = breaks(line.plain, width)
            pieces = line.divide(cuts) if cuts else [line]
            out.extend(piece.rstrip() if n < len(pieces) - 1 else piece for n, piece in enumerate(pieces))
        return Content("\n").join(out)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self._broken(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._broken(width).get_height(rules, width)

    def __str__(self) -> str:
        return self.content.plain


class BrokenText:
    """A rich Text broken into lines by `breaks` at the width rich gives it (a table's cell): for the lists whose
    rows are rich tables (the review, the form), where a `Lines` cannot go."""

    def __init__(self, text: Text):
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        out: list[Text] = []
        for line in self.text.split("\n", allow_blank=True):
            cuts = breaks(line.plain, options.max_width)
            pieces = line.divide(cuts) if cuts else [line]
            for n, piece in enumerate(pieces):
                if n < len(pieces) - 1:
                    piece.rstrip()
                out.append(piece)
        yield Text("\n").join(out)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)


def break_text_areas() -> None:
    """Make Textual's TextArea wrap its lines by `breaks`, as the rest of the screen is broken: its wrapping is a
    function of the module that holds the wrapped document, with no hook of its own. A line holding a tab is
    wrapped by Textual, which knows its tab stops."""
    from textual.document import _wrapped_document as wrapped

    textual_wrap = getattr(wrapped.compute_wrap_offsets, "textual_wrap", wrapped.compute_wrap_offsets)

    def wrap_offsets(text: str, width: int, tab_size: int, fold: bool = True, precomputed_tab_sections=None) -> list[int]:
        if "\t" in text or not fold:
            return textual_wrap(text, width, tab_size, fold=fold, precomputed_tab_sections=precomputed_tab_sections)
        return breaks(text, width) or ([] if cell_len(text) <= width else textual_wrap(text, width, tab_size))

    wrap_offsets.textual_wrap = textual_wrap  # type: ignore[attr-defined]
    wrapped.compute_wrap_offsets = wrap_offsets
