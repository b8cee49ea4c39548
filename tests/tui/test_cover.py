"""A new interview shows its first question at once: the cover, drawn from what the chat drew there last time, while
the engine loads behind it; the chat then takes over with every key typed meanwhile (issue #11, speed)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
from pathlib import Path
from typing import AsyncIterator, Iterator

import pytest
from textual.pilot import Pilot

from assistant.errors import BadInput
from assistant.saved.store import Store
from assistant.shells.tui import opening
from assistant.shells.tui.app import FilingApp
from assistant.shells.tui.screens.chat import ChatScreen
from assistant.shells.tui.screens.cover import CoverScreen
from driver import at_once, chat, live, new_app, screen_text, until

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


class Gate:
    """Holds the loading behind the cover until the test lets it go: in the test process the engine is imported
    already, and the chat could otherwise take over before the cover is looked at."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.loading, self.opened = threading.Event(), threading.Event()
        load = FilingApp._load_new

        def held(app, claim):
            self.loading.set()
            self.opened.wait(10)
            return load(app, claim)

        monkeypatch.setattr(FilingApp, "_load_new", held)

    def open(self) -> None:
        self.opened.set()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    found = Gate(monkeypatch)
    yield found
    found.open()


async def drawn_once(home: Path, lang: str = "en", size: tuple[int, int] = (80, 24)) -> None:
    """A first new interview: drawn by the chat, which keeps its first screen for the next one."""
    app = new_app(home, "earlier", lang=lang)
    async with app.run_test(size=size) as pilot:
        await live(pilot)
    app.close_session()


SCROLL_BAR = str.maketrans("▂▃▄▅▆▇█", "       ")


def left_column(text: str, width: int) -> list[str]:
    """The chat's column of the screen (the findings panel beside it comes later), its lines without blanks, and
    without a scroll bar (the chat's question box holds more below the options: its buttons)."""
    lines = [line[:width].translate(SCROLL_BAR).rstrip() for line in text.splitlines()[1:]]  # the header aside
    return [line for line in lines if line.strip(" │")]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_new_interview_opens_on_its_first_question_as_the_chat_draws_it(home: Path, gate: Gate, lang: str, size: str):
    """The second new interview opens on the cover: the welcome with its own name, where the question stands, the
    question, the hint and the options, laid out where the chat then draws them, in the interview's language."""
    await drawn_once(home, lang, SIZES[size])
    app = new_app(home, "second", lang=lang)
    async with app.run_test(size=SIZES[size]) as pilot:
        assert isinstance(app.screen, CoverScreen)
        await pilot.pause(0)
        cover = screen_text(app)
        assert "'second'" in cover and "earlier" not in cover
        gate.open()
        await live(pilot)
        width = app.screen.query_one("#chat").region.right - 1
        shown = left_column(screen_text(app), width)[:-1]  # the keys under it come with the chat
        covered = left_column(cover, width)
        assert len(covered) > 8 and covered == shown, "\n".join(covered) + "\n---\n" + "\n".join(shown)
    app.close_session()


@contextlib.asynccontextmanager
async def typed_over_the_cover(home: Path, gate: Gate, *keys: str) -> AsyncIterator[tuple[FilingApp, Pilot]]:
    """A second new interview, `keys` typed together over its cover (held: the cover stays), then the loading let go."""
    await drawn_once(home)
    app = new_app(home, "second")
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, CoverScreen)
        at_once(app, *keys)
        await pilot.pause(0.05)
        assert isinstance(app.screen, CoverScreen)
        gate.open()
        yield app, pilot
    app.close_session()


async def test_keys_typed_over_the_cover_answer_the_first_question_once_the_chat_takes_over(home: Path, gate: Gate):
    async with typed_over_the_cover(home, gate, "down", "enter") as (app, pilot):  # the second option
        await until(pilot, lambda: isinstance(app.screen, ChatScreen) and "scope.audience" in chat(app).interview.answers)
        assert chat(app).interview.answers["scope.audience"] == "business_customers"
        await live(pilot)
        assert chat(app).view.ask.question_id != "scope.audience"
    saved = Store(home).read("second")
    assert saved.answers["scope.audience"] == "business_customers" and saved.history == ["scope.audience"]


async def test_the_language_switched_over_the_cover_is_the_chats(home: Path, gate: Gate):
    async with typed_over_the_cover(home, gate, "f4") as (app, pilot):
        await live(pilot)
        await until(pilot, lambda: "谁在使用这项服务？" in screen_text(app))
        assert chat(app).interview.lang == "zh"


async def test_ctrl_q_over_the_cover_leaves_with_the_new_interview_saved(home: Path, gate: Gate):
    async with typed_over_the_cover(home, gate, "ctrl+q") as (app, pilot):
        await until(pilot, lambda: not app.is_running, tries=200)
    assert app.return_code == 0
    assert Store(home).read("second").answers == {}


@pytest.mark.parametrize("covered", [True, False])
async def test_a_new_interview_that_cannot_be_made_ends_with_its_reason(home: Path, monkeypatch, covered: bool):
    """Made behind the cover, or as the app starts where none is kept yet: an interview that cannot be saved ends
    the app with exit status 2 and the reason, for the command to say, and its name is free again."""
    if covered:
        await drawn_once(home)

    def refused(self, claim):
        raise BadInput.one("second", "cannot save: No space left on device")

    monkeypatch.setattr(FilingApp, "_new_session", refused)
    app = new_app(home, "second")
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, CoverScreen) == covered
        await until(pilot, lambda: not app.is_running, tries=200)
    assert app.return_code == 2
    assert app.failure is not None and "No space left on device" in app.failure.lines("en")[0]
    Store(home).claim("second").held.release()


