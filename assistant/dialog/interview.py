"""The interview engine: which question comes next, answer, back, skip, not sure; no terminal code, no I/O.

One `Interview` serves the TUI, the plain chat and the command line. It keeps
every answer ever given: an answer whose question stops applying (because an
earlier answer changed) is *set aside*, not erased, and counts again as soon
as its question applies again. The dialog's states are declared once, below,
for the `transitions` library.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from assistant.law.questions import MAX_TEXT_CHARS, UNSURE, AnswerProblem, Field, Question, QuestionBank, Wording, checked, load_bank, parse_line
from assistant.law.rules import Assessment, assess

STATES = ["asking", "finished"]
"""asking: a question is waiting for its answer; finished: every question that applies was answered or skipped."""

TRANSITIONS = [
    # After every change the machine settles: ask the next question, or finish.
    {"trigger": "settle", "source": "*", "dest": "asking", "conditions": "has_next"},
    {"trigger": "settle", "source": "*", "dest": "finished", "unless": "has_next"},
]

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
)


WORDS: dict[str, tuple[str, str]] = {
    "welcome_back": (
        "Welcome back to {name!r}: {progress}% answered. You stopped after: {last}",
        "欢迎回到 {name!r}：已完成 {progress}%。上次停在：{last}",
    ),
    "nothing_yet": ("(nothing answered yet)", "（尚未回答）"),
    "skipped": ("Skipped for now; it stays on the list of questions to answer.", "已跳过；它仍在待回答问题列表中。"),
    "no_back": ("This is the first question.", "这已经是第一个问题。"),
    "none": ("none yet", "暂无"),
}
"""What every shell says about the interview itself (resuming, skipping, going back), in English and Chinese."""


@dataclass
class RecordDraft:
    """A list of records being filled in, one field at a time (the products of a provider).

    Nested lists (the functions of a product) are drafts of their own, so the
    shells only ever see one plain field to ask.
    """

    question: Field
    items: list[dict[str, Any]] = field(default_factory=list)
    current: dict[str, Any] = field(default_factory=dict)
    nested: "RecordDraft | None" = None
    asking_another: bool = False

    def prompt(self) -> tuple[Field, list[str]]:
        """The field to ask now, and where it sits (`["products", "item 1", "name"]`)."""
        if self.nested is not None:
            sub, where = self.nested.prompt()
            return sub, [f"item {len(self.items) + 1}", self.nested.question.id, *where]
        if self.asking_another:
            return ANOTHER_ITEM, []
        sub = self._next_field()
        assert sub is not None
        return sub, [f"item {len(self.items) + 1}", sub.id]

    def _next_field(self) -> Field | None:
        return next((f for f in self.question.fields if f.id not in self.current), None)

    def give(self, value: Any) -> bool:
        """Take the answer to the current prompt; True when the whole list is done."""
        if self.nested is not None:
            if self.nested.give(value):
                self.current[self.nested.question.id] = self.nested.items
                self.nested = None
                self._after_field()
            return False
        if self.asking_another:
            self.asking_another = False
            return value is not True
        sub = self._next_field()
        assert sub is not None
        self.current[sub.id] = checked(sub, value)
        self._after_field()
        return False

    def to_data(self) -> dict[str, Any]:
        """The list so far, for the saved interview: complete items, the item being filled, the list inside it."""
        data: dict[str, Any] = {"items": self.items, "current": self.current, "asking_another": self.asking_another}
        if self.nested is not None:
            data["nested"] = self.nested.to_data()
        return data

    @classmethod
    def from_data(cls, question: Field, data: Any) -> "RecordDraft | None":
        """A list read back from a saved interview; None when the saved one does not fit the question (any more)."""
        if not isinstance(data, dict):
            return None
        try:
            items = checked(question, data.get("items", []))
            current = checked(question, [data.get("current", {})])[0]
        except AnswerProblem:
            return None
        draft = cls(question, items=items, current=current, asking_another=data.get("asking_another") is True)
        sub = draft._next_field()
        if draft.asking_another and (current or not items):
            return None  # "add another?" is asked only between complete items
        if not draft.asking_another and sub is None:
            return None  # a full item not yet moved to the list: not something this class leaves behind
        if sub is not None and sub.kind == "records" and not draft.asking_another:
            draft.nested = cls.from_data(sub, data["nested"]) if "nested" in data else cls(sub)
            if draft.nested is None:
                return None
        return draft

    def _after_field(self) -> None:
        sub = self._next_field()
        if sub is None:
            self.items.append(self.current)
            self.current = {}
            self.asking_another = True
        elif sub.kind == "records":
            self.nested = RecordDraft(sub)


@dataclass(frozen=True)
class Prompt:
    """What the shells ask now: the question, the field to fill (itself, or one field of a record), and where."""

    question: Question
    field: Field
    where: tuple[str, ...] = ()

    @property
    def in_record(self) -> bool:
        return self.field is not self.question

    def where_words(self, lang: str) -> list[str]:
        """Where a list item's field sits, in words: ("item 2", "functions", "item 1", "name") -> item 2 / Functions / item 1."""
        out, field = [], self.question
        for step in self.where:
            if step.startswith("item "):
                out.append(f"第{step[5:]}项" if lang == "zh" else step)
                continue
            sub = field.field(step)
            if sub is not None and sub.kind == "records":
                out.append(sub.text(lang))
                field = sub
        return out


