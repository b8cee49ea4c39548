"""What the screens over the open interview share: the session, a title in its language, Escape to close."""

from __future__ import annotations

from rich.markup import escape
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from assistant.dialog.session import Session
from assistant.shells.tui.text import t
from assistant.shells.tui.widgets.lines import Lines


def seen(screen: Screen) -> bool:
    """Whether `screen` is in sight: the top screen, or one behind dialogs over it (Textual's `is_current` also
    counts the screen under a top screen that covers it whole)."""
    for over in reversed(screen.app.screen_stack):
        if over is screen:
            return True
        if not over.is_modal:
            return False
    return False


class DrawnFirst:
    """Mixin for a screen that takes keys only once it is drawn: a key typed as it opens (the second `d` of `d d`
    in the summary) is dropped by the app (`FilingApp.on_event`), never typed into the field it focuses unseen."""

    drawn = False

    def on_screen_resume(self) -> None:
        if not self.drawn:
            self.call_after_refresh(self._now_drawn)  # type: ignore[attr-defined]

    def _now_drawn(self) -> None:
        self.drawn = True


class SessionScreen(DrawnFirst, Screen[None]):
    """A screen over the open interview, pushed above the chat; drawn by `render_lang` in the app's language, and
    again whenever it changes: at once where it is seen, else when it is shown again (a screen under the
    form is not drawn in the new language for no one to see)."""

    lang_stale = False

    BINDINGS = [Binding("escape", "close", "Close")]
    TITLE_KEY = ""
    """The TEXT key of the screen's title."""

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    @property
    def lang(self) -> str:
        return self.session.interview.lang

    async def on_mount(self) -> None:
        self.watch(self.app, "lang", self._lang_changed, init=False)
        await self._lang_changed(self.lang)

    async def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.lang_stale:
            await self._lang_changed(self.lang)

    async def _lang_changed(self, _: str) -> None:
        if self.is_mounted and not seen(self):
            self.lang_stale = True
            return
        self.lang_stale = False
        self.title = t(self.TITLE_KEY, self.lang)
        self.sub_title = self.session.name
        result = self.render_lang()
        if result is not None:
            await result

    def render_lang(self):
        """Draw the content in the interview's language; may be a coroutine."""

    def action_close(self) -> None:
        self.dismiss(None)


def say(line: Static, text: str | None) -> None:
    """A line that reports something (a notice, a problem): shown with `text`, out of the way without."""
    put(line, escape(text or ""))
    line.display = bool(text)


def put(line: Static, markup: str) -> None:
    """Show `markup` in `line`, unless it shows it already: an update lays the screen out and draws the line again,
    and most lines of the chat say the same after an answer as before it."""
    if getattr(line, "_said", None) != markup:
        line._said = markup  # type: ignore[attr-defined]
        line.update(Lines.from_markup(markup))  # no line starts with 、，。
