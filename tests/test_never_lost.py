"""Nothing typed is lost, and no one is stuck: the contract's promises about saved interviews, through the command line only.

Every test drives `python -m assistant` in a fresh process and reads what it
leaves behind: the exit status, the words on stdout and stderr, and the saved
interview at $FILING_ASSISTANT_HOME/NAME.interview.toml (its [answers] table,
read with tomllib). A saved interview to start from is written the way the
tool writes one (schema 2: the answers by question id, in the order given).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any, Iterator

import pytest
import tomli_w

from conftest import COMPLETE, DATA, run_cli

OTHER = DATA / "examples" / "e03-translation-api.answers.toml"
STAMP = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)

# The questions' own words, as the chat prints them.
AUDIENCE = "Who uses the service?"
AUDIENCE_WHY = "is usually out of scope"
PUBLIC = "The public in mainland China"
INTERACTION = "Can users publish or share content that others see"
MINORS = "Can minors (under 18) use the service?"
COMMAND_WORDS = ["back", "skip", "unsure", "open", "change", "review", "summary", "quit"]


# --- Saved interviews as files ------------------------------------------------------------------


def flat(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """An answers file's tables as question ids (`subject.security_officer.name`); a list (products) stays whole."""
    out: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out |= flat(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def chatbot() -> dict[str, Any]:
    """The complete chatbot's answers by question id, in the order the file gives them (the order they are asked)."""
    return flat(tomllib.loads(COMPLETE.read_text(encoding="utf-8")))


def until(answers: dict[str, Any], last: str) -> dict[str, Any]:
    """The answers up to and including `last`."""
    ids = list(answers)
    return {qid: answers[qid] for qid in ids[: ids.index(last) + 1]}


def save_interview(home: Path, name: str, answers: dict[str, Any], history: list[str] | None = None) -> None:
    """A saved interview as the tool writes it: answered in the order of `history` (default: of `answers`)."""
    document = {
        "schema_version": 2,
        "name": name,
        "lang": "en",
        "created": STAMP,
        "updated": STAMP,
        "history": list(answers) if history is None else history,
        "answers": answers,
    }
    home.mkdir(parents=True, exist_ok=True)
    (home / f"{name}.interview.toml").write_text(tomli_w.dumps(document), encoding="utf-8")


def saved(home: Path, name: str) -> dict[str, Any]:
    return tomllib.loads((home / f"{name}.interview.toml").read_text(encoding="utf-8"))


def answers_of(home: Path, name: str) -> dict[str, Any]:
    """The [answers] table by question id, however it is nested."""
    return flat(saved(home, name)["answers"])


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every value in a saved file with its dotted path: wherever a half-typed item or a set-aside answer is kept."""
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from leaves(sub, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for n, sub in enumerate(value):
            yield from leaves(sub, f"{path}[{n}]")
    else:
        yield path, value


def kept_anywhere(home: Path, name: str, text: str) -> bool:
    return any(value == text for _, value in leaves(saved(home, name)))


# --- Running the command -------------------------------------------------------------------------


def chat(name: str, *lines: str) -> subprocess.CompletedProcess:
    """`chat --plain NAME` with `lines` piped in, one a line."""
    return run_cli("chat", "--plain", name, input="".join(f"{line}\n" for line in lines))


def piped(*args: str, data: bytes = b"", timeout: float = 60) -> subprocess.CompletedProcess:
    """The command with exact bytes on a non-terminal stdin; a hang past `timeout` fails the test instead of blocking it."""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "assistant", *args], input=data, capture_output=True, timeout=timeout, env=os.environ
        )
    except subprocess.TimeoutExpired:
        result = None
    if result is None:
        pytest.fail(f"`{' '.join(['filing-assistant', *args])}` hangs: still running after {timeout} s")
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode(), result.stderr.decode())


def before_products(home: Path) -> None:
    """`acme`: the chatbot answered up to its products list, which comes next."""
    answers = chatbot()
    answers.pop("products")
    save_interview(home, "acme", answers)


# --- 1. A list item half entered stays saved ------------------------------------------------------


def test_a_product_half_entered_survives_back_and_skip(home):
    before_products(home)
    # Name and form of the first product, then back to the question before, skipped.
    result = chat("acme", "Xiaozhi App", "1", "back", "skip")
    assert result.returncode == 0, result.stderr
    assert kept_anywhere(home, "acme", "Xiaozhi App"), "the product typed before back and skip is gone from the saved file"


def test_a_product_half_entered_survives_skipping_the_products_question(home):
    before_products(home)
    result = chat("acme", "Xiaozhi App", "skip")
    assert result.returncode == 0, result.stderr
    assert kept_anywhere(home, "acme", "Xiaozhi App"), "the product typed before skip is gone from the saved file"


def test_a_function_half_entered_survives_skip(home):
    before_products(home)
    # A whole product up to the name of its first function, then skip.
    # Name, form, address (its status and whom it serves are taken from the answers), real-name verification, ICP
    # number, users; then the function.
    result = chat("acme", "Xiaozhi App", "1", "https://xiaozhi.example/download", "y", "浙ICP备12345678号-1", "1", "AI chat", "skip")
    assert result.returncode == 0, result.stderr
    assert kept_anywhere(home, "acme", "Xiaozhi App"), "the product typed before skip is gone from the saved file"
    assert kept_anywhere(home, "acme", "AI chat"), "the function typed before skip is gone from the saved file"


# --- 2. An answer the bank cannot read is set aside, never dropped --------------------------------


def test_an_answer_the_bank_cannot_read_stays_in_the_file_and_the_user_is_told(home):
    # Answered up to the company's name; its province holds an option the bank does not know.
    answers = until(chatbot(), "subject.name")
    save_interview(home, "acme", answers | {"subject.province": "atlantis"}, history=list(answers))

    # The question after the company's name: its credit code, which states its entity type (91: a company).
    result = chat("acme", "91350100M000100Y43")

    assert result.returncode == 0, result.stderr
    assert answers_of(home, "acme")["subject.entity_type"] == "company"
    assert any(
        value == "atlantis" and "province" in path for path, value in leaves(saved(home, "acme"))
    ), "province = 'atlantis' was dropped from the saved file"
    assert "atlantis" in result.stdout or "subject.province" in result.stdout, "the user is not told of the answer set aside"


# --- 3. Two processes on one name: one gets it, neither writes over the other ---------------------


def test_two_processes_opening_one_new_name_never_lose_the_answers_given(home):
    def start(name: str, answering: bool) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "assistant", "chat", "--plain", name],
            stdin=subprocess.PIPE if answering else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=os.environ,
        )

    lost = []
    for batch in range(0, 20, 10):  # 20 races, ten pairs at once (each pair a race for one new name)
        pairs = [(f"r{n}", start(f"r{n}", True), start(f"r{n}", False)) for n in range(batch, batch + 10)]
        for name, answering, idle in pairs:
            _, answering_err = answering.communicate(b"1\n1, 2\n", timeout=60)
            _, idle_err = idle.communicate(timeout=60)
            for process, err in ((answering, answering_err), (idle, idle_err)):
                assert process.returncode in (0, 2), err.decode()
                assert process.returncode == 0 or err.strip(), "a refused process says why"
            assert (answering.returncode, idle.returncode) != (2, 2), f"{name}: both processes were refused"
            if answering.returncode == 0:
                answers = answers_of(home, name)
                if answers.get("scope.audience") != "public" or answers.get("scope.public_interaction") is not True:
                    lost.append(name)
    assert not lost, f"answers given and saved were written over: {lost}"


# --- 4. "Not sure" is never a dead end ------------------------------------------------------------


def test_a_finished_interview_with_one_not_sure_asks_it_again_and_can_be_exported(home, tmp_path):
    save_interview(home, "acme", chatbot() | {"users.minors": "unknown"})
    from assistant.law.questions import load_bank

    # The optional questions of the generative AI filing come first: the filer leaves them for later, then
    # takes up the open ones (Enter).
    optional = [q for q in load_bank().effective(chatbot())[0] if q.optional and q.id not in chatbot()]
    result = chat("acme", *["skip"] * len(optional), "", "n")

    assert result.returncode == 0, result.stderr
    assert MINORS in result.stdout, "the question answered 'not sure' is not asked again"
    assert answers_of(home, "acme")["users.minors"] is False
    exported = run_cli("export", "acme", "--out", str(tmp_path / "rec.toml"))
    assert exported.returncode == 0, exported.stderr


def test_export_of_an_unfinished_interview_with_allow_incomplete_lists_the_open_ids_in_todo(home, tmp_path):
    answers = chatbot() | {"users.minors": "unknown"}
    answers.pop("algorithm.name")
    save_interview(home, "acme", answers)
    out = tmp_path / "rec.toml"

    refused = run_cli("export", "acme", "--out", str(out))
    assert refused.returncode == 3
    assert {"users.minors", "algorithm.name"} <= set(refused.stderr.split())
    assert not out.exists()

    result = run_cli("export", "acme", "--out", str(out), "--allow-incomplete")
    assert result.returncode == 0, result.stderr
    assert set(tomllib.loads(out.read_text(encoding="utf-8"))["todo"]) == {"users.minors", "algorithm.name"}


# --- 5. A pipe is read strictly --------------------------------------------------------------------


def test_in_a_pipe_a_line_it_cannot_read_stops_the_chat_and_no_later_line_is_taken(home):
    result = chat("x", "1", "yes please", "n", "y")
    assert result.returncode == 2
    assert re.search(r"\bline 2\b", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert answers_of(home, "x") == {"scope.audience": "public"}


def test_a_byte_order_mark_before_the_piped_lines_is_ignored(home):
    result = piped("chat", "--plain", "x", data="\ufeff1\n1\n".encode("utf-8"))
    assert result.returncode == 0, result.stderr
    assert answers_of(home, "x") == {
        "scope.audience": "public",
        "scope.public_interaction": True,
        "service.generates_content": False,
        "service.recommends_content": False,
        "users.minors": False,
    }


# --- 6. Resuming continues where the user left -----------------------------------------------------


def test_resuming_continues_at_the_question_left_not_at_the_one_skipped(home):
    # Public; the service's checklist one at a time: interaction yes; "generates content?" skipped; recommends
    # yes, by personalised push; left at minors.
    first = chat("acme", "1", "each", "y", "skip", "y", "1")
    assert first.returncode == 0, first.stderr
    assert "service.generates_content" not in answers_of(home, "acme")

    # The first line after resuming answers the question the user left at (minors), not the skipped one.
    again = chat("acme", "n")

    assert again.returncode == 0, again.stderr
    assert MINORS in again.stdout
    answers = answers_of(home, "acme")
    assert answers.get("users.minors") is False, "resuming did not continue at the question the user left"
    assert "service.generates_content" not in answers


# --- 7. "unknown" is ordinary text where not sure is not offered -----------------------------------


def test_a_company_literally_named_unknown_is_a_complete_answers_file(tmp_path):
    original = COMPLETE.read_text(encoding="utf-8")
    renamed = re.sub(r'(?m)^name = "杭州小智科技有限公司"$', 'name = "unknown"', original)
    assert renamed != original
    answers = tmp_path / "unknown-company.toml"
    answers.write_text(renamed, encoding="utf-8")

    result = run_cli("run", "--answers", str(answers))

    assert result.returncode == 0, result.stderr
    record = tomllib.loads(result.stdout)
    assert record["subject"]["name"] == "unknown"
    assert "subject.name" not in record.get("todo", [])


# --- 8. Import, and the full screen without a terminal ----------------------------------------------


def test_import_makes_a_saved_interview_that_list_shows(home):
    result = run_cli("import", str(COMPLETE), "--name", "xiaozhi")
    assert result.returncode == 0, result.stderr

    listing = run_cli("list", "--format", "json")
    assert listing.returncode == 0, listing.stderr
    (row,) = [row for row in json.loads(listing.stdout) if row["name"] == "xiaozhi"]
    assert row["complete"] is True and row["progress"] == 100
    assert answers_of(home, "xiaozhi")["subject.name"] == "杭州小智科技有限公司"


def test_import_never_overwrites_a_saved_interview(home):
    first = run_cli("import", str(COMPLETE), "--name", "acme")
    assert first.returncode == 0, first.stderr

    again = run_cli("import", str(OTHER), "--name", "acme")
    assert again.returncode == 2
    assert "acme" in again.stderr and "Traceback" not in again.stderr
    assert answers_of(home, "acme")["subject.name"] == "杭州小智科技有限公司"


@pytest.mark.parametrize("args", [["new"], ["resume", "acme"], []], ids=["new", "resume", "home"])
def test_the_full_screen_without_a_terminal_says_so_and_exits_2(home, args):
    save_interview(home, "acme", {"scope.audience": "public"})
    result = piped(*args, timeout=10)
    assert result.returncode == 2
    assert "terminal" in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_an_empty_name_for_the_plain_chat_is_bad_input(home):
    result = chat("", "1")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert not list(home.glob("*.interview.toml")), "an interview was started under another name"


# --- 9. The plain chat's commands ---------------------------------------------------------------------


def more_said(lines: list[str], command: str, *texts: str) -> list[int]:
    """How many more times each of `texts` is printed when `command` is typed after `lines` (two chats side by side)."""
    without = chat("without", *lines)
    with_command = chat("with", *lines, command)
    assert with_command.returncode == 0, with_command.stderr
    return [with_command.stdout.count(text) - without.stdout.count(text) for text in texts]


def test_open_lists_the_questions_skipped(home):
    # Public; the service's checklist skipped: open.
    by_id, by_text = more_said(["1", "skip"], "open", "scope.public_interaction", INTERACTION)
    assert by_id > 0 or by_text > 0, "open does not name the question skipped"


def test_review_prints_the_answers_so_far(home):
    (audience,) = more_said(["1", "1, 2"], "review", PUBLIC)  # the audience answer, in words
    assert audience > 0, "review does not show the answers given"


def test_change_asks_an_answered_question_again_and_an_empty_line_keeps_it(home):
    result = chat("demo", "1", "change scope.audience", "", "1, 2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(AUDIENCE) >= 2, "change did not ask the question again"
    assert answers_of(home, "demo") == {
        "scope.audience": "public",
        "scope.public_interaction": True,
        "service.generates_content": True,
        "service.recommends_content": False,
        "users.minors": False,
    }


def test_change_takes_a_new_answer(home):
    result = chat("demo", "1", "1", "change scope.audience", "2")
    assert result.returncode == 0, result.stderr
    answers = answers_of(home, "demo")
    assert answers["scope.audience"] == "business_customers"
    assert answers["scope.public_interaction"] is True


def test_help_says_why_the_question_is_asked_and_lists_the_commands(home):
    result = chat("demo", "?")
    assert result.returncode == 0, result.stderr
    assert AUDIENCE_WHY in result.stdout
    after_help = result.stdout[result.stdout.index(AUDIENCE_WHY) :]
    missing = [word for word in COMMAND_WORDS if word not in after_help]
    assert not missing, f"? does not name the commands {missing}"
