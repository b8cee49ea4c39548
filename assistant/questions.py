"""The question bank: dialogs/*.toml loaded once into frozen pydantic models, and which questions are asked."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field as PydanticField

UNSURE = "unknown"
"""How "not sure" is written in answers files, saved interviews and records."""

Kind = Literal["yes_no", "choice", "multi", "date", "text", "number", "records"]
Condition = dict[str, Any]

KIND_NAMES = {
    "yes_no": ("yes/no", "是/否"),
    "choice": ("one option", "单选"),
    "multi": ("a list of options", "多选"),
    "date": ("a date (YYYY-MM-DD)", "日期（YYYY-MM-DD）"),
    "text": ("text", "文本"),
    "number": ("a number", "数字"),
    "records": ("a list of records", "记录列表"),
}


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Wording(Frozen):
    """The same text in both languages the product speaks."""

    en: str = PydanticField(min_length=1)
    zh: str = PydanticField(min_length=1)

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Option(Frozen):
    """One answer of a choice or multi-choice question."""

    id: str = PydanticField(pattern=r"^[a-z0-9_]+$")
    en: str = PydanticField(min_length=1)
    zh: str = PydanticField(min_length=1)

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Field(Frozen):
    """A question, or one field of a record in a `records` question."""

    id: str
    kind: Kind
    en: str = PydanticField(min_length=1)
    zh: str = PydanticField(min_length=1)
    help: Wording
    options: tuple[Option, ...] = ()
    fields: tuple["Field", ...] = ()
    """The fields of each item, for `records`."""
    unsure: bool = False
    """Whether "not sure" is an allowed answer."""
    optional: bool = False
    """May stay unanswered without keeping the interview incomplete."""
    max_words: int | None = None
    """Word limit for text; each Chinese character counts as one word."""
    check: Literal["uscc"] | None = None
    """An extra check of text: `uscc` is the unified social credit code."""
    min: float | None = None

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def field(self, field_id: str) -> "Field | None":
        return next((f for f in self.fields if f.id == field_id), None)


class Question(Field):
    """A question of the interview; its id is its path in the filing record."""

    section: str
    ask_when: Condition = {}
    """Facts that must all hold for the question to be asked."""
    ask_when_any: tuple[Condition, ...] = ()
    """At least one of these sets of facts must hold."""


class Section(Frozen):
    """A part of the interview, one file of dialogs/."""

    id: str
    en: str
    zh: str
    order: int
    ask_when: Condition = {}
    ask_when_any: tuple[Condition, ...] = ()

    def title(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Obligation(Frozen):
    """Wording and legal basis of one obligation, filing or document (dialogs/obligations.toml)."""

    id: str
    en: str
    zh: str
    basis: tuple[str, ...] = PydanticField(min_length=1)
    why: Wording
    """What the duty asks of the filer, in plain words."""

    def title(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Reading(Frozen):
    """A fixed sentence the rules may say: a reason, or an unsettled reading (dialogs/obligations.toml)."""

    id: str
    en: str
    zh: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class QuestionBank(Frozen):
    """Every section, question and obligation text, in interview order."""

    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    obligations: dict[str, Obligation]
    readings: dict[str, Reading]

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def question(self, question_id: str) -> Question:
        return self.by_id[question_id]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def applies(self, question: Question, answers: Mapping[str, Any]) -> bool:
        """Whether `question` is asked, given the answers that apply so far."""
        return conditions_hold(question.ask_when, question.ask_when_any, answers)

    def effective(self, answers: Mapping[str, Any]) -> tuple[list[Question], dict[str, Any]]:
        """The questions asked, in order, and the answers among `answers` that count.

        Conditions only name earlier questions (a test proves it), so one pass
        in order settles everything: an answer to a question that is not asked
        does not count towards a later condition.
        """
        asked: list[Question] = []
        counted: dict[str, Any] = {}
        for question in self.questions:
            if self.applies(question, counted):
                asked.append(question)
                if question.id in answers:
                    counted[question.id] = answers[question.id]
        return asked, counted


def fact_holds(expected: Any, actual: Any) -> bool:
    """Whether one fact of a condition holds for one answer (see dialogs/README.md)."""
    if actual is None:
        return False
    wanted = expected if isinstance(expected, list) else [expected]
    if isinstance(actual, (list, tuple)):
        return any(a in wanted for a in actual)
    return any(actual == w and type(actual) is type(w) for w in wanted)


def conditions_hold(all_of: Condition, any_of: Iterable[Condition], answers: Mapping[str, Any]) -> bool:
    if not all(fact_holds(v, answers.get(k)) for k, v in all_of.items()):
        return False
    any_of = list(any_of)
    return not any_of or any(
        all(fact_holds(v, answers.get(k)) for k, v in group.items()) for group in any_of
    )


def dialogs_folder() -> Path:
    """Where the question bank is: assistant/dialogs in an installed wheel, else dialogs/ of the source tree."""
    here = Path(__file__).resolve().parent
    packaged = here / "dialogs"
    return packaged if packaged.is_dir() else here.parent / "dialogs"


def bank_from_folder(folder: Path) -> QuestionBank:
    """Read every section file and obligations.toml of `folder` into one QuestionBank."""
    sections: list[tuple[Section, list[dict]]] = []
    obligations: dict[str, Obligation] = {}
    readings: dict[str, Reading] = {}
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if path.name == "obligations.toml":
            for oid, entry in data.get("obligation", {}).items():
                obligations[oid] = Obligation(id=oid, **entry)
            for rid, entry in data.get("reading", {}).items():
                readings[rid] = Reading(id=rid, **entry)
            continue
        sections.append((Section(**data["section"]), data.get("questions", [])))
    if not sections or not obligations:
        raise FileNotFoundError(f"no question bank in {folder}")
    sections.sort(key=lambda pair: pair[0].order)
    questions = []
    for section, entries in sections:
        for entry in entries:
            entry = dict(entry)
            # The section's condition is part of every question's: merging here
            # keeps "is this asked?" one lookup, and the questions reference shows it.
            entry["ask_when"] = {**section.ask_when, **entry.get("ask_when", {})}
            entry["ask_when_any"] = tuple(section.ask_when_any) + tuple(entry.get("ask_when_any", ()))
            questions.append(Question(section=section.id, **entry))
    return QuestionBank(
        sections=tuple(s for s, _ in sections),
        questions=tuple(questions),
        obligations=obligations,
        readings=readings,
    )


@cache
def load_bank() -> QuestionBank:
    """The question bank, read once per process."""
    return bank_from_folder(dialogs_folder())


# --- Word counting -----------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_WORD = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+")


def word_count(text: str) -> int:
    """Words as the form counts them: each Chinese character one, each run of other non-space characters one."""
    return len(_WORD.findall(text))


# --- Checking and reading answers ----------------------------------------------


class AnswerProblem(ValueError):
    """An answer that does not fit its question, said in both languages."""

    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.en = en
        self.zh = zh

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def describe(value: Any) -> str:
    """A value as a person reads it in a message: yes/no, not sure, lists joined."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value == UNSURE:
        return "not sure"
    if isinstance(value, (list, tuple)):
        return ", ".join(describe(v) for v in value)
    return str(value)


