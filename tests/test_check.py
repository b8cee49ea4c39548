"""`filing-assistant check`: every reason of RULES §11 that would send a filing back, per filing, with its fix."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from assistant.files.check import reasons
from conftest import COMPLETE, DATA, golden, run_in_process

RULES_IDS = [
    "check.missing_field", "check.documents_not_ready", "check.several_algorithms", "check.other_algorithms",
    "check.algorithm_type", "check.icp_number", "check.thin_introduction", "check.modality_format",
    "check.labels_missing", "check.supplier_number", "check.genai_route", "check.genai_before_launch",
    "check.security_assessment", "check.evidence", "check.signatures",
]
"""Every reason of ../shared/domain/RULES.md §11, in its order."""
INTRODUCTION = (
    "算法接收用户在对话框中输入的文本问题，先经关键词库和分类模型检查输入内容，再由经过微调的大语言模型结合上下文"
    "逐字生成回答；输出结果在展示前再次经过内容安全过滤，并添加显式标识和隐式标识后返回给用户。"
)
"""An introduction that walks through the workflow: the input, the model, the output (more than 80 words)."""


def persona(tmp_path: Path, name: str, change: dict[str, Any], product: dict[str, Any] | None = None) -> Path:
    """The complete chatbot with some answers changed (dotted ids; None removes one) and its product's fields."""
    from test_form import answers_file

    path = answers_file(tmp_path, change, f"{name}.toml")
    if product:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for key, value in product.items():
            if value is None:
                data["products"][0].pop(key, None)
            else:
                data["products"][0][key] = value
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


READY = {"algorithm.public_disclosure": "ready", "algorithm.introduction": INTRODUCTION}
DEFECTS = {
    # One seeded defect per reason the answers can show (the supplier's number needs the law-rules helper's questions).
    "subject.address": None,  # check.missing_field
    "algorithm.public_disclosure": "drafting",  # check.documents_not_ready
    "subject.same_as_icp_entity": False,  # check.icp_number, the ICP entity half
    "algorithm.data.output_format": ["txt", "mp4"],  # check.modality_format: video files of a text algorithm
    "algorithm.risk.conspicuous_label": False,  # check.labels_missing
    "role.buys_technology": True,  # check.genai_route: whether the supplier is filed is not answered
    # check.thin_introduction: the chatbot's own 24-word introduction; check.genai_before_launch: launched 2026-09-28
}
SEVERAL = {"service.recommends_content": True, "service.recommendation_kinds": ["personalized_push"], "algorithm.type": None}
MISMATCH = {"service.recommends_content": True, "service.recommendation_kinds": ["personalized_push"], "algorithm.type": "search_filtering"}


def check(capsys, *args: str) -> tuple[int, str, str]:
    return run_in_process(capsys, "check", *args)


def test_every_reason_of_rules_11_is_data_with_both_languages_and_a_source():
    data = reasons()["check"]
    assert list(data) == RULES_IDS
    for rid, entry in data.items():
        assert entry["severity"] in ("blocker", "risk", "advice"), rid
        assert entry["source"] == "practice" or re.match(r"^[A-Z]+ (Art\. \d+|§)", entry["source"]), rid
        for part in ("found", "why", "fix"):
            en, zh = entry[part]["en"], entry[part]["zh"]
            names = lambda text: set(re.findall(r"{(\w+)}", text))  # noqa: E731
            assert names(en) == names(zh), (rid, part)
            assert re.search(r"[\u4e00-\u9fff]", zh) and not zh.rstrip().endswith("."), (rid, part)
    # Severities as RULES §11 gives them (check.genai_route: a risk for the algorithm filing).
    assert [r for r, e in data.items() if e["severity"] == "blocker"] == [
        "check.missing_field", "check.documents_not_ready", "check.several_algorithms", "check.algorithm_type",
    ]
    assert {r for r, e in data.items() if e["severity"] == "advice"} == {
        "check.other_algorithms", "check.security_assessment", "check.evidence", "check.signatures",
    }


def test_the_reasons_are_those_of_the_rules():
    rules = next((p / "shared" / "domain" / "RULES.md" for p in Path(__file__).resolve().parents if (p / "shared" / "domain" / "RULES.md").exists()), None)
    if rules is None:
        pytest.skip("../shared/domain/RULES.md is not beside this checkout")
    section = rules.read_text(encoding="utf-8").split("## 11.")[1]
    assert re.findall(r"^\| `(check\.\w+)`", section, re.M) == RULES_IDS


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_persona_with_seeded_defects_names_each(capsys, tmp_path, fmt):
    path = persona(tmp_path, "defects", DEFECTS, {"icp_number": "无"})
    code, out, err = check(capsys, "--answers", str(path), "--format", fmt, "--lang", "zh")
    assert code == 3, err
    golden(f"defects.check.zh.{'json' if fmt == 'json' else 'txt'}", out)
    seeded = [
        "check.missing_field", "check.documents_not_ready", "check.icp_number", "check.thin_introduction",
        "check.modality_format", "check.labels_missing", "check.genai_route", "check.genai_before_launch",
        "check.security_assessment", "check.evidence", "check.signatures",
    ]
    if fmt == "json":
        data = json.loads(out)
        [filing] = data["filings"]
        assert filing["role"] == "deep_synthesis_provider" and filing["ready"] is False
        found = [f["id"] for f in filing["findings"]]
        assert sorted(set(found)) == sorted(seeded)
        assert found.count("check.icp_number") == 2  # the product with none, and the ICP entity not explained
        for f in filing["findings"]:
            assert set(f) == {"id", "severity", "found", "why", "fix"} and all(f.values())
        missing = next(f for f in filing["findings"] if f["id"] == "check.missing_field")
        assert "subject.address" in missing["found"] and "subject.icp_relationship" in missing["found"]
    else:
        for rid in seeded:
            assert rid in out, rid
        assert out.rstrip().endswith("尚不能提交：还有 2 个阻断项、7 项风险。")


