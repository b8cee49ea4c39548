"""The chat screen: a transcript of questions and answers, the engine's current view with its input, and the findings.

It holds no dialog decision. It renders the `View` the last act returned and
turns what the filer does (a widget's message, a key) into one act of the
engine: answer, not sure, keep, skip (F3), back (F2), change an open question,
answer the open questions. Whatever the engine refuses comes back as
`View.problem` and is shown beside the question.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field, replace
from typing import Any, Callable

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option

from assistant.dialog.interview import Ask, Interview, View, describe_value
from assistant.dialog.session import Session
from assistant.law.questions import NOT_SURE, Field
from assistant.shells.tui.screens.base import say
from assistant.shells.tui.text import relabel_bindings, t
from assistant.shells.tui.widgets.answer import (
    AnswerInput,
    AnswerSubmitted,
    DraftChanged,
    KeepChosen,
    NotSureChosen,
    input_for,
    keep_typed,
)
from assistant.shells.tui.widgets.findings import FindingsPanel
from assistant.shells.tui.widgets.footer import KeysFooter

@dataclass(frozen=True)
class Turn:
    """One line of the transcript, kept as fields and values so it re-renders in either language.

    A note holds its text by language (`texts`) or names a TEXT key (`note`);
    a note said by the engine keeps the language it was said in.
    """

    kind: str
    """"question", "answer" or "note"."""
    qid: str = ""
    field: Field | None = None
    """What was asked: the question itself, or a field of a list item."""
    in_list: bool = False
    """A field of a list item: shown after the list's question."""
    where: tuple[str, ...] = ()
    """Inside a list: the item (and inner list) in words, in `where_lang`."""
    where_lang: str = ""
    value: Any = None
    note: str = ""
    texts: dict[str, str] = dataclass_field(default_factory=dict)


