"""The chat TUI driven through Textual's pilot, as filers would use it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Input, Markdown, OptionList, Static, TextArea

from assistant.dialog.interview import Interview
from assistant.files.record import validated_record
from assistant.law.questions import NOT_SURE, load_bank
from assistant.saved.store import Store
from assistant.shells.tui.screens.chat import ChatScreen
from assistant.shells.tui.screens.dialogs import ConfirmScreen, EditAnswerScreen, EditItemScreen, ListEditScreen
from assistant.shells.tui.screens.help import HelpScreen
from assistant.shells.tui.screens.home import HomeScreen
from assistant.shells.tui.screens.review import ReviewScreen
from assistant.shells.tui.screens.summary import SummaryScreen
from conftest import COMPLETE as CHATBOT, GENAI
from driver import ONE_AT_A_TIME, TODAY, answers_of, at_once, chat, give, live, new_app, on_screen, save, steps, ticked, until, value_for, walk
from test_examples import EXAMPLES, expectation

SIZE = (120, 40)
PERSONAS = [p for p in EXAMPLES if p.name.split("-")[0] in {"e01", "e03", "e04"}]


def saved_all_but(home: Path, *missing: str) -> dict:
    """A filer who answered every question of the chatbot example except `missing`, saved as 'acme', who asked
    the checklists one at a time (each question on its own, as these tests of one kind of input want)."""
    # The generative AI filing's optional questions answered too: the interview ends where the chatbot's does.
    answers = {k: v for k, v in (answers_of(CHATBOT) | GENAI).items() if k not in missing}
    save(home, answers, one_by_one=ONE_AT_A_TIME)
    return answers


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def transcript(app) -> str:
    return " ".join(str(w.render()) for w in chat(app).query(".earlier, .turn"))


def finding_ids(app) -> set[str]:
    listing = app.screen.query_one("#finding-list", OptionList)
    return {listing.get_option_at_index(i).id for i in range(listing.option_count)} - {None}


# --- The reported bug: a half-entered product lost by skipping an earlier question again ------------------


SKIPPED = "algorithm.risk.prevention_explanation"
"""The question just before the products: skipped, then skipped again after resuming."""


async def test_skipping_an_earlier_question_again_keeps_a_half_entered_product(home: Path):
    """Skip a question, start a product, quit, resume, skip the earlier question again (F3): the product stays,
    in the saved file and on screen (the old TUI dropped it on both)."""
    saved_all_but(home, SKIPPED, "products")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert chat(app).view.ask.question_id == SKIPPED
        await pilot.press("f3")
        await pilot.pause()
        assert chat(app).view.ask.question_id == "products"
        await pilot.press(*"XiaoZhi", "enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert Store(home).read("acme").answers["products"] == [{"name": "XiaoZhi"}]

    again = new_app(home, start="resume")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(5):  # back to the question skipped (the engine resumes inside the product)
            if chat(again).view.ask.question_id == SKIPPED:
                break
            await pilot.press("f2")
            await pilot.pause()
        assert chat(again).view.ask.question_id == SKIPPED
        await pilot.press("f3")
        await pilot.pause()
        assert Store(home).read("acme").answers["products"] == [{"name": "XiaoZhi"}]
        ask = chat(again).view.ask
        # On screen: the product continues at its next field, not a new one from its name.
        assert ask.question_id == "products" and ask.field.id == "form"
        assert "item 1" in shown(again, "#question")
        assert "XiaoZhi" in transcript(again)
        await pilot.press("f5")
        await pilot.pause()
        assert "1 item(s): XiaoZhi" in again.screen.shown_answer("products")


# --- Whole interviews --------------------------------------------------------------------------------------


# The one pilot walk of a whole interview, every question through its widget, in two halves that the suite's
# workers run side by side: the company's side from a new interview, then, resumed where it stopped, the algorithm
# and its products and functions item by item.
HALFWAY = "algorithm."
"""Where the first half of the walk stops and the second resumes."""


def first_half(answers: dict) -> dict:
    """The answers the walk gives before the algorithm's questions (the interview asks in the bank's order)."""
    order = [q.id for q in load_bank().questions]
    cut = next(n for n, qid in enumerate(order) if qid.startswith(HALFWAY))
    return {k: v for k, v in answers.items() if k in order[:cut]}


async def test_a_complete_chatbot_interview_first_half_from_a_new_interview(home: Path):
    answers = answers_of(CHATBOT)
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        asked = await walk(pilot, answers, stop_at=HALFWAY)
        assert asked[0] == "scope.audience" and "subject.credit_code" in asked
        assert chat(app).view.ask.question_id.startswith(HALFWAY)
    saved = answers_of_saved(home)
    # The defaults taken on the way (the credit code's province, the officer as contact) wait for the
    # confirmation at the end, where this chatbot declines them; the other answers are saved as given.
    taken = set(Store(home).read("acme").unconfirmed)
    assert taken == {"subject.province", "subject.contact.name"}
    expected = {k: v for k, v in first_half(answers).items() if k not in taken and k not in ("subject.contact.phone", "subject.contact.email")}
    assert {k: v for k, v in saved.items() if not k.startswith(HALFWAY) and k not in taken and not k.startswith("subject.contact.")} == expected
    # And the algorithm's type, which these answers settle (stated, not asked: assistant/law/derive.py).
    assert saved["algorithm.type"] == answers["algorithm.type"]


async def test_a_complete_chatbot_interview_fills_products_item_by_item_and_finishes(home: Path):
    """The second half, resumed where the first stopped: the algorithm, then products and functions item by item."""
    answers = answers_of(CHATBOT)
    save(home, first_half(answers))
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        asked = await walk(pilot, answers)
        assert asked[0].startswith(HALFWAY)
        assert asked.count("products") > 3
        assert chat(app).view.state == "finished"
        assert "Everything is answered" in shown(app, "#question")
        assert shown(app, "#where") == "61 of 61 questions that apply answered"
        assert chat(app).interview.complete
    assert answers_of_saved(home) == answers


def answers_of_saved(home: Path) -> dict:
    from assistant.dialog.session import answers_of as saved_answers

    return saved_answers(Store(home), "acme")


def engine_walk(answers: dict) -> Interview:
    """The same walk as the driver's, through the engine alone: answer what the answers hold, skip the rest."""
    iv = Interview(load_bank(), today=TODAY)
    view = iv.view()
    for _ in range(400):
        if view.ask is None:
            return iv
        value, found = value_for(answers, iv.answers, view.ask)
        view = iv.answer(value) if found else iv.skip()
        assert not view.refused, view.problem
    raise AssertionError("the interview did not end")


