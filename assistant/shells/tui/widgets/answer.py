"""The input that fits each kind of question; each posts a message and the screen passes it to the engine as an act.

A widget never decides what an answer means or whether it is allowed: it
posts what the filer gave (`AnswerSubmitted`), asked for (`NotSureChosen`,
`KeepChosen`) or typed so far (`DraftChanged`). What it shows comes from the
engine's `Ask`: the field, the current answer, the draft, whether "not sure"
is offered.

Keys that arrive together (a paste, `tmux send-keys yy`, a fast typist) must
never answer a question the filer has not seen. Textual looks a key's binding
up only once the key has travelled from the widget it reached up to the app,
against whatever has focus by then: a second `y` would answer the next
question, a Space meant for one row would tick another. So every key that
answers or ticks is taken here, by the widget it reached (`Gate.on_key`), and
an input takes keys only while it is *live*: from the moment the screen has
drawn it until it has given one answer. Whatever arrives in between is dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from rich.markup import escape
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from assistant.dialog.interview import Ask, Interview
from assistant.law.questions import NOT_SURE, Field, word_count
from assistant.shells.tui.text import t
from assistant.shells.tui.widgets.lines import break_text_areas


break_text_areas()  # a long answer typed in Chinese is wrapped as the chat breaks its lines

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


NAVIGATION = {
    "up": "cursor_up",
    "down": "cursor_down",
    "home": "first",
    "end": "last",
    "pageup": "page_up",
    "pagedown": "page_down",
}
"""The keys of a list, taken where they arrive (see the module docstring), and the OptionList action each runs."""


class Gate:
    """Mixin for the widgets inside an answer input: a key reaches them only while their input is live, and a key
    that answers or ticks is taken by the input at once (`AnswerInput.take_key`), never looked up later."""

    @property
    def owner(self) -> AnswerInput | None:
        node = getattr(self, "parent", None)
        while node is not None and not isinstance(node, AnswerInput):
            node = node.parent
        return node

    def on_key(self, event: events.Key) -> None:
        owner = self.owner
        if owner is None or not owner.live or owner.take_key(event.key, self):  # type: ignore[arg-type]
            event.stop()
            event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        owner = self.owner
        if owner is None or not owner.live:
            event.stop()
            event.prevent_default()


class AnswerButton(Gate, Button):
    """A button of an answer input: Enter or Space on it gives its answer at once."""


class AnswerLine(Gate, Input):
    """The line a date, a number or a short text is typed into; Enter gives it as it is at that key."""


class AnswerArea(Gate, TextArea):
    """The text area of a long answer; Ctrl+S gives it as it is at that key."""


class ChoiceList(Gate, OptionList):
    """The options of a question with one answer."""


class TickList(Gate, OptionList):
    """Tick boxes drawn as glyphs, [✓] and [ ], so that ticked and not ticked differ without colour (NO_COLOR).

    Space ticks the row it was pressed on; a click ticks the row clicked.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.labels: dict[str, str] = {}
        self.chosen: set[str] = set()

    def set_ticks(self, options: list[tuple[str, str]], chosen: Iterable[str]) -> None:
        """The options (id, label) and those ticked, from the first row."""
        self.labels = dict(options)
        self.chosen = set(chosen) & set(self.labels)
        self.clear_options()
        self.add_options([Option(self._prompt(option_id), id=option_id) for option_id, _ in options])
        self.highlighted = 0 if options else None

    def _prompt(self, option_id: str) -> str:
        box = "[✓]" if option_id in self.chosen else "[ ]"
        return f"{escape(box)} {escape(self.labels[option_id])}"

    @property
    def selected(self) -> list[str]:
        """The ticked options, in the bank's order."""
        return [option_id for option_id in self.labels if option_id in self.chosen]

    def toggle(self, index: int | None) -> None:
        if index is None:
            return
        option_id = str(self.get_option_at_index(index).id)
        self.chosen ^= {option_id}
        self.replace_option_prompt_at_index(index, self._prompt(option_id))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        # Only a click selects here (Enter and Space are taken as keys): tick the row clicked, if the input is live.
        event.stop()
        owner = self.owner
        if owner is not None and owner.live:
            self.toggle(event.option_index)