class ChatScreen(Screen):
    """One interview as a conversation: the engine decides, this screen shows its views and passes the filer's acts."""

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
        self.view: View = session.interview.view()
        """The view on screen: what the last act returned."""
        self._built: tuple | None = None
        """What the answer input (or the end panel) on screen was built for; rebuilt only when this changes."""
        self._input_key: str | None = None
        """The prompt key the answer input on screen was built for: its draft is kept under it."""
        self._stopped_at: str | None = None
        """Where the filer stopped (a prompt key): the welcome back says it, in either language, while the engine is there."""
        self._ready = False
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
                    yield Static(id="notice")
                    yield Static(id="question")
                    yield Static(id="current")
                    yield Static(id="why", classes="hidden")
                    yield Vertical(id="answer-box")
                    yield Static(id="problem")
            yield FindingsPanel(self.interview, id="findings")
        yield KeysFooter()

    async def on_mount(self) -> None:
        iv, lang = self.interview, self.lang
        self.title = "filing-assistant"
        self.sub_title = self.session.name
        if self.session.resumed:
            counted = iv.counted()
            for qid in iv.history:
                if qid in counted:
                    question = iv.bank.question(qid)
                    self.turns += [Turn("question", qid, question), Turn("answer", qid, question, value=counted[qid])]
            self.turns.append(Turn("note", note="welcome_back", texts={lang: self._welcome_back(lang)}))
            unreadable = iv.unreadable_notice()
            if unreadable:
                self.turns.append(Turn("note", note="unreadable", texts={lang: unreadable}))
        else:
            self.turns.append(Turn("note", note="welcome_new"))
        self._stopped_at = _key(iv.view())
        self.view = iv.new_sitting()
        self.query_one("#transcript").anchor()
        await self.relabel()
        self._ready = True

    def _welcome_back(self, lang: str) -> str:
        iv = self.interview
        where = iv.where_words() if iv.history or iv.passed else t("nothing_yet", lang)
        return t("welcome_back", lang, name=repr(self.session.name), progress=iv.view().progress, where=where)

    # --- Rendering ------------------------------------------------------------------

    async def relabel(self) -> None:
        """Render everything in the interview's language (after a switch, the whole transcript again)."""
        lang = self.lang
        relabel_bindings(self, lang)
        if _key(self.interview.view()) == self._stopped_at:
            # While the engine is still where the filer stopped, the welcome back can say it in the new language.
            for turn in self.turns:
                if turn.note == "welcome_back" and lang not in turn.texts:
                    turn.texts[lang] = self._welcome_back(lang)
                elif turn.note == "unreadable" and lang not in turn.texts:
                    turn.texts[lang] = self.interview.unreadable_notice() or ""
        transcript = self.query_one("#transcript", VerticalScroll)
        await transcript.remove_children()
        await transcript.mount_all([self._turn_widget(turn) for turn in self.turns])
        view = self.interview.view() if self._ready else self.view
        await self.show(replace(view, problem=None, refused=False))

    def _turn_widget(self, turn: Turn) -> Static:
        lang, bank = self.lang, self.interview.bank
        if turn.kind == "note":
            if turn.texts:
                text = turn.texts.get(lang) or next(iter(turn.texts.values()))
            else:
                text = t(turn.note, lang, name=self.session.name)
            return Static(escape(text), classes="turn note")
        field = turn.field or bank.question(turn.qid)
        if turn.kind == "question":
            text = field.text(lang)
            if turn.in_list:
                # The list by its section's short title; the item in words where they were said in this language.
                head = bank.section(bank.question(turn.qid).section).title(lang)
                if turn.where and turn.where_lang == lang:
                    head += " · " + " / ".join(turn.where)
                text = f"{head} — {text}"
            return Static(escape(text), classes="turn question-turn")
        return Static(escape(_answer_words(field, turn.value, lang)), classes="turn answer-turn")

    def _add(self, *turns: Turn) -> None:
        self.turns += turns
        self.query_one("#transcript", VerticalScroll).mount_all([self._turn_widget(turn) for turn in turns])

    async def show(self, view: View, acted: bool = False) -> None:
        """Render `view`: the question and its input, or the end; the outcome of the act; the findings."""
        # One repaint for the whole change, not one per widget touched.
        with self.app.batch_update():
            await self._show(view, acted)

    async def _show(self, view: View, acted: bool) -> None:
        self.view = view
        lang = view.lang
        self._say("#problem", view.problem)
        saved = self.query_one("#saved", Static)
        if view.save_problem:
            saved.update(escape(t("not_saved", lang, reason=view.save_problem)))
        elif acted and not view.refused:
            saved.update(t("saved", lang))
        saved.set_class(bool(view.save_problem), "failed")
        self._say("#notice", "\n".join(n for n in (view.notice, view.progress_note) if n))
        if view.refused:
            return  # the input keeps what was typed, to be put right
        ask = view.ask
        where = f"{ask.section} · {view.progress}" if ask else view.progress
        self.query_one("#where", Static).update(escape(where))
        why = self.query_one("#why", Static)
        why.add_class("hidden")
        why.update(escape(ask.help) if ask else "")
        built = (
            view.state,
            lang,
            ask.key if ask else None,
            repr(ask.current) if ask else tuple(o.id for o in view.open),
        )
        if built != self._built:
            self._built = built
            if ask is None:
                await self._show_end(view)
            else:
                await self._show_ask(view, ask)
        self.query_one(FindingsPanel).show(view)
        self.refresh_bindings()

    async def _show_ask(self, view: View, ask: Ask) -> None:
        lang = view.lang
        text = escape(ask.text)
        if ask.list_title:
            head = " — ".join([ask.list_title, *([" / ".join(ask.where)] if ask.where else [])])
            text = f"[dim]{escape(head)}[/]\n{text}"
        self.query_one("#question", Static).update(text)
        current = None
        if view.state == "changing" and ask.current_words is not None:
            current = t("current", lang, value=ask.current_words)
        self._say("#current", current)
        box = self.query_one("#answer-box", Vertical)
        await box.remove_children()
        widget = input_for(ask, lang, can_keep=view.state == "changing")
        self._input_key = ask.key
        await box.mount(widget)
        self.call_after_refresh(widget.focus_first)

    async def _show_end(self, view: View) -> None:
        lang = view.lang
        self._input_key = None
        question = t("finished_open", lang, n=len(view.open)) if view.open else t("all_done", lang)
        self.query_one("#question", Static).update(escape(question))
        self._say("#current", None)
        box = self.query_one("#answer-box", Vertical)
        await box.remove_children()
        buttons = [
            Button(t("summary_title", lang), id="to-summary", variant="default" if view.open else "primary"),
            Button(t("review_title", lang), id="to-review"),
        ]
        if view.open:
            listing = OptionList(
                *[Option(f"{escape(o.text)}  [dim]({escape(o.why)})[/]", id=o.id) for o in view.open],
                id="open-list",
            )
            await box.mount(listing, Horizontal(Button(t("answer_open", lang), id="answer-open", variant="primary"), *buttons, classes="buttons"))
            self.call_after_refresh(self.query_one("#answer-open", Button).focus)
        else:
            await box.mount(Horizontal(*buttons, classes="buttons"))
            self.call_after_refresh(self.query_one("#to-summary", Button).focus)

    def _say(self, selector: str, text: str | None) -> None:
        say(self.query_one(selector, Static), text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # At the end there is no question to skip or explain; the keys are not offered there.
        if action in ("skip", "why"):
            return self.view.ask is not None
        return True

    # --- Acts ----------------------------------------------------------------------

    async def act(self, do: Callable[..., View], *args: Any) -> View:
        """One act of the filer: keep what is typed, pass the act to the engine, render what comes back."""
        self.flush_draft()
        view = do(*args)
        await self.show(view, acted=True)
        return view

    def _stale(self, prompt: str | None) -> bool:
        """A message from an input built for another prompt (typed ahead as it was replaced): not an act on this one."""
        return prompt is not None and prompt != self._input_key

    @on(AnswerSubmitted)
    async def _answered(self, event: AnswerSubmitted) -> None:
        event.stop()
        before = self.view
        if before.ask is None or self._stale(event.prompt):
            return
        iv = self.interview
        if event.line is not None:
            view = await self.act(iv.answer_line, event.line)
        else:
            view = await self.act(iv.answer, event.value)
        if not view.refused and before.state != "another_item":
            ask = before.ask
            if ask.list_title:
                value = event.value if event.line is None else event.line.strip()
            else:
                value = iv.answers.get(ask.question_id)
            self._log(before, value)

    @on(NotSureChosen)
    async def _not_sure(self, event: NotSureChosen) -> None:
        event.stop()
        if self._stale(event.prompt):
            return
        before = self.view
        view = await self.act(self.interview.not_sure)
        if not view.refused:
            self._log(before, NOT_SURE)

    @on(KeepChosen)
    async def _keep(self, event: KeepChosen) -> None:
        event.stop()
        if not self._stale(event.prompt):
            await self.act(self.interview.keep)

    def _log(self, asked: View, value: Any) -> None:
        ask = asked.ask
        assert ask is not None
        self._add(
            Turn("question", ask.question_id, ask.field, bool(ask.list_title), ask.where, asked.lang),
            Turn("answer", ask.question_id, ask.field, bool(ask.list_title), value=value),
        )

    async def action_skip(self) -> None:
        await self.act(self.interview.skip)

    async def action_back(self) -> None:
        await self.act(self.interview.back)

    @on(OptionList.OptionSelected, "#open-list")
    async def _open_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.act(self.interview.change, str(event.option.id))

    @on(Button.Pressed, "#answer-open")
    async def _answer_open(self) -> None:
        await self.act(self.interview.ask_open)

    def action_why(self) -> None:
        self.query_one("#why", Static).toggle_class("hidden")

    # --- Drafts ----------------------------------------------------------------------

    @on(DraftChanged)
    def _draft_changed(self, event: DraftChanged) -> None:
        event.stop()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(self.DRAFT_DELAY, self.flush_draft)

    def flush_draft(self) -> None:
        """Keep the text typed at the prompt on screen as its draft (before every act, on leaving, on a signal)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        # Once the app has let the interview go (home, quit), its file is no longer ours to write.
        if self._input_key is not None and self.app.session is self.session:
            keep_typed(self.interview, self.query(AnswerInput), self._input_key)

    # --- Other screens -----------------------------------------------------------------

    def on_screen_suspend(self) -> None:
        self.flush_draft()

    async def on_screen_resume(self) -> None:
        # Back from the review, the summary or a dialog: show where the engine is now (an act there may have moved it).
        if self._ready:
            await self.show(replace(self.interview.view(), problem=None, refused=False))

    @on(Button.Pressed, "#to-review")
    def action_review(self) -> None:
        from assistant.shells.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.session))

    @on(Button.Pressed, "#to-summary")
    def action_summary(self) -> None:
        from assistant.shells.tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.session))

    def action_home(self) -> None:
        self.app.action_home()


def _key(view: View) -> str | None:
    return view.ask.key if view.ask else None


def _answer_words(field: Field, value: Any, lang: str) -> str:
    """An answer in the transcript; a list names its items."""
    words = describe_value(field, value, lang)
    if field.kind == "records" and isinstance(value, list) and field.fields:
        first = field.fields[0]
        names = [describe_value(first, item[first.id], lang) for item in value if isinstance(item, dict) and first.id in item]
        if names:
            words += ("：" if lang == "zh" else ": ") + ("、" if lang == "zh" else ", ").join(names)
    return words
