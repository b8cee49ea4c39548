"""What changed between two versions of one algorithm's filing, and what the change owes (CONTRACT §10; RULES §4, §8).

Every answer that the record files (the facts, Steps 1, 2 and 3) is compared,
a list item field by field; each change is named by its Step and TOML path,
its values put in the form's words (option labels, never ids). Both versions
are assessed by the same rules as `summary`; what follows is said with its
date, counted in China's working days from the day of the change:

- a change filing (`filing.change`) within 10 working days, for each filing
  this filer owes before and after whose form holds a field that changed
  (AP Art. 24(2)): Steps 1 and 2 are every filing's, the products the
  providers', the technical support plan the supporter's; a fact, a
  document's preparation status (the Step 2 uploads) and a product's user
  band are held by no form and owe no change filing (FieldChange.filed_in);
- a launch date moved before the old launch date moves the filing's deadline
  (`deadline_moved`, old and new date); moved after it, both cases are said:
  a change filing if the filing was made, else the filing itself, due from
  the earlier launch date (`filing_due`, often overdue);
- a new filing for each role that now owes one (AP Art. 24(1); DSP Art. 19),
  within 10 working days of the day the service starts in that role: the day
  of the change, or the launch date where that is later;
- a cancellation (`filing.cancellation`) within 20 working days for each
  filing no longer owed: the service in that role ends (AP Art. 24(3));
- the roles gained and lost, the obligations that appear or disappear or
  change status, and a change of the generative AI filing path (both sides
  on a path: one that no longer applies is no change of path).

Nothing is both owed and retired: an obligation a consequence owes is not
listed as no longer applying. A group member whose group company files owes
no filing of its own (owed_filings), so it has nothing to change or cancel.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from assistant.errors import escaped
from assistant.files.portfolio import GENAI_WORDS, display_width
from assistant.files.record import FACT_SECTIONS
from assistant.files.summary import Citer, subject_of
from assistant.law.questions import NOT_SURE, Field, QuestionBank
from assistant.law.rules import Assessment, assess, filing_obligation, limit_days
from assistant.law.wording import Words

WORDS = Words("diff", "portfolio")
"""The diff's headings and sentences (dialogs/wording/diff.toml); yes, no and the generative AI paths' short words are the portfolio's."""
FORMATS = ("text", "json")
# The limits (10 working days after a change, 20 after the end of the service, AP Art. 24(2)-(3); 10
# after the start, AP Art. 24(1)) and each role's filing are dialogs/obligations.toml's: rules.limit_days
# and rules.filing_obligation read them.
STEP_OF_SECTION = {
    "scope": "facts",
    "role": "facts",
    "subject": "step1",
    "algorithm": "step2",
    "products": "step3",
    "technical_support": "step3",
}
"""Where each section's answers stand in the record: [facts], or the form's Step 1, 2 or 3."""
STEPS = ("facts", "step1", "step2", "step3")
UPLOAD_STATUS = ("algorithm.self_assessment_report", "algorithm.public_disclosure")
"""The upload fields of Step 2: they hold how far along the document is, which the system does not hold (CONTRACT §10)."""
UNFILED_ITEM_FIELDS = ("products.users",)
"""A list item's fields the interview asks and the form does not hold: a product's user count band (FORM.md Step 3)."""
PROVIDER_ROLES = ("deep_synthesis_provider", "algorithm_recommendation_provider")
"""The filings whose Step 3 is the products and functions; the technical supporter's is its technical support plan."""


def filing_of(bank: QuestionBank, role: str) -> str:
    """The obligation id of a filing role (dialogs/obligations.toml, through rules.filing_obligation)."""
    return filing_obligation(bank, role) or "filing.provider"


