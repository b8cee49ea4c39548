"""The command line as a user meets it: help, exit codes, messages on stderr, never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from assistant import __version__
from conftest import COMPLETE, DATA

PARTIAL = DATA / "examples" / "e03-translation-api.answers.toml"
COMMANDS = ["run", "summary", "validate", "questions", "list", "export", "chat", "new", "resume"]


def test_version_is_printed(cli):
    result = cli("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(cli, command):
    result = cli(command, "--help")
    assert result.returncode == 0
    assert "usage: filing-assistant " + command in result.stdout


def test_unknown_command_is_bad_input(cli):
    result = cli("fly")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr


def test_complete_answers_write_a_record(cli, tmp_path):
    out = tmp_path / "record.toml"
    result = cli("run", "--answers", str(COMPLETE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.exists()
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert str(out) in result.stderr


def test_run_without_out_prints_the_record(cli):
    result = cli("run", "--answers", str(COMPLETE))
    assert result.returncode == 0
    assert result.stdout.startswith("schema_version = 4")


def test_incomplete_answers_exit_3_listing_the_missing_ids_and_write_nothing(cli, tmp_path):
    out = tmp_path / "record.toml"
    result = cli("run", "--answers", str(PARTIAL), "--out", str(out))
    assert result.returncode == 3
    assert "algorithm.name" in result.stderr.split()
    assert "--allow-incomplete" in result.stderr
    assert not out.exists()


def test_allow_incomplete_writes_the_record_with_its_todo(cli, tmp_path):
    out = tmp_path / "record.toml"
    result = cli("run", "--answers", str(PARTIAL), "--out", str(out), "--allow-incomplete")
    assert result.returncode == 0
    import tomllib

    assert "algorithm.name" in tomllib.loads(out.read_text())["todo"]


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_summary_formats_say_it_is_not_legal_advice(cli, fmt):
    result = cli("summary", "--answers", str(PARTIAL), "--format", fmt)
    assert result.returncode == 0
    assert "not legal advice" in result.stdout


def test_summary_in_chinese_keeps_ids_in_english(cli):
    result = cli("summary", "--answers", str(PARTIAL), "--format", "json", "--lang", "zh")
    data = json.loads(result.stdout)
    assert "deep_synthesis_technical_supporter" in data["roles"]
    assert "备案" in data["obligations"][0]["title"]


def test_summary_needs_something_to_summarise(cli):
    result = cli("summary")
    assert result.returncode == 2
    assert "--answers" in result.stderr


def test_summary_of_an_unknown_saved_interview_is_bad_input(cli):
    result = cli("summary", "no-such-interview")
    assert result.returncode == 2
    assert "no saved interview" in result.stderr


def test_overdue_filing_is_said_first(cli):
    result = cli("summary", "--answers", str(COMPLETE))
    lines = result.stdout.splitlines()
    # After whom it is about and the disclaimer, before anything else.
    after = lines.index("This summary explains the rules as the assistant reads them; it is not legal advice.") + 1
    assert lines[after].startswith("!! OVERDUE")


def test_questions_reference_lists_every_question_with_its_condition(cli, bank):
    result = cli("questions", "--format", "json")
    entries = json.loads(result.stdout)
    assert [e["id"] for e in entries] == [q.id for q in bank.questions]
    audience = entries[0]
    assert {o["id"] for o in audience["options"]} >= {"public", "internal"}
    supplier = next(e for e in entries if e["id"] == "role.supplier_filed")
    assert "role.buys_technology = yes" in supplier["condition"]["text"]["en"]
    assert "role.buys_technology = 是" in supplier["condition"]["text"]["zh"]
    assert supplier["condition"]["all_of"]["role.buys_technology"] == [True]
    assert "role.buys_technology" in supplier["condition"]["ids"]


def _both(value) -> bool:
    return isinstance(value, dict) and set(value) == {"en", "zh"} and all(isinstance(v, str) and v for v in value.values())


def _check_entry(entry: dict, question, with_condition: bool) -> None:
    """One object of `questions --format json` against its question in the bank (CONTRACT §2)."""
    assert entry["id"] == question.id
    assert entry["kind"] == question.kind
    assert entry["question"] == {"en": question.en, "zh": question.zh}
    assert entry["help"] == {"en": question.help.en, "zh": question.help.zh}
    assert entry["unsure"] == ({"allowed": True, "written": "unknown"} if question.unsure else {"allowed": False, "written": None})
    assert [{k: v for k, v in o.items() if k != "offered_when"} for o in entry["options"]] == [
        {"id": o.id, "label": {"en": o.en, "zh": o.zh}} for o in question.options
    ]
    for option, in_bank in zip(entry["options"], question.options):
        # An option offered only on a condition says so (algorithm.type: the algorithms the answers show).
        assert ("offered_when" in option) == bool(in_bank.when)
        if in_bank.when:
            assert _both(option["offered_when"]["text"]) and set(option["offered_when"]["all_of"]) == set(in_bank.when)
    assert isinstance(entry["written"], str) and entry["written"]
    if with_condition:
        condition = entry["condition"]
        assert _both(condition["text"])
        assert set(condition) == {"text", "all_of", "any_of", "ids"}
    else:
        assert "condition" not in entry
    if question.kind == "records":
        assert [f["id"] for f in entry["fields"]] == [f.id for f in question.fields]
        for field_entry, field in zip(entry["fields"], question.fields):
            # A field of an item carries a condition only where it is asked for some items (form_other).
            _check_entry(field_entry, field, with_condition=bool(field.ask_when))
    else:
        assert "fields" not in entry


def test_questions_json_is_the_complete_reference_of_contract_section_2(cli, bank):
    result = cli("questions", "--format", "json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    for entry, question in zip(entries, bank.questions, strict=True):
        _check_entry(entry, question, with_condition=True)
    by_id = {e["id"]: e for e in entries}
    assert by_id["scope.audience"]["condition"] == {
        "text": {"en": "always", "zh": "总是提问"}, "all_of": {}, "any_of": [], "ids": []
    }
    assert by_id["users.minors"]["unsure"] == {"allowed": True, "written": "unknown"}
    products = by_id["products"]
    functions = next(f for f in products["fields"] if f["id"] == "functions")
    assert [f["id"] for f in functions["fields"]] == ["name", "access_path", "description", "uses_generation"]
    form = next(f for f in products["fields"] if f["id"] == "form")
    assert {"id": "app", "label": {"en": "Mobile app", "zh": "移动应用（App）"}} in form["options"]
    form_other = next(f for f in products["fields"] if f["id"] == "form_other")
    assert form_other["condition"]["all_of"] == {"form": ["other"]}


def test_questions_json_is_the_same_in_either_language(cli):
    english = json.loads(cli("questions", "--format", "json").stdout)
    chinese = json.loads(cli("questions", "--format", "json", "--lang", "zh").stdout)
    assert english == chinese


def test_questions_as_text_reads_as_a_reference(cli):
    result = cli("questions", "--lang", "zh")
    assert "scope.audience  (choice)" in result.stdout
    assert "谁在使用这项服务" in result.stdout


def test_questions_as_text_shows_list_fields_and_how_not_sure_is_written(cli):
    text = cli("questions").stdout
    minors = text[text.index("users.minors  ("):]
    minors = minors[: minors.index("\n\n")]
    assert 'not sure: write "unknown"' in minors
    products = text[text.index("products  ("):]
    products = products[: products.index("\n\n")]
    assert "[[products]]" in products and "[[products.functions]]" in products
    for field in ("name (text)", "form (choice): app, website", "functions (records)", "uses_generation (yes_no)"):
        assert field in products, field


def test_bad_fixed_clock_is_named(cli):
    result = cli("summary", "--answers", str(PARTIAL), env={"FILING_ASSISTANT_TODAY": "someday"})
    assert result.returncode == 2
    assert "FILING_ASSISTANT_TODAY" in result.stderr


def test_resume_with_nothing_saved_says_how_to_start(cli):
    result = cli("resume")
    assert result.returncode == 2
    assert "no saved interview to resume" in result.stderr
    assert "Traceback" not in result.stderr


def test_resume_of_an_unknown_name_is_bad_input(cli):
    result = cli("resume", "nobody")
    assert result.returncode == 2
    assert "nobody" in result.stderr and "Traceback" not in result.stderr


def test_new_with_a_taken_name_is_refused_before_the_screen_opens(cli, home):
    from assistant.saved.store import Saved, Store

    Store(home).write(Saved("acme", Store(home).path("acme")))
    result = cli("new", "--name", "acme")
    assert result.returncode == 2
    assert "already exists" in result.stderr


def test_a_chinese_interview_is_summarised_in_chinese_and_names_its_filer(cli, home):
    from assistant.dialog.session import Session
    from assistant.files.answers import load_answers
    from assistant.law.questions import load_bank
    from assistant.saved.store import Store

    answers = load_answers(load_bank(), COMPLETE)
    Session(Store(home), "小智", lang="zh", create=True, seed=answers).close()

    text = cli("summary", "小智")
    assert text.returncode == 0, text.stderr
    assert "角色" in text.stdout
    english = cli("summary", "小智", "--lang", "en")
    assert "Roles" in english.stdout

    data = json.loads(cli("summary", "小智", "--format", "json").stdout)
    assert data["subject"]["name"] == answers["subject.name"]
    assert data["as_of"].endswith("+08:00")


# --- Issue 18: --out never writes over what is not an output ----------------------------------


def _saved(home: Path, name: str = "acme") -> Path:
    from assistant.shells.cli import main

    assert main(["import", str(COMPLETE), "--name", name]) == 0
    return home / f"{name}.interview.toml"


def _out_commands(out: str) -> list[list[str]]:
    return [
        ["export", "acme", "--out", out],
        ["run", "--answers", str(COMPLETE), "--out", out],
        ["portfolio", str(COMPLETE), "--out", out],
    ]


@pytest.mark.parametrize("n", range(3), ids=["export", "run", "portfolio"])
def test_out_onto_a_saved_interview_or_its_lock_is_refused(n, home, capsys):
    """`export --out` onto a saved interview's file replaced it, exit 0."""
    from assistant.shells.cli import main

    path = _saved(home)
    before = path.read_bytes()
    lock = home / ".locks" / "acme.lock"
    for target in (path, lock):
        existed = target.exists()
        code = main(_out_commands(str(target))[n])
        err = capsys.readouterr().err
        assert code == 2, err
        assert "not written over" in err
        assert target.exists() == existed
    assert path.read_bytes() == before


