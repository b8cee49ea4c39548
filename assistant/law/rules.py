"""Pure rules of ../shared/domain/RULES.md: answers -> Assessment (roles, filings, obligations with basis and because).

Every rule is one small function named for what it decides, its docstring naming
the article. Wording and basis live in dialogs/obligations.toml; the RULES table
at the bottom says which function owes which obligation and which answer tells
its status. A function returns the answers that triggered it (`because`), or an
empty list when the obligation is not owed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from assistant.law.questions import NOT_SURE, QuestionBank, describe, record_missing

ROLE_KEYS = (
    "deep_synthesis_provider",
    "deep_synthesis_technical_supporter",
    "algorithm_recommendation_provider",
    "generative_ai_provider",
)
FILING_OBLIGATION = {
    "deep_synthesis_provider": "filing.provider",
    "deep_synthesis_technical_supporter": "filing.technical_supporter",
    "algorithm_recommendation_provider": "filing.algorithm_recommendation",
}
NOT_ANSWERED = "not answered"
OPEN_MARKS = (f" = {NOT_ANSWERED}", " = not sure")
"""How a `because` entry names a question still open; a finding that rests on one is `open`."""
FILING_DAYS = 10
"""Algorithm filings are due within 10 working days of launch (AP Art. 24(1); DSP Art. 19)."""


def china_zone() -> dt.tzinfo:
    """Asia/Shanghai, the filing system's clock (UTC+8, no daylight saving); a fixed UTC+8 where the
    machine has no time-zone database."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo("Asia/Shanghai")
    except (ZoneInfoNotFoundError, ValueError):
        return dt.timezone(dt.timedelta(hours=8))


def today_in_china(now: dt.datetime | None = None) -> dt.date:
    """Today's date in China (Asia/Shanghai), whatever the machine's own time zone: deadlines and
    `overdue` are counted on China's calendar. FILING_ASSISTANT_TODAY (YYYY-MM-DD), where a script
    or test fixes the clock, overrides it; a malformed value is passed over here (the command line
    reports it)."""
    if now is None:
        fixed = os.environ.get("FILING_ASSISTANT_TODAY")
        if fixed:
            try:
                return dt.date.fromisoformat(fixed)
            except ValueError:
                pass
        now = dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        now = now.astimezone()  # a naive time is the machine's local time
    return now.astimezone(china_zone()).date()


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

    def unsure(self, qid: str) -> bool:
        return self.answers.get(qid) is NOT_SURE

    def pending(self, qid: str) -> bool:
        """Not known yet: answered "not sure", or a question that applies and is not answered.

        An unanswered deciding question is never read as "no" (RULES §7: open where not known yet).
        """
        return self.unsure(qid) or (qid not in self.answers and qid in self.asked)

    def open_because(self, *qids: str) -> list[str]:
        """`qid = not answered` or `qid = not sure` for each of `qids` still open: what decides an open finding."""
        return [f"{q} = {describe(self.answers[q]) if q in self.answers else NOT_ANSWERED}" for q in qids if self.pending(q)]

    def chose(self, qid: str, *options: str) -> bool:
        value = self.answers.get(qid)
        if isinstance(value, (list, tuple)):
            return any(o in value for o in options)
        return value in options

    def because(self, *qids: str) -> list[str]:
        """`qid = value` for each of `qids` that is answered: the reason a rule fired."""
        return [f"{q} = {describe(self.answers[q])}" for q in qids if q in self.answers]

    def chosen(self, qid: str, *options: str) -> list[str]:
        """`qid = option` for the options of `options` chosen in a multi-choice."""
        value = self.answers.get(qid) or ()
        return [f"{qid} = {o}" for o in options if o in value]


# --- Scope (RULES §2) ----------------------------------------------------------


def in_scope(f: Facts) -> bool:
    """Public or business customers in mainland China (DSP Art. 2, AP Art. 2, GAI Art. 2).

    Business customers only is unsettled (GAI Art. 2); the cautious reading is in scope.
    """
    return f.chose("scope.audience", "public", "business_customers")


