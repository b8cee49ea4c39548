"""The check screen: what would send the filing back (`filing-assistant check`), opened from the summary with c."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header

from assistant.files.check import check, render
from assistant.shells.tui.screens.base import SessionScreen
from assistant.shells.tui.widgets.footer import KeysFooter
from assistant.shells.tui.widgets.reader import Reader


class CheckScreen(SessionScreen):
    """The check in Markdown, per filing and severity, blockers first, as the summary shows its text: scrolled by
    keys and wheel, its sections jumped between with ] and [."""

    BINDINGS = [
        Binding("right_square_bracket", "next_section", "Next section"),
        Binding("left_square_bracket", "previous_section", "Previous section"),
    ]
    TITLE_KEY = "check_title"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Reader(id="check", show_table_of_contents=False)
        yield KeysFooter()

    async def render_lang(self) -> None:
        iv = self.session.interview
        report = check(iv.bank, iv.answers, iv.lang, assessment=iv.assessment, as_of=self.app.today)
        await self.query_one(Reader).show(render(report, "md"))

    def action_next_section(self) -> None:
        self.query_one(Reader).next_section()

    def action_previous_section(self) -> None:
        self.query_one(Reader).previous_section()
