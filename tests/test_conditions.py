"""The one interpreter of the condition language (assistant/law/conditions.py) against the four it replaced.

Before the four were removed, these properties ran against them as they were
(questions.fact_holds / conditions_hold, questions._facts_hold, rules.Evaluator,
form.applicability); they now run against `Reference` below, the old four's
rules written out small, on random answers to the real bank and random
conditions over its questions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from assistant.law import conditions as c
from assistant.law.conditions import NOT_SURE, Held, Reason, Truth
from assistant.law.questions import load_bank

BANK = load_bank()
NAMED = sorted({k for q in BANK.questions for cond in (q.ask_when, *q.ask_when_any) for k in cond}
               | {k for o in BANK.obligations.values() for cond in o.when for k in cond if not k.startswith("@")}
               | {k for f in BANK.facts.values() for cond in f.when for k in cond if not k.startswith("@")})
"""Every question a condition of the bank names."""
TEXTS = ("Acme", "杭州小智", "unknown ")


def values_of(qid: str) -> st.SearchStrategy[Any]:
    """Any answer `qid` may have, "not sure" where it allows it."""
    q = BANK.by_id[qid]
    if q.kind == "yes_no":
        found = st.booleans()
    elif q.kind == "choice":
        found = st.sampled_from(q.option_ids)
    elif q.kind == "multi":
        found = st.lists(st.sampled_from(q.option_ids), min_size=1, max_size=4, unique=True)
    elif q.kind == "date":
        found = st.dates(dt.date(2024, 1, 1), dt.date(2028, 1, 1))
    elif q.kind == "number":
        found = st.integers(0, 3)
    else:
        found = st.sampled_from(TEXTS)
    return st.one_of(found, st.just(NOT_SURE)) if q.unsure else found


answers_st = st.fixed_dictionaries({}, optional={qid: values_of(qid) for qid in NAMED})


def wanted_of(qid: str, words: tuple[str, ...]) -> st.SearchStrategy[Any]:
    """What a condition may want of `qid`: an answer, a list of answers, or one of `words`."""
    q = BANK.by_id[qid]
    if q.kind == "yes_no":
        plain = st.booleans()
    elif q.kind in ("choice", "multi"):
        plain = st.sampled_from(q.option_ids)
    elif q.kind == "number":
        plain = st.integers(0, 3)
    else:
        plain = st.sampled_from(TEXTS)
    one = st.one_of(plain, st.sampled_from(words)) if words else plain
    return st.one_of(one, st.lists(one, min_size=1, max_size=3))


def conditions_st(words: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.lists(st.sampled_from(NAMED), min_size=0, max_size=3, unique=True).flatmap(
        lambda qids: st.fixed_dictionaries({q: wanted_of(q, words) for q in qids})
    )


ASK_WORDS = ("unanswered", "unknown")
"""The words the old ask conditions knew (`several` alone, below)."""
LAW_WORDS = ("open", "not no")
"""The words the old Evaluator knew."""
ask_condition = st.one_of(
    conditions_st(ASK_WORDS),
    st.sampled_from([q for q in NAMED if BANK.by_id[q].kind == "multi"]).map(lambda q: {q: "several"}),
)


# --- The old four, written out small -----------------------------------------------------


class Reference:
    """The rules of the four interpreters the one replaced, as they were."""

    @staticmethod
    def fact_holds(expected: Any, actual: Any) -> bool:
        """questions.fact_holds (and _facts_hold, its prepared twin)."""
        wanted = expected if isinstance(expected, list) else [expected]
        if actual is None:
            return "unanswered" in wanted
        if actual is NOT_SURE:
            actual = "unknown"
        if isinstance(actual, (list, tuple)):
            if wanted == ["several"]:
                return len(actual) >= 2
            return any(a in wanted for a in actual)
        return any(actual == w and type(actual) is type(w) for w in wanted)

    @classmethod
    def conditions_hold(cls, all_of: Mapping[str, Any], any_of: tuple, answers: Mapping[str, Any]) -> bool:
        """questions.conditions_hold."""
        if not all(cls.fact_holds(v, answers.get(k)) for k, v in all_of.items()):
            return False
        return not any_of or any(all(cls.fact_holds(v, answers.get(k)) for k, v in g.items()) for g in any_of)

    @classmethod
    def applicability(cls, counted: Mapping[str, Any]) -> dict[str, bool | None]:
        """form.applicability: True asked, False never, None while it hangs on an open question."""
        state: dict[str, bool | None] = {}

        def fact(qid: str, wanted: Any) -> bool | None:
            if qid in counted:
                holds = cls.fact_holds(wanted, counted[qid])
                return None if counted[qid] is NOT_SURE and not holds else holds
            # Not answered and never asked: "unanswered" holds (the old form said False here, see below).
            return ("unanswered" in (wanted if isinstance(wanted, list) else [wanted])) if state.get(qid) is False else None

        def every(condition: Mapping[str, Any]) -> bool | None:
            results = [fact(k, v) for k, v in condition.items()]
            return False if False in results else None if None in results else True

        for q in BANK.questions:
            all_of = every(q.ask_when)
            groups = [every(g) for g in q.ask_when_any]
            any_of = True if not groups or True in groups else None if None in groups else False
            state[q.id] = False if False in (all_of, any_of) else None if None in (all_of, any_of) else True
        return state

    @staticmethod
    def answer(qid: str, wanted: Any, answers: Mapping[str, Any], asked: set[str]) -> Held | None:
        """rules.Evaluator.answer."""
        allowed = wanted if isinstance(wanted, list) else [wanted]
        value = answers.get(qid)
        if "open" in allowed and (value is NOT_SURE or (qid not in answers and qid in asked)):
            return Held((Reason(qid, value if qid in answers else c.UNANSWERED_VALUE),), open=True)
        if "not no" in allowed:
            return None if value is False else Held()
        if isinstance(value, bool):
            return Held((Reason(qid, value),)) if any(a is value for a in allowed) else None
        options = [a for a in allowed if isinstance(a, str)]
        if isinstance(value, (list, tuple)):
            chosen = [o for o in value if o in options]
            return Held(tuple(Reason(qid, o) for o in chosen)) if chosen else None
        if isinstance(value, str) and value in options:
            return Held((Reason(qid, value),))
        return None

    @classmethod
    def condition(cls, condition: Mapping[str, Any], answers, asked, fact) -> Held | None:
        """rules.Evaluator.condition."""
        own, derived = [], []
        for key, wanted in condition.items():
            if key.startswith("@"):
                found = fact(key[1:])
                if wanted is False:
                    if found is not None:
                        return None
                    continue
                parts = derived
            else:
                found = cls.answer(key, wanted, answers, asked)
                parts = own
            if found is None:
                return None
            parts.append(found)
        return Held(c.joined(own or derived), open=any(p.open for p in own + derived))

    @classmethod
    def any_of(cls, conditions, answers, asked, fact) -> Held | None:
        """rules.Evaluator.any_of."""
        found = [h for cond in conditions if (h := cls.condition(cond, answers, asked, fact)) is not None]
        if not found:
            return None
        sure = [h for h in found if not h.open]
        return Held(c.joined(sure or found), open=not sure)


def plain(found: Any) -> Any:
    """A finding as values, whichever module's Held it is: its reasons (id and value) and whether it is open."""
    return None if found is None else (tuple((r.qid, str(r), r.open) for r in found.because), found.open)