def _kind_problem(field: Field, value: Any) -> AnswerProblem:
    en, zh = KIND_NAMES[field.kind]
    got = type(value).__name__
    return AnswerProblem(f"expected {en}, got {got} {value!r:.60}", f"应为{zh}，实际为 {value!r:.60}")


def checked(field: Field, value: Any) -> Any:
    """`value` as the answer to `field`, normalised; AnswerProblem when it does not fit.

    Values are those of answers files and saved interviews: booleans, option
    ids, lists of option ids, dates, strings, numbers, lists of tables.
    """
    if field.unsure and value == UNSURE:
        return UNSURE
    kind = field.kind
    if kind == "yes_no":
        if isinstance(value, bool):
            return value
        raise _kind_problem(field, value)
    if kind == "choice":
        if not isinstance(value, str):
            raise _kind_problem(field, value)
        _check_option(field, value)
        return value
    if kind == "multi":
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise _kind_problem(field, value)
        for v in value:
            _check_option(field, v)
        if not value:
            raise AnswerProblem("choose at least one option", "请至少选择一项")
        return list(dict.fromkeys(value))
    if kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            return parse_date(value)
        raise _kind_problem(field, value)
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _kind_problem(field, value)
        if value != value or value in (float("inf"), float("-inf")):
            raise AnswerProblem("expected a finite number", "应为有限数字")
        if field.min is not None and value < field.min:
            raise AnswerProblem(f"must be at least {field.min:g}", f"不得小于 {field.min:g}")
        return value
    if kind == "text":
        if not isinstance(value, str):
            raise _kind_problem(field, value)
        return _checked_text(field, value)
    if kind == "records":
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, Mapping) for v in value):
            raise _kind_problem(field, value)
        return [_checked_record(field, item, n) for n, item in enumerate(value, start=1)]
    raise AssertionError(kind)  # pragma: no cover - Kind is a closed Literal


def _check_option(field: Field, value: str) -> None:
    if field.option(value) is None:
        allowed = ", ".join(field.option_ids)
        raise AnswerProblem(
            f"unknown option {value!r}; choose one of: {allowed}",
            f"没有选项 {value!r}；可选：{allowed}",
        )


