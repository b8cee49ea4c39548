"""The cover: the first screen of a new interview as the chat last drew it (opening.py), shown while the chat loads.

It is laid out on the chat's own frame (the same ids, so app.tcss places and
styles it the same), takes no key and holds no decision: the app holds what
is typed until the chat takes it over. Its imports are textual's alone.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static

from assistant.shells.tui.opening import Cover
from assistant.shells.tui.widgets.lines import Lines


class CoverScreen(Screen[None]):
    AUTO_FOCUS = ""

    def __init__(self, cover: Cover, name: str):
        super().__init__()
        self.cover = cover
        self.interview_name = name

    def compose(self) -> ComposeResult:
        cover = self.cover
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="chat"):
                with VerticalScroll(id="transcript"):
                    yield Static(Lines.from_markup(cover.welcome), classes="turn note")
                with VerticalScroll(id="ask"):
                    with Horizontal(id="ask-head"):
                        yield Static(Lines.from_markup(cover.where), id="where")
                    yield Static(Lines.from_markup(cover.question), id="question")
                    with Vertical(id="answer-box"):
                        with Vertical(classes="answer"):
                            if cover.hint:
                                yield Static(Lines.from_markup(cover.hint), classes="hint")
                            if cover.options:
                                yield OptionList(*cover.options, id="choice", disabled=True)
            yield Vertical(id="findings")

    def on_mount(self) -> None:
        self.title = "filing-assistant"
        self.sub_title = self.interview_name
        self.query_one("#transcript").anchor()  # as the chat's: its turns sit at the foot, over the question

