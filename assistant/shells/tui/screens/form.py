"""The form screen: the filing form as the filing system asks it, field by field, each answer copied with one key."""

from __future__ import annotations

from rich.console import Group as Lines
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from assistant.files.form import FilledForm, Row, filled_form, render, say as form_says
from assistant.shells.tui.screens.base import SessionScreen
from assistant.shells.tui.text import as_keys, colon, t
from assistant.shells.tui.widgets.footer import KeysFooter
from assistant.shells.tui.widgets.lines import BrokenText

SHOWN = 40
"""How much of a copied answer the notice repeats."""


class FormScreen(SessionScreen):
    """`filled_form` as a list to move through: the steps (jumped between with ] and [), their groups, and one line
    per field with its label, answer and notes, marked where missing. The line under the cursor is what c (or Enter,
    or a click) copies to the clipboard; a copies the whole form as text (`render`)."""

    BINDINGS = [
        Binding("c", "copy_field", "Copy"),
        Binding("a", "copy_form", "Copy all"),
        Binding("right_square_bracket", "next_step", "Next step"),
        Binding("left_square_bracket", "previous_step", "Previous step"),
    ]
    TITLE_KEY = "form_title"

    def __init__(self, session) -> None:
        super().__init__(session)
        self.form: FilledForm | None = None
        self.copies: dict[str, str] = {}
        """Option id -> the text its line copies: a field's answer, a sentence of the form."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="form-hint", classes="hint")
        yield OptionList(id="form-fields")
        yield KeysFooter()

    def render_lang(self) -> None:
        iv = self.session.interview
        lang = iv.lang
        self.query_one("#form-hint", Static).update(t("form_hint", lang))
        # The app's fixed day where it has one (tests), else today in China, as `filing-assistant form` says it.
        form = filled_form(iv.bank, iv.answers, lang, assessment=iv.assessment, as_of=self.app.today)
        self.form = form
        self.copies = {}
        options: list[Option] = [Option(Text(form.title, style="bold"), disabled=True)]

        def line(text: str, prompt=None) -> None:
            key = f"line-{len(self.copies)}"
            self.copies[key] = text
            options.append(Option(prompt if prompt is not None else BrokenText(Text(as_keys(text, lang))), id=key))

        for sentence in form.opening:
            line(sentence)
        for n, step in enumerate(form.steps):
            options.append(Option(BrokenText(Text("\n" + step.title, style="bold underline")), id=f"step-{n}"))
            for sentence in step.lines:
                line(sentence)
            for group in step.groups:
                # A product's fields under it, a function's under its product: indented whole, wrapped lines too.
                indent = 2 * (group.level - 3)
                options.append(Option(Padding(BrokenText(Text(group.title, style="bold")), (0, 0, 0, indent)), disabled=True))
                for row in group.rows:
                    line(row.to_copy, Padding(self._row(row, lang), (0, 0, 0, indent)))
                for sentence in group.lines:
                    line(sentence, Padding(BrokenText(Text(sentence)), (0, 0, 0, indent)))
        if form.open_elsewhere:
            options.append(Option(BrokenText(Text("\n" + form_says("other_open", lang), style="bold underline")), id="step-open"))
            for qid, text in form.open_elsewhere:
                line(text, BrokenText(Text(qid + colon(lang) + text)))
        listing = self.query_one("#form-fields", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options(options)
        listing.highlighted = min(highlighted, len(options) - 1) if highlighted is not None else 1
        listing.focus()

    def _row(self, row: Row, lang: str) -> Table:
        """One field: its label and its answer side by side, the notes under the answer; a missing one marked."""
        grid = Table.grid(padding=(0, 2), expand=True)
        grid.add_column(ratio=2, overflow="fold")
        grid.add_column(ratio=3, overflow="fold")
        answer = BrokenText(Text(as_keys(row.text(lang), lang), style="bold" if row.missing is None else "italic"))
        notes = [BrokenText(Text(as_keys(note, lang), style="dim")) for note in row.notes]
        grid.add_row(BrokenText(Text(row.label)), Lines(answer, *notes))
        return grid

    # --- Copying ---------------------------------------------------------------------

    def action_copy_field(self) -> None:
        option = self.query_one("#form-fields", OptionList).highlighted_option
        self._copy(str(option.id) if option is not None else "")

    @on(OptionList.OptionSelected, "#form-fields")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._copy(str(event.option.id))

    def _copy(self, key: str) -> None:
        text = self.copies.get(key, "")
        if not text:
            self.notify(t("nothing_to_copy", self.lang), severity="warning")
            return
        self.app.copy_to_clipboard(text)
        shown = " ".join(text.split())
        self.notify(t("copied", self.lang, text=shown if len(shown) <= SHOWN else shown[: SHOWN - 1] + "…"))

    def action_copy_form(self) -> None:
        if self.form is None:
            return
        text = render(self.form, "text")
        self.app.copy_to_clipboard(text)
        self.notify(t("copied_form", self.lang, n=text.count("\n")))

    # --- Moving between steps ---------------------------------------------------------

    def _steps(self) -> list[int]:
        listing = self.query_one("#form-fields", OptionList)
        return [i for i in range(listing.option_count) if str(listing.get_option_at_index(i).id).startswith("step-")]

    def _jump(self, index: int) -> None:
        listing = self.query_one("#form-fields", OptionList)
        listing.highlighted = index
        listing.scroll_to_highlight(top=True)

    def action_next_step(self) -> None:
        listing = self.query_one("#form-fields", OptionList)
        here = listing.highlighted or 0
        following = [i for i in self._steps() if i > here]
        if following:
            self._jump(following[0])
        else:
            listing.action_last()

    def action_previous_step(self) -> None:
        listing = self.query_one("#form-fields", OptionList)
        here = listing.highlighted or 0
        before = [i for i in self._steps() if i < here]
        if before:
            self._jump(before[-1])
        else:
            listing.action_first()
