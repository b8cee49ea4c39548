"""The interview engine: one call per act of the filer, each returning the view to show next; no terminal code, no I/O.

One `Interview` owns every turn of the TUI, the plain chat and the command
line. A shell renders the `View` an act returns and passes the filer's next
act back; it never inspects the engine to decide what comes next.

The dialog is a `transitions` state machine, declared once below as a table
a reader can scan (ACTS). Its states are where the filer stands (a question
asked, asked again, a field of a list item, "add another?", the end with
questions open, the end); every act is a transition whose guard refuses it
where it makes no sense (not sure where the question does not allow it, back
at the first question) and which otherwise makes its change and lands in the
state the interview is then in: only a transition moves the filer.

Nothing typed is lost, by construction: every answer ever given stays in
`answers`, also when its question stops applying (it is *set aside*, and
counts again when the question applies again); the items of a list live in
`answers` from their first field on, so leaving a list (back, skip, quit)
keeps them; answers the question bank cannot read (an option renamed, a
question retired, a hand edit) are kept apart in `unreadable` and written
back unchanged, in a table of their own, even after a new answer replaces
them in the interview.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from dataclasses import dataclass, field as dataclass_field
from typing import Any, Callable, Iterator, Mapping

from assistant.errors import BadInput
from assistant.files.answers import flatten
from assistant.law.wording import Words
from assistant.law.questions import (
    MAX_ITEMS,
    MAX_TEXT_CHARS,
    NOT_SURE,
    UNSURE_WORDS,
    AnswerProblem,
    Field,
    Group,
    Option,
    Question,
    QuestionBank,
    Wording,
    checked,
    load_bank,
    narrowed,
    parse_line,
    shown,
    to_file,
)
from assistant.law.rules import Assessment, assess, todo_for
from assistant.law import derive
from assistant.law.clock import today_in_china

ANOTHER = "+"
"""The last step of a position that asks "add another item?" at that level of a list."""
CONFIRM = "="
"""The position (CONFIRM,) asks "keep the answers taken from your others?": the defaults taken on the way, together."""
EACH, NONE = "each", "none"
"""A checklist's own options: "not sure of some: ask me one at a time", and "none of these"."""

QUESTION_STATES = ["asking", "changing", "in_item", "another_item"]
STATES = [*QUESTION_STATES, "confirming", "finished_open", "finished"]
"""asking: a question waits for its first answer (or a checklist, several at once); changing: an answered
question is asked again (an empty answer keeps it); in_item: a field of a list item (a product, a function)
waits; another_item: "add another?" after a complete item; confirming: "keep the answers taken from your
others?" once everything else is asked; finished_open: every question that applies was offered, some are
still open (skipped, not sure, a list unfinished); finished: every question that applies is answered."""

PLACES = {
    "finished": "lands_finished",
    "finished_open": "lands_finished_open",
    "confirming": "lands_confirming",
    "another_item": "lands_another_item",
    "in_item": "lands_in_item",
    "changing": "lands_changing",
    "asking": "lands_asking",
}
"""Each state with the test that the interview is there: where the filer stands once an act has changed it."""
ASKED = ["asking", "changing", "in_item"]
"""Where a question that is not "add another?" waits."""

ACTS: list[tuple[str, Any, str | None, list[str] | None]] = [
    # (act, the states it is taken in, its guard, the states it can lead to; None: it moves nobody)
    ("act_answer", [*QUESTION_STATES, "confirming"], None, list(PLACES)),
    ("act_not_sure", ["asking", "changing"], "allows_not_sure", list(PLACES)),  # an answer of its own: it may finish
    ("act_keep", QUESTION_STATES, None, list(PLACES)),
    ("act_skip", [*QUESTION_STATES, "confirming"], None, list(PLACES)),
    ("act_back", "*", "can_go_back", QUESTION_STATES),
    ("act_change", "*", "can_change", QUESTION_STATES),
    ("act_add_item", "*", "is_list_that_applies", ["in_item"]),
    ("act_remove_item", "*", "has_item", list(PLACES)),
    ("act_edit_item", "*", "has_item", list(PLACES)),
    ("act_ask_open", "finished_open", None, [*ASKED, "confirming", "finished_open"]),
    ("act_language", "*", None, None),
    ("act_leave", "*", None, None),
]
"""The filer's acts. An act its guard refuses stays where it is (`refused`); one taken makes its change
(`_prepare`: the `_take_*` method of the act) and lands in the one state its test finds true."""


def _transitions() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for act, source, guard, lands in ACTS:
        if guard:
            out.append({"trigger": act, "source": source, "dest": "=", "unless": guard, "after": "_refused"})
        if lands is None:
            out.append({"trigger": act, "source": source, "dest": "=", "prepare": "_prepare"})
            continue
        for dest in lands:
            out.append({"trigger": act, "source": source, "dest": dest, "prepare": "_prepare", "conditions": PLACES[dest]})
    return out


TRANSITIONS = _transitions()
"""The machine `transitions` runs: every change of where the filer stands is one of these."""

# Built without validation: validating would build Field's pydantic schema at
# import (~10 ms), which a run from the cached bank otherwise never needs.
ANOTHER_ITEM = Field.model_construct(
    id="another",
    kind="yes_no",
    en="Add another one?",
    zh="是否再添加一项？",
    help=Wording.model_construct(
        en="Answer yes to add another item to this list, no to finish it.", zh="回答\"是\"继续添加，回答\"否\"结束此列表。"
    ),
    options=(),
    fields=(),
    unsure=False,
    optional=False,
    max_words=None,
    check=None,
    min=None,
)

WORDS = Words("dialog", "derive")
"""What the engine says about the interview itself, in English and Chinese (dialogs/wording/dialog.toml)."""
ALONE = Words("alone")
"""Questions as they read on their own, where the bank's text leans on the question before (dialogs/wording/alone.toml)."""


PROVENANCE = derive.PROVENANCE


def diagram() -> str:
    """The dialog's state machine as a Mermaid state diagram, drawn by `transitions` from STATES and TRANSITIONS:
    a guard refusing an act is shown as [!guard] on the arrow back to where the filer is.

    dialogs/README.md shows it; tests/test_dialog_diagram.py keeps the two in step.
    """
    from transitions.extensions import GraphMachine

    class Model:
        pass

    model = Model()
    GraphMachine(
        model=model,
        states=STATES,
        # A landing's test is its state's (PLACES): the arrow says it, so it is not written on the arrow too.
        transitions=[{k: v for k, v in t.items() if not (k == "conditions" and v == PLACES.get(t["dest"]))} for t in TRANSITIONS],
        initial="asking",
        auto_transitions=False,
        show_conditions=True,
        graph_engine="mermaid",
        title="The interview",
    )
    drawn = model.get_graph().draw(None)  # type: ignore[attr-defined]
    # Colour classes mark the model's current state: not part of the machine.
    lines = [line.rstrip() for line in drawn.splitlines() if not line.strip().startswith(("classDef", "Class "))]
    return "\n".join(line for n, line in enumerate(lines) if line or (n and lines[n - 1])).strip() + "\n"


def words(key: str, lang: str, **values: Any) -> str:
    return WORDS.say(key, lang, **values)


_ALONE_SAID: dict[tuple[str, str], str | None] = {}
"""alone_text's wording of each question id and language, None where alone.toml has none: a view words every
open question."""


def alone_text(question: Field, lang: str) -> str:
    """A question as it reads met on its own (dialogs/wording/alone.toml), else as the bank words it."""
    key = (question.id, lang)
    if key not in _ALONE_SAID:
        _ALONE_SAID[key] = ALONE.say(question.id, lang) if question.id in ALONE else None
    said = _ALONE_SAID[key]
    return question.text(lang) if said is None else said


def given_value(field: Field, value: Any, typed: bool, offered: Any = None) -> Any:
    """What an answer gives `field`: an empty typed line takes the default `offered`, any other line is read as
    typed; the value is checked against the field (AnswerProblem where it does not fit)."""
    if typed and offered is not None and not str(value).strip():
        value, typed = offered, False
    if typed:
        value = parse_line(field, typed_line(field, value))
    return checked(field, value)


def typed_line(field: Field, line: str) -> str:
    """A typed line made ready for parse_line: a line break refused where one line is asked, an option's
    label in either language taken for its id (浙江省 for zhejiang; several, for a multi-choice, between commas)."""
    if field.kind in ("yes_no", "choice", "multi", "date", "number") or not field.max_words:
        if len(line.strip().splitlines()) > 1:
            raise AnswerProblem(words("one_line", "en"), words("one_line", "zh"))
    if not field.options or field.kind not in ("choice", "multi") or field.unsure and line.strip().lower() in UNSURE_WORDS:
        return line
    labels = {label.casefold(): o.id for o in field.options for label in (o.label("en"), o.label("zh"))}
    whole = labels.get(line.strip().casefold())
    if whole is not None or field.kind == "choice" and line.strip().casefold() == "":
        return whole or line
    if field.kind == "choice":
        return _option_word(field, line.strip())
    import re

    out = []
    for part in (p.strip() for p in re.split(r"[,，、;；]", line)):
        if part.casefold() in labels:
            out.append(labels[part.casefold()])
        else:
            out += [_option_word(field, word) for word in part.split()]
    return ",".join(out)


def _option_word(field: Field, word: str) -> str:
    """One option as typed (its number, id, or label in either language) -> its id; else the problem in words
    a listener can follow: the numbers and the closest label, not every id."""
    if word.isdecimal() and len(word) <= 3 and 1 <= int(word) <= len(field.options):
        return word
    for option in field.options:
        if word.casefold() in (option.id, option.label("en").casefold(), option.label("zh").casefold()):
            return option.id
    import difflib

    def problem(lang: str) -> str:
        labels = [o.label(lang) for o in field.options]
        near = difflib.get_close_matches(word, labels + list(field.option_ids), n=1, cutoff=0.6) if len(word) <= 100 else []
        hint = near and (field.option(near[0]).label(lang) if field.option(near[0]) else near[0])
        key = "unknown_option_near" if hint else "unknown_option"
        return words(key, lang, value=shown(word), n=len(field.options), hint=hint or "")

    raise AnswerProblem(problem("en"), problem("zh"))
    labels = {label.casefold(): o.id for o in field.options for label in (o.label("en"), o.label("zh"))}
    whole = labels.get(line.strip().casefold())
    if whole is not None:
        return whole
    if field.kind == "multi":
        import re

        parts = [p.strip() for p in re.split(r"[,，、;；]", line)]
        if any(p.casefold() in labels for p in parts):
            return ",".join(labels.get(p.casefold(), p) for p in parts if p)
    return line


