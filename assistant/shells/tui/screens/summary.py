"""The summary screen: the same content as `filing-assistant summary`; export of the filing record, the filing form,
the draft documents, and the interview of the service's next algorithm."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Header, Static

from assistant.files.summary import render
from assistant.shells.tui.messages import NextAlgorithm
from assistant.shells.tui.screens.base import SessionScreen, say
from assistant.shells.tui.text import as_keys, t
from assistant.shells.tui.widgets.footer import KeysFooter
from assistant.shells.tui.widgets.reader import Reader


class SummaryScreen(SessionScreen):
    """The summary in Markdown, scrolled by keys and wheel, its sections listed (t) and jumped between (] and [),
    with the buttons: export (F7), the form (f), the draft documents (d) and, where the service shows more than one
    algorithm, the interview of the next one (a); g writes the generative AI filing's package (CONTRACT §12)."""

    BINDINGS = [
        Binding("f7", "export", "Export"),
        Binding("f", "form", "Form"),
        Binding("d", "documents", "Documents"),
        Binding("c", "check", "Check"),
        Binding("g", "genai", "Generative AI filing"),
        Binding("a", "next_algorithm", "Next algorithm"),
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
            yield Button(id="form")
            yield Button(id="documents")
            yield Button(id="check")
            yield Button(id="next-algorithm")
            yield Button(id="close")
        exported = Static(id="exported")
        say(exported, None)  # out of the way until something is written
        yield exported
        yield KeysFooter()

    async def render_lang(self) -> None:
        iv = self.session.interview
        lang = iv.lang
        self.query_one("#export", Button).label = t("export_short", lang) + " (F7)"
        self.query_one("#form", Button).label = t("form", lang) + " (f)"
        self.query_one("#documents", Button).label = t("documents", lang) + " (d)"
        self.query_one("#check", Button).label = t("check", lang) + " (c)"
        self.query_one("#next-algorithm", Button).label = t("next_algorithm", lang) + " (a)"
        self.query_one("#next-algorithm", Button).display = self.several_algorithms
        self.query_one("#close", Button).label = t("close", lang)
        # Each button is as wide as its words: laid out again in the new language (F4), not at the old widths.
        for button in self.query(Button):
            button.refresh(layout=True)
        self.query_one("#summary-buttons").refresh(layout=True)
        await self.query_one(Reader).show(as_keys(render(iv.bank, iv.assessment, "md", lang, answers=iv.answers), lang))

    @property
    def several_algorithms(self) -> bool:
        """The answers show more than one algorithm: each is filed on its own, from an interview of its own."""
        return len(self.session.interview.assessment.algorithms) > 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_algorithm":
            return self.several_algorithms
        return True

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
        if path is not None:
            self._said(t("exported", self.lang, path=str(path)))

    def _said(self, message: str, severity: str = "information") -> None:
        """What was written (or why nothing was), under the buttons and as a notice."""
        say(self.query_one("#exported", Static), message)
        self.notify(message, severity=severity)  # type: ignore[arg-type]

    @on(Button.Pressed, "#form")
    def action_form(self) -> None:
        from assistant.shells.tui.screens.form import FormScreen

        self.app.push_screen(FormScreen(self.session))

    @on(Button.Pressed, "#check")
    def action_check(self) -> None:
        from assistant.shells.tui.screens.check import CheckScreen

        self.app.push_screen(CheckScreen(self.session))

    @on(Button.Pressed, "#documents")
    def action_documents(self) -> None:
        """Ask for a folder and write the drafts owed there; with none owed, say why and ask nothing."""
        from assistant.files.drafts import not_owed_reason, packages_for
        from assistant.shells.tui.screens.dialogs import DraftsScreen

        iv = self.session.interview
        drafts = packages_for(iv.bank, iv.answers, "zh", assessment=iv.assessment, as_of=self.app.today)
        if not drafts:
            self._said(t("drafts_none", self.lang, reason=as_keys(not_owed_reason(iv.assessment, self.lang), self.lang)), "warning")
            return
        default = Path.cwd() / f"{self.session.name}-drafts"
        self.app.push_screen(DraftsScreen(iv, drafts, default), self._drafted)

    def action_genai(self) -> None:
        """Ask for a folder and write the generative AI filing's package there (CONTRACT §12); where no such filing
        is owed, say why and ask nothing."""
        from assistant.files import genai
        from assistant.shells.tui.screens.dialogs import GenaiScreen

        iv = self.session.interview
        package = genai.build(iv.bank, iv.answers, "zh", assessment=iv.assessment, as_of=self.app.today)
        if package is None:
            self._said(genai.not_owed(iv.bank, iv.answers, iv.assessment, self.lang), "warning")
            return
        self.app.push_screen(GenaiScreen(iv, package, Path.cwd() / f"{self.session.name}-genai"), self._drafted)

    def _drafted(self, lines: list[str] | None) -> None:
        if lines:
            self._said(("" if self.lang == "zh" else " ").join(lines))

    @on(Button.Pressed, "#next-algorithm")
    def action_next_algorithm(self) -> None:
        self.post_message(NextAlgorithm(self.session.name))

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.action_close()
