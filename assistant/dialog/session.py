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
from assistant.saved.store import Claim, Damaged, Saved, Store, check_name


class Session:
    """An interview held open: the lock is taken first, and only then is the name looked at.

    `create=True` refuses a name already saved, `create=False` one that is not,
    `None` continues or starts. Either way the check happens under the lock, so
    two processes opening one new name never write over each other. A `claim`
    the store has already made (`Store.claim`) is taken over instead.
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
        claim: Claim | None = None,
        seeded_as: str | None = None,
    ):
        self.store = store
        self.name = check_name(name)
        claim = claim or store.claim(name, create)
        self._held = claim.held
        self.saved = saved = claim.saved
        self.resumed = exists = claim.exists
        bank = bank or load_bank()
        answers, unreadable = read_saved(bank, saved)
        provenance = dict(saved.provenance)
        if seed:
            answers.update(seed)
            # How the seed was given: `import` from a file, `new --like` copied (CONTRACT §5 [provenance]).
            provenance.update(seed_provenance(bank, seed, seeded_as) if seeded_as else {})
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
            provenance=provenance,
            name=self.name,
            unconfirmed=saved.unconfirmed,
            one_by_one=saved.one_by_one,
        )
        # A new interview is saved at once; a resumed one where opening stated an answer that follows from
        # the others (assistant/law/derive.py) is saved with it.
        if not exists or self.interview.provenance != provenance:
            try:
                self.save(self.interview.snapshot())
            except BadInput:
                self._held.release()
                raise
        self.interview.mark_saved()
        self.interview.answered_at = saved.updated

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
        saved.provenance = snap.get("provenance", {})
        saved.unconfirmed = snap.get("unconfirmed", [])
        saved.one_by_one = snap.get("one_by_one", [])
        self.store.write(saved)
        if hasattr(self, "interview"):
            self.interview.answered_at = saved.updated

    def close(self) -> None:
        self._held.release()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def seed_provenance(bank: QuestionBank, seed: dict[str, Any], how: str) -> dict[str, str]:
    """`how` for every answer of `seed`, by prompt key: each field of a list item too (`products/0/name`)."""
    out: dict[str, str] = {}

    def items(prefix: str, values: Any) -> None:
        for n, item in enumerate(values if isinstance(values, list) else []):
            for fid, value in (item.items() if isinstance(item, dict) else ()):
                if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                    items(f"{prefix}/{n}/{fid}", value)
                else:
                    out[f"{prefix}/{n}/{fid}"] = how

    for qid, value in seed.items():
        if qid in bank.by_id and bank.by_id[qid].kind == "records":
            items(qid, value)
        else:
            out[qid] = how
    return out


@dataclass
class Overview:
    """One saved interview at a glance."""

    saved: Saved
    progress: int
    roles: list[str]
    """The roles the answers so far imply, as ids."""
    complete: bool
    unreadable: dict[str, Unreadable]
    service: str = ""
    """Which service it belongs to (`service_of`): interviews of one service are shown together."""
    algorithm: str | None = None
    """The algorithm type this interview files, where known."""
    algorithms: tuple[str | None, ...] = ()
    """The algorithms its service shows: their types (None where still open)."""


PER_ALGORITHM_SECTIONS = ("algorithm", "products", "technical_support")
"""Steps 2 and 3 of the form: one algorithm's. Every other section is the filer's (Step 1) or the service's."""


def service_of(answers: dict[str, Any]) -> str:
    """A key shared by the interviews of one service: its credit code, else its company name, else its
    Step 1 and service answers as a whole (what `new --like` copies)."""
    for qid in ("subject.credit_code", "subject.name"):
        value = answers.get(qid)
        if isinstance(value, str) and value:
            return f"{qid}={value}"
    return repr(sorted((k, repr(v)) for k, v in answers.items() if not k.startswith(PER_ALGORITHM_SECTIONS)))


