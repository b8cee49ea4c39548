"""Property tests: whatever answers a user writes, the tool answers 0, 2 or 3 and never a traceback;
whatever it writes, it can read back."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings, strategies as st

from assistant.errors import BadInput
from assistant.files.answers import checked_answers
from assistant.shells.cli import main
from assistant.law.questions import UNSURE_WRITTEN as UNSURE, Field, load_bank, narrowed
from assistant.files.record import build_record, record_toml, validated_record
from assistant.law.rules import assess
from assistant.files.summary import as_data
from conftest import TODAY

BANK = load_bank()
NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.timezone.utc)

# Text a user may type: quotes, newlines, control characters, emoji, Chinese.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40
).filter(lambda s: s.strip())


CHECKED_TEXT = {
    "uscc": st.sampled_from(["91350100M000100Y43", "91110000802100433B"]),
    "phone": st.sampled_from(["+86 138 0000 0000", "13912345678", "0571-8888 0000", "+86 10 6552 9988", "021-6888 0000 转 123"]),
    "mobile": st.sampled_from(["+86 138 0000 0000", "13912345678", "139-1234-5678"]),
    "email": st.sampled_from(["security@xiaozhi.example", "li.na+filing@mail.example.com.cn", "张三@例子.中国"]),
}
"""Text that passes a question's `check` (dialogs/README.md): random text would not."""


def value_for(field: Field) -> st.SearchStrategy[Any]:
    options = list(field.option_ids)
    kinds: dict[str, st.SearchStrategy[Any]] = {
        "yes_no": st.booleans(),
        "choice": st.sampled_from(options or ["x"]),
        "multi": st.lists(st.sampled_from([o for o in options if o != "none"] or ["x"]), min_size=1, max_size=4, unique=True)
        | (st.just(["none"]) if "none" in options else st.nothing()),
        "date": st.dates(dt.date(2020, 1, 1), dt.date(2032, 12, 31)),
        "text": CHECKED_TEXT[field.check] if field.check else TEXT,
        "number": st.integers(0, 10_000),
        "records": st.lists(st.fixed_dictionaries({f.id: value_for(f) for f in field.fields}), min_size=1, max_size=2),
    }
    strategy = kinds[field.kind]
    if field.kind == "text":
        strategy = strategy.map(str.strip)
    if field.unsure:
        strategy = st.one_of(strategy, st.just(UNSURE))
    return strategy


@st.composite
def answer_sets(draw) -> dict[str, Any]:
    """Answers a filer could give: questions in order, each answered or left, only where it applies."""
    answers: dict[str, Any] = {}
    for question in BANK.questions:
        offered = narrowed(question, answers)  # algorithm.type: only the algorithms the answers show
        if offered.kind in ("choice", "multi") and not offered.options:
            continue
        if BANK.applies(question, answers) and draw(st.integers(0, 9)) < 8:
            answers[question.id] = draw(value_for(offered))
    return checked_answers(BANK, answers)


@given(answer_sets())
def test_every_record_we_write_validates_and_reads_back_equal(answers):
    text = record_toml(build_record(BANK, answers, now=NOW))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.toml"
        path.write_text(text, encoding="utf-8")
        _, again = validated_record(BANK, path)
    assert again == answers


@given(answer_sets(), st.sampled_from(["en", "zh"]))
def test_summary_from_a_record_equals_summary_from_its_answers(answers, lang):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.toml"
        path.write_text(record_toml(build_record(BANK, answers, lang=lang, now=NOW)), encoding="utf-8")
        _, again = validated_record(BANK, path)
    assert as_data(BANK, assess(BANK, again, TODAY), lang, answers=again) == as_data(
        BANK, assess(BANK, answers, TODAY), lang, answers=answers
    )


@given(answer_sets(), st.sampled_from(["en", "zh"]), st.data())
def test_a_hand_edit_of_an_obligation_is_named_by_its_id(answers, lang, data):
    record = build_record(BANK, answers, lang=lang, now=NOW)
    if not record["obligations"]:
        return
    entry = data.draw(st.sampled_from(record["obligations"]), label="obligation")
    edit = data.draw(st.sampled_from(["drop", "status", "basis", "because"]), label="edit")
    where = f"obligations[{entry['id']}]"
    if edit == "drop":
        record["obligations"].remove(entry)
    elif edit == "status":
        entry["status"] = data.draw(st.sampled_from([s for s in ("met", "gap", "open") if s != entry["status"]]))
        where += ".status"
    else:
        entry[edit] = entry[edit] + ["DSP Art. 99"]
        where += f".{edit}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.toml"
        path.write_text(record_toml(record), encoding="utf-8")
        with pytest.raises(BadInput) as error:
            validated_record(BANK, path)
    assert [p.where for p in error.value.problems] == [where]