class _Absent:
    """No answer on this side: the question was not answered, or does not apply."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()


@dataclass(frozen=True)
class FieldChange:
    """One filed field whose answer differs: where it stands, and its value before and after (ABSENT where none)."""

    step: str
    path: str
    """The TOML path in the record: `facts."scope.audience"`, `algorithm.name`, `products[0].functions[1].name`."""
    question: str
    """The question id (for a list item's field, the list's)."""
    field: Field
    """The question or list field, whose options name the values."""
    old: Any
    new: Any

    @property
    def filed_in(self) -> tuple[str, ...] | None:
        """The filings whose form holds this field: None for every filing (Steps 1 and 2), () for none (a fact, a
        document's preparation status, a product's user band), else the filing roles (Step 3)."""
        if self.step == "facts" or self.question in UPLOAD_STATUS:
            return ()
        if self.step != "step3":
            return None
        if self.question == "products":
            return () if re.sub(r"\[\d+\]", "", self.path) in UNFILED_ITEM_FIELDS else PROVIDER_ROLES
        return ("deep_synthesis_technical_supporter",)

    @property
    def filed(self) -> bool:
        return self.filed_in != ()

    def files_for(self, role: str) -> bool:
        """Whether this field is held by the filing of `role`, so that its change owes that filing's change."""
        where = self.filed_in
        return where is None or role in where


@dataclass(frozen=True)
class Consequence:
    """What a change owes, with its date: a change filing, a new filing, or a cancellation."""

    kind: str
    """`change`, `new_filing`, `cancellation`, `deadline_moved` (the launch date moved before launch) or `filing_due`
    (the launch date moved after it: the filing, where not made yet, was due from the earlier date)."""
    obligation: str
    """`filing.change`, `filing.cancellation`, or the new filing's own id (`filing.provider`, ...)."""
    role: str
    """The filing role it concerns."""
    deadline: dt.date
    overdue: bool
    basis: tuple[str, ...]
    open: bool = False
    """The filing hangs on a question not answered yet: owed only on that answer."""
    calendar_known: bool = True
    """False where the year's holiday notice is not known and Monday to Friday was counted."""
    old_deadline: dt.date | None = None
    """A moved filing deadline (`deadline_moved`): the date it had before the launch date moved."""
    condition: str = ""
    """After the old launch date, the two cases said together: `if_filed` (a change filing) or `if_not_filed` (the
    filing itself, due from the earlier launch date)."""


@dataclass(frozen=True)
class Diff:
    """Two versions compared: the fields that changed and what follows from them."""

    changed_on: dt.date
    changes: list[FieldChange]
    consequences: list[Consequence]
    roles_gained: list[str]
    roles_lost: list[str]
    obligations_appear: list[str]
    obligations_disappear: list[str]
    status_changes: list[tuple[str, str, str]]
    """(obligation id, old status, new status) of obligations owed before and after."""
    genai_path: tuple[str | None, str | None] | None
    """(old, new) generative AI filing path readings where they differ."""
    old_subject: dict[str, str | None]
    new_subject: dict[str, str | None]
    warnings: list[str] = field(default_factory=list)
    """Catalogue keys: the two look like different companies or algorithms."""
    filings_owed: bool = False
    """A filing is owed before or after the change (so "nothing follows" means nothing filed changed)."""

    @property
    def differs(self) -> bool:
        return bool(self.changes)


# --- Fields --------------------------------------------------------------------------------------


def _same(field_: Field, a: Any, b: Any) -> bool:
    if field_.kind == "multi" and isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return sorted(map(str, a)) == sorted(map(str, b))  # the order options were ticked in is not filed
    return type(a) is type(b) and a == b


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _item_changes(step: str, qid: str, list_field: Field, path: str, old: Any, new: Any) -> list[FieldChange]:
    """The changes inside a list (products, their functions), item by item and field by field."""
    found = []
    before, after = _items(old), _items(new)
    for n in range(max(len(before), len(after))):
        here = f"{path}[{n}]"
        if n >= len(before) or n >= len(after) or not isinstance(before[n], Mapping) or not isinstance(after[n], Mapping):
            a = before[n] if n < len(before) else ABSENT
            b = after[n] if n < len(after) else ABSENT
            if not _same(list_field, a, b):
                found.append(FieldChange(step, here, qid, list_field, a, b))
            continue
        for f in list_field.fields:
            a, b = before[n].get(f.id, ABSENT), after[n].get(f.id, ABSENT)
            if f.kind == "records":
                found += _item_changes(step, qid, f, f"{here}.{f.id}", a, b)
            elif not _same(f, a, b):
                found.append(FieldChange(step, f"{here}.{f.id}", qid, f, a, b))
    return found