def generates(f: Facts) -> bool:
    """Generating or editing content of any kind; code and "other" count (cautious, RULES §3)."""
    return in_scope(f) and f.yes("service.generates_content")


# --- Roles (RULES §3) ------------------------------------------------------------


def deep_synthesis_provider(f: Facts) -> list[str]:
    """DSP Art. 23: generates content and runs the product users use."""
    if generates(f) and f.yes("role.serves_end_users"):
        return f.because("scope.audience", "service.generates_content", "role.serves_end_users")
    return []


def deep_synthesis_technical_supporter(f: Facts) -> list[str]:
    """DSP Art. 23: generates content and supplies the technology to other services."""
    if generates(f) and f.yes("role.supplies_technology"):
        return f.because("scope.audience", "service.generates_content", "role.supplies_technology")
    return []


def algorithm_recommendation_provider(f: Facts) -> list[str]:
    """AP Art. 2: chooses, ranks, filters, pushes or dispatches content or tasks."""
    if in_scope(f) and f.yes("service.recommends_content"):
        return f.because("scope.audience", "service.recommends_content")
    return []


def generative_ai_provider(f: Facts) -> list[str]:
    """GAI Art. 2, Art. 22: generates content, to end users or through a programmable interface.

    Only a filer that says it neither serves users nor supplies others is left out.
    """
    if generates(f) and not (f.no("role.serves_end_users") and f.no("role.supplies_technology")):
        return f.because("scope.audience", "service.generates_content")
    return []


ROLES: dict[str, Callable[[Facts], list[str]]] = {
    "deep_synthesis_provider": deep_synthesis_provider,
    "deep_synthesis_technical_supporter": deep_synthesis_technical_supporter,
    "algorithm_recommendation_provider": algorithm_recommendation_provider,
    "generative_ai_provider": generative_ai_provider,
}


def roles_for(f: Facts) -> dict[str, bool]:
    return {key: bool(rule(f)) for key, rule in ROLES.items()}


# --- Filings (RULES §4) ------------------------------------------------------------


def owed_filings(f: Facts) -> dict[str, list[str]]:
    """Each separate filing owed, or open, with the readings (dialogs/obligations.toml) that explain it.

    DSP Art. 19(1)-(2); AP Art. 24 with SAP Art. 2 for recommendation: only
    with public interaction, and open while that is not answered (never read
    as "no"). A provider without public interaction still files (unsettled;
    cautious reading, RULES §4); while public interaction is not answered the
    provider files either way, and the reason says the question is open.
    """
    roles = roles_for(f)
    both = roles["deep_synthesis_provider"] and roles["deep_synthesis_technical_supporter"]
    filings: dict[str, list[str]] = {}
    if roles["algorithm_recommendation_provider"] and f.yes("scope.public_interaction"):
        filings["algorithm_recommendation_provider"] = [
            "role.algorithm_recommendation_provider",
            "filing.public_interaction",
        ]
    elif roles["algorithm_recommendation_provider"] and f.pending("scope.public_interaction"):
        filings["algorithm_recommendation_provider"] = [
            "role.algorithm_recommendation_provider",
            "filing.open.recommendation_public_interaction",
        ]
    if roles["deep_synthesis_provider"]:
        reasons = ["role.deep_synthesis_provider"]
        if f.yes("scope.public_interaction"):
            reasons.append("filing.public_interaction")
        elif f.pending("scope.public_interaction"):
            reasons.append("filing.open.provider_public_interaction")
        else:
            reasons.append("unsettled.provider_threshold")
        if f.yes("role.buys_technology"):
            reasons.append("filing.bought_technology")
        if both:
            reasons.append("filing.both_roles")
        filings["deep_synthesis_provider"] = reasons
    if roles["deep_synthesis_technical_supporter"]:
        filings["deep_synthesis_technical_supporter"] = ["role.deep_synthesis_technical_supporter"] + (
            ["filing.both_roles"] if both else []
        )
    if group_files(f):
        for reasons in filings.values():
            reasons.insert(0, "filing.by_group_company")
    return filings


