"""The chat screen: a transcript of questions and answers, the current question with its input, and the findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from assistant.errors import BadInput
from assistant.dialog.interview import Interview, Prompt, describe_value
from assistant.law.questions import UNSURE, AnswerProblem, Field
from assistant.saved.store import Session
from assistant.shells.tui.widgets.footer import KeysFooter
from assistant.shells.tui.text import relabel_bindings, t
from assistant.shells.tui.widgets.answer import AnswerSubmitted, DraftChanged, Refused, answer_input
from assistant.shells.tui.widgets.findings import FindingsPanel


@dataclass(frozen=True)
class Turn:
    """One line of the transcript, kept as ids so it re-renders in either language."""

    kind: str
    """"question" and "answer" (of `qid`, or of a field of a list item), or "note" (a TEXT key)."""
    qid: str = ""
    field_path: tuple[str, ...] = ()
    value: Any = None
    note: str = ""
    values: tuple[tuple[str, Any], ...] = ()


class ChatScreen(Screen):
    """One interview as a conversation. The engine decides everything; this screen shows and forwards."""

    BINDINGS = [
        Binding("f1", "why", "Why?"),
        Binding("question_mark", "why", "Why?", show=False),
        Binding("f2", "back", "Back"),
        Binding("f3", "skip", "Skip"),
        Binding("f5", "review", "Review"),
        Binding("f6", "summary", "Summary"),
        Binding("escape", "home", "Home"),
    ]

    DRAFT_DELAY = 1.0
    """Seconds of quiet typing before a draft is saved: often enough to lose little, rarely enough to cost nothing."""

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.turns: list[Turn] = []
        self._draft: tuple[str, str] | None = None
        self._draft_timer = None

    @property
    def interview(self) -> Interview:
        return self.session.interview

    @property
    def lang(self) -> str:
        return self.interview.lang

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="chat"):
                yield VerticalScroll(id="transcript")
                with Vertical(id="ask"):
                    with Horizontal(id="ask-head"):
                        yield Static(id="where")
                        yield Static(id="saved")
                    yield Static(id="question")
                    yield Static(id="why", classes="hidden")
                    yield Vertical(id="answer-box")
                    yield Static(id="problem")
            yield FindingsPanel(self.interview, id="findings")
        yield KeysFooter()

    async def on_mount(self) -> None:
        iv = self.interview
        self.title = "filing-assistant"
        self.sub_title = self.session.name
        if self.session.resumed:
            for qid in iv.history:
                if qid in iv.counted():
                    self.turns += [Turn("question", qid), Turn("answer", qid, value=iv.answers[qid])]
            where = iv.stopped_at(self.lang) or t("nothing_yet", self.lang)
            self.turns.append(Turn("note", note="welcome_back", values=(("progress", iv.progress), ("last", where))))
            iv.resume()
        else:
            self.turns.append(Turn("note", note="welcome_new"))
        self.query_one("#transcript").anchor()
        await self.relabel()

    # --- Rendering ------------------------------------------------------------------

    async def relabel(self) -> None:
        """Render everything in the interview's language (after a switch, the whole transcript again)."""
        relabel_bindings(self, self.lang)
        transcript = self.query_one("#transcript", VerticalScroll)
        await transcript.remove_children()
        await transcript.mount_all([self._turn_widget(turn) for turn in self.turns])
        await self.ask()

    def _turn_widget(self, turn: Turn) -> Static:
        lang, bank = self.lang, self.interview.bank
        if turn.kind == "note":
            text = t(turn.note, lang, name=self.session.name, **dict(turn.values))
            return Static(escape(text), classes="turn note")
        question = bank.question(turn.qid)
        field: Field = question
        for step in turn.field_path:
            field = field.field(step) or field
        if turn.kind == "question":
            text = field.text(lang)
            if turn.field_path:
                text = f"{question.text(lang)} — {text}"
            return Static(escape(text), classes="turn question-turn")
        return Static(escape(describe_value(field, turn.value, lang)), classes="turn answer-turn")

    def _add(self, *turns: Turn) -> None:
        self.turns += turns
        self.query_one("#transcript", VerticalScroll).mount_all([self._turn_widget(turn) for turn in turns])

    async def ask(self) -> None:
        """Show the current question and the input that fits it, or the end of the interview."""
        # One repaint for the whole change, not one per widget touched.
        with self.app.batch_update():
            await self._ask()

    async def _ask(self) -> None:
        iv, lang = self.interview, self.lang
        self.query_one("#problem", Static).update("")
        why = self.query_one("#why", Static)
        why.add_class("hidden")
        box = self.query_one("#answer-box", Vertical)
        await box.remove_children()
        prompt = iv.prompt
        where = self.query_one("#where", Static)
        question = self.query_one("#question", Static)
        if prompt is None:
            a = iv.assessment
            left = t("left", lang, n=len(a.todo)) if a.todo else t("all_done", lang)
            where.update(f"{a.progress}%")
            question.update(escape(t("finished", lang, left=left)))
            await box.mount(
                Horizontal(
                    Button(t("summary_title", lang), id="to-summary", variant="primary"),
                    Button(t("review_title", lang), id="to-review"),
                    classes="buttons",
                )
            )
        else:
            section = iv.bank.section(prompt.question.section).title(lang)
            where.update(escape(f"{section} · {iv.progress}%"))
            text = prompt.field.text(lang)
            if prompt.in_record:
                steps = " / ".join(prompt.where_words(lang))
                text = f"[dim]{escape(prompt.question.text(lang))} — {escape(steps)}[/]\n{escape(text)}"
            else:
                text = escape(text)
            question.update(text)
            why.update(escape(prompt.field.help(lang)))
            current = None if prompt.in_record else iv.answers.get(prompt.question.id, iv.drafts.get(prompt.question.id))
            allow_unsure = not prompt.in_record and prompt.question.unsure
            widget = answer_input(prompt.field, lang, current, allow_unsure)
            await box.mount(widget)
            self.call_after_refresh(widget.focus_first)
        self.query_one(FindingsPanel).refresh_findings()

    # --- What the user does ----------------------------------------------------------

    @on(AnswerSubmitted)
    async def _answered(self, event: AnswerSubmitted) -> None:
        event.stop()
        iv = self.interview
        prompt = iv.prompt
        if prompt is None:
            return
        self._draft = None  # the answer itself is saved now
        shown = event.value if event.line is None else event.line.strip()
        try:
            if event.value == UNSURE and event.line is None:
                iv.unsure()
            elif event.line is not None:
                iv.answer_line(event.line)
            else:
                iv.answer(event.value)
        except AnswerProblem as problem:
            self._problem(problem.text(self.lang))
            return
        except BadInput as error:
            # The answer is kept in memory; the file on disk still holds everything before it.
            self._saved(False, "; ".join(error.lines(self.lang)))
            self._log(prompt, shown)
            await self.ask()
            return
        self._saved(True)
        self._log(prompt, shown)
        await self.ask()

    def _log(self, prompt: Prompt, shown: Any) -> None:
        path = tuple(p for p in prompt.where if not p.startswith("item ")) if prompt.in_record else ()
        if prompt.in_record and prompt.field.id == "another":
            return
        if not prompt.in_record:
            shown = self.interview.answers.get(prompt.question.id, shown)
        self._add(Turn("question", prompt.question.id, path), Turn("answer", prompt.question.id, path, shown))

    @on(DraftChanged)
    def _draft_changed(self, event: DraftChanged) -> None:
        event.stop()
        prompt = self.interview.prompt
        if prompt is None or prompt.in_record:
            return
        given = self.interview.answers.get(prompt.question.id)
        text = "" if given is not None and event.text == str(given) else event.text
        self._draft = (prompt.question.id, text)
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(self.DRAFT_DELAY, self.flush_draft)

    def flush_draft(self) -> None:
        """Save the text typed at the current question, if it changed (also on leaving and quitting)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self._draft is None:
            return
        qid, text = self._draft
        self._draft = None
        try:
            self.interview.keep_draft(qid, text)
        except BadInput as error:
            self._saved(False, "; ".join(error.lines(self.lang)))

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        event.stop()
        self._problem(event.reason)

    def _problem(self, text: str) -> None:
        self.query_one("#problem", Static).update(escape(text))

    def _saved(self, ok: bool, reason: str = "") -> None:
        indicator = self.query_one("#saved", Static)
        indicator.update(escape(t("saved", self.lang) if ok else t("not_saved", self.lang, reason=reason)))
        indicator.set_class(not ok, "failed")

    def action_why(self) -> None:
        self.query_one("#why", Static).toggle_class("hidden")

    async def action_back(self) -> None:
        if not self.interview.back():
            self._problem(t("no_back", self.lang))
            return
        await self.ask()

    async def action_skip(self) -> None:
        if self.interview.prompt is None:
            return
        try:
            self.interview.skip()
        except BadInput as error:
            self._saved(False, "; ".join(error.lines(self.lang)))
        self._add(Turn("note", note="skipped"))
        await self.ask()

    @on(Button.Pressed, "#to-review")
    def action_review(self) -> None:
        from assistant.shells.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.session), lambda _: self.call_later(self.ask))

    @on(Button.Pressed, "#to-summary")
    def action_summary(self) -> None:
        from assistant.shells.tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.session))

    def action_home(self) -> None:
        self.app.action_home()
