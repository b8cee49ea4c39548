"""The question bank: dialogs/*.toml loaded once into frozen pydantic models, and which questions are asked."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field as PydanticField

from assistant.cache import cache_folder, owned_by_me, read_private, sealed, unsealed, write_private
from assistant.law.folder import dialogs_folder
from assistant.law.wording import Wording, wording



from assistant.law import conditions
# The values answers take and the words of the condition language, as the rest of the code names them.
from assistant.law.conditions import NOT_SURE, SEVERAL, UNANSWERED, UNSURE_WRITTEN, NotSure, describe  # noqa: F401


def to_file(value: Any) -> Any:
    """An answer as files write it: NOT_SURE becomes "unknown", inside lists and tables too."""
    if value is NOT_SURE:
        return UNSURE_WRITTEN
    if isinstance(value, dict):
        return {k: to_file(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_file(v) for v in value]
    return value

Kind = Literal["yes_no", "choice", "multi", "date", "text", "number", "records"]
Condition = dict[str, Any]



class Frozen(BaseModel):
    # Schemas are built on the first validation, not at import: a run that
    # takes the bank from the cache (see load_bank) never validates one and
    # saves ~20 ms of start-up.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Option(Frozen):
    """One answer of a choice or multi-choice question."""

    id: str = PydanticField(pattern=r"^[a-z0-9_]+$")
    en: str = PydanticField(min_length=1)
    zh: str = PydanticField(min_length=1)
    when: dict[str, Any] = {}
    """Offered only when this condition holds (`algorithm.type`: only the algorithms the answers show)."""

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
    check: Literal["uscc", "phone", "mobile", "email"] | None = None
    """An extra check of text: `uscc` the unified social credit code with its check digit, `phone` a
    mainland mobile number or a landline with its area code, `mobile` a mainland mobile number only,
    `email` an e-mail address."""
    min: float | None = None
    integer: bool = False
    """A number that counts something (staff): whole numbers only."""
    ask_when: Condition = {}
    """Facts that must all hold for it to be asked: for a field of a list item, about earlier fields of the same item."""
    default: Any = None
    """The answer offered when nothing earlier says more (`batch_output`: no); an empty answer takes it."""
    derive: dict[str, Any] = {}
    """What earlier answers say of it (dialogs/README.md, "Defaults and derivations"; assistant/law/derive.py)."""

    def applies_in(self, item: Mapping[str, Any]) -> bool:
        """Whether this field of a list item is asked, given the item's other fields (`form_other` when form is other)."""
        return not self.ask_when or conditions.holds(self.ask_when, item)

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


class GroupMember(Frozen):
    """One question of a checklist, as the statement the filer chooses when its answer is yes."""

    id: str
    en: str = PydanticField(min_length=1)
    zh: str = PydanticField(min_length=1)

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Group(Frozen):
    """Questions asked together on one line (dialogs/groups.toml): a checklist of yes/no questions ("which of
    these are true?"), or an optional section's "answer these now?"."""

    id: str = PydanticField(pattern=r"^[a-z0-9_]+$")
    kind: Literal["checklist", "optional"]
    en: str = PydanticField(min_length=1)
    zh: str = PydanticField(min_length=1)
    help: Wording
    members: tuple[GroupMember, ...] = ()
    """A checklist's questions, in the order they are listed."""
    section: str | None = None
    """An optional section: the section whose optional questions it offers."""

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


StatusRule = Literal["yes_no", "mechanism", "document", "all_chosen", "every_item"]


class StatusSource(Frozen):
    """Which answer tells whether an obligation is met (dialogs/obligations.toml explains each rule)."""

    rule: StatusRule
    question: str
    options: tuple[str, ...] = ()
    """all_chosen: the options that must all be chosen."""
    field: str = ""
    """every_item: the field of each item that must be yes."""