def _checked_text(field: Field, value: str) -> str:
    text = value.strip()
    if not text:
        raise AnswerProblem("the answer is empty", "回答为空")
    if field.max_words is not None:
        words = word_count(text)
        if words > field.max_words:
            raise AnswerProblem(
                f"{words} words, over the limit of {field.max_words} (each Chinese character counts as one)",
                f"共 {words} 字，超过 {field.max_words} 字的上限（每个汉字计为一字）",
            )
    if field.check == "uscc":
        text = credit_code(text)
    return text


def credit_code(text: str) -> str:
    """A unified social credit code, checked with its check digit (GB 32100-2015)."""
    from stdnum.cn import uscc  # ~5 ms; only the subject questions need it
    from stdnum.exceptions import ValidationError

    try:
        return uscc.validate(text)
    except ValidationError as error:
        reason = {
            "InvalidChecksum": ("the check digit is wrong", "校验码不正确"),
            "InvalidLength": ("it must be 18 characters", "应为18位"),
            "InvalidFormat": ("it has characters a credit code cannot have", "含有统一社会信用代码不允许的字符"),
            "InvalidComponent": ("it has characters a credit code cannot have", "含有统一社会信用代码不允许的字符"),
        }.get(type(error).__name__, ("it is not valid", "无效"))
        raise AnswerProblem(
            f"{text!r} is not a unified social credit code: {reason[0]}",
            f"{text!r} 不是有效的统一社会信用代码：{reason[1]}",
        ) from None


def _checked_record(field: Field, item: Mapping[str, Any], n: int) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in item.items():
        sub = field.field(key)
        if sub is None:
            allowed = ", ".join(f.id for f in field.fields)
            raise AnswerProblem(
                f"item {n}: unknown field {key!r}; fields are: {allowed}",
                f"第 {n} 项：没有字段 {key!r}；可用字段：{allowed}",
            )
        try:
            record[key] = checked(sub, value)
        except AnswerProblem as problem:
            raise AnswerProblem(f"item {n}, {key}: {problem.en}", f"第 {n} 项，{key}：{problem.zh}") from None
    return record


def record_missing(field: Field, items: list[dict[str, Any]]) -> list[str]:
    """The required fields left empty in a list of records, as `name (item 2)`."""
    missing = []
    for n, item in enumerate(items, start=1):
        for sub in field.fields:
            if sub.optional:
                continue
            if sub.id not in item:
                missing.append(f"{sub.id} (item {n})")
            elif sub.kind == "records":
                missing += [f"{sub.id}.{m}" for m in record_missing(sub, item[sub.id])]
    return missing


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise AnswerProblem(
            f"{text.strip()!r} is not a date: write it as YYYY-MM-DD, e.g. 2027-03-01",
            f"{text.strip()!r} 不是日期：请写成 YYYY-MM-DD，例如 2027-03-01",
        ) from None


_YES = {"y", "yes", "true", "是", "是的", "对", "有"}
_NO = {"n", "no", "false", "否", "不", "不是", "没有", "无"}
_UNSURE_WORDS = {"unsure", "unknown", "not sure", "不确定", "不清楚", "?不确定"}


def parse_line(field: Field, line: str) -> Any:
    """What one typed line means as an answer to `field` (the plain chat and the TUI's inputs)."""
    text = line.strip()
    if field.unsure and text.lower() in _UNSURE_WORDS:
        return UNSURE
    kind = field.kind
    if kind == "yes_no":
        word = text.lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise AnswerProblem("answer yes or no (y/n)", "请回答 是 或 否（y/n）")
    if kind == "choice":
        return _option_from_word(field, text)
    if kind == "multi":
        words = [w for w in re.split(r"[,，、\s]+", text) if w]
        if not words:
            raise AnswerProblem("choose at least one option", "请至少选择一项")
        return checked(field, [_option_from_word(field, w) for w in words])
    if kind == "date":
        return parse_date(text)
    if kind == "number":
        try:
            number = float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            raise AnswerProblem(f"{text!r} is not a number", f"{text!r} 不是数字") from None
        return checked(field, number)
    if kind == "text":
        return checked(field, text)
    raise AnswerProblem("this question is answered item by item", "该问题需逐项填写")


def _option_from_word(field: Field, word: str) -> str:
    if word.isdigit() and 1 <= int(word) <= len(field.options):
        return field.options[int(word) - 1].id
    lowered = word.lower()
    for option in field.options:
        if lowered == option.id:
            return option.id
    _check_option(field, word)
    return word  # pragma: no cover - _check_option raised


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo most likely meant, if any is close."""
    import difflib

    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None