class AnswerInput(Vertical):
    """Base of every answer input: its field, language, current answer, draft, and the buttons the engine allows.

    The chat shows one input of each kind and fills it again for the next
    question of that kind (`fill`): building widgets is the costly part of
    drawing a question.
    """

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
        self.set(field, lang, current, draft, allow_unsure, can_keep)
        self.live = False
        """Takes keys: set by the screen once the input is drawn, unset as soon as it has given an answer."""
        self.default: str | None = None
        """The option an empty answer takes (`Ask.default`): a choice list highlights it."""

    def set(
        self,
        field: Field,
        lang: str,
        current: Any = None,
        draft: str | None = None,
        allow_unsure: bool = False,
        can_keep: bool = False,
        prompt: str | None = None,
    ) -> None:
        """What to ask: the widgets show it once `fill` runs (on mount, or when the input is used again)."""
        self.field = field
        self.lang = lang
        self.current = current
        self.draft = draft
        self.allow_unsure = allow_unsure
        self.can_keep = can_keep
        self.prompt: str | None = prompt
        """The engine's key of the prompt this input answers: a message from an input on its way out carries it,
        so the screen never takes it as the answer to the next question."""

    def on_mount(self) -> None:
        self.fill()

    def fill(self) -> None:
        """Show what `set` gave: texts in the language, the current answer or draft, the buttons allowed."""
        for button in self.query(".unsure"):
            button.display = self.allow_unsure
        for button in self.query(".keep"):
            button.display = self.can_keep
        for button in self.query("#unsure"):
            button.label = t("unsure", self.lang) + self.UNSURE_KEY
        for button in self.query("#keep"):
            button.label = t("keep", self.lang)
        for row in self.query(".extra-buttons"):
            row.display = self.allow_unsure or self.can_keep

    UNSURE_KEY = ""
    """The key shown on the "not sure" button, where the input has one."""

    def extra_buttons(self) -> ComposeResult:
        yield AnswerButton(id="unsure", classes="unsure")
        yield AnswerButton(id="keep", classes="keep")

    # --- Giving an answer: once --------------------------------------------------------

    def give(self, message: Message) -> None:
        """Post one act and take nothing more: what arrives after it belongs to no question on screen."""
        if not self.live:
            return
        self.live = False
        self.post_message(message)

    def submit(self, value: Any = None, line: str | None = None) -> None:
        self.give(AnswerSubmitted(value, line, self.prompt))

    def not_sure(self) -> None:
        if self.allow_unsure:
            self.give(NotSureChosen(self.prompt))

    def keep(self) -> None:
        if self.can_keep:
            self.give(KeepChosen(self.prompt))

    def take_key(self, key: str, widget: Widget) -> bool:
        """Take a key that answers where it arrived, at `widget`; True when taken. Enter or Space on a button presses it."""
        if isinstance(widget, Button) and key in ("enter", "space"):
            self.press(widget.id or "")
            return True
        return False

    def press(self, button: str) -> None:
        """A button of this input, pressed by key or click."""
        if button == "unsure":
            self.not_sure()
        elif button == "keep":
            self.keep()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.press(event.button.id or "")

    # --- What it shows --------------------------------------------------------------

    def focus_first(self) -> None:
        """Focus where the filer types or chooses."""
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return

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
        # Shown in the footer; the keys themselves are taken by `take_key` where they arrive.
        Binding("y", "answer_yes", "Yes"),
        Binding("n", "answer_no", "No"),
        Binding("u", "answer_unsure", "Not sure"),
    ]
    UNSURE_KEY = " (u)"

    def compose(self) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield AnswerButton(id="yes", classes="yes")
            yield AnswerButton(id="no", classes="no")
            yield from self.extra_buttons()

    def fill(self) -> None:
        self.query_one("#yes", Button).label = t("yes", self.lang) + " (y)"
        self.query_one("#no", Button).label = t("no", self.lang) + " (n)"
        super().fill()

    def focus_first(self) -> None:
        for button in self.query("#no" if self.current is False else "#yes"):
            button.focus()

    def take_key(self, key: str, widget: Widget) -> bool:
        if key in ("y", "n", "u"):
            {"y": self.action_answer_yes, "n": self.action_answer_no, "u": self.action_answer_unsure}[key]()
            return True
        return super().take_key(key, widget)

    def press(self, button: str) -> None:
        if button in ("yes", "no"):
            self.submit(button == "yes")
        else:
            super().press(button)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "u" is offered (and shown in the footer) only where the engine's Ask allows "not sure".
        return self.allow_unsure if action == "answer_unsure" else True

    def action_answer_yes(self) -> None:
        self.submit(True)

    def action_answer_no(self) -> None:
        self.submit(False)

    def action_answer_unsure(self) -> None:
        self.not_sure()


