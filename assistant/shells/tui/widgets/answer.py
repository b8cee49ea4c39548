"""The input that fits each kind of question; each posts `AnswerSubmitted` and the screen asks the engine."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from assistant.law.questions import UNSURE, Field, word_count
from assistant.shells.tui.text import relabel_bindings, t


class AnswerSubmitted(Message):
    """The user gave an answer: a value the engine checks (`True`, an option id, a list), or a typed `line`."""

    def __init__(self, value: Any = None, line: str | None = None):
        super().__init__()
        self.value = value
        self.line = line


class DraftChanged(Message):
    """The text typed so far at a question, not yet given: kept so that nothing typed is lost."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class AnswerInput(Vertical):
    """Base of every answer input: knows its field, language, the current answer and whether "not sure" is allowed."""

    def __init__(self, field: Field, lang: str, current: Any = None, allow_unsure: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.field = field
        self.lang = lang
        self.current = current
        self.allow_unsure = allow_unsure

    def on_mount(self) -> None:
        relabel_bindings(self, self.lang)

    def unsure_button(self) -> ComposeResult:
        if self.allow_unsure:
            yield Button(t("unsure", self.lang), id="unsure", classes="unsure")

    @on(Button.Pressed, "#unsure")
    def _unsure(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(AnswerSubmitted(UNSURE))

    def focus_first(self) -> None:
        """Focus where the user types or chooses."""
        focusable = [w for w in self.query("*") if w.can_focus]
        if focusable:
            focusable[0].focus()


class YesNoInput(AnswerInput):
    """Yes / No / Not sure buttons, with the keys y, n and u."""

    BINDINGS = [
        Binding("y", "answer_yes", "Yes"),
        Binding("n", "answer_no", "No"),
        Binding("u", "answer_unsure", "Not sure"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button(t("yes", self.lang) + " (y)", id="yes", classes="yes")
            yield Button(t("no", self.lang) + " (n)", id="no", classes="no")
            if self.allow_unsure:
                yield Button(t("unsure", self.lang) + " (u)", id="unsure", classes="unsure")

    def focus_first(self) -> None:
        target = "#no" if self.current is False else "#yes"
        self.query_one(target, Button).focus()

    @on(Button.Pressed, "#yes")
    def action_answer_yes(self) -> None:
        self.post_message(AnswerSubmitted(True))

    @on(Button.Pressed, "#no")
    def action_answer_no(self) -> None:
        self.post_message(AnswerSubmitted(False))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "u" is not offered (nor shown in the footer) where "not sure" is no answer.
        return self.allow_unsure if action == "answer_unsure" else True

    def action_answer_unsure(self) -> None:
        if self.allow_unsure:
            self.post_message(AnswerSubmitted(UNSURE))


class ChoiceInput(AnswerInput):
    """One option of a list."""

    def compose(self) -> ComposeResult:
        options = [Option(f"{o.label(self.lang)}  [dim]({o.id})[/]", id=o.id) for o in self.field.options]
        listing = OptionList(*options, id="choice")
        if self.current in self.field.option_ids:
            listing.highlighted = self.field.option_ids.index(self.current)
        yield Static(t("choice_hint", self.lang), classes="hint")
        yield listing
        yield from self.unsure_button()

    @on(OptionList.OptionSelected, "#choice")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(AnswerSubmitted(event.option.id))


class MultiInput(AnswerInput):
    """Several options of a list: space ticks, Ctrl+S or Next sends."""

    BINDINGS = [Binding("ctrl+s", "submit", "Next")]

    def compose(self) -> ComposeResult:
        chosen = set(self.current) if isinstance(self.current, list) else set()
        yield Static(t("multi_hint", self.lang), classes="hint")
        yield SelectionList[str](
            *[(o.label(self.lang), o.id, o.id in chosen) for o in self.field.options],
            id="multi",
        )
        with Horizontal(classes="buttons"):
            yield Button(t("submit", self.lang), id="submit", variant="primary")
            yield from self.unsure_button()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        chosen = self.query_one("#multi", SelectionList).selected
        # Keep the bank's order, whatever order the boxes were ticked in.
        self.post_message(AnswerSubmitted([o for o in self.field.option_ids if o in chosen]))


class LineInput(AnswerInput):
    """One typed line: a date, a short text or a number, read by the engine's parser."""

    HINTS = {"date": "date_hint", "number": "number_hint", "text": "text_hint"}

    def compose(self) -> ComposeResult:
        yield Static(t(self.HINTS[self.field.kind], self.lang), classes="hint")
        placeholder = "YYYY-MM-DD" if self.field.kind == "date" else ""
        value = "" if self.current in (None, UNSURE) else str(self.current)
        yield Input(value=value, placeholder=placeholder, id="line")
        yield from self.unsure_button()

    @on(Input.Changed, "#line")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(DraftChanged(event.value))

    @on(Input.Submitted, "#line")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(AnswerSubmitted(line=event.value))


class WordsInput(AnswerInput):
    """A text area for the long answers, with a live word counter that refuses to go on over the limit."""

    BINDINGS = [Binding("ctrl+s", "submit", "Next")]

    def compose(self) -> ComposeResult:
        value = "" if self.current in (None, UNSURE) else str(self.current)
        yield Static(t("area_hint", self.lang), classes="hint")
        yield TextArea(value, id="words", soft_wrap=True, show_line_numbers=False)
        with Horizontal(classes="buttons"):
            yield Static(id="counter")
            yield Button(t("submit", self.lang), id="submit", variant="primary")
            yield from self.unsure_button()

    def on_mount(self) -> None:
        super().on_mount()
        self._count()

    @property
    def words(self) -> int:
        return word_count(self.query_one("#words", TextArea).text)

    @on(TextArea.Changed, "#words")
    def _typed(self) -> None:
        self._count()
        self.post_message(DraftChanged(self.query_one("#words", TextArea).text))

    def _count(self) -> None:
        limit = self.field.max_words or 0
        counter = self.query_one("#counter", Static)
        counter.update(t("words", self.lang, n=self.words, max=limit))
        counter.set_class(bool(limit) and self.words > limit, "over")

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        limit = self.field.max_words
        if limit and self.words > limit:
            self.post_message(Refused(t("over_limit", self.lang, n=self.words, max=limit)))
            return
        self.post_message(AnswerSubmitted(line=self.query_one("#words", TextArea).text))


class Refused(Message):
    """The input itself refused to send (over the word limit); the screen shows why."""

    def __init__(self, reason: str):
        super().__init__()
        self.reason = reason


def answer_input(field: Field, lang: str, current: Any = None, allow_unsure: bool = False) -> AnswerInput:
    """The input for `field`'s kind."""
    kind = field.kind
    if kind == "yes_no":
        cls: type[AnswerInput] = YesNoInput
    elif kind == "choice":
        cls = ChoiceInput
    elif kind == "multi":
        cls = MultiInput
    elif kind == "text" and field.max_words:
        cls = WordsInput
    else:
        cls = LineInput
    return cls(field, lang, current, allow_unsure, id="answer", classes=f"answer kind-{kind}")
