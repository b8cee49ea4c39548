"""The input that fits each kind of question; each posts a message and the screen passes it to the engine as an act.

A widget never decides what an answer means or whether it is allowed: it
posts what the filer gave (`AnswerSubmitted`), asked for (`NotSureChosen`,
`KeepChosen`) or typed so far (`DraftChanged`). What it shows comes from the
engine's `Ask`: the field, the current answer, the draft, whether "not sure"
is offered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from assistant.dialog.interview import Ask, Interview
from assistant.law.questions import NOT_SURE, Field, word_count
from assistant.shells.tui.text import relabel_bindings, t


class AnswerSubmitted(Message):
    """The filer gave an answer: a value (`True`, an option id, a list of ids), or a typed `line` the engine reads."""

    def __init__(self, value: Any = None, line: str | None = None, prompt: str | None = None):
        super().__init__()
        self.value = value
        self.line = line
        self.prompt = prompt
        """The key of the prompt the input was built for (see `AnswerInput.prompt`)."""


class NotSureChosen(Message):
    """The filer answered "not sure" (offered only where the engine's Ask allows it)."""

    def __init__(self, prompt: str | None = None):
        super().__init__()
        self.prompt = prompt


class KeepChosen(Message):
    """Asked again, the filer keeps the answer it has."""

    def __init__(self, prompt: str | None = None):
        super().__init__()
        self.prompt = prompt


class DraftChanged(Message):
    """What is typed at the prompt changed: the screen saves it as a draft after a pause, so nothing typed is lost."""


class AnswerInput(Vertical):
    """Base of every answer input: its field, language, current answer, draft, and the buttons the engine allows."""

    def __init__(
        self,
        field: Field,
        lang: str,
        current: Any = None,
        draft: str | None = None,
        allow_unsure: bool = False,
        can_keep: bool = False,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.field = field
        self.lang = lang
        self.current = current
        self.draft = draft
        self.allow_unsure = allow_unsure
        self.can_keep = can_keep
        self.prompt: str | None = None
        """The engine's key of the prompt this input answers: a key typed ahead into an input on its way out
        carries it, so the screen never takes it as the answer to the next question."""

    def on_mount(self) -> None:
        relabel_bindings(self, self.lang)

    def extra_buttons(self) -> ComposeResult:
        if self.allow_unsure:
            yield Button(t("unsure", self.lang), id="unsure", classes="unsure")
        if self.can_keep:
            yield Button(t("keep", self.lang), id="keep", classes="keep")

    @on(Button.Pressed, "#unsure")
    def _unsure(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(NotSureChosen(self.prompt))

    @on(Button.Pressed, "#keep")
    def _keep(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(KeepChosen(self.prompt))

    def submit(self, value: Any = None, line: str | None = None) -> None:
        self.post_message(AnswerSubmitted(value, line, self.prompt))

    def focus_first(self) -> None:
        """Focus where the filer types or chooses."""
        focusable = [w for w in self.query("*") if w.can_focus]
        if focusable:
            focusable[0].focus()

    def typed(self) -> str | None:
        """Text typed here and not yet given (None for inputs one does not type into)."""
        return None

    @property
    def answer_text(self) -> str:
        """The current answer as it is typed: typing it again is no draft."""
        if self.current is None or self.current is NOT_SURE:
            return ""
        return self.current.isoformat() if isinstance(self.current, dt.date) else str(self.current)

    @property
    def start_text(self) -> str:
        """What a typing input starts with: the draft typed earlier, else the current answer."""
        return self.draft if self.draft else self.answer_text


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
            if self.can_keep:
                yield Button(t("keep", self.lang), id="keep", classes="keep")

    def focus_first(self) -> None:
        target = "#no" if self.current is False else "#yes"
        self.query_one(target, Button).focus()

    @on(Button.Pressed, "#yes")
    def action_answer_yes(self) -> None:
        self.submit(True)

    @on(Button.Pressed, "#no")
    def action_answer_no(self) -> None:
        self.submit(False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "u" is offered (and shown in the footer) only where the engine's Ask allows "not sure".
        return self.allow_unsure if action == "answer_unsure" else True

    def action_answer_unsure(self) -> None:
        self.post_message(NotSureChosen(self.prompt))


class ChoiceInput(AnswerInput):
    """One option of a list."""

    def compose(self) -> ComposeResult:
        options = [Option(f"{o.label(self.lang)}  [dim]({o.id})[/]", id=o.id) for o in self.field.options]
        listing = OptionList(*options, id="choice")
        if self.current in self.field.option_ids:
            listing.highlighted = self.field.option_ids.index(self.current)
        yield Static(t("choice_hint", self.lang), classes="hint")
        yield listing
        if self.allow_unsure or self.can_keep:
            with Horizontal(classes="buttons"):
                yield from self.extra_buttons()

    @on(OptionList.OptionSelected, "#choice")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.submit(event.option.id)


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
            yield from self.extra_buttons()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        chosen = self.query_one("#multi", SelectionList).selected
        # Keep the bank's order, whatever order the boxes were ticked in.
        self.submit([o for o in self.field.option_ids if o in chosen])


class LineInput(AnswerInput):
    """One typed line: a date, a short text or a number, read by the engine's parser."""

    HINTS = {"date": "date_hint", "number": "number_hint", "text": "text_hint"}

    def compose(self) -> ComposeResult:
        yield Static(t(self.HINTS.get(self.field.kind, "text_hint"), self.lang), classes="hint")
        placeholder = "YYYY-MM-DD" if self.field.kind == "date" else ""
        yield Input(value=self.start_text, placeholder=placeholder, id="line")
        if self.allow_unsure or self.can_keep:
            with Horizontal(classes="buttons"):
                yield from self.extra_buttons()

    def typed(self) -> str | None:
        return self.query_one("#line", Input).value

    @on(Input.Changed, "#line")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(DraftChanged())

    @on(Input.Submitted, "#line")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(line=event.value)


class WordsInput(AnswerInput):
    """A text area for the long answers, with a live word counter (red over the limit; the engine refuses it)."""

    BINDINGS = [Binding("ctrl+s", "submit", "Next")]

    def compose(self) -> ComposeResult:
        yield Static(t("area_hint", self.lang), classes="hint")
        yield TextArea(self.start_text, id="words", soft_wrap=True, show_line_numbers=False)
        with Horizontal(classes="buttons"):
            yield Static(id="counter")
            yield Button(t("submit", self.lang), id="submit", variant="primary")
            yield from self.extra_buttons()

    def on_mount(self) -> None:
        super().on_mount()
        self._count()

    def typed(self) -> str | None:
        return self.query_one("#words", TextArea).text

    @property
    def words(self) -> int:
        return word_count(self.query_one("#words", TextArea).text)

    @on(TextArea.Changed, "#words")
    def _typed(self) -> None:
        self._count()
        self.post_message(DraftChanged())

    def _count(self) -> None:
        limit = self.field.max_words or 0
        counter = self.query_one("#counter", Static)
        counter.update(t("words", self.lang, n=self.words, max=limit))
        counter.set_class(bool(limit) and self.words > limit, "over")

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        self.submit(line=self.query_one("#words", TextArea).text)


def answer_input(
    field: Field,
    lang: str,
    current: Any = None,
    draft: str | None = None,
    allow_unsure: bool = False,
    can_keep: bool = False,
) -> AnswerInput:
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
    return cls(field, lang, current, draft, allow_unsure, can_keep, id="answer", classes=f"answer kind-{kind}")


def input_for(ask: Ask, lang: str, can_keep: bool = False) -> AnswerInput:
    """The input for what the engine asks now: its field, current answer, draft, and "not sure" where it allows it."""
    widget = answer_input(ask.field, lang, ask.current, ask.draft, ask.allows_not_sure, can_keep)
    widget.prompt = ask.key
    return widget


def keep_typed(interview: Interview, inputs: Iterable[AnswerInput], key: str) -> None:
    """Keep the text typed in the first of `inputs` as the draft of prompt `key`; typing the answer it has is no draft."""
    widget = next(iter(inputs), None)
    text = widget.typed() if widget is not None else None
    if text is not None:
        assert widget is not None
        interview.keep_draft("" if text == widget.answer_text else text, key=key)
