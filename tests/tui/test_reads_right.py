"""Issue #19, full screen: the screens read right. Each item as it was seen in a terminal, as a pilot test.

Chinese is broken the way it is set (no line starts with 、，。）), a Chinese screen says no English, keys
typed while a dialog opens do not land in its field, and the footer keeps its keys at every width.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.shells.tui.widgets.lines import NO_START
from conftest import COMPLETE as CHATBOT
from driver import answers_of, live, new_app, read, save, screen_text, until

SMALL = (80, 24)
SIZE = (120, 40)
SIZES = {"80x24": SMALL, "120x40": SIZE}
FRAME = " ▎│▊▔▁▂▃▄▅▆▇█•▪‣◦▌┃"
"""What a line of a screen may start with before its text: margins, bars, bullets."""


PUSH = {"service.recommends_content": True, "service.recommendation_kinds": ["personalized_push"]}
"""The chatbot also runs a personalised feed: two algorithms, two filings."""


async def open_summary(pilot) -> None:
    """F6 from the chat: the summary, laid out."""
    await live(pilot)
    await pilot.press("f6")
    await read(pilot)


def saved(home: Path, lang: str = "zh", drop: tuple[str, ...] = ()) -> dict:
    answers = {k: v for k, v in answers_of(CHATBOT).items() if k not in drop}
    save(home, answers, lang=lang)
    return answers


def badly_broken(shown: str) -> list[str]:
    """The lines of `shown` (a screen) whose text starts with a mark a line may not start with."""
    bad = []
    for line in shown.splitlines():
        # Columns side by side (a table's cells, a scroll bar) are apart by two spaces or more.
        for cell in line.split("  "):
            text = cell.strip(FRAME)
            if text and text[0] in NO_START and text[0] not in ".,:;!?)]}%":
                bad.append(line)
                break
    return bad


async def every_page(pilot, scrolled) -> list[str]:
    """The screen at each page of `scrolled`, from its top to its end."""
    pages = []
    scrolled.scroll_home(animate=False)
    await pilot.pause()
    while True:
        pages.append(screen_text(pilot.app))
        if scrolled.scroll_y >= scrolled.max_scroll_y:
            return pages
        scrolled.scroll_to(y=scrolled.scroll_y + max(1, scrolled.scrollable_content_region.height - 1), animate=False)
        await pilot.pause()


# --- Chinese line breaking ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_no_line_of_the_chinese_summary_starts_with_a_closing_mark(home: Path, size: str):
    """At 80x24 the summary's deadlines read "…须在上线前完成" then a line "，即 2026-09-28（上线日）前"."""
    from assistant.shells.tui.widgets.reader import Reader

    saved(home)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZES[size]) as pilot:
        await open_summary(pilot)
        pages = await every_page(pilot, app.screen.query_one(Reader).document.parent)
        assert not [line for page in pages for line in badly_broken(page)], "\n\n".join(pages)


@pytest.mark.parametrize("size", SIZES)
async def test_no_line_of_the_chinese_help_starts_with_a_closing_mark(home: Path, size: str):
    """The help (F1) is drawn by the same reader as the summary: its glossary broke lines before "，" at 80x24."""
    from assistant.shells.tui.widgets.reader import Reader

    app = new_app(home, lang="zh")
    async with app.run_test(size=SIZES[size]) as pilot:
        await live(pilot)
        await pilot.press("f1")
        await read(pilot)
        pages = await every_page(pilot, app.screen.query_one(Reader).document.parent)
        assert "术语" in "".join(pages) or len(pages) > 1
        assert not [line for page in pages for line in badly_broken(page)], "\n\n".join(pages)


@pytest.mark.parametrize("screen", ["review", "form"])
@pytest.mark.parametrize("size", SIZES)
async def test_no_line_of_the_chinese_review_or_form_starts_with_a_closing_mark(home: Path, size: str, screen: str):
    """The review's questions and answers are cells of a table, folded by rich at any character: "用户能否发布或分享
    他人可见的内容，或彼此交流（帖子、评论、群聊、直播、短视频" then a line "、公众号、小程序）？". The form's too."""
    from textual.widgets import OptionList

    saved(home)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZES[size]) as pilot:
        await live(pilot)
        if screen == "review":
            await pilot.press("f5")
        else:
            app.action_form()
        await until(pilot, lambda: app.screen.query(OptionList))
        await pilot.pause()
        pages = await every_page(pilot, app.screen.query_one(OptionList))
        assert len(pages) > 2
        assert not [line for page in pages for line in badly_broken(page)], "\n\n".join(pages)


