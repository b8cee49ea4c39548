"""The review screen: every answer by section, edited in place; set-aside answers shown, not erased."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from assistant.dialog.interview import describe_value
from assistant.law.questions import UNSURE
from assistant.shells.tui.widgets.footer import KeysFooter
from assistant.shells.tui.text import t
from assistant.shells.tui.screens.base import SessionScreen


class ReviewScreen(SessionScreen):
    """A table of the questions that apply (answered, not sure or to answer) and of the answers set aside."""

    TITLE_KEY = "review_title"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-hint", classes="hint")
        yield DataTable(id="review", cursor_type="row", zebra_stripes=True)
        yield Static(id="problem")
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
        counted = iv.counted()
        for question in iv.asked():
            value = iv.answers.get(question.id)
            if value is None:
                state, shown = "state_open", ""
            else:
                state = "state_unsure" if value == UNSURE else "state_answered"
                shown = describe_value(question, value, lang)
            self._row(iv.bank.section(question.section).title(lang), question.text(lang), shown, t(state, lang), question.id)
        for qid, value in iv.set_aside().items():
            if qid in iv.bank.by_id and qid not in counted:
                question = iv.bank.question(qid)
                section = iv.bank.section(question.section).title(lang)
                self._row(section, question.text(lang), describe_value(question, value, lang), t("state_set_aside", lang), qid, dim=True)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _row(self, section: str, question: str, answer: str, state: str, qid: str, dim: bool = False) -> None:
        style = "dim italic" if dim else ""
        cells = [Text(_short(section, 16), style=style), Text(_short(question, 50), style=style), Text(_short(answer, 26), style=style), Text(state, style=style)]
        self.query_one("#review", DataTable).add_row(*cells, key=qid)

    @on(DataTable.RowSelected, "#review")
    def _edit(self, event: DataTable.RowSelected) -> None:
        from assistant.shells.tui.screens.dialogs import EditAnswerScreen

        iv = self.session.interview
        qid = str(event.row_key.value)
        lang = iv.lang
        if qid not in iv.counted() and qid in iv.answers:
            self.query_one("#problem", Static).update(t("set_aside_no_edit", lang))
            return
        self.query_one("#problem", Static).update("")
        if iv.bank.question(qid).kind == "records":
            from assistant.shells.tui.screens.dialogs import ListEditScreen

            self.app.push_screen(ListEditScreen(iv, qid), self._list_edited)
            return
        self.app.push_screen(EditAnswerScreen(iv, qid), lambda changed: self.relabel() if changed else None)

    def _list_edited(self, result: str | None) -> None:
        if result == "add":
            # Items are added in the chat, field by field, after the ones kept.
            self.dismiss(None)
        elif result == "changed":
            self.relabel()


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
