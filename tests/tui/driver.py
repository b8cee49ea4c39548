"""Drive the TUI as a person would, from an answers file: keys for buttons and lists, typing for inputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from assistant.dialog.interview import Ask, View, items_at
from assistant.files.answers import checked_answers, read_toml
from assistant.law.questions import NOT_SURE, load_bank, to_file
from assistant.saved.store import Saved, Store
from assistant.shells.tui.app import FilingApp, make_app
from assistant.shells.tui.screens.chat import ChatScreen
from conftest import answer_for

TODAY = dt.date(2026, 11, 25)


def answers_of(path: Path) -> dict[str, Any]:
    return checked_answers(load_bank(), read_toml(path), str(path))


def save(
    home: Path, answers: dict[str, Any], name: str = "acme", lang: str = "en", store: Store | None = None, one_by_one: list[str] | None = None
) -> None:
    """A saved interview holding `answers` (typed values), as if they had been given in that order (`one_by_one`:
    the checklists the filer asked to answer one at a time)."""
    store = store or Store(home)
    saved = Saved(name=name, path=store.path(name), lang=lang, answers=to_file(answers), history=list(answers), one_by_one=one_by_one or [])
    store.write(saved)


ONE_AT_A_TIME = [f"group:{group.id}" for group in load_bank().groups if group.kind == "checklist"]
"""Every checklist asked one at a time: a filer's questions each on its own screen, as tests of one kind of input want."""


def new_app(home: Path, name: str | None = "acme", lang: str | None = None, start: str = "new") -> FilingApp:
    """The app as `filing-assistant new|resume|chat NAME` or the home opens it; a resumed interview keeps its language."""
    return make_app(start, name, lang, store=Store(home), today=TODAY)


def chat(app: FilingApp) -> ChatScreen:
    screen = app.screen
    assert isinstance(screen, ChatScreen), f"expected the chat screen, got {screen!r}"
    return screen


def shown_view(app: FilingApp) -> View:
    """The view the chat screen shows: what the engine returned for the last act."""
    return chat(app).view


def steps(ask: Ask) -> list[Any]:
    """The place of a list prompt, from its key (`products/0/functions/1/name`, `products/+`): item numbers and field ids."""
    return [int(step) if step.isdecimal() else step for step in ask.key.split("/")[1:]]


def value_for(answers: dict[str, Any], given: dict[str, Any], ask: Ask) -> tuple[Any, bool]:
    """What `answers` say to the prompt `ask` (given so far: `given`); (value, found): bench/run.py's answer_for."""
    return answer_for(answers, given, ask)


KEY_CHARACTERS = {"space": " ", "enter": "\r", "tab": "\t"}


def at_once(app: Any, *keys: str) -> None:
    """Keys that arrive together, as from a paste or `tmux send-keys yy`: all queued before the app reads the first.

    `Pilot.press` waits for the app to be idle after each key, so it never
    sends two keys at once; a terminal does.
    """
    for key in keys:
        app.post_message(events.Key(key, KEY_CHARACTERS.get(key, key if len(key) == 1 else None)))


async def until(pilot: Pilot, condition: Any, tries: int = 100) -> None:
    """Pause until `condition()` holds: on a busy machine the pilot's idle wait can return before a screen is drawn."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"still not so after {tries} pauses: {condition}")


async def live(pilot: Pilot) -> None:
    """Pause until the question on screen takes keys (the chat draws it, then goes live; a new interview may first
    show its cover, screens/cover.py)."""
    await until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen) and chat(pilot.app).accepting)


async def read(pilot: Pilot) -> None:
    """Pause until the long text on screen (summary, help) is laid out."""
    from assistant.shells.tui.widgets.reader import Reader

    await until(pilot, lambda: all(r.shown is not None for r in pilot.app.screen.query(Reader)))


def on_screen(app: Any, selector: str) -> Any:
    """The widget matching `selector` that is shown: the chat keeps one input of each kind, the others hidden."""
    return next(w for w in app.screen.query(selector) if all(node.display for node in w.ancestors_with_self if node is not app))


def ticked(app: Any) -> list[str]:
    """The options ticked in the tick boxes on screen."""
    return list(app.screen.query_one("#multi").selected)


def screen_text(app: Any) -> str:
    """What the terminal shows, line by line, read from the screenshot the snapshot tests compare."""
    import html
    import re

    from rich.cells import cell_len

    lines: dict[int, str] = {}
    for x, line, text in re.findall(r'<text [^>]*x="([0-9.]+)"[^>]*clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>', app.export_screenshot()):
        column = round(float(x) / 12.2)
        row = lines.get(int(line), "")
        row += " " * max(0, column - cell_len(row))
        lines[int(line)] = row + html.unescape(text).replace("\u00a0", " ")
    return "\n".join(lines.get(n, "").rstrip() for n in range(max(lines, default=-1) + 1))


async def give(pilot: Pilot, value: Any) -> None:
    """Answer the question on screen with `value`, the way a user would."""
    await live(pilot)
    screen = chat(pilot.app)
    ask = screen.view.ask
    assert ask is not None
    kind = ask.kind
    option_ids = [option_id for option_id, _ in ask.options]
    if value is NOT_SURE:
        if kind == "yes_no":
            await pilot.press("u")
        else:
            await pilot.click(on_screen(pilot.app, "#unsure"))
    elif kind == "yes_no":
        await pilot.press("y" if value else "n")
    elif kind == "choice":
        listing = screen.query_one("#choice", OptionList)
        listing.focus()
        await pilot.press("home", *["down"] * option_ids.index(value), "enter")
    elif kind == "multi":
        listing = screen.query_one("#multi")
        listing.focus()
        await pilot.press("home")
        for option_id in option_ids:
            if option_id in value and option_id not in listing.selected:
                await pilot.press("space")
            elif option_id not in value and option_id in listing.selected:
                await pilot.press("space")
            await pilot.press("down")
        await pilot.press("ctrl+s")
    elif kind == "text" and ask.max_words:
        area = screen.query_one("#words", TextArea)
        area.focus()
        area.text = str(value)
        await pilot.pause()
        await pilot.press("ctrl+s")
    else:
        line = screen.query_one("#line", Input)
        line.focus()
        line.value = value.isoformat() if isinstance(value, dt.date) else str(value)
        await pilot.press("enter")
    await pilot.pause()


async def walk(pilot: Pilot, answers: dict[str, Any], limit: int = 400, stop_at: str | None = None) -> list[str]:
    """Answer every prompt the answers hold and skip (F3) the others, until the last question (or the first whose id
    starts with `stop_at`, not answered); the ids asked."""
    asked: list[str] = []
    for _ in range(limit):
        screen = chat(pilot.app)
        ask = screen.view.ask
        if ask is None or stop_at is not None and ask.question_id.startswith(stop_at):
            return asked
        asked.append(ask.question_id)
        value, found = value_for(answers, screen.interview.answers, ask)
        if found:
            await give(pilot, value)
        else:
            await live(pilot)
            await pilot.press("f3")
            await pilot.pause()
        assert not chat(pilot.app).view.refused, chat(pilot.app).view.problem
    raise AssertionError("the interview did not end")
