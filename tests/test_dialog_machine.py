"""The dialog engine as a state machine: random sequences of a filer's acts against a model of what they gave.

A hypothesis `RuleBasedStateMachine` drives `Interview` through a `Session`
(saved after every change, as the shells use it): valid answers to whatever is
asked (list fields and "add another?" too), answers it must refuse, not sure,
skip, back, keep, change, the items of `products` and their functions, the open
questions at the end, drafts, language switches, and closing and reopening the
saved interview. The model is only what the filer gave, in the file format.
After every step:

1. every value given and not replaced or removed is in the saved file (live or
   set aside), list items field by field, and the file holds nothing else;
2. a fresh Session on the saved file equals the interview in memory;
3. a finished interview with open questions offers them (`ask_open` asks one);
4. progress never moves without a reason (`progress_note`, or an act that answers);
5. the engine's state is one of its states and agrees with the view.

A refused act changes nothing, in memory or in the file.

CI runs 150 examples of 30 steps (the profile the other property tests use); `HYPOTHESIS_PROFILE=full` runs 10,000.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import note, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from assistant.dialog.interview import ANOTHER, CONFIRM, STATES, TRANSITIONS, Interview, items_at, split_key, value_at
from assistant.dialog.session import Session
from assistant.files.answers import load_answers
from assistant.law.questions import NOT_SURE, UNSURE_WRITTEN, Field, load_bank, to_file
from assistant.saved.store import Saved, Store
from conftest import COMPLETE as COMPLETE_FILE, GENAI, TODAY

BANK = load_bank()
PRODUCTS = BANK.question("products")
FUNCTIONS = PRODUCTS.field("functions")
COMPLETE = load_answers(BANK, COMPLETE_FILE) | GENAI  # finished: the generative AI filing's optional answers too
PREFILLED = {qid: value for qid, value in COMPLETE.items() if qid != "products"}
START = st.one_of(
    st.just({}),
    st.just(PREFILLED),
    st.just(COMPLETE),
    st.sets(st.sampled_from(sorted(COMPLETE)), min_size=1, max_size=6).map(
        lambda dropped: {qid: value for qid, value in COMPLETE.items() if qid not in dropped}
    ),
    st.sets(st.sampled_from(sorted(qid for qid in COMPLETE if BANK.question(qid).unsure)), min_size=1).map(
        lambda dropped: {qid: value for qid, value in COMPLETE.items() if qid not in dropped}
    ),
)
"""Where an interview starts: from scratch (the first questions), everything but the products (the list at
once), finished, or finished but for a few questions (asked at once; those that decide others set answers
aside), some of them questions that allow "not sure"."""
NAME = "acme"
CLOCK = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)

# Every act is saved with an fsync and a rename; on a disk file system that is
# ~8 ms an act, in RAM a few hundredths of that. The saved file is the same.
RAM = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def examples(ci: int) -> int:
    """`ci` examples, unless the loaded profile asks for a hardening pass (HYPOTHESIS_PROFILE=full: 10,000)."""
    profile = settings().max_examples
    return profile if profile >= 1000 else ci


# --- Values a filer gives: (what is passed, the answer as the file must hold it) -----------------

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=20
).filter(lambda s: s.strip())
CHECKED = {
    "uscc": (["91350100M000100Y43", "91110000802100433B"], ["91350100M000100Y44", "12345"]),
    "phone": (["13800138000", "+86 571 8888 0000", "0571-8888 0000"], ["12345", "call me"]),
    "mobile": (["13800138000", "+86 138 0013 8000"], ["0571-8888 0000", "12345"]),
    "email": (["filing@xiaozhi.example", "张@例子.中国"], ["name@", "a b@example.com", "0"]),
}
"""For text with an extra check: (answers it takes, answers it refuses)."""
YES = ["y", "yes", "Yes", "是", " y "]
NO = ["n", "no", "NO", "否"]
UNSURE_LINES = ["unsure", "unknown", "not sure", "不确定"]


def valid_value(field: Field, unsure: bool) -> st.SearchStrategy[tuple[Any, Any]]:
    """A value `field` accepts through `answer(value)`, with its file form."""
    options = list(field.option_ids)
    plain = [o for o in options if o not in ("none", "each")]  # a checklist's "not sure of some" goes alone too
    if field.kind == "yes_no":
        base = st.booleans().map(lambda v: (v, v))
    elif field.kind == "choice":
        base = st.sampled_from(options).map(lambda v: (v, v))
    elif field.kind == "multi":
        chosen = st.lists(st.sampled_from(plain), min_size=1, max_size=4)
        for alone in ("none", "each"):
            if alone in options:
                chosen = chosen | st.just([alone])
        base = chosen.map(lambda v: (v, list(dict.fromkeys(v))))
    elif field.kind == "date":
        date = st.dates(dt.date(2020, 1, 1), dt.date(2032, 12, 31))
        base = date.map(lambda d: (d, d)) | date.map(lambda d: (d.isoformat(), d))
    elif field.kind == "number":
        base = st.integers(0, 10_000).map(lambda n: (n, n))
    elif field.check:
        base = st.sampled_from(CHECKED[field.check][0]).map(lambda v: (v, v))
    else:
        assert field.kind == "text", field.kind
        base = TEXT.map(lambda s: (s, s.strip()))
    if unsure:
        base = base | st.sampled_from([(NOT_SURE, UNSURE_WRITTEN), (UNSURE_WRITTEN, UNSURE_WRITTEN)])
    return base


def valid_line(field: Field, unsure: bool) -> st.SearchStrategy[tuple[str, Any]]:
    """A line `field` accepts through `answer_line(line)`, with its file form."""
    options = list(field.option_ids)
    if field.kind == "yes_no":
        base = st.sampled_from(YES).map(lambda w: (w, True)) | st.sampled_from(NO).map(lambda w: (w, False))
    elif field.kind == "choice":
        index = st.integers(0, len(options) - 1)
        base = index.map(lambda i: (str(i + 1), options[i])) | index.map(lambda i: (options[i].upper(), options[i]))
    elif field.kind == "multi":
        chosen = st.lists(st.integers(0, len(options) - 1).filter(lambda i: options[i] not in ("none", "each")), min_size=1, max_size=4)
        base = st.tuples(chosen, st.sampled_from([", ", ",", " ", "，", "、"]), st.booleans()).map(
            lambda t: (t[1].join(str(i + 1) if t[2] else options[i] for i in t[0]), list(dict.fromkeys(options[i] for i in t[0])))
        )
        for alone in ("none", "each"):
            if alone in options:
                base = base | st.just((alone, [alone]))
    elif field.kind == "date":
        base = st.dates(dt.date(2020, 1, 1), dt.date(2032, 12, 31)).map(lambda d: (f" {d.isoformat()}", d))
    elif field.kind == "number":
        base = st.integers(0, 10_000).map(lambda n: (str(n), n))
    elif field.check:
        base = st.sampled_from(CHECKED[field.check][0]).map(lambda v: (v, v))
    else:
        one_line = TEXT if field.max_words else TEXT.filter(lambda s: len(s.strip().splitlines()) == 1)
        base = one_line.map(lambda s: (s, s.strip()))
    if field.options:
        # An option's label, in either language, is the option (浙江省 for zhejiang).
        labelled = st.sampled_from([(o.label(lang), o.id) for o in field.options for lang in ("en", "zh")])
        base = base | (labelled.map(lambda t: (t[0], [t[1]])) if field.kind == "multi" else labelled)
    if unsure:
        base = base | st.sampled_from(UNSURE_LINES).map(lambda w: (w, UNSURE_WRITTEN))
    return base


def invalid_value(field: Field) -> st.SearchStrategy[Any]:
    """A value `field` must refuse through `answer(value)`."""
    bad: list[Any] = [None, 3.5 if field.kind != "number" else "ten"]
    if not field.unsure:
        bad.append(NOT_SURE)
    if field.kind == "yes_no":
        bad += ["maybe", 1]
    elif field.kind == "choice":
        bad += ["atlantis", 1, ""]
    elif field.kind == "multi":
        bad += [[], ["atlantis"], field.option_ids[0], [field.option_ids[0], 7]]
        if "none" in field.option_ids:
            bad.append(["none", next(o for o in field.option_ids if o != "none")])
    elif field.kind == "date":
        bad += ["2027-02-30", "tomorrow", 20270301, dt.datetime(2027, 3, 1, 12, 0)]
    elif field.kind == "number":
        bad += [True, -1, float("nan"), float("inf"), 2**60]
    else:
        bad += ["", "   ", 5, ["text"]]
        if field.max_words:
            bad.append("word " * (field.max_words + 1))
        if field.check:
            bad += CHECKED[field.check][1]
    return st.sampled_from(bad)


def invalid_line(field: Field) -> st.SearchStrategy[str]:
    """A line `field` must refuse through `answer_line(line)`."""
    bad = ["   "] if field.kind != "text" or field.check else ["   ", "\t"]
    if field.kind == "yes_no":
        bad += ["maybe", "yess", "2"]
    elif field.kind == "choice":
        bad += ["0", str(len(field.options) + 1), "atlantis"]
    elif field.kind == "multi":
        bad += [",", "atlantis", f"1, {len(field.options) + 1}"]
        if "none" in field.option_ids:
            bad.append(f"none, {next(o for o in field.option_ids if o != 'none')}")
    elif field.kind == "date":
        bad += ["2027/03/01", "tomorrow", "2027-02-30"]
    elif field.kind == "number":
        bad += ["ten", "-1", "nan"]
    elif field.max_words:
        bad.append("word " * (field.max_words + 1))
    elif field.check:
        bad += CHECKED[field.check][1]
    if field.kind == "text" and not field.max_words:
        bad += ["two\nlines", "pasted\r\nlines", "a\u2028b"]  # one line is asked: a line break is refused
    if not field.unsure and field.kind in ("yes_no", "date", "number"):
        bad.append("unsure")
    return st.sampled_from(bad)


def steps_of(key: str) -> tuple:
    """A prompt's key (`products/1/functions/0/name`) as its steps inside the list: (1, "functions", 0, "name")."""
    return tuple(int(part) if part.isdecimal() else part for part in key.split("/")[1:])


