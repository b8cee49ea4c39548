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
    because = [line for line in text.splitlines() if "Owed because" in line]
    assert because and not any(re.search(r"\b[a-z_]+\.[a-z_]+ = ", line) for line in because)
    assert "you run the product its users use" in text


def test_an_unnamed_client_is_said_to_be_unnamed_not_left_out(tmp_path):
    path = tmp_path / "a.toml"
    path.write_text('"scope.audience" = "internal"\n', encoding="utf-8")
    text = run_cli("summary", "--answers", str(path)).stdout
    assert "Company: not answered yet" in text and "Algorithm: not answered yet" in text


@pytest.mark.parametrize("fmt", ["text", "md"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_reason_is_said_once_over_the_obligations_it_brings(fmt, lang):
    text = run_cli("summary", "--answers", str(COMPLETE), "--format", fmt, "--lang", lang).stdout
    opening = "Owed because " if lang == "en" else "因"
    obligations = text.split("Obligations" if lang == "en" else "义务", 1)[1]
    headers = [line.strip("*") for line in obligations.splitlines() if line.lstrip("*").startswith(opening)]
    assert len(headers) == len(set(headers)) >= 3  # one set of reasons, one header
    for header in headers:
        reasons = header.removeprefix(opening).split("; " if lang == "en" else "；")
        assert len(reasons) == len(set(reasons)), header
    # A multi-choice answer is one reason: "it generates or edits: text (...), dialogue (...)", said once.
    kinds = "it generates or edits: " if lang == "en" else "生成或编辑的内容："
    assert text.count(kinds) == 1
    assert "because:" not in text and "触发回答" not in text


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_it_ends_with_what_to_do_next_by_date_overdue_first(fmt, tmp_path):
    from conftest import edited_copy

    # Launched 2026-09-28: the generative AI filing (due at launch, RULES §5) and the provider filing are overdue,
    # the earlier first; for a later launch both are by their dates.
    text = run_cli("summary", "--answers", str(COMPLETE), "--format", fmt).stdout
    last = text.rstrip().split("What to do next", 1)
    assert len(last) == 2 and "\n#" not in last[1] and "\n---" not in last[1].split("\n", 2)[-1]
    actions = [line.lstrip("•- ").strip() for line in last[1].splitlines() if line.startswith(("•", "- "))]
    assert actions[0].startswith("OVERDUE since 2026-09-28: Generative AI service filing, or registration where a filed model is called (genai.service_filing)")
    assert actions[1].startswith("OVERDUE since 2026-10-16: File the algorithm as a deep synthesis service provider (filing.provider)")
    assert any(a.startswith("Close the gap: Proposed public disclosure (docs.public_disclosure)") for a in actions)
    assert actions[-1].startswith("Check the ")
    later = edited_copy(tmp_path, "later.answers.toml", ("launch_date = 2026-09-28", "launch_date = 2027-03-01"))
    text = run_cli("summary", "--answers", str(later), "--format", fmt).stdout
    actions = [line.lstrip("•- ") for line in text.split("What to do next", 1)[1].splitlines() if line.startswith(("•", "- "))]
    assert actions[0].startswith("By 2027-03-01: Generative AI service filing")
    assert actions[1].startswith("By 2027-03-15: File the algorithm as a deep synthesis service provider")
