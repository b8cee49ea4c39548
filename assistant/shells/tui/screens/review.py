"""The review screen: every answer by section as the engine lists it, changed in place; set-aside answers shown, not erased."""

from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from assistant.dialog.interview import ReviewRow, View
from assistant.errors import for_terminal
from assistant.shells.tui.screens.base import SessionScreen, say
from assistant.shells.tui.screens.chat import answer_words
from assistant.shells.tui.text import t
from assistant.shells.tui.widgets.footer import KeysFooter
from assistant.shells.tui.widgets.lines import BrokenText

DIMMED = ("set_aside", "unreadable")
OPEN = ("open", "not_sure", "unreadable")
"""The states the filter "open questions only" keeps: what still needs an answer."""


class ReviewScreen(SessionScreen):
    """The engine's review rows under their sections, each question and answer whole, wrapped to the width of the
    terminal: the questions that apply (answered, not sure, to answer), then those set aside. Enter changes the
    row selected; o shows the open questions only; ] and [ jump between sections."""

    BINDINGS = [
        Binding("o", "open_only", "Open only"),
        Binding("right_square_bracket", "next_section", "Next section"),
        Binding("left_square_bracket", "previous_section", "Previous section"),
    ]
    TITLE_KEY = "review_title"

    def __init__(self, session) -> None:
        super().__init__(session)
        self.open_only = False
        self._rows: dict[str, ReviewRow] = {}
        self._state_width = 10

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-hint", classes="hint")
        yield Static(id="review-filter")
        yield Static(id="review-head")
        yield OptionList(id="review")
        for line in (Static(id="notice"), Static(id="problem")):
            say(line, None)
            yield line
        yield KeysFooter()

    def render_lang(self) -> None:
        iv = self.session.interview
        lang = iv.lang
        self.query_one("#review-hint", Static).update(t("review_hint", lang))
        rows = iv.review()
        shown = [r for r in rows if r.state in OPEN] if self.open_only else rows
        key = "review_open_only" if self.open_only else "review_all"
        self.query_one("#review-filter", Static).update(t(key, lang, n=len(shown)))
        states = [t(f"state_{state}", lang) for state in ("answered", "not_sure", "open", "set_aside", "unreadable")]
        # The state column as wide as its longest word, so a state is never cut inside a word, and at most 10.
        self._state_width = max(max(cell_len(word) for state in states for word in state.split()), min(10, max(map(cell_len, states))))
        self.query_one("#review-head", Static).update(self._row(t("col_question", lang), t("col_answer", lang), t("col_state", lang), "bold"))
        listing = self.query_one("#review", OptionList)
        highlighted = listing.highlighted_option.id if listing.highlighted_option else None
        options: list[Option] = []
        section = None
        self._rows = {}
        for r in shown:
            if r.section != section:
                section = r.section
                options.append(Option(BrokenText(Text(section or t("unreadable_section", lang), style="bold underline")), disabled=True))
            self._rows[r.question_id] = r
            style = "dim italic" if r.state in DIMMED else ""
            options.append(Option(self._row(r.text, self.shown_answer(r.question_id), self.shown_state(r.question_id), style), id=r.question_id))
        if not self._rows:
            options.append(Option(Text(t("review_none_open", lang), style="dim"), disabled=True))
        listing.clear_options()
        listing.add_options(options)
        if highlighted in self._rows:
            listing.highlighted = listing.get_option_index(highlighted)
        elif self._rows:
            listing.highlighted = listing.get_option_index(next(iter(self._rows)))
        listing.focus()

    def shown_answer(self, qid: str) -> str:
        """The answer of row `qid` in words; a list names its items."""
        iv = self.session.interview
        question = iv.bank.by_id.get(qid)
        value = iv.answers.get(qid)
        if question is not None and question.kind == "records" and isinstance(value, list):
            return answer_words(question, value, iv.lang)
        return self._rows[qid].answer

    def shown_state(self, qid: str) -> str:
        return t(f"state_{self._rows[qid].state}", self.lang)

    def _row(self, question: str, answer: str, state: str, style: str) -> Table:
        """One row: the question, its answer and its state side by side, each wrapped within its share of the width."""
        grid = Table.grid(padding=(0, 2), expand=True)
        grid.add_column(ratio=5, overflow="fold")
        grid.add_column(ratio=3, overflow="fold")
        grid.add_column(width=self._state_width, overflow="fold")
        grid.add_row(*(BrokenText(Text(cell, style=style)) for cell in (question, for_terminal(answer), state)))
        return grid

    # --- Selecting and moving ---------------------------------------------------------

    def select(self, qid: str) -> None:
        """Highlight the row of `qid`."""
        listing = self.query_one("#review", OptionList)
        listing.highlighted = listing.get_option_index(qid)

    def action_open_only(self) -> None:
        self.open_only = not self.open_only
        self.render_lang()

    def _section_starts(self) -> list[int]:
        listing = self.query_one("#review", OptionList)
        return [i + 1 for i in range(listing.option_count - 1) if listing.get_option_at_index(i).id is None and listing.get_option_at_index(i + 1).id]

    def action_next_section(self) -> None:
        listing = self.query_one("#review", OptionList)
        here = listing.highlighted or 0
        following = [i for i in self._section_starts() if i > here]
        if following:
            self._to_section(following[0])

    def action_previous_section(self) -> None:
        listing = self.query_one("#review", OptionList)
        here = listing.highlighted or 0
        starts = self._section_starts()
        current = [i for i in starts if i <= here]
        before = [i for i in starts if i < (current[-1] if current else here)]
        if before or current:
            self._to_section((before or current)[-1])

    def _to_section(self, index: int) -> None:
        """Highlight the first question of a section, its heading (the option above it) at the top of the list."""
        listing = self.query_one("#review", OptionList)
        listing.highlighted = index
        listing.scroll_to_highlight(top=True)
        heading = listing.get_option_at_index(index - 1).prompt
        lines = self.app.console.render_lines(heading, self.app.console.options.update_width(listing.scrollable_content_region.width))
        listing.scroll_to(y=max(0, listing.scroll_y - len(lines)), animate=False, immediate=True)

    # --- Changing an answer -------------------------------------------------------------

    def outcome(self, view: View | None) -> None:
        """Show what the last act did (or why it was refused), then the rows as they are now."""
        say(self.query_one("#notice", Static), "\n".join(n for n in (view.notice, view.progress_note) if n) if view else None)
        say(self.query_one("#problem", Static), view.problem if view else None)
        self.render_lang()

    @on(OptionList.OptionSelected, "#review")
    def _change(self, event: OptionList.OptionSelected) -> None:
        from assistant.shells.tui.screens.dialogs import EditAnswerScreen, ListEditScreen

        event.stop()
        iv = self.session.interview
        qid = str(event.option.id)
        question = iv.bank.by_id.get(qid)
        if question is not None and question.kind == "records" and self._rows[qid].state not in DIMMED:
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


