"""The persona examples of ../shared/examples, run as data: a new example needs no new code.

Each NAME.answers.toml sits beside NAME.expect.toml (see that folder's README).
A copy of the examples lives in tests/data/examples so the suite also runs in a
checkout without shared/; where shared/ is present its examples take precedence.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from conftest import DATA, shared_examples


def example_files() -> list[Path]:
    found = {p.name: p for p in (DATA / "examples").glob("*.answers.toml")}
    shared = shared_examples()
    if shared:
        found.update({p.name: p for p in shared.glob("*.answers.toml")})
    return [found[name] for name in sorted(found)]


EXAMPLES = example_files()


def expectation(answers: Path) -> dict:
    return tomllib.loads(answers.with_name(answers.name.replace(".answers.toml", ".expect.toml")).read_text())


def test_there_are_examples_to_run():
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("answers", EXAMPLES, ids=lambda p: p.name.removesuffix(".answers.toml"))
def test_example_holds(answers: Path, tmp_path: Path, cli):
    expect = expectation(answers)
    out = tmp_path / "record.toml"

    run = cli("run", "--answers", str(answers), "--out", str(out))

    assert run.returncode == expect["exit"], run.stderr
    assert "Traceback" not in run.stderr
    for word in expect.get("stderr_mentions", []):
        assert word in run.stderr
    if expect["exit"] == 2:
        return
    summary = cli("summary", "--answers", str(answers), "--format", "json")
    assert summary.returncode == 0, summary.stderr
    got = json.loads(summary.stdout)
    for role, want in expect.get("roles", {}).items():
        assert got["roles"][role] is want, role
    if "filings" in expect:
        assert sorted(f["role"] for f in got["filings"]) == sorted(expect["filings"])
    obligations = {o["id"]: o for o in got["obligations"]}
    for oid in expect.get("must", []):
        assert oid in obligations
    for oid in expect.get("must_not", []):
        assert oid not in obligations
    for oid in expect.get("gap", []):
        assert obligations[oid]["status"] == "gap"
    assert all(o["basis"] for o in obligations.values())
    for qid in expect.get("todo_includes", []):
        assert qid in got["todo"]