def open_filings(f: Facts) -> dict[str, list[str]]:
    """The filings of `owed_filings` that hang on a question not answered yet, each with the questions that decide it."""
    found = {}
    if "algorithm_recommendation_provider" in owed_filings(f) and f.pending("scope.public_interaction"):
        found["algorithm_recommendation_provider"] = ["scope.public_interaction"]
    return found


DECIDING = (
    "scope.audience",
    "service.generates_content",
    "service.recommends_content",
    "role.serves_end_users",
    "role.supplies_technology",
    "scope.public_interaction",
)
"""The questions that decide roles and filings (CONTRACT §3; RULES §2-§4)."""


def undecided(f: Facts) -> list[str]:
    """Deciding questions that apply and are not answered yet (or "not sure"): until they are, whether
    a filing is owed is open, never "no"."""
    return [q for q in DECIDING if f.pending(q)]


def group_files(f: Facts) -> bool:
    """GUIDE §3.1 (RULES §4 "Who files"): a group member that does not control the algorithm files
    nothing itself; the controlling company files."""
    return f.yes("subject.group_member") and f.no("subject.controls_algorithm")


def _filing(role: str) -> Callable[[Facts], list[str]]:
    def owes(f: Facts) -> list[str]:
        if role not in owed_filings(f) or group_files(f):
            return []
        return _filing_because(f, role)

    owes.__doc__ = f"The {role} filing (RULES §4); a group member that does not control the algorithm does not file it itself."
    return owes


def _filing_because(f: Facts, role: str) -> list[str]:
    because = ROLES[role](f)
    if role == "algorithm_recommendation_provider":
        because += f.because("scope.public_interaction") + f.open_because("scope.public_interaction")
    return because


def any_filing(f: Facts) -> list[str]:
    """Every owed filing brings display, change, cancellation and documents (AP Art. 24, 26).

    Where the only filing is open (it hangs on a question not answered yet), so is all it brings.
    """
    filings = owed_filings(f)
    still_open = open_filings(f)
    settled = [r for r in filings if r not in still_open]
    because: list[str] = []
    for role in settled or list(filings):
        because += [b for b in _filing_because(f, role) if b not in because]
    return because


def group_designation(f: Facts) -> list[str]:
    """GUIDE §3.1: the group company that controls the algorithm files (open while control is not answered)."""
    if any_filing(f) and f.yes("subject.group_member"):
        if f.no("subject.controls_algorithm"):
            return f.because("subject.group_member", "subject.controls_algorithm")
        return f.because("subject.group_member") + f.open_because("subject.controls_algorithm")
    return []


def icp_mismatch(f: Facts) -> list[str]:
    """GUIDE §3.1: the filing entity explains its relationship to the ICP entity."""
    if any_filing(f) and f.no("subject.same_as_icp_entity"):
        return f.because("subject.same_as_icp_entity")
    return []


def biometric_output(f: Facts) -> list[str]:
    """Faces or voices generated or edited, or biometric input (DSP Art. 14(2), Art. 15(2))."""
    if not (deep_synthesis_provider(f) or deep_synthesis_technical_supporter(f)):
        return []
    return f.chosen("service.content_kinds", "face", "voice") + (
        f.because("algorithm.data.input_biometric") if f.yes("algorithm.data.input_biometric") else []
    )


def security_assessment(f: Facts) -> list[str]:
    """SAP Art. 3, AP Art. 27, DSP Art. 20, GAI Art. 17: owed filing with public interaction;
    DSP Art. 15(2): biometric generation or editing, whatever the audience."""
    because = biometric_output(f)
    if any_filing(f) and f.yes("scope.public_interaction"):
        because = f.because("scope.public_interaction") + because
    elif any_filing(f) and not because:
        # Open, not "no", while public interaction is not answered (RULES §7).
        because = f.open_because("scope.public_interaction")
    return because