class Obligation(Frozen):
    """One obligation, filing or document (dialogs/obligations.toml): wording, legal basis, trigger, status source."""

    id: str
    en: str
    zh: str
    basis: tuple[str, ...] = PydanticField(min_length=1)
    when: tuple[Condition, ...] = PydanticField(min_length=1)
    """Owed when one of these conditions holds (rules.Evaluator reads them)."""
    status: StatusSource | None = None
    """None: open until the filer confirms it."""
    deadline_days: int | None = None
    """Working days after `deadline_from` by which it is due."""
    deadline_from: Literal["launch", "before_launch", "change", "end_of_service"] = "launch"
    """What the deadline counts from: the launch (the algorithm filings), before launch (the generative AI
    filing: due on the launch date, overdue once launched), a change of filed information, the end of the
    service (the last two dated only by `diff`)."""
    filing_role: str | None = None
    """The role whose filing this obligation is (`filing.provider`: deep_synthesis_provider)."""
    basis_when: dict[str, str] = {}
    """Citations of `basis` that bind only where a fact holds (`AIS Art. 22`: anthropomorphic)."""
    also_because: tuple[str, ...] = ()
    """Answers its reasons name where answered, beside those that trigger it (the supplier's model)."""
    why: Wording
    """What the duty asks of the filer, in plain words."""
    why_recommendation: Wording | None = None
    """What it asks of a recommendation filing, where `why` speaks of generation (content review: AP Art. 9)."""

    def title(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def why_for(self, lang: str, recommendation: bool = False) -> str:
        """`why`, or for a recommendation filing (or a filer that only recommends) its own wording where it has one."""
        return (self.why_recommendation if recommendation and self.why_recommendation else self.why)(lang)


class DerivedFact(Frozen):
    """A fact the rules derive from the answers (a role, "any provider"): holds when one of `when` holds."""

    id: str
    when: tuple[Condition, ...] = PydanticField(min_length=1)


class FilingReason(Frozen):
    """One reason a filing gives (a reading id), where its condition holds; always where it has none."""

    reading: str
    when: tuple[Condition, ...] = ()


class Filing(Frozen):
    """One separate filing (RULES §4, dialogs/obligations.toml): owed where one of `when` holds (open where
    only an open answer makes it hold), with the reasons it gives, in order."""

    id: str
    """The role it is made in."""
    when: tuple[Condition, ...] = PydanticField(min_length=1)
    reasons: tuple[FilingReason, ...] = PydanticField(min_length=1)


class Reading(Frozen):
    """A fixed sentence the rules may say: a reason, or an unsettled reading (dialogs/obligations.toml)."""

    id: str
    en: str
    zh: str
    shows: Literal["note", "scope", "penalty"] | None = None
    """Said by itself where `when` holds: a note (unsettled reading, draft on the way), a scope reading, the penalty."""
    when: tuple[Condition, ...] = ()

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class QuestionBank(Frozen):
    """Every section, question and obligation text, in interview order."""

    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    obligations: dict[str, Obligation]
    readings: dict[str, Reading]
    facts: dict[str, DerivedFact] = {}
    filings: dict[str, Filing] = {}
    groups: tuple[Group, ...] = ()
    """Questions asked together (dialogs/groups.toml)."""

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def group_of(self) -> dict[str, Group]:
        """The group each grouped question belongs to: a checklist's members, an optional section's optional questions."""
        out: dict[str, Group] = {}
        for group in self.groups:
            if group.kind == "checklist":
                out.update((m.id, group) for m in group.members)
            else:
                out.update((q.id, group) for q in self.questions if q.section == group.section and q.optional)
        return out

    def question(self, question_id: str) -> Question:
        return self.by_id[question_id]

    @cached_property
    def id_prefixes(self) -> frozenset[str]:
        """Every table a question id sits in (`algorithm`, `algorithm.data`): how answers files nest them."""
        return frozenset(qid.rsplit(".", n)[0] for qid in self.by_id for n in range(1, qid.count(".") + 1))

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def applies(self, question: Question, answers: Mapping[str, Any]) -> bool:
        """Whether `question` is asked, given the answers that apply so far."""
        return conditions.holds_all_any(question.ask_when, question.ask_when_any, answers, self._asked_ids(answers))

    def effective(self, answers: Mapping[str, Any]) -> tuple[list[Question], dict[str, Any]]:
        """The questions asked, in order, and the answers among `answers` that count.

        Conditions only name earlier questions (a test proves it), so one pass
        in order settles everything: an answer to a question that is not asked
        does not count towards a later condition. Which questions are asked
        depends only on the answers the conditions name: an act asks this a few
        times over the same answers, and most acts do not change them, so it is
        kept per those answers.
        """
        try:
            key = tuple(tuple(v) if isinstance(v, list) else v for v in map(answers.get, self.condition_ids))
            asked = self.asked_memo.get(key)
        except TypeError:  # an answer that cannot be a key (a hand-made value): worked out, not kept
            key, asked = None, None
        if asked is None:
            asked = self._asked(answers)
            if key is not None:
                if len(self.asked_memo) >= 4096:  # many clients in one run: kept few enough to stay small
                    self.asked_memo.clear()
                self.asked_memo[key] = asked
        return list(asked), {q.id: answers[q.id] for q in asked if q.id in answers}

    def _asked_ids(self, answers: Mapping[str, Any]) -> frozenset[str]:
        return frozenset(q.id for q in self.effective(answers)[0])

    def _asked(self, answers: Mapping[str, Any]) -> tuple[Question, ...]:
        conditions, of_question = self.ask_conditions
        # A condition names only questions before the first that carries it, so
        # once decided in this pass it stays decided: 14 conditions serve 74 questions.
        held: list[bool | None] = [None] * len(conditions)
        asked: list[Question] = []
        ids: set[str] = set()
        applies = ids.__contains__
        counted: dict[str, Any] = {}
        for question, n in zip(self.questions, of_question):
            holds = held[n]
            if holds is None:
                all_of, any_of = conditions[n]
                holds = held[n] = _all_now(all_of, counted, applies) and (
                    not any_of or any(_all_now(group, counted, applies) for group in any_of)
                )
            if holds:
                asked.append(question)
                ids.add(question.id)
                if question.id in answers:
                    counted[question.id] = answers[question.id]
        return tuple(asked)

    @cached_property
    def condition_ids(self) -> tuple[str, ...]:
        """The questions whose answers decide which questions are asked."""
        conditions, _ = self.ask_conditions
        named = {f.qid for all_of, any_of in conditions for facts in (all_of, *any_of) for f in facts}
        return tuple(sorted(named))

    @cached_property
    def asked_memo(self) -> dict[tuple, tuple[Question, ...]]:
        """The questions asked, by the answers the conditions name (`effective`)."""
        return {}

    @cached_property
    def ask_conditions(self) -> tuple[list[tuple["_Facts", tuple["_Facts", ...]]], list[int]]:
        """The distinct conditions, read once (conditions.prepared), and which one each question carries.

        The engine settles the interview after every answer; preparing the
        conditions once keeps that a few hundredths of a millisecond.
        """
        found: list[tuple[_Facts, tuple[_Facts, ...]]] = []
        index: dict[str, int] = {}
        of_question = []
        for q in self.questions:
            key = repr((q.ask_when, q.ask_when_any))  # repr, not the values: True and 1 are equal but different facts
            if key not in index:
                index[key] = len(found)
                found.append((conditions.prepared(q.ask_when), tuple(conditions.prepared(g) for g in q.ask_when_any)))
            of_question.append(index[key])
        return found, of_question


_Facts = tuple[conditions.Fact, ...]


def _all_now(facts: _Facts, answers: Mapping[str, Any], asked: Any) -> bool:
    """Every fact holds on the answers so far (conditions.Fact.now); `asked(qid)`: asked so far."""
    for fact in facts:
        if not fact.now(answers, asked):
            return False
    return True


def narrowed(field: "Field", answers: Mapping[str, Any]) -> "Field":
    """`field` with only the options whose `when` holds on `answers` (the same field if none has a condition).

    Numbers typed in the chat count the options offered; an answer outside them is refused as any
    unknown option is, with a "did you mean".
    """
    if not any(o.when for o in field.options):
        return field
    offered = tuple(o for o in field.options if conditions.holds(o.when, answers))
    return field.model_copy(update={"options": offered})


NOT_SECTIONS = ("checks.toml", "risk_categories.toml", "instruments.toml", "groups.toml")
"""Data of dialogs/ that is no section of questions: why filings are sent back (assistant/files/check.py),
the TS45654 risks and minimums (assistant/files/genai.py), the instruments the law cites (assistant/law/instruments.py),
the questions asked together (read with the sections: QuestionBank.groups)."""


def bank_from_folder(folder: Path) -> QuestionBank:
    """Read every section file and obligations.toml of `folder` into one QuestionBank."""
    sections: list[tuple[Section, list[dict]]] = []
    obligations: dict[str, Obligation] = {}
    readings: dict[str, Reading] = {}
    facts: dict[str, DerivedFact] = {}
    filings: dict[str, Filing] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name in NOT_SECTIONS:
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if path.name == "obligations.toml":
            for oid, entry in data.get("obligation", {}).items():
                obligations[oid] = Obligation(id=oid, **entry)
            for rid, entry in data.get("reading", {}).items():
                readings[rid] = Reading(id=rid, **entry)
            for name, entry in data.get("fact", {}).items():
                facts[name] = DerivedFact(id=name, **entry)
            for role, entry in data.get("filing", {}).items():
                filings[role] = Filing(id=role, **entry)
            continue
        sections.append((Section(**data["section"]), data.get("questions", [])))
    if not sections or not obligations:
        raise FileNotFoundError(f"no question bank in {folder}")
    grouping = folder / "groups.toml"
    groups = tuple(Group(**g) for g in tomllib.loads(grouping.read_text(encoding="utf-8")).get("groups", [])) if grouping.exists() else ()
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
        facts=facts,
        filings=filings,
        groups=groups,
    )