@pytest.mark.parametrize("size", SIZES)
async def test_no_line_of_a_chinese_long_answer_being_typed_starts_with_a_closing_mark(home: Path, size: str):
    """The text editor of a long answer wrapped Chinese at any character: a line of the answer typed began "，"."""
    from textual.widgets import TextArea

    from driver import chat

    saved(home, drop=("algorithm.introduction",))
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZES[size]) as pilot:
        await live(pilot)
        assert chat(app).view.ask.question_id == "algorithm.introduction"
        area = app.screen.query_one("#words", TextArea)
        area.focus()
        area.text = "该算法，基于模型、生成文本。" * 20
        await pilot.pause()
        wrapped = [line for sections in area.wrapped_document.lines for line in sections]
        assert len(wrapped) > 2
        assert not [line for line in wrapped[1:] if line[:1] in NO_START], wrapped
        assert not badly_broken(screen_text(app)), screen_text(app)


# --- The footer ---------------------------------------------------------------------------------------------------

LAST_KEY = {"en": "f4 中文", "zh": "f4 English"}


async def open_screen(pilot, screen: str) -> None:
    app = pilot.app
    await live(pilot)
    if screen == "summary":
        await pilot.press("f6")
        await read(pilot)
    elif screen == "review":
        await pilot.press("f5")
    elif screen == "form":
        app.action_form()
    elif screen == "home":
        await pilot.press("escape")
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("screen", ["chat", "summary", "review", "form", "home"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES)
async def test_the_footer_keeps_help_language_back_and_quit_at_every_width(home: Path, size: str, lang: str, screen: str):
    """At 80 columns the summary's footer ended "t 目录  ^q 退": F4 (the language) was dropped and Chinese cut
    mid-word; the summary, the review and the form offered no F1. Every screen keeps F1, F4, Esc and Ctrl+Q, each
    key whole."""
    saved(home, lang=lang)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZES[size]) as pilot:
        await open_screen(pilot, screen)
        keys = screen_text(app).splitlines()[-1].split("▏")[0].rstrip()
        pieces = keys.split("  ")
        assert pieces[-1].strip() == LAST_KEY[lang], keys
        assert [p for p in pieces if p.startswith("f1 ")], keys
        assert screen == "home" or [p for p in pieces if p.startswith("esc ")], keys  # the home screen is the first
        assert [p for p in pieces if p.startswith("^q ")], keys


# --- Smaller things said wrong -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_f1_says_help_once(home: Path, lang: str):
    """F1 showed "Help" twice, the title bar's and the text's own first heading just under it."""
    app = new_app(home, lang=lang)
    async with app.run_test(size=SMALL) as pilot:
        await live(pilot)
        await pilot.press("f1")
        await read(pilot)
        word = {"en": "Help", "zh": "帮助"}[lang]
        lines = screen_text(app).splitlines()
        assert [line.strip() for line in lines[:6] if line.strip()].count(word) == 0, lines[:6]
        assert word in lines[0]


