"""Issues #12 and #10 in the TUI: the summary offers the filing form (copied field by field) and the draft documents,
and, where the service shows more than one algorithm, the interview of the next one (one filing per algorithm)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Input, OptionList

from assistant.saved.store import Store
from assistant.shells.tui.screens.chat import ChatScreen
from assistant.shells.tui.screens.dialogs import DraftsScreen, GenaiScreen
from assistant.shells.tui.screens.form import FormScreen
from assistant.shells.tui.screens.home import HomeScreen
from assistant.shells.tui.screens.summary import SummaryScreen
from conftest import COMPLETE as CHATBOT
from driver import answers_of, chat, live, new_app, read, save, screen_text, until

SIZE = (120, 40)
PUSH = {"service.recommends_content": True, "service.recommendation_kinds": ["personalized_push"]}
"""The chatbot also runs a personalised feed: two algorithms, two filings."""
COMPANY = "杭州小智科技有限公司"


def said(app) -> list[str]:
    """What the app notifies from now on (a toast is gone before a screenshot can read it)."""
    notices: list[str] = []
    app.notify = lambda message, **kwargs: notices.append(message)
    return notices


async def open_summary(pilot) -> None:
    await live(pilot)
    await pilot.press("f6")
    await until(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen))
    await read(pilot)


async def open_form(pilot) -> FormScreen:
    await open_summary(pilot)
    await pilot.press("f")
    await until(pilot, lambda: isinstance(pilot.app.screen, FormScreen))
    await pilot.pause()
    return pilot.app.screen


# --- The form ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_form_opens_from_the_summary_in_the_interviews_language_and_jumps_from_step_to_step(home: Path, lang: str):
    save(home, answers_of(CHATBOT), lang=lang)
    app = new_app(home, start="resume")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        step1, step2 = {"en": ("Step 1: Information", "Step 2: Information"), "zh": ("第一步", "第二步")}[lang]
        assert step1 in screen_text(app)
        listing = form.query_one("#form-fields", OptionList)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert listing.highlighted_option.id == "step-1"
        top = [line.strip(" ▊▎▔") for line in screen_text(app).splitlines()[3:7]]
        assert any(line.startswith(step2) for line in top), screen_text(app)  # at the top of the list
        await pilot.press("left_square_bracket")
        assert listing.highlighted_option.id == "step-0"
        await pilot.press("end")
        assert listing.scroll_y == listing.max_scroll_y > 0
        await pilot.press("f4")  # the other language: the form follows
        await pilot.pause()
        other = "zh" if lang == "en" else "en"
        assert form.form.lang == other and form.form.steps[0].title.startswith({"en": "Step 1", "zh": "第一步"}[other])


async def test_f4_on_the_form_is_followed_by_the_summary_and_the_chat_under_it_when_shown_again(home: Path):
    """The screens under the form are drawn in the new language when the filer goes back to them (not while hidden)."""
    save(home, answers_of(CHATBOT), lang="en")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await pilot.press("f4")
        await until(pilot, lambda: "第一步" in screen_text(app))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await read(pilot)
        text = screen_text(app)
        assert "摘要" in text and "Summary" not in text, text
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ChatScreen))
        await live(pilot)
        text = screen_text(app)
        assert "个问题中已回答" in "".join(text.split()), text  # where the chat stands, in Chinese
        assert "questions that apply" not in text and "saved" not in text, text
        assert chat(app).view.lang == "zh"


async def test_c_copies_the_answer_of_the_field_under_the_cursor(home: Path):
    save(home, answers_of(CHATBOT), lang="zh")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        notices = said(app)
        listing = form.query_one("#form-fields", OptionList)
        key = next(k for k, text in form.copies.items() if text == COMPANY)
        listing.highlighted = listing.get_option_index(key)
        await pilot.press("c")
        assert app.clipboard == COMPANY
        assert notices == [f"已复制：{COMPANY}"]
        await pilot.press("home")  # the title: nothing to copy
        await pilot.press("up")
        listing.highlighted = listing.get_option_index("step-0")
        await pilot.press("c")
        assert app.clipboard == COMPANY and notices[-1].startswith("此处没有可复制的内容")
        await pilot.press("a")  # the whole form, as `filing-assistant form` prints it
        assert app.clipboard.startswith("算法备案表单") and "第三步" in app.clipboard


def drawn(prompt) -> str:
    """An option's prompt (a field is a grid of its label and answer) as the text it draws."""
    console = Console(width=120, file=io.StringIO(), record=True)
    console.print(prompt)
    return console.export_text()


