"""The one catalogue of everything the product says (dialogs/wording/*.toml): complete, consistent, and Chinese in Chinese."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from assistant.law.wording import UnknownWording, Wording, Words, areas, catalogue, say, wording, wording_folder

ENTRIES = list(catalogue())
CJK = r"[\u4e00-\u9fff]"


def test_every_area_file_holds_entries_of_both_languages_only():
    for name in areas():
        data = tomllib.loads((wording_folder() / f"{name}.toml").read_text(encoding="utf-8"))
        for key, entry in data.items():
            assert set(entry) == {"en", "zh"}, f"{name}.{key}: {sorted(entry)}"
            assert entry["en"].strip() and entry["zh"].strip(), f"{name}.{key} is empty in a language"


def placeholder_problem(key: str, entry: Wording) -> str | None:
    """Why `entry` fills other placeholders in Chinese than in English, or None. `article` ("a", "an") is English grammar only."""
    en, zh = entry.placeholders("en") - {"article"}, entry.placeholders("zh")
    return None if en == zh else f"{key}: en fills {sorted(en)}, zh fills {sorted(zh)}"


def punctuation_problem(key: str, zh: str) -> str | None:
    """Why the Chinese text `zh` of `key` is not punctuated in Chinese, or None: a colon, comma, semicolon or quote
    beside a Chinese character is the full-width one (：，；“”), and no English phrase is left in it."""
    if re.search(rf"{CJK}[:;,]|[:;,]\s*{CJK}", zh):
        return f"{key}: ASCII punctuation in {zh!r}"
    if re.search(rf"{CJK}\"|\"{CJK}", zh):
        return f"{key}: ASCII quotes in {zh!r}"
    verbatim = re.sub(r"`[^`]*`|\{[^}]*\}", "", zh)  # commands to type and placeholders stay as they are
    if re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", verbatim):
        return f"{key}: English left in the Chinese text {zh!r}"
    return None


def _problems(found) -> str:
    problems = [p for p in found if p]
    return f"{len(problems)} of {len(ENTRIES)} entries:\n" + "\n".join(problems)


def test_both_languages_fill_the_same_placeholders():
    """Every entry at once; the message names each entry that differs."""
    problems = [placeholder_problem(key, entry) for key, entry in ENTRIES]
    assert not any(problems), _problems(problems)


def test_chinese_text_uses_chinese_punctuation():
    """Every entry at once; the message names each entry punctuated in English."""
    problems = [punctuation_problem(key, entry.zh) for key, entry in ENTRIES]
    assert not any(problems), _problems(problems)


def test_the_checks_name_what_is_wrong():
    """The two whole-catalogue checks above can fail: each flaw they look for is found, and a well-made entry passes."""
    assert placeholder_problem("x", Wording(en="{a} of {article} {b}", zh="{a}的{b}")) is None
    assert "zh fills ['a']" in placeholder_problem("x", Wording(en="{a} of {b}", zh="{a}"))
    assert punctuation_problem("x", "答案：{value}，见“第三条”；`filing-assistant new`") is None
    assert "ASCII punctuation" in punctuation_problem("x", "答案:是")
    assert "ASCII punctuation" in punctuation_problem("x", "是, 否")
    assert "ASCII quotes" in punctuation_problem("x", '见"第三条"')
    assert "English left" in punctuation_problem("x", "请 answer the question")
    assert _problems(["a: one", None, "b: two"]).splitlines()[1:] == ["a: one", "b: two"]


def test_a_key_is_found_in_its_area_then_the_fallbacks():
    words = Words("tui", "dialog")
    assert words.say("yes", "zh") == "是"
    assert words["progress"] == wording("dialog.progress")
    assert say("dialog.progress", "en", answered=1, applies=3) == "1 of 3 questions that apply answered"
    with pytest.raises(UnknownWording):
        say("dialog.no_such_sentence", "en")
    with pytest.raises(UnknownWording):
        say("no_such_area.key", "en")


def test_every_answer_a_rule_rests_on_is_said_in_words(bank):
    """Each answer a condition of the law's data can give as a reason reads as a statement, not `qid = value`."""
    from assistant.files.summary import reason_text
    from assistant.law import rules

    conditions = [c for o in bank.obligations.values() for c in o.when] + [c for f in bank.facts.values() for c in f.when]
    for condition in conditions:
        for qid, wanted in condition.items():
            if qid.startswith("@"):
                continue
            for value in wanted if isinstance(wanted, list) else [wanted]:
                if value == rules.NOT_NO:
                    continue
                reason = str(rules.Reason(qid, rules.UNANSWERED if value == rules.OPEN else value))
                for lang in ("en", "zh"):
                    said = reason_text(bank, reason, lang)
                    assert qid not in said and " = " not in said, f"{reason} in {lang}: {said}"


def test_a_chinese_summary_gives_its_reasons_in_chinese(bank, tmp_path):
    from assistant.shells.cli import main
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["summary", "--answers", str(Path(__file__).parents[1] / "bench/data/photo-restoration.answers.toml"), "--lang", "zh"]) == 0
    lines = [line for line in out.getvalue().splitlines() if line.startswith("因") and line.endswith("须履行：")]  # the reasons over their obligations
    assert lines and not any(re.search(r"[a-z_]+\.[a-z_]+ = ", line) for line in lines), lines