def changed_fields(bank: QuestionBank, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """Every answer that counts and differs, in the order of the record: facts, then Steps 1, 2, 3."""
    _, before = bank.effective(old)
    _, after = bank.effective(new)
    facts = {q.id for q in bank.questions if q.section in FACT_SECTIONS}
    found: list[FieldChange] = []
    for q in bank.questions:
        a, b = before.get(q.id, ABSENT), after.get(q.id, ABSENT)
        step = STEP_OF_SECTION.get(q.section, "step3")
        path = f'facts."{q.id}"' if q.id in facts else q.id
        if q.kind == "records":
            found += _item_changes(step, q.id, q, path, a, b)
        elif not _same(q, a, b):
            found.append(FieldChange(step, path, q.id, q, a, b))
    found.sort(key=lambda c: STEPS.index(c.step))  # stable: interview order inside a Step
    return found


# --- Consequences --------------------------------------------------------------------------------


def _due(start: dt.date, days: int) -> tuple[dt.date, bool]:
    from assistant.law.deadlines import add_working_days

    deadline = add_working_days(start, days)
    return deadline.due, deadline.calendar_known


def owed_filings(bank: QuestionBank, a: Assessment) -> list[str]:
    """The filing roles this filer files itself: a group member that does not control the algorithm has the group
    company file (its role's filing obligation is not owed), so it has nothing to change or cancel."""
    owed = {o.id for o in a.obligations}
    return [role for role in a.filings if filing_of(bank, role) in owed]


def _deadline_of(bank: QuestionBank, a: Assessment, role: str) -> dt.date | None:
    return next((o.deadline for o in a.obligations if o.id == filing_of(bank, role)), None)


def consequences_of(
    bank: QuestionBank,
    before: Assessment,
    after: Assessment,
    changed_on: dt.date,
    today: dt.date,
    changes: list[FieldChange] | None = None,
) -> list[Consequence]:
    """The filings a change owes: change, new and cancelled filings, each with its date (RULES §4, §8).

    Only a filed field owes its filing's change (CONTRACT §10). A launch date moved before the old launch date
    moves the filing's deadline; moved after it, both cases are said: a change filing if the filing was made, the
    filing itself due from the earlier date if not.
    """
    found = []
    changes = changes or []
    old_roles, new_roles = owed_filings(bank, before), owed_filings(bank, after)

    def add(kind: str, obligation: str, role: str, start: dt.date, days: int, basis_of: str, open_: bool = False, **more: Any) -> None:
        due, known = _due(start, days)
        found.append(
            Consequence(kind, obligation, role, due, due < today, tuple(bank.obligations[basis_of].basis), open_, known, **more)
        )

    moved = next((c for c in changes if c.question == "algorithm.launch_date"), None)
    old_launch, new_launch = (moved.old, moved.new) if moved else (None, None)
    moved_dates = isinstance(old_launch, dt.date) and isinstance(new_launch, dt.date)
    before_launch = moved_dates and old_launch > changed_on
    for role in new_roles:
        if role not in old_roles:
            continue
        open_ = role in after.open_filings
        owing = [c for c in changes if c.files_for(role) and not (before_launch and c is moved)]
        if moved_dates and not before_launch:
            add("change", "filing.change", role, changed_on, limit_days(bank, "change"), "filing.change", open_, condition="if_filed")
            start = min(old_launch, new_launch)
            add("filing_due", filing_of(bank, role), role, start, limit_days(bank, "launch"), filing_of(bank, role), open_, condition="if_not_filed")
            continue
        if owing:
            add("change", "filing.change", role, changed_on, limit_days(bank, "change"), "filing.change", open_)
        old_due, new_due = _deadline_of(bank, before, role), _deadline_of(bank, after, role)
        if before_launch and new_due and old_due != new_due:
            add("deadline_moved", filing_of(bank, role), role, new_launch, limit_days(bank, "launch"), filing_of(bank, role), open_, old_deadline=old_due)
    for role in new_roles:
        if role not in old_roles:
            # The service starts in the new role on the day of the change, or at launch where that is later.
            launch = after.launch_date
            start = launch if launch and launch > changed_on else changed_on
            add("new_filing", filing_of(bank, role), role, start, limit_days(bank, "launch"), filing_of(bank, role), role in after.open_filings)
    for role in old_roles:
        if role not in new_roles:
            add("cancellation", "filing.cancellation", role, changed_on, limit_days(bank, "end_of_service"), "filing.cancellation", role in before.open_filings)
    return found


def compare(
    bank: QuestionBank, old: Mapping[str, Any], new: Mapping[str, Any], changed_on: dt.date, today: dt.date
) -> Diff:
    """OLD and NEW compared: the fields that changed and, where any did, what the change owes."""
    changes = changed_fields(bank, old, new)
    before, after = assess(bank, old, today), assess(bank, new, today)
    old_subject, new_subject = subject_of(bank, old), subject_of(bank, new)
    if not changes:
        return Diff(changed_on, [], [], [], [], [], [], [], None, old_subject, new_subject)
    old_ids = {o.id: o for o in before.obligations}
    new_ids = {o.id: o for o in after.obligations}
    warnings = []
    old_code, new_code = old_subject["credit_code"], new_subject["credit_code"]
    if old_code and new_code and old_code != new_code:
        warnings.append("different_company")
    elif bool(old_code) != bool(new_code):
        warnings.append("credit_code_missing")  # one side cannot be checked to be the same company
    old_type, new_type = old.get("algorithm.type"), new.get("algorithm.type")
    if isinstance(old_type, str) and isinstance(new_type, str) and old_type != new_type:
        warnings.append("different_algorithm")
    consequences = consequences_of(bank, before, after, changed_on, today, changes)
    # Never both owe and retire one obligation: a change or cancellation owed is not also "no longer applies".
    owed_now = {c.obligation for c in consequences}
    paths = (before.genai_path, after.genai_path)
    return Diff(
        changed_on=changed_on,
        changes=changes,
        consequences=consequences,
        roles_gained=[r for r, held in after.roles.items() if held and not before.roles.get(r)],
        roles_lost=[r for r, held in before.roles.items() if held and not after.roles.get(r)],
        obligations_appear=[i for i in new_ids if i not in old_ids],
        obligations_disappear=[i for i in old_ids if i not in new_ids and i not in owed_now],
        status_changes=[(i, old_ids[i].status, o.status) for i, o in new_ids.items() if i in old_ids and old_ids[i].status != o.status],
        # A path that no longer applies (the generative AI filing is retired) is no change of path.
        genai_path=paths if None not in paths and paths[0] != paths[1] else None,
        old_subject=old_subject,
        new_subject=new_subject,
        warnings=warnings,
        filings_owed=bool(owed_filings(bank, before) or owed_filings(bank, after)),
    )


# --- Words ---------------------------------------------------------------------------------------


def say(key: str, lang: str, **values: Any) -> str:
    return WORDS.say(key, lang, **values)


FORM_LABELS = Words("form")
"""The filing system's field labels, keyed by question id (`algorithm.name`) or list field (`products.functions.name`)."""


def field_label(c: FieldChange, lang: str) -> str:
    """The field's label in the filing system where the form has one (dialogs/wording/form.toml), else the question asked."""
    key = c.question if c.field.id == c.question else re.sub(r"\[\d+\]", "", c.path)
    return FORM_LABELS.say(key, lang) if key in FORM_LABELS else c.field.text(lang)


def value_words(f: Field, value: Any, lang: str) -> str:
    """A value in the form's words: option labels (never ids), yes or no, not sure, a date, a list item by its name."""
    if value is ABSENT:
        return say("not_answered", lang)
    if value is NOT_SURE:
        return say("not_sure", lang)
    if isinstance(value, bool):
        return say("yes" if value else "no", lang)
    if isinstance(value, Mapping):
        name = value.get("name")
        return say("item_named", lang, name=name) if isinstance(name, str) and name else say("item", lang)
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else ", ").join(value_words(f, v, lang) for v in value) or say("none_chosen", lang)
    if isinstance(value, str) and f.options:
        option = f.option(value)
        return option.label(lang) if option else value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _json_value(value: Any) -> Any:
    """A value as an answers file writes it: "unknown" for not sure, dates as ISO text; None where absent."""
    if value is ABSENT:
        return None
    if value is NOT_SURE:
        return "unknown"
    if isinstance(value, Mapping):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def as_data(bank: QuestionBank, d: Diff, lang: str = "en", *, old: str = "", new: str = "") -> dict[str, Any]:
    """The diff as JSON-ready data; ids and keys stay English, values are given both as filed and in words."""
    return {
        "old": {"source": old, "subject": d.old_subject},
        "new": {"source": new, "subject": d.new_subject},
        "changed_on": d.changed_on.isoformat(),
        "differs": d.differs,
        "changes": [
            {
                "step": c.step,
                "path": c.path,
                "question": c.question,
                "filed": c.filed,
                "label": field_label(c, lang),
                "old": _json_value(c.old),
                "new": _json_value(c.new),
                "old_words": value_words(c.field, c.old, lang),
                "new_words": value_words(c.field, c.new, lang),
            }
            for c in d.changes
        ],
        "consequences": [
            {
                "kind": c.kind,
                "obligation": c.obligation,
                "role": c.role,
                "deadline": c.deadline.isoformat(),
                "old_deadline": c.old_deadline.isoformat() if c.old_deadline else None,
                "condition": c.condition or None,
                "overdue": c.overdue,
                "open": c.open,
                "calendar_known": c.calendar_known,
                "basis": list(c.basis),
                "title": bank.obligations[c.obligation].title(lang),
            }
            for c in d.consequences
        ],
        "roles": {"gained": d.roles_gained, "lost": d.roles_lost},
        "obligations": {
            "appear": d.obligations_appear,
            "disappear": d.obligations_disappear,
            "status": [{"id": i, "old": a, "new": b} for i, a, b in d.status_changes],
        },
        "genai": {"old": _genai(d.genai_path[0]), "new": _genai(d.genai_path[1])} if d.genai_path else None,
        "warnings": [say(w, lang) for w in d.warnings],
    }


