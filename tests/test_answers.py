"""Answers files: every valid one reads, every broken one is refused with a message naming the problem.

tests/data/answers/invalid holds one file per failure mode; its first line,
`# expect: word, word`, lists what the error output must say. Adding a case is
adding a file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.law.questions import NOT_SURE

from assistant.files.answers import checked_answers, load_answers
from assistant.errors import BadInput
from conftest import DATA

INVALID = sorted((DATA / "answers" / "invalid").glob("*.toml"))
VALID = sorted((DATA / "answers" / "valid").glob("*.toml"))


def expected_words(path: Path) -> list[str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    assert first.startswith("# expect:"), f"{path.name} must start with '# expect: ...'"
    return [w.strip() for w in first.removeprefix("# expect:").split(",") if w.strip()]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_broken_answers_file_is_refused_with_exit_2_naming_the_problem(path, cli):
    result = cli("run", "--answers", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for word in expected_words(path):
        assert word in result.stderr, f"{word!r} not in {result.stderr!r}"
    assert all(line.startswith(str(path)) for line in result.stderr.splitlines())


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_answers_file_reads(bank, path):
    assert load_answers(bank, path)


def test_every_problem_in_a_file_is_reported_in_one_run(bank):
    with pytest.raises(BadInput) as caught:
        checked_answers(
            bank,
            {"scope.audiance": "public", "scope.audience": "public", "service.generates_content": "yes", "users.minors": 3},
        )
    wheres = [p.where for p in caught.value.problems]
    assert wheres == ["scope.audiance", "service.generates_content", "users.minors"]


def test_dotted_keys_and_tables_mean_the_same(bank):
    dotted = checked_answers(bank, {"scope.audience": "public", "service.generates_content": True})
    tables = checked_answers(bank, {"scope": {"audience": "public"}, "service": {"generates_content": True}})
    assert dotted == tables


# Two spellings of one question id, as tomllib hands them over; each is a conflict (CONTRACT §2).
GENERATES = {"service.generates_content": True}
ANSWERED_TWICE = [
    ("scope.audience", {"scope.audience": "public", "scope": {"audience": "internal"}}),
    ("scope.audience", {"scope.audience": "public", "scope": {"audience": "public"}}),
    (
        "algorithm.risk.implicit_label",
        {"scope.audience": "public", **GENERATES, "algorithm": {"risk.implicit_label": True, "risk": {"implicit_label": False}}},
    ),
    (
        "algorithm.risk.implicit_label",
        {"scope.audience": "public", **GENERATES, "algorithm.risk": {"implicit_label": True}, "algorithm": {"risk": {"implicit_label": True}}},
    ),
    (
        "algorithm.risk.implicit_label",
        {
            "scope.audience": "public",
            **GENERATES,
            "algorithm.risk.implicit_label": True,
            "algorithm.risk": {"implicit_label": True},
            "algorithm": {"risk.implicit_label": True},
        },
    ),
]


@pytest.mark.parametrize("qid, data", ANSWERED_TWICE)
def test_one_question_answered_twice_is_one_problem_naming_it(bank, qid, data):
    with pytest.raises(BadInput) as caught:
        checked_answers(bank, data)
    assert [(p.where, p.what.split(" (")[0]) for p in caught.value.problems] == [(qid, "answered twice")]


def test_a_utf8_byte_order_mark_is_accepted(cli, tmp_path):
    path = DATA / "answers" / "valid" / "byte-order-mark.toml"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf"), "the case needs its byte-order mark"
    result = cli("run", "--answers", str(path), "--out", str(tmp_path / "record.toml"))
    assert result.returncode == 0, result.stderr


def test_not_sure_is_accepted_only_where_the_question_offers_it(bank):
    assert checked_answers(bank, {"scope.audience": "public", "users.minors": "unknown"})["users.minors"] is NOT_SURE
    with pytest.raises(BadInput, match="service.generates_content"):
        checked_answers(bank, {"scope.audience": "public", "service.generates_content": "unknown"})


def test_misspelt_id_gets_a_suggestion(bank):
    with pytest.raises(BadInput) as caught:
        checked_answers(bank, {"algorithm.launchdate": "x"})
    assert "did you mean algorithm.launch_date?" in caught.value.problems[0].what


def test_missing_answers_file_is_named(cli, tmp_path):
    result = cli("run", "--answers", str(tmp_path / "nope.toml"))
    assert result.returncode == 2
    assert "nope.toml: no such file" in result.stderr
