"""Modal dialogs: confirm, start a new interview, change an answer or a list item in place, export the record, write
the drafts."""

from __future__ import annotations

import os
from pathlib import Path

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from assistant.dialog.interview import Interview, View, describe_value, items_at, question_field
from assistant.errors import BadInput
from assistant.law.questions import NOT_SURE, AnswerProblem, Field, parse_line
from assistant.saved.store import Store, check_name
from assistant.shells.tui.screens.base import DrawnFirst, say
from assistant.shells.tui.text import joined, t
from assistant.shells.tui.widgets.lines import Lines
from assistant.shells.tui.widgets.answer import (
    AnswerInput,
    AnswerSubmitted,
    DraftChanged,
    NotSureChosen,
    answer_input,
    input_for,
    keep_typed,
)


def go_live(dialog: ModalScreen) -> None:
    """The answer input of `dialog` is drawn: it takes keys from now on, where the filer types or chooses."""
    for widget in dialog.query(AnswerInput):
        widget.live = True
        widget.focus_first()


def broken(text: str) -> Lines:
    """Plain `text` broken into lines as the chat's are: no line starts with 、，。"""
    return Lines(Content(text))


TYPED = ("text", "date", "number")
"""Kinds whose current answer is shown in the field it is typed into."""


class Dialog(DrawnFirst, ModalScreen):
    """A modal that answers through dismiss(); Escape or its Cancel button answers `CANCELLED`."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    CANCELLED: object = None

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()  # by name, so that a dialog's own cancel runs for the button as for Escape

    def action_cancel(self) -> None:
        self.dismiss(self.CANCELLED)

    @on(DraftChanged)
    def _typed(self, event: DraftChanged) -> None:
        """An answer refused is being put right: its error no longer applies."""
        event.stop()
        for problem in self.query("#problem").results(Static):
            problem.update("")


class ConfirmScreen(Dialog):
    """A yes/no question about something that cannot be undone; answers True to go ahead."""

    CANCELLED = False

    def __init__(self, message: str, confirm: str, lang: str):
        super().__init__()
        self.message = message
        self.confirm = confirm
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(broken(self.message), classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(self.confirm, id="confirm", variant="error")
                yield Button(t("cancel", self.lang), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)


class NewInterviewScreen(Dialog):
    """Name and language of a new interview, answered as (name, lang); the name is checked before the dialog closes."""

    def __init__(self, store: Store, lang: str):
        super().__init__()
        self.store = store
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("new_title", self.lang), classes="dialog-title")
            yield Label(t("name_label", self.lang))
            yield Input(value=self.store.free_name(), id="name")
            yield Label(t("lang_label", self.lang))
            yield Select([("English", "en"), ("简体中文", "zh")], value=self.lang, allow_blank=False, id="lang")
            yield Static(id="problem")
            with Horizontal(classes="buttons"):
                yield Button(t("create", self.lang), id="create", variant="primary")
                yield Button(t("cancel", self.lang), id="cancel")

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        try:
            check_name(name)
            if self.store.exists(name):
                raise BadInput.one(name, "a saved interview of that name already exists", "已存在同名的问答")
        except BadInput as error:
            self.query_one("#problem", Static).update(broken("; ".join(error.lines(self.lang))))
            return
        self.dismiss((name, str(self.query_one("#lang", Select).value)))


class EditAnswerScreen(Dialog):
    """One answer changed in place from the review: shows what the engine asks (after `change`), passes the answer back.

    Answers with the View of the last act: the answer, or keeping the one it
    had (Escape); a refused answer stays open with the engine's reason.
    """

    def __init__(self, interview: Interview, view: View):
        super().__init__()
        self.interview = interview
        self.view = view

    def compose(self) -> ComposeResult:
        lang, ask = self.view.lang, self.view.ask
        assert ask is not None
        with VerticalScroll(classes="dialog edit"):
            yield Static(t("edit_title", lang), classes="dialog-title")
            yield Static(broken(ask.text), id="question")
            yield Static(broken(ask.help), classes="hint why-hint")
            if ask.current_words is not None and ask.kind not in TYPED:
                # A typed answer is in its field already, to be edited there.
                yield Static(broken(t("current", lang, value=ask.current_words)), id="current")
            # Cancel keeps the answer it has: no separate "Keep" here.
            yield input_for(ask, lang)
            yield Static(id="problem")
            with Horizontal(classes="buttons"):
                yield Button(t("cancel", lang), id="cancel")

    def on_mount(self) -> None:
        self.call_after_refresh(go_live, self)

    def _outcome(self, view: View) -> None:
        if view.refused:
            self.query_one("#problem", Static).update(broken(view.problem or ""))
            self.call_after_refresh(go_live, self)  # put right and given again
            return
        self.dismiss(view)

    @on(AnswerSubmitted)
    def _answered(self, event: AnswerSubmitted) -> None:
        event.stop()
        iv = self.interview
        self._outcome(iv.answer_line(event.line) if event.line is not None else iv.answer(event.value))

    @on(NotSureChosen)
    def _not_sure(self, event: NotSureChosen) -> None:
        event.stop()
        self._outcome(self.interview.not_sure())

    def action_cancel(self) -> None:
        # Leaving the question as it was: the engine keeps an answered one and moves on; an open one it refuses
        # to "keep" stays asked, and that refusal is no news to show.
        view = self.interview.keep()
        self.dismiss(None if view.refused else view)

    def flush_draft(self) -> None:
        """Keep what is typed here (the app calls this when it is closed or the process is asked to end)."""
        if self.view.ask is not None:
            keep_typed(self.interview, self.query(AnswerInput), self.view.ask.key)


class PathSuggester(Suggester):
    """Completes a path from the files and folders that exist: the first name in the folder typed that starts with
    what is typed after its last slash (Right arrow takes it)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        folder, _, start = value.rpartition(os.sep)
        where = Path(folder or ".").expanduser() if folder or not value.startswith(os.sep) else Path(os.sep)
        try:
            names = sorted(entry.name + (os.sep if entry.is_dir() else "") for entry in os.scandir(where))
        except OSError:
            return None
        for name in names:
            if name.startswith(start) and name != start and not (name.startswith(".") and not start.startswith(".")):
                return (folder + os.sep if folder or value.startswith(os.sep) else "") + name
        return None


