"""The rules of ../shared/domain/RULES.md: answers -> Assessment (roles, filings, obligations with basis and because).

When each role, fact and obligation holds, its status source and its deadline
are data in dialogs/obligations.toml; `Evaluator` reads those conditions against
the answers, working each fact out once. What stays here is what is better read
as code: the filings with their cautious readings on public interaction
(RULES §4), the generative AI path (§5), the notes and scope readings, and the
status rules the data names. A finding's `because` is the answers it rests on
(`Reason`: question id and value), derived from the conditions that held.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from assistant.law import conditions
from assistant.law.clock import today_in_china
# The values and findings of the condition language, read in assistant/law/conditions.py.
from assistant.law.conditions import ELSEWHERE, ELSEWHERE_TEXT, NOT_ANSWERED, NOT_NO, OPEN, Held, Reason, Unanswered, either  # noqa: F401
from assistant.law.conditions import UNANSWERED_VALUE as UNANSWERED
from assistant.law.conditions import joined as _joined
from assistant.law import instruments
from assistant.law.questions import NOT_SURE, Obligation, Question, QuestionBank, StatusSource, record_missing

ROLE_KEYS = (
    "deep_synthesis_provider",
    "deep_synthesis_technical_supporter",
    "algorithm_recommendation_provider",
    "generative_ai_provider",
)


class Facts:
    """The answers that count, with the small questions the rules ask of them."""

    def __init__(self, answers: Mapping[str, Any], asked: frozenset[str] | set[str] = frozenset()):
        self.answers = answers
        self.asked = frozenset(asked)
        """The questions that apply on these answers, answered or not."""

    def get(self, qid: str) -> Any:
        return self.answers.get(qid)

    def yes(self, qid: str) -> bool:
        return self.answers.get(qid) is True

    def no(self, qid: str) -> bool:
        return self.answers.get(qid) is False

    def pending(self, qid: str) -> bool:
        """Not known yet: answered "not sure", or a question that applies and is not answered.

        An unanswered deciding question is never read as "no" (RULES §7: open where not known yet).
        """
        return self.answers.get(qid) is NOT_SURE or (qid not in self.answers and qid in self.asked)

    def reason(self, qid: str) -> Reason:
        return Reason(qid, self.answers[qid] if qid in self.answers else UNANSWERED)

    def chose(self, qid: str, *options: str) -> bool:
        value = self.answers.get(qid)
        if isinstance(value, (list, tuple)):
            return any(o in value for o in options)
        return value in options


# --- Conditions as data (dialogs/obligations.toml): read by assistant/law/conditions.py ---------


class Evaluator:
    """Reads the conditions of dialogs/obligations.toml against one set of answers.

    Each fact is worked out once (roles, then filings, then obligations); a
    condition holds when every fact in it holds, a list of conditions when one
    does. Where some hold for sure and others only through an open answer, the
    sure ones give the reasons; where only open ones hold, the finding is open.
    """

    def __init__(self, bank: QuestionBank, f: Facts):
        self.bank = bank
        self.f = f
        self._facts: dict[str, Held | None] = {}
        self._filings: dict[str, tuple[list[str], Held]] | None = None

    def fact(self, name: str) -> Held | None:
        if name not in self._facts:
            if name in PREDICATES:
                self._facts[name] = PREDICATES[name](self)
            else:
                self._facts[name] = self.any_of(self.bank.facts[name].when)
        return self._facts[name]

    def holds(self, name: str) -> bool:
        return self.fact(name) is not None

    def any_of(self, conditions: tuple[Mapping[str, Any], ...] | list[Mapping[str, Any]]) -> Held | None:
        return either([h for c in conditions if (h := self.condition(c)) is not None])

    def condition(self, condition: Mapping[str, Any]) -> Held | None:
        """A condition's reasons are its own answers; a fact named with @ lends its reasons only to a
        condition that names no answer of its own (conditions.held)."""
        return conditions.held(condition, self.f.answers, self.f.asked, self.fact)

    def answer(self, qid: str, wanted: Any) -> Held | None:
        return conditions.answer(qid, wanted, self.f.answers, self.f.asked)

    # --- Filings (RULES §4): [filing.ROLE] of dialogs/obligations.toml ---------------------

    def filings(self) -> dict[str, tuple[list[str], Held]]:
        """Each separate filing owed, or open: its reasons (reading ids) and the answers behind it.

        Where and why each filing is owed, with the cautious readings on public
        interaction (RULES §4: a recommendation algorithm only with it, open while
        it is not answered; a provider either way), is data: [filing.ROLE] in
        dialogs/obligations.toml. In the order the data gives them.
        """
        if self._filings is None:
            filings: dict[str, tuple[list[str], Held]] = {}
            for role, filing in self.bank.filings.items():
                held = self.any_of(filing.when)
                if held is not None:
                    reasons = [r.reading for r in filing.reasons if not r.when or self.any_of(r.when) is not None]
                    filings[role] = (reasons, held)
            self._filings = filings
        return self._filings


def _files(role: str) -> Callable[[Evaluator], Held | None]:
    def files(ev: Evaluator) -> Held | None:
        found = ev.filings().get(role)
        return found[1] if found else None

    return files


def _any_filing(ev: Evaluator) -> Held | None:
    """Every owed filing brings display, change, cancellation and documents (AP Art. 24, 26); where
    the only filings are open (they hang on a question not answered yet), so is all they bring."""
    held = [h for _, h in ev.filings().values()]
    if not held:
        return None
    sure = [h for h in held if not h.open]
    return Held(_joined(sure or held), open=not sure)


PREDICATES: dict[str, Callable[[Evaluator], Held | None]] = {
    "files.deep_synthesis_provider": _files("deep_synthesis_provider"),
    "files.deep_synthesis_technical_supporter": _files("deep_synthesis_technical_supporter"),
    "files.algorithm_recommendation_provider": _files("algorithm_recommendation_provider"),
    "any_filing": _any_filing,
}
"""Facts the filings of dialogs/obligations.toml give ([filing.ROLE]): each role's filing, and any filing."""