@pytest.mark.parametrize("example", PERSONAS, ids=lambda p: p.name.removesuffix(".answers.toml"))
async def test_a_persona_who_leaves_questions_open_sees_the_findings_and_the_open_questions(example: Path, home: Path):
    """Each persona walks the engine (fast); the screen then shows its findings and, at the end, its open questions."""
    expect = expectation(example)
    iv = engine_walk(answers_of(example))
    assert iv.state == "finished_open"
    save(home, iv.answers)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # A sitting that starts at the end with open questions goes through them: the first is asked.
        view = chat(app).view
        assert view.ask is not None and view.ask.question_id == view.open[0].id
        findings = finding_ids(app)
        for role, holds in expect.get("roles", {}).items():
            assert (f"role.{role}" in findings) is holds, role
        assert {f.removeprefix("filing.") for f in findings if f.startswith("filing.") and f != "filing.none"} == set(expect["filings"])
        for oid in expect.get("must", []):
            assert f"obligation.{oid}" in findings
        for oid in expect.get("must_not", []):
            assert f"obligation.{oid}" not in findings
        open_ids = {o.id for o in view.open}
        for qid in expect.get("todo_includes", []):
            assert qid in open_ids


async def test_at_the_end_the_open_questions_are_listed_with_a_button_to_answer_them(home: Path):
    saved_all_but(home, "algorithm.name", "users.minors")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert chat(app).view.ask.question_id == "users.minors"
        await pilot.press("u")  # not sure: it stays open
        await pilot.pause()
        assert chat(app).view.ask.question_id == "algorithm.name"
        await pilot.press("f3")
        await pilot.pause()
        view = chat(app).view
        assert view.state == "finished_open"
        assert "2 are still open" in shown(app, "#question")
        listing = app.screen.query_one("#open-list", OptionList)
        assert [listing.get_option_at_index(i).id for i in range(listing.option_count)] == ["users.minors", "algorithm.name"]
        assert "not sure" in str(listing.get_option_at_index(0).prompt)
        assert "skipped" in str(listing.get_option_at_index(1).prompt)
        await pilot.click("#answer-open")
        await pilot.pause()
        assert chat(app).view.ask.question_id == "users.minors"
        await give(pilot, False)
        assert chat(app).view.ask.question_id == "algorithm.name"
        await give(pilot, answers_of(CHATBOT)["algorithm.name"])
        assert chat(app).view.state == "finished"
        assert "Everything is answered" in shown(app, "#question")


