"""The chat screen: a transcript of questions and answers, the engine's current view with its input, and the findings.

It holds no dialog decision. It renders the `View` the last act returned and
turns what the filer does (a widget's message, a key) into one act of the
engine: answer, not sure, keep, skip (F3), back (F2), change an open question,
answer the open questions. Whatever the engine refuses comes back as
`View.problem` and is shown beside the question.

One act at a time, on the question on screen: an act is taken only while the
screen is *live* (the question it answers is drawn and nothing is being done);
from the act until the next question is drawn, every key and click is
ignored. Acts run one after the other in this screen's message queue, never
beside each other (see widgets/answer.py for keys that arrive together).
"""

from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field, replace
from typing import Any, Callable

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option

from assistant.dialog.interview import Ask, Interview, View, describe_value
from assistant.dialog.session import Session
from assistant.law.questions import NOT_SURE, Field
from assistant.shells.tui.messages import ChatLive, GoHome
from assistant.shells.tui.screens.base import put, say, seen
from assistant.shells.tui.text import colon, joined, t
from assistant.shells.tui.widgets.answer import (
    AnswerInput,
    AnswerSubmitted,
    ChoiceList,
    DraftChanged,
    KeepChosen,
    NotSureChosen,
    input_class,
    input_for,
    keep_typed,
)
from assistant.shells.tui.widgets.findings import FindingsPanel
from assistant.shells.tui.widgets.lines import Lines
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


LIVE_TURNS = 8
"""The latest turns of the transcript are shown one widget each, as bubbles..."""
FOLD = 16
"""...and earlier ones, FOLD at a time, as one widget of plain lines each (`ChatScreen._earlier`)."""


class Act(Message):
    """An act asked for by a key or a button of the screen, by the name of the engine's method; run in turn."""

    def __init__(self, name: str, *args: Any, prompt: str | None = None):
        super().__init__()
        self.name = name
        self.args = args
        self.prompt = prompt
        """The prompt on screen when it was asked for: an act meant for another prompt is not run."""