def describe_value(field: Field, value: Any, lang: str) -> str:
    """An answer in words, as the shells show it ("yes", "Text, Image", "not sure")."""
    if value is True:
        return "是" if lang == "zh" else "yes"
    if value is False:
        return "否" if lang == "zh" else "no"
    if value is NOT_SURE:
        return "不确定" if lang == "zh" else "not sure"
    if field.options:
        values = value if isinstance(value, list) else [value]
        sep = "、" if lang == "zh" else ", "
        return sep.join(field.option(v).label(lang) if field.option(v) else str(v) for v in values)
    if isinstance(value, list):
        return f"{len(value)} 项" if lang == "zh" else f"{len(value)} item(s)"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- Lists: where an item's next field is ----------------------------------------------


def item_missing(field: Field, item: Mapping[str, Any]) -> Field | None:
    """The first field of a list item still to fill: unanswered, or a list inside it that is empty or unfinished."""
    for sub in field.fields:
        if sub.optional or not sub.applies_in(item):
            continue
        value = item.get(sub.id)
        if value is None:
            return sub
        if sub.kind == "records" and (not value or any(item_missing(sub, inner) for inner in value)):
            return sub
    return None


def list_entry(field: Field, items: list[dict[str, Any]], prefix: tuple) -> tuple:
    """Where to continue a list: the first unfinished item, else a first item, else "add another?"."""
    for n, item in enumerate(items):
        if item_missing(field, item) is not None:
            return item_entry(field, item, n, prefix)
    if not items:
        return item_entry(field, {}, 0, prefix)
    return (*prefix, ANOTHER)


def item_entry(field: Field, item: Mapping[str, Any], n: int, prefix: tuple) -> tuple:
    """Where to continue item `n`: its first field still to fill (inside the list it holds, if that is it)."""
    sub = item_missing(field, item) or field.fields[0]
    if sub.kind == "records":
        return list_entry(sub, list(item.get(sub.id) or []), (*prefix, n, sub.id))
    return (*prefix, n, sub.id)


def list_prompts(field: Field, items: list[dict[str, Any]], prefix: tuple) -> list[tuple]:
    """Every prompt of a list in the order the filer meets them: each item's fields, then "add another?"."""
    out: list[tuple] = []
    for n, item in enumerate(items or [{}]):
        for sub in field.fields:
            if not sub.applies_in(item):
                continue
            if sub.kind == "records":
                out += list_prompts(sub, list(item.get(sub.id) or []), (*prefix, n, sub.id))
            else:
                out.append((*prefix, n, sub.id))
    if items:
        out.append((*prefix, ANOTHER))
    return out


def field_at(question: Field, steps: tuple) -> Field | None:
    """The field a position inside a list asks (ANOTHER_ITEM for "add another?"); None when the steps do not fit."""
    field: Field | None = question
    rest = list(steps)
    while rest:
        if rest == [ANOTHER]:
            return ANOTHER_ITEM
        if len(rest) < 2 or not isinstance(rest[0], int) or field is None:
            return None
        field = field.field(rest[1]) if isinstance(rest[1], str) else None
        rest = rest[2:]
        if rest and (field is None or field.kind != "records"):
            return None
    return field


def items_at(root: list[dict[str, Any]], levels: tuple, create: bool = False) -> list[dict[str, Any]] | None:
    """The list of items at `levels` ((item, field) pairs) inside `root`; created on the way when `create`."""
    items = root
    for n, fid in zip(levels[0::2], levels[1::2]):
        if n == len(items) and create:
            items.append({})
        if not 0 <= n < len(items):
            return None
        inner = items[n].get(fid)
        if inner is None:
            if not create:
                return None
            inner = items[n][fid] = []
        items = inner
    return items


# --- What the shells are shown -----------------------------------------------------------


@dataclass(frozen=True)
class Ask:
    """The question (or list field) waiting for an answer, ready to show."""

    question_id: str
    """The question's id; for a list field, the list's id."""
    key: str
    """The prompt's key: the question id, or `products/1/functions/0/name` inside a list (drafts are kept by it)."""
    field: Field
    """What is asked: the question itself, a field of a list item, or "add another?"."""
    kind: str
    text: str
    help: str
    section: str
    options: tuple[tuple[str, str], ...]
    """(option id, label) in the interview's language."""
    allows_not_sure: bool
    current: Any
    """The answer it has now (asking again), else None."""
    current_words: str | None
    draft: str | None
    """Text typed here earlier and not yet given."""
    list_title: str | None
    """For a list field: the list's question."""
    where: tuple[str, ...]
    """For a list field: where it sits, in words ("item 2", "Functions", "item 1")."""
    max_words: int | None
    steps: tuple = ()
    """Inside a list: the item numbers (from 0) and field ids on the way to this field, e.g. (1, "functions", 0, "name")."""
    default: Any = None
    """The answer offered (assistant/law/derive.py: what earlier answers suggest, or the one option the answers
    allow): an empty answer takes it."""
    default_words: str | None = None
    """The default in words, as a shell shows it."""
    text_alone: str = ""
    """The question as it reads on its own, met out of its order (on resume, after `change`, "add another?"
    after a list's heading): what a line-by-line shell says."""
    one_line: bool = False
    """A text answered on one line: a line break in it is refused."""
    members: tuple[str, ...] = ()
    """Asked together: the questions a checklist or an optional section's "answer these now?" answers, or the
    answers "keep the answers taken from your others?" keeps (their prompt keys); () for one question."""


@dataclass(frozen=True)
class OpenQuestion:
    """A question that applies and is still open, and why."""

    id: str
    text: str
    why: str
    """skipped, not sure, not answered, list not finished (in the interview's language)."""


@dataclass(frozen=True)
class View:
    """What to show after an act: everything a shell needs, in the interview's language."""

    state: str
    lang: str
    ask: Ask | None
    answered: int
    applies: int
    progress: str
    """"12 of 40 questions that apply answered"."""
    progress_note: str | None
    """Why the number of questions that apply changed with the last act, if it did."""
    notice: str | None
    """What the last act did, when that needs saying ("Skipped for now ...")."""
    problem: str | None
    """Why the last act was refused (the answer did not fit, not sure not allowed ...)."""
    saved: bool
    save_problem: str | None
    refused: bool = False
    input_kind: str = "end"
    """What the shell reads next: the kind of what is asked (yes_no, choice, multi, date, text, number), or at
    the end `open_questions` (an empty line goes through them) or `end`."""
    empty_line: str | None = None
    """What an empty line does (`Interview.enter`): keep (the answer asked again), default (the one option
    allowed), ask_open (at the end: the open questions, one by one), leave; None: it is an answer, refused."""
    given: str | None = None
    """The answer the last act gave, in words."""
    transcript: tuple[str, str] | None = None
    """What the last act adds to a transcript of the interview: (the question, the answer in words); None
    when it adds nothing (a refusal, a command, "add another?", whose answer the next prompt shows)."""
    items: tuple["ItemNode", ...] = ()
    """Inside a list: its items, with their fields and inner lists (what list editing shows)."""
    next_algorithm: "NextAlgorithm | None" = None
    """When every question is answered and the service runs another algorithm: the one to file next."""
    _findings: Callable[[], Assessment] | None = dataclass_field(default=None, repr=False, compare=False)
    _open: Callable[[], list[OpenQuestion]] | None = dataclass_field(default=None, repr=False, compare=False)
    _sections: Callable[[], list["SectionProgress"]] | None = dataclass_field(default=None, repr=False, compare=False)
    _opened: dict[str, tuple] = dataclass_field(default_factory=dict, repr=False, compare=False)

    @property
    def sections(self) -> tuple["SectionProgress", ...]:
        """Each section that applies, with how many of its questions are answered (worked out when first asked)."""
        if "sections" not in self._opened:
            self._opened["sections"] = tuple(self._sections()) if self._sections is not None else ()
        return self._opened["sections"]

    @property
    def open(self) -> tuple[OpenQuestion, ...]:
        """The questions still open (unanswered, skipped, not sure, a list unfinished) when the view was made: worked
        out when a shell first asks (most views are shown without them), then kept."""
        if "open" not in self._opened:
            self._opened["open"] = tuple(self._open()) if self._open is not None else ()
        return self._opened["open"]

    @property
    def left_open(self) -> tuple[OpenQuestion, ...]:
        """The questions left open so far: skipped, not sure, or a list left unfinished (not those still ahead)."""
        if "left_open" not in self._opened:
            ahead = words("open_unanswered", self.lang)
            here = self.ask.question_id if self.ask is not None else None
            self._opened["left_open"] = tuple(o for o in self.open if o.why != ahead and o.id != here)
        return self._opened["left_open"]

    @property
    def findings(self) -> Assessment:
        """The assessment of the answers as they stand: worked out only when a shell asks for it."""
        assert self._findings is not None, "a view built by Interview.view() has its findings"
        return self._findings()

    @property
    def finished(self) -> bool:
        return self.ask is None

    @property
    def percent(self) -> int:
        return 100 if not self.applies else round(100 * self.answered / self.applies)


@dataclass(frozen=True)
class SectionProgress:
    """One section of the interview that applies: its title and how many of its questions are answered."""

    id: str
    title: str
    answered: int
    applies: int


@dataclass(frozen=True)
class ItemNode:
    """One item of a list, with its fields in words and the lists inside it."""

    path: tuple
    """Its place: (n,) or (n, "functions", m), as remove_item and edit_item take it."""
    label: str
    """Its name where it has one, else "item N"."""
    where: str
    """How a filer names it in a command: "products 2", "products 2 functions 1" (numbers from 1)."""
    fields: tuple[tuple[str, str, str], ...]
    """(field id, question, answer in words) of each field answered."""
    children: tuple["ItemNode", ...] = ()
    complete: bool = True


