"""The chat TUI driven through Textual's pilot, as filers would use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static, TextArea

from assistant.law.questions import load_bank
from assistant.files.record import validated_record
from assistant.saved.store import Store
from assistant.shells.tui.screens.chat import ChatScreen
from assistant.shells.tui.screens.dialogs import ConfirmScreen, EditAnswerScreen
from assistant.shells.tui.screens.home import HomeScreen
from assistant.shells.tui.screens.review import ReviewScreen
from assistant.shells.tui.screens.summary import SummaryScreen
from conftest import DATA
from driver import answers_of, chat, give, new_app, walk
from test_examples import EXAMPLES, expectation

SIZE = (120, 40)
PERSONAS = [p for p in EXAMPLES if p.name.split("-")[0] in {"e01", "e03", "e04"}]


CHATBOT = DATA / "answers" / "valid" / "complete-chatbot.toml"


def saved_all_but(home: Path, *missing: str) -> dict:
    """A filer who answered every question of the chatbot example except `missing`, saved as 'acme'."""
    answers = {k: v for k, v in answers_of(CHATBOT).items() if k not in missing}
    Store(home).write("acme", "en", answers, list(answers))
    return answers


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def finding_ids(app) -> set[str]:
    listing = app.screen.query_one("#finding-list", OptionList)
    return {listing.get_option_at_index(i).id for i in range(listing.option_count)} - {None}


@pytest.mark.parametrize("example", PERSONAS, ids=lambda p: p.name.removesuffix(".answers.toml"))
async def test_a_persona_walks_the_whole_interview_and_the_findings_match(example: Path, home: Path):
    expect = expectation(example)
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, answers_of(example))
        findings = finding_ids(app)
        for role, holds in expect.get("roles", {}).items():
            assert (f"role.{role}" in findings) is holds, role
        assert {f.removeprefix("filing.") for f in findings if f.startswith("filing.") and f != "filing.none"} == set(expect["filings"])
        for oid in expect.get("must", []):
            assert f"obligation.{oid}" in findings
        for oid in expect.get("must_not", []):
            assert f"obligation.{oid}" not in findings
        assert "last question that applies" in shown(app, "#question")
    saved = Store(home).read("acme")
    for qid in expect.get("todo_includes", []):
        assert qid not in saved.answers


async def test_a_complete_chatbot_interview_fills_products_item_by_item_and_finishes(home: Path):
    answers = answers_of(CHATBOT)
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        asked = await walk(pilot, answers)
        assert asked.count("products") > 3
        assert "Everything is answered" in shown(app, "#question")
        assert chat(app).interview.complete
    assert Store(home).read("acme").answers == answers


async def test_selecting_a_finding_shows_its_basis_and_the_answers_behind_it(home: Path):
    saved_all_but(home)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#finding-list", OptionList)
        listing.focus()
        listing.highlighted = listing.get_option_index("obligation.filing.provider")
        await pilot.pause()
        detail = shown(app, "#finding-detail")
        assert "Basis" in detail and "Because you answered" in detail
        assert "(role.serves_end_users)" in detail


async def test_a_filer_who_quits_mid_question_finds_every_answer_on_resume(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await give(pilot, "public")
        await give(pilot, True)
        first_unanswered = chat(app).interview.current.id
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    saved = Store(home).read("acme")
    assert saved.answers == {"scope.audience": "public", "scope.public_interaction": True}

    again = new_app(home, start="resume")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = chat(again)
        assert screen.interview.current.id == first_unanswered
        transcript = " ".join(str(w.render()) for w in screen.query(".turn"))
        assert "Welcome back to 'acme'" in transcript
        assert "The public in mainland China" in transcript


async def test_back_returns_to_the_previous_question_with_its_answer_kept(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await give(pilot, "public")
        await give(pilot, True)
        await pilot.press("f2")
        await pilot.pause()
        iv = chat(app).interview
        assert iv.current.id == "scope.public_interaction"
        assert iv.answers["scope.public_interaction"] is True
        await give(pilot, False)
        assert iv.answers["scope.public_interaction"] is False


async def test_a_bad_date_is_refused_beside_the_question_and_nothing_is_lost(home: Path):
    before = saved_all_but(home, "algorithm.launch_date")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        iv = chat(app).interview
        assert iv.current.id == "algorithm.launch_date"
        assert "YYYY-MM-DD" in shown(app, ".hint")
        await pilot.press(*"2027-02-30", "enter")
        assert "2027-02-30" in shown(app, "#problem")
        assert iv.current.id == "algorithm.launch_date"
        assert Store(home).read("acme").answers == before
        app.screen.query_one("#line", Input).value = ""
        await pilot.press(*"2027-03-01", "enter")
        assert shown(app, "#problem") == ""
        assert str(Store(home).read("acme").answers["algorithm.launch_date"]) == "2027-03-01"


async def test_the_word_counter_counts_chinese_characters_and_refuses_over_the_limit(home: Path):
    saved_all_but(home, "algorithm.introduction")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        iv = chat(app).interview
        question = iv.current.id
        area = app.screen.query_one("#words", TextArea)
        area.text = "算法" * 60 + " words" * 10
        await pilot.pause()
        assert shown(app, "#counter").startswith("130 / 200")
        area.text = "字" * 201
        await pilot.pause()
        assert "over" in app.screen.query_one("#counter").classes
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "201 words is over the limit of 200" in shown(app, "#problem")
        assert question not in iv.answers
        area.text = "字" * 200
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert iv.answers[question] == "字" * 200


async def test_switching_to_chinese_re_renders_the_transcript_and_is_saved(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await give(pilot, "public")
        await pilot.press("f4")
        await pilot.pause()
        screen = chat(app)
        transcript = " ".join(str(w.render()) for w in screen.query(".turn"))
        assert "中国境内的公众" in transcript or "公众" in transcript
        assert "谁在使用" in transcript
        assert "用户" in shown(app, "#question") or shown(app, "#question") != ""
        assert Store(home).read("acme").lang == "zh"
        await pilot.press("f4")
        await pilot.pause()
        assert "Who uses the service?" in " ".join(str(w.render()) for w in chat(app).query(".turn"))


async def test_why_we_ask_opens_with_f1(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        why = app.screen.query_one("#why")
        assert "hidden" in why.classes
        await pilot.press("f1")
        await pilot.pause()
        assert "hidden" not in why.classes
        assert shown(app, "#why") == chat(app).interview.prompt.field.help("en")


async def test_an_answer_edited_in_review_sets_later_answers_aside_and_brings_them_back(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await give(pilot, "public")
        await give(pilot, True)
        await give(pilot, True)  # service.generates_content
        iv = chat(app).interview
        later = iv.current.id
        assert later == "service.content_kinds"
        await give(pilot, ["text"])
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        table = app.screen.query_one("#review")
        table.move_cursor(row=table.get_row_index("service.generates_content"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditAnswerScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "service.content_kinds" in iv.set_aside()
        assert "set aside" in str(table.get_row("service.content_kinds")[-1])
        table.move_cursor(row=table.get_row_index("service.generates_content"))
        await pilot.press("enter", "y")
        await pilot.pause()
        assert iv.counted()["service.content_kinds"] == ["text"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)


async def test_deleting_an_interview_asks_first_and_cancel_keeps_it(home: Path):
    store = Store(home)
    store.write("old-client", "en", {"scope.audience": "public"}, ["scope.audience"])
    store.write("keep", "en", {}, [])
    app = new_app(home, start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#interviews")
        table.move_cursor(row=table.get_row_index("old-client"))
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the focused button is Cancel
        await pilot.pause()
        assert store.exists("old-client")
        table.move_cursor(row=table.get_row_index("old-client"))
        await pilot.press("delete")
        await pilot.pause()
        await pilot.click("#confirm")
        await pilot.pause()
        assert not store.exists("old-client")
        assert store.exists("keep")


async def test_starting_from_home_asks_a_name_and_lands_on_the_first_question(home: Path):
    app = new_app(home, start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "which CAC algorithm filings" in shown(app, "#empty-text")
        await pilot.click("#start")
        await pilot.pause()
        name = app.screen.query_one("#name", Input)
        assert name.value == "interview-1"
        name.value = "客户 A"
        await pilot.press("enter")
        await pilot.pause()
        assert chat(app).session.name == "客户 A"
        assert chat(app).interview.current.id == "scope.audience"
    assert Store(home).exists("客户 A")


async def test_an_interview_open_elsewhere_is_refused_from_home(home: Path):
    store = Store(home)
    store.write("busy", "en", {}, [])
    app = new_app(home, start="home")
    with store.lock("busy"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert any("busy" in str(n.message) for n in app._notifications)


async def test_the_summary_screen_exports_the_record_to_the_chosen_path(home: Path, tmp_path: Path):
    answers = saved_all_but(home)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("f7")
        await pilot.pause()
        target = tmp_path / "out" / "acme.record.toml"
        target.parent.mkdir()
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert str(target) in shown(app, "#exported")
    _, recorded = validated_record(load_bank(), target)
    assert recorded == answers


async def test_no_color_is_honoured(home: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = new_app(home)
    assert app.no_color


async def test_an_answer_widget_posts_the_answer_and_the_engine_decides(home: Path):
    from assistant.shells.tui.widgets.answer import AnswerSubmitted

    posted = []
    app = new_app(home)
    async with app.run_test(size=SIZE, message_hook=posted.append) as pilot:
        await give(pilot, "business_customers")
    # The hook sees a message at each step of its bubbling up: count each once.
    answers = list({id(m): m for m in posted if isinstance(m, AnswerSubmitted)}.values())
    assert [m.value for m in answers] == ["business_customers"]
    assert Store(home).read("acme").answers == {"scope.audience": "business_customers"}


async def test_the_command_palette_offers_the_summary_and_the_theme_key_switches_to_light(home: Path):
    saved_all_but(home)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        assert app.theme == "textual-light"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Summary")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


async def test_a_first_time_filer_lands_on_the_first_question(home: Path):
    app = new_app(home, name=None, start="welcome")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert chat(app).interview.current.id == "scope.audience"
        assert "which CAC algorithm filings you owe" in " ".join(str(w.render()) for w in chat(app).query(".note"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert Store(home).names() == ["interview-1"]


async def test_a_returning_filer_sees_the_list_first(home: Path):
    Store(home).write("acme", "en", {}, [])
    app = new_app(home, name=None, start="welcome")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_text_typed_but_not_yet_given_is_kept_when_the_filer_quits(home: Path):
    saved_all_but(home, "algorithm.introduction")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"我们的算法")
        await pilot.press("ctrl+q")
    saved = Store(home).read("acme")
    assert saved.draft == {"algorithm.introduction": "我们的算法"}
    assert "algorithm.introduction" not in saved.answers

    again = new_app(home, start="resume")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        area = again.screen.query_one("#words", TextArea)
        assert area.text == "我们的算法"
        area.text = "我们的算法根据用户输入生成回答。"
        await pilot.pause()
        await pilot.press("ctrl+s")
    saved = Store(home).read("acme")
    assert saved.answers["algorithm.introduction"] == "我们的算法根据用户输入生成回答。"
    assert saved.draft == {}


async def test_a_product_half_entered_is_still_there_after_quitting(home: Path):
    saved_all_but(home, "products")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert chat(app).interview.prompt.field.id == "name"
        await pilot.press(*"小智 App", "enter")
        await give(pilot, "app")
        where = chat(app).interview.prompt.where
        await pilot.press("ctrl+q")
    saved = Store(home).read("acme")
    assert saved.record_draft["current"] == {"name": "小智 App", "form": "app"}

    again = new_app(home, start="resume")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert chat(again).interview.prompt.where == where


async def test_products_are_edited_in_review_by_removing_one_and_adding_another_in_the_chat(home: Path):
    answers = saved_all_but(home)
    first = answers["products"][0]
    two = [first, {**first, "name": "小智 网页版", "form": "website"}]
    Store(home).write("acme", "en", {**answers, "products": two}, list(answers))
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        table = app.screen.query_one("#review")
        table.move_cursor(row=table.get_row_index("products"))
        await pilot.press("enter")
        await pilot.pause()
        listing = app.screen.query_one("#items", OptionList)
        assert listing.option_count == 2
        listing.highlighted = 1
        await pilot.click("#remove")
        await pilot.pause()
        iv = app.screen.session.interview
        assert [p["name"] for p in iv.answers["products"]] == [first["name"]]

        table.move_cursor(row=table.get_row_index("products"))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#add")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert iv.prompt.field.id == "another"
        await give(pilot, False)
        assert [p["name"] for p in iv.answers["products"]] == [first["name"]]
        assert iv.complete
    assert [p["name"] for p in Store(home).read("acme").answers["products"]] == [first["name"]]