class ChoiceInput(AnswerInput):
    """One option of a list: arrows and Enter."""

    def compose(self) -> ComposeResult:
        yield Static(classes="hint")
        yield ChoiceList(id="choice")
        with Horizontal(classes="buttons extra-buttons"):
            yield from self.extra_buttons()

    def fill(self) -> None:
        self.query_one(".hint", Static).update(t("choice_hint", self.lang))
        listing = self.query_one("#choice", ChoiceList)
        listing.clear_options()
        listing.add_options([Option(escape(o.label(self.lang)), id=o.id) for o in self.field.options])
        ids = self.field.option_ids
        # The current answer, else the one option the engine offers (Enter takes it), else the first.
        chosen = self.current if self.current in ids else self.default
        listing.highlighted = ids.index(chosen) if chosen in ids else 0
        super().fill()

    def take_key(self, key: str, widget: Widget) -> bool:
        if isinstance(widget, ChoiceList):
            if key in NAVIGATION:
                getattr(widget, f"action_{NAVIGATION[key]}")()
                return True
            if key == "enter":
                option = widget.highlighted_option
                if option is not None:
                    self.submit(option.id)
                return True
        return super().take_key(key, widget)

    @on(OptionList.OptionSelected, "#choice")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        # Only a click selects here: Enter is taken as a key (take_key).
        event.stop()
        self.submit(event.option.id)


class GivenWithNext(AnswerInput):
    """An input whose answer is given with its Next button or Ctrl+S (tick boxes, long text), not with Enter alone."""

    def take_key(self, key: str, widget: Widget) -> bool:
        if key == "ctrl+s":
            self.action_submit()
            return True
        return super().take_key(key, widget)

    def press(self, button: str) -> None:
        if button == "submit":
            self.action_submit()
        else:
            super().press(button)

    def action_submit(self) -> None:
        raise NotImplementedError


class MultiInput(GivenWithNext):
    """Several options of a list: Space ticks, Enter, Ctrl+S or Next sends."""

    BINDINGS = [Binding("ctrl+s", "submit", "Next")]

    def compose(self) -> ComposeResult:
        yield Static(classes="hint")
        yield TickList(id="multi")
        with Horizontal(classes="buttons"):
            yield AnswerButton(id="submit", variant="primary")
            yield from self.extra_buttons()

    def fill(self) -> None:
        self.query_one(".hint", Static).update(t("multi_hint", self.lang))
        chosen = self.current if isinstance(self.current, list) else []
        self.query_one("#multi", TickList).set_ticks([(o.id, o.label(self.lang)) for o in self.field.options], chosen)
        self.query_one("#submit", Button).label = t("submit", self.lang)
        super().fill()

    def take_key(self, key: str, widget: Widget) -> bool:
        if isinstance(widget, TickList):
            if key in NAVIGATION:
                getattr(widget, f"action_{NAVIGATION[key]}")()
                return True
            if key == "space":
                widget.toggle(widget.highlighted)
                return True
            if key == "enter":
                self.action_submit()
                return True
        return super().take_key(key, widget)

    def action_submit(self) -> None:
        self.submit(self.query_one("#multi", TickList).selected)