async def test_no_cover_without_one_drawn_by_this_code_and_bank(home: Path, monkeypatch):
    """The first new interview, and the first after the assistant or its bank changed, is drawn by the chat."""
    app = new_app(home, "earlier")
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen, ChatScreen)
    app.close_session()
    assert opening.cover("en", "x") is not None
    monkeypatch.setattr(opening, "_fingerprint", lambda: "another bank")
    app = new_app(home, "second")
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen, ChatScreen)
    app.close_session()


def test_a_cover_file_someone_else_could_write_is_passed_over(home: Path):
    opening.remember("en", "x", opening.Cover("Hello 'x'", "Scope", "Who uses the service?"))
    path = opening._path()
    assert opening.cover("en", "y").welcome == "Hello 'y'"
    os.chmod(path, 0o644)
    assert opening.cover("en", "y") is None
    os.chmod(path, 0o600)
    header, _, body = path.read_bytes().partition(b"\n")
    path.write_bytes(header + b"\n" + body.replace(b"Who uses", b"Who abuses"))  # its hash no longer holds
    assert opening.cover("en", "y") is None
    assert json.loads(header)["format"] == opening.FORMAT


async def test_the_first_question_asked_again_with_its_answer_is_not_kept_as_the_cover(home: Path):
    """Back at the first question, the chat says its current answer: that belongs to this interview, not the next."""
    await drawn_once(home)
    kept = opening.cover("en", "x")
    app = new_app(home, "second")
    async with app.run_test(size=(80, 24)) as pilot:
        await live(pilot)
        await pilot.press("enter")
        await live(pilot)
        await pilot.press("f2")
        await live(pilot)
        assert chat(app).view.ask.current is not None
        await pilot.press("f4")  # drawn again, in Chinese
        await live(pilot)
    app.close_session()
    assert opening.cover("en", "x") == kept
    assert opening.cover("zh", "x") is None


def test_the_cover_is_drawn_before_the_engine_is_imported():
    """What the cover needs is textual and the saved files: the engine, the bank (pydantic) and the state machine
    are imported behind it. An import added to app.py or cover.py that brings them in makes the start slow again."""
    import subprocess
    import sys

    probe = (
        "import sys, assistant.shells.tui.app, assistant.shells.tui.screens.cover\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'transitions', 'tomli_w')"
        " or m.startswith(('assistant.dialog', 'assistant.law.questions', 'assistant.law.rules', 'assistant.files')))))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []


@pytest.mark.parametrize("when", ["before it loads", "while it loads"])
async def test_a_signal_over_the_cover_leaves_the_new_interview_saved_and_free(home: Path, gate: Gate, when: str):
    """The terminal closes (SIGHUP) or the process is asked to end (SIGTERM) while the cover is up: the new interview
    is saved all the same, exit status 128+signal, and its name is not left locked."""
    await drawn_once(home)
    app = new_app(home, "second")
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, CoverScreen)
        if when == "while it loads":
            await until(pilot, gate.loading.is_set)
        # The save waits for the interview being made behind the cover: let it be made a moment later, as it is.
        threading.Timer(0.2, gate.open).start()
        app.save_and_exit(signal.SIGTERM)
        await until(pilot, lambda: not app.is_running, tries=200)
    assert Store(home).exists("second")
    assert app.return_code == 128 + signal.SIGTERM
    Store(home).claim("second", create=False).held.release()  # saved, and free to open



async def test_the_start_benchmarks_bare_app_draws_the_same_widgets_as_the_cover(home: Path, tmp_path: Path):
    """bench/tui_start.py's baseline composes the cover's widgets itself (it may import textual alone): the same
    widgets in the same places, with the same ids and classes, laid out by the same stylesheet, and the same words."""
    import importlib.util

    from textual.app import App

    import assistant.shells.tui.app as app_module

    await drawn_once(home)
    kept = opening.cover("en", "bench")
    assert kept is not None
    spec = importlib.util.spec_from_file_location("tui_start", Path(__file__).parents[2] / "bench" / "tui_start.py")
    probe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probe)
    words = tmp_path / "words.json"
    probe.write_words(words)  # as bench/run.py has it written

    class Ours(App):
        CSS_PATH = str(probe.STYLESHEET)  # the stylesheet FilingApp reads (app.tcss beside it)
        HORIZONTAL_BREAKPOINTS = FilingApp.HORIZONTAL_BREAKPOINTS
        VERTICAL_BREAKPOINTS = FilingApp.VERTICAL_BREAKPOINTS

        def on_mount(self) -> None:
            self.push_screen(CoverScreen(kept, "bench"))

    def drawn(app) -> list[tuple[str, str | None, tuple[str, ...], tuple[int, int, int, int], str]]:
        return [
            (type(w).__name__, w.id, tuple(sorted(w.classes)), tuple(w.region), " ".join(str(w.render()).split()) if type(w).__name__ == "Static" else "")
            for w in app.screen.walk_children()
            if type(w).__name__ in ("Static", "OptionList", "Vertical", "Horizontal", "VerticalScroll", "Header")
        ]

    shown = []
    for app in (Ours(), probe.baseline(words)):
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            shown.append(drawn(app))
    assert Path(probe.STYLESHEET).samefile(Path(app_module.__file__).parent / FilingApp.CSS_PATH)
    assert shown[0] == shown[1]
    assert any(w[1] == "question" and "Who uses the service?" in w[4] for w in shown[0])
