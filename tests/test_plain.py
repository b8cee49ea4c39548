"""The plain chat, read as transcripts: lines in, questions out (docassemble's Demo.feature, in pytest)."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from assistant.files.answers import load_answers
from assistant.dialog.interview import Interview
from assistant.shells.plain import run_plain
from assistant.saved.store import Store
from conftest import DATA, TODAY

COMPLETE = DATA / "answers" / "valid" / "complete-chatbot.toml"


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
    """The lines a person types to give `answers`, in the order the interview asks."""
    iv = Interview(bank, today=TODAY)
    lines: list[str] = []
    while (prompt := iv.prompt) is not None:
        value = answers[prompt.question.id]
        if prompt.question.kind != "records":
            lines.append(typed(value))
            iv.answer(value)
            continue
        for item_index, item in enumerate(value):
            for field in prompt.question.fields:
                if field.kind == "records":
                    for n, sub in enumerate(item[field.id]):
                        lines += [typed(sub[f.id]) for f in field.fields]
                        lines.append("y" if n + 1 < len(item[field.id]) else "n")
                else:
                    lines.append(typed(item[field.id]))
            lines.append("y" if item_index + 1 < len(value) else "n")
        for line in lines[len(lines) - _record_lines(prompt.question, value):]:
            iv.answer_line(line)
    return lines


def _record_lines(question, items) -> int:
    count = 0
    for item in items:
        for field in question.fields:
            count += _record_lines(field, item[field.id]) if field.kind == "records" else 1
        count += 1
    return count


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
    assert Store(home).read("xiaozhi").answers == answers


def test_the_running_line_shows_roles_and_filings_as_they_emerge(home):
    result = chat("demo", lines=["1", "y", "y", "2", "n", "n", "y"], home=home)
    assert "So far, roles: none yet; filings owed: none yet." in result.stdout
    assert "So far, roles: deep synthesis service provider, generative AI service provider; filings owed: deep synthesis service provider." in result.stdout


def test_an_answer_it_cannot_read_is_asked_again_with_the_reason(home):
    result = chat("demo", lines=["7", "public", "maybe", "y"], home=home)
    out = result.stdout
    assert "Sorry, I could not use that: unknown option '7'" in out
    assert "Sorry, I could not use that: answer yes or no (y/n)" in out
    assert Store(home).read("demo").answers == {"scope.audience": "public", "scope.public_interaction": True}


def test_back_skip_unsure_and_help(home):
    result = chat("demo", lines=["1", "?", "skip", "y", "2", "n", "unsure", "back", "n"], home=home)
    out = result.stdout
    assert "public opinion attributes" in out  # the help of the interaction question
    assert "Skipped for now" in out
    assert "current answer: not sure" in out  # back to the minors question, showing the answer given
    answers = Store(home).read("demo").answers
    assert "scope.public_interaction" not in answers
    assert answers["users.minors"] is False


def test_not_sure_is_refused_where_the_question_does_not_offer_it(home):
    result = chat("demo", lines=["unsure"], home=home)
    assert '"not sure" is not an answer to this question' in result.stdout


def test_summary_command_prints_the_summary_mid_interview(home):
    result = chat("demo", lines=["1", "y", "y", "1", "n", "n", "y", "summary"], home=home)
    assert "Filing summary" in result.stdout
    assert "deep synthesis service provider (deep_synthesis_provider): yes" in result.stdout


def test_chinese_interview_takes_chinese_answers(home):
    result = chat("演示", "--lang", "zh", lines=["1", "是", "是", "1", "否", "不确定"], home=home)
    out = result.stdout
    assert "谁在使用这项服务？" in out
    assert "目前判断的角色：深度合成服务提供者" not in out  # not before the role questions
    answers = Store(home).read("演示").answers
    assert answers["scope.public_interaction"] is True
    assert answers["users.minors"] == "unknown"


def test_resuming_days_later_shows_where_the_user_stopped_and_continues(bank, home):
    monday = dt.datetime(2026, 11, 23, 9, tzinfo=dt.timezone.utc)
    next_week = dt.datetime(2026, 11, 30, 15, tzinfo=dt.timezone.utc)
    out = io.StringIO()
    run_plain("acme", stdin=io.StringIO("1\ny\nskip\nquit\n"), stdout=out, store=Store(home, clock=lambda: monday), today=TODAY)
    assert "Saved. Continue any time" in out.getvalue()

    out = io.StringIO()
    run_plain("acme", stdin=io.StringIO("y\n"), stdout=out, store=Store(home, clock=lambda: next_week), today=TODAY)
    text = out.getvalue()
    assert "Welcome back to 'acme': " in text
    assert "You stopped after: Does the service generate or edit" in text
    # The question skipped last time is asked again first.
    assert text.index("Does the service generate or edit") < text.index("> y")
    saved = Store(home).read("acme")
    assert saved.answers["service.generates_content"] is True
    assert saved.created == monday and saved.updated == next_week


def test_end_of_input_saves_and_exits_0(home):
    result = chat("demo", lines=["1"], home=home)
    assert result.returncode == 0
    assert "Saved. Continue any time with `filing-assistant chat --plain demo`." in result.stdout


def test_without_a_name_a_free_name_is_chosen(home):
    result = chat(lines=["1"], home=home)
    assert "Saving as 'interview-1'." in result.stdout


def test_the_prompt_toolkit_chat_takes_typed_lines_and_completes_nothing_by_itself(home):
    out = io.StringIO()
    with create_pipe_input() as inp:
        inp.send_text("1\ny\nback\nn\nquit\n")
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
    Store(home).write("acme", "en", answers, list(answers))

    first = chat("acme", lines=["小智 App", "1"], home=home)
    assert first.returncode == 0, first.stderr
    assert Store(home).read("acme").record_draft["current"] == {"name": "小智 App", "form": "app"}

    again = chat("acme", lines=[], home=home)
    assert "You stopped after: Which products use the algorithm?" in again.stdout
    assert "— item 1" in again.stdout