def test_an_interview_that_does_not_say_which_algorithm_it_files(capsys, tmp_path):
    code, out, err = check(capsys, "--answers", str(persona(tmp_path, "algorithms", {**READY, **SEVERAL})), "--format", "json")
    assert code == 3, err
    data = json.loads(out)
    assert len(data["filings"]) == 2
    assert all("check.several_algorithms" in [f["id"] for f in c["findings"]] for c in data["filings"])


def test_a_type_the_answers_do_not_show(bank):
    """An answers file refuses such a type when it is read; a saved interview whose other answers changed since
    (or a record of an older bank) can still hold one."""
    from assistant.files.answers import load_answers
    from assistant.files.check import check as check_answers

    answers = {**load_answers(bank, COMPLETE), **MISMATCH}
    report = check_answers(bank, answers, "en")
    found = [f for c in report.filings for f in c.findings if f.id == "check.algorithm_type"]
    assert found and "Search and filtering" in found[0].found and report.blockers


def test_a_complete_persona_is_ready(capsys, tmp_path):
    path = persona(tmp_path, "ready", READY)
    code, out, err = check(capsys, "--answers", str(path), "--lang", "zh")
    assert code == 0, err
    golden("complete-chatbot.check.zh.txt", out)
    assert "check.missing_field" not in out and "阻断项（备案系统" not in out and out.rstrip().endswith("可以提交：已无阻断项（提交前请先查看 1 项风险）。")
    code, out, _ = check(capsys, "--answers", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["ready"] is True and [c["ready"] for c in data["filings"]] == [True]


def test_the_icp_number_is_asked_of_an_online_app_and_a_number_passes(capsys, tmp_path):
    for value, listed in (("浙ICP备2026000001号-1", False), ("none", True), ("无", True)):
        path = persona(tmp_path, "icp", READY, {"icp_number": value})
        _, out, _ = check(capsys, "--answers", str(path), "--format", "json")
        ids = [f["id"] for c in json.loads(out)["filings"] for f in c["findings"]]
        assert ("check.icp_number" in ids) is listed, value
    # A bot inside another platform has no ICP number of its own: not asked, not checked.
    path = persona(tmp_path, "bot", READY, {"form": "bot", "icp_number": None})
    _, out, _ = check(capsys, "--answers", str(path), "--format", "json")
    assert "check.icp_number" not in out and "icp_number" not in out


def test_each_filing_of_a_provider_that_also_supports_is_checked(capsys, tmp_path):
    from test_form import PROVIDER_AND_SUPPORTER

    path = persona(tmp_path, "two", {**READY, **PROVIDER_AND_SUPPORTER})
    code, out, _ = check(capsys, "--answers", str(path), "--format", "json")
    data = json.loads(out)
    assert [c["role"] for c in data["filings"]] == ["deep_synthesis_provider", "deep_synthesis_technical_supporter"]
    supporter = json.dumps(data["filings"][1], ensure_ascii=False)
    assert "投诉举报" not in supporter and "complaint" not in supporter  # a duty towards users is the provider's


def test_a_saved_interview_is_told_of_the_service_s_other_algorithm(capsys, home):
    from assistant.dialog.session import Session
    from assistant.files.answers import load_answers
    from assistant.law.questions import load_bank
    from assistant.saved.store import Store

    bank = load_bank()
    shop = {"service.recommends_content": True, "service.recommendation_kinds": ["personalized_push"]}
    seed = {**load_answers(bank, COMPLETE), **shop}
    Session(Store(home), "chatbot", lang="en", create=True, seed=seed).close()
    _, out, _ = check(capsys, "chatbot", "--format", "json")
    advice = [f for c in json.loads(out)["filings"] for f in c["findings"] if f["id"] == "check.other_algorithms"]
    assert advice and "Personalised push" in advice[0]["found"] and "new --like chatbot" in advice[0]["fix"]
    feed = {k: v for k, v in seed.items() if not k.startswith(("algorithm.", "products"))}
    Session(Store(home), "feed", lang="en", create=True, seed={**feed, "algorithm.type": "personalized_push"}).close()
    _, out, _ = check(capsys, "chatbot", "--format", "json")
    assert "check.other_algorithms" not in out


def test_no_filing_owed_says_so_and_bad_input_is_exit_2(capsys, tmp_path):
    internal = tmp_path / "internal.toml"
    internal.write_text('"scope.audience" = "internal"\n', encoding="utf-8")
    code, out, _ = check(capsys, "--answers", str(internal))
    assert code == 0 and "nothing to check" in out
    code, out, err = check(capsys, "--answers", str(DATA / "answers" / "invalid" / "unknown-option.toml"))
    assert code == 2 and out == "" and "unknown-option.toml" in err and "Traceback" not in err


def test_the_plain_chat_has_check(home):
    import io

    from assistant.shells.plain import run_plain

    out = io.StringIO()
    code = run_plain("chk", "en", stdin=io.StringIO("check\nquit\n"), stdout=out)
    assert code == 0
    assert "Before submitting" in out.getvalue() and "Whether a filing is owed" in out.getvalue()


# --- The supplier's model and the generative AI filing (RULES §5, §11) --------------------------

BUYS_FILED = {"role.buys_technology": True, "role.supplier_filed": True, "role.model_modified": False}


def findings_of(bank, change: dict[str, Any], lang: str = "en") -> dict[str, list[str]]:
    """The complete chatbot with `change` (None removes an answer), checked: each reason's `found`, by id."""
    from assistant.files.answers import checked_answers, load_answers
    from assistant.files.check import check as check_answers

    answers = {**load_answers(bank, COMPLETE), **change}
    report = check_answers(bank, checked_answers(bank, {k: v for k, v in answers.items() if v is not None}), lang)
    found: dict[str, list[str]] = {}
    for c in report.filings:
        for f in c.findings:
            found.setdefault(f.id, []).append(f.found)
    return found


@pytest.mark.parametrize("number", ["Beijing-XiaoZhi-202601010001", "Beijing-XiaoZhi-20240101", "Guangdong-Name-20260706S0054"])
def test_a_filed_suppliers_model_with_its_name_and_number_passes(bank, number):
    found = findings_of(bank, {**BUYS_FILED, "role.supplier_model_name": "XiaoZhi", "role.supplier_filing_number": number})
    assert "check.supplier_number" not in found and "check.genai_route" not in found


def test_a_filed_suppliers_model_without_name_or_number_is_a_risk(bank):
    [found] = findings_of(bank, BUYS_FILED)["check.supplier_number"]
    assert "no model name" in found and "no filing number" in found
    [found] = findings_of(bank, {**BUYS_FILED, "role.supplier_model_name": "XiaoZhi"})["check.supplier_number"]
    assert "no model name" not in found and "no filing number" in found
    [found] = findings_of(bank, BUYS_FILED, "zh")["check.supplier_number"]
    assert "未填写模型名称" in found and "未填写备案号" in found


def test_a_number_without_the_shape_of_a_generative_ai_filing_is_named(bank):
    # An algorithm filing number is not the model's generative AI filing number.
    number = "网信算备110108823483901230019号"
    [found] = findings_of(bank, {**BUYS_FILED, "role.supplier_model_name": "XiaoZhi", "role.supplier_filing_number": number})[
        "check.supplier_number"
    ]
    assert number in found and "does not have the shape" in found and "no model name" not in found


def test_no_supplier_number_is_asked_of_an_unfiled_supplier_or_an_in_house_model(bank):
    for change in ({**BUYS_FILED, "role.supplier_filed": False, "role.model_modified": None}, {"role.buys_technology": False}):
        assert "check.supplier_number" not in findings_of(bank, change)


def test_the_generative_ai_path_undecided_names_the_question_that_decides_it(bank):
    [found] = findings_of(bank, {**BUYS_FILED, "role.model_modified": None})["check.genai_route"]
    assert "role.model_modified" in found and "role.buys_technology" not in found
    [found] = findings_of(bank, {"role.buys_technology": True})["check.genai_route"]
    assert "role.supplier_filed" in found


@pytest.mark.parametrize("change", [{"role.model_modified": "unknown"}, {"role.model_modified": True}, {"role.supplier_filed": "unknown", "role.model_modified": None}])
def test_a_path_decided_on_the_cautious_reading_is_not_undecided(bank, change):
    # "Not sure" whether the model is changed, or whether the supplier is filed: the full filing (RULES §5).
    assert "check.genai_route" not in findings_of(bank, {**BUYS_FILED, **change})


def test_a_launched_service_owing_the_generative_ai_filing_is_told_it_comes_before_launch(bank):
    [found] = findings_of(bank, {})["check.genai_before_launch"]
    assert "2026-09-28" in found
    assert "check.genai_before_launch" not in findings_of(bank, {"algorithm.launch_date": dt.date(2027, 3, 1)})
    # The path does not change it: a registration comes before launch too.
    found = findings_of(bank, {**BUYS_FILED, "role.supplier_model_name": "XiaoZhi", "role.supplier_filing_number": "Guangdong-Name-20260706S0054"})
    assert "check.genai_before_launch" in found
