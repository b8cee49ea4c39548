"""The Textual app: home, chat, review and summary screens over one Session at a time."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
from typing import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from assistant.errors import BadInput
from assistant.dialog.session import Session
from assistant.saved.store import Store
from assistant.shells.tui.screens.chat import ChatScreen
from assistant.shells.tui.screens.home import HomeScreen
from assistant.shells.tui.text import relabel_bindings, t

THEMES = ("textual-dark", "textual-light")


class FilingApp(App[int]):
    """filing-assistant's TUI. Holds the store, the language and the open interview; screens do the showing."""

    CSS_PATH = "app.tcss"
    # Screens get "-narrow" below 100 columns: the findings panel gives the chat more room (app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    # And "-short" below 32 rows: the long-answer box gives the question and its buttons room.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    TITLE = "filing-assistant"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f4", "toggle_lang", "中文"),
        Binding("f8", "toggle_theme", "Theme"),
    ]

    def __init__(self, store: Store, *, lang: str = "en", today: dt.date | None = None, session: Session | None = None):
        super().__init__()
        self.store = store
        self.lang = session.interview.lang if session else lang
        self.today = today
        self.session = session
        self.theme = THEMES[0]

    def on_mount(self) -> None:
        relabel_bindings(self, self.lang)
        if not self.is_headless:
            # Under a test's pilot the loop is the test runner's: its signals are left alone there.
            self._catch_signals()
        # Started on an interview, the home screen is built only when the user goes there.
        self.push_screen(ChatScreen(self.session) if self.session is not None else HomeScreen())

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

    # --- Interviews ---------------------------------------------------------------

    def open_interview(self, name: str, *, lang: str | None = None, create: bool | None = None) -> None:
        """Open `name` in the chat (closing the one open now); a refusal (open elsewhere, damaged) is shown, not raised."""
        self.close_session()
        try:
            self.session = Session(self.store, name, lang=lang, create=create, today=self.today)
        except BadInput as error:
            self.notify("; ".join(error.lines(self.lang)), severity="error", timeout=8)
            return
        self.lang = self.session.interview.lang
        relabel_bindings(self, self.lang)
        self.push_screen(ChatScreen(self.session))

    def close_session(self) -> None:
        """Keep what is typed but not given, save where the filer is, and release the open interview."""
        if self.session is None:
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

    def action_new(self) -> None:
        from assistant.shells.tui.screens.dialogs import NewInterviewScreen

        def chosen(result: tuple[str, str] | None) -> None:
            if result:
                self.open_interview(result[0], lang=result[1], create=True)

        self.push_screen(NewInterviewScreen(self.store, self.lang), chosen)

    def action_home(self) -> None:
        """Back to the list of interviews; the open one is saved already and is released."""
        self.close_session()
        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        if home is None:
            # Started on an interview: the home screen takes the place of everything above the default screen.
            while len(self.screen_stack) > 2:
                self.pop_screen()
            self.switch_screen(HomeScreen())
            return
        if self.screen is home:
            home.relabel()
        while self.screen is not home:
            self.pop_screen()  # the home screen refreshes itself as it comes back

    def action_quit(self) -> None:
        self.close_session()
        self.exit(0)

    def on_unmount(self) -> None:
        self.close_session()

    # --- Language and theme ---------------------------------------------------------

    async def action_toggle_lang(self) -> None:
        lang = "en" if self.lang == "zh" else "zh"
        if self.session is not None:
            chat = self.chat()
            if chat is not None:
                chat.flush_draft()  # the input is built again in the other language, from the draft
            view = self.session.interview.set_lang(lang)
            if view.save_problem:
                self.notify(view.save_problem, severity="error")
        await self._set_lang(lang)

    async def _set_lang(self, lang: str) -> None:
        self.lang = lang
        relabel_bindings(self, lang)
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if relabel is not None and screen.is_mounted:
                result = relabel()
                if result is not None:
                    await result

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    def chat(self) -> ChatScreen | None:
        return next((s for s in reversed(self.screen_stack) if isinstance(s, ChatScreen)), None)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: the app's own commands first, then Textual's."""
        lang = self.lang
        yield SystemCommand(t("start", lang), "new interview", self.action_new)
        yield SystemCommand(t("home_title", lang), "home: resume, duplicate, delete", self.action_home)
        chat = self.chat()
        if chat is not None:
            yield SystemCommand(t("review_title", lang), "review", chat.action_review)
            yield SystemCommand(t("summary_title", lang), "summary", chat.action_summary)
            yield SystemCommand(t("export", lang), "export the record", self._export)
        yield SystemCommand("English / 中文", "language", self.action_toggle_lang)
        yield SystemCommand("Dark / light theme · 深色/浅色主题", "theme", self.action_toggle_theme)
        yield from super().get_system_commands(screen)

    def _export(self) -> None:
        from assistant.shells.tui.screens.summary import SummaryScreen

        if self.session is not None:
            screen = SummaryScreen(self.session)
            self.push_screen(screen)
            self.call_after_refresh(screen.action_export)


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
        session = Session(store, name or store.free_name(), lang=lang or "en", create=True, today=today)
    elif start == "resume":
        session = Session(store, name or latest(store), lang=lang, create=False, today=today)
    elif start == "chat":
        session = Session(store, name or store.free_name(), lang=lang, today=today)
    return FilingApp(store, lang=lang or "en", today=today, session=session)