async def test_an_open_question_picked_from_the_end_is_asked(home: Path):
    saved_all_but(home, "algorithm.name", "subject.name")
    store = Store(home)
    saved = store.read("acme")
    saved.passed = ["subject.name", "algorithm.name"]
    store.write(saved)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Resumed at the end with open questions, the engine asks them at once; back to the end to pick one.
        assert chat(app).view.ask.question_id == "subject.name"
        await pilot.press("f3", "f3")
        await pilot.pause()
        assert chat(app).view.state == "finished_open"
        listing = app.screen.query_one("#open-list", OptionList)
        listing.focus()
        listing.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert chat(app).view.ask.question_id == "algorithm.name"


# --- Acts at a question --------------------------------------------------------------------------------------


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
        assert "you run the product its users use" in detail and "role.serves_end_users" not in detail


async def test_a_filer_who_quits_mid_question_finds_every_answer_on_resume(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await give(pilot, "public")
        await give(pilot, ["each"])  # the service's checklist, one question at a time
        await give(pilot, True)
        first_unanswered = chat(app).view.ask.question_id
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    saved = Store(home).read("acme")
    assert saved.answers == {"scope.audience": "public", "scope.public_interaction": True}

    again = new_app(home, start="resume")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = chat(again).view
        assert view.ask.question_id == first_unanswered
        said = transcript(again)
        assert f"Welcome back to 'acme': 2 of 5 questions that apply answered. You stopped at: {view.ask.text}" in said
        assert "The public in mainland China" in said
        assert "2 of" in shown(again, "#where")


async def test_on_resume_answers_this_version_cannot_read_are_named(home: Path):
    store = Store(home)
    save(home, {"scope.audience": "public"})
    saved = store.read("acme")
    saved.answers["scope.public_interaction"] = "sometimes"
    saved.answers["retired.question"] = True
    store.write(saved)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = transcript(app)
        assert "2 saved answers could not be read by this version" in said
        assert "scope.public_interaction = 'sometimes'" in said and "retired.question" in said
        assert chat(app).view.ask.question_id == "scope.public_interaction"
    kept = Store(home).read("acme").answers
    assert kept["scope.public_interaction"] == "sometimes" and kept["retired.question"] is True


async def test_back_returns_to_the_previous_question_with_its_answer_kept(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await give(pilot, "public")
        await give(pilot, ["each"])  # the service's checklist, one question at a time
        await give(pilot, True)
        await pilot.press("f2")
        await pilot.pause()
        screen = chat(app)
        iv = screen.interview
        assert screen.view.state == "changing"
        assert screen.view.ask.question_id == "scope.public_interaction"
        assert iv.answers["scope.public_interaction"] is True
        assert "Current answer: yes" in shown(app, "#current")
        await give(pilot, False)
        assert iv.answers["scope.public_interaction"] is False


async def test_keep_leaves_an_answer_as_it_was_and_goes_on(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await give(pilot, "public")
        await give(pilot, ["each"])  # the service's checklist, one question at a time
        await give(pilot, True)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.click(on_screen(app, "#keep"))
        await pilot.pause()
        view = chat(app).view
        assert view.notice == "Kept as it was."
        assert "Kept as it was." in shown(app, "#notice")
        assert view.ask.question_id == "service.generates_content"
        assert chat(app).interview.answers["scope.public_interaction"] is True


async def test_back_at_the_first_question_is_refused_by_the_engine(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert shown(app, "#problem") == "This is the first question."
        assert chat(app).view.ask.question_id == "scope.audience"


async def test_keys_pressed_one_after_the_other_answer_one_question_each(home: Path):
    """Each key waits for the question it answers to be on screen (the pilot waits between keys)."""
    saved_all_but(home, "algorithm.strategy.preprocess_training", "algorithm.strategy.preprocess_input")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y", "n")
        await pilot.pause()
        answers = chat(app).interview.answers
        assert answers["algorithm.strategy.preprocess_training"] is True
        assert answers["algorithm.strategy.preprocess_input"] is False


YES_NO_RUN = ("algorithm.strategy.preprocess_training", "algorithm.strategy.preprocess_input", "algorithm.strategy.postprocess_output")


@pytest.mark.parametrize("keys", [("y", "y"), ("y", "f3"), ("y", "f2"), ("y", "n", "y", "n")], ids="-".join)
async def test_keys_arriving_together_at_a_yes_no_question_answer_it_once(home: Path, keys: tuple[str, ...]):
    """`tmux send-keys yy`, or y and F3 together: the first key answers the question on screen; the others
    arrive before the next question is drawn and are ignored. Nothing crashes (the old screen died on
    `NoMatches '#yes'` or `DuplicateIds 'answer'`), nothing answers a question the filer has not seen."""
    saved_all_but(home, *YES_NO_RUN)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert chat(app).view.ask.question_id == YES_NO_RUN[0]
        at_once(app, *keys)
        await pilot.pause(0.3)
        await pilot.pause()
        iv = chat(app).interview
        assert iv.answers[YES_NO_RUN[0]] is True
        assert YES_NO_RUN[1] not in iv.answers and YES_NO_RUN[1] not in iv.passed
        assert chat(app).view.ask.question_id == YES_NO_RUN[1]
        await pilot.press("n")  # and the next question, once on screen, takes its answer
        assert iv.answers[YES_NO_RUN[1]] is False


async def test_keys_arriving_together_at_tick_boxes_tick_the_rows_meant(home: Path):
    """Space, Down, Space and Enter in one burst (a paste, a fast typist): rows 1 and 2 ticked, in that order,
    and sent; the old list ticked and unticked row 1 and left the answer unsent."""
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await give(pilot, "public")
        await give(pilot, ["each"])  # the service's checklist, one question at a time
        await give(pilot, True)
        await give(pilot, True)
        assert chat(app).view.ask.question_id == "service.content_kinds"
        at_once(app, "space", "down", "space", "enter")
        await pilot.pause(0.3)
        await pilot.pause()
        assert chat(app).interview.answers["service.content_kinds"] == ["text", "dialogue"]
        assert chat(app).view.ask.question_id != "service.content_kinds"


async def test_keys_typed_ahead_of_tick_boxes_tick_nothing(home: Path):
    """Yes and a Space together at the question before the tick boxes: the Space arrives before the boxes are
    drawn and ticks nothing; the list waits, empty, for the filer."""
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await give(pilot, "public")
        await give(pilot, ["each"])  # the service's checklist, one question at a time
        await give(pilot, True)
        at_once(app, "y", "space", "enter")
        await pilot.pause(0.3)
        await pilot.pause()
        iv = chat(app).interview
        assert iv.answers["service.generates_content"] is True
        assert "service.content_kinds" not in iv.answers
        assert chat(app).view.ask.question_id == "service.content_kinds"
        assert ticked(app) == []


async def test_an_answer_from_an_input_already_replaced_is_not_taken_for_the_next_question(home: Path):
    from assistant.shells.tui.widgets.answer import AnswerSubmitted

    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await give(pilot, "public")
        # A second Enter typed ahead into the first question's list as it was replaced: it names that prompt.
        chat(app).post_message(AnswerSubmitted(True, prompt="scope.audience"))
        await pilot.pause()
        view = chat(app).view
        assert view.ask.question_id == "scope.public_interaction"
        assert "scope.public_interaction" not in chat(app).interview.answers
        assert view.problem is None


async def test_skipping_says_so_and_shows_how_many_questions_apply(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await give(pilot, "public")
        await give(pilot, ["each"])  # the service's checklist, one question at a time
        await give(pilot, True)
        before = chat(app).view.applies
        await give(pilot, True)  # generates content: more questions apply
        view = chat(app).view
        assert view.applies > before
        assert view.progress_note and view.progress_note in shown(app, "#notice")
        assert view.progress in shown(app, "#where")
        await pilot.press("f3")
        await pilot.pause()
        assert "Skipped for now" in shown(app, "#notice")
        assert "service.content_kinds" in chat(app).interview.passed


async def test_a_bad_date_is_refused_beside_the_question_and_nothing_is_lost(home: Path):
    saved_all_but(home, "algorithm.launch_date")
    before = Store(home).read("acme").answers
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = chat(app)
        assert screen.view.ask.question_id == "algorithm.launch_date"
        assert "YYYY-MM-DD" in shown(app, ".hint")
        await pilot.press(*"2027-02-30", "enter")
        await pilot.pause()
        assert "2027-02-30" in shown(app, "#problem")
        assert app.screen.query_one("#line", Input).value == "2027-02-30"
        assert screen.view.ask.question_id == "algorithm.launch_date"
        assert Store(home).read("acme").answers == before
        app.screen.query_one("#line", Input).value = ""
        await pilot.press(*"2027-03-01", "enter")
        await pilot.pause()
        assert shown(app, "#problem") == ""
        assert Store(home).read("acme").answers["algorithm.launch_date"] == dt.date(2027, 3, 1)


async def test_the_word_counter_counts_chinese_characters_and_the_engine_refuses_over_the_limit(home: Path):
    saved_all_but(home, "algorithm.introduction")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        iv = chat(app).interview
        question = chat(app).view.ask.question_id
        area = app.screen.query_one("#words", TextArea)
        area.text = "算法" * 60 + " words" * 10
        await pilot.pause()
        assert shown(app, "#counter").startswith("130 / 200")
        area.text = "字" * 201
        await pilot.pause()
        assert "over" in app.screen.query_one("#counter").classes
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "201 words, over the limit of 200" in shown(app, "#problem")
        assert question not in iv.answers
        assert area.text == "字" * 201
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
        said = transcript(app)
        assert "中国境内的公众" in said
        assert "谁在使用" in said
        assert chat(app).view.lang == "zh"
        assert chat(app).view.ask.text in shown(app, "#question")
        assert "适用的" in shown(app, "#where")
        assert Store(home).read("acme").lang == "zh"
        await pilot.press("f4")
        await pilot.pause()
        assert "Who uses the service?" in transcript(app)


async def test_switching_language_keeps_what_is_typed(home: Path):
    saved_all_but(home, "algorithm.name")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"小智")
        await pilot.press("f4")
        await pilot.pause()
        assert app.screen.query_one("#line", Input).value == "小智"
        assert "欢迎回到" in transcript(app)


async def test_why_we_ask_opens_under_the_question_with_a_question_mark(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        why = app.screen.query_one("#why")
        assert "hidden" in why.classes
        await pilot.press("question_mark")
        await pilot.pause()
        assert "hidden" not in why.classes
        assert shown(app, "#why") == chat(app).view.ask.help


async def test_f1_opens_help_with_why_we_ask_the_keys_and_a_glossary_in_either_language(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ask = chat(app).view.ask
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(Markdown).source
        assert ask.help in text and "Glossary" in text and "**ICP**" in text and "Technical supporter" in text
        await pilot.press("f4")
        await pilot.pause()
        text = app.screen.query_one(Markdown).source
        assert "术语表" in text and "技术支持者" in text and chat_text_zh(app) in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)


def chat_text_zh(app) -> str:
    return app.session.interview.view().ask.help


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


# --- Drafts and lists -----------------------------------------------------------------------------------------


async def test_text_typed_but_not_yet_given_is_kept_when_the_filer_quits(home: Path):
    saved_all_but(home, "algorithm.introduction")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"我们的算法")
        await pilot.press("ctrl+q")
    saved = Store(home).read("acme")
    assert saved.drafts == {"algorithm.introduction": "我们的算法"}
    assert "algorithm.introduction" not in saved.answers

    again = new_app(home, start="resume")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        area = again.screen.query_one("#words", TextArea)
        assert area.text == "我们的算法"
        area.text = "我们的算法根据用户输入生成回答。"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = Store(home).read("acme")
    assert saved.answers["algorithm.introduction"] == "我们的算法根据用户输入生成回答。"
    assert saved.drafts == {}


async def test_text_typed_is_kept_when_the_filer_skips(home: Path):
    saved_all_but(home, "algorithm.name", "algorithm.introduction")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"XiaoZhi")
        await pilot.press("f3")
        await pilot.pause()
        assert chat(app).view.ask.question_id == "algorithm.introduction"
        assert Store(home).read("acme").drafts == {"algorithm.name": "XiaoZhi"}
        for _ in range(6):  # back, question by question, to the one skipped
            await pilot.press("f2")
            await pilot.pause()
            if chat(app).view.ask.question_id == "algorithm.name":
                break
        assert app.screen.query_one("#line", Input).value == "XiaoZhi"


async def test_the_draft_is_saved_and_the_app_exits_on_sigterm(home: Path):
    """The handler the app installs for SIGHUP and SIGTERM (a real terminal: see test_signals.py)."""
    import signal

    saved_all_but(home, "algorithm.name")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"小智")
        app.save_and_exit(signal.SIGTERM)
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM
    saved = Store(home).read("acme")
    assert saved.drafts == {"algorithm.name": "小智"}
    assert saved.position == ["algorithm.name"]
    with Store(home).lock("acme"):  # released
        pass


async def test_a_product_half_entered_is_still_there_after_quitting(home: Path):
    saved_all_but(home, "products")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert chat(app).view.ask.field.id == "name"
        await pilot.press(*"小智 App", "enter")
        await pilot.pause()
        await give(pilot, "app")
        assert "Products · item 1 — Product name 小智 App Products · item 1 — What form does the product take? Mobile app" in transcript(app)
        where = chat(app).view.ask.key
        await pilot.press("ctrl+q")
    saved = Store(home).read("acme")
    assert saved.answers["products"] == [{"name": "小智 App", "form": "app"}]

    again = new_app(home, start="resume")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert chat(again).view.ask.key == where
        assert "1 item(s): 小智 App" in transcript(again)
        assert "You stopped at: Which products use the algorithm?" in transcript(again)


async def test_products_are_edited_in_review_by_removing_one_and_adding_another_in_the_chat(home: Path):
    answers = answers_of(CHATBOT)
    first = answers["products"][0]
    two = [first, {**first, "name": "小智 网页版", "form": "website"}]
    save(home, {**answers, "products": two})
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        app.screen.select("products")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ListEditScreen)
        listing = app.screen.query_one("#items", OptionList)
        items = [i for i in range(listing.option_count) if str(listing.get_option_at_index(i).prompt).startswith("item ")]
        assert len(items) == 2
        listing.highlighted = items[1]
        await pilot.click("#remove")
        await pilot.pause()
        iv = app.screen.interview
        assert [p["name"] for p in iv.answers["products"]] == [first["name"]]
        assert "Removed: 小智 网页版." in shown(app, "#notice")

        await pilot.click("#add")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        ask = chat(app).view.ask
        assert (ask.question_id, ask.field.id, steps(ask)) == ("products", "name", [1, "name"])
        await pilot.press("f3")  # changed my mind: no second product
        await pilot.pause()
        assert [p["name"] for p in iv.answers["products"]] == [first["name"]]
        assert iv.complete
    assert [p["name"] for p in Store(home).read("acme").answers["products"]] == [first["name"]]


async def test_a_field_of_a_product_is_changed_in_review_and_checked_by_the_engine(home: Path):
    saved_all_but(home)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        app.screen.select("products")
        await pilot.press("enter")
        await pilot.pause()
        listing = app.screen.query_one("#items", OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        row = next(i for i, p in enumerate(prompts) if "AI chat" in p and p.strip().startswith("Function name"))
        listing.focus()
        listing.highlighted = row
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditItemScreen)
        line = app.screen.query_one("#line", Input)
        assert line.value == "AI chat"
        line.value = "   "
        await pilot.press("enter")
        await pilot.pause()
        assert "empty" in shown(app, "#problem")
        line.value = "AI 聊天"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ListEditScreen)
        iv = app.screen.interview
        assert iv.answers["products"][0]["functions"][0]["name"] == "AI 聊天"
    assert Store(home).read("acme").answers["products"][0]["functions"][0]["name"] == "AI 聊天"


