"""The summary screen: the same content as `filing-assistant summary`, and export of the filing record."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Header, Markdown, Static

from assistant.files.summary import render
from assistant.shells.tui.widgets.footer import KeysFooter
from assistant.shells.tui.text import t
from assistant.shells.tui.screens.base import SessionScreen


class SummaryScreen(SessionScreen):
    """The summary in Markdown, with the export button."""

    BINDINGS = [Binding("f7", "export", "Export")]
    TITLE_KEY = "summary_title"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Markdown(id="summary")
        with Horizontal(classes="buttons", id="summary-buttons"):
            yield Button(id="export", variant="primary")
            yield Button(id="close")
            yield Static(id="exported")
        yield KeysFooter()

    def relabel(self) -> None:
        super().relabel()
        iv = self.session.interview
        lang = iv.lang
        self.query_one("#summary", Markdown).update(render(iv.bank, iv.assessment, "md", lang, answers=iv.answers))
        self.query_one("#export", Button).label = t("export", lang) + " (F7)"
        self.query_one("#close", Button).label = t("close", lang)

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        from assistant.shells.tui.screens.dialogs import ExportScreen

        default = Path.cwd() / f"{self.session.name}.record.toml"
        self.app.push_screen(ExportScreen(self.session.interview, default), self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is None:
            return
        message = t("exported", self.session.interview.lang, path=str(path))
        self.query_one("#exported", Static).update(escape(message))
        self.app.notify(message)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.action_close()
