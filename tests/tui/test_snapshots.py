"""Screens as a reviewer sees them, in English and Chinese, at 120x40 and, where a screen is long, at 80x24 too.

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
from conftest import COMPLETE as CHATBOT, DATA, GENAI
from driver import answers_of, give, live, new_app, read, save, screen_text

SIZE = (120, 40)
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
"""The smallest terminal the TUI is made for, and a common one."""
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
    full = answers_of(path) | (GENAI if path == CHATBOT else {})  # finished: the generative AI filing's answers too
    answers = {k: v for k, v in full.items() if k not in drop}
    save(home, answers, name, lang, store=Store(home, clock=lambda: CLOCK))


async def still(pilot: Pilot) -> None:
    """No blinking cursor, nothing pending, the question taking keys, a long text laid out: the same picture every run."""
    from assistant.shells.tui.screens.chat import ChatScreen

    if isinstance(pilot.app.screen, ChatScreen):
        await live(pilot)
    await read(pilot)
    await pilot.wait_for_scheduled_animations()  # End and Page Down glide
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_home_lists_saved_interviews(snap_compare, home: Path, lang: str):
    """You should see two interviews, 'acme' at 100% (provider roles) and 'translation' at a lower
    share (technical supporter), with their last change on 2026-11-20 17:30 (China time), and the keys n/o/d/del,
    F1 and F4."""
    saved(home, lang=lang)
    saved(home, "translation", lang, path=DATA / "examples" / "e03-translation-api.answers.toml")
    app = new_app(home, start="home", lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=still)


def test_home_without_interviews_explains_the_tool(snap_compare, home: Path):
    """You should see two sentences on what the tool does in a box, a 'Start a new interview' button, and
    the line saying the assistant is not legal advice."""
    assert snap_compare(new_app(home, start="home"), terminal_size=SIZE, run_before=still)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chat_asks_the_first_question(snap_compare, home: Path, lang: str):
    """You should see the welcome note, 'Who uses the service?' (谁在使用这项服务？) with its four options by
    their labels only (no ids), above it the section and the progress in words ('Scope · first question; more
    follow from your answers', not a misleading '0 of 1'), the findings panel at 0% with the Scope section marked and the legend
    '? open ✗ gap ✓ met', and the footer keys in the same language (F1 Help ... F9 Findings)."""
    app = new_app(home, lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=still)


def test_chat_yes_no_question_with_why_we_ask_open(snap_compare, home: Path):
    """You should see the first answer in the transcript, then the service's checklist answered "not sure of some:
    ask me one at a time", a yes/no question with Yes (y) / No (n) buttons, the 'why we ask' text under it (?),
    '✓ saved' at the top right of the question box, and under the progress 'Asking them one at a time.'"""

    async def run_before(pilot: Pilot) -> None:
        await give(pilot, "public")
        await give(pilot, ["each"])
        await live(pilot)
        await pilot.press("question_mark")
        await still(pilot)

    assert snap_compare(new_app(home), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_services_checklist_at_80x24(snap_compare, home: Path, lang: str):
    """At 80x24 you should see 'Which of these are true of your service?' with four statements, 'None of these'
    and 'Not sure of some: ask me one at a time' as tick boxes, the Next button in sight (中文 too)."""

    async def run_before(pilot: Pilot) -> None:
        await give(pilot, "public")
        await live(pilot)
        await still(pilot)

    assert snap_compare(new_app(home, lang=lang), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_defaults_taken_are_confirmed_together_at_120x40(snap_compare, home: Path, lang: str):
    """You should see 'These 3 answers were suggested by your others and taken for now. Keep them all?', the
    three listed (province, the contact, batch output), and Yes (y) / No (n) (中文 too)."""
    missing = ("subject.province", "subject.contact.name", "algorithm.data.batch_output")
    save(home, {k: v for k, v in (answers_of(CHATBOT) | GENAI).items() if k not in missing}, lang=lang)

    async def run_before(pilot: Pilot) -> None:
        await live(pilot)
        await still(pilot)

    assert snap_compare(new_app(home, start="resume"), terminal_size=(120, 40), run_before=run_before)


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
    """You should see the finished interview and, in the findings panel under the legend, each finding's whole
    title wrapped under its mark, and the provider filing selected (marked OVERDUE) with its reason, status,
    basis (DSP Art. 19(1); in Chinese 《互联网信息服务深度合成管理规定》第十九条第一款), deadline and the answers
    behind it."""
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
    """You should see every answer under its section heading, the question, answer and state side by side;
    after 'generates content' was changed to no, the answers that stopped applying (content kinds, the
    algorithm's, the products) stay listed at the bottom, dimmed, as set aside (End pressed)."""
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
    provider filing first, the roles with their reasons, the list of sections on the left (120 columns),
    and the Export (F7) and Close buttons."""
    saved(home, lang=lang)

    async def run_before(pilot: Pilot) -> None:
        await live(pilot)
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
    the buttons Change, Remove item, Add in the chat and Close."""
    saved(home)

    async def run_before(pilot: Pilot) -> None:
        await live(pilot)
        await pilot.press("f5")
        await pilot.pause()
        pilot.app.screen.select("products")
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
    """At 80x24 you should see the first question with its options readable across the whole width: the
    findings are folded away behind F9 (in the footer)."""
    assert snap_compare(new_app(home), terminal_size=(80, 24), run_before=still)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_findings_in_a_small_terminal_take_the_chats_place(snap_compare, home: Path, lang: str):
    """At 80x24, after F9, you should see the findings across the whole width: progress, sections, the legend,
    the roles, the filing owed and the first obligations, their whole titles wrapped (the Chinese ones too),
    the rest a scroll away; the chat is out of sight until F9 again."""
    saved(home, lang=lang)

    async def run_before(pilot: Pilot) -> None:
        await live(pilot)
        await pilot.press("f9")
        await still(pilot)

    assert snap_compare(new_app(home, start="resume"), terminal_size=(80, 24), run_before=run_before)


def test_tick_boxes_at_80x24_with_the_next_button_in_sight(snap_compare, home: Path):
    """At 80x24 you should see the content kinds question with its boxes drawn [ ] and, for Dialogue,
    [✓] (a glyph, not a shade), and the Next button under the list."""

    async def run_before(pilot: Pilot) -> None:
        await give(pilot, "public")
        await give(pilot, ["each"])  # the service's checklist, one question at a time
        await give(pilot, True)
        await give(pilot, True)
        await live(pilot)
        await pilot.press("down", "space")
        await still(pilot)

    assert snap_compare(new_app(home), terminal_size=(80, 24), run_before=run_before)


def test_help_ends_with_the_glossary(snap_compare, home: Path):
    """At 80x24, after F1 and End, you should see the end of the glossary (working days, not sure and set
    aside) and the not-legal-advice line."""

    async def run_before(pilot: Pilot) -> None:
        await live(pilot)
        await pilot.press("f1")
        await read(pilot)
        await pilot.press("end")
        await still(pilot)

    assert snap_compare(new_app(home), terminal_size=(80, 24), run_before=run_before)


# --- Long screens scroll to their end ------------------------------------------------------------


LAST_SUMMARY = {
    "en": ("What to do next", "Check the 12 other obligations marked open above"),
    "zh": ("下一步行动", "逐项核实上文标为待确认的其余12项义务"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_summary_scrolls_to_its_last_section(snap_compare, home: Path, lang: str, size: str):
    """You should see the end of the summary (End pressed): its last section, 'What to do next'
    (下一步行动), down to its last line (check the other open obligations), the scroll bar at the bottom of its
    track, and the Export and Close buttons under it. (At 80x24 in English the section is taller than the screen: its
    heading is checked one `[` (previous section) up, then End is pressed again.)"""
    saved(home, lang=lang)
    heading, last = LAST_SUMMARY[lang]

    async def run_before(pilot: Pilot) -> None:
        await live(pilot)
        await pilot.press("f6")
        await read(pilot)
        await pilot.press("end")
        await still(pilot)
        assert last in screen_text(pilot.app), screen_text(pilot.app)
        if heading not in screen_text(pilot.app):
            await pilot.press("left_square_bracket")
            await pilot.pause()
            assert screen_text(pilot.app).splitlines()[1:3].count("  " + heading) == 1, screen_text(pilot.app)
            await pilot.press("end")
        await still(pilot)
        assert last in screen_text(pilot.app), screen_text(pilot.app)

    assert snap_compare(new_app(home, start="resume"), terminal_size=SIZES[size], run_before=run_before)


LAST_REVIEW = {
    "en": ("Which materials of the full filing", "are ready?", "answered"),
    "zh": ("完整备案的哪些材料已经准备好？", "已回答"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_review_scrolls_to_its_last_section(snap_compare, home: Path, lang: str, size: str):
    """You should see the end of the review (End pressed): its last section, the generative AI filing, ending with
    the whole question 'Which materials of the full filing are ready?', its answer and its state 'answered'
    (已回答), all within the width of the terminal."""
    saved(home, lang=lang)

    async def run_before(pilot: Pilot) -> None:
        await live(pilot)
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("end")
        await still(pilot)
        shown = screen_text(pilot.app)
        for words in LAST_REVIEW[lang]:
            assert words in shown, f"{words!r} is not on screen:\n{shown}"

    assert snap_compare(new_app(home, start="resume"), terminal_size=SIZES[size], run_before=run_before)


LAST_FORM = {
    "en": ("Associated products and functions", "☐ 小智 App: AI chat, Group assistant"),
    "zh": ("关联产品及功能", "☐ 小智 App：AI chat、Group assistant"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_form_scrolls_to_its_end(snap_compare, home: Path, lang: str, size: str):
    """You should see the end of the filing form (F6, f, End): the last fields of Step 3 (function 2, 'Group
    assistant', its access path, name, description and 'uses generation: Yes'), then the last step, 'Associated
    products and functions' (关联产品及功能), with the box to tick for 小智 App and its two functions, highlighted,
    the scroll bar at the bottom of its track, and the footer keys c Copy, a Copy all, ] (and [ where there is
    room), Ctrl+Q, F1 and F4."""
    saved(home, lang=lang)
    heading, last = LAST_FORM[lang]

    async def run_before(pilot: Pilot) -> None:
        from assistant.shells.tui.screens.form import FormScreen

        await live(pilot)
        await pilot.press("f6")
        await read(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FormScreen)
        await pilot.press("end")
        await still(pilot)
        shown = screen_text(pilot.app)
        for words in (heading, last):
            assert words in shown, f"{words!r} is not on screen:\n{shown}"

    assert snap_compare(new_app(home, start="resume"), terminal_size=SIZES[size], run_before=run_before)
