"""Shared fixtures: a temporary home for saved interviews, a fixed clock, and a way to run the command."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# Before the first import of the package: module-level loads of the question
# bank in test files would otherwise fill the user's own cache folder.
os.environ.setdefault("FILING_ASSISTANT_CACHE", tempfile.mkdtemp(prefix="filing-assistant-test-cache-"))

from typing import Any  # noqa: E402

from assistant.law.questions import load_bank  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "bench"))
from run import answer_for  # noqa: E402  (bench/run.py: how an answers file answers each prompt)
DATA = HERE / "data"
TODAY = dt.date(2026, 11, 25)

CHATBOT = {  # a public text chatbot built in-house: the smallest set of answers that owes a filing
    "scope.audience": "public",
    "scope.public_interaction": False,
    "service.generates_content": True,
    "service.content_kinds": ["dialogue"],
    "service.recommends_content": False,
    "role.serves_end_users": True,
    "role.supplies_technology": False,
    "role.buys_technology": False,
}
"""The fixed "today" of every test; FILING_ASSISTANT_TODAY carries it to subprocesses."""


def shared_examples() -> Path | None:
    """../shared/examples beside the checkout, where the team keeps the persona examples."""
    for parent in HERE.parents:
        candidate = parent / "shared" / "examples"
        if candidate.is_dir():
            return candidate
    return None


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("FILING_ASSISTANT_HOME", str(home))
    monkeypatch.setenv("FILING_ASSISTANT_TODAY", TODAY.isoformat())
    monkeypatch.setenv("FILING_ASSISTANT_CACHE", str(tmp_path / "cache"))
    # pytest-xdist's workers inherit COLUMNS=80; a test that means a terminal width sets it itself.
    monkeypatch.delenv("COLUMNS", raising=False)
    return home


@pytest.fixture
def home(_home: Path) -> Path:
    return _home


@pytest.fixture(scope="session")
def bank():
    return load_bank()


def run_cli(*args: str, input: str | None = None, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The command as a user runs it, in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        input=input,
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


@pytest.fixture
def cli():
    return run_cli


def run_in_process(capsys, *argv: str) -> tuple[int, str, str]:
    """A command as a user runs it, in this process (fast): exit status, standard output, standard error."""
    from assistant.shells.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


COMPLETE = DATA / "answers" / "valid" / "complete-chatbot.toml"
"""杭州小智科技有限公司's chatbot, every question answered: launched 2026-09-28, its provider filing overdue on TODAY."""
GENAI = {
    "genai.model_name": "小智大模型",
    "genai.main_functions": ["dialogue", "text_generation"],
    "genai.domain": "general",
    "genai.offered_as": ["app"],
    "genai.public_test_date": dt.date(2026, 9, 1),
    "genai.assessment_lead": "李娜 首席安全官",
    "genai.model_source": ["own"],
    "genai.corpus_size": "2 TB，约12亿条",
    "genai.corpus_sources": ["open_source", "commercial"],
    "genai.overseas_share": 12,
    "genai.compute": "cloud",
    "genai.compute_detail": "16台服务器，每台8张加速卡，部署于杭州的云数据中心",
    "genai.full_materials_ready": ["service_agreement", "test_account"],
}
"""COMPLETE's answers to the generative AI filing's optional questions (a full filing: built in-house), for a
saved interview that is to be finished: COMPLETE itself leaves them open, as edited copies of it (a buyer, a
recommendation-only service) would answer questions that do not apply."""


def edited_copy(folder: Path, name: str, *replacements: tuple[str, str]) -> Path:
    """COMPLETE with some answers replaced, written as folder/name."""
    text = COMPLETE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def golden(name: str, text: str) -> None:
    """Compare with tests/data/golden/NAME; FILING_ASSISTANT_UPDATE_GOLDEN=1 rewrites it (read the diff first)."""
    path = DATA / "golden" / name
    if os.environ.get("FILING_ASSISTANT_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run with FILING_ASSISTANT_UPDATE_GOLDEN=1 and read it"
    assert text == path.read_text(encoding="utf-8")


# Hypothesis: the default profile keeps the suite inside its five-minute budget;
# `HYPOTHESIS_PROFILE=full` runs the 10,000-example hardening pass.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("full", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def together_value(answers: dict[str, Any], given: dict[str, Any], ask: Any) -> Any:
    """What `answers` say to a prompt that asks several at once (bench/run.py's answer_for: the benchmarks walk the same way)."""
    return answer_for(answers, given, ask)[0]