def genai_service_filing(f: Facts) -> list[str]:
    """GAI Art. 17 (cautious: every generative AI provider; the path is regulator practice)."""
    return generative_ai_provider(f)


def genai_display_model(f: Facts) -> list[str]:
    """CACN, regulator practice and not an article (RULES §5): a generative AI provider that runs
    the product users use shows the filed generative AI service it uses, model name and filing
    or registration number."""
    if generative_ai_provider(f) and f.yes("role.serves_end_users"):
        return generative_ai_provider(f) + f.because("role.serves_end_users")
    return []


def genai_path(f: Facts) -> str:
    """Which generative AI filing path applies (RULES §5): a reading id."""
    if f.yes("role.buys_technology"):
        return "genai.registration_path" if f.yes("role.supplier_filed") else "genai.supplier_not_filed"
    if f.no("role.buys_technology"):
        return "genai.in_house"
    return "genai.path_unknown"


def misleading_output(f: Facts) -> list[str]:
    """DSP Art. 17(1), LBL Art. 4: output that imitates people or significantly alters content.

    Every kind but program code may mislead; with the kinds not yet answered,
    the cautious reading is that it may.
    """
    if not deep_synthesis_provider(f):
        return []
    kinds = f.get("service.content_kinds")
    if not kinds:
        return f.because("service.generates_content")
    return [f"service.content_kinds = {k}" for k in kinds if k != "code"]


def user_labeling(f: Facts) -> list[str]:
    """DSP Art. 17(2): providers with other output; LBL Art. 2, 6, 10: users publish content."""
    because = []
    if deep_synthesis_provider(f):
        because += f.chosen("service.content_kinds", "code", "other")
    if any(ROLES[r](f) for r in ROLES) and f.yes("scope.public_interaction"):
        because += f.because("scope.public_interaction")
    elif any(ROLES[r](f) for r in ROLES) and not because:
        because = f.open_because("scope.public_interaction")
    return because


def any_provider(f: Facts) -> list[str]:
    """A provider of any kind: deep synthesis, generative AI or recommendation (DSP Art. 10, 12; GAI Art. 14, 15; AP Art. 9, 22)."""
    return (
        deep_synthesis_provider(f) or generative_ai_provider(f) or algorithm_recommendation_provider(f)
    )


def content_provider(f: Facts) -> list[str]:
    """Deep synthesis or generative AI provider (DSP Art. 8; GAI Art. 9)."""
    return deep_synthesis_provider(f) or generative_ai_provider(f)


def training_personal_info(f: Facts) -> list[str]:
    """GAI Art. 7(3), PIPL Art. 13: personal information in training data (open while unanswered)."""
    if f.yes("algorithm.model.training_personal_info"):
        return f.because("algorithm.model.training_personal_info")
    if generative_ai_provider(f) and not f.no("algorithm.model.training_personal_info"):
        return generative_ai_provider(f)
    return []


def any_role(f: Facts) -> bool:
    """Any role of RULES §3: without one, none of the duties of §7 applies."""
    return any(rule(f) for rule in ROLES.values())


def any_role_because(f: Facts) -> list[str]:
    """Any role of RULES §3, with or without a filing: AP Art. 28(2) binds every recommendation
    provider (generation and synthesis is an AP Art. 2 type), CSL Art. 23(3) every network operator."""
    because: list[str] = []
    for rule in ROLES.values():
        because += [b for b in rule(f) if b not in because]
    return because


def minors(f: Facts) -> list[str]:
    """AP Art. 18; GAI Art. 10; MOP: a service that holds a role, which minors can use (open while
    not answered or not sure)."""
    if not any_role(f):
        return []
    if f.yes("users.minors"):
        return f.because("users.minors")
    return f.open_because("users.minors")