def shared_answers(bank: QuestionBank, answers: dict[str, Any]) -> dict[str, Any]:
    """Step 1 and the service's answers: what the interview of another algorithm of the service starts from."""
    return {qid: value for qid, value in answers.items() if qid in bank.by_id and bank.by_id[qid].section not in PER_ALGORITHM_SECTIONS}


def type_words(bank: QuestionBank, kind: str, lang: str) -> str:
    """An algorithm type by its label in `lang` without its gloss ("个性化推送类", "Personalised push"), never its id."""
    for option in bank.question("algorithm.type").options:
        if option.id == kind:
            return option.label(lang).split("（")[0].split(" (")[0]
    return kind


def next_algorithm(
    bank: QuestionBank, store: Store, name: str, today: dt.date | None = None
) -> tuple[dict[str, Any], str | None]:
    """The answers the interview of the next algorithm of NAME's service starts from, and its type.

    Step 1 and the service answers are copied, Step 2 left blank, the products and functions of Step 3
    copied with each function's "uses this algorithm?" left to ask, and
    `algorithm.type` set to the first algorithm the answers show that no
    interview of the service files yet (RULES §4). None left: BadInput.
    """
    answers = answers_of(store, name, bank)
    a = assess(bank, answers, today)
    if not a.algorithms:
        raise BadInput.one(
            name,
            "its answers show no algorithm to file (no role that files, or the deciding questions unanswered)",
            "其回答未显示需要备案的算法（没有须备案的角色，或关键问题尚未回答）",
        )
    service = service_of(shared_answers(bank, answers))
    covered: set[str] = set()
    saved, _ = store.list()
    for item in saved:
        other = read_saved(bank, item)[0]
        if service_of(shared_answers(bank, other)) != service:
            continue
        filed = assess(bank, other, today).this_algorithm
        covered |= set(filed.types) if filed else set()
    for algorithm in a.algorithms:
        if not covered & set(algorithm.types):
            start = shared_answers(bank, answers)
            products = copied_products(answers.get("products"))
            if products:
                start["products"] = products
            # Several recommendation kinds run as one algorithm are filed as one of their types: the
            # first is set, and the filer may choose another of them (algorithm.type offers only those).
            kind = algorithm.types[0] if algorithm.types else None
            if kind:
                start["algorithm.type"] = kind
            return start, kind
    def called(lang: str) -> list[str]:
        return [type_words(bank, t, lang) if t else "+".join(al.kinds) for al in a.algorithms for t in [al.type]]

    raise BadInput.one(
        name,
        f"every algorithm its answers show already has an interview ({', '.join(called('en'))}): none is left to file",
        f"其回答显示的每个算法都已有问答（{'、'.join(called('zh'))}），没有剩余需要备案的算法",
    )


USES_THIS_ALGORITHM = "uses_generation"
"""The field of a product's function that says whether it uses the algorithm the interview files."""


def copied_products(products: Any) -> list[dict[str, Any]]:
    """The products and functions of another algorithm's interview of the service (Step 3), for this one:
    each function's "uses this algorithm?" left open, so that the interview asks only that (CONTRACT §1)."""
    import copy

    out = copy.deepcopy(products) if isinstance(products, list) else []
    for product in out:
        for function in product.get("functions") or [] if isinstance(product, dict) else []:
            if isinstance(function, dict):
                function.pop(USES_THIS_ALGORITHM, None)
    return [p for p in out if isinstance(p, dict)]


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
        filed = a.this_algorithm
        glances.append(
            Overview(
                item,
                a.progress,
                [key for key, held in a.roles.items() if held],
                a.complete,
                unreadable,
                service=service_of(shared_answers(bank, answers)),
                algorithm=filed.type if filed else None,
                algorithms=tuple(al.type for al in a.algorithms),
            )
        )
    # Interviews of one service next to each other (one filing per algorithm), in the order first seen.
    first = {g.service: n for n, g in reversed(list(enumerate(glances)))}
    glances.sort(key=lambda g: first[g.service])
    return glances, damaged