DECIDING = (
    "scope.audience",
    "service.generates_content",
    "service.recommends_content",
    "role.serves_end_users",
    "role.supplies_technology",
    "scope.public_interaction",
)
"""The questions that decide roles and filings (CONTRACT §3; RULES §2-§4)."""


def genai_path(f: Facts) -> str:
    """Which generative AI filing path applies (RULES §5): a reading id.

    Registration only for a filed supplier's model called without change; a
    changed model, or one whose change is "not sure", takes the full filing
    (cautious); a change not answered yet leaves the path open.
    """
    if f.yes("role.buys_technology"):
        if not f.yes("role.supplier_filed"):
            return "genai.supplier_not_filed"
        if f.no("role.model_modified"):
            return "genai.registration_path"
        if f.yes("role.model_modified"):
            return "genai.model_modified"
        if f.get("role.model_modified") is NOT_SURE:
            return "genai.model_modified_unsure"
        return "genai.model_modified_open"
    if f.no("role.buys_technology"):
        return "genai.in_house"
    return "genai.path_unknown"


SUPPLIER_MODEL = {"name": "role.supplier_model_name", "filing_number": "role.supplier_filing_number"}
"""The filed model a registration calls (RULES §5; CONTRACT §5, §6): its key and the question that answers it."""


def supplier_model(f: Facts) -> dict[str, str]:
    """The supplier's model as answered: name and filing number, each where answered."""
    return {key: value for key, qid in SUPPLIER_MODEL.items() if isinstance(value := f.get(qid), str)}


# --- Rules as of (CONTRACT §5, §6) ------------------------------------------------------

RULES_CHANGED = "rules_changed."
"""Readings `rules_changed.DATE.NAME` of dialogs/obligations.toml: what the rules added or changed on DATE."""


def _changes(bank: QuestionBank) -> list[tuple[dt.date, str]]:
    found = []
    for rid in bank.readings:
        if rid.startswith(RULES_CHANGED):
            day = rid[len(RULES_CHANGED):].split(".")[0]
            found.append((dt.date.fromisoformat(day), rid))
    return found


