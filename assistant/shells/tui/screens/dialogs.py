"""Modal dialogs: confirm, start a new interview, edit one answer in place, export the record."""

from __future__ import annotations

from pathlib import Path
from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from assistant.errors import BadInput
from assistant.dialog.interview import Interview, describe_value
from assistant.law.questions import UNSURE, AnswerProblem, parse_line
from assistant.saved.store import Store, check_name
from assistant.shells.tui.text import t
from assistant.shells.tui.widgets.answer import AnswerSubmitted, Refused, answer_input


class Dialog(ModalScreen):
    """A modal that answers through dismiss(); Escape or its Cancel button answers `CANCELLED`."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    CANCELLED: object = None

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(self.CANCELLED)


class QuestionDialog(Dialog):
    """A dialog about one question of the open interview."""

    def __init__(self, interview: Interview, qid: str):
        super().__init__()
        self.interview = interview
        self.qid = qid


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
            yield Static(escape(self.message), classes="dialog-text")
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
            self.query_one("#problem", Static).update(escape("; ".join(error.lines(self.lang))))
            return
        self.dismiss((name, str(self.query_one("#lang", Select).value)))


class EditAnswerScreen(QuestionDialog):
    """One answer changed in place from the review screen; the engine checks it. Answers True when changed."""

    CANCELLED = False

    def compose(self) -> ComposeResult:
        iv, lang = self.interview, self.interview.lang
        question = iv.bank.question(self.qid)
        with Vertical(classes="dialog edit"):
            yield Static(t("edit_title", lang), classes="dialog-title")
            yield Static(escape(question.text(lang)), id="question")
            yield Static(escape(question.help(lang)), classes="hint")
            yield answer_input(question, lang, iv.answers.get(self.qid), question.unsure)
            yield Static(id="problem")
            with Horizontal(classes="buttons"):
                yield Button(t("cancel", lang), id="cancel")

    def on_mount(self) -> None:
        self.call_after_refresh(self.query_one("#answer").focus_first)

    @on(AnswerSubmitted)
    def _answered(self, event: AnswerSubmitted) -> None:
        event.stop()
        question = self.interview.bank.question(self.qid)
        try:
            value = parse_line(question, event.line) if event.line is not None else event.value
            if value == UNSURE and not question.unsure:
                raise AnswerProblem("\"not sure\" is not an answer to this question", "此问题不能回答\"不确定\"")
            self.interview.answer(value, qid=self.qid)
        except AnswerProblem as problem:
            self.query_one("#problem", Static).update(escape(problem.text(self.interview.lang)))
            return
        except BadInput as error:
            self.app.notify("; ".join(error.lines(self.interview.lang)), severity="error")
        self.dismiss(True)

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        event.stop()
        self.query_one("#problem", Static).update(escape(event.reason))


class ExportScreen(Dialog):
    """Where to write the filing record; writes it and answers with the path written."""

    def __init__(self, interview: Interview, default: Path):
        super().__init__()
        self.interview = interview
        self.default = default

    def compose(self) -> ComposeResult:
        lang = self.interview.lang
        todo = self.interview.assessment.todo
        with Vertical(classes="dialog"):
            yield Static(t("export", lang), classes="dialog-title")
            yield Label(t("export_path", lang))
            yield Input(value=str(self.default), id="path")
            if todo:
                yield Static(escape(t("export_draft", lang, n=len(todo))), classes="hint")
            yield Static(id="problem")
            with Horizontal(classes="buttons"):
                yield Button(t("write", lang), id="write", variant="primary")
                yield Button(t("cancel", lang), id="cancel")

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#write")
    def _write(self) -> None:
        from assistant.files.record import build_record, record_toml
        from assistant.atomic import write_atomic

        iv = self.interview
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        try:
            text = record_toml(build_record(iv.bank, iv.answers, iv.assessment, lang=iv.lang))
            write_atomic(path, text.encode("utf-8"))
        except BadInput as error:
            self.query_one("#problem", Static).update(escape("; ".join(error.lines(iv.lang))))
            return
        self.dismiss(path)


class ListEditScreen(QuestionDialog):
    """A list answer (the products): remove an item, or add one in the chat; answers "changed", "add" or None."""

    def compose(self) -> ComposeResult:
        lang = self.interview.lang
        question = self.interview.bank.question(self.qid)
        with Vertical(classes="dialog edit"):
            yield Static(t("edit_title", lang), classes="dialog-title")
            yield Static(escape(question.text(lang)), id="question")
            yield OptionList(*self._options(), id="items")
            yield Static(id="problem")
            with Horizontal(classes="buttons"):
                yield Button(t("remove_item", lang), id="remove", variant="error")
                yield Button(t("add_item", lang), id="add", variant="primary")
                yield Button(t("cancel", lang), id="cancel")

    def _items(self) -> list[dict]:
        items = self.interview.answers.get(self.qid)
        return items if isinstance(items, list) else []

    def _options(self) -> list[Option]:
        lang = self.interview.lang
        question = self.interview.bank.question(self.qid)
        options = []
        for n, item in enumerate(self._items(), start=1):
            parts = [
                describe_value(sub, item[sub.id], lang)
                for sub in question.fields
                if sub.id in item and sub.kind != "records"
            ][:3]
            options.append(Option(escape(f"{n}. " + " · ".join(parts)), id=str(n - 1)))
        return options

    @on(Button.Pressed, "#remove")
    def _remove(self) -> None:
        listing = self.query_one("#items", OptionList)
        if listing.highlighted is None:
            self.query_one("#problem", Static).update(t("no_item", self.interview.lang))
            return
        items = [item for n, item in enumerate(self._items()) if n != listing.highlighted]
        try:
            if items:
                self.interview.answer(items, qid=self.qid)
            else:
                self.interview.forget(self.qid)
        except BadInput as error:
            self.app.notify("; ".join(error.lines(self.interview.lang)), severity="error")
        self.dismiss("changed")

    @on(Button.Pressed, "#add")
    def _add(self) -> None:
        self.interview.revisit(self.qid)
        self.dismiss("add")