async def test_the_drafts_notice_shows_the_mark_the_drafts_carry(home: Path, tmp_path: Path):
    """The notice after writing the drafts said "42 parts are marked ." : the mark, "[to complete]", was read as
    markup and vanished. A notice is plain text."""
    from textual.widgets import Input

    from assistant.shells.tui.screens.dialogs import DraftsScreen
    from assistant.shells.tui.screens.summary import SummaryScreen

    saved(home, lang="en")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_summary(pilot)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen))
        app.screen.query_one("#lang-en").value = True
        app.screen.query_one("#path", Input).value = str(tmp_path / "drafts")
        app.screen.query_one("#path", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.pause()
        toast = " ".join(str(widget.render()) for widget in app.screen.query("Toast"))
        toast = " ".join(toast.split())
        assert "are marked [to complete]." in toast, toast
        assert "are marked ." not in toast, toast


async def test_a_key_typed_as_a_dialog_opens_is_not_typed_into_its_field(home: Path, monkeypatch):
    """`d` pressed twice in the summary (in tmux, 0.1 s apart): the first opened the drafts dialog, the second was
    typed into its folder, "acme-draftsd", before the dialog was drawn. Here the second `d` arrives as the dialog
    has focused its field, before it is drawn."""
    from textual import events
    from textual.widgets import Input

    from assistant.shells.tui.screens.dialogs import DraftsScreen, PathDialog

    focused = PathDialog.on_mount

    def focus_then_d(dialog) -> None:
        focused(dialog)
        dialog.app.post_message(events.Key("d", "d"))

    monkeypatch.setattr(PathDialog, "on_mount", focus_then_d)
    saved(home, lang="zh")
    app = new_app(home, start="resume")
    async with app.run_test(size=SMALL) as pilot:
        await open_summary(pilot)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#path", Input).value.endswith("acme-drafts")
        await pilot.press("x")  # once drawn, the dialog takes what is typed
        assert app.screen.query_one("#path", Input).value.endswith("acme-draftsx")


def test_a_count_of_one_is_said_in_the_singular():
    """The chat said "1 more questions now apply" and the summary "Answer the 1 questions still to answer"."""
    from assistant.law.wording import Words

    assert Words("dialog").say("more_apply", "en", n=1) == "1 more question now applies, because of that answer."
    assert Words("dialog").say("more_apply", "en", n=2) == "2 more questions now apply, because of that answer."
    assert Words("summary").say("action_answer", "en", count=1).startswith("Answer the 1 question still to answer")
    assert Words("tui", "dialog").say("export_draft", "en", n=1).startswith("1 question is still open")
    assert Words("dialog").say("more_apply", "zh", n=1) == "由于该回答，新增 1 个适用的问题。"


# --- The home screen -----------------------------------------------------------------------------------------------


async def test_the_home_screen_gives_the_times_in_china_time(home: Path, monkeypatch):
    """The home screen gave the last change in the machine's zone (09:30 on a UTC machine) while every other screen
    and file says China time (17:30)."""
    import datetime as dt
    import time

    from assistant.saved.store import Store

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        clock = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone.utc)
        save(home, answers_of(CHATBOT), store=Store(home, clock=lambda: clock))
        app = new_app(home, start="home")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            shown = screen_text(app)
            assert "2026-11-20 17:30" in shown and "09:30" not in shown, shown
    finally:
        monkeypatch.undo()
        time.tzset()


async def test_after_duplicate_the_highlight_stays_on_the_interview_so_delete_names_it(home: Path):
    """Duplicate put the copy first in the list and left the highlight on the row number: it now stood on another
    interview, and Delete asked to delete that one."""
    from assistant.shells.tui.screens.dialogs import ConfirmScreen
    from assistant.shells.tui.screens.home import HomeScreen

    save(home, answers_of(CHATBOT), "older")
    save(home, answers_of(CHATBOT), "newer")
    app = new_app(home, start="home")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.highlighted())
        await pilot.press("down")
        screen = app.screen
        chosen = screen.highlighted()
        await pilot.press("d")
        await pilot.pause()
        assert screen.highlighted() == chosen
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert f"'{chosen}'" in app.screen.message or chosen in app.screen.message
        assert app.screen.message.count(chosen) == 1 or f"{chosen} copy" not in app.screen.message


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES)
async def test_next_section_in_the_review_shows_the_section_heading_first(home: Path, lang: str, size: str):
    """`]` in the review put the section's first question at the top: its heading ("Roles") scrolled away."""
    from textual.widgets import OptionList

    from assistant.shells.tui.screens.review import ReviewScreen

    saved(home, lang=lang)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZES[size]) as pilot:
        await live(pilot)
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.pause()
        review = app.screen
        listing = review.query_one("#review", OptionList)
        for _ in range(3):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            section = review._rows[listing.highlighted_option.id].section
            top = next(line for line in screen_text(app).splitlines()[listing.region.y + 1 :] if line.strip(FRAME))
            assert top.strip(FRAME) == section, (section, top)


# --- Findings by keyboard ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(100, 30), SIZE])
async def test_f9_takes_the_keyboard_to_the_findings_at_100_columns_and_more(home: Path, size):
    """At 100 columns and more F9 only folded the findings away: the keys never reached them. Now F9 goes to the
    list of findings (shown if folded), the arrows and Enter show a finding's reasons, and F9 there folds them away and
    goes back to the question."""
    from textual.widgets import OptionList, Static

    from driver import chat, give

    app = new_app(home, lang="zh")
    async with app.run_test(size=size) as pilot:
        await give(pilot, "public")
        await live(pilot)
        screen = chat(app)
        await pilot.press("f9")
        listing = screen.query_one("#finding-list", OptionList)
        assert app.focused is listing and not screen.has_class("-findings-hidden")
        await pilot.press("home", "enter")
        assert str(screen.query_one("#finding-detail", Static).render()).strip()
        await pilot.press("f9")
        assert screen.has_class("-findings-hidden") and app.focused is not listing
        await pilot.press("f9")
        assert app.focused is listing and not screen.has_class("-findings-hidden")


# --- A stale error -------------------------------------------------------------------------------------------------