def rules_as_of(bank: QuestionBank) -> dt.date:
    """The in-force date of the newest instrument in force that the rules apply: the newest change
    dialogs/obligations.toml records (RULES §1; 2026-07-15, the anthropomorphic measures)."""
    return max(day for day, _ in _changes(bank))


def rules_changed_since(bank: QuestionBank, answers: Mapping[str, Any], since: dt.date | None) -> list[str]:
    """The readings of what the rules added or changed after `since` (None: before any the bank
    records) that concern these answers (each change's `when`; one without a `when` always does).
    Where none concerns them, every change since: a reader still learns what is new."""
    newer = [rid for day, rid in _changes(bank) if since is None or day > since]
    if not newer:
        return []
    asked, counted = bank.effective(answers)
    ev = Evaluator(bank, Facts(counted, {q.id for q in asked}))
    concerned = [rid for rid in newer if not bank.readings[rid].when or ev.any_of(bank.readings[rid].when) is not None]
    return concerned or newer


# --- Basis: only what binds this filer (RULES §1, §3) ---------------------------------

def basis_for(
    roles: Mapping[str, bool], basis: tuple[str, ...], only_when: Mapping[str, bool] | None = None
) -> tuple[str, ...]:
    """The articles of `basis` that bind this filer: a DSP article only for a deep synthesis role, a
    GAI article only for a generative AI provider (RULES §3), and a citation of `only_when` only where
    its fact holds (an obligation's `basis_when`: AIS Art. 22 for an anthropomorphic service). Every
    other citation stays; a basis never ends up empty."""
    held = {key for key, holds in roles.items() if holds}
    only_when = only_when or {}

    def binds(citation: str) -> bool:
        if not only_when.get(citation, True):
            return False
        # Which roles an instrument, or one of its articles, binds is dialogs/instruments.toml's.
        return instruments.binds(citation, held)

    kept = tuple(c for c in basis if binds(c))
    return kept or tuple(basis)


# --- Status (RULES §7): the rules dialogs/obligations.toml names ------------------------


def status_of(source: StatusSource | None, f: Facts) -> str:
    """met, gap or open, from the answer `source` names; open where none does."""
    if source is None:
        return "open"
    value = f.get(source.question)
    if value is None or value is NOT_SURE:
        return "open"
    if source.rule == "yes_no":
        return "met" if value is True else "gap" if value is False else "open"
    if source.rule == "mechanism":
        return "gap" if value == "none" else "met"
    if source.rule == "document":
        return "met" if value == "ready" else "gap" if value in ("drafting", "not_started") else "open"
    if source.rule == "all_chosen":
        return "met" if all(o in value for o in source.options) else "gap"
    # every_item: every item's field yes met, any no a gap; else (none yet, one unanswered) open.
    if not isinstance(value, (list, tuple)) or not value:
        return "open"
    answers = [item.get(source.field) if isinstance(item, Mapping) else None for item in value]
    if any(a is False for a in answers):
        return "gap"
    return "met" if all(a is True for a in answers) else "open"


# --- One filing per algorithm (RULES §4) ----------------------------------------------

GENERATION = "generation_synthesis"
RECOMMENDATION_TYPES = ("personalized_push", "ranking_selection", "search_filtering", "dispatch_decision")
"""The recommendation kinds of `service.recommendation_kinds` are the filing system's algorithm types (AP Art. 2)."""
def filing_of(bank: QuestionBank) -> dict[str, str]:
    """Each obligation that is a role's filing, and that role (`filing_role` in dialogs/obligations.toml)."""
    return {oid: o.filing_role for oid, o in bank.obligations.items() if o.filing_role}


def filing_obligation(bank: QuestionBank, role: str) -> str | None:
    """The obligation that is `role`'s filing (deep_synthesis_provider: filing.provider)."""
    return next((oid for oid, r in filing_of(bank).items() if r == role), None)


