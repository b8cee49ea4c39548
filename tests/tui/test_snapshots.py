"""Screens as a reviewer sees them, in English and Chinese at 120x40.

Each docstring says what you should see. Baselines live in __snapshots__/;
update them (`pytest tests/tui/test_snapshots.py -n 0 --snapshot-update`) only after
reading the report of what changed.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from assistant.saved.store import Store
from conftest import DATA
from driver import answers_of, give, new_app, save

SIZE = (120, 40)
CHATBOT = DATA / "answers" / "valid" / "complete-chatbot.toml"
CLOCK = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def _fixed_zone(monkeypatch: pytest.MonkeyPatch):
    """Times on screen in UTC whatever the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def saved(home: Path, name: str = "acme", lang: str = "en", drop: tuple[str, ...] = (), path: Path = CHATBOT) -> None:
    answers = {k: v for k, v in answers_of(path).items() if k not in drop}
    save(home, answers, name, lang, store=Store(home, clock=lambda: CLOCK))


async def still(pilot: Pilot) -> None:
    """No blinking cursor, nothing pending: the same picture every run."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_home_lists_saved_interviews(snap_compare, home: Path, lang: str):
    """You should see two interviews, 'acme' at 100% (provider roles) and 'translation' at a lower
    share (technical supporter), with their last change on 2026-11-20 09:30, and the keys n/o/d/del."""
    saved(home, lang=lang)
    saved(home, "translation", lang, path=DATA / "examples" / "e03-translation-api.answers.toml")
    app = new_app(home, start="home", lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=still)


def test_home_without_interviews_explains_the_tool(snap_compare, home: Path):
    """You should see two sentences on what the tool does in a box, and a 'Start a new interview' button."""
    assert snap_compare(new_app(home, start="home"), terminal_size=SIZE, run_before=still)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chat_asks_the_first_question(snap_compare, home: Path, lang: str):
    """You should see the welcome note, 'Who uses the service?' (谁在使用这项服务？) with four options,
    above it the section and the progress in words ('Scope · 0 of 1 questions that apply answered'),
    the findings panel at 0% with the Scope section marked, and the footer keys in the same language."""
    app = new_app(home, lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=still)


def test_chat_yes_no_question_with_why_we_ask_open(snap_compare, home: Path):
    """You should see the first answer in the transcript, a yes/no question with Yes (y) / No (n) buttons,
    the 'why we ask' text under it (F1), '✓ saved' at the top right of the question box, and under the
    progress '4 more questions now apply, because of that answer.'"""

    async def run_before(pilot: Pilot) -> None:
        await give(pilot, "public")
        await pilot.press("f1")
        await still(pilot)

    assert snap_compare(new_app(home), terminal_size=SIZE, run_before=run_before)


def test_chat_refuses_a_bad_date_beside_the_question(snap_compare, home: Path):
    """You should see the launch date question, '2027-02-30' in the input and a red message under it
    saying it is not a valid date."""
    saved(home, drop=("algorithm.launch_date",))

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.screen.query_one("#line", Input).value = "2027-02-30"
        await pilot.press("enter")
        await still(pilot)

    assert snap_compare(new_app(home, start="resume"), terminal_size=SIZE, run_before=run_before)


def test_chat_word_counter_over_the_limit(snap_compare, home: Path):
    """You should see the introduction question with a text area of Chinese text, the counter
    '201 / 200 words' in red, and the engine's message in red that 201 words is over the limit of 200."""
    saved(home, drop=("algorithm.introduction",))

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.screen.query_one("#words", TextArea).text = "算法" * 100 + "字"
        await pilot.press("ctrl+s")
        await still(pilot)

    assert snap_compare(new_app(home, start="resume"), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_findings_show_why_an_obligation_holds(snap_compare, home: Path, lang: str):
    """You should see the finished interview and, in the findings panel, the provider filing selected
    (marked OVERDUE) with its reason, status, basis (DSP Art. 19), deadline and the answers behind it."""
    saved(home, lang=lang)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        listing = pilot.app.screen.query_one("#finding-list", OptionList)
        listing.focus()
        listing.highlighted = listing.get_option_index("obligation.filing.provider")
        await still(pilot)

    assert snap_compare(new_app(home, start="resume"), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_review_shows_set_aside_answers(snap_compare, home: Path, lang: str):
    """You should see every answer by section with its state; after 'generates content' was changed to
    no, the content kinds answer stays listed at the bottom, dimmed, as set aside."""
    saved(home, lang=lang)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        iv = pilot.app.screen.interview
        iv.change("service.generates_content")
        iv.answer(False)
        await pilot.press("f5")
        await pilot.press("end")
        await still(pilot)

    assert snap_compare(new_app(home, start="resume"), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_summary_screen(snap_compare, home: Path, lang: str):
    """You should see the summary as on the command line: the not-legal-advice line, the OVERDUE
    provider filing first, the roles with their reasons, and the Export (F7) and Close buttons."""
    saved(home, lang=lang)

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("f6")
        await still(pilot)

    assert snap_compare(new_app(home, start="resume"), terminal_size=SIZE, run_before=run_before)


def test_chat_at_the_end_lists_the_open_questions(snap_compare, home: Path):
    """You should see, after the last question, 'That was the last question that applies; 2 are still open',
    the two open questions with why each is open (not sure, skipped), and the buttons 'Answer the open
    questions' (focused), Summary and Review; F3 Skip and F1 Why? are not offered in the footer."""
    saved(home, drop=("users.minors", "algorithm.name"))

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("u")  # users.minors: not sure
        await pilot.pause()
        await pilot.press("f3")  # algorithm.name: skipped
        await still(pilot)

    assert snap_compare(new_app(home, start="resume"), terminal_size=SIZE, run_before=run_before)


def test_review_opens_the_items_of_a_list(snap_compare, home: Path):
    """You should see, over the review, the products dialog: item 1 '小智 App' with each field and its answer,
    'Which functions of the product use the algorithm? (2)' with its two functions and their fields, and
    the buttons to remove the selected item, add one in the chat, and close."""
    saved(home)

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("f5")
        await pilot.pause()
        table = pilot.app.screen.query_one("#review")
        table.move_cursor(row=table.get_row_index("products"))
        await pilot.press("enter")
        await still(pilot)

    assert snap_compare(new_app(home, start="resume"), terminal_size=SIZE, run_before=run_before)


def test_delete_asks_for_confirmation(snap_compare, home: Path):
    """You should see a dialog over the home list asking to delete 'acme', with Delete and Cancel (focused)."""
    saved(home)

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("delete")
        await still(pilot)

    assert snap_compare(new_app(home, start="home"), terminal_size=SIZE, run_before=run_before)


def test_chat_fits_a_small_terminal(snap_compare, home: Path):
    """At 80x24 you should see the first question with its options readable, and a narrower findings
    panel (30 columns) on the right."""
    assert snap_compare(new_app(home), terminal_size=(80, 24), run_before=still)
