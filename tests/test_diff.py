"""`diff`: what changed between two versions of one algorithm's filing, and what the change owes (CONTRACT §10)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from assistant.files.diff import ABSENT, changed_fields, compare
from assistant.files.answers import load_answers
from assistant.law.deadlines import add_working_days
from assistant.shells.cli import main
from conftest import COMPLETE, TODAY, edited_copy, golden, run_in_process



RENAMED = ('name = "小智对话生成算法"', 'name = "小智对话生成算法 2.0"')
SUPPLIES = ("supplies_technology = false", "supplies_technology = true")


def test_a_text_change_owes_a_change_filing_within_10_working_days(capsys, tmp_path):
    new = edited_copy(tmp_path, "new.answers.toml", RENAMED)
    code, out, err = run_in_process(capsys, "diff", str(COMPLETE), str(new))
    assert code == 0, err
    assert "algorithm.name" in out and "Step 2: the algorithm" in out
    assert "was: 小智对话生成算法\n" in out and "now: 小智对话生成算法 2.0\n" in out
    due = add_working_days(TODAY, 10).due  # --changed-on defaults to today in China
    assert due == dt.date(2026, 12, 9)
    assert f"within 10 working days of the change: by {due.isoformat()} (filing.change; AP Art. 24(2))" in out

    code, out, _ = run_in_process(capsys, "diff", str(COMPLETE), str(new), "--changed-on", "2026-12-01", "--format", "json")
    data = json.loads(out)
    assert data["differs"] is True
    assert data["changes"] == [
        {
            "step": "step2",
            "path": "algorithm.name",
            "question": "algorithm.name",
            "filed": True,
            "label": data["changes"][0]["label"],
            "old": "小智对话生成算法",
            "new": "小智对话生成算法 2.0",
            "old_words": "小智对话生成算法",
            "new_words": "小智对话生成算法 2.0",
        }
    ]
    [change] = data["consequences"]
    assert change["obligation"] == "filing.change" and change["role"] == "deep_synthesis_provider"
    assert change["deadline"] == add_working_days(dt.date(2026, 12, 1), 10).due.isoformat()
    assert data["roles"] == {"gained": [], "lost": []}
    assert data["obligations"] == {"appear": [], "disappear": [], "status": []}


def test_a_role_added_owes_a_new_filing_and_no_change_of_the_others(capsys, tmp_path):
    new = edited_copy(tmp_path, "new.answers.toml", SUPPLIES)
    code, out, err = run_in_process(capsys, "diff", str(COMPLETE), str(new), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["changes"][0]["path"] == 'facts."role.supplies_technology"'
    assert (data["changes"][0]["old_words"], data["changes"][0]["new_words"]) == ("no", "yes")
    kinds = {(c["kind"], c["obligation"], c["role"]): c["deadline"] for c in data["consequences"]}
    due = add_working_days(TODAY, 10).due.isoformat()
    assert kinds == {  # a fact is not filed: the provider's filing is not changed
        ("new_filing", "filing.technical_supporter", "deep_synthesis_technical_supporter"): due,
    }
    assert data["roles"]["gained"] == ["deep_synthesis_technical_supporter"]
    assert "filing.technical_supporter" in data["obligations"]["appear"]

    code, out, _ = run_in_process(capsys, "diff", str(COMPLETE), str(new))
    assert "New filing owed as a deep synthesis technical supporter" in out
    assert "Roles gained: deep synthesis technical supporter." in out


def test_a_filing_no_longer_owed_is_cancelled_within_20_working_days(capsys, tmp_path):
    old = edited_copy(tmp_path, "old.answers.toml", SUPPLIES)
    code, out, err = run_in_process(capsys, "diff", str(old), str(COMPLETE), "--changed-on", "2026-11-02", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    [cancel] = [c for c in data["consequences"] if c["kind"] == "cancellation"]
    assert cancel["obligation"] == "filing.cancellation" and cancel["role"] == "deep_synthesis_technical_supporter"
    assert cancel["deadline"] == add_working_days(dt.date(2026, 11, 2), 20).due.isoformat() == "2026-11-30"
    assert cancel["overdue"] is False and cancel["basis"] == ["AP Art. 24(3)"]
    assert data["roles"]["lost"] == ["deep_synthesis_technical_supporter"]
    assert "filing.technical_supporter" in data["obligations"]["disappear"]

    code, out, _ = run_in_process(capsys, "diff", str(old), str(COMPLETE), "--changed-on", "2026-10-01")
    assert "OVERDUE: The filing as a deep synthesis technical supporter is no longer owed" in out
    assert "cancel it within 20 working days" in out


def test_identical_inputs_say_there_is_no_difference(capsys, tmp_path):
    same = edited_copy(tmp_path, "same.answers.toml", ("[scope]\n", "# reordered comments change nothing\n[scope]\n"))
    code, out, err = run_in_process(capsys, "diff", str(COMPLETE), str(same))
    assert code == 0 and err == ""
    assert "No difference" in out
    code, out, _ = run_in_process(capsys, "diff", str(COMPLETE), str(same), "--format", "json")
    data = json.loads(out)
    assert data["differs"] is False and data["changes"] == [] and data["consequences"] == []


def test_choices_are_shown_as_the_forms_option_labels_in_the_output_language(capsys, tmp_path):
    new = edited_copy(tmp_path, "new.answers.toml", ('application_area = "general_purpose"', 'application_area = "education"'))
    code, out, err = run_in_process(capsys, "diff", str(COMPLETE), str(new), "--lang", "zh")
    assert code == 0, err
    assert "general_purpose" not in out and "education" not in out.replace("algorithm.application_area", "")
    assert "第二步：算法信息" in out
    assert "原为：综合（多领域通用）\n" in out and "现为：教育\n" in out


def test_a_product_changed_is_named_by_its_toml_path(capsys, tmp_path):
    new = edited_copy(tmp_path, "new.answers.toml", ('name = "Group assistant"', 'name = "Group helper"'))
    code, out, err = run_in_process(capsys, "diff", str(COMPLETE), str(new), "--format", "json")
    assert code == 0, err
    [change] = json.loads(out)["changes"]
    assert change["path"] == "products[0].functions[1].name" and change["step"] == "step3"
    assert (change["old"], change["new"]) == ("Group assistant", "Group helper")


def test_saved_interviews_are_compared_by_name_in_the_newer_ones_language(capsys, tmp_path):
    assert main(["import", str(COMPLETE), "--name", "v1"]) == 0
    assert main(["import", str(edited_copy(tmp_path, "v2.answers.toml", RENAMED)), "--name", "v2", "--lang", "zh"]) == 0
    capsys.readouterr()
    code, out, err = run_in_process(capsys, "diff", "v1", "v2")
    assert code == 0, err
    assert "从 v1 到 v2 的变更" in out and "filing.change" in out and "变更手续" in out


def test_bad_input_is_one_line_per_problem_and_exit_2(capsys, tmp_path):
    code, out, err = run_in_process(capsys, "diff", str(tmp_path / "gone.toml"), "no-such-interview", "--changed-on", "next week")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("--changed-on: 'next week' is not a date")
    assert "gone.toml" in lines[1] and "no such file" in lines[1]
    assert lines[2].startswith("no-such-interview: no saved interview")
    assert "Traceback" not in err


def test_every_change_is_found_with_absent_where_a_side_has_no_answer(bank):
    old = load_answers(bank, COMPLETE)
    new = dict(old)
    del new["algorithm.risk.prevention_explanation"]
    new["service.content_kinds"] = list(reversed(old["service.content_kinds"]))  # order ticked: no change
    [change] = changed_fields(bank, old, new)
    assert change.path == "algorithm.risk.prevention_explanation" and change.new is ABSENT
    assert compare(bank, old, dict(old), TODAY, TODAY).differs is False


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_another_companys_version_is_flagged(capsys, tmp_path, fmt):
    new = edited_copy(tmp_path, "new.answers.toml", ('91350100M000100Y43', '91110000600037341L'))
    code, out, _ = run_in_process(capsys, "diff", str(COMPLETE), str(new), "--format", fmt)
    assert code == 0
    assert "different credit codes" in out


# --- What a change really owes (issue: the consultant's desk) -----------------------------------

SUPPORT = (
    "supplies_technology = false",
    "supplies_technology = true",
), (
    "[[products]]",
    '[technical_support]\nplan_name = "小智 API"\ndelivery = ["api"]\ncustomers = "Apps of other companies"\n'
    'description = "The chat model through an HTTPS API"\nsecurity_measures = "Keys per customer; output filtering"\n\n[[products]]',
)
LAUNCH = "launch_date = 2026-09-28"


def _diff(capsys, old, new, *more: str) -> tuple[str, dict]:
    code, out, err = run_in_process(capsys, "diff", str(old), str(new), *more)
    assert code == 0, err
    code, data, err = run_in_process(capsys, "diff", str(old), str(new), *more, "--format", "json")
    assert code == 0, err
    out = re.sub(r"\n=+\n", "\n=====\n", out.replace(str(old), "OLD").replace(str(new), "NEW"), count=1)  # paths vary
    return out, json.loads(data)


def _owed(data: dict) -> set[tuple]:
    return {(c["kind"], c["obligation"], c["role"], c["condition"]) for c in data["consequences"]}


def test_a_fact_or_preparation_status_or_user_band_owes_no_change_filing(capsys, tmp_path):
    new = edited_copy(
        tmp_path,
        "new.answers.toml",
        ('self_assessment_report = "ready"', 'self_assessment_report = "drafting"'),
        ('users = "10k_to_1m"', 'users = "1m_to_10m"'),
        ("minors = true", "minors = false"),
    )
    out, data = _diff(capsys, COMPLETE, new)
    assert [(c["path"], c["filed"]) for c in data["changes"]] == [
        ('facts."users.minors"', False),
        ("algorithm.self_assessment_report", False),
        ("products[0].users", False),
    ]
    assert data["consequences"] == []
    golden("diff.not-filed.txt", out)


def test_a_technical_support_field_owes_the_supporters_change_not_the_providers(capsys, tmp_path):
    old = edited_copy(tmp_path, "old.answers.toml", *SUPPORT)
    new = edited_copy(tmp_path, "new.answers.toml", *SUPPORT, ("Keys per customer", "Keys per customer, rate limits"))
    out, data = _diff(capsys, old, new)
    assert [c["path"] for c in data["changes"]] == ["technical_support.security_measures"]
    assert _owed(data) == {("change", "filing.change", "deep_synthesis_technical_supporter", None)}
    golden("diff.technical-support.txt", out)
    # A product's field is the provider's filing's, not the supporter's.
    new = edited_copy(tmp_path, "new.answers.toml", *SUPPORT, ('name = "Group assistant"', 'name = "Group helper"'))
    _, data = _diff(capsys, old, new)
    assert _owed(data) == {("change", "filing.change", "deep_synthesis_provider", None)}


def test_a_launch_date_moved_before_launch_moves_the_deadline(capsys, tmp_path):
    old = edited_copy(tmp_path, "old.answers.toml", (LAUNCH, "launch_date = 2027-03-01"))
    later = edited_copy(tmp_path, "later.answers.toml", (LAUNCH, "launch_date = 2027-04-01"))
    out, data = _diff(capsys, old, later)
    [moved] = data["consequences"]
    assert (moved["kind"], moved["obligation"], moved["old_deadline"], moved["deadline"], moved["overdue"]) == (
        "deadline_moved", "filing.provider", "2027-03-15", "2027-04-15", False,
    )
    golden("diff.launch-later.txt", out)
    # Moved earlier, to a date already past: the filing is overdue, and no change filing is asked for.
    earlier = edited_copy(tmp_path, "earlier.answers.toml", (LAUNCH, "launch_date = 2026-11-02"))
    out, data = _diff(capsys, old, earlier)
    [moved] = data["consequences"]
    assert (moved["kind"], moved["deadline"], moved["overdue"]) == ("deadline_moved", "2026-11-16", True)
    assert "OVERDUE" in out and "2027-03-15" in out


def test_a_launch_date_moved_after_launch_says_both_cases(capsys, tmp_path):
    new = edited_copy(tmp_path, "new.answers.toml", (LAUNCH, "launch_date = 2026-11-02"))
    out, data = _diff(capsys, COMPLETE, new)
    by_kind = {c["kind"]: c for c in data["consequences"]}
    assert _owed(data) == {
        ("change", "filing.change", "deep_synthesis_provider", "if_filed"),
        ("filing_due", "filing.provider", "deep_synthesis_provider", "if_not_filed"),
    }
    assert by_kind["change"]["deadline"] == "2026-12-09" and not by_kind["change"]["overdue"]
    assert by_kind["filing_due"]["deadline"] == add_working_days(dt.date(2026, 9, 28), 10).due.isoformat()
    assert by_kind["filing_due"]["overdue"] is True
    golden("diff.launch-after.txt", out)


def test_out_of_scope_owes_the_cancellation_and_does_not_also_retire_it(capsys, tmp_path):
    internal = tmp_path / "internal.answers.toml"
    internal.write_text('[scope]\naudience = "internal"\n', encoding="utf-8")
    out, data = _diff(capsys, COMPLETE, internal)
    assert _owed(data) == {("cancellation", "filing.cancellation", "deep_synthesis_provider", None)}
    assert "filing.cancellation" not in data["obligations"]["disappear"]
    assert data["genai"] is None and "filing path changes" not in out
    golden("diff.internal.txt", out)


def test_a_group_member_now_controlling_owes_no_new_filing_and_loses_only_the_designation(capsys, tmp_path):
    # RULES §4: a group member that does not control the algorithm still owes its own filing (the designation of
    # the controlling company is optional), so taking control starts no filing and retires none.
    member = ("group_member = false", "group_member = true\ncontrols_algorithm = false")
    controls = ("group_member = false", "group_member = true\ncontrols_algorithm = true")
    old = edited_copy(tmp_path, "old.answers.toml", member)
    new = edited_copy(tmp_path, "new.answers.toml", controls)
    out, data = _diff(capsys, old, new)
    assert not any(kind in ("new_filing", "cancellation") for kind, *_ in _owed(data))
    assert "filing.group_designation" in data["obligations"]["disappear"]
    assert "filing.provider" not in data["obligations"]["disappear"]
    golden("diff.group-controls.txt", out)
    # The other way, the designation comes back and the filing stays owed: nothing is cancelled.
    _, data = _diff(capsys, new, old)
    assert not any(kind == "cancellation" for kind, *_ in _owed(data))
    assert "filing.group_designation" in data["obligations"]["appear"]


def test_a_version_without_a_credit_code_is_flagged(capsys, tmp_path):
    new = edited_copy(tmp_path, "new.answers.toml", ('credit_code = "91350100M000100Y43"\n', ""), ("杭州小智科技有限公司", "杭州大智科技有限公司"))
    out, data = _diff(capsys, COMPLETE, new)
    assert any("no credit code" in w for w in data["warnings"])
    assert "!! One of the two has no credit code" in out