def limit_days(bank: QuestionBank, deadline_from: str) -> int:
    """The working days of the limit that counts from `deadline_from` (`change`: 10, `end_of_service`: 20;
    `launch`: the filings' 10), as dialogs/obligations.toml gives them."""
    return next(o.deadline_days for o in bank.obligations.values() if o.deadline_from == deadline_from and o.deadline_days)


def is_overdue(obligation: Obligation, due: dt.date, today: dt.date) -> bool:
    """Past its deadline on `today`: a filing due before launch (the generative AI filing) is overdue once
    the service is launched (RULES §5), the others the day after their last day."""
    return due <= today if obligation.deadline_from == "before_launch" else due < today


@dataclass(frozen=True)
class Algorithm:
    """One algorithm the answers show the service runs: filed on its own, with an interview of its own."""

    type: str | None
    """Its filing type where known (the only one possible, or answered in `algorithm.type`), else None."""
    kinds: tuple[str, ...] = ()
    """The recommendation kinds a recommendation algorithm covers."""
    this_interview: bool = False

    @property
    def types(self) -> tuple[str, ...]:
        """The types it may be filed as: its own, or, while that is open, each kind it covers."""
        return (self.type,) if self.type else self.kinds


def algorithms_of(ev: Evaluator) -> list[Algorithm]:
    """The algorithms the service shows (RULES §4), this interview's marked.

    Generation and recommendation are always distinct algorithms; several
    recommendation kinds are one algorithm unless the filer said they are
    separate. This interview files the algorithm its `algorithm.type` names,
    else the only one the answers show, else none yet.
    """
    f = ev.f
    shown: list[Algorithm] = []
    if any(ev.holds(r) for r in ("deep_synthesis_provider", "deep_synthesis_technical_supporter", "generative_ai_provider")):
        shown.append(Algorithm(GENERATION))
    if ev.holds("algorithm_recommendation_provider"):
        chosen = f.get("service.recommendation_kinds")
        kinds = tuple(k for k in RECOMMENDATION_TYPES if isinstance(chosen, (list, tuple)) and k in chosen)
        if len(kinds) > 1 and f.chose("service.recommendation_algorithms", "separate"):
            shown += [Algorithm(k, (k,)) for k in kinds]
        else:
            shown.append(Algorithm(kinds[0] if len(kinds) == 1 else None, kinds))
    filed = f.get("algorithm.type")
    for n, algorithm in enumerate(shown):
        if filed is not None and filed in algorithm.types:
            shown[n] = Algorithm(filed, algorithm.kinds, True)
            return shown
    if len(shown) == 1:
        shown[0] = Algorithm(shown[0].type, shown[0].kinds, True)
    return shown


def filing_algorithms(role: str, algorithms: list[Algorithm]) -> list[str]:
    """The algorithm types a role's filing covers: generation for deep synthesis, the recommendation ones for recommendation."""
    if role == "algorithm_recommendation_provider":
        return [t for a in algorithms if a.type != GENERATION for t in a.types]
    return [GENERATION] if any(a.type == GENERATION for a in algorithms) else []


def elsewhere_questions(bank: QuestionBank, counted: Mapping[str, Any], asked: set[str]) -> set[str]:
    """The questions of the service's other algorithm: not asked here because `algorithm.type` names
    another algorithm, asked in that algorithm's own interview (RULES §7)."""
    if "algorithm.type" not in counted:
        return set()
    unfiled = {k: v for k, v in counted.items() if k != "algorithm.type"}
    return {q.id for q in bank.effective(unfiled)[0]} - asked


# --- The assessment ---------------------------------------------------------------


@dataclass(frozen=True)
class ObligationFinding:
    id: str
    because: list[str]
    status: str
    deadline: dt.date | None = None
    overdue: bool = False
    basis: tuple[str, ...] = ()
    """The articles of the obligation's basis (dialogs/obligations.toml) that bind this filer."""