@dataclass(frozen=True)
class SectionProgress:
    id: str
    title_en: str
    title_zh: str
    asked: int
    answered: int

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


def describe_value(field: Field, value: Any, lang: str) -> str:
    """An answer in words, as the shells show it ("yes", "Text, Image", "not sure")."""
    if value is True:
        return "是" if lang == "zh" else "yes"
    if value is False:
        return "否" if lang == "zh" else "no"
    if value == UNSURE:
        return "不确定" if lang == "zh" else "not sure"
    if field.options:
        values = value if isinstance(value, list) else [value]
        return ", ".join(field.option(v).label(lang) if field.option(v) else str(v) for v in values)
    if isinstance(value, list):
        return f"{len(value)} 项" if lang == "zh" else f"{len(value)} item(s)"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class Interview:
    """One filer's interview. Mutating methods call `on_change` after the change, so a store can save at once."""

    state: str  # set by the transitions machine

    def __init__(
        self,
        bank: QuestionBank | None = None,
        answers: dict[str, Any] | None = None,
        *,
        lang: str = "en",
        history: list[str] | None = None,
        drafts: dict[str, str] | None = None,
        record_draft: dict[str, Any] | None = None,
        on_change: Callable[["Interview"], None] | None = None,
        today: dt.date | None = None,
    ):
        from transitions import Machine  # ~35 ms; only the interactive shells build an Interview

        self.bank = bank or load_bank()
        self.answers: dict[str, Any] = dict(answers or {})
        self.lang = lang
        self.history: list[str] = list(history or [])
        self.drafts: dict[str, str] = dict(drafts or {})
        """Text typed at a question and not yet given as its answer (the TUI keeps it across sittings)."""
        self.skipped: set[str] = set()
        self.focus: str | None = None
        self.draft: RecordDraft | None = self._record_draft_from(record_draft)
        self.on_change = on_change
        self.today = today
        self._assessment: Assessment | None = None
        Machine(model=self, states=STATES, transitions=TRANSITIONS, initial="asking", auto_transitions=False)
        self.settle()

    def _record_draft_from(self, data: dict[str, Any] | None) -> RecordDraft | None:
        # A list half filled in when the last sitting ended (a product without its functions yet).
        if not isinstance(data, dict) or data.get("question") not in self.bank.by_id:
            return None
        question = self.bank.question(data["question"])
        return RecordDraft.from_data(question, data) if question.kind == "records" else None

    # --- What applies ---------------------------------------------------------

    def asked(self) -> list[Question]:
        """The questions that apply to the answers so far, in order."""
        return self.bank.effective(self.answers)[0]

    def counted(self) -> dict[str, Any]:
        """The answers whose questions apply: what the rules, the record and the summary see."""
        return self.bank.effective(self.answers)[1]

    def set_aside(self) -> dict[str, Any]:
        """Answers kept although their question no longer applies; they count again if it does."""
        counted = self.counted()
        return {k: v for k, v in self.answers.items() if k not in counted}

    def is_answered(self, qid: str) -> bool:
        value = self.answers.get(qid)
        return value is not None and value != UNSURE

    def stopped_at(self, lang: str) -> str | None:
        """Where the last sitting ended, in words: inside a list being filled in, else the last question answered."""
        prompt = self.prompt if self.draft is not None else None
        if prompt is not None and prompt.in_record:
            return " — ".join([prompt.question.text(lang), " / ".join(prompt.where_words(lang))])
        last = next((q for q in reversed(self.history) if q in self.bank.by_id), None)
        return self.bank.question(last).text(lang) if last else None

    def has_next(self) -> bool:
        return self.current is not None

    @property
    def current(self) -> Question | None:
        """The question to ask now: the one gone back to, else the first unanswered and not skipped."""
        asked = self.asked()
        if self.focus is not None and any(q.id == self.focus for q in asked):
            return self.bank.question(self.focus)
        return next((q for q in asked if q.id not in self.answers and q.id not in self.skipped), None)

    @property
    def prompt(self) -> Prompt | None:
        question = self.current
        if question is None:
            return None
        if question.kind == "records":
            if self.draft is None or self.draft.question.id != question.id:
                self.draft = RecordDraft(question)
            sub, where = self.draft.prompt()
            return Prompt(question, sub, tuple(where))
        return Prompt(question, question)

    @property
    def assessment(self) -> Assessment:
        if self._assessment is None:
            self._assessment = assess(self.bank, self.answers, self.today)
        return self._assessment

    @property
    def progress(self) -> int:
        return self.assessment.progress

    @property
    def complete(self) -> bool:
        return self.assessment.complete

    def sections(self) -> list[SectionProgress]:
        """Each section with questions that apply, and how many are answered."""
        asked = self.asked()
        out = []
        for section in self.bank.sections:
            ids = [q.id for q in asked if q.section == section.id]
            if ids:
                done = sum(1 for q in ids if self.is_answered(q))
                out.append(SectionProgress(section.id, section.en, section.zh, len(ids), done))
        return out

    # --- Changes ---------------------------------------------------------------

    def answer(self, value: Any, qid: str | None = None) -> None:
        """Answer the current question (or `qid`, from the review screen); AnswerProblem when it does not fit."""
        prompt = self.prompt
        if qid is not None and (prompt is None or prompt.question.id != qid):
            question = self.bank.question(qid)
            self._store(question, checked(question, value))
            return
        if prompt is None:
            raise AnswerProblem("the interview has no question waiting", "当前没有待回答的问题")
        if prompt.in_record:
            assert self.draft is not None
            done = self.draft.give(value)
            if done:
                self._store(prompt.question, self.draft.items)
                self.draft = None
            else:
                self._changed()
            return
        self._store(prompt.question, checked(prompt.question, value))

    def answer_line(self, line: str) -> None:
        """Answer the current prompt with a typed line (`y`, `2`, `text, image`, `2027-03-01`, 是)."""
        prompt = self.prompt
        if prompt is None:
            raise AnswerProblem("the interview has no question waiting", "当前没有待回答的问题")
        self.answer(parse_line(prompt.field, line))

    def unsure(self) -> None:
        """Answer "not sure" where the question allows it."""
        prompt = self.prompt
        if prompt is None or prompt.in_record or not prompt.question.unsure:
            raise AnswerProblem("\"not sure\" is not an answer to this question", "此问题不能回答\"不确定\"")
        self._store(prompt.question, UNSURE)

    def skip(self) -> None:
        """Leave the current question for later; it stays in the todo list."""
        question = self.current
        if question is None:
            return
        self.skipped.add(question.id)
        self.draft = None
        self._remember(question.id)
        self._leave_focus()
        self._changed()

    def back(self) -> bool:
        """Go back to the question before the current one (in interview order); False at the first."""
        asked = self.asked()
        current = self.current
        index = next((i for i, q in enumerate(asked) if current is not None and q.id == current.id), len(asked))
        if index == 0:
            return False
        self.focus = asked[index - 1].id
        self.draft = None
        self._changed(save=False)
        return True

    def revisit(self, qid: str) -> None:
        """Ask `qid` again now (the review screen's "edit").

        A list already given is kept and the next prompt asks whether to add
        another item: revisiting a list adds to it, it never starts it over.
        """
        self.focus = qid
        self.skipped.discard(qid)
        self.draft = None
        question = self.bank.question(qid)
        existing = self.answers.get(qid)
        if question.kind == "records" and isinstance(existing, list) and existing:
            self.draft = RecordDraft(question, items=list(existing), asking_another=True)
        self._changed(save=False)

    def forget(self, qid: str) -> None:
        """Clear one answer (the question is asked again)."""
        self.answers.pop(qid, None)
        self._changed()

    def resume(self) -> None:
        """A new sitting: questions skipped last time are asked again."""
        self.skipped.clear()
        self.focus = None
        self._changed(save=False)

    def keep_draft(self, qid: str, text: str) -> None:
        """Keep (or, when empty, drop) text typed at `qid` but not yet given; saved like an answer.

        A draft is kept up to the length any answer may have; what is typed
        beyond it could never be given as an answer anyway.
        """
        text = text[:MAX_TEXT_CHARS]
        if self.drafts.get(qid, "") == text:
            return
        if text:
            self.drafts[qid] = text
        else:
            self.drafts.pop(qid, None)
        if self.on_change is not None:
            self.on_change(self)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._changed()

    # --- Internals ---------------------------------------------------------------

    def _store(self, question: Question, value: Any) -> None:
        self.answers[question.id] = value
        self.drafts.pop(question.id, None)
        self.skipped.discard(question.id)
        self._remember(question.id)
        self._leave_focus()
        self._changed()

    def _remember(self, qid: str) -> None:
        # The order answers were first given: "where you stopped" on resume.
        if qid not in self.history:
            self.history.append(qid)

    def _leave_focus(self) -> None:
        self.focus = None

    def _changed(self, save: bool = True) -> None:
        self._assessment = None
        self.settle()
        if save and self.on_change is not None:
            self.on_change(self)

    def snapshot(self) -> dict[str, Any]:
        """What a store saves: every answer (set-aside ones too), the order given, the language, the drafts."""
        snap = {"lang": self.lang, "answers": dict(self.answers), "history": list(self.history), "draft": dict(self.drafts)}
        draft = self.draft
        started = draft is not None and (draft.items or draft.current or draft.nested is not None)
        snap["record_draft"] = {"question": draft.question.id, **draft.to_data()} if started else None
        return snap