class LineInput(AnswerInput):
    """One typed line: a date, a short text or a number, read by the engine's parser."""

    HINTS = {"date": "date_hint", "number": "number_hint", "text": "text_hint"}

    def compose(self) -> ComposeResult:
        yield Static(classes="hint")
        # Not selected on focus: a draft brought back is continued, its cursor at the end, not typed over.
        yield AnswerLine(id="line", select_on_focus=False)
        with Horizontal(classes="buttons extra-buttons"):
            yield from self.extra_buttons()

    def fill(self) -> None:
        self.query_one(".hint", Static).update(t(self.HINTS.get(self.field.kind, "text_hint"), self.lang))
        line = self.query_one("#line", Input)
        line.placeholder = "YYYY-MM-DD" if self.field.kind == "date" else ""
        line.value = self.start_text
        line.cursor_position = len(line.value)
        super().fill()

    def typed(self) -> str | None:
        return self.query_one("#line", Input).value

    def take_key(self, key: str, widget: Widget) -> bool:
        if key == "enter" and isinstance(widget, AnswerLine):
            self.submit(line=widget.value)
            return True
        return super().take_key(key, widget)

    @on(Input.Changed, "#line")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self.start_text:
            self.post_message(DraftChanged())

    @on(Input.Submitted, "#line")
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter is taken as a key (take_key); this is the Input's own submit, from a binding the app may run.
        event.stop()


class WordsInput(GivenWithNext):
    """A text area for the long answers, with a live word counter (red over the limit; the engine refuses it)."""

    BINDINGS = [Binding("ctrl+s", "submit", "Next")]

    def compose(self) -> ComposeResult:
        yield Static(classes="hint")
        yield AnswerArea(id="words", soft_wrap=True, show_line_numbers=False)
        with Horizontal(classes="buttons"):
            yield Static(id="counter")
            yield AnswerButton(id="submit", variant="primary")
            yield from self.extra_buttons()

    def fill(self) -> None:
        self.query_one(".hint", Static).update(t("area_hint", self.lang))
        area = self.query_one("#words", TextArea)
        area.text = self.start_text
        area.move_cursor(area.document.end)  # a draft brought back is continued where it stopped
        self.query_one("#submit", Button).label = t("submit", self.lang)
        self._count()
        super().fill()

    def typed(self) -> str | None:
        return self.query_one("#words", TextArea).text

    @property
    def words(self) -> int:
        return word_count(self.query_one("#words", TextArea).text)

    @on(TextArea.Changed, "#words")
    def _typed(self) -> None:
        self._count()
        if self.typed() != self.start_text:
            self.post_message(DraftChanged())

    def _count(self) -> None:
        limit = self.field.max_words or 0
        counter = self.query_one("#counter", Static)
        counter.update(t("words", self.lang, n=self.words, max=limit))
        counter.set_class(bool(limit) and self.words > limit, "over")

    def action_submit(self) -> None:
        self.submit(line=self.query_one("#words", TextArea).text)


INPUTS: dict[str, type[AnswerInput]] = {"yes_no": YesNoInput, "choice": ChoiceInput, "multi": MultiInput}


def input_class(field: Field) -> type[AnswerInput]:
    """The input for `field`'s kind."""
    if field.kind == "text" and field.max_words:
        return WordsInput
    return INPUTS.get(field.kind, LineInput)


def answer_input(
    field: Field,
    lang: str,
    current: Any = None,
    draft: str | None = None,
    allow_unsure: bool = False,
    can_keep: bool = False,
    id: str = "answer",
) -> AnswerInput:
    """A new input for `field`'s kind."""
    return input_class(field)(field, lang, current, draft, allow_unsure, can_keep, id=id, classes="answer")


def input_for(ask: Ask, lang: str, can_keep: bool = False, widget: AnswerInput | None = None, id: str = "answer") -> AnswerInput:
    """The input for what the engine asks now: its field, current answer, draft, and "not sure" where it allows it;
    `widget`, an input of the right kind already on screen, is filled again instead of building one."""
    shown = ask.current if ask.current is not None else ask.default  # the default offered, ready: Enter takes it
    if widget is None:
        widget = answer_input(ask.field, lang, shown, ask.draft, ask.allows_not_sure, can_keep, id)
        widget.prompt = ask.key
        widget.default = ask.default
        return widget
    widget.set(ask.field, lang, shown, ask.draft, ask.allows_not_sure, can_keep, ask.key)
    widget.default = ask.default
    widget.fill()
    return widget


def keep_typed(interview: Interview, inputs: Iterable[AnswerInput], key: str) -> None:
    """Keep the text typed in the first of `inputs` as the draft of prompt `key`; typing the answer it has is no draft."""
    widget = next(iter(inputs), None)
    text = widget.typed() if widget is not None else None
    if text is not None:
        assert widget is not None
        interview.keep_draft("" if text == widget.answer_text else text, key=key)