@dataclass(frozen=True)
class Assessment:
    """Everything the answers imply, in ids; summary.py puts it into words."""

    roles: dict[str, bool]
    role_because: dict[str, list[str]]
    filings: dict[str, list[str]]
    obligations: list[ObligationFinding]
    notes: list[str]
    """Reading ids of the unsettled readings taken for this filer, and of the drafts on the way
    that concern it (`draft.*`, RULES §10)."""
    scope: list[str]
    """Reading ids that explain why nothing or little applies."""
    genai_path: str | None
    launch_date: dt.date | None
    todo: list[str]
    answered: int
    asked: int
    open_filings: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    """Filings of `filings` that hang on questions not answered yet: role -> the questions that decide it."""
    undecided: list[str] = dataclasses.field(default_factory=list)
    """Questions that decide roles and filings and are not answered yet (or "not sure")."""
    fallback_years: list[int] = dataclasses.field(default_factory=list)
    """Years whose holiday notice the calendar does not know, counted Monday-Friday (`deadline.fallback_calendar`)."""
    launched: bool = False
    """The launch date answered is today or past: advice on starting before launch no longer fits."""
    algorithms: list[Algorithm] = dataclasses.field(default_factory=list)
    """The algorithms the service shows, each filed on its own (RULES §4); this interview's marked."""
    filing_algorithms: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    """Each filing role: the algorithm types it covers."""
    penalty: list[str] = dataclasses.field(default_factory=list)
    """Reading ids of what not filing or breaching the rules risks (RULES §7b, §8), said once."""
    supplier_model: dict[str, str] = dataclasses.field(default_factory=dict)
    """The filed model bought, as answered: name and filing_number where answered (RULES §5)."""

    @property
    def this_algorithm(self) -> Algorithm | None:
        return next((al for al in self.algorithms if al.this_interview), None)

    @property
    def complete(self) -> bool:
        return not self.todo

    @property
    def progress(self) -> int:
        """Share of the questions that apply that are answered, 0-100."""
        return 100 if not self.asked else round(100 * self.answered / self.asked)


def todo_for(
    bank: QuestionBank, answers: Mapping[str, Any], effective: tuple[list[Question], dict[str, Any]] | None = None
) -> tuple[list[str], int, int]:
    """Questions asked but unanswered or "not sure", and the counts behind progress: an optional question counts
    only once answered, so that an interview with nothing left to answer stands at 100%. `effective`:
    `bank.effective(answers)`, where the caller has it."""
    asked, counted = effective or bank.effective(answers)
    todo, answered, skipped = [], 0, 0
    for question in asked:
        value = counted.get(question.id)
        done = value is not None and value is not NOT_SURE
        if done and question.kind == "records":
            done = bool(value) and not record_missing(question, value)
        if done:
            answered += 1
        elif not question.optional:
            todo.append(question.id)
        else:
            skipped += 1
    return todo, answered, len(asked) - skipped


