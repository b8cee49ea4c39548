"""What the screens over the open interview share: the session, a title in its language, Escape to close."""

from __future__ import annotations

from rich.markup import escape
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from assistant.dialog.session import Session
from assistant.shells.tui.text import relabel_bindings, t


class SessionScreen(Screen[None]):
    """A screen over the open interview, pushed above the chat and drawn in the interview's language by `relabel`."""

    BINDINGS = [Binding("escape", "close", "Close")]
    TITLE_KEY = ""
    """The TEXT key of the screen's title."""

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        """Keys, title and sub-title in the interview's language; subclasses then redraw their content."""
        lang = self.session.interview.lang
        relabel_bindings(self, lang)
        self.title = t(self.TITLE_KEY, lang)
        self.sub_title = self.session.name

    def action_close(self) -> None:
        self.dismiss(None)


def say(line: Static, text: str | None) -> None:
    """A line that reports something (a notice, a problem): shown with `text`, out of the way without."""
    line.update(escape(text or ""))
    line.display = bool(text)
