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
from conftest import COMPLETE, TODAY



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
    while iv.view().ask is not None:
        qid, steps = iv.position[0], iv.position[1:]
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
    result = chat("demo", lines=["1", "y", "y", "2", "n", "n", "n", "y"], home=home)
    # Said when it changes, not after every answer.
    assert "So far, roles: none yet" not in result.stdout
    assert result.stdout.count("So far, roles: deep synthesis service provider, generative AI service provider; filings owed: deep synthesis service provider.") == 1


def test_at_a_terminal_an_answer_it_cannot_read_is_asked_again_with_the_reason(home):
    out = io.StringIO()
    with create_pipe_input() as inp:
        inp.send_text("7\npublic\nmaybe\ny\nquit\n")
        code = run_plain("demo", stdout=out, pt_input=inp, pt_output=DummyOutput(), store=Store(home), today=TODAY)
    assert code == 0
    assert "Sorry, I could not use that: there is no option '7'; type its number, 1 to 4, or its name as listed" in out.getvalue()
    assert "Sorry, I could not use that: answer yes or no (y/n)" in out.getvalue()
    assert Store(home).read("demo").answers == {"scope.audience": "public", "scope.public_interaction": True}


def test_in_a_pipe_a_line_it_cannot_read_stops_the_chat_and_keeps_what_came_before(home):
    result = chat("x", lines=["1", "yes please", "n", "y"], home=home)
    assert result.returncode == 2
    assert "line 2: answer yes or no (y/n)" in result.stderr
    assert "Traceback" not in result.stderr
    assert Store(home).read("x").answers == {"scope.audience": "public"}


def test_a_byte_order_mark_before_the_first_line_is_ignored(home):
    result = chat("x", lines=["\ufeff1", "y"], home=home)
    assert result.returncode == 0, result.stderr
    assert Store(home).read("x").answers == {"scope.audience": "public", "scope.public_interaction": True}


def test_back_skip_unsure_and_help(home):
    result = chat("demo", lines=["1", "?", "skip", "y", "2", "n", "n", "unsure", "back", "n"], home=home)
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
    result = chat("demo", lines=["1", "y", "y", "1", "n", "n", "n", "y", "summary"], home=home)
    assert "Filing summary" in result.stdout
    assert "deep synthesis service provider (deep_synthesis_provider): yes" in result.stdout


def test_chinese_interview_takes_chinese_answers(home):
    result = chat("演示", "--lang", "zh", lines=["1", "是", "是", "1", "否", "否", "不确定"], home=home)
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
    # Public service, interaction yes, "generates content?" skipped, then left at "recommends?".
    run_plain("acme", stdin=io.StringIO("1\ny\nskip\nquit\n"), stdout=out, store=Store(home, clock=lambda: monday), today=TODAY)
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
        """Read what the chat writes until `needle` has shown and the chat has then been quiet for a second (at its prompt)."""
        out, deadline = b"", time.monotonic() + 60
        while True:
            assert time.monotonic() < deadline, f"never saw {needle!r} in {out[-300:]!r}"
            ready, _, _ = select.select([fd], [], [], 1.0)
            if ready:
                out += os.read(fd, 65536)
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
        for keys, then in ((b"1\r", b"share content"), (b"y\r", b"generate or edit"), (b"half an answ", b"half an answ")):
            os.write(main, keys)
            wait_for(main, then)
        proc.send_signal(signal.SIGHUP)
        proc.wait(timeout=30)
    finally:
        proc.kill()
        os.close(main)
    saved = Store(home).read("demo")
    assert saved.answers == {"scope.audience": "public", "scope.public_interaction": True}
    assert saved.drafts == {"service.generates_content": "half an answ"}


def test_the_first_question_does_not_say_0_of_1(cli):
    result = cli("chat", "--plain", "first", input="quit\n")
    assert "0 of 1" not in result.stdout and "first question; more follow from your answers" in result.stdout
