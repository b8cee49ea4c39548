"""The summary screen: the same content as `filing-assistant summary`, and export of the filing record."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Header, Static

from assistant.files.summary import render
from assistant.shells.tui.screens.base import SessionScreen
from assistant.shells.tui.text import t
from assistant.shells.tui.widgets.footer import KeysFooter
from assistant.shells.tui.widgets.reader import Reader


class SummaryScreen(SessionScreen):
    """The summary in Markdown, scrolled by keys and wheel, its sections listed (t) and jumped between (] and [),
    with the export button."""

    BINDINGS = [
        Binding("f7", "export", "Export"),
        Binding("right_square_bracket", "next_section", "Next section"),
        Binding("left_square_bracket", "previous_section", "Previous section"),
        Binding("t", "contents", "Contents"),
    ]
    TITLE_KEY = "summary_title"

    def compose(self) -> ComposeResult:
        yield Header()
        # The list of sections beside the text where there is room for both (t shows or hides it).
        yield Reader(id="summary", show_table_of_contents=self.app.size.width >= 100)
        with Horizontal(classes="buttons", id="summary-buttons"):
            yield Button(id="export", variant="primary")
            yield Button(id="close")
            yield Static(id="exported")
        yield KeysFooter()

    async def render_lang(self) -> None:
        iv = self.session.interview
        lang = iv.lang
        self.query_one("#export", Button).label = t("export", lang) + " (F7)"
        self.query_one("#close", Button).label = t("close", lang)
        await self.query_one(Reader).show(render(iv.bank, iv.assessment, "md", lang, answers=iv.answers))

    def action_next_section(self) -> None:
        self.query_one(Reader).next_section()

    def action_previous_section(self) -> None:
        self.query_one(Reader).previous_section()

    def action_contents(self) -> None:
        reader = self.query_one(Reader)
        reader.show_table_of_contents = not reader.show_table_of_contents

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        from assistant.shells.tui.screens.dialogs import ExportScreen

        default = Path.cwd() / f"{self.session.name}.record.toml"
        self.app.push_screen(ExportScreen(self.session.interview, default), self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is None:
            return
        message = t("exported", self.lang, path=str(path))
        self.query_one("#exported", Static).update(escape(message))
        self.notify(message)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.action_close()