@cache
def load_bank() -> QuestionBank:
    """The question bank, read once per process: from the cache while the bank and this module are unchanged.

    Parsing ~90 KB of TOML and validating it costs ~35 ms, a fifth of a whole
    `summary` run; the cache brings that to a few milliseconds.
    """
    folder = dialogs_folder()
    key = _bank_key(folder)
    path = _bank_cache_path(key) if key else None
    bank = _cached_bank(path, key) if path else None
    if bank is None:
        bank = bank_from_folder(folder)
        if path:
            _write_bank_cache(path, key, bank)
    return bank


_BANK_CACHE_FORMAT = 1
MAX_BANK_CACHE_BYTES = 4 * 1024 * 1024


def _bank_key(folder: Path) -> str | None:
    """A hash of everything the cached bank depends on: Python, pydantic, this module (the models), the bank files."""
    import hashlib
    import sys

    import pydantic

    key = hashlib.sha256(f"{sys.version}\0{pydantic.VERSION}\0{_BANK_CACHE_FORMAT}\0".encode())
    try:
        # The model classes are defined here and in wording.py: a change to either is a change to the cache.
        key.update(Path(__file__).read_bytes())
        key.update(Path(__file__).with_name("wording.py").read_bytes())
        for path in sorted(folder.glob("*.toml")):
            key.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return key.hexdigest()