async def test_c_on_an_upload_copies_the_file_that_goes_there_not_the_word_upload(home: Path):
    """Copying the self-assessment upload gave "上传文件" (upload the file), which nothing can be pasted into: it
    copies the draft's file name, what the upload dialog asks for; an upload with no draft has nothing to copy."""
    save(home, answers_of(CHATBOT), lang="zh")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        notices = said(app)
        listing = form.query_one("#form-fields", OptionList)

        def row(label: str) -> int:
            found = [option.id for option in listing.options if option.id and label in drawn(option.prompt)]
            assert found, f"no {label} upload row"
            return listing.get_option_index(found[0])

        listing.highlighted = row("《算法安全自评估报告》")
        await pilot.press("c")
        assert app.clipboard == "self_assessment_report.docx"
        assert notices[-1] == "已复制：self_assessment_report.docx"
        listing.highlighted = row("《算法备案承诺书》")  # on the system's own template: no draft, nothing to copy
        await pilot.press("c")
        assert app.clipboard == "self_assessment_report.docx" and notices[-1].startswith("此处没有可复制的内容")
        assert "上传文件" not in form.copies.values()


# --- The draft documents -----------------------------------------------------------------------------------------


async def test_documents_writes_the_three_drafts_into_the_folder_chosen(home: Path, tmp_path: Path):
    save(home, answers_of(CHATBOT))
    app = new_app(home, start="resume")
    target = tmp_path / "drafts"
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen))
        app.screen.query_one("#path", Input).value = "  "
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        assert "Type the folder to write the drafts into" in str(app.screen.query_one("#problem").render())
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        shown = " ".join(screen_text(app).split())
        assert "self_assessment_report.docx" in shown
    written = sorted(p.name for p in target.iterdir())
    assert written == ["evidence_checklist.docx", "public_disclosure.docx", "self_assessment_report.docx", "subject_responsibility_table.docx"]
    assert all(zipfile.is_zipfile(target / name) for name in written)


async def test_documents_with_no_filing_owed_says_why_and_asks_no_folder(home: Path):
    save(home, {"scope.audience": "internal"}, lang="zh")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        notices = said(app)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert notices and notices[0].startswith("未生成初稿：")


# --- The generative AI filing's package (issue 24: from the summary, g) -------------------------------------------


async def test_g_on_the_summary_writes_the_generative_ai_filing_package_into_the_folder_chosen(home: Path, tmp_path: Path):
    save(home, answers_of(CHATBOT))
    app = new_app(home, start="resume")
    target = tmp_path / "genai"
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, GenaiScreen))
        assert "route.md" in screen_text(app)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
    written = sorted(p.name for p in target.iterdir())
    assert "route.md" in written and "materials.md" in written  # CONTRACT §12
    assert any(name.endswith(".docx") for name in written)


async def test_g_with_no_generative_ai_filing_owed_says_why_and_asks_no_folder(home: Path):
    save(home, {"scope.audience": "internal"}, lang="zh")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        notices = said(app)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert notices and not isinstance(app.screen, GenaiScreen)


# --- One filing per algorithm ------------------------------------------------------------------------------------


async def test_file_the_next_algorithm_from_the_summary_copies_the_company_and_opens_it(home: Path):
    save(home, {**answers_of(CHATBOT), **PUSH})
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        assert app.screen.query_one("#next-algorithm").display
        notices = said(app)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ChatScreen) and app.session.name != "acme")
        assert app.session.name == "acme-personalized_push"
        assert notices and "acme-personalized_push" in notices[0]
        await live(pilot)
        iv = chat(app).interview
        assert iv.answers["subject.name"] == COMPANY and iv.answers["algorithm.type"] == "personalized_push"
        assert "algorithm.name" not in iv.answers
        # The products and functions are copied, each function to be asked whether it uses this algorithm (CONTRACT §1).
        assert iv.answers["products"] and all("uses_generation" not in f for p in iv.answers["products"] for f in p["functions"])
        # Both algorithms have an interview now: none is left, and nothing new is made.
        await open_summary(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen) and app.session.name == "acme-personalized_push"
        assert notices[-1].startswith("acme-personalized_push: every algorithm") and "none is left" in notices[-1]
    assert sorted(Store(home).names()) == ["acme", "acme-personalized_push"]


async def test_the_summary_of_a_single_algorithm_does_not_offer_the_next_one(home: Path):
    save(home, answers_of(CHATBOT))
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        assert not app.screen.query_one("#next-algorithm").display
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    assert Store(home).names() == ["acme"]