def personalised_push(f: Facts) -> list[str]:
    """AP Art. 17: recommendation based on personal traits."""
    return f.chosen("service.recommendation_kinds", "personalized_push") if algorithm_recommendation_provider(f) else []


def dispatch(f: Facts) -> list[str]:
    """AP Art. 20: dispatch and decision-making over workers' tasks."""
    return f.chosen("service.recommendation_kinds", "dispatch_decision") if algorithm_recommendation_provider(f) else []


def sells_to_consumers(f: Facts) -> list[str]:
    """AP Art. 21: recommendation that sells to consumers (open when not sure)."""
    if algorithm_recommendation_provider(f) and f.yes("service.sells_to_consumers"):
        return f.because("service.sells_to_consumers")
    if algorithm_recommendation_provider(f):
        return f.open_because("service.sells_to_consumers")
    return []


# --- Rules on the way (RULES §10): a note each, never an obligation or a status ---------


def anthropomorphic(f: Facts) -> bool:
    """The CAC's draft on anthropomorphic interactive services (draft for comment, 2025-12-27):
    a service that imitates a human personality for emotional interaction."""
    return generates(f) and f.yes("service.anthropomorphic")


# --- Basis: only what binds this filer (RULES §1, §3) ---------------------------------

CITED_FOR_ROLES: dict[str, tuple[str, ...]] = {
    # DSP binds deep synthesis providers and technical supporters (DSP Art. 2, Art. 23).
    "DSP": ("deep_synthesis_provider", "deep_synthesis_technical_supporter"),
    # GAI binds generative AI service providers (GAI Art. 2, Art. 22).
    "GAI": ("generative_ai_provider",),
    # LBL Art. 12: labeling materials in filings, from those who generate or synthesise content.
    "LBL Art. 12": ("deep_synthesis_provider", "deep_synthesis_technical_supporter", "generative_ai_provider"),
}
"""Citations that bind only some roles, by instrument short name or by whole citation."""


def basis_for(f: Facts, basis: tuple[str, ...]) -> tuple[str, ...]:
    """The articles of `basis` that bind this filer: a DSP article only for a deep synthesis role, a
    GAI article only for a generative AI provider (RULES §3). Every other citation stays; a basis
    never ends up empty."""
    roles = {key for key, held in roles_for(f).items() if held}

    def binds(citation: str) -> bool:
        bound = CITED_FOR_ROLES.get(citation) or CITED_FOR_ROLES.get(citation.split(" ")[0])
        return bound is None or bool(roles & set(bound))

    kept = tuple(c for c in basis if binds(c))
    return kept or tuple(basis)


# --- Status (RULES §7) -------------------------------------------------------------


def status_of_yes_no(qid: str) -> Callable[[Facts], str]:
    def status(f: Facts) -> str:
        return "met" if f.yes(qid) else "gap" if f.no(qid) else "open"

    return status


def status_of_mechanism(qid: str) -> Callable[[Facts], str]:
    """A mechanism chosen from a list: "none" is a gap, anything else is in place."""

    def status(f: Facts) -> str:
        value = f.get(qid)
        if value is None or value is NOT_SURE:
            return "open"
        return "gap" if value == "none" else "met"

    return status


def status_of_document(qid: str) -> Callable[[Facts], str]:
    def status(f: Facts) -> str:
        value = f.get(qid)
        return "met" if value == "ready" else "gap" if value in ("drafting", "not_started") else "open"

    return status


CORE_POLICIES = ("self_assessment", "monitoring", "violation_penalty", "emergency_response", "ethics_review")
"""The policies GUIDE §3.3 names for the Subject Responsibility table."""


def status_of_responsibility_table(f: Facts) -> str:
    policies = f.get("subject.policies")
    if policies is None:
        return "open"
    return "met" if all(p in policies for p in CORE_POLICIES) else "gap"


