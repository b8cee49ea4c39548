"""The condition language of dialogs/ (dialogs/README.md, "Conditions"), and its one interpreter.

A condition is a table of facts that must all hold; a list of conditions holds
when one of them does. A fact is a question id with the answer wanted (`true`,
`false`, an option id, a list of them meaning any, a number or a date) or one of
the words below; or `@NAME`, a fact the law derives (a role, `any_filing`),
with `true` or `false`. The same language says when a question is asked
(`ask_when`, `ask_when_any`, an option's `when`, a list field's `ask_when`) and
when a role, fact or obligation holds (dialogs/obligations.toml).

Every condition is read here, three ways:

- `holds`: holds now, on the answers given (is this question asked?);
- `truth`: holds, does not hold, or not known yet (a question it names may
  still be answered, or is answered "not sure"): what the form shows;
- `held`: where it holds, the answers it rests on (`Reason`s) and whether one
  of them is still open: what a finding says as its `because`, in words with
  `reason_text` (dialogs/wording/reasons.toml).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

if TYPE_CHECKING:
    from assistant.law.questions import QuestionBank


class NotSure:
    """The answer "not sure": a value of its own, so no text a filer types (a company named "unknown") is mistaken for it."""

    _instance: "NotSure | None" = None

    def __new__(cls) -> "NotSure":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_SURE"

    def __reduce__(self):  # one instance, also across pickling and copying
        return (NotSure, ())

    def __deepcopy__(self, memo) -> "NotSure":
        return self


NOT_SURE = NotSure()
"""The one "not sure" value the engine, the rules and the record builder see."""
UNSURE_WRITTEN = "unknown"
"""How "not sure" is written in answers files, saved interviews and records, where the question allows it;
in a condition, the fact holds on the answer "not sure"."""

# --- The words of the language --------------------------------------------------------

OPEN = "open"
"""The question applies and is not answered yet, or is answered "not sure"."""
NOT_NO = "not no"
"""Any answer but no, none included (it is then no reason of its own)."""
SEVERAL = "several"
"""On a multi-choice question: two options or more chosen."""
UNANSWERED = "unanswered"
"""The question has no answer (yet), or is not asked."""
WORDS = (OPEN, NOT_NO, SEVERAL, UNANSWERED, UNSURE_WRITTEN)
"""Every word a condition may use besides answers and option ids."""

NOT_ANSWERED = "not answered"


def describe(value: Any) -> str:
    """A value as a person reads it in a message: yes/no, not sure, lists joined."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is NOT_SURE:
        return "not sure"
    if isinstance(value, (list, tuple)):
        return ", ".join(describe(v) for v in value)
    return str(value)


class Unanswered:
    """The value of a question that applies and has no answer yet, in a `Reason`."""

    def __repr__(self) -> str:
        return NOT_ANSWERED


UNANSWERED_VALUE = Unanswered()


class Elsewhere:
    """The value, in a `Reason`, of a question that belongs to the service's other algorithm: not asked
    in this interview, answered in that algorithm's own (RULES §7)."""

    def __repr__(self) -> str:
        return ELSEWHERE_TEXT

    __str__ = __repr__

    def __reduce__(self):  # one instance, also across pickling and copying
        return "ELSEWHERE"


ELSEWHERE_TEXT = "answered in the other algorithm's interview"
ELSEWHERE = Elsewhere()


class Reason(str):
    """One answer a finding rests on: the question id and the value (an option, yes/no, NOT_SURE,
    UNANSWERED_VALUE, ELSEWHERE). As text it is the id form records and JSON carry, `scope.audience = public`;
    `reason_text` says it in words in the output's language."""

    qid: str
    value: Any

    def __new__(cls, qid: str, value: Any) -> "Reason":
        text = f"{qid} = {NOT_ANSWERED if value is UNANSWERED_VALUE else describe(value)}"
        reason = super().__new__(cls, text)
        reason.qid, reason.value = qid, value
        return reason

    def __reduce__(self):
        return (Reason, (self.qid, self.value))

    @property
    def open(self) -> bool:
        """The question is not answered yet, or answered "not sure", or belongs to the service's other
        algorithm and is answered in its interview: what decides an open finding."""
        return self.value is UNANSWERED_VALUE or self.value is ELSEWHERE or self.value is NOT_SURE


@dataclass(frozen=True)
class Held:
    """A condition or fact that holds: the answers it rests on, and whether one of them is still open."""

    because: tuple[Reason, ...] = ()
    open: bool = False


class Truth(enum.Enum):
    HOLDS = "holds"
    FAILS = "does not hold"
    NOT_KNOWN = "not known yet"


# --- One fact, prepared once ----------------------------------------------------------