# --- Review ---------------------------------------------------------------------------------------------------


async def test_an_answer_edited_in_review_sets_later_answers_aside_and_brings_them_back(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await give(pilot, "public")
        await give(pilot, ["each"])  # the service's checklist, one question at a time
        await give(pilot, True)
        await give(pilot, True)  # service.generates_content
        iv = chat(app).interview
        assert chat(app).view.ask.question_id == "service.content_kinds"
        await give(pilot, ["text"])
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        review = app.screen
        review.select("service.generates_content")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditAnswerScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "service.content_kinds" in iv.set_aside()
        assert "set aside" in review.shown_state("service.content_kinds")
        assert "no longer apply" in shown(app, "#notice")
        review.select("service.content_kinds")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "does not apply to your answers now" in shown(app, "#problem")
        review.select("service.generates_content")
        await pilot.press("enter", "y")
        await pilot.pause()
        assert iv.counted()["service.content_kinds"] == ["text"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert chat(app).view.ask.question_id == "service.anthropomorphic"


async def test_the_review_dialog_offers_not_sure_only_where_the_engine_allows_it(home: Path):
    saved_all_but(home)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        review = app.screen
        review.select("service.generates_content")
        await pilot.press("enter")
        await pilot.pause()
        assert not app.screen.query_one("#unsure").display
        await pilot.press("u")  # not offered: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, EditAnswerScreen)
        await pilot.click("#cancel")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.interview.answers["service.generates_content"] is True
        assert shown(app, "#notice") == "Kept as it was."
        review.select("users.minors")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#unsure").display
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.interview.answers["users.minors"] is NOT_SURE
        assert "not sure" in review.shown_state("users.minors")


# --- Home, summary, app ----------------------------------------------------------------------------------------


async def test_deleting_an_interview_asks_first_and_cancel_keeps_it(home: Path):
    store = Store(home)
    save(home, {"scope.audience": "public"}, name="old-client")
    save(home, {}, name="keep")
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
        assert chat(app).view.ask.question_id == "scope.audience"
    assert Store(home).exists("客户 A")


async def test_home_warns_of_answers_this_version_cannot_read(home: Path):
    store = Store(home)
    save(home, {"scope.audience": "public"})
    saved = store.read("acme")
    saved.answers["retired.question"] = True
    store.write(saved)
    app = new_app(home, start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "acme: 1 saved answers this version cannot read" in shown(app, "#damaged")


async def test_an_interview_open_elsewhere_is_refused_from_home(home: Path):
    store = Store(home)
    save(home, {}, name="busy")
    app = new_app(home, start="home")
    with store.lock("busy"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert any("busy" in str(n.message) for n in app._notifications)


async def test_going_home_saves_and_releases_the_interview(home: Path):
    saved_all_but(home, "algorithm.name")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"XiaoZhi")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert Store(home).read("acme").drafts == {"algorithm.name": "XiaoZhi"}
        with Store(home).lock("acme"):
            pass
        await pilot.press("enter")  # open it again from the list
        await pilot.pause()
        assert app.screen.query_one("#line", Input).value == "XiaoZhi"


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
        assert chat(app).view.ask.question_id == "scope.audience"
        assert "which CAC algorithm filings you owe" in " ".join(str(w.render()) for w in chat(app).query(".note"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert Store(home).names() == ["interview-1"]


async def test_a_returning_filer_sees_the_list_first(home: Path):
    save(home, {})
    app = new_app(home, name=None, start="welcome")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def answer_from(pilot, answers: dict) -> None:
    """Answer the question on screen as `answers` (an answers file's flat answers) say."""
    await live(pilot)
    ask = chat(pilot.app).view.ask
    value, found = value_for(answers_of(answers), chat(pilot.app).interview.answers, ask)
    assert found, ask.key
    await give(pilot, value)


async def test_on_a_narrow_screen_the_findings_are_worked_out_only_when_f9_shows_them(home: Path, monkeypatch):
    """Issue #23: with the findings folded away (80x24), an answer does not assess the interview; F9 shows the
    findings of every answer given so far."""
    from assistant.shells.tui.widgets.findings import FindingsPanel

    shows = []
    real = FindingsPanel.show
    monkeypatch.setattr(FindingsPanel, "show", lambda self, view: shows.append(view) or real(self, view))
    app = new_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await answer_from(pilot, CHATBOT)
        await live(pilot)
        await pilot.pause()
        assert shows == []
        await pilot.press("f9")
        await until(pilot, lambda: bool(shows))
        await pilot.pause()
        assert any(i.startswith("role.") for i in finding_ids(app)), finding_ids(app)
        assert shows[-1].answered == chat(app).view.answered
        await pilot.press("f9")  # back to the question; an answer there assesses nothing while folded
        before = len(shows)
        await answer_from(pilot, CHATBOT)
        await live(pilot)
        await pilot.pause()
        assert len(shows) == before


async def test_on_a_wide_screen_the_findings_follow_each_answer(home: Path):
    app = new_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await give(pilot, "public")
        await give(pilot, ["each"])  # the service's checklist, one question at a time
        await give(pilot, True)
        await live(pilot)
        await until(pilot, lambda: any(i.startswith("role.") for i in finding_ids(app)))