def assess(bank: QuestionBank, answers: Mapping[str, Any], today: dt.date | None = None) -> Assessment:
    """Roles, filings, obligations, notes and what is left to answer, from the answers given.

    Roles, filings and each fact are worked out once (Evaluator); each
    obligation of dialogs/obligations.toml is owed where its `when` holds, and
    each reading that `shows` itself is said where its `when` holds. A duty
    that rests on a question of the service's other algorithm (not asked in
    this interview) is owed and open, and says that interview answers it
    (RULES §7).
    """
    today = today or today_in_china()
    asked_questions, counted = bank.effective(answers)
    asked_ids = {q.id for q in asked_questions}
    f = Facts(counted, asked_ids)
    ev = Evaluator(bank, f)
    elsewhere = elsewhere_questions(bank, counted, asked_ids)
    # The same answers, with the other algorithm's questions asked and open: what they may still owe.
    ev_elsewhere = Evaluator(bank, Facts(counted, asked_ids | elsewhere)) if elsewhere else None
    todo, answered, asked = todo_for(bank, answers)
    launch = f.get("algorithm.launch_date")
    launch = launch if isinstance(launch, dt.date) else None
    roles = {key: ev.holds(key) for key in ROLE_KEYS}
    algorithms = algorithms_of(ev)
    filed = next((al for al in algorithms if al.this_interview), None)
    filing_roles = set(ev.filings()) | {r for r in filing_of(bank).values() if r in ROLE_KEYS and roles[r]}
    covers = {role: filing_algorithms(role, algorithms) for role in filing_roles}

    def elsewhere_reason(reason: Reason) -> Reason:
        return Reason(reason.qid, ELSEWHERE) if reason.qid in elsewhere else reason

    notes: list[str] = []
    obligations = []
    calendar_guessed: set[int] = set()
    for obligation in bank.obligations.values():
        held = ev.any_of(obligation.when)
        if held is None and ev_elsewhere is not None:
            maybe = ev_elsewhere.any_of(obligation.when)
            if maybe is not None and any(r.qid in elsewhere for r in maybe.because):
                held = Held(tuple(elsewhere_reason(r) for r in maybe.because), open=True)
        if held is None:
            continue
        because = list(held.because)
        status = "open" if held.open else status_of(obligation.status, f)
        if obligation.status is not None and obligation.status.question in elsewhere:
            because.append(Reason(obligation.status.question, ELSEWHERE))
            status = "open"
        because += [f.reason(qid) for qid in obligation.also_because if isinstance(f.get(qid), str)]
        due = None
        # The launch date answered is this interview's algorithm's: another algorithm's filing waits
        # for the date its own interview gives (RULES §4).
        role = obligation.filing_role
        concerns_this = filed is not None and (role is None or any(t in covers.get(role, []) for t in filed.types))
        if launch and concerns_this and obligation.deadline_from == "before_launch":
            due = launch  # the generative AI filing or registration comes before launch (RULES §5)
        elif obligation.deadline_days and launch and concerns_this and obligation.deadline_from == "launch":
            from assistant.law.deadlines import add_working_days, calendar_known  # only where a launch date is known

            deadline = add_working_days(launch, obligation.deadline_days)
            due = deadline.due
            if not deadline.calendar_known:
                calendar_guessed |= {y for y in range(launch.year, due.year + 1) if not calendar_known(y)}
        obligations.append(
            ObligationFinding(
                id=obligation.id,
                because=because,
                # A duty that rests on a question not answered yet is open, whatever else is answered (RULES §7).
                status=status,
                deadline=due,
                overdue=bool(due and is_overdue(obligation, due, today)),
                basis=basis_for(roles, obligation.basis, {c: ev.holds(fact) for c, fact in obligation.basis_when.items()}),
            )
        )
    owed = {o.id for o in obligations}
    filings = ev.filings()

    # The readings that say themselves where their condition holds: notes (unsettled readings and
    # drafts on the way, RULES §2-§5, §10), scope readings, the penalty (§7b, §8).
    said: dict[str, list[str]] = {"note": [], "scope": [], "penalty": []}
    for rid, reading in bank.readings.items():
        if reading.shows and ev.any_of(reading.when) is not None:
            said[reading.shows].append(rid)
    notes += said["note"]
    if calendar_guessed:
        notes.append("deadline.fallback_calendar")

    return Assessment(
        roles=roles,
        role_because={key: list(held.because) for key in ROLE_KEYS if (held := ev.fact(key))},
        filings={role: reasons for role, (reasons, _) in filings.items()},
        obligations=obligations,
        notes=notes,
        scope=said["scope"],
        genai_path=genai_path(f) if "genai.service_filing" in owed else None,
        launch_date=launch,
        todo=todo,
        answered=answered,
        asked=asked,
        open_filings={
            role: [r.qid for r in held.because if r.open] for role, (_, held) in filings.items() if held.open
        },
        undecided=[q for q in DECIDING if f.pending(q)],
        fallback_years=sorted(calendar_guessed),
        launched=bool(launch and launch <= today),
        algorithms=algorithms,
        filing_algorithms={role: covers[role] for role in filings},
        penalty=said["penalty"] if filings else [],
        supplier_model=supplier_model(f) if "genai.service_filing" in owed else {},
    )