class Fact:
    """One entry of a condition, read once into what it wants: the plain answers and the words."""

    __slots__ = ("qid", "wanted", "answers", "keys", "open", "not_no", "several", "unanswered", "unsure",
                 "if_missing", "if_unsure")

    def __init__(self, qid: str, wanted: Any):
        self.qid = qid
        self.wanted = tuple(wanted) if isinstance(wanted, list) else (wanted,)
        words = [w for w in self.wanted if isinstance(w, str) and w in WORDS]
        self.answers = tuple(w for w in self.wanted if not (isinstance(w, str) and w in WORDS))
        # By type and value: true and 1 are equal but different answers.
        self.keys = frozenset((type(w), w) for w in self.answers if w.__hash__ is not None)
        self.open = OPEN in words
        self.not_no = NOT_NO in words
        self.several = SEVERAL in words
        self.unanswered = UNANSWERED in words
        self.unsure = UNSURE_WRITTEN in words
        self.if_missing = self.unanswered or self.not_no
        """Holds on a question not answered (or not asked), whatever else."""
        self.if_unsure = self.unsure or self.open or self.not_no
        """Holds on "not sure"."""

    def now(self, answers: Mapping[str, Any], asked: Callable[[str], Any] | None = None) -> bool:
        """Whether it holds on `answers`; `asked(qid)` says whether an unanswered question applies (for "open")."""
        value = answers.get(self.qid)
        if value is None:
            return self.if_missing or (self.open and asked is not None and bool(asked(self.qid)))
        if value is NOT_SURE:
            return self.if_unsure
        if self.not_no and value is not False:
            return True
        if isinstance(value, (list, tuple)):
            if self.several and len(value) >= 2:
                return True
            wanted = self.answers
            return any(v in wanted for v in value)
        try:
            return (type(value), value) in self.keys
        except TypeError:  # a value that cannot be a key (a hand-made table) is no answer a condition names
            return False

    def truth(self, answers: Mapping[str, Any], askable: Callable[[str], bool | None]) -> Truth:
        """Holds, does not hold, or not known yet: an unanswered question that may still be asked, or "not sure"
        where that does not make it hold. `askable(qid)`: True asked, None not decided yet, False never asked."""
        value = answers.get(self.qid)
        holds = self.now(answers, askable)
        if value is None and askable(self.qid) is not False:
            return Truth.NOT_KNOWN
        if value is NOT_SURE and not holds:
            return Truth.NOT_KNOWN
        return Truth.HOLDS if holds else Truth.FAILS

    def held(self, answers: Mapping[str, Any], asked: Callable[[str], Any]) -> Held | None:
        """Where it holds: the answers it rests on ("not no" rests on none of its own), open where through "open"."""
        qid = self.qid
        value = answers.get(qid)
        if self.open and (value is NOT_SURE or (value is None and asked(qid))):
            return Held((Reason(qid, UNANSWERED_VALUE if value is None else value),), open=True)
        if self.not_no:
            return None if value is False else Held()
        if not self.now(answers, asked):
            return None
        if value is None:
            return Held((Reason(qid, UNANSWERED_VALUE),))
        if isinstance(value, (list, tuple)):
            chosen = value if self.several and len(value) >= 2 else [o for o in value if o in self.answers]
            return Held(tuple(Reason(qid, o) for o in chosen))
        return Held((Reason(qid, value),))


_prepared: dict[int, tuple[Mapping[str, Any], tuple[Fact, ...], dict[str, Fact]]] = {}


def _entry(condition: Mapping[str, Any]) -> tuple[Mapping[str, Any], tuple[Fact, ...], dict[str, Fact]]:
    entry = _prepared.get(id(condition))
    if entry is not None and entry[0] is condition:
        return entry
    facts = tuple(Fact(k, v) for k, v in condition.items() if not k.startswith("@"))
    if len(_prepared) > 20_000:  # conditions made on the fly (tests): never kept without end
        _prepared.clear()
    entry = _prepared[id(condition)] = (condition, facts, {f.qid: f for f in facts})
    return entry


def prepared(condition: Mapping[str, Any]) -> tuple[Fact, ...]:
    """The facts of `condition` about answers, read once per condition object (the bank's live as long as the process)."""
    return _entry(condition)[1]


def _asked_in(asked: Iterable[str] | Callable[[str], Any] | None) -> Callable[[str], Any] | None:
    if asked is None or callable(asked):
        return asked
    return asked.__contains__


# --- Reading conditions ---------------------------------------------------------------


def holds(condition: Mapping[str, Any], answers: Mapping[str, Any], asked: Iterable[str] | None = None) -> bool:
    """Whether every fact of `condition` holds now (an empty condition always does); `asked`: the questions that
    apply, which "open" needs."""
    ask = _asked_in(asked)
    return all(f.now(answers, ask) for f in prepared(condition))


def holds_all_any(
    all_of: Mapping[str, Any], any_of: Iterable[Mapping[str, Any]], answers: Mapping[str, Any], asked: Iterable[str] | None = None
) -> bool:
    """`ask_when` and `ask_when_any` together: all of `all_of`, and one of `any_of` where there are any."""
    ask = _asked_in(asked)
    if not all(f.now(answers, ask) for f in prepared(all_of)):
        return False
    groups = tuple(any_of)
    return not groups or any(all(f.now(answers, ask) for f in prepared(g)) for g in groups)


