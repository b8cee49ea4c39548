"""Hardening: whatever a user, a script or a damaged disk throws at the tool, it answers 0, 2 or 3
with a clear message, never a traceback, and never loses or alters what was saved before.

Beyond tests/test_properties.py (generated answers files and bytes) and tests/test_store.py
(locks, kills, damaged files): records and saved interviews as generated TOML, awkward text
through every path it travels, oversized input, a read-only or full disk, file permissions,
and the start-up caches behind bench/run.py.

Records written by `run --out` and `export` are private (0600) like the saved interviews:
a record names the security officer and the filing contact with their phone numbers and
e-mail addresses, and the user shares it deliberately (chmod, or a copy), never by default.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import errno
import io
import json
import os
import pickle
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any, Iterator

import pytest
import tomli_w
from hypothesis import given, strategies as st

from assistant import cache
from assistant.law import questions
from assistant.files.answers import load_answers
from assistant.shells.cli import main
from assistant.errors import BadInput
from assistant.shells.plain import run_plain
from assistant.law.questions import MAX_TEXT_CHARS, checked, load_bank
from assistant.files.record import build_record, record_toml, validated_record
from assistant.dialog.session import Session
from assistant.law.questions import to_file
from assistant.saved.store import SUFFIX, Saved, Store
from conftest import COMPLETE, TODAY, edited_copy, together_value
from test_properties import KEYS, TEXT, VALUES, answer_sets

BANK = load_bank()
ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.timezone.utc)
CLOCK = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)

running_as_root = pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions"
)


def run_main(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """The command in this process: exit status, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        if stdin is not None:
            saved_stdin = sys.stdin
            sys.stdin = io.StringIO(stdin)
            stack.callback(setattr, sys, "stdin", saved_stdin)
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def assert_clean(code: int, err: str, allowed: tuple[int, ...] = (0, 2, 3)) -> None:
    assert code in allowed, err
    assert "Traceback" not in err