@dataclass(frozen=True)
class NextAlgorithm:
    """The next algorithm of the service to file, in an interview of its own (RULES §4)."""

    type: str | None
    label: str
    """Its type in words (or its kinds, where the type is still open)."""
    interview: str | None
    """The name `new --like` gives its interview, where this interview has a name."""
    count: int
    """How many algorithms the service runs."""


@dataclass(frozen=True)
class ReviewRow:
    """One answer in the review: by section, with its state."""

    section: str
    question_id: str
    text: str
    answer: str
    state: str
    """answered, not_sure, open, set_aside, unreadable."""
    items: tuple[ItemNode, ...] = ()
    """A list's items, each with its fields."""
    given: str = ""
    """How the answer was given, in words, where it was not typed by the filer: a default taken, derived,
    imported from a file, copied from another interview (TurboTax-style: what the filer never confirmed)."""


@dataclass(frozen=True)
class Unreadable:
    """An answer in a saved file that this question bank cannot read: kept in the file as it was."""

    key: str
    raw: Any
    reason: str


def answers_from_file(bank: QuestionBank, raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Unreadable]]:
    """Saved answers (as files write them) -> typed answers, and those the bank cannot read, kept apart unchanged."""
    answers: dict[str, Any] = {}
    unreadable: dict[str, Unreadable] = {}
    unknown: dict[str, Any] = {}
    for qid, value in flatten(bank, raw, [], unknown_values=unknown).items():
        try:
            answers[qid] = checked(bank.question(qid), value)
        except AnswerProblem as problem:
            unreadable[qid] = Unreadable(qid, value, problem.en)
    for key, value in unknown.items():
        unreadable[key] = Unreadable(key, value, "no such question in this version")
    return answers, unreadable


# --- The engine ----------------------------------------------------------------------