def unmet(condition: Mapping[str, Any], answers: Mapping[str, Any]) -> list[str]:
    """The question ids of `condition` whose facts do not hold now."""
    return [f.qid for f in prepared(condition) if not f.now(answers)]


def _and(truths: Iterable[Truth]) -> Truth:
    found = set(truths)
    return Truth.FAILS if Truth.FAILS in found else Truth.NOT_KNOWN if Truth.NOT_KNOWN in found else Truth.HOLDS


def _or(truths: Iterable[Truth]) -> Truth:
    found = set(truths)
    return Truth.HOLDS if Truth.HOLDS in found else Truth.NOT_KNOWN if Truth.NOT_KNOWN in found else Truth.FAILS


def truth(
    all_of: Mapping[str, Any],
    any_of: Iterable[Mapping[str, Any]],
    answers: Mapping[str, Any],
    askable: Callable[[str], bool | None],
) -> Truth:
    """Three-valued `holds_all_any`: not known yet where a question it hangs on may still be answered."""
    first = _and(f.truth(answers, askable) for f in prepared(all_of))
    groups = tuple(any_of)
    if not groups:
        return first
    return _and((first, _or(_and(f.truth(answers, askable) for f in prepared(g)) for g in groups)))


def joined(helds: Iterable[Held]) -> tuple[Reason, ...]:
    """The reasons of several, each once, in order."""
    return tuple(dict.fromkeys(r for h in helds for r in h.because))


def answer(qid: str, wanted: Any, answers: Mapping[str, Any], asked: Iterable[str] | Callable[[str], Any]) -> Held | None:
    """One fact about an answer, with the answers it rests on."""
    return Fact(qid, wanted).held(answers, _asked_in(asked) or (lambda _: False))


def held(
    condition: Mapping[str, Any],
    answers: Mapping[str, Any],
    asked: Iterable[str] | Callable[[str], Any],
    fact: Callable[[str], Held | None] | None = None,
) -> Held | None:
    """Where `condition` holds: its reasons are its own answers; a fact named with @ (read by `fact`) lends its
    reasons only to a condition that names no answer of its own (label.implicit: the role's; minors.protection:
    users.minors, not every answer behind the role). Open where one of them holds only through an open answer."""
    ask = _asked_in(asked) or (lambda _: False)
    of_answers = _entry(condition)[2]
    own, derived = [], []
    for key, wanted in condition.items():
        if key.startswith("@"):
            if fact is None:
                raise KeyError(f"{key}: no derived facts here")
            found = fact(key[1:])
            if wanted is False:
                if found is not None:
                    return None
                continue
            parts = derived
        else:
            found = of_answers[key].held(answers, ask)
            parts = own
        if found is None:
            return None
        parts.append(found)
    return Held(joined(own or derived), open=any(p.open for p in own + derived))


def held_any(
    conditions: Iterable[Mapping[str, Any]],
    answers: Mapping[str, Any],
    asked: Iterable[str] | Callable[[str], Any],
    fact: Callable[[str], Held | None] | None = None,
) -> Held | None:
    """Where one of `conditions` holds. Where some hold for sure and others only through an open answer, the sure
    ones give the reasons; where only open ones hold, so is the result."""
    ask = _asked_in(asked)
    found = [h for c in conditions if (h := held(c, answers, ask, fact)) is not None]
    return either(found)


def either(found: list[Held]) -> Held | None:
    """One of several that hold: the sure ones' reasons, open where only open ones hold; None where none does."""
    if not found:
        return None
    sure = [h for h in found if not h.open]
    return Held(joined(sure or found), open=not sure)


# --- Reasons in words -----------------------------------------------------------------


def reason_text(bank: "QuestionBank", reason: str, lang: str) -> str:
    """One `because` entry (`qid = value`, as records and JSON carry it) as a plain statement in
    `lang`, from dialogs/wording/reasons.toml; else the question with its answer in words."""
    from assistant.law.wording import Words, area

    words = area("reasons")
    if reason in words:
        return words[reason](lang)
    qid, _, value = reason.partition(" = ")
    question = bank.by_id.get(qid)
    if question is None:
        return reason
    if value == NOT_ANSWERED:
        return words["open"].say(lang, question=question.text(lang))
    if value == ELSEWHERE_TEXT:
        return words["elsewhere"].say(lang, question=question.text(lang))
    if question.kind == "text" and qid in words:
        return words[qid].say(lang, option=value)  # the supplier's model, as answered
    if value == "not sure":
        return words["not_sure"].say(lang, question=question.text(lang))
    option = question.option(value) if question.options else None
    if option is not None and qid in words:
        shown = option.label(lang)
        if lang != "zh" and shown[1:2].islower():
            shown = shown[0].lower() + shown[1:]  # mid-sentence: "it generates or edits: faces or bodies"
        return words[qid].say(lang, option=shown)
    if option is not None:
        answer_text = option.label(lang)
    elif value in ("yes", "no"):
        answer_text = Words("summary").say(value, lang)
    else:
        answer_text = value
    return words["answered"].say(lang, question=question.text(lang), answer=answer_text)