class ChatScreen(Screen):
    """One interview as a conversation: the engine decides, this screen shows its views and passes the filer's acts."""

    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "why", "Why?", show=False),
        Binding("f2", "back", "Back"),
        Binding("f3", "skip", "Skip"),
        Binding("f5", "review", "Review"),
        Binding("f6", "summary", "Summary"),
        Binding("f9", "findings", "Findings"),
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
        self._input: AnswerInput | None = None
        self._input_key: str | None = None
        """The prompt key the answer input on screen was built for: its draft is kept under it."""
        self._stopped_at: str | None = None
        """Where the filer stopped (a prompt key): the welcome back says it, in either language, while the engine is there."""
        self._ready = False
        self._live = False
        self._been_live = False
        """Acts are taken: the question on screen is drawn and no act is being done."""
        self._folded = 0
        """How many of the first turns are folded into widgets of plain lines (a multiple of FOLD)."""
        self._saved: str | None = None
        """How the last act was kept: "saved", "failed", or None before the first act."""
        self._draft_timer = None

    @property
    def interview(self) -> Interview:
        return self.session.interview

    @property
    def lang(self) -> str:
        return self.interview.lang

    @property
    def accepting(self) -> bool:
        """An act asked for now is taken: the screen is live and its input has not given an answer already."""
        return self._live and (self._input is None or self._input.live)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="chat"):
                yield VerticalScroll(id="transcript")
                with VerticalScroll(id="ask"):
                    with Horizontal(id="ask-head"):
                        yield Static(id="where")
                        yield Static(id="saved")
                    yield Static(id="save-problem")
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
        self.watch(self.app, "lang", self._lang_changed, init=False)
        await self._render_all()
        self._ready = True

    def _welcome_back(self, lang: str) -> str:
        iv = self.interview
        where = iv.where_words() if iv.history or iv.passed else t("nothing_yet", lang)
        return t("welcome_back", lang, name=repr(self.session.name), progress=iv.view().progress, where=where)

    # --- Rendering ------------------------------------------------------------------

    async def _lang_changed(self, lang: str) -> None:
        """The app's language changed (the app has told the engine): everything again in it, what is typed kept."""
        if self.interview.lang != lang:
            return  # the app switches the engine first; another interview's screen on its way out
        if not seen(self):
            self.lang_stale = True  # drawn again in it when shown again (on_screen_resume), not for no one to see
            return
        self._stop()
        self.flush_draft()  # the input is filled again in the other language, from the draft
        self._built = None
        await self._render_all()

    async def _render_all(self) -> None:
        """Render everything in the interview's language (after a switch, the whole transcript again)."""
        lang = self.lang
        if _key(self.interview.view()) == self._stopped_at:
            # While the engine is still where the filer stopped, the welcome back can say it in the new language.
            for turn in self.turns:
                if turn.note == "welcome_back" and lang not in turn.texts:
                    turn.texts[lang] = self._welcome_back(lang)
                elif turn.note == "unreadable" and lang not in turn.texts:
                    turn.texts[lang] = self.interview.unreadable_notice() or ""
        transcript = self.query_one("#transcript", VerticalScroll)
        with self.app.batch_update():
            await transcript.remove_children()
            await transcript.mount_all(self._transcript_widgets())
            view = self.interview.view() if self._ready else self.view
            await self._show(replace(view, problem=None, refused=False), acted=False)
        self.call_after_refresh(self._go_live)
        self._remember_first_screen()

    def _remember_first_screen(self) -> None:
        """On the first question of a new interview, with nothing answered, typed or said beside it: keep what is
        drawn for the next new interview to show at once (opening.py)."""
        from assistant.shells.tui import opening

        iv, view = self.interview, self.view
        ask = view.ask
        if self.session.resumed or iv.history or iv.passed or ask is None or ask.current is not None:
            return
        if len(self.turns) != 1 or view.problem or view.notice or view.save_problem or ask.key in iv.drafts:
            return
        box = self._input
        hint = box.query(".hint") if box is not None else []
        options = box.query(ChoiceList) if box is not None else []
        drawn = opening.Cover(
            welcome=escape(self._turn_text(self.turns[0])),
            where=self.query_one("#where", Static)._said,  # type: ignore[attr-defined]
            question=self.query_one("#question", Static)._said,  # type: ignore[attr-defined]
            hint=str(hint.first().content) if hint else "",
            options=tuple(str(o.prompt) for o in options.first().options) if options else (),
        )
        opening.remember(self.lang, self.session.name, drawn)

    def _turn_text(self, turn: Turn) -> str:
        """A turn in words, in the interview's language."""
        lang, bank = self.lang, self.interview.bank
        if turn.kind == "note":
            if turn.texts:
                return turn.texts.get(lang) or next(iter(turn.texts.values()))
            return t(turn.note, lang, name=self.session.name)
        field = turn.field or bank.question(turn.qid)
        if turn.kind == "answer":
            return answer_words(field, turn.value, lang)
        text = field.text(lang)
        if turn.in_list:
            # The list by its section's short title; the item in words where they were said in this language.
            head = bank.section(bank.question(turn.qid).section).title(lang)
            if turn.where and turn.where_lang == lang:
                head += " · " + " / ".join(turn.where)
            text = f"{head} — {text}"
        return text

    def _turn_widget(self, turn: Turn) -> Static:
        classes = {"note": "turn note", "question": "turn question-turn", "answer": "turn answer-turn"}[turn.kind]
        return Static(Lines(Content(self._turn_text(turn))), classes=classes)

    def _earlier(self, turns: list[Turn]) -> Static:
        """Earlier turns as one widget of plain lines: the question after a bar, the answer under it, in bold."""
        parts: list = []
        for turn in turns:
            text = self._turn_text(turn)
            if turn.kind == "note":
                parts += [(text, "italic $text-muted"), "\n\n"]
            elif turn.kind == "question":
                parts += [("▎ ", "$accent"), text, "\n"]
            else:
                parts += [("  → ", "$accent"), (text, "bold"), "\n\n"]
        return Static(Lines(Content.assemble(*parts[:-1])), classes="earlier")

    def _transcript_widgets(self) -> list[Static]:
        folded = self.turns[: self._folded]
        chunks = [self._earlier(folded[n : n + FOLD]) for n in range(0, len(folded), FOLD)]
        return chunks + [self._turn_widget(turn) for turn in self.turns[self._folded :]]

    async def _add(self, *turns: Turn) -> None:
        self.turns += turns
        transcript = self.query_one("#transcript", VerticalScroll)
        await transcript.mount_all([self._turn_widget(turn) for turn in turns])
        if len(self.turns) - self._folded >= LIVE_TURNS + FOLD:
            # The oldest turns shown one widget each are folded into one: the transcript stays as cheap to lay out
            # at the 70th answer as at the first.
            oldest = list(transcript.query(".turn"))[:FOLD]
            await transcript.mount(self._earlier(self.turns[self._folded : self._folded + FOLD]), before=oldest[0])
            await transcript.remove_children(oldest)
            self._folded += FOLD

    async def show(self, view: View, acted: bool = False) -> None:
        """Render `view`: the question and its input, or the end; the outcome of the act; the findings. Then go live."""
        # One repaint for the whole change, not one per widget touched.
        with self.app.batch_update():
            await self._show(view, acted)
        self.call_after_refresh(self._go_live)

    async def _show(self, view: View, acted: bool) -> None:
        self.view = view
        lang = view.lang
        self._say("#problem", view.problem)
        if acted and not view.refused:
            self._saved = "failed" if view.save_problem else "saved"
        elif view.save_problem:
            self._saved = "failed"
        saved = self.query_one("#saved", Static)
        put(saved, t({"saved": "saved", "failed": "not_saved_short"}[self._saved], lang) if self._saved else "")
        saved.set_class(self._saved == "failed", "failed")
        self._say("#save-problem", t("not_saved", lang, reason=view.save_problem) if view.save_problem else None)
        self._say("#notice", "\n".join(n for n in (view.notice, view.progress_note) if n))
        if view.refused:
            return  # the input keeps what was typed, to be put right
        ask = view.ask
        where = f"{ask.section} · {view.progress}" if ask else view.progress
        put(self.query_one("#where", Static), escape(where))
        why = self.query_one("#why", Static)
        why.add_class("hidden")
        put(why, escape(ask.help) if ask else "")
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
        # The findings, in the same repaint, where they are in sight; else once they come into sight.
        self._findings_due = True
        self._update_findings()
        self._focus_input()
        self.refresh_bindings()

    async def _show_ask(self, view: View, ask: Ask) -> None:
        lang = view.lang
        text = escape(ask.text)
        if ask.list_title:
            head = " — ".join([ask.list_title, *([" / ".join(ask.where)] if ask.where else [])])
            text = f"[dim]{escape(head)}[/]\n{text}"
        put(self.query_one("#question", Static), text)
        # Asked again (back, a change, back inside a list): the answer it has, as the engine words it.
        self._say("#current", t("current", lang, value=ask.current_words) if ask.current_words is not None else None)
        can_keep = view.state == "changing"
        # One input of each kind is kept in the box, the others hidden, and filled again for the next question of
        # its kind: building an input is most of the cost of drawing a question.
        box = self.query_one("#answer-box", Vertical)
        kind = input_class(ask.field)
        widget = next((w for w in box.children if type(w) is kind), None)
        if self.focused is not None and box in self.focused.ancestors and not (widget and widget in self.focused.ancestors):
            # Nothing keeps focus in a part of the box being hidden: Textual would hand it to a widget of its choosing.
            self.set_focus(None)
        for other in box.children:
            other.display = other is widget
        if widget is None:
            widget = input_for(ask, lang, can_keep, id=f"answer-{kind.__name__.lower()}")
            await box.mount(widget)
        else:
            input_for(ask, lang, can_keep, widget)
        self._input, self._input_key = widget, ask.key

    async def _replace_input(self, *widgets) -> None:
        box = self.query_one("#answer-box", Vertical)
        if self.focused is not None and box in self.focused.ancestors:
            # Nothing in the box keeps focus as it is replaced: Textual would hand it to a widget of its own choosing.
            self.set_focus(None)
        await box.remove_children()
        await box.mount_all(widgets)

    async def _show_end(self, view: View) -> None:
        lang = view.lang
        self._input, self._input_key = None, None
        question = t("finished_open", lang, n=len(view.open)) if view.open else t("all_done", lang)
        put(self.query_one("#question", Static), escape(question))
        self._say("#current", None)
        buttons = [
            Button(t("summary_title", lang), id="to-summary", variant="default" if view.open else "primary"),
            Button(t("review_title", lang), id="to-review"),
        ]
        if view.open:
            listing = OptionList(
                *[Option(f"{escape(o.text)}  [dim]({escape(o.why)})[/]", id=o.id) for o in view.open],
                id="open-list",
            )
            await self._replace_input(
                listing, Horizontal(Button(t("answer_open", lang), id="answer-open", variant="primary"), *buttons, classes="buttons")
            )
        else:
            await self._replace_input(Horizontal(*buttons, classes="buttons"))

    def _focus_input(self) -> None:
        """Focus where the filer types or chooses (done in the same repaint as the question; keys wait for `_go_live`)."""
        if self.app.screen is not self or self.has_class("-findings-only"):
            return  # under a dialog or another screen; or the findings fill the screen and the input is out of sight
        widget = self._input
        if widget is not None and widget.is_attached:
            widget.focus_first()
        elif widget is None:
            for button in self.query("#answer-open, #to-summary"):
                button.focus()
                break

    _findings_due = False
    """The findings panel has not shown the engine's latest view yet."""

    def narrow(self) -> bool:
        """Whether the app's width breakpoint is the narrow one, as Textual sets it on the screen (worked out from
        the width: the class is not set yet while the screen first mounts)."""
        width = self.app.size.width
        return [name for least, name in self.app.HORIZONTAL_BREAKPOINTS if width >= least][-1] == "-narrow"

    def findings_seen(self) -> bool:
        """Whether the findings panel is in sight: beside the chat on a wide screen unless F9 folded it away; on a
        narrow one, only where F9 put it in the chat's place."""
        if self.narrow():
            return self.has_class("-findings-only")
        return not self.has_class("-findings-hidden")

    def _update_findings(self) -> None:
        """Show the latest view's findings where the panel is in sight; else when it comes into sight (F9, a wider
        screen): the assessment is worked out only to be seen."""
        if self._findings_due and self.is_attached and self.findings_seen():
            self._findings_due = False
            self.query_one(FindingsPanel).show(self.view)

    def on_resize(self) -> None:
        self.call_after_refresh(self._update_findings)  # the breakpoint classes are set by then

    def _go_live(self) -> None:
        """The question on screen is drawn: take the filer's next act."""
        if not self.is_attached or self.app.screen is not self:
            self._live = self.is_attached  # under a dialog or another screen: live again once back
            return
        self._live = True
        if self._input is not None and self._input.is_attached:
            self._input.live = True
        if self.focused is None:
            self._focus_input()
        if not self._been_live:
            self._been_live = True
            self.post_message(ChatLive())

    def _stop(self) -> None:
        """An act starts: nothing more is taken until its outcome is drawn (`_go_live`)."""
        self._live = False
        if self._input is not None:
            self._input.live = False

    def _say(self, selector: str, text: str | None) -> None:
        say(self.query_one(selector, Static), text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # At the end there is no question to skip or explain; the keys are not offered there.
        if action in ("skip", "why"):
            return self.view.ask is not None
        return True

    # --- Acts ----------------------------------------------------------------------

    def request(self, name: str, *args: Any) -> None:
        """An act asked for by a key or button of this screen: run in turn, if the screen takes acts now."""
        if not self.accepting:
            return
        prompt = self._input_key
        self._stop()
        self.post_message(Act(name, *args, prompt=prompt))

    async def act(self, name: str, *args: Any, said: Callable[[View], Any] | None = None) -> View:
        """One act of the filer: keep what is typed, pass the act to the engine, render what comes back.

        `said(view)`, for an answer: the value to write in the transcript once the engine took it; the transcript
        grows in the same repaint as the next question is drawn.
        """
        self._stop()
        self.flush_draft()
        before = self.view
        view = getattr(self.interview, name)(*args)
        with self.app.batch_update():
            if said is not None and not view.refused and before.state != "another_item":
                await self._log(before, said(view))
            await self._show(view, acted=True)
        self.call_after_refresh(self._go_live)
        return view

    @on(Act)
    async def _requested(self, event: Act) -> None:
        event.stop()
        if event.prompt == self._input_key:
            await self.act(event.name, *event.args)
        else:
            self.call_after_refresh(self._go_live)

    def _takes(self, prompt: str | None) -> bool:
        """A message from an input: an act on the prompt on screen, not one typed ahead into an input on its way out."""
        return self._live and prompt == self._input_key and self.view.ask is not None

    @on(AnswerSubmitted)
    async def _answered(self, event: AnswerSubmitted) -> None:
        event.stop()
        if not self._takes(event.prompt):
            return
        ask = self.view.ask
        assert ask is not None

        def said(view: View) -> Any:
            if ask.list_title:
                return event.value if event.line is None else event.line.strip()
            return self.interview.answers.get(ask.question_id)

        if event.line is not None:
            await self.act("answer_line", event.line, said=said)
        else:
            await self.act("answer", event.value, said=said)

    @on(NotSureChosen)
    async def _not_sure(self, event: NotSureChosen) -> None:
        event.stop()
        if self._takes(event.prompt):
            await self.act("not_sure", said=lambda view: NOT_SURE)

    @on(KeepChosen)
    async def _keep(self, event: KeepChosen) -> None:
        event.stop()
        if self._takes(event.prompt):
            await self.act("keep")

    async def _log(self, asked: View, value: Any) -> None:
        ask = asked.ask
        assert ask is not None
        await self._add(
            Turn("question", ask.question_id, ask.field, bool(ask.list_title), ask.where, asked.lang),
            Turn("answer", ask.question_id, ask.field, bool(ask.list_title), value=value),
        )

    def action_skip(self) -> None:
        self.request("skip")

    def action_back(self) -> None:
        self.request("back")

    @on(OptionList.OptionSelected, "#open-list")
    def _open_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.request("change", str(event.option.id))

    @on(Button.Pressed, "#answer-open")
    def _answer_open(self, event: Button.Pressed) -> None:
        event.stop()
        self.request("ask_open")

    def action_why(self) -> None:
        self.query_one("#why", Static).toggle_class("hidden")

    def action_findings(self) -> None:
        """F9: to the list of findings (on a narrow screen in the chat's place; on a wide one beside it, shown if
        folded away); pressed there, back to the question, the findings folded away."""
        listing = self.query_one("#finding-list")
        self.call_after_refresh(self._update_findings)  # brought into sight: what they say now
        if self.narrow():
            self.toggle_class("-findings-only")
            if self.has_class("-findings-only"):
                listing.focus()
            else:
                self._focus_input()
        elif self.has_class("-findings-hidden") or not listing.has_focus:
            self.remove_class("-findings-hidden")
            listing.focus()
        else:
            self.add_class("-findings-hidden")
            self._focus_input()

    # --- Drafts ----------------------------------------------------------------------

    @on(DraftChanged)
    def _draft_changed(self, event: DraftChanged) -> None:
        event.stop()
        self._say("#problem", None)  # what was refused is being put right: its error no longer applies
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(self.DRAFT_DELAY, self.flush_draft)

    def flush_draft(self) -> None:
        """Keep the text typed at the prompt on screen as its draft (before every act, on leaving, on a signal)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        # Once the app has let the interview go (home, quit), its file is no longer ours to write.
        if self._input is not None and self._input_key is not None and self.app.session is self.session:
            keep_typed(self.interview, [self._input], self._input_key)

    # --- Other screens -----------------------------------------------------------------

    def on_screen_suspend(self) -> None:
        self.flush_draft()

    lang_stale = False
    """The language changed while another screen was over this one: everything is drawn again in it when shown."""

    async def on_screen_resume(self) -> None:
        # Back from the review, the summary or a dialog: show where the engine is now (an act there may have moved it).
        if self.lang_stale and self._ready:
            self.lang_stale = False
            await self._lang_changed(self.lang)
            return
        if self._ready:
            self._stop()
            await self.show(replace(self.interview.view(), problem=None, refused=False))

    @on(Button.Pressed, "#to-review")
    def action_review(self) -> None:
        from assistant.shells.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.session))

    @on(Button.Pressed, "#to-summary")
    def action_summary(self) -> None:
        from assistant.shells.tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.session))

    def action_help(self) -> None:
        from assistant.shells.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.interview))

    def action_home(self) -> None:
        self.post_message(GoHome())


def _key(view: View) -> str | None:
    return view.ask.key if view.ask else None


def answer_words(field: Field, value: Any, lang: str) -> str:
    """An answer in words; a list names its items."""
    words = describe_value(field, value, lang)
    if field.kind == "records" and isinstance(value, list) and field.fields:
        first = field.fields[0]
        names = [describe_value(first, item[first.id], lang) for item in value if isinstance(item, dict) and first.id in item]
        if names:
            words += colon(lang) + joined(names, lang)
    return words
