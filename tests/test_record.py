"""The filing record: golden files for every output, a schema check with TOML paths, and round trips."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from assistant.files.answers import load_answers
from assistant.files.record import build_record, record_toml, validated_record
from assistant.law.rules import assess
from assistant.files.summary import render
from conftest import COMPLETE, DATA, TODAY, golden

NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.timezone.utc)
PARTIAL = DATA / "examples" / "e02-news-feed-summaries.answers.toml"


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
    # as_of: now, which FILING_ASSISTANT_TODAY (conftest) fixes at the start of TODAY in China time.
    golden(name, render(bank, assess(bank, answers, TODAY), fmt, lang, answers=answers))


def test_record_matches_its_golden_file(bank):
    answers = load_answers(bank, COMPLETE)
    text = record_toml(build_record(bank, answers, assess(bank, answers, TODAY), now=NOW))
    golden("complete-chatbot.record.toml", text)


def test_record_sections_come_in_the_contracts_order(bank):
    answers = load_answers(bank, COMPLETE)
    record = tomllib.loads(record_toml(build_record(bank, answers, now=NOW)))
    tables = [k for k, v in record.items() if isinstance(v, dict) or (isinstance(v, list) and v and isinstance(v[0], dict))]
    assert tables == [
        "facts", "roles", "filings", "genai_service", "subject", "algorithm", "products", "documents", "obligations",
        "short_names",  # last: what each short name the record uses stands for (RULES §1)
    ]
    assert list(record)[:9] == [
        "schema_version", "generated_at", "tool_version", "rules_as_of", "notice", "algorithms", "notes", "penalty", "todo",
    ]


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
        (('"scope.audience" = "public"', '"scope.audience" = "everyone"'), 'facts."scope.audience"', "choose one of: public"),
        (("schema_version = 4", "schema_version = 7"), "schema_version", "expected one of"),
        (('type = "generation_synthesis"', "type = 5"), "algorithm.type", "expected one option"),
        (("launch_date = 2026-09-28", 'launch_date = "soon"'), "algorithm.launch_date", "is not a date"),
        (('[roles]', '[roles]\nextra_role = true'), "roles.extra_role", "unknown key"),
        (("deep_synthesis_provider = true", "deep_synthesis_provider = false"), "roles.deep_synthesis_provider", "found false, expected true"),
        (('status = "gap"', 'status = "met"'), "documents.public_disclosure.status", 'found "met", expected "gap"'),
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


# --- validate recomputes (CONTRACT §5) ------------------------------------------------------


def written_record(bank, source=COMPLETE, lang: str = "en", now: dt.datetime = NOW) -> dict:
    """The record the tool writes for `source` (an answers file, or answers), as a dict to edit by hand."""
    answers = source if isinstance(source, dict) else load_answers(bank, source)
    return tomllib.loads(record_toml(build_record(bank, answers, assess(bank, answers, TODAY), lang=lang, now=now)))


def write(tmp_path, record: dict, name: str = "edited.toml"):
    import tomli_w

    path = tmp_path / name
    path.write_text(tomli_w.dumps(record), encoding="utf-8")
    return path


def entry(record: dict, oid: str) -> dict:
    return next(o for o in record["obligations"] if o["id"] == oid)


def test_validate_names_six_planted_problems_in_one_run(bank, tmp_path, cli):
    record = written_record(bank)
    record["filings"][0]["role"] = "deep_synthesis_technical_supporter"  # a wrong filing role
    record["obligations"] = [o for o in record["obligations"] if o["id"] != "minors.protection"]  # deleted
    record["algorithm"]["risk"]["implicit_label"] = False  # label.implicit left "met"
    entry(record, "filing.provider")["basis"][0] = "DSP Art. 99"  # a basis that is not the law's
    record["todo"] = ["algorithm.no_such_question"]  # an id that is no question
    del record["algorithm"]["name"]  # unanswered, and not listed in todo

    result = cli("validate", str(write(tmp_path, record)))

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()

    def line(where: str) -> str:
        found = [l for l in lines if f": {where}: " in l]
        assert found, f"no problem named {where} in:\n{result.stderr}"
        return found[0]

    assert "deep_synthesis_technical_supporter" in line("filings[deep_synthesis_technical_supporter]")
    assert "missing" in line("filings[deep_synthesis_provider]")
    assert "missing" in line("obligations[minors.protection]")
    status = line("obligations[label.implicit].status")
    assert '"met"' in status and '"gap"' in status
    assert "DSP Art. 99" in line("obligations[filing.provider].basis")
    assert "algorithm.no_such_question" in line("todo[algorithm.no_such_question]")
    assert "missing" in line("todo[algorithm.name]")


def problems_of(result) -> list[str]:
    """The problems validate printed, without the file name before each."""
    return [line.split(": ", 1)[1] for line in result.stderr.splitlines()]


def test_a_missing_deciding_fact_is_named_once_as_the_cause(bank, tmp_path, cli):
    record = written_record(bank)
    del record["facts"]["scope.audience"]

    result = cli("validate", str(write(tmp_path, record)))

    assert result.returncode == 2
    problems = problems_of(result)
    cause = [p for p in problems if p.startswith('facts."scope.audience": missing')]
    assert len(cause) == 1 and "60 answers in this record rest on it" in cause[0]
    assert not any("does not apply" in p for p in problems)
    assert len(problems) == 2, problems  # the cause, and that the rest is derived again once it is fixed


def test_an_answer_that_keeps_many_from_applying_is_named_once(bank, tmp_path, cli):
    record = written_record(bank)
    record["facts"]["service.generates_content"] = False  # edited by hand; every generation answer stays

    result = cli("validate", str(write(tmp_path, record)))

    assert result.returncode == 2
    problems = problems_of(result)
    assert problems[0].startswith('facts."service.generates_content": is no, so 56 answers in this record do not apply')
    assert len(problems) == 2, problems


def test_shape_check_digits_word_limits_and_answers_that_do_not_apply_come_in_one_run(bank, tmp_path, cli):
    record = written_record(bank)
    record["roles"]["deep_synthesis_provider"] = "yes"
    record["subject"]["credit_code"] = "91350100M000100Y44"
    record["algorithm"]["introduction"] = "word " * 201
    record["facts"]["role.supplier_filed"] = True
    entry(record, "label.conspicuous")["status"] = "done"

    result = cli("validate", str(write(tmp_path, record)))

    assert result.returncode == 2
    text = result.stderr
    assert "roles.deep_synthesis_provider: expected a boolean" in text
    assert "subject.credit_code: '91350100M000100Y44' is not a unified social credit code: the check digit is wrong" in text
    assert "algorithm.introduction: 201 words, over the limit of 200" in text
    assert 'facts."role.supplier_filed": this question does not apply' in text
    assert "obligations[label.conspicuous].status: expected one of: 'met', 'gap' or 'open'" in text
    assert len(problems_of(result)) == 5, text  # each named once: no echo from the derived checks


def test_a_wrong_check_digit_does_not_hold_back_what_is_derived(bank, tmp_path, cli):
    record = written_record(bank)
    record["subject"]["credit_code"] = "91350100M000100Y44"
    entry(record, "content.review")["status"] = "met"

    result = cli("validate", str(write(tmp_path, record)))

    assert problems_of(result) == [
        "subject.credit_code: '91350100M000100Y44' is not a unified social credit code: the check digit is wrong",
        'obligations[content.review].status: found "met", expected "gap"',
    ]


def test_an_answer_of_the_wrong_kind_holds_back_only_what_is_derived(bank, tmp_path, cli):
    record = written_record(bank)
    record["algorithm"]["risk"]["implicit_label"] = "yes"  # what the rules make of it is unknown
    record["subject"] = "杭州小智科技有限公司"  # a table that is no table hides every answer in it

    result = cli("validate", str(write(tmp_path, record)))

    problems = problems_of(result)
    assert problems[0] == "subject: expected a table"
    assert problems[1].startswith("algorithm.risk.implicit_label: expected yes/no")
    assert problems[2].startswith("roles, filings, the generative AI path, documents, obligations and todo are derived again")
    assert len(problems) == 3, problems


def test_an_edited_notice_is_one_problem_and_the_record_keeps_its_language(bank, tmp_path, cli):
    record = written_record(bank, lang="zh")
    record["notice"] = "Not legal advice."
    entry(record, "label.implicit")["basis"] = ["DSP Art. 16"]

    result = cli("validate", str(write(tmp_path, record)))

    assert result.returncode == 2
    problems = problems_of(result)
    assert problems[0].startswith('notice: found "Not legal advice.", expected "本摘要')
    assert problems[1].startswith("obligations[label.implicit].basis: found [\"DSP Art. 16\"]")
    assert len(problems) == 2, problems


def test_validate_tells_an_answers_file_from_a_record(cli):
    result = cli("validate", str(COMPLETE))
    assert result.returncode == 2
    assert "this looks like an answers file" in result.stderr
    assert "`summary --answers`" in result.stderr and "`run --answers`" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_an_unfinished_record_is_valid_and_says_how_many_are_left(tmp_path, cli):
    out = tmp_path / "record.toml"
    assert cli("run", "--answers", str(PARTIAL), "--out", str(out), "--allow-incomplete").returncode == 0
    left = len(tomllib.loads(out.read_text(encoding="utf-8"))["todo"])
    assert left

    result = cli("validate", str(out))

    assert result.returncode == 0, result.stderr
    assert f"valid, {left} still to answer" in result.stderr


def test_a_complete_record_is_valid_and_complete(bank, tmp_path, cli):
    result = cli("validate", str(write(tmp_path, written_record(bank))))
    assert result.returncode == 0, result.stderr
    assert "valid, complete" in result.stderr


def test_a_record_keeps_its_overdue_flags_as_of_the_day_it_was_written(bank, tmp_path, cli):
    # Written on 2026-10-01, before the filing was due (2026-10-16); validated on 2026-11-25, after it.
    record = written_record(bank, now=dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.timezone.utc))
    assert entry(record, "filing.provider")["overdue"] is False

    result = cli("validate", str(write(tmp_path, record)))

    assert result.returncode == 0, result.stderr


# --- What the record carries (CONTRACT §5) ---------------------------------------------------


def chatbot_answers(bank, **changes) -> dict:
    from assistant.files.answers import checked_answers
    from assistant.law.questions import to_file

    return checked_answers(bank, to_file(load_answers(bank, COMPLETE)) | changes)


def test_the_record_carries_its_notes_the_penalty_once_and_the_generative_ai_path(bank):
    record = written_record(bank)
    assert record["notes"] == [bank.readings["unsettled.genai_every_service"].en]
    assert record["penalty"].count("AP Art. 31") == 1 and "DSP Art. 22" in record["penalty"]
    assert record["genai_service"]["path"] == "full"
    assert record["genai_service"]["reasons"] == [
        bank.readings["role.generative_ai_provider"].en,
        bank.readings["genai.in_house"].en,
        bank.readings["genai.path_practice"].en,
        bank.readings["genai.launched"].en,  # launched 2026-09-28: the filing was due before launch (RULES §5)
    ]
    assert "regulator practice" in record["genai_service"]["reasons"][2]
    assert record["genai_service"]["deadline"] == dt.date(2026, 9, 28) and record["genai_service"]["overdue"] is True
    assert record["generated_at"].isoformat() == "2026-11-25T17:30:00+08:00"


@pytest.mark.parametrize(
    "supplier_filed, path, words",
    [(True, "registration", "registration"), ("unknown", "full_supplier_unfiled", "do not launch on an unfiled model"), (False, "full_supplier_unfiled", "do not launch")],
)
def test_a_buyer_is_given_the_path_its_suppliers_filing_allows(bank, tmp_path, supplier_filed, path, words):
    modified = {"role.model_modified": False} if supplier_filed is True else {}
    answers = chatbot_answers(bank, **{"role.buys_technology": True, "role.supplier_filed": supplier_filed}, **modified)
    record = written_record(bank, answers)
    assert record["genai_service"]["path"] == path
    assert words in record["genai_service"]["reasons"][1]
    _, again = validated_record(bank, write(tmp_path, record))
    assert again == answers


def test_the_path_is_left_out_while_build_or_buy_is_unanswered(bank, tmp_path):
    answers = chatbot_answers(bank)
    del answers["role.buys_technology"]
    record = written_record(bank, answers)
    assert "path" not in record["genai_service"]
    assert bank.readings["genai.path_unknown"].en in record["genai_service"]["reasons"]
    validated_record(bank, write(tmp_path, record))


def test_a_service_out_of_scope_carries_no_penalty_and_no_generative_ai_path(bank, tmp_path):
    answers = {"scope.audience": "internal"}
    record = written_record(bank, answers)
    assert "penalty" not in record and "genai_service" not in record and record["filings"] == []
    validated_record(bank, write(tmp_path, record))


# --- The summary names whom it is about, and when (CONTRACT §6) --------------------------------


def test_the_summary_json_opens_with_subject_as_of_and_the_generative_ai_path(bank):
    import json

    answers = load_answers(bank, COMPLETE)
    data = json.loads(render(bank, assess(bank, answers, TODAY), "json", answers=answers))
    assert list(data)[:8] == ["subject", "as_of", "genai", "algorithms", "roles", "filings", "obligations", "todo"]
    assert data["subject"] == {"name": "杭州小智科技有限公司", "credit_code": "91350100M000100Y43", "algorithm": "小智对话生成算法"}
    assert data["as_of"] == "2026-11-25T00:00:00+08:00"  # now, with the clock fixed at TODAY
    assert data["genai"]["path"] == "full" and len(data["genai"]["reasons"]) == 4
    # Launched 2026-09-28 without the generative AI filing: due on the launch date, overdue (RULES §5).
    assert data["genai"]["deadline"] == "2026-09-28" and data["genai"]["overdue"] is True
    assert data["rules_as_of"] == "2026-07-15"


def test_a_summary_of_a_record_is_as_of_its_generated_at_in_china_time(bank, tmp_path):
    from assistant.files.summary import as_data

    data, answers = validated_record(bank, write(tmp_path, written_record(bank)))
    summary = as_data(bank, assess(bank, answers, TODAY), answers=answers, as_of=data["generated_at"])
    assert summary["as_of"] == "2026-11-25T17:30:00+08:00"
    # A saved interview's last change is kept in UTC: said in China time too.
    assert as_data(bank, assess(bank, answers, TODAY), as_of=dt.datetime(2026, 11, 25, 18, 0, tzinfo=dt.timezone.utc))["as_of"] == "2026-11-26T02:00:00+08:00"


def test_the_summary_names_nobody_before_the_subject_is_answered(bank):
    from assistant.files.summary import as_data

    data = as_data(bank, assess(bank, {"scope.audience": "internal"}, TODAY), answers={"scope.audience": "internal"})
    assert data["subject"] == {"name": None, "credit_code": None, "algorithm": None}
    assert data["genai"] is None


def test_a_record_an_older_version_wrote_is_named_as_such_in_one_line(tmp_path, cli):
    old = tmp_path / "old.record.toml"
    old.write_text('schema_version = 1\ntodo = []\n[facts]\n"scope.audience" = "internal"\n', encoding="utf-8")
    result = cli("validate", str(old))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "schema version 1" in lines[0] and "write it again" in lines[0]
