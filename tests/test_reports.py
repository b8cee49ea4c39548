"""Reports a consultant can send as they are (issue: the consultant's desk): each names its client."""

from __future__ import annotations

import re

import pytest

from assistant import __version__
from conftest import COMPLETE, run_cli



@pytest.mark.parametrize("fmt", ["text", "md"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_and_markdown_open_with_company_algorithm_date_and_version(fmt, lang):
    result = run_cli("summary", "--answers", str(COMPLETE), "--format", fmt, "--lang", lang)
    assert result.returncode == 0, result.stderr
    opening = "\n".join(result.stdout.splitlines()[:8])
    for said in ("杭州小智科技有限公司", "91350100M000100Y43", "小智对话生成算法", "2026-11-25", __version__):
        assert said in opening, (said, opening)
    assert result.stdout.splitlines()[0].lstrip("# ").startswith(("Filing summary: 杭州", "备案摘要：杭州"))


def test_reasons_are_said_in_words_not_ids():
    text = run_cli("summary", "--answers", str(COMPLETE), "--format", "md").stdout
    because = [line for line in text.splitlines() if "because:" in line]
    assert because and not any(re.search(r"\b[a-z_]+\.[a-z_]+ = ", line) for line in because)
    assert "you run the product its users use" in text


def test_an_unnamed_client_is_said_to_be_unnamed_not_left_out(tmp_path):
    path = tmp_path / "a.toml"
    path.write_text('"scope.audience" = "internal"\n', encoding="utf-8")
    text = run_cli("summary", "--answers", str(path)).stdout
    assert "Company: not answered yet" in text and "Algorithm: not answered yet" in text
