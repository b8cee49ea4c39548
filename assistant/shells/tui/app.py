"""The Textual app: home, chat, review and summary screens over one Session at a time.

Started on a new interview, it shows the first question before anything else
is loaded: the cover (screens/cover.py) is drawn from what the chat last drew
there, while the engine, the question bank and the chat load beside it; the
keys typed meanwhile are held and given to the chat, in order, once it takes
them. This module imports textual and the saved files only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
from typing import TYPE_CHECKING, Any, Iterable

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen

from assistant.errors import BadInput
from assistant.saved.store import Claim, Store
from assistant.shells.tui.messages import ChatLive, GoHome, NewInterview, NextAlgorithm, OpenInterview, ShowHelp, ShowReview, ShowSummary

if TYPE_CHECKING:
    from concurrent.futures import Future

    from assistant.dialog.session import Session

THEMES = ("textual-dark", "textual-light")


def t(key: str, lang: str, **values: Any) -> str:
    """The TUI's words (text.py), loaded when first said: the cover is drawn without them."""
    from assistant.shells.tui.text import t as say

    return say(key, lang, **values)


class FilingApp(App[int]):
    """filing-assistant's TUI. Holds the store, the language and the open interview; screens do the showing.

    `lang` is the one language of everything on screen: screens watch it and
    draw themselves again when it changes; with an interview open it is the
    interview's language (the engine is told first, in `watch_lang`).
    """

    CSS_PATH = "app.tcss"
    # Screens get "-narrow" below 100 columns: the findings panel folds away behind F9 (app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    # And "-short" below 32 rows: lists and text areas give the question and its buttons room.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    TITLE = "filing-assistant"
    BINDINGS = [
        # Help, the language and quit: on every screen, kept in the footer at every width (widgets/footer.py).
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f4", "toggle_lang", "中文"),
        # Theme: in the help and the command palette; the footer keeps its room for the keys of the question.
        Binding("f8", "toggle_theme", "Theme", show=False),
    ]

    lang = var("en")
    """"en" or "zh": the language of every screen."""

    def __init__(
        self,
        store: Store,
        *,
        lang: str = "en",
        today: dt.date | None = None,
        session: Session | None = None,
        claim: Claim | None = None,
    ):
        """`session`: the interview to open in the chat; or `claim`: a new interview whose name the store has taken,
        opened here (behind the cover where there is one)."""
        super().__init__()
        self.store = store
        self.set_reactive(FilingApp.lang, session.interview.lang if session else lang)
        self.today = today
        self.session = session
        self.theme = THEMES[0]
        self._claim = claim
        self._held: list[tuple[str, str | None]] | None = None
        """Keys typed over the cover, for the chat; None when keys go where they are typed."""
        self.failure: BadInput | None = None
        """Why the new interview could not be made (the app then ends with exit status 2)."""
        self._making: Future[Session] | None = None
        """The new interview being made behind the cover, in a thread of its own."""

    def on_mount(self) -> None:
        if not self.is_headless:
            # Under a test's pilot the loop is the test runner's: its signals are left alone there.
            self._catch_signals()
        # Started on an interview, the home screen is built (and imported, ~5 ms) only when the user goes there.
        if self.session is not None:
            self._show_chat()
        elif self._claim is not None:
            self._open_new(self._claim)
        else:
            from assistant.shells.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())

    def _show_chat(self) -> None:
        self.push_screen(self._chat_screen(self.session))

    def _new_session(self, claim: Claim) -> Session:
        from assistant.dialog.session import Session

        return Session(self.store, claim.saved.name, lang=self.lang, create=True, today=self.today, claim=claim)

    def _open_new(self, claim: Claim) -> None:
        """The new interview of `claim` in the chat: at once where the cover of its first question is kept, the chat
        taking over when ready; else the chat, drawn as it loads."""
        from assistant.shells.tui import opening

        cover = opening.cover(self.lang, claim.saved.name)
        if cover is None:
            self._claim = None
            try:
                self.session = self._new_session(claim)
            except BadInput as error:
                self._refused(claim, error)
                return
            self._show_chat()
            return
        from assistant.shells.tui.screens.cover import CoverScreen

        self._held = []
        self.push_screen(CoverScreen(cover, claim.saved.name))
        self.call_after_refresh(lambda: self.run_worker(self._open_behind_cover(claim), group="opening"))

    async def _open_behind_cover(self, claim: Claim) -> None:
        from concurrent.futures import ThreadPoolExecutor

        if self._claim is not claim:
            return  # already made: the app was left before this began (`close_session`)
        self._claim = None
        # The engine, the bank and the chat are imported, and the interview first saved, beside the event loop: the
        # cover stays drawn and the keys typed over it are held meanwhile. Left meanwhile, the app waits for it
        # (`close_session`), so that it is saved and let go however the app ends.
        loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="filing-assistant-opening")
        self._making = making = loader.submit(self._load_new, claim)
        loader.shutdown(wait=False)
        try:
            session = await asyncio.wrap_future(making)
        except BadInput as error:
            if self._making is making:
                self._making = None
                self._refused(claim, error)
            return
        if self._making is not making:
            return  # taken over by `close_session`: the app is being left
        self._making = None
        self.session = session
        await self.switch_screen(self._chat_screen(session))

    def _load_new(self, claim: Claim) -> Session:
        import importlib

        importlib.import_module("assistant.shells.tui.screens.chat")  # imported here, off the event loop
        return self._new_session(claim)

    def _refused(self, claim: Claim, error: BadInput) -> None:
        """The new interview could not be made (it could not be saved): the app ends, and the command says why (exit 2)."""
        claim.held.release()
        self._held, self.failure = None, error
        self.exit(return_code=2)

    async def on_event(self, event: events.Event) -> None:
        if self._held is not None and isinstance(event, events.Key) and not event.is_forwarded:
            self._held.append((event.key, event.character))  # for the chat, once it takes them (ChatLive)
            return
        if isinstance(event, events.Key) and not event.is_forwarded and getattr(self.screen, "drawn", True) is False:
            if event.key != "ctrl+q":
                return  # a screen not drawn yet takes no keys (screens/base.py DrawnFirst); Ctrl+Q still quits
        await super().on_event(event)

    @on(ChatLive)
    def _give_held_keys(self) -> None:
        held, self._held = self._held, None
        for key, character in held or ():
            self.post_message(events.Key(key, character))

    def _catch_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            signum = getattr(signal, name, None)
            if signum is None:
                continue
            try:
                loop.add_signal_handler(signum, self.save_and_exit, signum)
            except (NotImplementedError, RuntimeError):  # no signal handlers in this loop (Windows)
                pass

    def save_and_exit(self, signum: int) -> None:
        """The terminal closed (SIGHUP) or the process is asked to end (SIGTERM): keep what is typed, save, exit 128+signum."""
        self.close_session()
        self.exit(return_code=128 + signum)

    def _chat_screen(self, session: Session) -> Screen:
        from assistant.shells.tui.screens.chat import ChatScreen

        return ChatScreen(session)

    # --- Interviews ---------------------------------------------------------------

    @on(OpenInterview)
    def open_interview(self, event: OpenInterview) -> None:
        """Open an interview in the chat (closing the one open now); a refusal (open elsewhere, damaged) is shown, not raised."""
        self.close_session()
        from assistant.dialog.session import Session

        try:
            self.session = Session(self.store, event.name, lang=event.lang, create=event.create, today=self.today)
        except BadInput as error:
            self.notify("; ".join(error.lines(self.lang)), severity="error", timeout=8)
            return
        self.lang = self.session.interview.lang
        self._show_chat()

    def close_session(self) -> None:
        """Keep what is typed but not given, save where the filer is, and release the open interview."""
        if self.session is None:
            # Left before the chat took over from the cover: the new interview is made and saved all the same.
            if self._claim is not None:
                claim, self._claim = self._claim, None
                self.session = self._new_session(claim)
            elif self._making is not None:
                making, self._making = self._making, None
                try:
                    self.session = making.result()  # a moment: it is being made
                except BadInput:
                    return  # it could not be saved; its claim is let go with the process
            else:
                return
        for screen in reversed(self.screen_stack):
            flush = getattr(screen, "flush_draft", None)
            if flush is not None and screen.is_mounted:
                flush()
        session, self.session = self.session, None
        try:
            session.interview.leave()
        finally:
            session.close()

    @on(NextAlgorithm)
    def file_next_algorithm(self, event: NextAlgorithm) -> None:
        """One filing per algorithm: a new saved interview for the next algorithm of the service of `event.name`,
        the company and service answers copied (as `new --like` makes it), opened in the chat in place of the
        screens above the home screen. None left, or a refusal, is said and nothing changes."""
        from assistant.dialog.session import Session, next_algorithm, type_words
        from assistant.shells.tui.screens.home import HomeScreen

        store, source = self.store, event.name
        bank = self.session.interview.bank if self.session is not None else None
        try:
            if bank is None:
                from assistant.law.questions import load_bank

                bank = load_bank()
            start, kind = next_algorithm(bank, store, source, self.today)
            lang = store.read(source).lang
        except BadInput as error:
            reason = "; ".join(error.lines(self.lang))
            self.notify(reason, title=t("next_algorithm_none", self.lang), severity="warning", timeout=10)
            return
        # Named after its type, in the interview's language: "acme-personalized_push", "acme-个性化推送类".
        called = f"{source}-{type_words(bank, kind, lang) if lang == 'zh' else kind}" if kind else ""
        name = called if called and len(called) <= 64 and not store.exists(called) else store.free_name(source)
        self.close_session()
        try:
            self.session = Session(store, name, lang=lang, create=True, today=self.today, bank=bank, seed=start, seeded_as="copied")
        except BadInput as error:
            self.notify("; ".join(error.lines(self.lang)), severity="error", timeout=8)
            return
        self.lang = self.session.interview.lang
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        chat = self._chat_screen(self.session)
        if isinstance(self.screen, HomeScreen):
            self.push_screen(chat)
        else:
            self.switch_screen(chat)  # started on an interview: the new one takes its place
        self.notify(t("next_algorithm_started", self.lang, name=name), timeout=10)

    @on(NewInterview)
    def action_new(self) -> None:
        from assistant.shells.tui.screens.dialogs import NewInterviewScreen

        def chosen(result: tuple[str, str] | None) -> None:
            if result:
                self.post_message(OpenInterview(result[0], lang=result[1], create=True))

        self.push_screen(NewInterviewScreen(self.store, self.lang), chosen)

    @on(GoHome)
    def action_home(self) -> None:
        """Back to the list of interviews; the open one is saved already and is released."""
        from assistant.shells.tui.screens.home import HomeScreen

        self.close_session()
        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        if home is None:
            # Started on an interview: the home screen takes the place of everything above the default screen.
            while len(self.screen_stack) > 2:
                self.pop_screen()
            self.switch_screen(HomeScreen())
            return
        if self.screen is home:
            home.refresh_list()
        while self.screen is not home:
            self.pop_screen()  # the home screen refreshes itself as it comes back

    @on(ShowReview)
    def action_review(self) -> None:
        from assistant.shells.tui.screens.review import ReviewScreen

        if self.session is not None:
            self.push_screen(ReviewScreen(self.session))

    @on(ShowSummary)
    def action_summary(self, event: ShowSummary | None = None) -> None:
        from assistant.shells.tui.screens.summary import SummaryScreen

        if self.session is None:
            return
        screen = SummaryScreen(self.session)
        self.push_screen(screen)
        if event is not None and event.export:
            self.call_after_refresh(screen.action_export)

    def action_form(self) -> None:
        from assistant.shells.tui.screens.form import FormScreen

        if self.session is not None:
            self.push_screen(FormScreen(self.session))

    def action_documents(self) -> None:
        """The drafts are written from the summary screen, which says what was written or why nothing was."""
        from assistant.shells.tui.screens.summary import SummaryScreen

        if self.session is None:
            return
        screen = SummaryScreen(self.session)
        self.push_screen(screen)
        self.call_after_refresh(screen.action_documents)

    def action_export(self) -> None:
        self.action_summary(ShowSummary(export=True))

    @on(ShowHelp)
    def action_help(self) -> None:
        from assistant.shells.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.session.interview if self.session else None))

    def action_quit(self) -> None:
        self.close_session()
        self.exit(0)

    def on_unmount(self) -> None:
        self.close_session()

    # --- Language and theme ---------------------------------------------------------

    def action_toggle_lang(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"

    def watch_lang(self, lang: str) -> None:
        """The engine speaks the new language first (and saves it); then the screens, watching `lang`, draw again."""
        if self.session is not None and self.session.interview.lang != lang:
            view = self.session.interview.set_lang(lang)
            if view.save_problem:
                self.notify(view.save_problem, severity="error")

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None, markup: bool = True) -> None:
        """A notice, always plain text: what it says holds names, paths and marks ("[to complete]") that markup
        would read as tags and drop."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        """Ctrl+C, pressed to leave: say how, in the app's language (Textual's own hint is English)."""
        self.notify(t("how_to_quit", self.lang), title=t("quit_title", self.lang))

    def action_command_palette(self) -> None:
        """The command palette, its prompt in the app's language."""
        from textual.command import CommandPalette  # ~20 ms to import, for a key seldom pressed

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("palette_placeholder", self.lang), id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: what the app can do, in words and in the app's language; Textual's own are not offered
        (a second theme command, a screenshot command that cannot save, keys described by their ids)."""
        lang = self.lang

        def command(key: str, callback) -> SystemCommand:
            return SystemCommand(t(f"cmd_{key}", lang), t(f"cmd_{key}_help", lang), callback)

        yield command("new", self.action_new)
        yield command("home", self.action_home)
        if self.session is not None:
            yield command("review", self.action_review)
            yield command("summary", self.action_summary)
            yield command("export", self.action_export)
            yield command("form", self.action_form)
            yield command("documents", self.action_documents)
            if len(self.session.interview.assessment.algorithms) > 1:
                # One filing per algorithm: offered only where the service shows more than one.
                yield command("next_algorithm", lambda: self.post_message(NextAlgorithm(self.session.name)))
        yield command("help", self.action_help)
        yield command("lang", self.action_toggle_lang)
        yield command("theme", self.action_toggle_theme)
        yield command("quit", self.action_quit)


def latest(store: Store) -> str:
    """The interview changed last, for `resume` without a name."""
    saved, _ = store.list()
    if not saved:
        raise BadInput.one(
            str(store.folder),
            "no saved interview to resume; start one with `filing-assistant new`",
            "没有可继续的问答；请用 `filing-assistant new` 开始",
        )
    return max(saved, key=lambda s: s.updated).name


def make_app(
    start: str = "home",
    name: str | None = None,
    lang: str | None = None,
    *,
    store: Store | None = None,
    today: dt.date | None = None,
) -> FilingApp:
    """The app for one command: "home", "welcome" (home, or a new interview when none is saved),
    "new" (a new interview), "resume" (a saved one), "chat" (either).

    The interview is opened here, before the app starts, so that a refusal
    (a bad name, open in another window, a damaged file) is bad input: a
    message on stderr and exit 2, not a screen.
    """
    store = store or Store()
    session = None
    if start == "welcome":
        # A first-time filer lands on the first question, not on an empty list.
        saved, damaged = store.list()
        start = "home" if saved or damaged else "new"
    if start == "new":
        # The name is taken here; the interview is made in the app, behind the cover of its first question.
        claim = store.claim(name or store.free_name(), create=True)
        return FilingApp(store, lang=lang or "en", today=today, claim=claim)
    from assistant.dialog.session import Session

    if start == "resume":
        session = Session(store, name or latest(store), lang=lang, create=False, today=today)
    elif start == "chat":
        session = Session(store, name or store.free_name(), lang=lang, today=today)
    return FilingApp(store, lang=lang or "en", today=today, session=session)
