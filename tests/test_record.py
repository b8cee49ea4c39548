"""The filing record: golden files for every output, a schema check with TOML paths, and round trips."""

from __future__ import annotations

import datetime as dt
import os
import tomllib

import pytest

from assistant.files.answers import load_answers
from assistant.files.record import build_record, record_toml, validated_record
from assistant.law.rules import assess
from assistant.files.summary import render
from conftest import DATA, TODAY

GOLDEN = DATA / "golden"
NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.timezone.utc)
COMPLETE = DATA / "answers" / "valid" / "complete-chatbot.toml"
PARTIAL = DATA / "examples" / "e02-news-feed-summaries.answers.toml"


def golden(name: str, text: str) -> None:
    """Compare with tests/data/golden/NAME; FILING_ASSISTANT_UPDATE_GOLDEN=1 rewrites it (read the diff first)."""
    path = GOLDEN / name
    if os.environ.get("FILING_ASSISTANT_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run with FILING_ASSISTANT_UPDATE_GOLDEN=1 and read it"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "source, fmt, lang, name",
    [
        (COMPLETE, "text", "en", "complete-chatbot.summary.txt"),
        (COMPLETE, "md", "en", "complete-chatbot.summary.md"),
        (COMPLETE, "json", "en", "complete-chatbot.summary.json"),
        (COMPLETE, "text", "zh", "complete-chatbot.summary.zh.txt"),
        (PARTIAL, "md", "zh", "news-feed.summary.zh.md"),
        (PARTIAL, "json", "en", "news-feed.summary.json"),
    ],
)
def test_summary_matches_its_golden_file(bank, source, fmt, lang, name):
    answers = load_answers(bank, source)
    golden(name, render(bank, assess(bank, answers, TODAY), fmt, lang))


def test_record_matches_its_golden_file(bank):
    answers = load_answers(bank, COMPLETE)
    text = record_toml(build_record(bank, answers, assess(bank, answers, TODAY), now=NOW))
    golden("complete-chatbot.record.toml", text)


def test_record_sections_come_in_the_contracts_order(bank):
    answers = load_answers(bank, COMPLETE)
    record = tomllib.loads(record_toml(build_record(bank, answers, now=NOW)))
    tables = [k for k, v in record.items() if isinstance(v, (dict, list)) and k != "todo"]
    assert tables == ["facts", "roles", "filings", "subject", "algorithm", "products", "documents", "obligations"]
    assert list(record)[:3] == ["schema_version", "generated_at", "tool_version"]


def test_a_written_record_validates_and_gives_back_its_answers(bank, tmp_path):
    answers = load_answers(bank, COMPLETE)
    path = tmp_path / "record.toml"
    path.write_text(record_toml(build_record(bank, answers, now=NOW)), encoding="utf-8")
    _, again = validated_record(bank, path)
    assert again == answers


def test_summary_from_a_record_equals_summary_from_its_answers(bank, tmp_path, cli):
    out = tmp_path / "record.toml"
    assert cli("run", "--answers", str(PARTIAL), "--out", str(out), "--allow-incomplete").returncode == 0
    from_answers = cli("summary", "--answers", str(PARTIAL), "--format", "json").stdout
    from_record = cli("summary", str(out), "--format", "json").stdout
    assert from_answers == from_record


@pytest.mark.parametrize(
    "change, where, what",
    [
        (("deep_synthesis_provider = true", 'deep_synthesis_provider = "yes"'), "roles.deep_synthesis_provider", "expected a boolean"),
        (('status = "gap"', 'status = "unknown"'), ".status", "expected one of"),
        (('"scope.audience" = "public"', '"scope.audience" = "everyone"'), 'facts."scope.audience"', "expected one of"),
        (("schema_version = 1", "schema_version = 7"), "schema_version", "expected one of"),
        (('type = "generation_synthesis"', "type = 5"), "algorithm.type", "expected one of"),
        (("launch_date = 2026-09-28", 'launch_date = "soon"'), "algorithm.launch_date", "expected a date"),
        (('[roles]', '[roles]\nextra_role = true'), "roles.extra_role", "unknown key"),
        (("deep_synthesis_provider = true", "deep_synthesis_provider = false"), "roles.deep_synthesis_provider", "the facts imply true"),
    ],
)
def test_validate_names_each_problem_with_its_toml_path(bank, tmp_path, cli, change, where, what):
    answers = load_answers(bank, COMPLETE)
    text = record_toml(build_record(bank, answers, assess(bank, answers, TODAY), now=NOW))
    assert change[0] in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    result = cli("validate", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    line = next(l for l in result.stderr.splitlines() if where in l)
    assert what in line


def test_validate_reports_unreadable_toml_with_line_and_column(tmp_path, cli):
    path = tmp_path / "broken.toml"
    path.write_text("schema_version = 1\n[roles\n", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.returncode == 2
    assert f"{path}:2:" in result.stderr


def test_validate_accepts_a_written_record(tmp_path, cli):
    out = tmp_path / "record.toml"
    assert cli("run", "--answers", str(COMPLETE), "--out", str(out)).returncode == 0
    result = cli("validate", str(out))
    assert result.returncode == 0, result.stderr


def test_record_in_chinese_keeps_english_ids_and_keys(bank):
    answers = load_answers(bank, COMPLETE)
    record = tomllib.loads(record_toml(build_record(bank, answers, lang="zh", now=NOW)))
    assert record["obligations"][0]["id"] == "filing.provider"
    assert "备案" in record["obligations"][0]["title"]