async def give_the_contacts_phone(pilot, number: str) -> None:
    """Type `number` at the question of the contact's mobile phone (the one the interview resumes on) and press Enter."""
    from textual.widgets import Input

    from driver import chat

    await live(pilot)
    assert chat(pilot.app).view.ask.question_id == "subject.contact.phone"
    line = pilot.app.screen.query_one("#line", Input)
    line.focus()
    line.value = number
    await pilot.press("enter")
    await live(pilot)


async def test_an_error_goes_once_the_answer_it_was_about_is_changed(home: Path):
    """"'12345' is not a mainland mobile number" stayed under the answer once it was corrected to 13800138000, until Enter."""
    from textual.widgets import Static

    saved(home, lang="en", drop=("subject.contact.phone",))
    app = new_app(home, start="resume")
    async with app.run_test(size=SMALL) as pilot:
        await give_the_contacts_phone(pilot, "12345")
        assert "is not a mainland mobile number" in screen_text(app)
        await pilot.press("backspace", *"13800138000"[-5:])
        await pilot.pause()
        assert "is not a mainland mobile number" not in screen_text(app)
        assert not app.screen.query_one("#problem", Static).display


async def test_an_error_in_the_review_dialog_goes_once_the_answer_is_changed(home: Path):
    from textual.widgets import Input, OptionList, Static

    from assistant.shells.tui.screens.dialogs import EditAnswerScreen

    saved(home, lang="zh")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await live(pilot)
        await pilot.press("f5")
        await pilot.pause()
        listing = app.screen.query_one("#review", OptionList)
        listing.highlighted = listing.get_option_index("subject.contact.phone")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EditAnswerScreen))
        await pilot.pause()
        app.screen.query_one("#line", Input).value = "12345"
        await pilot.press("enter")
        await pilot.pause()
        problem = app.screen.query_one("#problem", Static)
        assert "不是中国大陆手机号码" in str(problem.render())
        await pilot.press("backspace")
        await pilot.pause()
        assert "不是中国大陆手机号码" not in str(problem.render())


# --- No English on a Chinese screen ----------------------------------------------------------------------------------


async def test_no_next_algorithm_is_said_in_chinese_without_type_ids(home: Path):
    """With both algorithms of the service filed, `a` said "没有下一个需要备案的算法：acme: 其回答显示的每个算法都已有
    问答（generation_synthesis、personalized_push）：没有剩余需要备案的算法": English ids, two colons in a row."""
    from assistant.shells.tui.screens.summary import SummaryScreen

    answers = {**answers_of(CHATBOT), **PUSH}
    save(home, answers, lang="zh")
    save(home, {**answers, "algorithm.type": "personalized_push"}, name="acme-feed", lang="zh")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        notices: list[tuple[str, str]] = []
        app.notify = lambda message, title="", **kwargs: notices.append((title, message))
        await open_summary(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        (title, message), = notices
        said = title + message
        assert "personalized_push" not in said and "generation_synthesis" not in said, said
        assert "个性化推送类" in said, said
        assert title == "没有下一个需要备案的算法" and message.startswith("acme：") and "生成合成类、个性化推送类" in message, said


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_summary_and_the_form_point_to_keys_not_to_commands(home: Path, lang: str):
    """The summary on screen said "使用 `filing-assistant new --like 名称` 开始" and the form "`filing-assistant draft`
    生成": commands of another shell, where a key does it here."""
    from textual.widgets import OptionList

    from assistant.shells.tui.widgets.reader import Reader

    save(home, {**answers_of(CHATBOT), **PUSH}, lang=lang)
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        shown = app.screen.query_one(Reader).shown
        assert "filing-assistant new" not in shown and {"en": "a in the summary", "zh": "摘要页的 a 键"}[lang] in shown
        app.screen.action_form()
        await until(pilot, lambda: app.screen.query(OptionList))
        await pilot.pause()
        pages = await every_page(pilot, app.screen.query_one(OptionList))
        assert not [line for page in pages for line in page.splitlines() if "filing-assistant draft" in line]


# --- Leaving with an answer typed (issue #18, items 4 and 14) -------------------------------------------------------


@pytest.mark.parametrize("how", ["ctrl+q", "SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("where", ["chat", "edit dialog", "summary"])
async def test_leaving_keeps_the_answer_typed_but_not_given(home: Path, where: str, how: str):
    """Ctrl+Q, or the terminal closing (SIGHUP) or the process told to end (SIGTERM), with an answer typed and not
    given, on the chat, in the review's dialog, or with the summary over the chat: what was typed is kept."""
    import signal

    from textual.widgets import Input, OptionList

    from assistant.saved.store import Store
    from assistant.shells.tui.screens.dialogs import EditAnswerScreen
    from driver import chat

    saved(home, lang="en", drop=("subject.contact.email",))
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await live(pilot)
        qid = chat(app).view.ask.question_id
        if where == "edit dialog":
            qid = "subject.contact.name"
            await pilot.press("f5")
            await pilot.pause()
            listing = app.screen.query_one("#review", OptionList)
            listing.highlighted = listing.get_option_index(qid)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, EditAnswerScreen))
            await pilot.pause()
            app.screen.query_one("#line", Input).value = "Li Lei"
        else:
            app.screen.query_one("#line", Input).value = "Li Lei"
            if where == "summary":
                await pilot.press("f6")
                await read(pilot)
        await pilot.pause()
        if how == "ctrl+q":
            await pilot.press("ctrl+q")
        else:
            app.save_and_exit(getattr(signal, how))
        await pilot.pause()
    kept = Store(home).read("acme")
    assert "Li Lei" in kept.drafts.values(), kept.drafts


async def test_no_line_of_the_chinese_drafts_dialog_starts_with_a_closing_mark(home: Path):
    """The drafts dialog at 80x24 said "…文件夹中的同名文件会被替换" then a line "。"."""
    from assistant.shells.tui.screens.dialogs import DraftsScreen

    saved(home)
    app = new_app(home, start="resume")
    async with app.run_test(size=SMALL) as pilot:
        await open_summary(pilot)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen))
        await pilot.pause()
        shown = screen_text(app)
        assert "同名文件" in shown and not badly_broken(shown), shown


