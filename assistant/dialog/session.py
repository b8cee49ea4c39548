"""An interview open for writing (lock held, saved after every change), and saved interviews at a glance.

The dialog layer joins the engine to the saved files: the store below knows
files and nothing of the law, so reading answers back into typed values, and
keeping those the bank cannot read apart, happens here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from assistant.dialog.interview import Interview, Unreadable, answers_from_file
from assistant.errors import BadInput
from assistant.law.questions import QuestionBank, load_bank
from assistant.law.rules import assess
from assistant.saved.store import Damaged, Saved, Store, check_name


class Session:
    """An interview held open: the lock is taken first, and only then is the name looked at.

    `create=True` refuses a name already saved, `create=False` one that is not,
    `None` continues or starts. Either way the check happens under the lock, so
    two processes opening one new name never write over each other.
    """

    def __init__(
        self,
        store: Store,
        name: str,
        *,
        lang: str | None = None,
        create: bool | None = None,
        today: dt.date | None = None,
        bank: QuestionBank | None = None,
        seed: dict[str, Any] | None = None,
    ):
        self.store = store
        self.name = check_name(name)
        self._held = store.lock(name)
        try:
            exists = store.exists(name)
            if create is True and exists:
                raise BadInput.one(name, "a saved interview of that name already exists", "已存在同名的问答")
            if create is False and not exists:
                store.read(name)  # raises "no saved interview", with a close name if there is one
            store.remove_leftovers(name)
            saved = store.read(name) if exists else Saved(name=self.name, path=store.path(name))
        except BadInput:
            self._held.release()
            raise
        self.saved = saved
        self.resumed = exists
        bank = bank or load_bank()
        answers, unreadable = read_saved(bank, saved)
        if seed:
            answers.update(seed)
        self.interview = Interview(
            bank,
            answers,
            lang=lang or saved.lang,
            history=saved.history or list(answers),
            passed=saved.passed,
            position=saved.position,
            drafts=saved.drafts,
            unreadable=unreadable,
            on_change=self.save,
            today=today,
        )
        if not exists:
            try:
                self.save(self.interview.snapshot())
            except BadInput:
                self._held.release()
                raise
        self.interview.mark_saved()

    def save(self, snap: dict[str, Any]) -> None:
        """Write the interview's snapshot (Interview.snapshot) to its file."""
        saved = self.saved
        saved.lang = snap["lang"]
        saved.answers = snap["answers"]
        saved.history = snap["history"]
        saved.passed = snap["passed"]
        saved.position = snap["position"]
        saved.drafts = snap["drafts"]
        saved.unreadable = snap["unreadable"]
        self.store.write(saved)

    def close(self) -> None:
        self._held.release()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class Overview:
    """One saved interview at a glance."""

    saved: Saved
    progress: int
    roles: list[str]
    """The roles the answers so far imply, as ids."""
    complete: bool
    unreadable: dict[str, Unreadable]


def read_saved(bank: QuestionBank, saved: Saved) -> tuple[dict[str, Any], dict[str, Unreadable]]:
    """A saved interview's answers, typed, and those this bank cannot read, kept apart as found.

    An answer set aside as unreadable by an earlier version counts again when
    this bank reads it and nothing has replaced it.
    """
    answers, unreadable = answers_from_file(bank, saved.answers)
    for key, raw in saved.unreadable.items():
        if key in unreadable:
            continue
        again, still = answers_from_file(bank, {key: raw})
        if again and key not in answers:
            answers.update(again)
        else:
            unreadable[key] = still.get(key) or Unreadable(key, raw, "replaced by a later answer")
    return answers, unreadable


def answers_of(store: Store, name: str, bank: QuestionBank | None = None) -> dict[str, Any]:
    """The typed answers of a saved interview (those the bank cannot read left out, and left in the file)."""
    return read_saved(bank or load_bank(), store.read(name))[0]


def overview(store: Store, today: dt.date | None = None, bank: QuestionBank | None = None) -> tuple[list[Overview], list[Damaged]]:
    """Every saved interview at a glance (progress, roles so far), and the damaged ones: `list` and the TUI's home."""
    bank = bank or load_bank()
    saved, damaged = store.list()
    glances = []
    for item in saved:
        answers, unreadable = read_saved(bank, item)
        a = assess(bank, answers, today)
        glances.append(Overview(item, a.progress, [key for key, held in a.roles.items() if held], a.complete, unreadable))
    return glances, damaged