def _bank_cache_path(key: str) -> Path:
    return cache_folder() / f"question-bank-{key[:24]}.json"


def _bank_cache_file(folder: Path) -> Path | None:
    """The cache file of the bank in `folder`, named by a hash of everything it depends on."""
    key = _bank_key(folder)
    return _bank_cache_path(key) if key else None


def _cached_bank(path: Path, key: str) -> QuestionBank | None:
    import json

    raw = read_private(path, MAX_BANK_CACHE_BYTES)
    body = unsealed(raw, {"format": _BANK_CACHE_FORMAT, "key": key}) if raw else None
    if body is None:
        return None
    try:
        return _bank_from_data(json.loads(body))
    # A file that passed its hash was written by this code; these only guard against a bug.
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_bank_cache(path: Path, key: str, bank: QuestionBank) -> None:
    import json

    body = json.dumps(bank.model_dump(mode="json", exclude_unset=True), ensure_ascii=False).encode("utf-8")
    if not write_private(path, sealed({"format": _BANK_CACHE_FORMAT, "key": key}, body)):
        return
    # Keep a few: two installs of different versions may share one cache folder.
    try:
        kept = sorted(path.parent.glob("question-bank-*.json"), key=lambda p: p.lstat().st_mtime, reverse=True)
        for stale in kept[4:]:
            if owned_by_me(stale):
                stale.unlink(missing_ok=True)
    except OSError:
        pass