class Answers(dict):
    """The answers of an interview: a dict that counts its changes, so that what is worked out from the answers
    is worked out again only when they change. Each item of a list of items (products) is changed in
    place, but no condition names a list, and the answers that count hold the same list."""

    version = 0

    def touch(self) -> None:
        """Count a change (also one made inside an answer: an item of a list changed in place)."""
        self.version += 1

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self.touch()

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self.touch()

    def pop(self, *args: Any) -> Any:
        self.touch()
        return super().pop(*args)

    def popitem(self) -> tuple[str, Any]:
        self.touch()
        return super().popitem()

    def setdefault(self, key: str, default: Any = None) -> Any:
        self.touch()
        return super().setdefault(key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        self.touch()

    def clear(self) -> None:
        super().clear()
        self.touch()

    def __ior__(self, other: Any) -> "Answers":
        self.update(other)
        return self


class Interview:
    """One filer's interview. After every change it calls `on_change(snapshot)`, so a session saves at once."""

    state: str  # set by the transitions machine

    def __init__(
        self,
        bank: QuestionBank | None = None,
        answers: Mapping[str, Any] | None = None,
        *,
        lang: str = "en",
        history: list[str] | None = None,
        passed: list[str] | None = None,
        position: list[Any] | None = None,
        drafts: Mapping[str, str] | None = None,
        unreadable: Mapping[str, Unreadable] | None = None,
        on_change: Callable[[dict[str, Any]], None] | None = None,
        today: dt.date | None = None,
        provenance: Mapping[str, str] | None = None,
        name: str | None = None,
        unconfirmed: list[str] | None = None,
        one_by_one: list[str] | None = None,
    ):
        from transitions import Machine, MachineError  # ~35 ms; only the interactive shells build an Interview

        self._machine_error = MachineError
        self.bank = bank or load_bank()
        self.answers = copy.deepcopy(dict(answers or {}))
        self.lang = lang if lang in ("en", "zh") else "en"
        self.history: list[str] = list(history or [])
        self.passed: list[str] = [q for q in (passed or []) if q in self.bank.by_id or q == CONFIRM]
        """Questions left for later in this pass (skipped, or not sure): asked again once the rest is done."""
        self.drafts: dict[str, str] = dict(drafts or {})
        """Text typed at a prompt and not yet given as its answer, by prompt key."""
        self.unreadable: dict[str, Unreadable] = dict(unreadable or {})
        self.on_change = on_change
        self.today = today
        self.provenance: dict[str, str] = {k: v for k, v in (provenance or {}).items() if v in PROVENANCE}
        """How each answer was given, by prompt key (PROVENANCE)."""
        self.name = name
        """The name the interview is saved under, where a session holds it."""
        self.unconfirmed: list[str] = [k for k in (unconfirmed or []) if isinstance(k, str)]
        """Defaults taken on the way (prompt keys), not yet confirmed: "keep the answers taken from your others?"
        asks once everything else is asked; no asks each of them again, its default offered."""
        self.one_by_one: list[str] = [k for k in (one_by_one or []) if isinstance(k, str)]
        """What the filer asked to answer one at a time: a checklist or optional section (`group:ID`), a default
        declined at the confirmation (its prompt key): asked alone, the default offered, never taken unasked."""
        self._asked_alone: str | None = None
        """A question `change` asked for: asked on its own (no checklist, no default taken), while the filer is there."""
        self._together_memo: tuple[tuple, Any] | None = None
        """What `_together` found, with the state it found it in."""
        self.answered_at: dt.datetime | None = None
        """When the answers were last saved (the session sets it): the time a summary is of."""
        self._open_round = False
        """Going through the open questions at the end: the not-sure ones come in turn with the skipped."""
        self._given: str | None = None
        self._said: tuple[str, str] | None = None
        self.position: tuple | None = None
        self._assessment: Assessment | None = None
        self._effective: tuple[int, tuple[list[Question], dict[str, Any]]] | None = None
        """The questions asked and the answers that count, with the version of the answers they are of."""
        self._held_today: dt.date | None = None
        """Today, held for an act and while a view is built."""
        self._todo_cache: tuple[list[str], int, int] | None = None
        self._counts = self._count()
        self._notice: str | None = None
        self._problem: str | None = None
        self._note: str | None = None
        self._save_problem: str | None = None
        self._last_saved: dict[str, Any] | None = None
        self._return_to: tuple | None = None
        self.position = self._valid_position(tuple(position or ())) or self._next_position()
        self._pending: str | None = None
        self._blocked = False
        self._state_certain()  # what follows from the answers is stated before anything is asked
        self._counts = self._count()
        initial = next(state for state, test in PLACES.items() if getattr(self, test)())
        self.machine = Machine(model=self, states=STATES, transitions=TRANSITIONS, initial=initial, auto_transitions=False)

    # --- Reading the interview --------------------------------------------------------

    def asked(self) -> list[Question]:
        """The questions that apply to the answers so far, in order."""
        return list(self._asked_and_counted()[0])

    def counted(self) -> dict[str, Any]:
        """The answers whose questions apply: what the rules, the record and the summary see."""
        return dict(self._asked_and_counted()[1])

    @property
    def answers(self) -> Answers:
        """Every answer given, by question id (set-aside ones too): a dict that counts its changes."""
        return self._answers

    @answers.setter
    def answers(self, answers: Mapping[str, Any]) -> None:
        self._answers = answers if isinstance(answers, Answers) else Answers(answers)

    def _asked_and_counted(self) -> tuple[list[Question], dict[str, Any]]:
        """`bank.effective(answers)`, worked out again only once the answers have changed: an act reads it
        a dozen times over the same answers."""
        version = self._answers.version
        if self._effective is None or self._effective[0] != version:
            self._effective = (version, self.bank.effective(self._answers))
        return self._effective[1]

    def set_aside(self) -> dict[str, Any]:
        """Answers kept although their question no longer applies; they count again if it does."""
        counted = self.counted()
        return {k: v for k, v in self.answers.items() if k not in counted}

    @property
    def assessment(self) -> Assessment:
        if self._assessment is None:
            self._assessment = assess(self.bank, self.answers, self.today)
        return self._assessment

    @property
    def complete(self) -> bool:
        return self.assessment.complete

    def is_open(self, question: Question) -> bool:
        """Still to answer: unanswered, not sure, or a list empty or unfinished."""
        value = self.answers.get(question.id)
        if value is None or value is NOT_SURE:
            return True
        return question.kind == "records" and (not value or any(item_missing(question, item) for item in value))

    def open_questions(self) -> list[OpenQuestion]:
        out = []
        said: dict[str, str] = {}  # each reason worded once: most of the questions are open early on
        for question in self.asked():
            if question.optional or not self.is_open(question):
                continue
            value = self.answers.get(question.id)
            if value is NOT_SURE:
                why = "open_not_sure"
            elif value is not None:
                why = "open_incomplete"
            elif question.id in self.passed:
                why = "open_skipped"
            else:
                why = "open_unanswered"
            if why not in said:
                said[why] = words(why, self.lang)
            out.append(OpenQuestion(question.id, alone_text(question, self.lang), said[why]))
        taken = self._unconfirmed_now()
        if taken:
            # Still ahead until everything else is asked; left open once skipped (or at the end).
            left = CONFIRM in self.passed or self.position is None
            why = words("open_to_confirm", self.lang, n=len(taken)) if left else words("open_unanswered", self.lang)
            out.append(OpenQuestion(CONFIRM, words("confirm_title", self.lang), why))
        return out

    def sections(self) -> list[SectionProgress]:
        """Each section that applies, in order, with how many of its questions (those a filing needs) are answered."""
        counts: dict[str, list[int]] = {}
        for question in self.asked():
            if question.optional:
                continue
            count = counts.setdefault(question.section, [0, 0])
            count[0] += not self.is_open(question)
            count[1] += 1
        return [SectionProgress(sid, self.bank.section(sid).title(self.lang), a, n) for sid, (a, n) in counts.items()]

    def item_tree(self, qid: str) -> tuple[ItemNode, ...]:
        """The items of list `qid` with their fields in words, and the lists inside them."""
        value = self.answers.get(qid)
        if qid not in self.bank.by_id or not isinstance(value, list):
            return ()
        return self._item_nodes(self.bank.question(qid), value, (), qid)

    def _item_nodes(self, field: Field, items: list, path: tuple, where: str) -> tuple[ItemNode, ...]:
        lang, out = self.lang, []
        for n, item in enumerate(items):
            here, named = (*path, n), f"{where} {n + 1}"
            fields, children = [], ()
            for sub in field.fields:
                value = item.get(sub.id)
                if value is None or not sub.applies_in(item):
                    continue
                if sub.kind == "records":
                    children += self._item_nodes(sub, list(value), (*here, sub.id), f"{named} {sub.id}")
                else:
                    fields.append((sub.id, sub.text(lang), describe_value(sub, value, lang)))
            label = item["name"] if isinstance(item.get("name"), str) and item["name"] else words("item", lang, n=n + 1)
            out.append(ItemNode(here, label, named, tuple(fields), children, item_missing(field, item) is None))
        return tuple(out)

    def empty_line(self, ask: Ask | None = None) -> str | None:
        """What an empty line does now (see View.empty_line); `ask`, what is asked, where the caller has it."""
        if self.position is None:
            return "ask_open" if self.state == "finished_open" else "leave"
        if self.state == "changing":
            return "keep"
        ask = ask or self._ask()
        return "default" if ask is not None and ask.default is not None else None  # a default of "no" is one too

    def so_far(self) -> str:
        """The roles and filings the answers so far imply, in one line."""
        from assistant.files.summary import role_title

        a, lang = self.assessment, self.lang
        roles = [role_title(self.bank, key, lang) for key, value in a.roles.items() if value]
        filings = [role_title(self.bank, key, lang) for key in a.filings]
        none = words("none", lang)
        sep = "、" if lang == "zh" else ", "
        return words("so_far", lang, roles=sep.join(roles) or none, filings=sep.join(filings) or none)

    def report(self, what: str, fmt: str = "text") -> str:
        """The summary (of the company and the time of the answers), the form (in Chinese, as the filing system
        asks it: CONTRACT §8) or the check, of the answers as they stand."""
        a = self.assessment
        if what == "summary":
            from assistant.files.summary import render

            return render(self.bank, a, fmt, self.lang, answers=self.answers, as_of=self.answered_at)
        if what == "form":
            from assistant.files.form import filled_forms, render_all

            return render_all(filled_forms(self.bank, self.answers, "zh", assessment=a)).rstrip("\n")
        from assistant.files.check import check, render as render_check

        return render_check(check(self.bank, self.answers, self.lang, assessment=a)).rstrip("\n")

    def write_drafts(self, folder: str) -> list[str]:
        """The drafts of the documents owed, as .docx in `folder` (in Chinese, the filing's language): what was
        written, or why nothing is owed. A folder that will not do: BadInput."""
        from pathlib import Path

        from assistant.files.drafts import drafts_folder, not_owed_reason, packages_for, write_drafts

        a = self.assessment
        documents = packages_for(self.bank, self.answers, "zh", assessment=a)
        target = drafts_folder(Path(folder).expanduser())
        return write_drafts(documents, target, "docx", self.lang) if documents else [not_owed_reason(a, self.lang)]

    def next_algorithm(self) -> NextAlgorithm | None:
        """The service's next algorithm to file in an interview of its own, where it runs more than one."""
        a = self.assessment
        if len(a.algorithms) < 2:
            return None
        this = a.this_algorithm
        mine = set(this.types) if this else set()
        other = next((al for al in a.algorithms if al is not this and not set(al.types) & mine), None)
        if other is None:
            return None
        kind = other.types[0] if other.types else None
        question = self.bank.by_id.get("algorithm.type")
        option = question.option(kind) if question is not None and kind else None
        label = option.label(self.lang) if option else "+".join(other.kinds)
        interview = f"{self.name}-{kind}" if self.name and kind else None
        return NextAlgorithm(kind, label, interview, len(a.algorithms))

    def review(self) -> list[ReviewRow]:
        """Every answer by section: the questions that apply (answered, not sure, open), then those set aside."""
        lang, rows = self.lang, []
        asked = self.asked()
        applies = {q.id for q in asked}
        for question in asked:
            value = self.answers.get(question.id)
            section = self.bank.section(question.section).title(lang)
            if value is None:
                state, shown_value = ("unreadable", shown(self.unreadable[question.id].raw)) if question.id in self.unreadable else ("open", "")
            elif value is NOT_SURE:
                state, shown_value = "not_sure", describe_value(question, value, lang)
            else:
                state = "open" if self.is_open(question) else "answered"
                shown_value = describe_value(question, value, lang)
            how = self.provenance.get(question.id, "typed") if value is not None else "typed"
            if question.kind == "records" and value is not None:
                # A list: the way most of its fields were given, other than typed (copied products).
                ways = [v for k, v in self.provenance.items() if k.startswith(question.id + "/") and v != "typed"]
                how = max(set(ways), key=ways.count) if ways else "typed"
            given = "" if how == "typed" else words(f"provenance_{how}", lang)
            items = self.item_tree(question.id) if question.kind == "records" else ()
            rows.append(ReviewRow(section, question.id, question.text(lang), shown_value, state, items, given))
        for qid, value in self.answers.items():
            if qid not in applies:
                question = self.bank.question(qid)
                section = self.bank.section(question.section).title(lang)
                rows.append(ReviewRow(section, qid, question.text(lang), describe_value(question, value, lang), "set_aside"))
        for key, entry in self.unreadable.items():
            if key not in applies:
                rows.append(ReviewRow("", key, key, shown(entry.raw), "unreadable"))
        return rows

    def unreadable_notice(self, lang: str | None = None) -> str | None:
        """What to tell the filer on resume about saved answers this version cannot read."""
        # An answer given since replaces it in the interview; the old value stays in the file all the same.
        waiting = [u for u in self.unreadable.values() if u.key not in self.answers]
        if not waiting:
            return None
        which = "; ".join(f"{u.key} = {shown(u.raw, 30)} ({u.reason})" for u in waiting)
        return words("unreadable", lang or self.lang, n=len(waiting), which=which)

    def imported_notice(self, lang: str | None = None) -> str | None:
        """On resume: how many answers came from an answers file (a consultant's `import`) and are not confirmed yet."""
        imported = [k for k, how in self.provenance.items() if how == "imported" and "/" not in k and k in self.answers]
        if not imported:
            return None
        return words("imported_notice", lang or self.lang, n=len(imported))

    def where_words(self, lang: str | None = None) -> str:
        """Where the filer is, in words: the question, and inside a list the item and field."""
        ask = self._ask(lang)
        if ask is None:
            return words("the_end", lang or self.lang)
        if ask.steps and ask.steps[-1] == ANOTHER:
            return ask.text_alone  # it names its list
        if ask.list_title:
            return " — ".join([ask.list_title, " / ".join(ask.where), ask.text_alone])
        return ask.text_alone

    def view(self) -> View:
        """What to show now, without acting."""
        with self._holding():
            return self._view()

    @contextlib.contextmanager
    def _holding(self) -> Iterator[None]:
        """While a view is built, or an act is taken, today's date is worked out once; then let go of (an
        interview left open over midnight takes the new day at its next act)."""
        if self._held_today is not None:
            yield
            return
        self._held_today = self._today()
        try:
            yield
        finally:
            self._held_today = None

    def _view(self) -> View:
        answered, applies = self._counts
        # The open questions, worked out when a shell first asks for them (at the end, `open`): a shell reads a
        # view before its next act, while the answers are as the view shows them.
        opened = self.open_questions
        ask = self._ask()
        if ask is not None:
            input_kind = ask.kind
        else:
            input_kind = "open_questions" if self.state == "finished_open" else "end"
        return View(
            state=self.state,
            lang=self.lang,
            ask=ask,
            answered=answered,
            applies=applies,
            # Before the first answer only the first question is known to apply: "0 of 1" would mislead.
            progress=words("progress_start" if not answered and applies <= 1 else "progress", self.lang, answered=answered, applies=applies),
            progress_note=self._note,
            notice=self._notice,
            problem=self._problem,
            saved=self._save_problem is None,
            save_problem=self._save_problem,
            refused=self._problem is not None,
            input_kind=input_kind,
            empty_line=self.empty_line(ask),
            given=self._given,
            transcript=self._said,
            items=self.item_tree(self.position[0]) if self.position and len(self.position) > 1 else (),
            next_algorithm=self.next_algorithm() if self.state == "finished" else None,
            _findings=lambda: self.assessment,
            _open=opened,
            _sections=self.sections,
        )

    # --- The acts ------------------------------------------------------------------------

    def answer(self, value: Any) -> View:
        """Answer what is asked with a value (True, an option id, a list of ids, a date, text, NOT_SURE)."""
        return self._act("act_answer", value, False)

    def answer_line(self, line: str) -> View:
        """Answer what is asked with a typed line (`y`, `2`, `text, image`, `2027-03-01`, 是)."""
        return self._act("act_answer", line, True)

    def not_sure(self) -> View:
        return self._act("act_not_sure")

    def keep(self) -> View:
        """Leave what is asked as it is (asked again: keep its answer) and go back to where the filer was before `change`."""
        return self._act("act_keep")

    def skip(self) -> View:
        """Leave the question for later; a list keeps every item entered."""
        return self._act("act_skip")

    def back(self) -> View:
        """The prompt before this one: the previous field of a list item, else the previous question."""
        return self._act("act_back")

    def change(self, qid: str) -> View:
        """Ask an answered question again (a list: add to it)."""
        return self._act("act_change", qid)

    def add_item(self, qid: str, levels: tuple = ()) -> View:
        """Start a new item at the end of a list (`levels`: inside item n's list `field`, as (n, field) pairs)."""
        return self._act("act_add_item", qid, tuple(levels))

    def remove_item(self, qid: str, item: tuple) -> View:
        """Remove an item: `item` is its place, (n,) or (n, "functions", m)."""
        return self._act("act_remove_item", qid, tuple(item))

    def edit_item(self, qid: str, item: tuple, field_id: str, value: Any, typed: bool = False) -> View:
        """Change one field of an item in place; `typed`: `value` is a line as typed (`y`, `2`, text)."""
        return self._act("act_edit_item", qid, tuple(item), field_id, value, typed)

    def enter(self) -> View:
        """An empty line: keep the answer asked again, take the one option allowed, go through the open
        questions at the end, or leave (View.empty_line says which); elsewhere it is an answer, refused."""
        how = self.empty_line()
        if how == "keep":
            return self.keep()
        if how == "ask_open":
            return self.ask_open()
        if how == "leave":
            return self.leave()
        return self.answer_line("")

    def remove(self, which: str = "") -> View:
        """Remove a list item named as typed: nothing inside an item (that item), `products 2`, or
        `products 2 functions 1` (numbers from 1)."""
        try:
            qid, item = self._item_named(which)
        except AnswerProblem as problem:
            self._notice = self._note = self._given = self._said = None
            self._problem = problem.text(self.lang)
            return self.view()
        return self.remove_item(qid, item)

    def _item_named(self, which: str) -> tuple[str, tuple]:
        words_ = which.split()
        if not words_:
            steps = self.position[1:] if self.position else ()
            if len(steps) < 2 or steps[-1] == ANOTHER:
                raise AnswerProblem(words("remove_which", "en"), words("remove_which", "zh"))
            return self.position[0], tuple(steps[:-1])  # type: ignore[index]
        qid, rest = words_[0], words_[1:]
        item: list[Any] = []
        for n, step in enumerate(rest):
            if n % 2 == 0:
                if not step.isdecimal() or not 1 <= int(step) <= MAX_ITEMS:
                    raise AnswerProblem(words("remove_which", "en"), words("remove_which", "zh"))
                item.append(int(step) - 1)
            else:
                item.append(step)
        if len(item) % 2 != 1:
            raise AnswerProblem(words("remove_which", "en"), words("remove_which", "zh"))
        return qid, tuple(item)

    def ask_open(self) -> View:
        """At the end: go through the open questions again, one by one."""
        return self._act("act_ask_open")

    def set_lang(self, lang: str) -> View:
        return self._act("act_language", lang)

    def leave(self) -> View:
        """End the sitting; everything is saved, the position too."""
        return self._act("act_leave")

    def keep_draft(self, text: str, key: str | None = None) -> None:
        """Keep (or, when empty, drop) text typed at the current prompt but not yet given; saved like an answer.

        A draft is kept up to the length any answer may have; what is typed
        beyond it could never be given as an answer anyway.
        """
        ask = self._ask()
        key = key or (ask.key if ask else None)
        if key is None:
            return
        text = text[:MAX_TEXT_CHARS]
        if self.drafts.get(key, "") == text:
            return
        if text:
            self.drafts[key] = text
        else:
            self.drafts.pop(key, None)
        self._save()

    def mark_saved(self) -> None:
        """The file holds the interview as it is now (a session just read or wrote it): the next save only if it changes."""
        self._last_saved = self.snapshot()

    def new_sitting(self) -> View:
        """A sitting starts: at the end with open questions, go through them (a finished interview is never a dead end)."""
        self._notice = self._problem = self._note = self._given = self._said = None
        if self.state == "finished_open":
            return self.ask_open()
        return self.view()

    # --- The machine's guards ---------------------------------------------------------

    def allows_not_sure(self, *args: Any) -> bool:
        ask = self._ask()
        return ask is not None and ask.allows_not_sure

    def can_go_back(self, *args: Any) -> bool:
        return self._previous_position() is not None

    def can_change(self, qid: str, *args: Any) -> bool:
        return qid in self.bank.by_id and any(q.id == qid for q in self.asked())

    def is_list_that_applies(self, qid: str, levels: tuple = (), *args: Any) -> bool:
        if not self.can_change(qid) or self.bank.question(qid).kind != "records":
            return False
        if not levels:
            return True
        root = self.answers.get(qid)
        return isinstance(root, list) and items_at(root, levels) is not None or _is_new_list(root, levels)

    def has_item(self, qid: str, item: tuple, *args: Any) -> bool:
        if qid not in self.bank.by_id or self.bank.question(qid).kind != "records" or len(item) % 2 != 1:
            return False
        root = self.answers.get(qid)
        if not isinstance(root, list):
            return False
        items = items_at(root, item[:-1])
        return items is not None and isinstance(item[-1], int) and 0 <= item[-1] < len(items)

    # --- Where the filer stands (the states' tests, PLACES) ---------------------------------

    def lands_finished(self, *args: Any) -> bool:
        return self.position is None and not self._todo()[0] and not self._unconfirmed_now()

    def lands_finished_open(self, *args: Any) -> bool:
        return self.position is None and bool(self._todo()[0] or self._unconfirmed_now())

    def lands_another_item(self, *args: Any) -> bool:
        return self.position is not None and len(self.position) > 1 and self.position[-1] == ANOTHER

    def lands_in_item(self, *args: Any) -> bool:
        return self.position is not None and len(self.position) > 1 and self.position[-1] != ANOTHER

    def lands_confirming(self, *args: Any) -> bool:
        return self.position == (CONFIRM,)

    def lands_changing(self, *args: Any) -> bool:
        return self._at_question() and self.answers.get(self.position[0]) is not None  # type: ignore[index]

    def lands_asking(self, *args: Any) -> bool:
        return self._at_question() and self.answers.get(self.position[0]) is None  # type: ignore[index]

    def _at_question(self) -> bool:
        return self.position is not None and len(self.position) == 1 and self.position[0] != CONFIRM

    def _prepare(self, *args: Any) -> None:
        """The act's change, once, before the machine tests where it lands (each landing's `prepare`)."""
        if self._pending is None:
            return
        take, self._pending = self._pending, None
        getattr(self, take)(*args)
        self.answers.touch()  # an item of a list changed in place is a change too
        self._assessment = None
        self._todo_cache = None
        if self.position == (CONFIRM,) and not self._unconfirmed_now():
            self.position = self._next_position()  # nothing left to confirm (an item removed, each answer typed over)
        if self._asked_alone is not None and (self.position is None or self.position[0] != self._asked_alone):
            self._asked_alone = None  # the question `change` asked for is behind the filer
        self._state_certain()  # a question the answers now settle is stated, not asked (assistant/law/derive.py)
        if self.position is None:
            self._open_round = False

    def _refused(self, *args: Any) -> None:
        self._blocked = True

    # --- What each act does (the machine's `before` callbacks) -------------------------------

    def _take_answer(self, value: Any, typed: bool) -> None:
        assert self.position is not None
        if self.position == (CONFIRM,):
            return self._take_confirmation(value, typed)
        together = self._together()
        if together is not None:
            return self._take_together(*together, value, typed)
        qid, steps = self.position[0], self.position[1:]
        question = self.bank.question(qid)
        if not steps:
            # Only the options the answers allow (algorithm.type: the algorithms the service shows).
            question = narrowed(question, self.answers)
            offered = self._offered(question, self.answers.get(qid))
            value = given_value(question, value, typed, offered)
            self._given = describe_value(question, value, self.lang)
            self._said = (question.text(self.lang), self._given)
            self._store(qid, value)
            self.provenance[qid] = "default" if offered is not None and value == offered else "typed"
            self._notice = self._disagreement(qid)
            if value is NOT_SURE:
                self._pass(qid)
                self._notice = words("not_sure_kept", self.lang)
            self.position = self._returned() or self._next_position()
            return
        field = field_at(question, steps)
        assert field is not None
        offered = None
        if steps[-1] != ANOTHER:
            # Offered only where the field has no answer yet (back to a product's status keeps what it has).
            before = self.answers.get(qid)
            items = items_at(before, steps[:-2]) if isinstance(before, list) else None
            existing = items[steps[-2]].get(steps[-1]) if items is not None and steps[-2] < len(items) else None
            offered = self._offered(field, existing)
        value = given_value(field, value, typed, offered)
        self._given = describe_value(field, value, self.lang)
        if steps[-1] != ANOTHER:
            self._said = (field.text(self.lang), self._given)
        if steps[-1] == ANOTHER and value is True or steps[-1] != ANOTHER and steps[-2] >= MAX_ITEMS:
            self._check_room(qid, steps[:-1] if steps[-1] == ANOTHER else steps[:-2])
        self.drafts.pop(self._key(self.position), None)
        if steps[-1] == ANOTHER:
            self.position = self._after_another(qid, steps[:-1], value is True)
            return
        root = self.answers.setdefault(qid, [])
        if not isinstance(root, list):
            root = self.answers[qid] = []
        items = items_at(root, steps[:-2], create=True)
        assert items is not None
        n = steps[-2]
        if n == len(items):
            items.append({})
        items[n][steps[-1]] = value
        self.provenance[self._key(self.position)] = "default" if offered is not None and value == offered else "typed"
        self._confirmed(self._key(self.position))
        self._remember(qid)
        self._unpass(qid)
        self.position = (qid, *self._after_field(question, root, steps[:-2], n))

    def _take_together(self, group: Group, members: list[Question], value: Any, typed: bool) -> None:
        """A checklist's line (each statement chosen is yes, the others no; "not sure of some" asks them one
        at a time), or an optional section's "answer these now?" (no leaves them for later)."""
        field = self._group_field(group, members)
        key = "group:" + group.id
        value = given_value(field, value, typed, field.default)
        if group.kind == "checklist" and len(value) > 1 and {EACH, NONE} & set(value):
            raise AnswerProblem(words("together_alone", "en"), words("together_alone", "zh"))
        self._given = describe_value(field, value, self.lang)
        self._said = (field.text(self.lang), self._given)
        self.drafts.pop(key, None)
        if value is True or value == [EACH]:
            self.one_by_one.append(key)  # asked one at a time, from the first
            self._notice = words("one_at_a_time", self.lang)
            return
        if value is False:
            for question in members:
                self._pass(question.id)
            self._notice = words("together_later", self.lang, n=len(members))
        else:
            for question in members:
                self._store(question.id, _statement_id(question.id) in value)
        self.position = self._returned() or self._next_position()

    def _pass_together(self) -> None:
        """Skip or keep at a checklist or an optional section: everything the line asked is left for later."""
        together = self._together()
        for question in together[1] if together is not None else ():
            self._pass(question.id)

    def _take_confirmation(self, value: Any, typed: bool) -> None:
        """Keep the defaults taken on the way (yes, an empty line), or ask each of them again (no)."""
        keys = self._unconfirmed_now()
        field = self._confirmation_field(keys)
        value = given_value(field, value, typed, field.default)
        self._given = describe_value(field, value, self.lang)
        self._said = (words("confirm_title", self.lang), self._given)
        self.drafts.pop(CONFIRM, None)
        self.unconfirmed = []
        if value is True:
            self._notice = words("confirm_kept", self.lang, n=len(keys))
        else:
            for key in keys:
                self._drop_default(key)
                if key not in self.one_by_one:
                    self.one_by_one.append(key)
            self._notice = words("confirm_each", self.lang, n=len(keys))
        self.position = self._next_position()

    def _take_not_sure(self) -> None:
        assert self.position is not None
        question = self.bank.question(self.position[0])
        self._given = describe_value(question, NOT_SURE, self.lang)
        self._said = (question.text(self.lang), self._given)
        self._store(self.position[0], NOT_SURE)
        self._pass(self.position[0])
        self._notice = words("not_sure_kept", self.lang)
        self.position = self._next_position()

    def _take_keep(self) -> None:
        assert self.position is not None
        self._pass_together()
        if self.is_open(self.bank.question(self.position[0])):
            self._pass(self.position[0])  # left open again: it waits with the others, not before them
        self._notice = words("kept", self.lang)
        self.position = self._returned() or self._next_position()

    def _take_skip(self) -> None:
        assert self.position is not None
        qid = self.position[0]
        if qid == CONFIRM:  # the defaults taken stay as taken, to confirm with the open questions
            self._pass(CONFIRM)
            self._notice = words("skipped", self.lang)
            self.position = self._next_position()
            return
        self._pass_together()
        if self.is_open(self.bank.question(qid)):
            self._pass(qid)
            self._notice = words("skipped", self.lang)
        else:
            self._notice = words("kept", self.lang)
        self.position = self._returned() or self._next_position()

    def _take_back(self) -> None:
        self._return_to = None
        self.position = self._previous_position()

    def _take_change(self, qid: str) -> None:
        question = self.bank.question(qid)
        self._unpass(qid)
        self._asked_alone = qid  # asked as itself: no checklist, no default taken without asking
        if self.position is not None and self.position[0] != qid:
            self._return_to = self.position  # where keep, or the answer, takes the filer back to
        if question.kind == "records":
            root = self.answers.get(qid)
            items = root if isinstance(root, list) else []
            self.position = (qid, *list_entry(question, items, ()))
        else:
            self.position = (qid,)

    def _take_add_item(self, qid: str, levels: tuple = ()) -> None:
        question = self.bank.question(qid)
        root = self.answers.get(qid)
        items = (items_at(root, levels) if isinstance(root, list) else None) or []
        list_field = question if not levels else question_field(question, levels)
        self._check_room(qid, levels)
        self._unpass(qid)
        self.position = (qid, *item_entry(list_field, {}, len(items), levels))

    def _check_room(self, qid: str, levels: tuple) -> None:
        """A new item only where the list holds fewer than MAX_ITEMS (CONTRACT §2: what is saved can be read back)."""
        root = self.answers.get(qid)
        items = (items_at(root, levels) if isinstance(root, list) else None) or []
        if len(items) >= MAX_ITEMS:
            raise AnswerProblem(words("list_full", "en", max=MAX_ITEMS), words("list_full", "zh", max=MAX_ITEMS))

    def _take_remove_item(self, qid: str, item: tuple) -> None:
        question = self.bank.question(qid)
        items = items_at(self.answers[qid], item[:-1])
        assert items is not None
        removed = items.pop(item[-1])
        # The items after it move up: a default of theirs still to confirm counts as kept (never another's answer).
        self.unconfirmed = [k for k in self.unconfirmed if not k.startswith(qid + "/")]
        label = removed.get("name") if isinstance(removed.get("name"), str) else words("item", self.lang, n=item[-1] + 1)
        self._notice = words("removed", self.lang, what=label)
        if self.position is not None and self.position[0] == qid:
            self.position = (qid, *list_entry(question, self.answers[qid], ()))
        elif self.position is None:
            # At the end, a removal can reopen the list: continue where resuming would (it computes the same).
            self.position = self._next_position()

    def _take_edit_item(self, qid: str, item: tuple, field_id: str, value: Any, typed: bool = False) -> None:
        question = self.bank.question(qid)
        list_field = question if len(item) == 1 else question_field(question, item[:-1])
        sub = list_field.field(field_id)
        if sub is None or sub.kind == "records":
            raise AnswerProblem(f"no field {shown(field_id)} to edit", f"没有可编辑的字段 {shown(field_id)}")
        items = items_at(self.answers[qid], item[:-1])
        assert items is not None
        items[item[-1]][field_id] = given_value(sub, value, typed)
        key = self._key((qid, *item, field_id))
        self.provenance[key] = "typed"
        self._confirmed(key)
        if self.position is None:
            # At the end, an edit can reopen the item ("other" now wants its description): continue
            # where resuming would (it computes the same).
            self.position = self._next_position()

    def _take_ask_open(self) -> None:
        todo = {*self._todo()[0], CONFIRM}
        self.passed = [q for q in self.passed if q not in todo]
        self._open_round = True
        self.position = self._next_position()

    def _take_language(self, lang: str) -> None:
        if lang not in ("en", "zh"):
            raise AnswerProblem(f"no language {shown(lang)}: en or zh", f"没有语言 {shown(lang)}：en 或 zh")
        self.lang = lang

    def _take_leave(self) -> None:
        pass

    # --- Internals -----------------------------------------------------------------------

    def _act(self, trigger: str, *args: Any) -> View:
        with self._holding():  # one day for the whole act, its change, its save and its view
            return self._act_now(trigger, *args)

    def _act_now(self, trigger: str, *args: Any) -> View:
        # Every `_take_*` checks what it is given before it changes anything, so an act refused with an
        # AnswerProblem leaves the interview as it was (the dialog property test holds it to that).
        self._notice = self._problem = self._note = self._given = self._said = None
        self._pending, self._blocked = "_take_" + trigger.removeprefix("act_"), False
        try:
            done = getattr(self, trigger)(*args)
        except AnswerProblem as problem:
            self._problem = problem.text(self.lang)
            return self.view()
        except self._machine_error:
            done = False
        finally:
            taken, self._pending = self._pending is None, None
        if taken and not done:
            raise AssertionError(f"{trigger} changed the interview and landed in no state: ACTS misses one")
        if not done or self._blocked:
            self._problem = self._refusal(trigger, *args)
            return self.view()
        old_applies = self._counts[1]
        self._counts = self._count()
        grown = self._counts[1] - old_applies
        stated = self._note  # what _state_certain stated, if anything: it moved the count of answers
        if grown:
            key = ("more_apply" if grown > 0 else "fewer_apply") + ("_one" if abs(grown) == 1 else "")
            self._note = words(key, self.lang, n=abs(grown))
        if stated and self._note != stated:
            self._note = f"{self._note} {stated}"
        self._save()
        return self.view()

    def _refusal(self, trigger: str, *args: Any) -> str:
        if trigger == "act_not_sure":
            return words("not_sure_refused", self.lang)
        if trigger == "act_back":
            return words("no_back", self.lang)
        if trigger in ("act_change", "act_add_item", "act_remove_item", "act_edit_item") and args:
            qid = args[0]
            if qid not in self.bank.by_id:
                return words("no_such_question", self.lang, qid=shown(qid))
            if not any(q.id == qid for q in self.asked()):
                return words("does_not_apply", self.lang, qid=qid)
            if trigger != "act_change" and self.bank.question(qid).kind != "records":
                return words("not_a_list", self.lang, qid=qid)
            if trigger != "act_change":
                return words("no_item", self.lang)
        return words("not_now", self.lang)

    def _save(self) -> None:
        if self.on_change is None:
            return
        snapshot = self.snapshot()
        if snapshot == self._last_saved:
            return  # nothing changed: the file already holds it (a refused act, `leave` after a save)
        try:
            self.on_change(snapshot)
            self._last_saved = snapshot
            self._save_problem = None
        except BadInput as error:
            # The change stays in memory; the file still holds everything before it.
            self._save_problem = "; ".join(error.lines(self.lang))

    def _todo(self) -> tuple[list[str], int, int]:
        """What is still to answer, how many are answered, how many apply: cheaper than the whole assessment,
        which an act needs only when a shell asks for the findings."""
        if self._todo_cache is None:
            self._todo_cache = todo_for(self.bank, self.answers, effective=self._asked_and_counted())
        return self._todo_cache

    def _count(self) -> tuple[int, int]:
        _, answered, applies = self._todo()
        return answered, applies

    def _store(self, qid: str, value: Any, how: str = "typed") -> None:
        self.answers[qid] = value
        self.provenance[qid] = how
        self._confirmed(qid)
        self.drafts.pop(qid, None)
        self._unpass(qid)
        self._remember(qid)

    def _remember(self, qid: str) -> None:
        # The order answers were first given: what the transcript replays on resume.
        if qid not in self.history:
            self.history.append(qid)

    def _pass(self, qid: str) -> None:
        if qid not in self.passed:
            self.passed.append(qid)

    def _unpass(self, qid: str) -> None:
        if qid in self.passed:
            self.passed.remove(qid)

    def _returned(self) -> tuple | None:
        """Where the filer was before `change` took them elsewhere, if that place still fits the answers.

        A question still open earlier in the interview (the change made it apply) comes first.
        """
        back, self._return_to = self._return_to, None
        if back is None or (self.position is not None and back[0] == self.position[0]):
            return None
        back = self._valid_position(back)
        upcoming = self._next_position()
        if back is None or upcoming is None or CONFIRM in (back[0], upcoming[0]):
            return back
        order = {q.id: n for n, q in enumerate(self.asked())}
        return upcoming if order[upcoming[0]] < order[back[0]] else back

    def _next_position(self, include_not_sure: bool | None = None) -> tuple | None:
        """The first question that applies, is open and was not left for later in this pass (not sure ones
        too while going through the open questions at the end); then the defaults taken, to confirm; then the
        optional questions."""
        if include_not_sure is None:
            include_not_sure = self._open_round
        optional: tuple | None = None
        for question in self.asked():
            if question.id in self.passed or not self.is_open(question):
                continue
            value = self.answers.get(question.id)
            if value is NOT_SURE and not include_not_sure:
                continue
            if question.kind == "records":
                return (question.id, *list_entry(question, list(value) if isinstance(value, list) else [], ()))
            if question.optional:
                optional = optional or (question.id,)
                continue
            return (question.id,)
        # The record is complete before what it can do without: the defaults taken are confirmed first.
        return (CONFIRM,) if CONFIRM not in self.passed and self._unconfirmed_now() else optional

    def _valid_position(self, position: tuple) -> tuple | None:
        """A saved position, if it still fits the bank and the answers."""
        if position == (CONFIRM,):
            return position if self._unconfirmed_now() else None
        if not position or not isinstance(position[0], str) or position[0] not in self.bank.by_id:
            return None
        qid, steps = position[0], position[1:]
        if not any(q.id == qid for q in self.asked()):
            return None
        question = self.bank.question(qid)
        if not steps:
            return None if question.kind == "records" else (qid,)
        if question.kind != "records" or field_at(question, steps) is None:
            return None
        root = self.answers.get(qid)
        if steps[-1] == ANOTHER:
            items = items_at(root, steps[:-1]) if isinstance(root, list) else None
            return position if items else None
        # A field of an item or inner list not started yet is a place the interview asks (a new item's first
        # function, back into an empty list): valid wherever answering it would create them.
        items = items_at(copy.deepcopy(root) if isinstance(root, list) else [], steps[:-2], create=True)
        return position if items is not None and steps[-2] <= len(items) else None

    def _after_field(self, question: Question, root: list, levels: tuple, n: int) -> tuple:
        """After a field of item `n` at `levels`: its next field, else the first unfinished item, else "add another?"."""
        list_field = question if not levels else question_field(question, levels)
        items = items_at(root, levels)
        assert items is not None
        if item_missing(list_field, items[n]) is not None:
            return item_entry(list_field, items[n], n, levels)
        return list_entry(list_field, items, levels)

    def _after_another(self, qid: str, levels: tuple, more: bool) -> tuple | None:
        question = self.bank.question(qid)
        root = self.answers.setdefault(qid, [])
        list_field = question if not levels else question_field(question, levels)
        items = items_at(root, levels) or []
        if more:
            return (qid, *item_entry(list_field, {}, len(items), levels))
        if not levels:
            return self._next_position()
        parent_levels, n = levels[:-2], levels[-2]
        return (qid, *self._after_field(question, root, parent_levels, n))

    def _previous_position(self) -> tuple | None:
        asked = self.asked()
        if self.position is None or self.position == (CONFIRM,):
            return self._last_prompt(asked[-1]) if asked else None
        qid, steps = self.position[0], self.position[1:]
        index = next((i for i, q in enumerate(asked) if q.id == qid), None)
        if index is None:
            return None
        if steps:
            question = self.bank.question(qid)
            root = copy.deepcopy(self.answers.get(qid)) if isinstance(self.answers.get(qid), list) else []
            if steps[-1] != ANOTHER:
                items_at(root, steps[:-2], create=True)
                inner = items_at(root, steps[:-2])
                if inner is not None and steps[-2] == len(inner):
                    inner.append({})
            prompts = list_prompts(question, root, ())
            if steps in prompts and prompts.index(steps) > 0:
                return (qid, *prompts[prompts.index(steps) - 1])
        if index == 0:
            return None
        return self._last_prompt(asked[index - 1])

    def _last_prompt(self, question: Question) -> tuple:
        if question.kind != "records":
            return (question.id,)
        value = self.answers.get(question.id)
        prompts = list_prompts(question, list(value) if isinstance(value, list) else [], ())
        return (question.id, *prompts[-1])

    def _key(self, position: tuple) -> str:
        return "/".join(str(step) for step in position)

    def _ask(self, lang: str | None = None) -> Ask | None:
        if self.position is None:
            return None
        lang = lang or self.lang
        if self.position == (CONFIRM,):
            return self._confirmation_ask(lang)
        together = self._together()
        if together is not None:
            return self._together_ask(*together, lang)
        qid, steps = self.position[0], self.position[1:]
        question = self.bank.question(qid)
        field = field_at(question, steps) if steps else narrowed(question, self.answers)
        assert field is not None
        current = None
        if not steps:
            current = self.answers.get(qid)
        elif steps[-1] != ANOTHER:
            root = self.answers.get(qid)
            items = items_at(root, steps[:-2]) if isinstance(root, list) else None
            if items is not None and steps[-2] < len(items):
                current = items[steps[-2]].get(steps[-1])
        offered = self._offered(field, current) if not steps or steps[-1] != ANOTHER else None
        where: list[str] = []
        level: Field = question
        for n, fid in zip(steps[0::2], steps[1::2]):
            where.append(words("item", lang, n=n + 1))
            sub = level.field(fid) if isinstance(fid, str) else None
            if sub is not None and sub.kind == "records" and len(where) * 2 < len(steps):
                where.append(sub.text(lang))
                level = sub
        return Ask(
            question_id=qid,
            key=self._key(self.position),
            field=field,
            kind=field.kind,
            text=field.text(lang),
            help=field.help(lang),
            section=self.bank.section(question.section).title(lang),
            options=tuple((o.id, o.label(lang)) for o in field.options),
            allows_not_sure=not steps and question.unsure,
            current=current,
            current_words=describe_value(field, current, lang) if current is not None else None,
            draft=self.drafts.get(self._key(self.position)),
            list_title=question.text(lang) if steps else None,
            where=tuple(where),
            max_words=field.max_words,
            steps=tuple(steps),
            default=offered,
            default_words=describe_value(field, offered, lang) if offered is not None else None,
            text_alone=self._alone(question, field, steps, lang),
            one_line=field.kind == "text" and not field.max_words,
        )

    # --- Asked together (dialogs/groups.toml) and the defaults taken on the way --------------------------

    def _together(self) -> tuple[Group, list[Question]] | None:
        """The checklist or optional section the question asked now opens, with its questions that apply and are
        still to answer (two at least): asked on one line. None where the question is asked as itself.

        Worked out once per state of what it reads: a view and an act ask it a dozen times."""
        key = (self._answers.version, self.position, tuple(self.passed), tuple(self.one_by_one), self._asked_alone)
        if self._together_memo is not None and self._together_memo[0] == key:
            return self._together_memo[1]
        found = self._together_now()
        self._together_memo = (key, found)
        return found

    def _together_now(self) -> tuple[Group, list[Question]] | None:
        if self.position is None or len(self.position) != 1 or self.position[0] in (CONFIRM, self._asked_alone):
            return None
        qid = self.position[0]
        group = self.bank.group_of.get(qid)
        if group is None or "group:" + group.id in self.one_by_one or self.answers.get(qid) is not None:
            return None
        members = [
            q for q in self.asked() if self.bank.group_of.get(q.id) is group and self.answers.get(q.id) is None and q.id not in self.passed
        ]
        if len(members) < 2 or all(q.id != qid for q in members):
            return None
        if group.kind == "checklist":
            order = {m.id: n for n, m in enumerate(group.members)}
            members.sort(key=lambda q: order[q.id])
        return group, members

    def _group_field(self, group: Group, members: list[Question]) -> Field:
        """What a checklist or an optional section asks, as a field a shell shows like any other."""
        if group.kind == "optional":
            return Field.model_construct(
                id=group.id, kind="yes_no", en=group.en.format(n=len(members)), zh=group.zh.format(n=len(members)),
                help=group.help, options=(), fields=(), unsure=False, optional=False, max_words=None, check=None, min=None,
                default=False,
            )  # fmt: skip
        statements = {m.id: m for m in group.members}
        options = tuple(
            Option.model_construct(id=_statement_id(q.id), en=statements[q.id].en, zh=statements[q.id].zh, when={}) for q in members
        ) + tuple(Option.model_construct(id=oid, en=words("together_" + oid, "en"), zh=words("together_" + oid, "zh"), when={}) for oid in (NONE, EACH))
        return Field.model_construct(
            id=group.id, kind="multi", en=group.en, zh=group.zh, help=group.help, options=options, fields=(), unsure=False,
            optional=False, max_words=None, check=None, min=None, default=None,
        )  # fmt: skip

    def _together_ask(self, group: Group, members: list[Question], lang: str) -> Ask:
        field = self._group_field(group, members)
        key = "group:" + group.id
        text = field.text(lang)
        return Ask(
            question_id=members[0].id, key=key, field=field, kind=field.kind, text=text, help=field.help(lang),
            section=self.bank.section(members[0].section).title(lang), options=tuple((o.id, o.label(lang)) for o in field.options),
            allows_not_sure=False, current=None, current_words=None, draft=self.drafts.get(key), list_title=None, where=(),
            max_words=None, default=field.default, default_words=describe_value(field, field.default, lang) if field.default is not None else None,
            text_alone=text, members=tuple(q.id for q in members),
        )  # fmt: skip

    def _unconfirmed_now(self) -> list[str]:
        """The defaults taken on the way that still stand as taken (an answer typed over one, or set aside, is out)."""
        if not self.unconfirmed:
            return []
        counted = self._asked_and_counted()[1]
        return [k for k in self.unconfirmed if self.provenance.get(k) == "default" and value_at(counted, k) is not None]

    def _confirmation_field(self, keys: list[str]) -> Field:
        texts = {}
        for lang in ("en", "zh"):
            lines = [words("confirm_line", lang, what=self._default_words(key, lang)) for key in keys]
            texts[lang] = "\n".join([words("confirm_question", lang, n=len(keys)), *lines])
        return Field.model_construct(
            id="confirm", kind="yes_no", en=texts["en"], zh=texts["zh"],
            help=Wording.model_construct(en=words("confirm_help", "en"), zh=words("confirm_help", "zh")), options=(), fields=(),
            unsure=False, optional=False, max_words=None, check=None, min=None, default=True,
        )  # fmt: skip

    def _confirmation_ask(self, lang: str) -> Ask:
        keys = self._unconfirmed_now()
        field = self._confirmation_field(keys)
        text = field.text(lang)
        return Ask(
            question_id=CONFIRM, key=CONFIRM, field=field, kind="yes_no", text=text, help=field.help(lang),
            section=words("confirm_title", lang), options=(), allows_not_sure=False, current=None, current_words=None,
            draft=self.drafts.get(CONFIRM), list_title=None, where=(), max_words=None, default=True,
            default_words=describe_value(field, True, lang), text_alone=text, members=tuple(keys),
        )  # fmt: skip

    def _default_words(self, key: str, lang: str) -> str:
        """A default taken, as the confirmation lists it: the question as it reads alone, and the answer."""
        qid, steps = split_key(key)
        question = self.bank.question(qid)
        field = field_at(question, steps) if steps else question
        assert field is not None
        asked = self._alone(question, field, steps, lang) if steps else alone_text(question, lang)
        space = "" if lang == "zh" else " "
        return f"{asked}{space}{describe_value(field, value_at(self.answers, key), lang)}"

    def _drop_default(self, key: str) -> None:
        """A default taken and declined at the confirmation: unanswered again (it was never the filer's answer)."""
        qid, steps = split_key(key)
        self.provenance.pop(key, None)
        if not steps:
            self.answers.pop(qid, None)
            return
        root = self.answers.get(qid)
        items = items_at(root, steps[:-2]) if isinstance(root, list) else None
        if items is not None and steps[-2] < len(items):
            items[steps[-2]].pop(steps[-1], None)

    def _confirmed(self, key: str) -> None:
        """An answer given at `key`: a default taken there is the filer's now, no longer to confirm."""
        if key in self.unconfirmed:
            self.unconfirmed.remove(key)

    # --- What earlier answers say (assistant/law/derive.py decides; the engine offers and states) ---------

    def _today(self) -> dt.date:
        """The interview's today: the one it was given, else China's (held while a view is built)."""
        return self.today or self._held_today or today_in_china()

    def _offered(self, field: Field, current: Any) -> Any:
        """The default offered for `field` where it has no answer yet: what the answers suggest, else None."""
        if current is not None:
            return None
        found = derive.derived(field, self.counted(), self._today())
        return found.value if found is not None else None

    def _state_certain(self) -> None:
        """A question whose answer follows from the others is not asked: its value is stated and the interview
        moves on. One the others suggest (a default) is taken on the way, and said, to be confirmed with the
        others taken once everything else is asked (CONFIRM); what the filer asked to answer alone is asked.

        A value derived earlier, or a default taken and not yet confirmed, whose source has changed since is
        derived again, or, where nothing follows any more, left unanswered to be asked (it was never the
        filer's answer).
        """
        said: list[str] = []
        taken: list[str] = []
        today = self._today()
        counted = self.counted()  # worked out again after each change
        for qid, how in list(self.provenance.items()):
            pending = how == "default" and qid in self.unconfirmed
            if how != "derived" and not pending or qid not in self.bank.by_id:
                continue
            # What the other answers say of it: its own answer set aside a moment (`counted` is this loop's copy).
            own = counted.pop(qid, None)
            found = derive.derived(narrowed(self.bank.question(qid), self.answers), counted, today)
            if own is not None:
                counted[qid] = own
            if found is None or found.certain == pending:
                self.answers.pop(qid, None)
                del self.provenance[qid]
                self._confirmed(qid)
                counted = self.counted()
            elif found.value != self.answers.get(qid):
                self.answers[qid] = found.value
                counted = self.counted()
        for key in [k for k in self.unconfirmed if "/" in k and self.provenance.get(k) == "default"]:
            # A default taken in a list item (a product's status from the launch date) follows its source too.
            qid, steps = split_key(key)
            sub = field_at(self.bank.question(qid), steps) if qid in self.bank.by_id else None
            if sub is None or value_at(self.answers, key) is None:
                continue
            found = derive.derived(sub, counted, today)
            if found is None or found.certain:
                self._drop_default(key)
                self._confirmed(key)
            elif found.value != value_at(self.answers, key):
                items_at(self.answers[qid], steps[:-2])[steps[-2]][steps[-1]] = found.value  # type: ignore[index]
            else:
                continue  # as taken: nothing changed (touching the answers would redo what depends on them)
            self.answers.touch()
        space = "" if self.lang == "zh" else " "
        while self.position is not None and self.position[0] != CONFIRM and self._together() is None:
            qid, steps = self.position[0], self.position[1:]
            key = self._key(self.position)
            question = self.bank.question(qid)
            if not steps:
                if self.answers.get(qid) is not None:
                    break
                field: Field = narrowed(question, self.answers)
                found = derive.derived(field, counted, today)
                if found is None or not found.certain and (key in self.one_by_one or qid == self._asked_alone):
                    break
                self._store(qid, found.value, "derived" if found.certain else "default")
                if not found.certain:
                    self.unconfirmed.append(key)  # before the next position: it may be the confirmation
                self.position = self._next_position()
            else:
                sub = field_at(question, steps)
                root = self.answers.get(qid)
                items = items_at(root, steps[:-2]) if isinstance(root, list) and steps[-1] != ANOTHER else None
                if sub is None or items is None or steps[-2] >= len(items) or items[steps[-2]].get(steps[-1]) is not None:
                    break
                field = sub
                found = derive.derived(field, counted, today)
                if found is None or not found.certain and key in self.one_by_one:
                    break
                items[steps[-2]][steps[-1]] = found.value
                self.provenance[key] = "derived" if found.certain else "default"
                if not found.certain:
                    self.unconfirmed.append(key)
                self.answers.touch()
                self.position = (qid, *self._after_field(question, root, steps[:-2], steps[-2]))  # type: ignore[arg-type]
            if found.certain:
                said.append(f"{field.text(self.lang)}{space}{describe_value(field, found.value, self.lang)}")
            else:
                taken.append(self._default_words(key, self.lang))
            counted = self.counted()
        self._todo_cache = None
        sep = "；" if self.lang == "zh" else "; "
        notes = [words("stated", self.lang, what=sep.join(said))] if said else []
        notes += [words("taken", self.lang, what=sep.join(taken))] if taken else []
        if notes:
            self._note = space.join(notes)

    def _disagreement(self, qid: str) -> str | None:
        """After an answer: where it differs from what another answer shows (a credit code of another province), say so."""
        found = derive.disagreement(self.bank, self.counted(), qid, self._today())
        if found is None:
            return None
        question, value = found
        given = describe_value(question, self.answers.get(question.id), self.lang)
        return words("differs", self.lang, question=question.text(self.lang), given=given, derived=describe_value(question, value, self.lang))

    def _alone(self, question: Question, field: Field, steps: tuple, lang: str) -> str:
        """The question asked as it reads on its own (Ask.text_alone)."""
        if not steps:
            return alone_text(field, lang)
        root = self.answers.get(question.id)
        ids = [question.id, *(step for step in steps[1:-1:2])]
        if steps[-1] == ANOTHER:
            items = (items_at(root, steps[:-1]) if isinstance(root, list) else None) or []
            key = "another " + "/".join(ids)
            owner = self._item_label(root, steps[:-2], lang) if len(steps) > 2 else ""
            return ALONE.say(key, lang, n=len(items), item=owner) if key in ALONE else field.text(lang)
        if field.id == "name" or not isinstance(root, list):
            return field.text(lang)
        label = self._item_label(root, steps[:-1], lang, named_only=True)
        return words("of_item", lang, item=label, question=field.text(lang)) if label else field.text(lang)

    def _item_label(self, root: Any, item: tuple, lang: str, named_only: bool = False) -> str:
        """An item's name, else "item N" (nothing with `named_only`)."""
        items = items_at(root, item[:-1]) if isinstance(root, list) else None
        n = item[-1]
        name = items[n].get("name") if items is not None and isinstance(n, int) and n < len(items) else None
        if isinstance(name, str) and name:
            return name
        return "" if named_only else words("item", lang, n=n + 1)

    def snapshot(self) -> dict[str, Any]:
        """What a session saves: every answer (set-aside ones too) as files write them, and the unreadable ones as found."""
        return {
            "lang": self.lang,
            "answers": {qid: to_file(value) for qid, value in self.answers.items()},
            "unreadable": {key: u.raw for key, u in self.unreadable.items()},
            "history": list(self.history),
            "passed": list(self.passed),
            "position": list(self.position or ()),
            "drafts": dict(self.drafts),
            "provenance": dict(self.provenance),
            "unconfirmed": list(self.unconfirmed),
            "one_by_one": list(self.one_by_one),
        }


def _statement_id(qid: str) -> str:
    """A checklist option's id: the last part of its question's id (`algorithm.risk.implicit_label`: `implicit_label`)."""
    return qid.rsplit(".", 1)[-1]


def split_key(key: str) -> tuple[str, tuple]:
    """A prompt key (`products/0/status`) as a question id and the steps inside its list."""
    qid, *rest = key.split("/")
    return qid, tuple(int(step) if step.isdecimal() else step for step in rest)


def value_at(answers: Mapping[str, Any], key: str) -> Any:
    """The answer a prompt key holds, inside a list too; None where there is none."""
    qid, steps = split_key(key)
    value = answers.get(qid)
    if not steps:
        return value
    items = items_at(value, steps[:-2]) if isinstance(value, list) else None
    n = steps[-2] if len(steps) >= 2 else None
    if items is None or not isinstance(n, int) or n >= len(items):
        return None
    return items[n].get(steps[-1])


def question_field(question: Field, levels: tuple) -> Field:
    """The list field at `levels` ((n, field) pairs) inside `question`."""
    field = question
    for fid in levels[1::2]:
        sub = field.field(fid)
        assert sub is not None
        field = sub
    return field


def _is_new_list(root: Any, levels: tuple) -> bool:
    """Whether `levels` names a list inside an existing item that has no items yet (add its first)."""
    if not isinstance(root, list) or len(levels) < 2:
        return False
    items = items_at(root, levels[:-2])
    return items is not None and isinstance(levels[-2], int) and 0 <= levels[-2] < len(items)