def sources(trigger: str) -> set[str]:
    """The states the engine's machine takes an act in (its declared transitions)."""
    found: set[str] = set()
    for transition in TRANSITIONS:
        if transition["trigger"] == trigger:
            source = transition["source"]
            found |= set(STATES) if source == "*" else {source} if isinstance(source, str) else set(source)
    assert found, trigger
    return found


KEEP_FROM = sources("act_keep")


def asks(machine: "DialogMachine") -> bool:
    """A question waits for an answer (at the end, the `refused` rule tries answering)."""
    return machine.session is not None and machine.iv.view().ask is not None


# --- The machine ------------------------------------------------------------------------------


class DialogMachine(RuleBasedStateMachine):
    """Acts of a filer; the model is `self.model`: question id -> the answer given, as files write it."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="dialog-machine-", dir=RAM))
        # A fixed clock: the same interview is the same bytes, in every example.
        self.store = Store(folder=self.folder / "home", clock=lambda: CLOCK)
        self.copies = Store(folder=self.folder / "copies", clock=lambda: CLOCK)
        self.session: Session | None = None
        self.model: dict[str, Any] = {}
        self.lang = "en"

    def teardown(self) -> None:
        if self.session is not None:
            self.session.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def open(self, **kwargs: Any) -> None:
        self.session = Session(self.store, NAME, bank=BANK, today=TODAY, **kwargs)
        self.sync_derived()

    def sync_derived(self) -> None:
        """Answers the engine states because other answers make them certain (provenance "derived") are given too,
        and so are the defaults it takes on the way (until the filer declines them at the confirmation)."""
        iv = self.iv
        derived = {qid for qid, how in iv.provenance.items() if how == "derived" and qid in iv.answers}
        for qid in getattr(self, "derived", set()) - derived:
            self.model.pop(qid, None)
        for qid in derived:
            self.model[qid] = to_file(iv.answers[qid])
        self.derived = derived
        taken = {key for key in iv.unconfirmed if iv.provenance.get(key) == "default" and value_at(iv.answers, key) is not None}
        for key in getattr(self, "taken", set()) - taken:
            # Declined, or its source gone: the engine drops the value and how it was given. (A removed item's
            # defaults count as kept: the items after it move up with theirs.)
            if key not in iv.provenance and value_at(iv.answers, key) is None:
                self.forget(key)
        for key in taken:
            self.give(key, to_file(value_at(iv.answers, key)))
        self.taken = taken

    def forget(self, key: str) -> None:
        qid, steps = split_key(key)
        if not steps:
            unreadable = self.iv.unreadable.get(qid)
            if unreadable is not None:  # the file still holds what the bank could not read
                self.model[qid] = unreadable.raw
            else:
                self.model.pop(qid, None)
            return
        items = items_at(self.model.get(qid) or [], steps[:-2])
        if items is not None and steps[-2] < len(items):
            items[steps[-2]].pop(steps[-1], None)

    @property
    def iv(self) -> Interview:
        assert self.session is not None
        return self.session.interview

    # --- Acting, and what every act must keep ---------------------------------------------

    def act(self, what: str, call, *, expect: bool | None, answers: bool = False):
        """Run one act; `expect`: accepted (True), refused (False), either (None); `answers`: it may change what is answered."""
        iv = self.iv
        path = self.store.path(NAME)
        before, state, file_before = copy.deepcopy(iv.snapshot()), iv.state, path.read_bytes()
        old = iv.view()
        view = call()
        self.sync_derived()
        note(f"{what}: state {state} -> {view.state}, ask {view.ask.key if view.ask else None}, problem {view.problem}")
        if expect is True:
            assert not view.refused, f"{what} refused: {view.problem}"
        elif expect is False:
            assert view.refused, f"{what} accepted where it must be refused"
        if view.refused:
            assert view.problem
            assert iv.snapshot() == before, f"refused {what} changed the interview"
            assert iv.state == state
            assert path.read_bytes() == file_before, f"refused {what} changed the saved file"
        # 4. Progress never moves without a reason.
        if view.applies != old.applies:
            assert view.progress_note, f"{what}: {old.applies} -> {view.applies} questions apply, no note"
        if view.answered != old.answered and not answers:
            assert view.progress_note, f"{what} moved answered {old.answered} -> {view.answered} without a note"
        # The view an act returns is the view of the interview now.
        assert view == iv.view()
        return view

    def give(self, key: str, value: Any, ask: Any = None) -> None:
        """The model: the filer gave `value` (file form) at the prompt `key` (`ask`: what was asked)."""
        if ask is not None and ask.members:
            # Asked together: a checklist's statements chosen are yes, the others no; "not sure of some", an
            # optional section and the confirmation give nothing themselves (the defaults: sync_derived).
            if ask.kind == "multi" and value not in (["each"], ["none"]):
                for (oid, _), qid in zip(ask.options, ask.members):
                    self.model[qid] = oid in value
            elif value == ["none"]:
                for qid in ask.members:
                    self.model[qid] = False
            return
        qid, steps = key.split("/")[0], steps_of(key)
        if not steps:
            self.model[qid] = value
            return
        if steps[-1] == ANOTHER:
            return
        items = self.model.setdefault(qid, [])
        pairs = list(zip(steps[0::2], steps[1::2]))
        for n, sub in pairs[:-1]:
            assert n <= len(items), f"asked about item {n + 1} of a list of {len(items)}"
            if n == len(items):
                items.append({})
            items = items[n].setdefault(sub, [])
        n, fid = pairs[-1]
        assert n <= len(items), f"asked about item {n + 1} of a list of {len(items)}"
        if n == len(items):
            items.append({})
        items[n][fid] = value

    def products(self) -> list[dict[str, Any]]:
        value = self.model.get("products")
        return value if isinstance(value, list) else []

    # --- The acts -------------------------------------------------------------------------

    @precondition(asks)
    @rule(data=st.data())
    def answer(self, data) -> None:
        ask = self.iv.view().ask
        assert ask is not None
        value, expected = data.draw(valid_value(ask.field, ask.allows_not_sure), label="value")
        self.act(f"answer {ask.key} = {value!r}", lambda: self.iv.answer(value), expect=True, answers=True)
        self.give(ask.key, expected, ask)

    @precondition(asks)
    @rule(data=st.data())
    def answer_line(self, data) -> None:
        ask = self.iv.view().ask
        assert ask is not None
        line, expected = data.draw(valid_line(ask.field, ask.allows_not_sure), label="line")
        self.act(f"line {ask.key}: {line!r}", lambda: self.iv.answer_line(line), expect=True, answers=True)
        self.give(ask.key, expected, ask)

    @precondition(asks)
    @rule(data=st.data())
    def answer_invalid(self, data) -> None:
        ask = self.iv.view().ask
        assert ask is not None
        if data.draw(st.booleans(), label="typed"):
            line = data.draw(invalid_line(ask.field), label="line")
            if ask.default is not None and not line.strip():
                return  # an empty line takes the one option offered (answer_valid covers it)
            self.act(f"bad line {ask.key}: {line!r}", lambda: self.iv.answer_line(line), expect=False)
        else:
            value = data.draw(invalid_value(ask.field), label="value")
            self.act(f"bad answer {ask.key} = {value!r}", lambda: self.iv.answer(value), expect=False)

    @precondition(lambda self: asks(self) and self.iv.view().ask.allows_not_sure)
    @rule()
    def not_sure(self) -> None:
        ask = self.iv.view().ask
        self.act("not sure", self.iv.not_sure, expect=True, answers=True)
        self.give(ask.key, UNSURE_WRITTEN)

    @precondition(asks)
    @rule()
    def skip(self) -> None:
        self.act("skip", self.iv.skip, expect=True)

    @rule()
    def back(self) -> None:
        self.act("back", self.iv.back, expect=None)

    @precondition(lambda self: self.session is not None and self.iv.state in KEEP_FROM)
    @rule()
    def keep(self) -> None:
        self.act("keep", self.iv.keep, expect=True)

    @rule(data=st.data())
    def refused(self, data) -> None:
        """An act that makes no sense where the interview stands: refused, and nothing changes."""
        iv, view = self.iv, self.iv.view()
        acts = [("language fr", lambda: iv.set_lang("fr")), ("change no.such.question", lambda: iv.change("no.such.question"))]
        if view.ask is None:
            acts += [("answer at the end", lambda: iv.answer(True)), ("line at the end", lambda: iv.answer_line("y"))]
            acts += [("skip at the end", iv.skip)]
        if view.ask is None or not view.ask.allows_not_sure:
            acts.append(("not sure", iv.not_sure))
        if iv.state not in KEEP_FROM:
            acts.append(("keep", iv.keep))
        if iv.state != "finished_open":
            acts.append(("ask open", iv.ask_open))
        if not self.products_apply():
            acts.append(("add item", lambda: iv.add_item("products")))
        what, call = data.draw(st.sampled_from(acts), label="act")
        self.act(what, call, expect=False)

    @rule(data=st.data())
    def change(self, data) -> None:
        applies = [q.id for q in self.iv.asked()]
        others = [q.id for q in BANK.questions if q.id not in applies] + ["no.such.question"]
        # Often one that allows "not sure" or the list: few, and where most acts differ.
        special = [qid for qid in applies if BANK.question(qid).unsure or qid == "products"]
        qid = data.draw(st.sampled_from(applies) | st.sampled_from(special or applies) | st.sampled_from(others), label="qid")
        self.act(f"change {qid}", lambda: self.iv.change(qid), expect=qid in applies)

    def products_apply(self) -> bool:
        return any(q.id == "products" for q in self.iv.asked())

    @rule(data=st.data())
    def add_item(self, data) -> None:
        items = self.products()
        levels = data.draw(st.just(()) | st.integers(0, len(items)).map(lambda n: (n, "functions")), label="levels")
        ok = self.products_apply() and (not levels or levels[0] < len(items))
        self.act(f"add item {levels}", lambda: self.iv.add_item("products", levels), expect=ok)

    def item_places(self, data) -> tuple:
        """The place of an item of `products` (or of a function inside one), maybe one past the end."""
        items = self.products()
        n = data.draw(st.integers(0, len(items)), label="n")
        if n < len(items) and data.draw(st.booleans(), label="a function"):
            functions = items[n].get("functions") or []
            return (n, "functions", data.draw(st.integers(0, len(functions)), label="m"))
        return (n,)

    def item_at(self, place: tuple) -> dict[str, Any] | None:
        items = self.products()
        if place[0] >= len(items):
            return None
        if len(place) == 1:
            return items[place[0]]
        functions = items[place[0]].get("functions") or []
        return functions[place[2]] if place[2] < len(functions) else None

    @rule(data=st.data())
    def remove_item(self, data) -> None:
        place = self.item_places(data)
        exists = self.item_at(place) is not None
        self.act(f"remove item {place}", lambda: self.iv.remove_item("products", place), expect=exists, answers=True)
        if exists:
            items = self.products()
            if len(place) == 3:
                items = items[place[0]]["functions"]
            items.pop(place[-1])

    @rule(data=st.data())
    def remove_typed(self, data) -> None:
        """`remove products 2 functions 1` as typed (numbers from 1), or a bare `remove` inside an item."""
        iv = self.iv
        here = iv.position[1:] if iv.position and iv.position[0] == "products" else ()
        if data.draw(st.booleans(), label="bare") and len(here) >= 2 and here[-1] != ANOTHER:
            place, text = tuple(here[:-1]), ""
        else:
            place = self.item_places(data)
            text = " ".join(["products", *(str(step + 1) if isinstance(step, int) else step for step in place)])
        exists = self.item_at(place) is not None
        self.act(f"remove {text!r}", lambda: iv.remove(text), expect=exists, answers=True)
        if exists:
            items = self.products()
            if len(place) == 3:
                items = items[place[0]]["functions"]
            items.pop(place[-1])

    @precondition(lambda self: self.session is not None)
    @rule()
    def enter(self) -> None:
        """An empty line: what the view says it does (keep, the one option allowed, the open questions, leave)."""
        view = self.iv.view()
        how = view.empty_line
        after = self.act(f"empty line ({how})", self.iv.enter, expect=None if how is None else True, answers=how == "default")
        if how is None:
            assert after.refused, "an empty line that is no act was taken as an answer"
        elif how == "default":
            assert view.ask is not None and view.ask.default is not None
            self.give(view.ask.key, view.ask.default, view.ask)
        elif how == "ask_open":
            assert after.ask is not None

    @rule(data=st.data())
    def edit_item(self, data) -> None:
        place = self.item_places(data)
        item = self.item_at(place)
        list_field = PRODUCTS if len(place) == 1 else FUNCTIONS
        field_id = data.draw(st.sampled_from([f.id for f in list_field.fields] + ["colour"]), label="field")
        sub = list_field.field(field_id)
        good = sub is not None and sub.kind != "records" and data.draw(st.booleans(), label="valid")
        if good:
            assert sub is not None
            value, expected = data.draw(valid_value(sub, False), label="value")
        else:
            value = data.draw(invalid_value(sub) if sub is not None and sub.kind != "records" else st.just("x"), label="value")
        ok = item is not None and good
        self.act(
            f"edit item {place} {field_id} = {value!r}",
            lambda: self.iv.edit_item("products", place, field_id, value),
            expect=ok,
            answers=True,
        )
        if ok:
            assert item is not None
            item[field_id] = expected

    @precondition(lambda self: self.session is not None and self.iv.state == "finished_open")
    @rule()
    def ask_open(self) -> None:
        view = self.act("ask open", self.iv.ask_open, expect=True)
        assert view.ask is not None, "ask_open at the end with open questions asks none"

    @rule(lang=st.sampled_from(["en", "zh"]))
    def set_lang(self, lang: str) -> None:
        self.act(f"language {lang}", lambda: self.iv.set_lang(lang), expect=True)
        self.lang = lang

    @rule()
    def leave(self) -> None:
        self.act("leave", self.iv.leave, expect=True)

    @rule(text=st.text(max_size=12))
    def keep_draft(self, text: str) -> None:
        """Text typed at the prompt and not given yet: kept (saved like an answer), and it moves nothing."""
        view = self.iv.view()
        self.iv.keep_draft(text)
        if view.ask is not None:
            assert self.iv.drafts.get(view.ask.key, "") == text
        again = self.iv.view()
        key = lambda v: v.ask.key if v.ask else None  # noqa: E731
        assert (again.state, key(again), again.answered, again.applies) == (view.state, key(view), view.answered, view.applies)

    @rule()
    def reload(self) -> None:
        """Save and leave, then open the saved interview again."""
        old = self.iv
        view = old.view()
        self.session.close()
        self.session = None
        self.open()
        assert_same(old, self.iv)
        again = self.iv.view()
        assert (again.answered, again.applies, again.state) == (view.answered, view.applies, view.state)
        # A sitting starts as the shells start one: at the end with open questions, it asks them.
        resumed = self.act("new sitting", self.iv.new_sitting, expect=None)
        if view.state == "finished_open":
            assert not resumed.refused and resumed.ask is not None, "a resumed interview with open questions is a dead end"

    # --- After every step -----------------------------------------------------------------

    @invariant()
    def holds(self) -> None:
        if self.session is None:
            return
        iv = self.iv
        view = iv.view()
        todo = iv.assessment.todo

        # 5. The state is one of the machine's and agrees with the view.
        assert iv.state in STATES and view.state == iv.state
        assert (view.ask is None) == (iv.state in ("finished_open", "finished")), (iv.state, iv.position)
        assert (iv.state in ("in_item", "another_item")) == (view.ask is not None and view.ask.list_title is not None)
        assert (iv.state == "another_item") == (view.ask is not None and view.ask.key.endswith("/" + ANOTHER))
        if iv.state == "finished":
            assert not todo, f"finished with {todo} still to do"
        if view.ask is not None:
            assert view.ask.kind != "records"
            assert view.ask.key == CONFIRM or any(q.id == view.ask.question_id for q in iv.asked()), f"asks {view.ask.question_id}, which does not apply"
            if view.ask.list_title is None:
                assert (iv.state == "changing") == (view.ask.current is not None)
        assert 0 <= view.answered <= view.applies
        assert view.saved, view.save_problem
        # What a shell shows comes with the view: the input it reads, what is left open, the list's items.
        assert view.input_kind == (view.ask.kind if view.ask else "open_questions" if iv.state == "finished_open" else "end")
        assert {o.id for o in view.left_open} <= {o.id for o in view.open}
        assert view.ask is None or view.ask.question_id not in {o.id for o in view.left_open}
        assert all(0 <= s.answered <= s.applies for s in view.sections)
        if view.ask is not None and view.ask.question_id == "products":
            assert [node.path for node in view.items] == [(n,) for n in range(len(self.products()))]
        assert iv.lang == self.lang and view.lang == self.lang

        # 1. Everything given and not replaced or removed is in the file, and nothing else.
        raw = self.store.path(NAME).read_bytes()
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        if digest not in PARSED:
            if len(PARSED) > 2_000:
                PARSED.clear()
            document = tomllib.loads(raw.decode("utf-8"))
            # Answers this bank cannot read sit in a table of their own; a later answer to the same question wins.
            PARSED[digest] = {**document.get("unreadable", {}), **document["answers"]}
        saved = PARSED[digest]
        for qid, value in self.model.items():
            assert qid in saved, f"{qid} = {value!r} was given and is not in the saved file"
            assert saved[qid] == value, f"{qid}: saved {saved[qid]!r}, given {value!r}"
        assert set(saved) <= set(self.model), f"saved answers nobody gave: {set(saved) - set(self.model)}"

        # 2. A fresh Session on the saved file equals the interview in memory.
        fresh = self.reopened(raw, digest)
        for attribute, value in fresh.items():
            if attribute != "offers_open":
                mine = getattr(iv, attribute)
                assert mine == value, f"reloaded {attribute} differs:\n in memory {mine!r}\n reloaded  {value!r}"

        # 3. A finished interview with open questions offers them.
        if view.ask is None and todo:
            assert view.state == "finished_open"
            assert view.open, f"finished with {todo} to do and no open questions shown"
            assert fresh["offers_open"], f"ask_open with {todo} to do asks nothing"

    def reopened(self, raw: bytes, digest: bytes) -> dict[str, Any]:
        """What a fresh Session on a saved file holds, and whether `ask_open` there asks a question.

        A fresh Session is a function of the file's bytes (the bank, the date
        and the clock are fixed), so it is built once per distinct file: the
        examples of a run share most of their files (every start from the
        finished interview begins with the same one).
        """
        known = REOPENED.get(digest)
        if known is not None:
            return known
        self.copies.folder.mkdir(exist_ok=True)
        self.copies.path(NAME).write_bytes(raw)
        with Session(self.copies, NAME, bank=BANK, today=TODAY) as fresh:
            iv = fresh.interview
            known = {attribute: copy.deepcopy(getattr(iv, attribute)) for attribute in COMPARED}
            known["offers_open"] = iv.state != "finished_open" or iv.ask_open().ask is not None
        if len(REOPENED) > 2_000:
            REOPENED.clear()
        REOPENED[digest] = known
        return known


COMPARED = ("answers", "passed", "position", "drafts", "lang", "history", "unreadable", "state")
"""What a reopened interview must have as it was in memory."""
PARSED: dict[bytes, dict[str, Any]] = {}
"""The answers table of each saved file seen, by a hash of its bytes."""
REOPENED: dict[bytes, dict[str, Any]] = {}
"""What a fresh Session on each saved file seen holds, by a hash of its bytes."""


def assert_same(memory: Interview, fresh: Interview) -> None:
    for attribute in COMPARED:
        a, b = getattr(memory, attribute), getattr(fresh, attribute)
        assert a == b, f"reloaded {attribute} differs:\n in memory {a!r}\n reloaded  {b!r}"


class InterviewMachine(DialogMachine):
    """A new interview, seeded with answers from an answers file (START) as `import` does."""

    @initialize(start=START, lang=st.sampled_from(["en", "zh"]))
    def start(self, start: dict[str, Any], lang: str) -> None:
        self.lang = lang
        self.open(lang=lang, seed=copy.deepcopy(start) or None)
        self.model = {qid: to_file(value) for qid, value in start.items()}
        self.sync_derived()


InterviewMachine.TestCase.settings = settings(max_examples=examples(100), stateful_step_count=30, deadline=None)
test_dialog_machine = InterviewMachine.TestCase


UNREADABLE = {
    "subject.province": "atlantis",
    "algorithm.retired_question": "kept as it was",
    "legacy": {"question": 1, "on": dt.date(2025, 1, 1)},
}
"""Answers this bank cannot read: an option renamed, a question retired, a table of a past version."""


class UnreadableMachine(DialogMachine):
    """A saved file with answers the bank cannot read: any sequence of acts keeps them, and they reload."""

    @initialize(start=START, lang=st.sampled_from(["en", "zh"]))
    def start(self, start: dict[str, Any], lang: str) -> None:
        answers = {**{qid: to_file(value) for qid, value in start.items()}, **UNREADABLE}
        self.store.write(Saved(name=NAME, path=self.store.path(NAME), lang=lang, answers=copy.deepcopy(answers)))
        self.lang = lang
        self.open()
        self.model = answers
        self.sync_derived()
        assert set(self.iv.unreadable) == set(UNREADABLE)

    @invariant()
    def unreadable_kept(self) -> None:
        if self.session is None:
            return
        # Every unreadable answer stays, as found, also once a new answer to its question replaces it in the
        # interview; only those not replaced are still named to the filer.
        assert {key: u.raw for key, u in self.iv.unreadable.items()} == UNREADABLE
        waiting = {key for key in UNREADABLE if self.model[key] == UNREADABLE[key]}
        notice = self.iv.unreadable_notice() or ""
        assert all(key in notice for key in waiting)
        assert not any(f"{key} =" in notice for key in set(UNREADABLE) - waiting)


UnreadableMachine.TestCase.settings = settings(max_examples=examples(50), stateful_step_count=20, deadline=None)
test_unreadable_answers_survive_any_acts = UnreadableMachine.TestCase


# --- What the machine found, each as the smallest example ----------------------------------------


def reopen(store: Store, session: Session) -> Interview:
    """Close `session` and open its interview again: the interview a resuming filer gets."""
    session.close()
    again = Session(store, NAME, bank=BANK, today=TODAY)
    again.close()
    return again.interview


def test_removing_the_only_product_at_the_end_continues_as_resuming_would(tmp_path):
    store = Store(folder=tmp_path, clock=lambda: CLOCK)
    session = Session(store, NAME, bank=BANK, today=TODAY, seed=copy.deepcopy(COMPLETE))
    iv = session.interview
    assert iv.state == "finished"
    assert not iv.remove_item("products", (0,)).refused
    # The list is open again: the interview goes on with it, as a reopened one does (it stayed at the end).
    assert iv.position == ("products", 0, PRODUCTS.fields[0].id) and iv.state == "in_item"
    assert_same(iv, reopen(store, session))


def test_back_from_the_end_into_a_list_not_started_reopens_there(tmp_path):
    store = Store(folder=tmp_path, clock=lambda: CLOCK)
    session = Session(store, NAME, bank=BANK, today=TODAY, seed=copy.deepcopy(PREFILLED))
    iv = session.interview
    assert iv.position == ("products", 0, PRODUCTS.fields[0].id)
    iv.skip()
    assert iv.state == "finished_open"
    assert not iv.back().refused
    while iv.position[0].startswith("genai."):  # back through the generative AI filing, asked after the products
        assert not iv.back().refused
    # The last prompt of the empty list: a field of a function of a product not started yet. A reopened
    # interview threw that place away and stayed at the end.
    assert iv.position == ("products", 0, "functions", 0, FUNCTIONS.fields[-1].id)
    assert_same(iv, reopen(store, session))


def test_a_list_the_bank_cannot_read_stays_when_a_new_item_is_started(tmp_path):
    store = Store(folder=tmp_path, clock=lambda: CLOCK)
    old = [{"name": "Old app", "form": "smart_glasses", "address": "https://old.example", "users": "under_10k"}]
    answers = {**{qid: to_file(value) for qid, value in PREFILLED.items()}, "products": old}
    store.write(Saved(name=NAME, path=store.path(NAME), answers=answers))
    with Session(store, NAME, bank=BANK, today=TODAY) as session:
        assert "products" in session.interview.unreadable  # an option renamed: "smart_glasses"
        assert session.interview.view().ask.key == "products/0/name"
        assert not session.interview.answer("New app").refused
    assert "Old app" in store.path(NAME).read_text(encoding="utf-8")


def test_editing_an_item_at_the_end_into_other_asks_for_its_description_as_resuming_would(tmp_path):
    store = Store(folder=tmp_path, clock=lambda: CLOCK)
    session = Session(store, NAME, bank=BANK, today=TODAY, seed=copy.deepcopy(COMPLETE))
    iv = session.interview
    assert iv.state == "finished"
    assert not iv.edit_item("products", (0,), "form", "other").refused
    # "Other" wants its description (RULES §9): the interview asks it now, as a reopened one does.
    assert iv.position == ("products", 0, "form_other") and iv.state == "in_item"
    assert_same(iv, reopen(store, session))


def test_the_view_says_what_a_transcript_gets_and_add_another_gets_nothing(tmp_path):
    """The transcript rule is the engine's: an answer is written with its question, "add another?" is not
    (the next prompt shows it), and a refused answer writes nothing."""
    iv = Interview(BANK, PREFILLED, today=TODAY)
    assert iv.view().ask.key == "products/0/name"
    view = iv.answer_line("小智 App")
    assert view.transcript == ("Product name", "小智 App") and view.given == "小智 App"
    assert iv.answer_line("9").transcript is None  # refused: there is no option 9
    view = iv.answer_line("1")
    assert view.transcript == ("What form does the product take?", "Mobile app")
    iv = Interview(BANK, COMPLETE, today=TODAY, position=["products", ANOTHER])
    assert iv.view().ask.text_alone == "Add another product that uses the algorithm? 1 so far."
    view = iv.answer_line("n")
    assert view.transcript is None and view.given == "no"


def test_the_view_carries_what_a_shell_shows(tmp_path):
    iv = Interview(BANK, PREFILLED, today=TODAY, name="acme")
    view = iv.view()
    assert view.input_kind == "text" and view.empty_line is None
    assert [s.id for s in view.sections] == ["scope", "role", "subject", "algorithm", "products"]
    assert all(s.answered == s.applies for s in view.sections if s.id != "products")
    iv.answer_line("小智 App")
    assert [(n.path, n.label, n.where) for n in iv.view().items] == [((0,), "小智 App", "products 1")]
    iv = Interview(BANK, COMPLETE, today=TODAY, name="acme")
    view = iv.view()
    assert view.state == "finished" and view.input_kind == "end" and view.empty_line == "leave"
    assert view.findings.complete  # worked out when asked
    assert view.next_algorithm is None  # the chatbot runs one algorithm
    pushes = next(iter(BANK.question("service.recommendation_kinds").option_ids))
    iv_two = Interview(BANK, {**COMPLETE, "service.recommends_content": True, "service.recommendation_kinds": [pushes]}, today=TODAY, name="acme")
    assert iv_two.next_algorithm() is not None and iv_two.next_algorithm().interview == f"acme-{pushes}"
    rows = {row.question_id: row for row in iv.review()}
    assert [item.label for item in rows["products"].items] == ["小智 App"]
    assert [f.label for f in rows["products"].items[0].children] == ["AI chat", "Group assistant"]


def test_an_item_edited_from_typed_text_reads_it_as_an_answer_does(tmp_path):
    """Item editing from typed text is the engine's: an option's label in either language, a line break refused."""
    iv = Interview(BANK, COMPLETE, today=TODAY)
    assert not iv.edit_item("products", (0,), "form", "网站", typed=True).refused
    assert iv.answers["products"][0]["form"] == "website"
    view = iv.edit_item("products", (0,), "name", "two\nlines", typed=True)
    assert view.refused and iv.answers["products"][0]["name"] == "小智 App"


def test_a_choice_that_allows_not_sure_takes_the_typed_line_unsure():
    """A supplier's buyer answers the training data's sources "not sure" (issue 20): typed as `unsure` or 不确定,
    it is that answer, not an option the list lacks."""
    for line in ("unsure", "不确定"):
        answers = {k: v for k, v in COMPLETE.items() if k != "algorithm.model.training_data_generation"}
        iv = Interview(BANK, answers)
        assert iv.position == ("algorithm.model.training_data_generation",)
        view = iv.answer_line(line)
        assert view.problem is None and iv.answers["algorithm.model.training_data_generation"] is NOT_SURE