def _bank_from_data(data: dict[str, Any]) -> QuestionBank:
    """The bank again from its JSON (model_dump with exclude_unset), without validation.

    Validating costs ~35 ms, most of it building pydantic's schemas; this data
    was validated before it was written, and is read only from a file this user
    wrote whose hash holds. Only what model_dump turned into lists becomes a
    tuple again, and the fields set stay those of the validated bank.
    """

    def wording(d: dict[str, Any]) -> Wording:
        return Wording.model_construct(**d)

    def field(d: dict[str, Any], cls: type[Field] = Field) -> Field:
        d = dict(d)
        d["help"] = wording(d["help"])
        if "options" in d:
            d["options"] = tuple(Option.model_construct(**o) for o in d["options"])
        if "fields" in d:
            d["fields"] = tuple(field(f) for f in d["fields"])
        if "ask_when_any" in d:
            d["ask_when_any"] = tuple(d["ask_when_any"])
        return cls.model_construct(**d)

    def section(d: dict[str, Any]) -> Section:
        d = dict(d)
        if "ask_when_any" in d:
            d["ask_when_any"] = tuple(d["ask_when_any"])
        return Section.model_construct(**d)

    def obligation(d: dict[str, Any]) -> Obligation:
        d = {**d, "basis": tuple(d["basis"]), "when": tuple(d["when"]), "why": wording(d["why"])}
        if d.get("why_recommendation") is not None:
            d["why_recommendation"] = wording(d["why_recommendation"])
        if "also_because" in d:
            d["also_because"] = tuple(d["also_because"])
        if d.get("status") is not None:
            status = dict(d["status"])
            if "options" in status:
                status["options"] = tuple(status["options"])
            d["status"] = StatusSource.model_construct(**status)
        return Obligation.model_construct(**d)

    def filing(d: dict[str, Any]) -> Filing:
        reasons = tuple(
            FilingReason.model_construct(**{**r, **({"when": tuple(r["when"])} if "when" in r else {})}) for r in d["reasons"]
        )
        return Filing.model_construct(**{**d, "when": tuple(d["when"]), "reasons": reasons})

    return QuestionBank.model_construct(
        sections=tuple(section(s) for s in data["sections"]),
        questions=tuple(field(q, Question) for q in data["questions"]),
        obligations={k: obligation(v) for k, v in data["obligations"].items()},
        readings={
            k: Reading.model_construct(**{**v, **({"when": tuple(v["when"])} if "when" in v else {})})
            for k, v in data["readings"].items()
        },
        facts={k: DerivedFact.model_construct(**{**v, "when": tuple(v["when"])}) for k, v in data.get("facts", {}).items()},
        filings={k: filing(v) for k, v in data.get("filings", {}).items()},
        groups=tuple(
            Group.model_construct(
                **{**g, "help": wording(g["help"]), "members": tuple(GroupMember.model_construct(**m) for m in g.get("members", ()))}
            )
            for g in data.get("groups", ())
        ),
    )


# --- Word counting -----------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"


@cache
def _word_pattern() -> re.Pattern[str]:
    # Compiled on first use: the CJK ranges cost ~4 ms, and only text with a word limit needs them.
    return re.compile(rf"[{_CJK}]|[^\s{_CJK}]+")


def word_count(text: str) -> int:
    """Words as the form counts them: each Chinese character one, each run of other non-space characters one."""
    return len(_word_pattern().findall(text))