@given(answer_sets())
def test_answers_dumped_with_tomli_w_parse_back_equal(answers):
    import tomllib

    from assistant.law.questions import to_file

    # Files write the engine's NOT_SURE as "unknown"; read back, it is NOT_SURE again.
    assert checked_answers(BANK, tomllib.loads(tomli_w.dumps(to_file(answers)))) == answers


def run_main(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, err.getvalue()


KEYS = st.one_of(st.sampled_from(sorted(BANK.by_id)), st.sampled_from(["scope", "algorithm", "products", "subject.contact"]), TEXT)
SCALARS = st.one_of(
    st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT, st.dates(), st.datetimes(), st.just(UNSURE),
    st.sampled_from(["public", "text", "face", "none", "other"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3), max_leaves=8)


@given(st.dictionaries(KEYS, VALUES, max_size=8))
def test_any_toml_answers_file_gives_0_2_or_3_and_never_a_traceback(document):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.toml"
        path.write_text(tomli_w.dumps(document), encoding="utf-8")
        for args in (["run", "--answers", str(path), "--out", str(Path(folder) / "r.toml")], ["summary", "--answers", str(path), "--format", "json"]):
            code, err = run_main(*args)
            assert code in (0, 2, 3)
            assert "Traceback" not in err


@given(st.binary(max_size=300))
def test_any_bytes_as_answers_or_record_give_0_2_or_3(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.toml"
        path.write_bytes(raw)
        for args in (["run", "--answers", str(path)], ["validate", str(path)], ["summary", str(path)]):
            code, _ = run_main(*args)
            assert code in (0, 2, 3)


@given(st.dictionaries(st.sampled_from(["schema_version", "roles", "facts", "todo", "obligations", "filings", "subject", "algorithm"]), VALUES, max_size=6))
def test_any_toml_as_a_record_is_validated_without_a_crash(document):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.toml"
        path.write_text(tomli_w.dumps(document), encoding="utf-8")
        code, err = run_main("validate", str(path))
        assert code == 2
        assert err.strip()


@given(answer_sets(), answer_sets())
def test_the_questions_asked_are_the_same_whether_kept_or_worked_out_again(first, second):
    """Which questions are asked is kept per the answers its conditions name (QuestionBank.effective): for any
    answers, also with answers set aside mixed in, what is kept is what working it out again gives."""
    for answers in (first, second, {**second, **first}, {**first, **second}):
        asked, counted = BANK.effective(answers)
        again = list(BANK._asked(answers))
        assert asked == again
        assert counted == {q.id: answers[q.id] for q in again if q.id in answers}


PLAIN_LINES = st.one_of(
    st.sampled_from(
        ["1", "2", "3", "y", "n", "是", "否", "", "skip", "back", "unsure", "open", "review", "?", "help", "remove",
         "remove products 1", "remove products 1 functions 1", "change scope.audience", "change nothing", "\\back",
         "\\x", "Remove background", "The public in mainland China", "中国境内的公众", "杭州小智科技有限公司"]
    ),
    TEXT.filter(lambda s: len(s.splitlines()) == 1),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(PLAIN_LINES, max_size=14), st.sampled_from(["en", "zh"]))
def test_any_lines_through_the_plain_chat_end_0_or_2_and_the_file_holds_what_the_interview_holds(lines, lang):
    from assistant.dialog.session import Session
    from assistant.saved.store import Store
    from assistant.shells.plain import PipeReader, PlainChat

    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder))
        out, err = [], []
        with Session(store, "p", lang=lang, bank=BANK, today=TODAY) as session:
            chat = PlainChat(session, PipeReader(io.StringIO("".join(line + "\n" for line in lines))), out.append, err.append)
            code = chat.run()
            held = session.interview.snapshot()
        assert code in (0, 2)
        assert (code == 2) == bool(err)
        saved = store.read("p")
        assert saved.answers == held["answers"] and saved.position == held["position"]