class PathDialog(Dialog):
    """Asks where to write: a path typed (completed from what exists, Right arrow), an empty one explained, any
    problem said under it. A subclass names its words and writes (`write`)."""

    TITLE = PROMPT = NO_PATH = ""
    """Catalogue keys: the dialog's title, the line above the path, what an empty path is told."""

    def __init__(self, interview: Interview, default: Path):
        super().__init__()
        self.interview = interview
        self.default = default

    def hints(self) -> list[str]:
        """Lines under the path, beside the completion hint."""
        return []

    def choices(self) -> ComposeResult:
        """Choices under the hints (the drafts' language and filing)."""
        yield from ()

    def compose(self) -> ComposeResult:
        lang = self.interview.lang
        with VerticalScroll(classes="dialog"):
            yield Static(t(self.TITLE, lang), classes="dialog-title")
            yield Label(t(self.PROMPT, lang))
            yield Input(value=str(self.default), id="path", suggester=PathSuggester(), select_on_focus=False)
            yield Static(Lines.from_markup(t("export_complete_hint", lang)), classes="hint")
            for hint in self.hints():
                yield Static(broken(hint), classes="hint")
            yield from self.choices()
            yield Static(id="problem")
            with Horizontal(classes="buttons"):
                yield Button(t("write", lang), id="write", variant="primary")
                yield Button(t("cancel", lang), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def _problem(self, text: str) -> None:
        self.query_one("#problem", Static).update(broken(text))

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#write")
    def _write(self) -> None:
        typed = self.query_one("#path", Input).value.strip()
        if not typed:
            self._problem(t(self.NO_PATH, self.interview.lang))
            return
        self.write(Path(typed).expanduser())

    def write(self, path: Path) -> None:
        raise NotImplementedError


class ExportScreen(PathDialog):
    """Where to write the filing record; asked again before a file is replaced; answers with the path written."""

    TITLE, PROMPT, NO_PATH = "export", "export_path", "export_no_path"

    def hints(self) -> list[str]:
        todo = self.interview.assessment.todo
        return [t("export_draft", self.interview.lang, n=len(todo))] if todo else []

    def write(self, path: Path) -> None:
        lang = self.interview.lang
        if path.is_dir():
            path = path / self.default.name  # a folder: the record under its usual name, in it
        if path.exists():
            if path.is_dir():
                self._problem(t("export_is_folder", lang, path=str(path)))
                return

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._write_to(path)

            message = t("export_replace", lang, path=str(path))
            self.app.push_screen(ConfirmScreen(message, t("replace", lang), lang), confirmed)
            return
        self._write_to(path)

    def _write_to(self, path: Path) -> None:
        from assistant.files.record import build_record, record_toml
        from assistant.atomic import write_atomic

        iv = self.interview
        try:
            text = record_toml(build_record(iv.bank, iv.answers, iv.assessment, lang=iv.lang, provenance=iv.provenance))
            write_atomic(path, text.encode("utf-8"))
        except BadInput as error:
            self._problem("; ".join(error.lines(iv.lang)))
            return
        self.dismiss(path)


class DraftsScreen(PathDialog):
    """Which folder to write the draft documents into, made if missing; writes the drafts as .docx and answers
    with the lines saying what was written."""

    TITLE, PROMPT, NO_PATH = "drafts_title", "drafts_path", "drafts_no_path"

    def __init__(self, interview: Interview, drafts: list, default: Path):
        super().__init__(interview, default)
        self.drafts = drafts
        """The drafts owed, one package per filing (`packages_for`), never empty: with none owed the dialog is not opened."""

    def hints(self) -> list[str]:
        lang = self.interview.lang
        files = [(f"{p.folder}/" if p.folder else "") + f"{d.id}.docx" for p in self.drafts for d in p.drafts]
        return [t("drafts_which", lang, files=joined(files, lang))]

    def choices(self) -> ComposeResult:
        """Which language to write the drafts in (Chinese first: the filing is made in Chinese, CONTRACT §8), and
        where the interview owes several filings, which one (all by default)."""
        from textual.widgets import RadioButton, RadioSet

        lang = self.interview.lang
        yield Label(t("drafts_language", lang))
        with RadioSet(id="drafts-lang"):
            yield RadioButton(t("drafts_in_chinese", lang), value=True, id="lang-zh")
            yield RadioButton(t("drafts_in_english", lang), id="lang-en")
        if len(self.drafts) > 1:
            yield Label(t("drafts_filing", lang))
            with RadioSet(id="drafts-filing"):
                yield RadioButton(t("drafts_all_filings", lang), value=True, id="filing-all")
                for package in self.drafts:
                    title = self.interview.bank.readings[f"title.{package.filing}"](lang) if package.filing else ""
                    yield RadioButton(title, id=f"filing-{package.filing}")

    def chosen(self) -> tuple[str, str | None]:
        """The language and the filing (None: every filing) chosen."""
        from textual.widgets import RadioSet

        button = self.query_one("#drafts-lang", RadioSet).pressed_button
        lang = "en" if button is not None and button.id == "lang-en" else "zh"
        filing = None
        if len(self.drafts) > 1:
            pressed = self.query_one("#drafts-filing", RadioSet).pressed_button
            if pressed is not None and pressed.id != "filing-all":
                filing = str(pressed.id).removeprefix("filing-")
        return lang, filing

    def write(self, path: Path) -> None:
        from assistant.files.drafts import drafts_folder, packages_for, write_drafts

        lang = self.interview.lang
        try:
            language, filing = self.chosen()
            iv = self.interview
            packages = packages_for(iv.bank, iv.answers, language, assessment=iv.assessment, filing=filing)
            lines = write_drafts(packages, drafts_folder(path), "docx", lang)
        except BadInput as error:
            self._problem("; ".join(error.lines(lang)))
            return
        self.dismiss(lines)


class GenaiScreen(PathDialog):
    """Which folder to write the generative AI filing's package into (CONTRACT §12: the route, the form with its gaps,
    the materials and, for a full filing, the four .xlsx templates), made if missing; answers with what was written."""

    TITLE, PROMPT, NO_PATH = "genai_title", "genai_path", "genai_no_path"

    def __init__(self, interview: Interview, package, default: Path):
        super().__init__(interview, default)
        self.package = package
        """The package (`genai.build`), in Chinese as the filing is made."""

    def hints(self) -> list[str]:
        return [t("genai_which", self.interview.lang, files=joined(list(self.package.files), self.interview.lang))]

    def write(self, path: Path) -> None:
        from assistant.files import genai

        lang = self.interview.lang
        try:
            lines = genai.write(self.package, path, lang)
        except BadInput as error:
            self._problem("; ".join(error.lines(lang)))
            return
        self.dismiss(lines)


class ListEditScreen(Dialog):
    """The items of a list (the products and their functions), from the engine's answers: change a field, remove an
    item, or add one (in the chat, field by field). Answers "add" when the chat is to ask a new item, else the last View.
    """

    def __init__(self, interview: Interview, qid: str):
        super().__init__()
        self.interview = interview
        self.qid = qid
        self.last: View | None = None
        self._rows: dict[str, tuple[tuple, str | None]] = {}
        """Option id -> (the item's place, the field id; None for the item's own line)."""

    def compose(self) -> ComposeResult:
        lang = self.interview.lang
        question = self.interview.bank.question(self.qid)
        with VerticalScroll(classes="dialog edit"):
            yield Static(t("edit_title", lang), classes="dialog-title")
            yield Static(broken(question.text(lang)), id="question")
            yield Static(Lines.from_markup(t("items_hint", lang)), classes="hint")
            yield OptionList(id="items")
            for line in (Static(id="notice"), Static(id="problem")):
                say(line, None)
                yield line
            with Horizontal(classes="buttons"):
                yield Button(t("edit_item", lang), id="edit", variant="primary")
                yield Button(t("remove_item", lang), id="remove", variant="error")
                yield Button(t("add_item", lang), id="add")
                yield Button(t("close", lang), id="cancel")

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#items", OptionList).focus()

    def _fill(self) -> None:
        lang = self.interview.lang
        question = self.interview.bank.question(self.qid)
        root = self.interview.answers.get(self.qid)
        options: list[Option] = []
        self._rows = {}

        def add(place: tuple, field_id: str | None, prompt: str, indent: int) -> None:
            key = str(len(options))
            self._rows[key] = (place, field_id)
            options.append(Option(escape("  " * indent + prompt), id=key))

        def items(field: Field, values: list, prefix: tuple, indent: int) -> None:
            for n, item in enumerate(values):
                place = (*prefix, n)
                first = field.fields[0]
                name = describe_value(first, item[first.id], lang) if first.id in item else "…"
                add(place, None, f"{t('item', lang, n=n + 1)}: {name}", indent)
                for sub in field.fields:
                    value = item.get(sub.id)
                    if value is None and not sub.applies_in(item):
                        continue  # not asked for this item (a description of "other" when the form is an app)
                    if sub.kind == "records":
                        inner = value if isinstance(value, list) else []
                        add(place, sub.id, f"{sub.text(lang)} ({len(inner)})", indent + 1)
                        items(sub, inner, (*place, sub.id), indent + 2)
                    else:
                        shown = describe_value(sub, value, lang) if value is not None else "—"
                        add(place, sub.id, f"{sub.text(lang)}: {shown}", indent + 1)

        items(question, root if isinstance(root, list) else [], (), 0)
        listing = self.query_one("#items", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options(options or [Option(escape(t("no_items", lang)), disabled=True)])
        if highlighted is not None and options:
            listing.highlighted = min(highlighted, len(options) - 1)

    def _outcome(self, view: View | None) -> None:
        if view is None:
            return
        self.last = view
        say(self.query_one("#notice", Static), "\n".join(n for n in (view.notice, view.progress_note) if n))
        say(self.query_one("#problem", Static), view.problem)
        self._fill()

    def _highlighted(self) -> tuple[tuple, str | None] | None:
        listing = self.query_one("#items", OptionList)
        option = listing.highlighted_option
        return self._rows.get(str(option.id)) if option is not None else None

    @on(OptionList.OptionSelected, "#items")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self._rows.get(str(event.option.id))
        if row is None:
            return
        place, field_id = row
        list_field = question_field(self.interview.bank.question(self.qid), place[:-1])
        # The item's own line edits its first field, the one it is named by.
        sub = list_field.field(field_id) if field_id else list_field.fields[0]
        if sub is None:
            return
        if sub.kind == "records":
            self._add(place + (field_id,))
            return
        self.app.push_screen(EditItemScreen(self.interview, self.qid, place, sub), self._outcome)

    @on(Button.Pressed, "#edit")
    def _edit_pressed(self) -> None:
        listing = self.query_one("#items", OptionList)
        if listing.highlighted is not None:
            listing.action_select()

    @on(Button.Pressed, "#remove")
    def _remove(self) -> None:
        row = self._highlighted()
        if row is None or row[1] is not None:
            say(self.query_one("#problem", Static), t("choose_item", self.interview.lang))
            return
        self._outcome(self.interview.remove_item(self.qid, row[0]))

    @on(Button.Pressed, "#add")
    def _add_top(self) -> None:
        self._add(())

    def _add(self, levels: tuple) -> None:
        view = self.interview.add_item(self.qid, levels)
        if view.refused:
            self._outcome(view)
            return
        self.dismiss("add")

    def action_cancel(self) -> None:
        self.dismiss(self.last)


class EditItemScreen(Dialog):
    """One field of a list item changed in place; the engine checks it (`edit_item`). Answers the View, None when cancelled."""

    def __init__(self, interview: Interview, qid: str, place: tuple, field: Field):
        super().__init__()
        self.interview = interview
        self.qid = qid
        self.place = place
        self.field = field

    def _current(self):
        root = self.interview.answers.get(self.qid)
        values = items_at(root, self.place[:-1]) if isinstance(root, list) else None
        return values[self.place[-1]].get(self.field.id) if values and self.place[-1] < len(values) else None

    def compose(self) -> ComposeResult:
        lang = self.interview.lang
        with VerticalScroll(classes="dialog edit"):
            yield Static(t("edit_title", lang), classes="dialog-title")
            yield Static(broken(self.field.text(lang)), id="question")
            yield Static(broken(self.field.help(lang)), classes="hint why-hint")
            yield answer_input(self.field, lang, self._current(), allow_unsure=self.field.unsure)
            yield Static(id="problem")
            with Horizontal(classes="buttons"):
                yield Button(t("cancel", lang), id="cancel")

    def on_mount(self) -> None:
        self.call_after_refresh(go_live, self)

    def _edit(self, value) -> None:
        view = self.interview.edit_item(self.qid, self.place, self.field.id, value)
        if view.refused:
            self._refused(view.problem or "")
            return
        self.dismiss(view)

    def _refused(self, problem: str) -> None:
        self.query_one("#problem", Static).update(broken(problem))
        self.call_after_refresh(go_live, self)  # put right and given again

    @on(AnswerSubmitted)
    def _answered(self, event: AnswerSubmitted) -> None:
        event.stop()
        if event.line is None:
            self._edit(event.value)
            return
        try:
            # The same reading of a typed line as the engine's answer_line (edit_item takes values).
            value = parse_line(self.field, event.line)
        except AnswerProblem as problem:
            self._refused(problem.text(self.interview.lang))
            return
        self._edit(value)

    @on(NotSureChosen)
    def _not_sure(self, event: NotSureChosen) -> None:
        event.stop()
        self._edit(NOT_SURE)