def status_of_real_name(f: Facts) -> str:
    """DSP Art. 9 (RULES §7, §9): every product requires real-name verification: met; any does not:
    a gap; else (no products yet, or one not answered) open."""
    products = f.get("products")
    if not isinstance(products, (list, tuple)) or not products:
        return "open"
    answers = [p.get("real_name") if isinstance(p, Mapping) else None for p in products]
    if any(a is False for a in answers):
        return "gap"
    return "met" if all(a is True for a in answers) else "open"


def always_open(f: Facts) -> str:
    return "open"


@dataclass(frozen=True)
class Rule:
    """One obligation: who owes it (`owes`), and which answer tells its status."""

    id: str
    owes: Callable[[Facts], list[str]]
    status: Callable[[Facts], str] = always_open
    deadline_days: int | None = None
    """Working days after launch by which it is due."""


RULES: tuple[Rule, ...] = (
    # Filings: RULES §4-§5.
    Rule("filing.provider", _filing("deep_synthesis_provider"), deadline_days=FILING_DAYS),
    Rule("filing.technical_supporter", _filing("deep_synthesis_technical_supporter"), deadline_days=FILING_DAYS),
    Rule("filing.algorithm_recommendation", _filing("algorithm_recommendation_provider"), deadline_days=FILING_DAYS),
    Rule("genai.service_filing", genai_service_filing),
    Rule("genai.display_model", genai_display_model),
    Rule("filing.group_designation", group_designation, deadline_days=FILING_DAYS),
    Rule("filing.icp_mismatch_explanation", icp_mismatch),
    Rule("filing.security_assessment", security_assessment),
    Rule("filing.display_number", any_filing),
    Rule("filing.change", any_filing),
    Rule("filing.cancellation", any_filing),
    # The three documents: RULES §6.
    Rule("docs.subject_responsibility_table", any_filing, status_of_responsibility_table),
    Rule("docs.self_assessment_report", any_filing, status_of_document("algorithm.self_assessment_report")),
    Rule("docs.public_disclosure", any_filing, status_of_document("algorithm.public_disclosure")),
    # Duties: RULES §7.
    Rule("label.implicit", deep_synthesis_provider, status_of_yes_no("algorithm.risk.implicit_label")),
    Rule("label.conspicuous", misleading_output, status_of_yes_no("algorithm.risk.conspicuous_label")),
    Rule("label.user_labeling_function", user_labeling, status_of_yes_no("algorithm.risk.remind_users_to_label")),
    Rule("label.user_agreement", deep_synthesis_provider),
    Rule("biometric.editing_consent", biometric_output),
    Rule("data.training_personal_info", training_personal_info),
    Rule("data.training_sources", generative_ai_provider),
    Rule("users.real_identity", deep_synthesis_provider, status_of_real_name),
    Rule("content.review", any_provider, status_of_mechanism("algorithm.risk.harmful_content_mechanism")),
    Rule("content.rumor_refutation", deep_synthesis_provider, status_of_mechanism("algorithm.risk.refutation_mechanism")),
    Rule("users.complaints", any_provider),
    Rule("users.service_agreement", content_provider),
    Rule("data.user_inputs", generative_ai_provider),
    Rule("minors.protection", minors),
    Rule("rec.transparency", algorithm_recommendation_provider),
    Rule("rec.user_controls", personalised_push),
    Rule("rec.workers", dispatch),
    Rule("rec.consumers", sells_to_consumers),
    Rule("logs.retention", any_role_because),
)


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

    @property
    def complete(self) -> bool:
        return not self.todo

    @property
    def progress(self) -> int:
        """Share of the questions that apply that are answered, 0-100."""
        return 100 if not self.asked else round(100 * self.answered / self.asked)