# --- Checking and reading answers ----------------------------------------------


class AnswerProblem(ValueError):
    """An answer that does not fit its question, said in both languages."""

    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.en = en
        self.zh = zh

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


MAX_TEXT_CHARS = 10_000
NONE_OPTION = "none"
"""The option of a multi-choice question meaning "none of these": alone or not at all."""
"""The longest text any answer may be. No field of the form needs more; a longer one is a
pasted file or a runaway script, refused before it reaches a saved interview or a record."""
MAX_NUMBER = 2**53 - 1
"""The largest number an answer may be: every JSON reader of a record or summary holds it exactly."""
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
"""The dates an answer may be (CONTRACT §2): a deadline counted from 9999-12-31 would run off the calendar."""
MAX_ITEMS = 100
"""The most items a list may hold (CONTRACT §2): 100 products, 100 functions in each."""


def shown(value: Any, width: int = 60) -> str:
    """`value` as a message quotes it: its repr, cut to `width` characters, whatever its size."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"a number of about {int(value.bit_length() * 0.30103)} digits"
    if isinstance(value, str) and len(value) > width:
        value = value[:width]
        return repr(value)[:-1] + "…" + repr(value)[-1]
    try:
        text = repr(value)
    except ValueError:  # an integer of over 4,300 digits inside a list or table has no repr
        return "a value too large to show"
    return text if len(text) <= width else text[: width - 1] + "…"


def _kind_problem(field: Field, value: Any) -> AnswerProblem:
    kind = wording(f"kinds.{field.kind}")
    en, zh = kind.en, kind.zh
    got = type(value).__name__
    return AnswerProblem(f"expected {en}, got {got} {shown(value)}", f"应为{zh}，实际为 {shown(value)}")


def checked(field: Field, value: Any) -> Any:
    """`value` as the answer to `field`, normalised; AnswerProblem when it does not fit.

    Values are those of answers files and saved interviews: booleans, option
    ids, lists of option ids, dates, strings, numbers, lists of tables.
    """
    if value is NOT_SURE or (field.unsure and value == UNSURE_WRITTEN):
        if not field.unsure:
            raise AnswerProblem("\"not sure\" is not an answer to this question", "此问题不能回答\"不确定\"")
        return NOT_SURE
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
        if NONE_OPTION in value and len(set(value)) > 1:
            raise AnswerProblem(
                f"{shown(NONE_OPTION)} cannot be chosen together with other options",
                f"{shown(NONE_OPTION)}（以上都没有）不能与其他选项同时选择",
            )
        return list(dict.fromkeys(value))
    if kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return _in_range(value)
        if isinstance(value, str):
            return parse_date(value)
        raise _kind_problem(field, value)
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _kind_problem(field, value)
        if value != value or value in (float("inf"), float("-inf")):
            raise AnswerProblem("expected a finite number", "应为有限数字")
        if abs(value) > MAX_NUMBER:
            raise AnswerProblem(f"too large: at most {MAX_NUMBER}", f"数值过大：不得超过 {MAX_NUMBER}")
        if field.min is not None and value < field.min:
            raise AnswerProblem(f"must be at least {field.min:g}", f"不得小于 {field.min:g}")
        if field.integer:
            if isinstance(value, float):
                if not value.is_integer():
                    raise AnswerProblem(
                        f"must be a whole number, not {shown(value)}: it counts people or things",
                        f"应为整数，而不是 {shown(value)}：此处填写的是人数或个数",
                    )
                value = int(value)
        return value
    if kind == "text":
        if not isinstance(value, str):
            raise _kind_problem(field, value)
        return _checked_text(field, value)
    if kind == "records":
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, Mapping) for v in value):
            raise _kind_problem(field, value)
        if len(value) > MAX_ITEMS:
            raise AnswerProblem(
                f"{len(value):,} items, over the limit of {MAX_ITEMS} in one list", f"共 {len(value):,} 项，超过每个列表 {MAX_ITEMS} 项的上限"
            )
        return [_checked_record(field, item, n) for n, item in enumerate(value, start=1)]
    raise AssertionError(kind)  # pragma: no cover - Kind is a closed Literal


def _check_option(field: Field, value: str) -> None:
    if field.option(value) is None:
        allowed = ", ".join(field.option_ids)
        hint = closest(value, field.option_ids) if len(value) <= 100 else None
        if hint:
            raise AnswerProblem(
                f"unknown option {shown(value)}; did you mean {hint}? Choose one of: {allowed}",
                f"没有选项 {shown(value)}；是否想写 {hint}？可选：{allowed}",
            )
        raise AnswerProblem(
            f"unknown option {shown(value)}; choose one of: {allowed}",
            f"没有选项 {shown(value)}；可选：{allowed}",
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
    if len(text) > MAX_TEXT_CHARS:
        raise AnswerProblem(
            f"{len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,} for any answer",
            f"共 {len(text):,} 个字符，超过任何回答 {MAX_TEXT_CHARS:,} 个字符的上限",
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        # Bytes that were not UTF-8 (a pipe in another encoding) reach us as
        # lone surrogates; they cannot be saved, so they are refused here.
        raise AnswerProblem(
            f"character {error.start + 1} is not valid text (was the input UTF-8?)",
            f"第 {error.start + 1} 个字符不是有效文本（输入是否为 UTF-8 编码？）",
        ) from None
    if field.check == "uscc":
        text = credit_code(text)
    elif field.check == "phone":
        phone_number(text)
    elif field.check == "mobile":
        mobile_number(text)
    elif field.check == "email":
        email_address(text)
    return text


_PHONE_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x|#)\s*\d{1,6}$", re.IGNORECASE)
_PHONE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015.()/]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Without the trunk 0: Beijing 10 and the 2x cities have 8-digit local numbers; other area
# codes have three digits and 7- or 8-digit local numbers, which never start with 0 or 1.
_LANDLINE = re.compile(r"(?:10|2[0-9])[2-9][0-9]{7}|[3-9][0-9]{2}[2-9][0-9]{6,7}")


def _national(text: str) -> tuple[bool, str]:
    """The digits of a phone number as typed (full-width digits, separators and an extension taken away): whether
    +86 or 0086 went before them, and the digits after it."""
    import unicodedata

    normal = _PHONE_EXTENSION.sub("", unicodedata.normalize("NFKC", text))
    digits = _PHONE_SEPARATORS.sub("", normal)
    international = digits.startswith(("+86", "0086"))
    return international, digits.removeprefix("+86") if digits.startswith("+86") else digits.removeprefix("0086")


def mobile_number(text: str) -> str:
    """A mainland China mobile number, 1[3-9] and 9 digits; +86 or 0086 may go before it, spaces, hyphens, dots and
    brackets may separate the digits. A landline is refused: the field asks for a mobile."""
    if _MOBILE.fullmatch(_national(text)[1]):
        return text
    raise AnswerProblem(
        f"{shown(text)} is not a mainland mobile number: give the 11 digits starting with 1, such as 138 0000 0000 "
        "(+86 may go before them); a landline is not taken here",
        f"{shown(text)} 不是中国大陆手机号码：请填写以1开头的11位手机号码，例如 138 0000 0000（前面可加 +86）；此处不接受固定电话",
    )


def phone_number(text: str) -> str:
    """A mainland China phone number: a mobile (1[3-9] and 9 digits) or a landline with its area code.

    +86 or 0086 may go before either; spaces, hyphens, dots and brackets may
    separate the digits; full-width digits count; an extension may follow
    (`转 123`, `ext. 123`).
    """
    international, national = _national(text)
    if _MOBILE.fullmatch(national):
        return text
    # The area code keeps its trunk 0 at home and drops it after +86 (where "(0)" is still seen).
    if national.startswith("0"):
        landline = national[1:]
    else:
        landline = national if international else ""
    if landline and _LANDLINE.fullmatch(landline):
        return text
    raise AnswerProblem(
        f"{shown(text)} is not a phone number: give a mainland mobile number (11 digits starting with 1) "
        "or a landline with its area code, such as 0571-8888 0000; +86 may go before either",
        f"{shown(text)} 不是有效的电话号码：请填写以1开头的11位手机号码，或带区号的固定电话，例如 0571-8888 0000；前面可加 +86",
    )


_EMAIL = re.compile(
    r"[^\s@\"(),:;<>\[\]\\]{1,64}"  # the name: no spaces, quotes or list punctuation
    r"@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+"  # the domain's labels, letters of any script allowed
    r"(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})"  # the top-level domain
)


def email_address(text: str) -> str:
    """An e-mail address: name@domain.tld, one address, no display name."""
    if len(text) <= 254 and _EMAIL.fullmatch(text):
        return text
    raise AnswerProblem(
        f"{shown(text)} is not an e-mail address: write one address, such as name@example.com",
        f"{shown(text)} 不是有效的电子邮箱地址：请填写一个邮箱，例如 name@example.com",
    )


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
            f"{shown(text)} is not a unified social credit code: {reason[0]}",
            f"{shown(text)} 不是有效的统一社会信用代码：{reason[1]}",
        ) from None


def _checked_record(field: Field, item: Mapping[str, Any], n: int) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in item.items():
        sub = field.field(key)
        if sub is None:
            allowed = ", ".join(f.id for f in field.fields)
            hint = closest(key, [f.id for f in field.fields]) if len(key) <= 100 else None
            raise AnswerProblem(
                f"item {n}: unknown field {shown(key)}; " + (f"did you mean {hint}? " if hint else "") + f"fields are: {allowed}",
                f"第 {n} 项：没有字段 {shown(key)}；" + (f"是否想写 {hint}？" if hint else "") + f"可用字段：{allowed}",
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
            if sub.optional or not sub.applies_in(item):
                continue
            if sub.id not in item or (sub.kind == "records" and not item[sub.id]):
                # A list inside an item needs at least one entry (a product's functions), as the interview asks it.
                missing.append(f"{sub.id} (item {n})")
            elif sub.kind == "records":
                missing += [f"{sub.id}.{m}" for m in record_missing(sub, item[sub.id])]
    return missing


def _in_range(day: dt.date) -> dt.date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise AnswerProblem(
            f"{day.isoformat()} is outside the dates an answer may be, {FIRST_DATE} to {LAST_DATE}",
            f"{day.isoformat()} 超出可填写的日期范围（{FIRST_DATE} 至 {LAST_DATE}）",
        )
    return day


def parse_date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise AnswerProblem(
            f"{shown(text.strip())} is not a date: write it as YYYY-MM-DD, e.g. 2027-03-01",
            f"{shown(text.strip())} 不是日期：请写成 YYYY-MM-DD，例如 2027-03-01",
        ) from None
    return _in_range(day)


_YES = {"y", "yes", "true", "是", "是的", "对", "有"}
_NO = {"n", "no", "false", "否", "不", "不是", "没有", "无"}
_UNSURE_WORDS = {"unsure", "unknown", "not sure", "不确定", "不清楚", "?不确定"}
UNSURE_WORDS = frozenset(_UNSURE_WORDS)
"""The lines that answer "not sure" where a question allows it."""


def parse_line(field: Field, line: str) -> Any:
    """What one typed line means as an answer to `field` (the plain chat and the TUI's inputs)."""
    text = line.strip()
    if field.unsure and text.lower() in _UNSURE_WORDS:
        return NOT_SURE
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
            raise AnswerProblem(f"{shown(text)} is not a number", f"{shown(text)} 不是数字") from None
        return checked(field, number)
    if kind == "text":
        return checked(field, text)
    raise AnswerProblem("this question is answered item by item", "该问题需逐项填写")


def _option_from_word(field: Field, word: str) -> str:
    # isdecimal, not isdigit: "²" is a digit that int() refuses; and a number
    # of thousands of digits is no option's number (int() refuses it too).
    if word.isdecimal() and len(word) <= 3 and 1 <= int(word) <= len(field.options):
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
