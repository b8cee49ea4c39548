"""Drive the TUI as a person would, from an answers file: keys for buttons and lists, typing for inputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, SelectionList, TextArea

from assistant.files.answers import checked_answers, read_toml
from assistant.law.questions import UNSURE, load_bank
from assistant.saved.store import Store
from assistant.shells.tui.app import FilingApp, make_app
from assistant.shells.tui.screens.chat import ChatScreen

TODAY = dt.date(2026, 11, 25)


def answers_of(path: Path) -> dict[str, Any]:
    return checked_answers(load_bank(), read_toml(path), str(path))


def new_app(home: Path, name: str = "acme", lang: str | None = None, start: str = "new") -> FilingApp:
    """The app as `filing-assistant new|resume|chat NAME` or the home opens it; a resumed interview keeps its language."""
    return make_app(start, name, lang, store=Store(home), today=TODAY)


def chat(app: FilingApp) -> ChatScreen:
    screen = app.screen
    assert isinstance(screen, ChatScreen), f"expected the chat screen, got {screen!r}"
    return screen


def _value_at(answers: dict[str, Any], qid: str, where: tuple[str, ...]) -> tuple[Any, bool]:
    """The value for a prompt inside a list (`where` = item n / field ...); (value, found)."""
    data: Any = answers.get(qid)
    if data is None:
        return None, False
    for step in where:
        if step.startswith("item "):
            index = int(step[5:]) - 1
            if not isinstance(data, list) or index >= len(data):
                return None, False
            data = data[index]
        else:
            if not isinstance(data, dict) or step not in data:
                return None, False
            data = data[step]
    return data, True


async def give(pilot: Pilot, value: Any) -> None:
    """Answer the question on screen with `value`, the way a user would."""
    screen = chat(pilot.app)
    prompt = screen.interview.prompt
    assert prompt is not None
    field = prompt.field
    if value == UNSURE and not prompt.in_record:
        if field.kind == "yes_no":
            await pilot.press("u")
        else:
            await pilot.click("#unsure")
    elif field.kind == "yes_no":
        await pilot.press("y" if value else "n")
    elif field.kind == "choice":
        listing = screen.query_one("#choice", OptionList)
        listing.focus()
        target = field.option_ids.index(value)
        await pilot.press("home", *["down"] * target, "enter")
    elif field.kind == "multi":
        listing = screen.query_one("#multi", SelectionList)
        listing.focus()
        await pilot.press("home")
        for option_id in field.option_ids:
            if option_id in value:
                await pilot.press("space")
            await pilot.press("down")
        await pilot.press("ctrl+s")
    elif field.kind == "text" and field.max_words:
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


async def walk(pilot: Pilot, answers: dict[str, Any], limit: int = 400) -> list[str]:
    """Answer every question the answers hold, skip the others, until the interview ends; the ids asked."""
    asked: list[str] = []
    for _ in range(limit):
        iv = chat(pilot.app).interview
        prompt = iv.prompt
        if prompt is None:
            return asked
        asked.append(prompt.question.id)
        if prompt.in_record and prompt.field.id == "another":
            level = iv.draft
            while level is not None and level.nested is not None:
                level = level.nested
            assert level is not None
            items, _ = _value_at(answers, prompt.question.id, prompt.where)
            await give(pilot, isinstance(items, list) and len(level.items) < len(items))
            continue
        if prompt.in_record:
            value, found = _value_at(answers, prompt.question.id, prompt.where)
        else:
            found = prompt.question.id in answers
            value = answers.get(prompt.question.id)
        if found:
            await give(pilot, value)
        else:
            await pilot.press("f3")
    raise AssertionError("the interview did not end")