@pytest.mark.parametrize("n", range(3), ids=["export", "run", "portfolio"])
def test_out_onto_a_fifo_a_device_or_a_folder_is_refused(n, home, tmp_path, capsys):
    """Onto a FIFO or a device node, --out replaced the node with a regular file."""
    import stat as st

    from assistant.shells.cli import main

    _saved(home)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    for target, kind in ((fifo, "FIFO"), (Path("/dev/null"), "device"), (folder, "folder")):
        code = main(_out_commands(str(target))[n])
        err = capsys.readouterr().err
        assert code == 2 and kind in err, err
    assert st.S_ISFIFO(fifo.lstat().st_mode)
    assert st.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_out_onto_an_existing_regular_file_still_replaces_it(home, tmp_path, capsys):
    from assistant.shells.cli import main

    _saved(home)
    out = tmp_path / "record.toml"
    out.write_text("an old record", encoding="utf-8")
    assert main(["export", "acme", "--out", str(out)]) == 0
    assert "[facts]" in out.read_text(encoding="utf-8") or "generated_at" in out.read_text(encoding="utf-8")


def test_temporary_files_a_kill_left_beside_an_output_are_cleaned_on_the_next_write(home, tmp_path):
    from assistant.shells.cli import main

    _saved(home)
    out = tmp_path / "record.toml"
    left = tmp_path / ".record.toml.x1y2z3w4.tmp"
    left.write_text("half a record", encoding="utf-8")
    os.utime(left, (1_000_000_000, 1_000_000_000))
    fresh = tmp_path / ".record.toml.abcd1234.tmp"  # another process writing it right now
    fresh.write_text("being written", encoding="utf-8")
    other = tmp_path / ".record.toml.b.zzzz1111.tmp"
    other.write_text("another output's", encoding="utf-8")
    os.utime(other, (1_000_000_000, 1_000_000_000))
    assert main(["export", "acme", "--out", str(out)]) == 0
    assert not left.exists() and fresh.exists() and other.exists()