@contextlib.contextmanager
def environment(**values: str) -> Iterator[None]:
    """Environment variables for one hypothesis example (a fixture would span all of them)."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def complete_answers() -> dict[str, Any]:
    return load_answers(BANK, COMPLETE)


def answers_file(folder: Path, answers: dict[str, Any], name: str = "answers.toml") -> Path:
    path = folder / name
    path.write_text(tomli_w.dumps(answers), encoding="utf-8")
    return path


def store(home: Path) -> Store:
    return Store(home, clock=lambda: CLOCK)


# --- Generated records and saved interviews ------------------------------------------------


def paths_in(node: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every place inside a TOML document, as a tuple of keys and indexes."""
    if prefix:
        yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths_in(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths_in(value, prefix + (index,))


def at(document: Any, path: tuple) -> Any:
    for part in path:
        document = document[part]
    return document


AWKWARD = st.one_of(
    VALUES,
    st.integers(min_value=2**53, max_value=10**4000),  # tomli-w writes up to Python's 4,300 digits
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(min_size=0, max_size=5),
    st.just(""),
    st.lists(st.dictionaries(KEYS, VALUES, max_size=3), max_size=3),
    st.times(),
)


@st.composite
def mutated_records(draw) -> dict[str, Any]:
    """A record the tool wrote, then edited by hand: keys dropped, values replaced, keys added."""
    record = build_record(BANK, draw(answer_sets()), now=NOW)
    for _ in range(draw(st.integers(1, 3))):
        places = list(paths_in(record))
        path = draw(st.sampled_from(places))
        parent, key = at(record, path[:-1]), path[-1]
        action = draw(st.sampled_from(["drop", "replace", "add"]))
        if action == "drop":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(AWKWARD)
        elif isinstance(parent, dict):
            parent[draw(KEYS)] = draw(AWKWARD)
        else:
            parent.append(draw(AWKWARD))
    return record


@given(mutated_records())
def test_a_hand_edited_record_is_validated_and_summarised_without_a_crash(record):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.toml"
        path.write_text(tomli_w.dumps(record), encoding="utf-8")
        for args in (["validate", str(path)], ["summary", str(path), "--format", "json"]):
            code, _, err = run_main(*args)
            assert_clean(code, err, (0, 2))
            if code == 2:
                assert err.strip()


@given(answer_sets(), st.data())
def test_a_record_with_damaged_bytes_is_refused_cleanly(answers, data):
    raw = bytearray(record_toml(build_record(BANK, answers, now=NOW)).encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        at_byte = data.draw(st.integers(0, len(raw)), label="at")
        edit = data.draw(st.sampled_from(["cut", "insert", "flip"]), label="edit")
        if edit == "cut":
            del raw[at_byte : at_byte + data.draw(st.integers(1, 40), label="length")]
        elif edit == "insert":
            raw[at_byte:at_byte] = data.draw(st.binary(min_size=1, max_size=8), label="bytes")
        elif at_byte < len(raw):
            raw[at_byte] ^= data.draw(st.integers(1, 255), label="mask")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.toml"
        path.write_bytes(bytes(raw))
        for args in (["validate", str(path)], ["summary", str(path)]):
            code, _, err = run_main(*args)
            assert_clean(code, err, (0, 2))


SAVED_SHAPES = st.fixed_dictionaries(
    {},
    optional={
        "schema_version": st.one_of(st.sampled_from([1, 2, 3]), VALUES),
        "name": st.one_of(st.just("fuzz"), TEXT),
        "lang": st.one_of(st.sampled_from(["en", "zh", "fr"]), VALUES),
        "created": st.one_of(st.datetimes(timezones=st.just(dt.timezone.utc)), VALUES),
        "updated": st.one_of(st.datetimes(), st.dates(), VALUES),
        "history": st.one_of(st.lists(st.sampled_from(sorted(BANK.by_id)), max_size=6), VALUES),
        "answers": st.one_of(answer_sets(), st.dictionaries(KEYS, AWKWARD, max_size=6), VALUES),
    },
)


@given(SAVED_SHAPES)
def test_a_damaged_saved_interview_is_reported_and_left_exactly_as_found(document):
    with tempfile.TemporaryDirectory() as folder, environment(FILING_ASSISTANT_HOME=folder):
        saved = Path(folder) / f"fuzz{SUFFIX}"
        saved.write_text(tomli_w.dumps(to_file(document)), encoding="utf-8")
        before = saved.read_bytes()
        for args in (
            ["list", "--format", "json"],
            ["summary", "fuzz", "--format", "json"],
            ["export", "fuzz", "--out", str(Path(folder) / "record.toml")],
        ):
            code, _, err = run_main(*args)
            assert_clean(code, err)
        assert saved.read_bytes() == before


@given(answer_sets())
def test_the_fast_condition_check_agrees_with_the_rule_as_written(answers):
    """QuestionBank.effective runs after every answer, on conditions prepared once; it must say
    exactly what `applies` (the rule of dialogs/README.md) says, question by question."""
    asked, counted = [], {}
    for question in BANK.questions:
        if BANK.applies(question, counted):
            asked.append(question)
            if question.id in answers:
                counted[question.id] = answers[question.id]
    assert BANK.effective(answers) == (asked, counted)


def every_field() -> Iterator[Any]:
    """Every question and every field of a list of records: what a typed line may answer."""
    from assistant.dialog.interview import ANOTHER_ITEM

    def walk(field):
        yield field
        for sub in field.fields:
            yield from walk(sub)

    for question in BANK.questions:
        yield from walk(question)
    yield ANOTHER_ITEM


FIELDS = list(every_field())
LINES = st.one_of(
    st.text(),
    st.integers().map(str),
    st.text(alphabet="0123456789²³١٢,，、 .eE-+", max_size=12),
    st.sampled_from(["nan", "inf", "1e999", "2027-02-30", "0000-01-01", "unsure", "不确定", "是", "否", "9" * 5000]),
)


@given(st.sampled_from(FIELDS), LINES)
def test_any_line_typed_at_any_question_is_an_answer_or_a_reason_to_ask_again(field, line):
    try:
        value = questions.parse_line(field, line)
    except questions.AnswerProblem as problem:
        assert problem.en and problem.zh
    else:
        if field.kind != "records":
            assert checked(field, value) == value


CHAT_LINES = st.lists(
    st.one_of(
        st.sampled_from(["y", "n", "1", "2", "3", "1, 2", "back", "skip", "unsure", "?", "summary", "2027-03-01", "是", "返回"]),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=30),
    ),
    max_size=40,
)


@given(CHAT_LINES, st.sampled_from(["en", "zh"]))
def test_any_lines_piped_into_the_plain_chat_leave_a_readable_saved_interview(lines, lang):
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        out = io.StringIO()
        err = io.StringIO()
        code = run_plain(
            "acme", lang, stdin=io.StringIO("".join(line + "\n" for line in lines)), stdout=out, stderr=err, store=store(home), today=TODAY
        )
        assert code in (0, 2)  # 2: a line it could not read stopped the pipe
        assert (code == 2) == bool(err.getvalue())
        saved = store(home).read("acme")
        assert saved.lang == lang
        assert set(saved.history) <= set(BANK.by_id)


# --- Awkward text, unchanged on every path ---------------------------------------------------

AWKWARD_TEXT = [
    pytest.param('she said "file it" and it\'s done; """triple""" and \'\'\'literal\'\'\'', id="quotes"),
    pytest.param(r"C:\filings\new \n is not a newline \u0041 \\", id="backslashes"),
    pytest.param("line one\nline two\r\nline three", id="newlines"),
    pytest.param("tab\there, bell\a, escape \x1b[31mred\x1b[0m, delete\x7f, nul\x00", id="control-characters"),
    pytest.param("智能助手 👩‍💻🇨🇳 ok", id="emoji"),
    pytest.param("杭州小智科技有限公司（测试）", id="chinese"),
    pytest.param("e\u0301 and \u00e9, zero\u200bwidth, right\u202eto-left, bom\ufeff", id="combining-and-invisible"),
    pytest.param('[[products]]\nname = "injected"\n"scope.audience" = "internal"', id="looks-like-toml"),
]


def with_text(answers: dict[str, Any], text: str) -> dict[str, Any]:
    answers = copy.deepcopy(answers)
    answers["subject.name"] = text
    answers["subject.address"] = text
    answers["algorithm.introduction"] = text
    answers["products"][0]["name"] = text
    answers["products"][0]["functions"][0]["description"] = text
    return answers


def texts_of(answers: dict[str, Any]) -> list[str]:
    return [
        answers["subject.name"],
        answers["subject.address"],
        answers["algorithm.introduction"],
        answers["products"][0]["name"],
        answers["products"][0]["functions"][0]["description"],
    ]


@pytest.mark.parametrize("text", AWKWARD_TEXT)
def test_awkward_text_goes_from_answers_file_to_record_and_back_unchanged(text, tmp_path):
    path = answers_file(tmp_path, with_text(complete_answers(), text))
    record = tmp_path / "record.toml"
    code, _, err = run_main("run", "--answers", str(path), "--out", str(record))
    assert_clean(code, err, (0,))
    _, again = validated_record(BANK, record)
    assert texts_of(again) == [text] * 5
    assert tomllib.loads(record.read_text(encoding="utf-8"))["subject"]["name"] == text


@pytest.mark.parametrize("text", AWKWARD_TEXT)
def test_awkward_text_in_a_record_gives_the_same_summary_as_its_answers(text, tmp_path):
    answers = with_text(complete_answers(), text)
    path = answers_file(tmp_path, answers)
    record = tmp_path / "record.toml"
    assert run_main("run", "--answers", str(path), "--out", str(record))[0] == 0
    code, from_record, err = run_main("summary", str(record), "--format", "json")
    assert_clean(code, err, (0,))
    assert json.loads(from_record) == json.loads(run_main("summary", "--answers", str(path), "--format", "json")[1])


@pytest.mark.parametrize("text", AWKWARD_TEXT)
def test_awkward_text_survives_a_saved_interview_unchanged(text, home):
    answers = to_file(with_text(complete_answers(), text))
    store(home).write(Saved("acme", store(home).path("acme"), lang="zh", answers=answers, history=list(answers)))
    saved = store(home).read("acme")
    assert texts_of(saved.answers) == [text] * 5
    assert saved.answers == answers
    assert saved.lang == "zh"


@pytest.mark.parametrize("text", AWKWARD_TEXT)
def test_awkward_text_typed_into_the_engine_is_saved_as_given(text, home):
    with Session(store(home), "acme", create=True) as session:
        answer_until(session.interview, complete_answers(), "subject.name")
        session.interview.answer(text)
    assert store(home).read("acme").answers["subject.name"] == text


def answer_until(interview, answers: dict[str, Any], stop: str) -> None:
    """Answer from `answers` until `stop` is the question asked."""
    while (ask := interview.view().ask).question_id != stop or ask.members:
        interview.answer(together_value(answers, interview.answers, ask) if ask.members else answers[ask.question_id])


ONE_LINE = [p for p in AWKWARD_TEXT if "\n" not in p.values[0] and "\r" not in p.values[0]]


@pytest.mark.parametrize("text", ONE_LINE)
def test_awkward_text_typed_in_the_plain_chat_is_saved_as_given(text, home):
    with Session(store(home), "acme", create=True) as session:
        answer_until(session.interview, complete_answers(), "subject.name")
    out = io.StringIO()
    assert run_plain("acme", stdin=io.StringIO(text + "\n"), stdout=out, store=store(home), today=TODAY) == 0
    assert store(home).read("acme").answers["subject.name"] == text.strip()


def test_surrounding_spaces_are_trimmed_from_text_answers_as_documented(tmp_path):
    answers = with_text(complete_answers(), "  padded name \u3000\n")
    record = tmp_path / "record.toml"
    assert run_main("run", "--answers", str(answers_file(tmp_path, answers)), "--out", str(record))[0] == 0
    assert validated_record(BANK, record)[1]["subject.name"] == "padded name"


def test_bytes_that_are_not_utf8_piped_into_the_plain_chat_are_asked_again_not_saved(home, cli):
    with Session(store(home), "acme", create=True) as session:
        answer_until(session.interview, complete_answers(), "subject.name")
    before = (home / f"acme{SUFFIX}").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--plain", "acme"],
        input=b"\xff\xfe not utf-8\n",
        capture_output=True,
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=120,
    )
    assert result.returncode == 2, result.stderr  # in a pipe, a line it cannot read stops the chat
    assert b"Traceback" not in result.stderr
    assert b"line 1:" in result.stderr and b"not valid text" in result.stderr
    assert (home / f"acme{SUFFIX}").read_bytes() == before