async def test_the_contacts_mobile_phone_refuses_a_landline(home: Path):
    """"What is the contact person's mobile phone number?" took 0571-8888 0000, a landline."""
    from driver import chat

    saved(home, lang="zh", drop=("subject.contact.phone",))
    app = new_app(home, start="resume")
    async with app.run_test(size=SMALL) as pilot:
        await give_the_contacts_phone(pilot, "0571-8888 0000")
        assert chat(app).view.refused and "不是中国大陆手机号码" in screen_text(app)
        assert "subject.contact.phone" not in chat(app).interview.answers


async def test_the_chinese_summary_and_form_on_screen_name_no_ids(home: Path):
    """The Chinese summary said "自2026-10-16起已逾期：以深度合成服务提供者身份进行算法备案（filing.provider）" and listed
    the questions to answer as "`subject.contact.phone`：备案联系人的手机号码是多少？"; the form "【待补充】（subject.contact.phone）"."""
    import re

    from textual.widgets import OptionList

    from assistant.shells.tui.widgets.reader import Reader

    ids = re.compile(r"\b(?:filing|genai|label|subject|content|docs|users)\.[a-z_]+")
    saved(home, drop=("subject.contact.phone", "subject.contact.email"))
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        shown = app.screen.query_one(Reader).shown
        assert "以深度合成服务提供者身份进行算法备案" in shown and not ids.findall(shown), ids.findall(shown)
        assert "备案联系人的手机号码是多少？" in shown
        app.screen.action_form()
        await until(pilot, lambda: app.screen.query(OptionList))
        await pilot.pause()
        pages = await every_page(pilot, app.screen.query_one(OptionList))
        assert not ids.findall("\n".join(pages)), ids.findall("\n".join(pages))


async def test_the_next_algorithm_of_a_chinese_interview_is_named_in_chinese(home: Path):
    """The next algorithm of a Chinese interview was named "acme-personalized_push" on the home screen and in the
    notice: a type id in a Chinese list."""
    from assistant.saved.store import Store
    from driver import chat

    save(home, {**answers_of(CHATBOT), **PUSH}, lang="zh")
    app = new_app(home, start="resume")
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        await pilot.press("a")
        await until(pilot, lambda: app.session is not None and app.session.name != "acme")
        await live(pilot)
        assert app.session.name == "acme-个性化推送类"
        assert chat(app).interview.answers["algorithm.type"] == "personalized_push"
    assert sorted(Store(home).names()) == ["acme", "acme-个性化推送类"]


async def test_the_summary_buttons_fit_their_words_after_f4_switches_the_language(home):
    """A Chinese summary at 80x24, F4 to English: each button grows to its English words ("Documents (d)",
    "Close"); they kept the Chinese widths and read "Document" and "Clos"."""
    save(home, answers_of(CHATBOT), lang="zh")
    app = new_app(home, start="resume")
    async with app.run_test(size=SMALL) as pilot:
        await live(pilot)
        await pilot.press("f6")
        await read(pilot)
        await pilot.press("f4")
        await read(pilot)
        await pilot.pause()
        shown = screen_text(app)
        assert "Documents (d)" in shown and "Close" in shown, shown