def _genai(reading: str | None) -> str | None:
    from assistant.files.summary import GENAI_PATHS

    return GENAI_PATHS.get(reading) if reading else None


def _role(bank: QuestionBank, role: str, lang: str) -> str:
    return bank.readings[f"title.{role}"](lang)


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def as_text(bank: QuestionBank, d: Diff, lang: str = "en", *, old: str = "", new: str = "") -> str:
    """The diff for a person: what changed, Step by Step, then what follows, each filing with its date."""
    out: list[str] = []

    def heading(text: str, underline: str = "-") -> None:
        out.extend([text, underline * display_width(text)])

    heading(say("title", lang, old=escaped(old), new=escaped(new)), "=")
    who = [v for v in (d.new_subject["name"] or d.old_subject["name"], d.new_subject["algorithm"] or d.old_subject["algorithm"]) if v]
    if who:
        out.append(escaped(" — ".join(who)))
    if not d.differs:
        out += [say("no_difference", lang), ""]
        return "\n".join(out) + "\n"
    out += [say("changed_on", lang, date=d.changed_on.isoformat()), ""]
    for w in d.warnings:
        out += ["!! " + say(w, lang), ""]

    heading(say("what_changed", lang, count=len(d.changes)))
    step = None
    for c in d.changes:
        if c.step != step:
            step = c.step
            out.append(say(f"step_{step}", lang))
        out.append(f"• {c.path}  {escaped(field_label(c, lang))}" + ("" if c.filed or c.step == "facts" else say("not_filed", lang)))
        out.append(f"    {say('was', lang)}{_colon(lang)}{escaped(value_words(c.field, c.old, lang))}")
        out.append(f"    {say('now', lang)}{_colon(lang)}{escaped(value_words(c.field, c.new, lang))}")
    out.append("")

    heading(say("what_follows", lang))
    cite = Citer(lang)
    if not d.consequences:
        out.append("• " + say("nothing_filed_changed" if d.filings_owed else "no_filing_either", lang))
    for c in d.consequences:
        role = _role(bank, c.role, lang)
        key = {"change": "change_filing", "new_filing": "new_filing", "cancellation": "cancellation"}.get(c.kind, c.kind)
        article = "an" if role[:1] in "aeiou" else "a"
        basis = ("；" if lang == "zh" else "; ").join(cite(b) for b in c.basis)
        old_date = c.old_deadline.isoformat() if c.old_deadline else ""
        line = say(key, lang, role=role, article=article, date=c.deadline.isoformat(), id=c.obligation, basis=basis, old_date=old_date)
        if c.open:
            line += say("if_owed", lang)
        if c.overdue:
            line = say("overdue", lang) + _colon(lang) + line
        if c.condition:
            line = say(c.condition, lang) + line
        out.append("• " + line)
    if any(not c.calendar_known for c in d.consequences):
        out.append("• " + bank.readings["deadline.fallback_calendar"](lang))
    sep = "、" if lang == "zh" else ", "
    if d.roles_gained:
        out.append("• " + say("roles_gained", lang, roles=sep.join(_role(bank, r, lang) for r in d.roles_gained)))
    if d.roles_lost:
        out.append("• " + say("roles_lost", lang, roles=sep.join(_role(bank, r, lang) for r in d.roles_lost)))
    if d.genai_path:
        before, after = (say(GENAI_WORDS[_genai(r)], lang) if r else say("not_answered", lang) for r in d.genai_path)
        out.append("• " + say("genai_path_changed", lang, old=before, new=after))

    def obligation(i: str) -> str:
        return f"{bank.obligations[i].title(lang)} ({i})" if lang != "zh" else f"{bank.obligations[i].title(lang)}（{i}）"

    if d.obligations_appear:
        out.append("• " + say("appear", lang, count=len(d.obligations_appear)))
        out += [f"    {obligation(i)}" for i in d.obligations_appear]
    if d.obligations_disappear:
        out.append("• " + say("disappear", lang, count=len(d.obligations_disappear)))
        out += [f"    {obligation(i)}" for i in d.obligations_disappear]
    if d.status_changes:
        out.append("• " + say("status_changed", lang, count=len(d.status_changes)))
        out += [
            f"    {obligation(i)}{_colon(lang)}{say('status_' + a, lang)} → {say('status_' + b, lang)}"
            for i, a, b in d.status_changes
        ]
    out += ["", bank.readings["not_legal_advice"](lang)]
    return "\n".join(out) + "\n"


def render(bank: QuestionBank, d: Diff, fmt: str, lang: str = "en", *, old: str = "", new: str = "") -> str:
    if fmt == "json":
        return json.dumps(as_data(bank, d, lang, old=old, new=new), ensure_ascii=False, indent=2) + "\n"
    return as_text(bank, d, lang, old=old, new=new)
