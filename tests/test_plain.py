"""The plain chat, read as transcripts: lines in, questions out (docassemble's Demo.feature, in pytest)."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from assistant.files.answers import load_answers
from assistant.dialog.interview import ANOTHER, Interview, items_at
from assistant.law.questions import to_file
from assistant.saved.store import Saved
from assistant.shells.plain import run_plain
from assistant.saved.store import Store
from conftest import COMPLETE, GENAI, TODAY, together_value



def typed(value) -> str:
    """How a person types `value` at the prompt."""
    if value is True:
        return "y"
    if value is False:
        return "n"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def lines_for(bank, answers: dict) -> list[str]:
    """The lines a person types to give `answers`, in the order the interview asks (list items and "add another?" too)."""
    iv = Interview(bank, today=TODAY)
    lines: list[str] = []
    while (ask := iv.view().ask) is not None:
        if ask.members:  # asked together (a checklist, the defaults taken, an optional section)
            value = together_value(answers, iv.answers, ask)
            lines.append(typed(value))
            iv.answer(value)
            continue
        qid, steps = iv.position[0], iv.position[1:]
        if not steps and qid not in answers and bank.question(qid).optional:
            lines.append("skip")  # an optional question the answers leave open (the generative AI filing's)
            iv.skip()
            continue
        if not steps:
            value = answers[qid]
        elif steps[-1] == ANOTHER:
            value = len(items_at(iv.answers[qid], steps[:-1])) < len(items_at(answers[qid], steps[:-1]))
        else:
            value = items_at(answers[qid], steps[:-2])[steps[-2]][steps[-1]]
        lines.append(typed(value))
        iv.answer(value)
    return lines


def chat(*args: str, lines: list[str], home: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--plain", *args],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "FILING_ASSISTANT_HOME": str(home), **(env or {})},
    )


def test_a_whole_interview_through_a_pipe_reads_as_a_conversation(bank, home):
    answers = load_answers(bank, COMPLETE)
    result = chat("xiaozhi", lines=lines_for(bank, answers), home=home)

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Who uses the service?" in out
    assert out.index("Who uses the service?") < out.index("> public\n")  # each answer echoed after its question
    assert "Everything is answered." in out
    assert "filing-assistant export xiaozhi" in out
    assert Store(home).read("xiaozhi").answers == to_file(answers)


def test_the_running_line_shows_roles_and_filings_as_they_emerge(home):
    result = chat("demo", lines=["1", "each", "y", "y", "2", "n", "n", "n", "1"], home=home)
    # Said when it changes, not after every answer.
    assert "So far, roles: none yet" not in result.stdout
    assert result.stdout.count("So far, roles: deep synthesis service provider, generative AI service provider; filings owed: deep synthesis service provider.") == 1


def test_at_a_terminal_an_answer_it_cannot_read_is_asked_again_with_the_reason(home):
    out = io.StringIO()
    with create_pipe_input() as inp:
        inp.send_text("7\npublic\neach\nmaybe\ny\nquit\n")
        code = run_plain("demo", stdout=out, pt_input=inp, pt_output=DummyOutput(), store=Store(home), today=TODAY)
    assert code == 0
    assert "Sorry, I could not use that: there is no option '7'; type its number, 1 to 4, or its name as listed" in out.getvalue()
    assert "Sorry, I could not use that: answer yes or no (y/n)" in out.getvalue()
    assert Store(home).read("demo").answers == {"scope.audience": "public", "scope.public_interaction": True}


def test_in_a_pipe_a_line_it_cannot_read_stops_the_chat_and_keeps_what_came_before(home):
    result = chat("x", lines=["1", "each", "yes please", "n", "y"], home=home)
    assert result.returncode == 2
    assert "line 3: answer yes or no (y/n)" in result.stderr
    assert "Traceback" not in result.stderr
    assert Store(home).read("x").answers == {"scope.audience": "public"}


def test_a_byte_order_mark_before_the_first_line_is_ignored(home):
    result = chat("x", lines=["\ufeff1", "each", "y"], home=home)
    assert result.returncode == 0, result.stderr
    assert Store(home).read("x").answers == {"scope.audience": "public", "scope.public_interaction": True}


def test_back_skip_unsure_and_help(home):
    result = chat("demo", lines=["1", "each", "?", "skip", "y", "2", "n", "n", "unsure", "back", "n"], home=home)
    out = result.stdout
    assert "public opinion attributes" in out  # the help of the interaction question
    assert "Skipped for now" in out
    assert "current answer: not sure" in out  # back to the minors question, showing the answer given
    answers = Store(home).read("demo").answers
    assert "scope.public_interaction" not in answers
    assert answers["users.minors"] is False


def test_not_sure_is_refused_where_the_question_does_not_offer_it(home):
    result = chat("demo", lines=["unsure"], home=home)
    assert result.returncode == 2
    assert '"not sure" is not an answer to this question' in result.stderr


def test_summary_command_prints_the_summary_mid_interview(home):
    result = chat("demo", lines=["1", "each", "y", "y", "1", "n", "n", "n", "1", "summary"], home=home)
    assert "Filing summary" in result.stdout
    assert "deep synthesis service provider (deep_synthesis_provider): yes" in result.stdout


def test_chinese_interview_takes_chinese_answers(home):
    result = chat("演示", "--lang", "zh", lines=["1", "each", "是", "是", "1", "否", "否", "不确定"], home=home)
    out = result.stdout
    assert "谁在使用这项服务？" in out
    assert "目前判断的角色：深度合成服务提供者" not in out  # not before the role questions
    answers = Store(home).read("演示").answers
    assert answers["scope.public_interaction"] is True
    assert answers["users.minors"] == "unknown"


def test_resuming_days_later_continues_where_the_user_left_then_asks_what_was_skipped(bank, home):
    monday = dt.datetime(2026, 11, 23, 9, tzinfo=dt.timezone.utc)
    next_week = dt.datetime(2026, 11, 30, 15, tzinfo=dt.timezone.utc)
    out = io.StringIO()
    # Public service, its checklist one at a time: interaction yes, "generates content?" skipped, then left at "recommends?".
    run_plain("acme", stdin=io.StringIO("1\neach\ny\nskip\nquit\n"), stdout=out, store=Store(home, clock=lambda: monday), today=TODAY)
    assert "Saved. Continue any time" in out.getvalue()

    out = io.StringIO()
    # Recommends: no; minors: yes; Enter at the end: the open questions; generates: yes.
    run_plain("acme", stdin=io.StringIO("n\ny\n\ny\n"), stdout=out, store=Store(home, clock=lambda: next_week), today=TODAY)
    text = out.getvalue()
    assert "Welcome back to acme: 2 of 5 questions that apply answered. You stopped at: Does the service choose, rank" in text
    # The question left at comes first; the one skipped last time after the rest.
    asked_first = text.index("\nDoes the service choose, rank")
    assert asked_first < text.index("Questions still open: 1") < text.rindex("\nDoes the service generate or edit")
    saved = Store(home).read("acme")
    assert saved.answers["service.recommends_content"] is False
    assert saved.answers["service.generates_content"] is True
    assert saved.created == monday and saved.updated == next_week


def test_end_of_input_saves_and_exits_0(home):
    result = chat("demo", lines=["1"], home=home)
    assert result.returncode == 0
    assert "Saved. Continue any time with `filing-assistant chat --plain demo`." in result.stdout


def test_without_a_name_a_free_name_is_chosen(home):
    result = chat(lines=["1"], home=home)
    assert "Saving as interview-1." in result.stdout


def test_the_prompt_toolkit_chat_takes_typed_lines_and_completes_nothing_by_itself(home):
    out = io.StringIO()
    with create_pipe_input() as inp:
        inp.send_text("1\neach\ny\nback\nn\nquit\n")
        code = run_plain("typed", stdout=out, pt_input=inp, pt_output=DummyOutput(), store=Store(home), today=TODAY)
    assert code == 0
    assert Store(home).read("typed").answers == {"scope.audience": "public", "scope.public_interaction": False}


def test_ctrl_d_at_the_prompt_saves_and_leaves(home):
    out = io.StringIO()
    with create_pipe_input() as inp:
        inp.send_text("2\n\x04")
        code = run_plain("typed", stdout=out, pt_input=inp, pt_output=DummyOutput(), store=Store(home), today=TODAY)
    assert code == 0
    assert "Saved." in out.getvalue()
    assert Store(home).read("typed").answers == {"scope.audience": "business_customers"}


def test_a_product_half_typed_is_kept_and_resuming_says_where_the_filer_stopped(bank, home):
    answers = load_answers(bank, COMPLETE)
    answers.pop("products")
    Store(home).write(Saved("acme", Store(home).path("acme"), answers=to_file(answers), history=list(answers)))

    first = chat("acme", lines=["小智 App", "1"], home=home)
    assert first.returncode == 0, first.stderr
    assert Store(home).read("acme").answers["products"] == [{"name": "小智 App", "form": "app"}]

    again = chat("acme", lines=[], home=home)
    assert "You stopped at: Which products use the algorithm?" in again.stdout
    assert "— item 1 — 小智 App: Where can it be downloaded" in again.stdout


@pytest.mark.parametrize("term", ["xterm", "dumb"])
def test_text_typed_when_the_terminal_closes_is_kept(home, term):
    """At a real terminal (a pty): type half an answer, the terminal hangs up (SIGHUP): the half answer is kept."""
    import pty
    import select
    import signal
    import time

    def wait_for(fd: int, needle: bytes) -> None:
        """Read what the chat writes until `needle` has shown and the chat has then been quiet a while (at its prompt)."""
        out, deadline = b"", time.monotonic() + 60
        while True:
            assert time.monotonic() < deadline, f"never saw {needle!r} in {out[-300:]!r}"
            ready, _, _ = select.select([fd], [], [], 0.4)
            if ready:
                chunk = os.read(fd, 65536)
                out += chunk
                if b"\x1b[6n" in chunk:  # where is the cursor? A real terminal answers (prompt_toolkit waits for it)
                    os.write(fd, b"\x1b[1;1R")
            elif needle in out:
                return

    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "chat", "--plain", "demo"],
        stdin=child, stdout=child, stderr=child, close_fds=True,
        env={**os.environ, "FILING_ASSISTANT_HOME": str(home), "TERM": term},
    )
    os.close(child)
    try:
        wait_for(main, b"Who uses the service?")
        for keys, then in ((b"1\r", b"true of your service"), (b"half an answ", b"half an answ")):
            os.write(main, keys)
            wait_for(main, then)
        proc.send_signal(signal.SIGHUP)
        proc.wait(timeout=30)
    finally:
        proc.kill()
        os.close(main)
    saved = Store(home).read("demo")
    assert saved.answers == {"scope.audience": "public"}
    assert saved.drafts == {"group:service": "half an answ"}  # typed at the checklist: kept by its key


def test_the_first_question_does_not_say_0_of_1(cli):
    result = cli("chat", "--plain", "first", input="quit\n")
    assert "0 of 1" not in result.stdout and "first question; more follow from your answers" in result.stdout


# --- Issue 19: what a plain-chat user hit -------------------------------------------------------


def talk(home: Path, *lines: str, name: str = "demo", lang: str | None = None, terminal: bool = False, store: Store | None = None):
    """The chat in this process: `lines` typed through a pipe, or at a terminal (prompt_toolkit); (exit, out, err)."""
    out, err = io.StringIO(), io.StringIO()
    store = store or Store(home)
    text = "".join(line + "\n" for line in lines)
    if terminal:
        with create_pipe_input() as inp:
            inp.send_text(text)
            code = run_plain(name, lang, stdout=out, stderr=err, pt_input=inp, pt_output=DummyOutput(), store=store, today=TODAY)
    else:
        code = run_plain(name, lang, stdin=io.StringIO(text), stdout=out, stderr=err, store=store, today=TODAY)
    return code, out.getvalue(), err.getvalue()


def saved_at(home: Path, bank, answers: dict, position: list, name: str = "acme", lang: str = "en") -> None:
    Store(home).write(Saved(name, Store(home).path(name), lang=lang, answers=to_file(answers), history=list(answers), position=position))


def without_products(bank) -> dict:
    answers = load_answers(bank, COMPLETE)
    answers.pop("products")
    return answers


def test_a_product_started_by_mistake_can_be_removed_inside_it_and_by_its_number_after(bank, home):
    saved_at(home, bank, without_products(bank), ["products", 0, "name"])
    code, out, err = talk(home, "Typo App", "remove", name="acme")
    assert code == 0, err
    assert "Removed: Typo App." in out
    assert not Store(home).read("acme").answers.get("products")

    complete = load_answers(bank, COMPLETE)
    saved_at(home, bank, complete, [], name="full")
    code, out, err = talk(home, "remove products 1 functions 2", "remove products 1", name="full")
    assert code == 0, err
    assert "Removed: Group assistant." in out and "Removed: 小智 App." in out
    assert not Store(home).read("full").answers.get("products")


def test_a_remove_that_names_no_item_is_refused_and_stops_a_pipe(bank, home):
    saved_at(home, bank, load_answers(bank, COMPLETE), [], name="full")
    code, _, err = talk(home, "remove products 7", name="full")
    assert code == 2 and "there is no such item" in err
    assert len(Store(home).read("full").answers["products"]) == 1


def test_remove_help_and_exit_are_said_in_help(home):
    code, out, _ = talk(home, "?", "帮助", "exit", "1")
    assert code == 0
    commands = out.split("back, skip, unsure")[1]
    assert "remove" in out and "help" in out.split("back, skip")[0] and "exit" in commands
    assert Store(home).read("demo").answers == {}  # `exit` left before the "1"


def test_summary_names_the_company_and_the_time_of_the_answers(bank, home):
    monday = dt.datetime(2026, 11, 23, 9, tzinfo=dt.timezone.utc)
    store = Store(home, clock=lambda: monday)
    saved_at(home, bank, load_answers(bank, COMPLETE), [])
    Store(home, clock=lambda: monday).write(Store(home).read("acme"))
    code, out, _ = talk(home, "summary", name="acme", store=Store(home, clock=lambda: dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)))
    assert code == 0
    assert "Company: 杭州小智科技有限公司" in out
    assert "2026-11-23 17:00" in out  # the answers' time, in China time; not the time the summary is read
    assert store.read("acme").updated == monday


def test_open_lists_the_questions_skipped_or_not_sure_not_all_still_ahead(home):
    code, out, _ = talk(home, "1", "each", "skip", "y", "open")
    listed = out.split("Open questions:")[1].split("\n[")[0]
    assert "scope.public_interaction" in listed
    assert "service.recommends_content" not in listed and "subject.name" not in listed
    code, out, _ = talk(home, "open", name="fresh")
    assert "No question is open." in out


def test_review_shows_the_fields_of_each_list_item(bank, home):
    saved_at(home, bank, load_answers(bank, COMPLETE), [])
    _, out, _ = talk(home, "review", name="acme")
    assert "item(s)" not in out
    assert "products 1: 小智 App" in out
    assert "products 1 functions 2: Group assistant" in out
    assert "What form does the product take? = Mobile app" in out


def test_questions_met_out_of_order_stand_alone(bank, home):
    answers = load_answers(bank, COMPLETE)
    phone = answers.pop("subject.security_officer.phone")
    saved_at(home, bank, answers, ["subject.security_officer.phone"])
    _, out, _ = talk(home, name="acme")
    assert "You stopped at: What is the phone number of the person responsible for algorithm security" in out
    assert "that person" not in out

    saved_at(home, bank, {**answers, "subject.security_officer.phone": phone}, [], name="done")
    _, out, _ = talk(home, "change subject.security_officer.phone", name="done")
    assert "\nWhat is the phone number of the person responsible for algorithm security" in out

    saved_at(home, bank, load_answers(bank, COMPLETE), ["products", ANOTHER], name="list")
    _, out, _ = talk(home, name="list")
    assert "You stopped at: Add another product that uses the algorithm? 1 so far." in out
    assert "—  —" not in out and "Add another one?" not in out


def test_at_a_terminal_options_are_said_once_by_their_labels_and_ids_stay_for_pipes(bank, home):
    answers = load_answers(bank, COMPLETE)
    saved_at(home, bank, answers, [])
    # `change` asks the province as itself (met on the way, the credit code's would be taken as suggested).
    _, out, _ = talk(home, "change subject.province", "xyz", "quit", name="acme", terminal=True)
    assert "Shanghai" in out and "(shanghai)" not in out
    problem = next(line for line in out.splitlines() if line.startswith("Sorry"))
    assert "beijing" not in problem and "1 to 31" in problem  # the numbers, not 31 pinyin ids
    assert "type a number or the option's name" in out

    saved_at(home, bank, answers, [], name="piped")
    _, out, _ = talk(home, "change subject.province", name="piped")
    assert "Shanghai (shanghai)" in out


def test_at_a_terminal_nothing_pops_up_and_no_lines_are_kept_free_under_the_prompt():
    from assistant.shells.plain import ToolkitReader

    with create_pipe_input() as inp:
        reader = ToolkitReader(inp, DummyOutput())
    assert reader.session.reserve_space_for_menu == 0
    assert reader.session.completer is None and reader.session.complete_while_typing is False


def test_at_a_terminal_reports_are_read_without_underlines_or_bullets(bank, home):
    saved_at(home, bank, load_answers(bank, COMPLETE), [])
    _, out, _ = talk(home, "summary", "quit", name="acme", terminal=True)
    assert "Filing summary" in out
    assert not any(line.strip() and set(line.strip()) <= set("-=") for line in out.splitlines())
    assert "•" not in out


def test_a_chinese_option_label_is_an_answer(bank, home):
    answers = {**load_answers(bank, COMPLETE), "subject.province": "fujian"}
    saved_at(home, bank, answers, [], lang="zh")
    code, _, err = talk(home, "change subject.province", "浙江省", name="acme")
    assert code == 0, err
    assert Store(home).read("acme").answers["subject.province"] == "zhejiang"


def test_a_pasted_two_line_answer_is_refused_at_a_one_line_question(bank, home):
    answers = load_answers(bank, COMPLETE)
    answers.pop("subject.name")
    saved_at(home, bank, answers, ["subject.name"])
    out = io.StringIO()
    with create_pipe_input() as inp:
        inp.send_text("\x1b[200~Acme\nLtd\x1b[201~\rquit\r")  # a bracketed paste, then Enter
        run_plain("acme", stdout=out, pt_input=inp, pt_output=DummyOutput(), store=Store(home), today=TODAY)
    assert "the answer here is one line" in out.getvalue()
    assert "subject.name" not in Store(home).read("acme").answers


def test_a_command_with_an_argument_is_one_only_in_its_whole_shape_and_a_backslash_only_before_a_command(bank, home):
    saved_at(home, bank, without_products(bank), ["products", 0, "name"])
    # Its status and whom it serves are taken from the answers (to confirm at the end).
    code, _, err = talk(home, "小智 App", "app", "https://x.cn", "y", "浙ICP备12345678号-1", "1", "Remove background", name="acme")
    assert code == 0, err
    item = Store(home).read("acme").answers["products"][0]
    assert item["functions"][0]["name"] == "Remove background"

    saved_at(home, bank, without_products(bank), ["products", 0, "name"], name="slashes")
    code, _, err = talk(home, "\\back", "app", "\\a\\b", name="slashes")
    assert code == 0, err
    item = Store(home).read("slashes").answers["products"][0]
    assert item["name"] == "back" and item["address"] == "\\a\\b"


def test_the_open_questions_at_the_end_are_asked_one_after_another(bank, home):
    answers = load_answers(bank, COMPLETE)
    unsure = ["users.minors", "algorithm.data.input_identity"]
    # Every question answered (the generative AI filing's too), but two answered "not sure".
    saved_at(home, bank, {**answers, **GENAI, **{qid: "unknown" for qid in unsure}}, [])
    Store(home).write(replace_passed(Store(home).read("acme"), unsure))
    code, out, err = talk(home, "n", "n", name="acme")
    assert code == 0, err
    assert "Press Enter to answer the open questions" not in out  # straight from one to the next
    saved = Store(home).read("acme").answers
    assert saved["users.minors"] is False and saved["algorithm.data.input_identity"] is False
    assert "Everything is answered." in out


def replace_passed(saved: Saved, passed: list[str]) -> Saved:
    saved.passed = passed
    return saved


def test_a_chinese_interview_is_imported_and_exported_in_chinese(cli, home, tmp_path):
    imported = cli("import", str(COMPLETE), "--name", "演示", "--lang", "zh")
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr.startswith("已从") and "Continue it" not in imported.stderr
    record = tmp_path / "r.toml"
    exported = cli("export", "演示", "--out", str(record))
    assert exported.returncode == 0, exported.stderr
    assert "已将" in exported.stderr
    assert 'notice = "本摘要' in record.read_text(encoding="utf-8")
    english = cli("export", "演示", "--out", str(tmp_path / "en.toml"), "--lang", "en")
    assert 'notice = "This summary' in (tmp_path / "en.toml").read_text(encoding="utf-8") and english.returncode == 0


COMMAND_WORDS = {
    "en": {"?": "?", "help": "help", "help2": "帮助", "unsure": "unsure", "open": "open", "skip": "skip", "back": "back",
           "change": "change", "remove": "remove", "review": "review", "summary": "summary", "form": "form",
           "check": "check", "draft": "draft", "exit": "exit"},
    "zh": {"?": "？", "help": "帮助", "help2": "help", "unsure": "不确定", "open": "未完成", "skip": "跳过", "back": "返回",
           "change": "修改", "remove": "删除", "review": "回顾", "summary": "摘要", "form": "表单", "check": "检查",
           "draft": "初稿", "exit": "退出"},
}
"""The commands in either language's words: a Chinese interview's transcript uses the Chinese ones."""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_whole_interview_with_every_command_reads_as_its_golden_transcript(bank, home, tmp_path, monkeypatch, lang):
    """The plain chat's whole-interview transcript (as docassemble keeps them): every answer of the chatbot,
    and on the way every command: ?, help, 帮助, back, skip, unsure, open, change, remove (inside an item and
    by number), review, summary, form, check, draft, and exit; the checklists, the defaults taken and confirmed
    (no: the chatbot's province is not its credit code's), the open questions at the end in turn."""
    from conftest import golden

    say = COMMAND_WORDS[lang]
    answers = load_answers(bank, COMPLETE)
    lines: list[str] = []
    for line, (qid, steps) in zip(lines_for(bank, answers), prompts_for(bank, answers)):
        if qid == "scope.audience":
            lines += [say["?"], say["help"]]
        elif qid == "scope.public_interaction" and not steps:
            lines += [say["help2"]]
        elif qid == "algorithm.model.training_data_generation":
            lines += [say["unsure"], say["open"]]
            continue
        elif qid == "subject.address":
            lines += [say["skip"]]
            continue
        elif qid == "subject.name":
            lines += [say["back"], ""]
        elif qid == "algorithm.name":
            lines += [f"{say['change']} scope.audience", ""]
        elif qid == "products" and steps == (0, "name"):
            lines += ["Typo App", say["remove"]]
        lines.append(line)
    lines += ["", typed(answers["subject.address"]), typed(answers["algorithm.model.training_data_generation"])]
    lines += [f"{say['remove']} products 1 functions 2", say["review"], say["summary"], say["form"], say["check"]]
    lines += [f"{say['draft']} drafts", say["exit"]]

    monkeypatch.chdir(tmp_path)
    clock = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)
    code, out, err = talk(home, *lines, name="xiaozhi", lang=lang, store=Store(home, clock=lambda: clock))
    assert code == 0, err
    golden(f"plain.whole-interview.{lang}.txt", out)
    saved = Store(home).read("xiaozhi").answers
    assert saved["algorithm.model.training_data_generation"] == to_file(answers["algorithm.model.training_data_generation"])
    assert len(saved["products"][0]["functions"]) == 1


def prompts_for(bank, answers: dict) -> list[tuple]:
    """The prompts `lines_for` answers, in order: (question id, steps inside its list)."""
    iv = Interview(bank, today=TODAY)
    prompts: list[tuple] = []
    for line in lines_for(bank, answers):
        prompts.append((iv.position[0], tuple(iv.position[1:])))
        iv.answer_line(line)
    return prompts