def todo_for(bank: QuestionBank, answers: Mapping[str, Any]) -> tuple[list[str], int, int]:
    """Questions asked but unanswered or "not sure", and the counts behind progress."""
    asked, counted = bank.effective(answers)
    todo, answered = [], 0
    for question in asked:
        value = counted.get(question.id)
        done = value is not None and value is not NOT_SURE
        if done and question.kind == "records":
            done = bool(value) and not record_missing(question, value)
        if done:
            answered += 1
        elif not question.optional:
            todo.append(question.id)
    return todo, answered, len(asked)


def assess(bank: QuestionBank, answers: Mapping[str, Any], today: dt.date | None = None) -> Assessment:
    """Roles, filings, obligations, notes and what is left to answer, from the answers given."""
    today = today or today_in_china()
    asked_questions, counted = bank.effective(answers)
    f = Facts(counted, {q.id for q in asked_questions})
    todo, answered, asked = todo_for(bank, answers)
    launch = f.get("algorithm.launch_date")
    launch = launch if isinstance(launch, dt.date) else None

    notes: list[str] = []
    obligations = []
    calendar_guessed: set[int] = set()
    for rule in RULES:
        because = rule.owes(f)
        if not because:
            continue
        due = None
        if rule.deadline_days and launch:
            from assistant.law.deadlines import add_working_days, calendar_known  # only where a launch date is known

            deadline = add_working_days(launch, rule.deadline_days)
            due = deadline.due
            if not deadline.calendar_known:
                calendar_guessed |= {y for y in range(launch.year, due.year + 1) if not calendar_known(y)}
        # A duty that rests on a question not answered yet is open, whatever else is answered (RULES §7).
        still_open = any(b.endswith(OPEN_MARKS) for b in because)
        obligations.append(
            ObligationFinding(
                id=rule.id,
                because=because,
                status="open" if still_open else rule.status(f),
                deadline=due,
                overdue=bool(due and due < today),
                basis=basis_for(f, bank.obligations[rule.id].basis),
            )
        )
    owed = {o.id for o in obligations}

    if f.chose("scope.audience", "business_customers"):
        notes.append("unsettled.business_customers")
    if f.chose("scope.audience", "overseas_only"):
        notes.append("unsettled.overseas_reachable")
    filings = owed_filings(f)
    if "unsettled.provider_threshold" in filings.get("deep_synthesis_provider", []):
        notes.append("unsettled.provider_threshold")
    if generates(f) and f.chose("service.content_kinds", "code", "other"):
        notes.append("unsettled.code_generation")
    if "genai.service_filing" in owed:
        notes.append("unsettled.genai_every_service")
    if anthropomorphic(f):
        notes.append("draft.anthropomorphic")
    if calendar_guessed:
        notes.append("deadline.fallback_calendar")

    scope = []
    if f.chose("scope.audience", "internal"):
        scope.append("scope.internal")
    elif f.chose("scope.audience", "overseas_only"):
        scope.append("scope.overseas_only")
    elif in_scope(f) and f.no("service.generates_content") and f.no("service.recommends_content"):
        scope.append("scope.not_generating")
    elif generates(f) and f.no("role.serves_end_users") and f.no("role.supplies_technology"):
        # DSP Art. 23, GAI Art. 2, 22: generating alone, for nobody outside, holds no role; say why.
        scope.append("scope.generates_for_no_one")
    if algorithm_recommendation_provider(f) and f.no("scope.public_interaction"):
        # AP Art. 24, SAP Art. 2: no public interaction, no recommendation filing; the duties stay.
        scope.append("scope.recommendation_without_public_interaction")

    return Assessment(
        roles=roles_for(f),
        role_because={key: rule(f) for key, rule in ROLES.items() if rule(f)},
        filings=filings,
        obligations=obligations,
        notes=notes,
        scope=scope,
        genai_path=genai_path(f) if "genai.service_filing" in owed else None,
        launch_date=launch,
        todo=todo,
        answered=answered,
        asked=asked,
        open_filings=open_filings(f),
        undecided=undecided(f),
        fallback_years=sorted(calendar_guessed),
        launched=bool(launch and launch <= today),
    )