def counted_and_asked(answers: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
    asked, counted = BANK.effective(answers)
    return counted, {q.id for q in asked}


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- Is this asked? -------------------------------------------------------------------------


@SETTINGS
@given(answers=answers_st, all_of=ask_condition, any_of=st.lists(ask_condition, max_size=2))
def test_a_question_is_asked_as_the_old_ask_conditions_said(answers, all_of, any_of):
    expected = Reference.conditions_hold(all_of, tuple(any_of), answers)
    assert c.holds_all_any(all_of, any_of, answers) is expected
    if not any_of:
        assert c.holds(all_of, answers) is expected


@SETTINGS
@given(answers=answers_st)
def test_the_bank_asks_what_the_old_conditions_asked(answers):
    """The engine's own pass (QuestionBank._asked), question by question in order."""
    asked, counted = [], {}
    for q in BANK.questions:
        if Reference.conditions_hold(q.ask_when, q.ask_when_any, counted):
            asked.append(q.id)
            if q.id in answers:
                counted[q.id] = answers[q.id]
    assert [q.id for q in BANK._asked(answers)] == asked


def test_not_sure_is_not_a_text_that_says_unknown():
    """A company named "unknown" is no "not sure" (the old ask conditions took the text for it)."""
    assert c.holds({"subject.name": "unknown"}, {"subject.name": NOT_SURE})
    assert not c.holds({"subject.name": "unknown"}, {"subject.name": "unknown"})


def test_several_wants_two_options_or_more():
    assert c.holds({"service.recommendation_kinds": "several"}, {"service.recommendation_kinds": ["a", "b"]})
    assert not c.holds({"service.recommendation_kinds": "several"}, {"service.recommendation_kinds": ["a"]})
    assert not c.holds({"service.recommendation_kinds": "several"}, {})


# --- What the form shows -----------------------------------------------------------------


@SETTINGS
@given(answers=answers_st)
def test_the_form_shows_what_the_old_form_showed(answers):
    from assistant.files.form import applicability

    counted, _ = counted_and_asked(answers)
    assert applicability(BANK, counted) == Reference.applicability(counted)


def test_the_form_shows_the_generation_fields_where_the_type_is_never_asked(bank):
    """`algorithm.type = ["generation_synthesis", "unanswered"]` holds where the type is never asked: the
    interview asks those fields, so the form shows them (the old form said no)."""
    from assistant.files.form import applicability

    question = next(q for q in bank.questions if q.ask_when.get("algorithm.type") == ["generation_synthesis", "unanswered"])
    never = {"algorithm.type": False}
    assert c.truth({"algorithm.type": question.ask_when["algorithm.type"]}, (), {}, never.get) is Truth.HOLDS
    assert c.truth({"algorithm.type": question.ask_when["algorithm.type"]}, (), {}, {}.get) is Truth.NOT_KNOWN
    assert c.truth({"algorithm.type": "generation_synthesis"}, (), {}, never.get) is Truth.FAILS
    state = applicability(bank, {"service.generates_content": True})
    assert state[question.id] is None  # the type may still be asked


def test_not_sure_leaves_a_fact_not_known_unless_it_asks_for_not_sure():
    assert c.truth({"q": True}, (), {"q": NOT_SURE}, {}.get) is Truth.NOT_KNOWN
    assert c.truth({"q": "unknown"}, (), {"q": NOT_SURE}, {}.get) is Truth.HOLDS
    assert c.truth({"q": True}, (), {"q": False}, {}.get) is Truth.FAILS
    assert c.truth({"q": True}, ({"r": 1}, {"s": 2}), {"q": True, "r": 0}, {}.get) is Truth.NOT_KNOWN


# --- What the law finds, and why ------------------------------------------------------------


def law_conditions() -> list[tuple[dict[str, Any], ...]]:
    return [o.when for o in BANK.obligations.values()] + [f.when for f in BANK.facts.values()]


@SETTINGS
@given(answers=answers_st, which=st.sampled_from(law_conditions()))
def test_the_law_finds_what_the_old_evaluator_found(answers, which):
    """Every obligation and derived fact of dialogs/obligations.toml, its reasons and openness included."""
    from assistant.law.rules import Evaluator, Facts

    counted, asked = counted_and_asked(answers)
    ev = Evaluator(BANK, Facts(counted, asked))
    assert plain(ev.any_of(which)) == plain(Reference.any_of(which, counted, asked, ev.fact))
    assert plain(c.held_any(which, counted, asked, ev.fact)) == plain(Reference.any_of(which, counted, asked, ev.fact))


@SETTINGS
@given(answers=answers_st, conditions=st.lists(conditions_st(LAW_WORDS), min_size=1, max_size=3))
def test_random_law_conditions_find_what_the_old_evaluator_found(answers, conditions):
    from assistant.law.rules import Evaluator, Facts

    counted, asked = counted_and_asked(answers)
    ev = Evaluator(BANK, Facts(counted, asked))
    assert plain(ev.any_of(conditions)) == plain(Reference.any_of(conditions, counted, asked, None))
    assert plain(c.held_any(conditions, counted, asked)) == plain(Reference.any_of(conditions, counted, asked, None))
    for condition in conditions:
        for qid, wanted in condition.items():
            assert plain(c.answer(qid, wanted, counted, asked)) == plain(Reference.answer(qid, wanted, counted, asked))
            assert plain(ev.answer(qid, wanted)) == plain(Reference.answer(qid, wanted, counted, asked))


def test_an_open_answer_is_a_reason_of_its_own_and_marks_the_finding_open():
    found = c.held_any([{"users.minors": "open"}], {}, {"users.minors"})
    assert found == Held((Reason("users.minors", c.UNANSWERED_VALUE),), open=True)
    assert str(found.because[0]) == "users.minors = not answered"
    assert c.held_any([{"users.minors": "open"}], {}, set()) is None  # not asked: nothing open
    sure = c.held_any([{"users.minors": "open"}, {"scope.audience": "public"}], {"scope.audience": "public"}, {"users.minors"})
    assert sure == Held((Reason("scope.audience", "public"),))


def test_a_derived_fact_lends_its_reasons_only_to_a_condition_without_answers_of_its_own():
    role = Held((Reason("service.generates_content", True),))
    fact = {"role": role, "other": None}.get
    assert c.held({"@role": True}, {}, set(), fact) == role
    assert c.held({"@role": True, "users.minors": True}, {"users.minors": True}, set(), fact) == Held(
        (Reason("users.minors", True),)
    )
    assert c.held({"@other": False}, {}, set(), fact) == Held()
    assert c.held({"@role": False}, {}, set(), fact) is None


@pytest.mark.parametrize("lang, expected", [("en", "minors can use the service"), ("zh", "未成年人")])
def test_a_reason_is_said_in_words(bank, lang, expected):
    assert expected in c.reason_text(bank, "users.minors = yes", lang)
    question = bank.question("users.minors").text(lang)
    assert question in c.reason_text(bank, "users.minors = not answered", lang)
    assert c.reason_text(bank, "nothing.of.this = 1", lang) == "nothing.of.this = 1"