async def test_home_offers_the_next_algorithm_only_for_a_service_with_several(home: Path):
    save(home, answers_of(CHATBOT), name="chatbot")
    save(home, {**answers_of(CHATBOT), **PUSH}, name="feed")
    app = new_app(home, start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#interviews")
        names = [str(table.coordinate_to_cell_key((n, 0))[0].value) for n in range(table.row_count)]
        table.move_cursor(row=names.index("chatbot"))
        await pilot.pause()
        assert not app.screen.query_one("#home-buttons").display
        table.move_cursor(row=names.index("feed"))
        await pilot.pause()
        assert app.screen.query_one("#home-buttons").display
        assert "File the next algorithm (a)" in screen_text(app)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ChatScreen))
        assert app.session.name == "feed-personalized_push"
        await live(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        table = app.screen.query_one("#interviews")
        assert "feed-personalized_push" in [str(table.coordinate_to_cell_key((n, 0))[0].value) for n in range(table.row_count)]


async def test_the_one_algorithm_type_possible_is_stated_not_asked(home: Path):
    answers = {k: v for k, v in answers_of(CHATBOT).items() if not k.startswith(("algorithm.", "products"))}
    save(home, answers)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await live(pilot)
        iv = chat(app).interview
        # One algorithm shown: its type follows (assistant/law/derive.py), and the next question is asked.
        assert iv.answers["algorithm.type"] == "generation_synthesis" and iv.provenance["algorithm.type"] == "derived"
        assert chat(app).view.ask.question_id == "algorithm.name"


async def test_the_province_the_credit_code_shows_asked_again_is_highlighted_so_enter_takes_it(home: Path):
    from assistant.law.questions import load_bank

    order = [q.id for q in load_bank().questions]
    answers = {k: v for k, v in answers_of(CHATBOT).items() if k in order and order.index(k) < order.index("subject.province")}
    assert answers["subject.credit_code"][2:4] == "35"  # registered in Fujian
    # Declined at the confirmation of the defaults taken: asked again, its default offered.
    save(home, answers, one_by_one=["subject.province"])
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await live(pilot)
        ask = chat(app).view.ask
        assert ask.question_id == "subject.province" and ask.default == "fujian"
        assert app.screen.query_one("#choice", OptionList).highlighted_option.id == "fujian"
        await pilot.press("enter")
        await live(pilot)
        iv = chat(app).interview
        assert iv.answers["subject.province"] == "fujian" and iv.provenance["subject.province"] == "default"


async def test_the_palette_opens_the_form_and_the_documents_and_offers_the_next_algorithm(home: Path):
    save(home, {**answers_of(CHATBOT), **PUSH})
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await live(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "File the next algorithm" in commands
        commands["Show the filing form"].callback()
        await until(pilot, lambda: isinstance(app.screen, FormScreen))
        await pilot.press("escape")
        await pilot.pause()
        commands["Write the document drafts"].callback()
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen))


# --- Before submitting (check) ---------------------------------------------------------------------------------


async def test_c_on_the_summary_shows_what_would_send_the_filing_back(home: Path):
    from assistant.shells.tui.screens.check import CheckScreen
    from assistant.shells.tui.widgets.reader import Reader

    save(home, answers_of(CHATBOT), lang="zh")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CheckScreen))
        reader = app.screen.query_one(Reader)
        await until(pilot, lambda: reader.shown is not None)
        assert "以深度合成服务提供者身份进行的备案" in reader.shown
        assert "check.documents_not_ready" in reader.shown and "尚不能提交" in reader.shown
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))


async def test_documents_are_written_in_chinese_by_default_and_in_english_when_asked(home: Path, tmp_path: Path):
    import docx

    save(home, answers_of(CHATBOT))  # an English interview
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        for folder, english in (("zh", False), ("en", True)):
            await pilot.press("d")
            await until(pilot, lambda: isinstance(app.screen, DraftsScreen))
            if english:
                app.screen.query_one("#lang-en").value = True
            app.screen.query_one("#path", Input).value = str(tmp_path / folder)
            app.screen.query_one("#path", Input).focus()
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
    chinese = docx.Document(str(tmp_path / "zh" / "self_assessment_report.docx")).paragraphs[0].text
    english = docx.Document(str(tmp_path / "en" / "self_assessment_report.docx")).paragraphs[0].text
    assert chinese.startswith("初稿：") and english.startswith("DRAFT")


async def test_documents_offer_each_filing_of_a_provider_that_also_supports(home: Path, tmp_path: Path):
    from test_form import PROVIDER_AND_SUPPORTER

    save(home, {**answers_of(CHATBOT), **PROVIDER_AND_SUPPORTER}, lang="zh")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen))
        app.screen.query_one("#filing-deep_synthesis_technical_supporter").value = True
        app.screen.query_one("#path", Input).value = str(tmp_path / "one")
        app.screen.query_one("#path", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
    assert sorted(p.name for p in (tmp_path / "one").iterdir())[0] == "evidence_checklist.docx"
    assert not (tmp_path / "one" / "deep_synthesis_provider").exists()
