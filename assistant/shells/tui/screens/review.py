"""The review screen: every answer by section as the engine lists it, changed in place; set-aside answers shown, not erased."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from assistant.dialog.interview import View
from assistant.shells.tui.screens.base import SessionScreen, say
from assistant.shells.tui.text import t
from assistant.shells.tui.widgets.footer import KeysFooter

DIMMED = ("set_aside", "unreadable")


class ReviewScreen(SessionScreen):
    """A table of the engine's review rows: the questions that apply (answered, not sure, to answer), then those set aside."""

    TITLE_KEY = "review_title"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-hint", classes="hint")
        yield DataTable(id="review", cursor_type="row", zebra_stripes=True)
        for line in (Static(id="notice"), Static(id="problem")):
            say(line, None)
            yield line
        yield KeysFooter()

    def relabel(self) -> None:
        super().relabel()
        iv = self.session.interview
        lang = iv.lang
        self.query_one("#review-hint", Static).update(t("review_hint", lang))
        table = self.query_one("#review", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        for key, width in (("col_section", 16), ("col_question", 50), ("col_answer", 26), ("col_state", 12)):
            table.add_column(t(key, lang), width=width)
        for r in iv.review():
            style = "dim italic" if r.state in DIMMED else ""
            cells = [_short(r.section, 16), _short(r.text, 50), _short(r.answer, 26), t(f"state_{r.state}", lang)]
            table.add_row(*[Text(cell, style=style) for cell in cells], key=r.question_id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def outcome(self, view: View | None) -> None:
        """Show what the last act did (or why it was refused), then the rows as they are now."""
        say(self.query_one("#notice", Static), "\n".join(n for n in (view.notice, view.progress_note) if n) if view else None)
        say(self.query_one("#problem", Static), view.problem if view else None)
        self.relabel()

    @on(DataTable.RowSelected, "#review")
    def _change(self, event: DataTable.RowSelected) -> None:
        from assistant.shells.tui.screens.dialogs import EditAnswerScreen, ListEditScreen

        iv = self.session.interview
        qid = str(event.row_key.value)
        question = iv.bank.by_id.get(qid)
        if question is not None and question.kind == "records":
            self.app.push_screen(ListEditScreen(iv, qid), self._list_edited)
            return
        # The engine asks it again, or says why it cannot (set aside, unreadable): the dialog shows what it asks.
        view = iv.change(qid)
        if view.refused:
            self.outcome(view)
            return
        self.outcome(None)
        self.app.push_screen(EditAnswerScreen(iv, view), self.outcome)

    def _list_edited(self, result: View | str | None) -> None:
        if result == "add":
            # The engine asks the new item's fields in the chat, one by one.
            self.dismiss(None)
            return
        self.outcome(result if isinstance(result, View) else None)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