def test_the_drafts_folder_is_private_and_an_empty_out_is_refused(tmp_path, capsys, monkeypatch):
    from assistant.shells.cli import main

    out = tmp_path / "drafts" / "acme"
    assert main(["draft", "--answers", str(COMPLETE), "--out", str(out), "--format", "md"]) == 0
    assert oct(out.stat().st_mode & 0o777) == "0o700"
    monkeypatch.chdir(tmp_path)
    before = sorted(os.listdir(tmp_path))
    capsys.readouterr()
    assert main(["draft", "--answers", str(COMPLETE), "--out", "", "--format", "md"]) == 2
    assert "no folder given" in capsys.readouterr().err
    assert sorted(os.listdir(tmp_path)) == before


def test_a_failed_first_save_does_not_claim_a_previous_version(tmp_path, monkeypatch):
    from assistant import atomic
    from assistant.errors import BadInput

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(BadInput) as new:
        atomic.write_atomic(tmp_path / "new.toml", b"x")
    assert "previous version" not in str(new.value) and "No space left" in str(new.value)
    (tmp_path / "old.toml").write_bytes(b"old")
    with pytest.raises(BadInput) as old:
        atomic.write_atomic(tmp_path / "old.toml", b"x")
    assert "the previous version is intact" in str(old.value)
    assert (tmp_path / "old.toml").read_bytes() == b"old"