def test_a_lone_surrogate_is_refused_by_the_engine_and_by_the_store(home):
    with pytest.raises(ValueError, match="not valid text"):
        checked(BANK.question("subject.name"), "bad \udcff")
    with pytest.raises(BadInput, match="not valid text"):
        store(home).write(Saved("acme", store(home).path("acme"), answers={"subject.name": "bad \udcff"}))
    assert not (home / f"acme{SUFFIX}").exists()


# --- Oversized input -------------------------------------------------------------------------

MEGABYTE = 1_000_000


@pytest.mark.parametrize(
    ("question", "text", "words"),
    [
        ("algorithm.introduction", " ".join(["word"] * 201), "201 words, over the limit of 200"),
        ("algorithm.introduction", "算" * 201, "201 words, over the limit of 200"),
        ("algorithm.introduction", "word " * (MEGABYTE // 5), "over the limit of 200"),
        ("algorithm.introduction", "a" * MEGABYTE, f"over the limit of {MAX_TEXT_CHARS:,}"),
        ("algorithm.risk.prevention_explanation", "算法" * (MEGABYTE // 6), "over the limit of 200"),
        ("subject.name", "x" * MEGABYTE, f"over the limit of {MAX_TEXT_CHARS:,}"),
    ],
    ids=["201-words", "201-chinese-characters", "a-megabyte-of-words", "a-megabyte-in-one-word", "a-megabyte-of-chinese", "a-megabyte-name"],
)
def test_text_over_its_limit_is_refused_naming_the_question(question, text, words, tmp_path):
    answers = complete_answers()
    answers[question] = text
    path = answers_file(tmp_path, answers)
    for args in (["run", "--answers", str(path)], ["summary", "--answers", str(path)]):
        code, out, err = run_main(*args)
        assert_clean(code, err, (2,))
        assert f"{question}: " in err and words in err
        assert len(err) < 2_000, "the message must not repeat the text"
        assert out == ""


def test_text_of_exactly_the_limit_is_accepted(tmp_path):
    answers = complete_answers()
    answers["algorithm.introduction"] = " ".join(["word"] * 200)
    answers["subject.address"] = "x" * MAX_TEXT_CHARS
    assert run_main("run", "--answers", str(answers_file(tmp_path, answers)))[0] == 0


def test_a_megabyte_answer_in_a_record_is_refused_by_validate(tmp_path):
    record = build_record(BANK, complete_answers(), now=NOW)
    record["algorithm"]["introduction"] = "算法" * (MEGABYTE // 6)  # a megabyte of UTF-8
    path = tmp_path / "record.toml"
    path.write_text(tomli_w.dumps(record), encoding="utf-8")
    code, _, err = run_main("validate", str(path))
    assert_clean(code, err, (2,))
    assert "algorithm.introduction" in err and len(err) < 2_000


def test_a_megabyte_line_in_the_plain_chat_is_asked_again_and_not_saved(home):
    with Session(store(home), "acme", create=True) as session:
        answer_until(session.interview, complete_answers(), "subject.name")
    before = (home / f"acme{SUFFIX}").read_bytes()
    out, err = io.StringIO(), io.StringIO()
    assert run_plain("acme", stdin=io.StringIO("x" * MEGABYTE + "\n"), stdout=out, stderr=err, store=store(home), today=TODAY) == 2
    assert f"over the limit of {MAX_TEXT_CHARS:,}" in err.getvalue() and len(err.getvalue()) < 2_000
    assert (home / f"acme{SUFFIX}").read_bytes() == before


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("0x" + "f" * 5000, "too large"),
        ("9" * 5000, "too many digits"),
        ("9007199254740992", "too large"),
        ("1e400", "finite number"),
    ],
    ids=["hex-of-5000-digits", "decimal-of-5000-digits", "just-over-2-to-the-53", "infinite"],
)
def test_an_absurd_number_is_refused_cleanly(value, words, tmp_path):
    text = COMPLETE.read_text(encoding="utf-8").replace("security_department_size = 6", f"security_department_size = {value}")
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    for args in (["run", "--answers", str(path)], ["summary", "--answers", str(path)]):
        code, _, err = run_main(*args)
        assert_clean(code, err, (2,))
        assert words in err and len(err) < 2_000


def test_a_huge_number_where_a_choice_belongs_is_named_without_printing_it(tmp_path):
    path = tmp_path / "answers.toml"
    path.write_text('"scope.audience" = 0x' + "f" * 5000 + "\n", encoding="utf-8")
    code, _, err = run_main("summary", "--answers", str(path))
    assert_clean(code, err, (2,))
    assert "scope.audience: expected one option, got int a number of about 6020 digits" in err


@pytest.mark.parametrize(
    "text",
    ["a = " + "[" * 5000 + "]" * 5000, "a = " + "{ b = " * 3000 + "1" + " }" * 3000],
    ids=["arrays", "inline-tables"],
)
def test_toml_nested_thousands_deep_is_refused_cleanly(text, tmp_path, home):
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    for args in (["run", "--answers", str(path)], ["validate", str(path)], ["summary", str(path)]):
        code, _, err = run_main(*args)
        assert_clean(code, err, (2,))
        assert "nested too deeply" in err
    home.mkdir(parents=True)
    (home / f"deep{SUFFIX}").write_text(text, encoding="utf-8")
    code, _, err = run_main("list")
    assert_clean(code, err, (0,))
    assert "deep: the saved interview cannot be read (not valid TOML: arrays or tables nested too deeply)" in err


@pytest.mark.parametrize("field", ["created", "updated"])
def test_a_saved_interview_whose_times_are_not_times_is_reported_not_listed(field, home):
    store(home).write(Saved("acme", store(home).path("acme"), answers={"scope.audience": "public"}))
    path = home / f"acme{SUFFIX}"
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    document[field] = "last tuesday"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    code, out, err = run_main("list", "--format", "json")
    assert_clean(code, err, (0,))
    assert json.loads(out) == []
    assert f"{field} is not a date and time" in err


# --- A read-only home, a full disk -------------------------------------------------------------


def saved_interview(home: Path) -> bytes:
    """An interview with one answer saved; the bytes on disk."""
    with Session(store(home), "acme", create=True) as session:
        session.interview.answer("public")
    return (home / f"acme{SUFFIX}").read_bytes()


def leftovers(home: Path) -> list[str]:
    """Temporary files a failed save must not leave behind."""
    return sorted(p.name for p in home.iterdir() if p.name.endswith(".tmp"))


@running_as_root
def test_a_read_only_home_refuses_the_next_answer_and_keeps_the_interview(home, cli):
    before = saved_interview(home)
    home.chmod(0o500)
    try:
        result = cli("chat", "--plain", "acme", input="y\n")
        listing = cli("list", "--format", "json")
    finally:
        home.chmod(0o700)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "acme" in result.stderr and "Permission denied" in result.stderr
    assert (home / f"acme{SUFFIX}").read_bytes() == before
    assert listing.returncode == 0 and json.loads(listing.stdout)[0]["name"] == "acme"


@running_as_root
def test_a_read_only_home_refuses_a_new_interview_cleanly(home, cli):
    saved_interview(home)
    home.chmod(0o500)
    try:
        result = cli("chat", "--plain", "fresh", input="1\n")
    finally:
        home.chmod(0o700)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Permission denied" in result.stderr
    assert not (home / f"fresh{SUFFIX}").exists()


@running_as_root
def test_a_record_cannot_be_written_into_a_read_only_folder(tmp_path, cli):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = cli("run", "--answers", str(COMPLETE), "--out", str(folder / "record.toml"))
    finally:
        folder.chmod(0o700)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "record.toml: cannot write here: Permission denied" in result.stderr


def no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("call", ["fsync", "replace"])
def test_a_full_disk_keeps_the_interview_saved_before_it(call, home, monkeypatch):
    before = saved_interview(home)
    monkeypatch.setattr(os, call, no_space)
    with pytest.raises(BadInput, match="No space left on device; the previous version is intact"):
        store(home).write(Saved("acme", store(home).path("acme"), answers={"scope.audience": "internal"}))
    monkeypatch.undo()
    assert (home / f"acme{SUFFIX}").read_bytes() == before
    assert leftovers(home) == []


def test_a_full_disk_during_the_plain_chat_exits_2_and_keeps_the_interview(home, monkeypatch):
    before = saved_interview(home)
    monkeypatch.setattr(os, "fsync", no_space)
    code, _, err = run_main("chat", "--plain", "acme", stdin="1\n")
    monkeypatch.undo()
    assert_clean(code, err, (2,))
    assert "acme" in err and "No space left on device" in err
    assert (home / f"acme{SUFFIX}").read_bytes() == before
    assert leftovers(home) == []


def test_a_disk_too_full_for_a_temporary_file_says_so(home, monkeypatch):
    before = saved_interview(home)
    monkeypatch.setattr(tempfile, "mkstemp", no_space)
    with pytest.raises(BadInput, match="cannot write here: No space left on device"):
        store(home).write(Saved("acme", store(home).path("acme"), answers={"scope.audience": "internal"}))
    monkeypatch.undo()
    assert (home / f"acme{SUFFIX}").read_bytes() == before


def test_a_full_disk_keeps_the_previous_record(tmp_path, monkeypatch):
    record = tmp_path / "record.toml"
    assert run_main("run", "--answers", str(COMPLETE), "--out", str(record))[0] == 0
    before = record.read_bytes()
    monkeypatch.setattr(os, "fsync", no_space)
    code, _, err = run_main("run", "--answers", str(COMPLETE), "--out", str(record))
    monkeypatch.undo()
    assert_clean(code, err, (2,))
    assert "No space left on device; the previous version is intact" in err
    assert record.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_a_lock_that_cannot_be_taken_is_bad_input_not_a_crash(home, monkeypatch):
    saved_interview(home)
    mkdir = Path.mkdir

    def refused(self, *args, **kwargs):
        if self.name == ".locks":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refused)
    with pytest.raises(BadInput, match="cannot open it for writing .*Permission denied"):
        Session(store(home), "acme")


# --- Permissions -------------------------------------------------------------------------------


def mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o777)


@contextlib.contextmanager
def permissive_umask() -> Iterator[None]:
    """umask 000: the modes below must come from the tool, not from the user's umask."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_every_file_the_tool_saves_is_private_whatever_the_umask(home, tmp_path):
    with permissive_umask():
        with Session(store(home), "acme", create=True) as session:
            for value in ("public", True, True, ["text"], False):
                session.interview.answer(value)
        copy_name = store(home).duplicate("acme")
        store(home).write(Saved("finished", store(home).path("finished"), answers=to_file(complete_answers())))
        record = tmp_path / "run.record.toml"
        exported = tmp_path / "export.record.toml"
        assert run_main("run", "--answers", str(COMPLETE), "--out", str(record))[0] == 0
        assert run_main("export", "finished", "--out", str(exported))[0] == 0
    assert mode(home) == "0o700"
    assert mode(home / ".locks") == "0o700"
    for path in [home / f"acme{SUFFIX}", home / f"{copy_name}{SUFFIX}", home / f"finished{SUFFIX}", record, exported]:
        assert mode(path) == "0o600", path
    for lock in (home / ".locks").iterdir():
        assert mode(lock) == "0o600", lock


def test_a_record_written_over_a_shared_file_becomes_private(tmp_path):
    record = tmp_path / "record.toml"
    record.write_text("old", encoding="utf-8")
    record.chmod(0o644)
    assert run_main("run", "--answers", str(COMPLETE), "--out", str(record))[0] == 0
    assert mode(record) == "0o600"


# --- The start-up caches ---------------------------------------------------------------------


@pytest.fixture
def fresh_bank(monkeypatch, tmp_path):
    """load_bank as a new process sees it, with the cache folder in tmp_path."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("FILING_ASSISTANT_CACHE", str(cache))
    questions.load_bank.cache_clear()
    yield cache
    questions.load_bank.cache_clear()


def bank_cache(folder: Path) -> Path:
    """The one cache file of the question bank in `folder`."""
    [cached] = [p for p in folder.iterdir() if p.name.startswith("question-bank-") and not p.name.startswith(".")]
    return cached


def real_bank():
    return questions.bank_from_folder(questions.dialogs_folder())


def test_the_question_bank_cache_gives_the_same_bank(fresh_bank, monkeypatch):
    first = questions.load_bank()
    cached = bank_cache(fresh_bank)
    assert cached.suffix == ".json", "the cache is data (JSON), never code (pickle)"
    header, _, body = cached.read_bytes().partition(b"\n")
    assert set(json.loads(header)) == {"format", "key", "sha256"}
    assert set(json.loads(body)) == {"sections", "questions", "obligations", "readings", "facts", "filings", "groups"}
    assert mode(cached) == "0o600"
    questions.load_bank.cache_clear()

    def not_from_the_folder(folder):
        raise AssertionError("a warm cache must be used")

    from_folder = questions.bank_from_folder
    monkeypatch.setattr(questions, "bank_from_folder", not_from_the_folder)
    again = questions.load_bank()
    monkeypatch.setattr(questions, "bank_from_folder", from_folder)
    assert again == first == real_bank()
    assert again.by_id["scope.audience"].options == first.by_id["scope.audience"].options


def torn(content: bytes) -> bytes:
    return content[: len(content) // 2]


@pytest.mark.parametrize(
    "damage",
    [
        lambda c: b"",
        lambda c: b"garbage",
        lambda c: b"{}",
        lambda c: b'{"not": "a bank"}',
        lambda c: b"[1, 2, 3]",
        torn,
        lambda c: c.replace(b'"questions"', b'"questionz"'),
        lambda c: c.replace(b'"kind": "choice"', b'"kind": 7', 1),
        lambda c: pickle.dumps({"not": "a bank"}),
    ],
    ids=["empty", "garbage", "empty-object", "wrong-object", "array", "torn", "renamed-key", "wrong-type", "a-pickle"],
)
def test_a_damaged_bank_cache_is_rebuilt(damage, fresh_bank):
    questions.load_bank()
    cached = bank_cache(fresh_bank)
    content = damage(cached.read_bytes())
    cached.write_bytes(content)
    cached.chmod(0o600)
    questions.load_bank.cache_clear()
    assert questions.load_bank() == real_bank()
    assert cached.read_bytes() != content


class _RunsCode:
    """Unpickled, it creates `marker`: proof that loading the cache ran code the file named."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_pickle_planted_as_the_bank_cache_never_runs(fresh_bank, tmp_path):
    questions.load_bank()
    cached = bank_cache(fresh_bank)
    marker = tmp_path / "foreign-code-ran"
    for name in {cached.name, cached.with_suffix(".pickle").name}:
        (fresh_bank / name).write_bytes(pickle.dumps(_RunsCode(marker)))
        (fresh_bank / name).chmod(0o600)
    questions.load_bank.cache_clear()
    assert questions.load_bank() == real_bank()
    assert not marker.exists()


def tampered_copy(cached: Path, where: Path) -> Path:
    """The cache with one question reworded and its hash made to fit again, as a file this user owns (0600):
    what someone who can write the cache folder could plant. Only where the file is may give it away."""
    header, _, body = cached.read_bytes().partition(b"\n")
    fields = {k: v for k, v in json.loads(header).items() if k != "sha256"}
    assert b"Who uses the service?" in body
    where.write_bytes(cache.sealed(fields, body.replace(b"Who uses the service?", b"Who usez the service?")))
    where.chmod(0o600)
    return where


def assert_not_tampered() -> None:
    questions.load_bank.cache_clear()
    assert questions.load_bank().question("scope.audience").en == "Who uses the service?"


def test_control_a_private_cache_file_of_this_user_is_trusted(fresh_bank):
    """The control for the tests below: the same tampered content, in the cache file itself, is used.
    A file this user wrote is trusted (whoever can write as this user can change the program too);
    the tests below show that nobody else can put such a file where the cache is read."""
    questions.load_bank()
    cached = bank_cache(fresh_bank)
    tampered_copy(cached, cached)
    questions.load_bank.cache_clear()
    assert questions.load_bank().question("scope.audience").en == "Who usez the service?"


def test_a_symlink_planted_as_the_bank_cache_is_not_followed(fresh_bank, tmp_path):
    questions.load_bank()
    cached = bank_cache(fresh_bank)
    target = tampered_copy(cached, tmp_path / "elsewhere.json")
    cached.unlink()
    cached.symlink_to(target)
    assert_not_tampered()


def test_a_hard_link_planted_as_the_bank_cache_is_not_trusted(fresh_bank, tmp_path):
    questions.load_bank()
    cached = bank_cache(fresh_bank)
    target = tampered_copy(cached, fresh_bank.parent / "elsewhere.json")
    cached.unlink()
    os.link(target, cached)
    assert_not_tampered()


@pytest.mark.parametrize("permissions", [0o666, 0o620, 0o602, 0o640], ids=oct)
def test_a_bank_cache_others_could_have_written_is_not_trusted(permissions, fresh_bank, tmp_path):
    questions.load_bank()
    cached = bank_cache(fresh_bank)
    tampered_copy(cached, cached).chmod(permissions)
    assert_not_tampered()
    assert mode(bank_cache(fresh_bank)) == "0o600"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_bank_cache_owned_by_another_user_is_not_trusted(fresh_bank):
    questions.load_bank()
    cached = bank_cache(fresh_bank)
    tampered_copy(cached, cached)
    os.chown(cached, 65534, 65534)
    assert_not_tampered()


def test_the_cache_of_another_bank_is_not_taken_for_this_one(fresh_bank, tmp_path, monkeypatch):
    """A cache file renamed to this bank's name (same user, 0600) names its own key inside: refused."""
    dialogs = tmp_path / "dialogs"
    dialogs.mkdir()
    real_folder = questions.dialogs_folder()
    for source in real_folder.glob("*.toml"):
        text = source.read_bytes().replace(b"Who uses the service?", b"Who usez the service?")
        (dialogs / source.name).write_bytes(text)
    monkeypatch.setattr(questions, "dialogs_folder", lambda: dialogs)
    questions.load_bank()
    other = bank_cache(fresh_bank)
    monkeypatch.setattr(questions, "dialogs_folder", lambda: real_folder)
    this = questions._bank_cache_file(real_folder)
    assert this != other
    other.rename(this)
    assert_not_tampered()


def test_a_changed_question_bank_is_read_afresh(fresh_bank, tmp_path):
    dialogs = tmp_path / "dialogs"
    dialogs.mkdir()
    for source in questions.dialogs_folder().glob("*.toml"):
        (dialogs / source.name).write_bytes(source.read_bytes())
    before = questions._bank_cache_file(dialogs)
    with (dialogs / "scope.toml").open("a", encoding="utf-8") as file:
        file.write("\n# a lawyer's comment\n")
    assert questions._bank_cache_file(dialogs) != before


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, cli):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    result = cli("summary", "--answers", str(COMPLETE), "--format", "json", env={"FILING_ASSISTANT_CACHE": str(blocked)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["roles"]["deep_synthesis_provider"] is True


# --- The benchmark -----------------------------------------------------------------------------


BENCH_ROWS = {
    "prompts": ["prompts to a complete record, simplest chatbot"],
    "summary": ["summary --answers, launch date", "summary --answers, no launch date"],
    "tui": ["TUI start to first question"],
    "answer": ["answer to next question"],
    "screens": ["summary screen open (F6)", "F4 on the summary", "F4 on the form"],
    "interview": ["whole interview, saved after every answer"],
    "files": ["per answers file at 20 files (vs 10)", "per answers file at 50 files (vs 10)"],
    "draft": ["draft of the three .docx (vs summary)"],
    "check": ["check of one interview (vs summary)"],
    "portfolio": ["portfolio per file at 20 files (vs 10)", "portfolio per file vs a summary loop", "portfolio memory at 100 files (vs 10)"],
    "genai": ["genai-check of a 10,000-row keyword list and a 2,000-row test set (vs openpyxl alone)"],
}
"""Each figure bench/run.py measures (`--only`), with the rows of the table it prints in --quick."""


def test_the_benchmark_measures_every_figure_and_nothing_else():
    """The figures the suite runs (in BENCH_GROUPS, below) are those bench/run.py has."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import run as bench
    finally:
        sys.path.remove(str(ROOT / "bench"))
    assert set(bench.FIGURES) == set(BENCH_ROWS)


BENCH_GROUPS = [("screens",), ("tui", "answer"), ("prompts", "summary", "interview", "files", "draft", "check", "portfolio", "genai")]
"""The figures in three runs of bench/run.py, about as long each: the suite's workers share them."""


def test_the_benchmark_groups_hold_every_figure_once():
    assert sorted(f for group in BENCH_GROUPS for f in group) == sorted(BENCH_ROWS)


@pytest.mark.parametrize("figures", BENCH_GROUPS, ids="+".join)
def test_the_benchmark_runs_and_prints_every_figure(figures: tuple[str, ...]):
    """Only that every row runs (`--quick`: in seconds each) and is measured, in order: timings are never asserted
    (bench/run.py reports them against baselines; the full run is no part of the suite)."""
    argv = [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", *(f"--only={name}" for name in figures)]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    rows = [row for figure in figures for row in BENCH_ROWS[figure]]
    table = out.split("\n\n")[1].splitlines()[2:]
    assert [line[: len(name)] for line, name in zip(table, rows)] == rows, out
    assert len(table) == len(rows) and all(line.endswith((" ok", " over")) for line in table), out
    assert "s in all:" in out


# --- Nothing lost, nothing overwritten, nothing injected (issue 18) ----------------------------

FAR_DATE = ("launch_date = 2026-09-28", "launch_date = 9999-12-31")


@pytest.mark.parametrize("command", ["summary", "run", "form", "draft", "portfolio", "diff", "import"])
def test_a_date_far_outside_the_range_is_bad_input_for_every_command(command, tmp_path, capsys):
    """9999-12-31 gave an OverflowError traceback from add_working_days in every command that counts a deadline."""
    far = edited_copy(tmp_path, "far.toml", FAR_DATE)
    argv = {
        "summary": ["summary", "--answers", str(far)],
        "run": ["run", "--answers", str(far)],
        "form": ["form", "--answers", str(far)],
        "draft": ["draft", "--answers", str(far), "--out", str(tmp_path / "drafts")],
        "portfolio": ["portfolio", str(far)],
        "diff": ["diff", str(COMPLETE), str(far)],
        "import": ["import", str(far), "--name", "far"],
    }[command]
    code, out, err = run_main(*argv)
    assert code == 2, err
    assert "Traceback" not in err
    assert "9999-12-31" in err and "2000-01-01 to 2100-12-31" in err, err


@pytest.mark.parametrize("day, ok", [("1999-12-31", False), ("2000-01-01", True), ("2100-12-31", True), ("2101-01-01", False)])
def test_the_date_range_holds_at_its_ends_in_files_and_typed_lines(day, ok):
    field = BANK.question("algorithm.launch_date")
    for value in (dt.date.fromisoformat(day), day):
        if ok:
            assert checked(field, value) == dt.date.fromisoformat(day)
        else:
            with pytest.raises(questions.AnswerProblem, match="2000-01-01 to 2100-12-31"):
                checked(field, value)
    if not ok:
        with pytest.raises(questions.AnswerProblem):
            questions.parse_line(field, day)


def test_a_far_date_typed_in_the_chat_is_asked_again(home):
    with Session(Store(), "typed", lang="en", create=True, today=TODAY, bank=BANK, seed={}) as session:
        interview = session.interview
        interview.position = ("algorithm.launch_date",)  # where the chat would ask it
        view = interview.answer_line("9999-12-31")
        assert "2000-01-01 to 2100-12-31" in (view.problem or ""), view
        assert "algorithm.launch_date" not in interview.answers
        assert interview.position == ("algorithm.launch_date",)


def test_a_record_with_a_far_date_is_refused_by_validate(tmp_path):
    record = tmp_path / "record.toml"
    assert run_main("run", "--answers", str(COMPLETE), "--out", str(record))[0] == 0
    text = record.read_text(encoding="utf-8")
    assert "launch_date = 2026-09-28" in text
    record.write_text(text.replace("launch_date = 2026-09-28", "launch_date = 9999-12-31"), encoding="utf-8")
    code, _, err = run_main("validate", str(record))
    assert code == 2 and "Traceback" not in err and "2100-12-31" in err, err


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1999-12-31"])
def test_changed_on_outside_the_range_is_bad_input(day):
    code, _, err = run_main("diff", str(COMPLETE), str(COMPLETE), "--changed-on", day)
    assert code == 2 and "--changed-on" in err and "2000-01-01 to 2100-12-31" in err, err


def test_a_saved_interview_holding_a_far_date_still_lists_and_opens(home, tmp_path):
    """Once saved (by an older version, or by hand), 9999-12-31 crashed `list` and the home screen for every interview."""
    assert run_main("import", str(COMPLETE), "--name", "good")[0] == 0
    assert run_main("import", str(COMPLETE), "--name", "far")[0] == 0
    path = Store().path("far")
    path.write_text(path.read_text(encoding="utf-8").replace("2026-09-28", "9999-12-31"), encoding="utf-8")
    code, out, err = run_main("list", "--format", "json")
    assert code == 0, err
    assert {row["name"] for row in json.loads(out)} == {"good", "far"}
    far = next(row for row in json.loads(out) if row["name"] == "far")
    assert far["set_aside_unreadable"] == ["algorithm.launch_date"]
    for command in ("summary", "form"):
        code, out, err = run_main(command, "far")
        assert code == 0 and "Traceback" not in err, err
    with Session(Store(), "far", today=TODAY, bank=BANK) as session:
        assert "algorithm.launch_date" in session.interview.unreadable
    assert "9999-12-31" in path.read_text(encoding="utf-8")  # kept as found, never dropped


def test_the_working_day_count_stops_at_the_end_of_the_calendar():
    from assistant.law.deadlines import add_working_days

    assert add_working_days(dt.date.max, 10).due == dt.date.max


LONG = "x" * 300
"""One path component over every file system's name limit (255 bytes)."""


@pytest.mark.parametrize(
    "argv",
    [
        ["summary", LONG],
        ["form", LONG],
        ["draft", LONG, "--out", "drafts"],
        ["portfolio", LONG],
        ["portfolio", f"/tmp/{LONG}/a.toml"],
        ["diff", LONG, str(COMPLETE)],
        ["diff", f"{LONG}/old.toml", LONG],
        ["draft", "--answers", str(COMPLETE), "--out", LONG],
        ["draft", "--answers", str(COMPLETE), "--out", f"{LONG}/x"],
        ["run", "--answers", str(COMPLETE), "--out", LONG],
        ["portfolio", str(COMPLETE), "--out", LONG],
    ],
    ids=lambda argv: " ".join(a[:12] for a in argv),
)
def test_a_path_over_the_name_limit_is_one_line_and_exit_2(argv, tmp_path, monkeypatch):
    """summary, form, draft, portfolio and diff gave an OSError traceback (File name too long)."""
    monkeypatch.chdir(tmp_path)
    code, _, err = run_main(*argv)
    assert code == 2, err
    assert "File name too long" in err and "Traceback" not in err
