"""What earlier answers already say about a question: a value to offer as its default, or one that is certain.

The question bank declares it as data (dialogs/README.md, "Defaults and
derivations"): a question's `default` is the value offered when nothing else
says more (`batch_output`: no), and its `derive` table reads an earlier
answer:

- `from`: the question it follows from (for a field of a list item, a question
  of the interview, such as `algorithm.launch_date` for a product's status);
- `read`: what is read from that answer, `answer` (the answer itself, the
  default) or one of READERS (the credit code's registration authority and
  category, its administrative division, whether a date is past);
- `map`: what each value read gives (a multi-choice answer gives, for a
  multi-choice question, every value its options map to, and nothing where
  one of them has no entry; for a single choice, the value of the first
  entry of `map` that was chosen);
- `only` with `value`: `value` where the answer of `from` chose nothing but
  these options (text-only input: no biometric features);
- `same`: two questions whose answers must be the same (the contact is the person responsible for
  algorithm security: the contact's phone number is theirs);
- `when`: a condition (the language of dialogs/) that must hold as well;
- `one_option`: where the options the answers allow leave one (`algorithm.type` of a service that
  shows one algorithm), that option;
- `certain`: what it gives is not a suggestion but follows: the interview
  states it instead of asking (still open to `change`);
- `tell_if_different`: an answer that differs from what it gives is kept, and
  the filer is told (a credit code registered in another province).

A derived value is only ever offered for a question not answered yet: it never
replaces an answer given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from assistant.law import conditions
from assistant.law.clock import today_in_china
from assistant.law.conditions import NOT_SURE
from assistant.law.questions import AnswerProblem, Field, QuestionBank, checked


def _credit_code_kind(code: Any, today: dt.date) -> str | None:
    """The registration authority and the category (GB 32100-2015): `91` an enterprise, `12` a public institution."""
    return code[:2] if isinstance(code, str) and len(code) == 18 else None


def _credit_code_region(code: Any, today: dt.date) -> str | None:
    """The first two digits of the administrative division code (GB/T 2260): the province, region or municipality."""
    return code[2:4] if isinstance(code, str) and len(code) == 18 and code[2:4].isdigit() else None


def _past_or_future(day: Any, today: dt.date) -> str | None:
    """`future` for a date after today, else `past` (today counts as past: the service is live)."""
    if not isinstance(day, dt.date):
        return None
    return "future" if day > today else "past"


READERS: dict[str, Callable[[Any, dt.date], Any]] = {
    "answer": lambda value, today: value,
    "credit_code_kind": _credit_code_kind,
    "credit_code_region": _credit_code_region,
    "past_or_future": _past_or_future,
}
PROVENANCE = ("typed", "default", "derived", "imported", "copied")
"""How an answer was given (CONTRACT §5 `[provenance]`): typed by the filer, a default taken, derived (certain
from other answers, stated), imported from an answers file, copied from another algorithm's interview."""
SPEC_KEYS = frozenset({"one_option", "same", "from", "read", "map", "only", "value", "when", "certain", "tell_if_different"})


@dataclass(frozen=True)
class Derived:
    """A value for a question and how sure it is: certain (stated, not asked) or a default (offered)."""

    value: Any
    certain: bool
    source: str | None
    """The question it follows from; None for the question's own `default`."""


def derived(field: Field, answers: Mapping[str, Any], today: dt.date | None = None) -> Derived | None:
    """What the answers so far say of `field` (a question, or a field of a list item), if anything.

    `answers` are the interview's answers that count; what is given always fits
    the field (a value it could not take is not offered).
    """
    day = today or today_in_china()
    spec = field.derive
    if spec:
        value = _fitting(field, _read(field, spec, answers, day))
        if value is not None:
            return Derived(value, bool(spec.get("certain")), spec.get("from"))
    if field.default is not None:
        value = _fitting(field, field.default)
        if value is not None:
            return Derived(value, False, None)
    return None


def _fitting(field: Field, value: Any) -> Any:
    if value is None:
        return None
    try:
        return checked(field, value)
    except AnswerProblem:
        return None


def _read(field: Field, spec: Mapping[str, Any], answers: Mapping[str, Any], day: dt.date) -> Any:
    if spec.get("when") and not conditions.holds(spec["when"], answers):
        return None
    if "same" in spec:
        first, second = (answers.get(qid) for qid in spec["same"])
        if first is None or first is NOT_SURE or first != second:
            return None
    if spec.get("one_option"):
        # `field` comes narrowed to the options the answers allow (questions.narrowed).
        return field.options[0].id if field.kind == "choice" and len(field.options) == 1 else None
    source = spec.get("from")
    value = answers.get(source) if source else None
    if source and (value is None or value is NOT_SURE):
        return None
    if "only" in spec:
        chosen = value if isinstance(value, list) else [value]
        return spec.get("value") if chosen and set(chosen) <= set(spec["only"]) else None
    if "value" in spec:
        return spec["value"]
    read = READERS[spec.get("read", "answer")](value, day)
    table = spec.get("map")
    if read is None or table is None:
        return read
    if not isinstance(read, list):
        return table.get(str(read))
    if field.kind == "multi":
        if any(str(v) not in table for v in read):
            return None  # a kind chosen that says nothing certain: no suggestion rather than half of one
        out: list[Any] = []
        for v in read:
            mapped = table[str(v)]
            out += [m for m in (mapped if isinstance(mapped, list) else [mapped]) if m not in out]
        return out
    return next((table[key] for key in table if key in read), None)


def disagreement(bank: QuestionBank, answers: Mapping[str, Any], qid: str, today: dt.date | None = None) -> tuple[Field, Any] | None:
    """After `qid` is answered: a question marked `tell_if_different` (it or one that follows from it) whose
    answer differs from what the answers derive for it, with the value derived; the answer stays as given."""
    for question in bank.questions:
        spec = question.derive
        if not spec.get("tell_if_different") or qid not in (question.id, spec.get("from")):
            continue
        given = answers.get(question.id)
        found = derived(question, {k: v for k, v in answers.items() if k != question.id}, today)
        if given is not None and given is not NOT_SURE and found is not None and found.value != given:
            return question, found.value
    return None


def spec_problems(field: Field) -> list[str]:
    """What is wrong with a field's `derive` table (tests/test_derive.py holds the bank to none)."""
    spec = field.derive
    problems = [f"{field.id}: unknown key {key!r} in derive" for key in spec if key not in SPEC_KEYS]
    if spec and spec.get("read", "answer") not in READERS:
        problems.append(f"{field.id}: unknown reader {spec.get('read')!r}")
    if spec and not {"from", "value", "one_option"} & set(spec):
        problems.append(f"{field.id}: derive needs `from` or `value`")
    return problems
