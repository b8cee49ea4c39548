"""The filing form as the filing system asks it: Step 1, 2, 3 field by field, each answer in the form's own words.

`filled_form` lays the answers out in the system's order (FORM.md) with the
system's labels (dialogs/wording/form.toml, keyed by question id), option
labels instead of ids, yes/no as 是/否, the word count of each 200-word field,
the document each upload takes, and a mark on every field still missing.
`render` prints it as text or Markdown; the drafts (drafts.py) reuse its rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from assistant.errors import escaped
from assistant.files.summary import in_china_time, now_in_china
from assistant.law import conditions
from assistant.law.questions import NOT_SURE, Field, QuestionBank, word_count
from assistant.law.rules import Assessment, assess
from assistant.law.wording import Words

WORDS = Words("form")
"""The form's labels and sentences (dialogs/wording/form.toml)."""
OTHER = "other"
"""The option whose description is asked in `<question id>_other`."""


def say(key: str, lang: str, **values: Any) -> str:
    return WORDS.say(key, lang, **values)


def mark(lang: str) -> str:
    """The mark on everything still to complete: 【待补充】, or [to complete]."""
    return say("mark", lang)


def marked(text: str, lang: str) -> str:
    """`text` after the mark: 【待补充】text, or [to complete] text."""
    return mark(lang) + ("" if lang == "zh" else " ") + text


def joined(items: list[str], lang: str) -> str:
    """A list in the form's words: 、 between Chinese items, a comma between English ones."""
    return ("、" if lang == "zh" else ", ").join(items)


def colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def paren(text: str, lang: str) -> str:
    return f"（{text}）" if lang == "zh" else f" ({text})"


def clean(text: str) -> str:
    """An answer as it may be shown: every control character escaped (no escape sequence reaches a terminal, no
    character a .docx cannot hold), line breaks kept."""
    return "\n".join(escaped(line) for line in text.replace("\r\n", "\n").split("\n"))


# --- The layout: the system's order (FORM.md) ----------------------------------------------


@dataclass(frozen=True)
class Upload:
    """A document the system takes as a file: which one, the draft that starts it, and the answer saying how far along it is."""

    key: str
    document: str | None = None
    """The id of the draft `filing-assistant draft` writes for it (CONTRACT §8)."""
    progress: str | None = None
    """The question that says how far along the document is."""
    signed: bool = False
    """Signed and sealed (加盖公章) before it is uploaded (RULES §6: practice, not an article)."""
    template: bool = False
    """Written on the system's own template."""


@dataclass(frozen=True)
class InSystem:
    """A field of the form the interview does not ask: the filer fills it in the system."""

    key: str


Slot = str | Upload | InSystem
"""A question id (its answer), an upload, or a field filled in the system."""

STEP1: tuple[tuple[str, tuple[Slot, ...]], ...] = (
    ("group_basic", ("subject.name", "subject.entity_type", "subject.province", "subject.address")),
    ("group_certificate", ("subject.credit_code", Upload("licence_scan"))),
    ("group_legal_representative", ("subject.legal_representative", InSystem("legal_representative_id"))),
    (
        "group_security_officer",
        (
            "subject.security_officer.name",
            "subject.security_officer.title",
            "subject.security_officer.phone",
            "subject.security_officer.email",
        ),
    ),
    ("group_contact", ("subject.contact.name", "subject.contact.phone", "subject.contact.email")),
    ("group_department", ("subject.security_department", "subject.security_department_size")),
    ("group_policies", ("subject.policies",)),
    # Only where the filer is not the ICP entity (GUIDE §3.1): the system asks why.
    ("group_icp", ("subject.icp_entity_name", "subject.icp_relationship")),
    (
        "group_uploads",
        (
            Upload("commitment_letter", signed=True, template=True),
            Upload("responsibility_table", document="subject_responsibility_table", signed=True),
        ),
    ),
)
STEP2: tuple[tuple[str, tuple[Slot, ...]], ...] = (
    (
        "group_algorithm_basic",
        (
            "algorithm.type",
            "algorithm.name",
            "algorithm.launch_date",
            "algorithm.application_area",
            Upload("self_assessment_upload", document="self_assessment_report", progress="algorithm.self_assessment_report", template=True),
            Upload("public_disclosure_upload", document="public_disclosure", progress="algorithm.public_disclosure", template=True),
        ),
    ),
    ("group_algorithm_detail", ("algorithm.introduction", "algorithm.usage_scenario")),
    (
        "group_data",
        (
            "algorithm.data.input_modality",
            "algorithm.data.input_biometric",
            "algorithm.data.input_identity",
            "algorithm.data.output_modality",
            "algorithm.data.output_format",
            "algorithm.data.output_file_size",
            "algorithm.data.batch_output",
        ),
    ),
    (
        "group_model",
        (
            "algorithm.model.training_overseas_data",
            "algorithm.model.training_data_generation",
            "algorithm.model.training_personal_info",
            "algorithm.model.generative_type",
            "algorithm.model.hardware_requirements",
            "algorithm.model.performance",
            "algorithm.model.calculation_method",
        ),
    ),
    (
        "group_strategy",
        ("algorithm.strategy.preprocess_training", "algorithm.strategy.preprocess_input", "algorithm.strategy.postprocess_output"),
    ),
    (
        "group_risk",
        (
            "algorithm.risk.implicit_label",
            "algorithm.risk.conspicuous_label",
            "algorithm.risk.remind_users_to_label",
            "algorithm.risk.user_data_security",
            "algorithm.risk.refutation_mechanism",
            "algorithm.risk.harmful_content_mechanism",
            "algorithm.risk.prevention_explanation",
        ),
    ),
)
PRODUCT_FIELDS = ("name", "form", "address", "status", "serves", "real_name", "icp_number", "users")
"""A product's fields in the system's order (FORM.md; `users`, asked by the interview, last)."""
FUNCTION_FIELDS = ("access_path", "name", "description", "uses_generation")
"""A function's fields in the system's order: its access path first (FORM.md)."""
TECHNICAL_SUPPORT = (
    "technical_support.plan_name",
    "technical_support.delivery",
    "technical_support.customers",
    "technical_support.description",
    "technical_support.security_measures",
)


FILING_ROLES = ("deep_synthesis_provider", "deep_synthesis_technical_supporter", "algorithm_recommendation_provider")
"""The filings a form and a set of drafts are made for (RULES §4), by role key: one submission each."""
SUPPORTER = "deep_synthesis_technical_supporter"
"""The filing whose Step 3 is the technical support plan; the others' Step 3 is the products and functions."""
RECOMMENDATION = "algorithm_recommendation_provider"
GENERATION_ONLY = frozenset(
    {
        "algorithm.model.generative_type",
        "algorithm.risk.implicit_label",
        "algorithm.risk.conspicuous_label",
        "algorithm.risk.remind_users_to_label",
        "algorithm.risk.refutation_mechanism",
        "algorithm.risk.harmful_content_mechanism",
    }
)
"""The fields of generation and synthesis, not asked of a recommendation algorithm (FORM.md)."""


GENERATION_DUTIES = ("label.", "content.rumor_refutation", "biometric.", "data.training_")
"""Duties of generation and synthesis (DSP, LBL, GAI): never part of a recommendation filing's documents."""
USER_DUTIES = ("users.", "minors.", "rec.")
"""Duties of a service towards its users: a provider's, not part of the technical supporter's filing."""


SUPPLIER_FACTS = frozenset(
    {
        "algorithm.model.training_overseas_data",
        "algorithm.model.training_data_generation",
        "algorithm.model.training_personal_info",
        "algorithm.strategy.preprocess_training",
    }
)
"""The supplier-model facts of Step 2: a filer that buys the model answers them as its supplier confirms."""


def owed_by_filing(oid: str, filing: str | None) -> bool:
    """Whether the duty `oid` belongs to the documents and checks of `filing` (each filing speaks its own law): a
    recommendation filing has no labeling or rumor duty, a generation filing no recommendation duty, the technical
    supporter's no duty towards users."""
    if filing == RECOMMENDATION:
        return not oid.startswith(GENERATION_DUTIES)
    if filing == SUPPORTER:
        return not oid.startswith(USER_DUTIES)
    if filing is not None:
        return not oid.startswith("rec.")
    return True


def filings_owed(a: Assessment) -> list[str]:
    """The filings owed for this interview's algorithm (RULES §4), in the order of FILING_ROLES: those whose
    algorithm types include this interview's; while the interview does not say which algorithm it files, every
    filing owed (check.several_algorithms names that)."""
    this = a.this_algorithm
    roles = [r for r in FILING_ROLES if r in a.filings]
    if this is None:
        return roles
    return [r for r in roles if any(t in a.filing_algorithms.get(r, []) for t in this.types)]


def chosen_filings(a: Assessment, wanted: str | None) -> list[str | None]:
    """The filings to make a form or drafts for: `wanted` alone (a role key), else every filing owed, else
    [None] (no filing owed or decided yet: one form that says so). A role not owed for this algorithm is
    bad input (exit 2)."""
    owed = filings_owed(a)
    if wanted is None:
        return list(owed) or [None]
    if wanted not in owed:
        from assistant.errors import BadInput

        known = ", ".join(owed) or "-"
        key = "filing_unknown" if wanted not in FILING_ROLES else "filing_not_owed"
        raise BadInput.one("--filing", say(key, "en", role=wanted, owed=known), say(key, "zh", role=wanted, owed=known))
    return [wanted]


def form_question_ids() -> list[str]:
    """Every question the form shows as a field of its own (the `_other` descriptions go with their question)."""
    ids = [s for _, slots in STEP1 + STEP2 for s in slots if isinstance(s, str)]
    ids += [u.progress for _, slots in STEP1 + STEP2 for u in slots if isinstance(u, Upload) and u.progress]
    return ids + ["products", *TECHNICAL_SUPPORT]


# --- Which questions may still apply ---------------------------------------------------------


def applicability(bank: QuestionBank, counted: Mapping[str, Any]) -> dict[str, bool | None]:
    """For every question: True where it is asked on these answers, False where it cannot be, None where that
    still hangs on a question not answered (or "not sure"). An unfinished interview's form shows the fields
    that may still apply, marked, rather than leaving out what it cannot decide yet."""
    state: dict[str, bool | None] = {}
    # Conditions name only earlier questions (the bank's own test), so one pass in order settles them.
    for q in bank.questions:
        state[q.id] = _SHOWN[conditions.truth(q.ask_when, q.ask_when_any, counted, state.get)]
    return state


_SHOWN = {conditions.Truth.HOLDS: True, conditions.Truth.FAILS: False, conditions.Truth.NOT_KNOWN: None}


# --- The filled form ---------------------------------------------------------------------------


@dataclass
class Row:
    """One field of the form as filled: its label, the answer in the form's words, or what is still missing."""

    label: str
    value: str | None = None
    """The answer in the form's words; None while it is missing."""
    missing: str | None = None
    """The question (id or record path) still to answer, where the field is missing or partly missing."""
    ask: str = ""
    """The question to answer, in words: what to write there."""
    notes: list[str] = field(default_factory=list)
    """What goes with the value: a word count, the document an upload takes, how far along it is."""
    not_sure: bool = False
    copied: str | None = None
    """What copying the field gives, where it is not the value: an upload gives the file that goes there."""

    @property
    def to_copy(self) -> str:
        """What a filer pastes into the filing system's field: the answer, or for an upload the draft's file name."""
        return self.copied if self.copied is not None else (self.value or "")

    def text(self, lang: str) -> str:
        """The value with its mark: the answer, or 【待补充】 and the question it waits for."""
        if self.missing is None:
            return self.value or ""
        where = self.missing + (("；" if lang == "zh" else "; ") + say("not_sure", lang) if self.not_sure else "")
        gap = mark(lang) + paren(where, lang)
        return f"{self.value} {gap}" if self.value else gap


@dataclass
class Group:
    title: str
    rows: list[Row] = field(default_factory=list)
    level: int = 3
    """3 for a group of a step, 4 for a product, 5 for a function of a product."""
    lines: list[str] = field(default_factory=list)
    """Sentences in place of rows (nothing to fill, a list to tick)."""


@dataclass
class Step:
    title: str
    groups: list[Group] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


@dataclass
class FilledForm:
    lang: str
    title: str
    opening: list[str]
    steps: list[Step]
    open_elsewhere: list[tuple[str, str]]
    """Questions still open that are no field of the form (they decide what the filing needs): id, question."""
    filing: str | None = None
    """The filing (role key) this form is for."""

    @property
    def rows(self) -> list[Row]:
        return [r for s in self.steps for g in s.groups for r in g.rows]

    @property
    def missing(self) -> int:
        gaps = sum(1 for r in self.rows if r.missing is not None)
        return gaps + sum(1 for s in self.steps for line in s.lines + [x for g in s.groups for x in g.lines] if line.startswith(mark(self.lang)))


class Answers:
    """The answers that count, with what the form asks of each: the field's words, the row it fills."""

    def __init__(self, bank: QuestionBank, answers: Mapping[str, Any], lang: str, filing: str | None = None):
        self.bank = bank
        self.lang = lang
        self.filing = filing
        """The filing (role key) the form or draft is made for; None where no filing is owed or decided yet."""
        self.counted = bank.effective(answers)[1]
        self.state = applicability(bank, self.counted)
        self.hidden = GENERATION_ONLY if filing == RECOMMENDATION else frozenset()
        """Fields another kind of filing asks, never shown in this one."""

    def shown(self, qid: str) -> bool:
        """Whether the form shows the field: asked on these answers, or not decided yet, and asked by this filing."""
        return qid in self.bank.by_id and qid not in self.hidden and self.state.get(qid) is not False

    @property
    def products(self) -> bool:
        """Whether this filing's Step 3 holds the products (a provider's), where they are asked."""
        return self.filing != SUPPORTER and self.shown("products")

    @property
    def support(self) -> bool:
        """Whether this filing's Step 3 holds the technical support plan (the supporter's), where it is asked."""
        return self.filing in (None, SUPPORTER) and self.shown(TECHNICAL_SUPPORT[0])

    def label(self, key: str) -> str:
        return say(key, self.lang)

    def words(self, question: Field, value: Any, qid: str = "") -> str:
        """An answer in the form's words: option labels (the system's names for the algorithm types), 是/否, a list
        joined with 、, a date as the system's date field takes it."""
        lang = self.lang
        if isinstance(value, bool):
            return say("yes" if value else "no", lang)
        if question.kind in ("choice", "multi"):
            chosen = value if isinstance(value, (list, tuple)) else [value]
            return joined([self.option(question, o, qid) for o in chosen], lang)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return clean(str(value))

    def option(self, question: Field, option_id: str, qid: str) -> str:
        if qid == "algorithm.type" and f"type.{option_id}" in WORDS:
            return say(f"type.{option_id}", self.lang)
        if option_id == OTHER:
            described = self.counted.get(f"{qid}_other")
            if isinstance(described, str) and described.strip():
                return say("other_described", self.lang, text=clean(described.strip()))
        found = question.option(option_id)
        return found.label(self.lang) if found else option_id

    def row(self, qid: str, label: str | None = None) -> Row:
        """The row of one question: its label, its answer in words, its word count; marked while missing."""
        question = self.bank.question(qid)
        row = Row(label or self.label(qid), ask=question.text(self.lang))
        value = self.counted.get(qid)
        if qid in SUPPLIER_FACTS and self.counted.get("role.buys_technology") is True:
            row.notes.append(say("supplier_to_confirm", self.lang))  # the supplier trained the model (CONTRACT §3)
        if value is None or value is NOT_SURE:
            row.missing, row.not_sure = qid, value is NOT_SURE
            return row
        row.value = self.words(question, value, qid)
        chosen = value if isinstance(value, (list, tuple)) else [value]
        if OTHER in chosen and f"{qid}_other" in self.bank.by_id and not isinstance(self.counted.get(f"{qid}_other"), str):
            # "Other" chosen and not yet described: the description is what is missing.
            row.missing = f"{qid}_other"
            row.ask = self.bank.question(f"{qid}_other").text(self.lang)
        if question.max_words and isinstance(value, str):
            row.notes.append(word_note(value, question.max_words, self.lang))
        return row

    def item_row(self, sub: Field, item: Mapping[str, Any], path: str, label_key: str) -> Row:
        """The row of one field of a list item (a product's, a function's), its record path marked while missing."""
        row = Row(self.label(label_key), ask=sub.text(self.lang))
        value = item.get(sub.id)
        if value is None or value is NOT_SURE:
            row.missing, row.not_sure = path, value is NOT_SURE
            return row
        row.value = self.words(sub, value)
        if value == OTHER:
            described = item.get(f"{sub.id}_other")
            if isinstance(described, str) and described.strip():
                row.value = say("other_described", self.lang, text=clean(described.strip()))
            else:
                row.missing = f"{path}_other"
        return row


def word_note(text: str, limit: int, lang: str) -> str:
    """How many words the form counts in `text` against its limit (each Chinese character one)."""
    n = word_count(text)
    return say("word_count" if n <= limit else "word_count_over", lang, n=n, limit=limit)


def upload_row(found: Answers, upload: Upload) -> Row:
    """An upload: which document goes there, the draft that starts it, how it is signed, how far along it is."""
    lang = found.lang
    name = found.label(upload.key)
    # Copied, an upload gives the file to choose in the upload dialog (nothing where no draft starts it).
    row = Row(name, value=say("upload", lang), copied=f"{upload.document}.docx" if upload.document else "")
    if upload.template:
        row.notes.append(say("upload_template", lang))
    if upload.document:
        row.notes.append(say("upload_draft", lang, file=f"{upload.document}.docx"))
    if upload.signed:
        row.notes.append(say("upload_signed", lang))
    if upload.progress and found.shown(upload.progress):
        progress = found.row(upload.progress, label=name)
        if progress.missing:
            row.missing, row.not_sure, row.ask = progress.missing, progress.not_sure, progress.ask
        else:
            row.notes.append(say("progress", lang, value=progress.value))
    return row


def slot_rows(found: Answers, slots: tuple[Slot, ...]) -> list[Row]:
    rows = []
    for slot in slots:
        if isinstance(slot, Upload):
            rows.append(upload_row(found, slot))
        elif isinstance(slot, InSystem):
            rows.append(Row(found.label(slot.key), value=say("in_system", found.lang)))
        elif found.shown(slot):
            rows.append(found.row(slot))
    return rows


def product_groups(found: Answers) -> list[Group]:
    """Each product with its fields, then each of its functions: the provider's Step 3."""
    lang = found.lang
    question = found.bank.question("products")
    items = found.counted.get("products")
    if not isinstance(items, (list, tuple)) or not items:
        return [Group(found.label("group_products"), lines=[marked(say("no_products", lang), lang)])]
    groups = [Group(found.label("group_products"))]
    functions_field = question.field("functions")
    for n, item in enumerate(items):
        name = item.get("name") if isinstance(item.get("name"), str) else mark(lang)
        group = Group(say("product", lang, n=n + 1, name=clean(name)), level=4)
        for key in PRODUCT_FIELDS:
            sub = question.field(key)
            if sub is not None and sub.applies_in(item):
                group.rows.append(found.item_row(sub, item, f"products[{n}].{key}", f"products.{key}"))
        groups.append(group)
        functions = item.get("functions") or []
        if not functions:
            group.lines.append(marked(say("no_functions", lang) + paren(f"products[{n}].functions", lang), lang))
        for m, function in enumerate(functions):
            fname = function.get("name") if isinstance(function.get("name"), str) else mark(lang)
            sub_group = Group(say("function", lang, n=m + 1, name=clean(fname)), level=5)
            for key in FUNCTION_FIELDS:
                sub = functions_field.field(key) if functions_field else None
                if sub is not None and sub.applies_in(function):
                    path = f"products[{n}].functions[{m}].{key}"
                    sub_group.rows.append(found.item_row(sub, function, path, f"products.functions.{key}"))
            groups.append(sub_group)
    return groups


def ticked(found: Answers) -> list[str]:
    """The products and functions to tick at the end: every one entered above uses the algorithm (the question asks
    for those that do), and the technical support plan where there is one."""
    lang = found.lang
    lines = []
    items = found.counted.get("products") if found.products else None
    for item in items or []:
        name = clean(item["name"]) if isinstance(item.get("name"), str) else mark(lang)
        functions = [clean(f["name"]) if isinstance(f.get("name"), str) else mark(lang) for f in item.get("functions") or []]
        lines.append(name + (colon(lang) + joined(functions, lang) if functions else ""))
    plan = found.counted.get("technical_support.plan_name")
    if isinstance(plan, str) and found.support:
        lines.append(say("tick_plan", lang, name=clean(plan)))
    return lines


def filled_form(
    bank: QuestionBank,
    answers: Mapping[str, Any],
    lang: str = "zh",
    *,
    assessment: Assessment | None = None,
    as_of: dt.datetime | dt.date | None = None,
    filing: str | None = None,
) -> FilledForm:
    """The form of one filing (`filing`, a role key; None where none is owed or decided yet) filled from `answers`,
    in the system's order and labels, every missing field marked."""
    found = Answers(bank, answers, lang, filing)
    a = assessment or assess(bank, answers)
    step3 = "step3" if filing is None else "step3_supporter" if filing == SUPPORTER else "step3_provider"
    steps = [Step(say("step1", lang)), Step(say("step2", lang)), Step(say(step3, lang)), Step(say("step_last", lang))]
    for step, layout in zip(steps, (STEP1, STEP2)):
        if not any(found.shown(s) for _, slots in layout for s in slots if isinstance(s, str)):
            step.lines.append(say("step_nothing", lang))  # out of scope: nothing of this step applies
            continue
        for key, slots in layout:
            rows = slot_rows(found, slots)
            if any(isinstance(s, str) for s in slots) and not any(isinstance(s, str) and found.shown(s) for s in slots):
                continue  # a group none of whose questions applies (the ICP relationship of the ICP entity itself)
            step.groups.append(Group(found.label(key), rows))

    products, support = found.products, found.support
    if products:
        steps[2].groups += product_groups(found)
    if support:
        steps[2].groups.append(Group(found.label("group_technical_support"), slot_rows(found, TECHNICAL_SUPPORT)))
    if not products and not support:
        steps[2].lines.append(say("step3_none", lang))
    elif found.state.get("products") is None and found.state.get(TECHNICAL_SUPPORT[0]) is None:
        deciding = [q for q in ("role.serves_end_users", "role.supplies_technology") if q not in found.counted or found.counted[q] is NOT_SURE]
        if deciding:
            steps[2].lines.insert(0, say("step3_open", lang, questions=joined(deciding, lang)))

    last = ticked(found)
    steps[3].lines = [say("tick", lang), *[f"☐ {line}" for line in last]] if last else [say("nothing_to_tick", lang)]

    shown_ids = {r.missing for r in found_rows(steps)} | set(form_question_ids())
    open_elsewhere = [
        (qid, bank.question(qid).text(lang))
        for qid in a.todo
        if qid not in shown_ids and not qid.endswith("_other") and not qid.startswith(("products", "technical_support"))
    ]
    opening = [say("notice", lang), say("labels_note", lang)]
    filer = found.counted.get("subject.name")
    algorithm = found.counted.get("algorithm.name")
    opening.append(
        say(
            "about",
            lang,
            filer=clean(filer) if isinstance(filer, str) else mark(lang),
            algorithm=clean(algorithm) if isinstance(algorithm, str) else mark(lang),
            as_of=in_china_time(as_of if as_of is not None else now_in_china()).date().isoformat(),
        )
    )
    if filing is not None:
        owed = filings_owed(a)
        title = bank.readings[f"title.{filing}"](lang)
        if len(owed) > 1 and filing in owed:
            opening.append(say("filing", lang, filing=title, n=owed.index(filing) + 1, of=len(owed)))
        else:
            opening.append(say("filing_one", lang, filing=title))
    if not a.filings:
        opening.append(
            say("undecided", lang, questions=joined(list(a.undecided), lang)) if a.undecided else say("no_filing", lang)
        )
    form = FilledForm(lang, say("title", lang), opening, steps, open_elsewhere, filing)
    n = form.missing
    form.opening.append(say("missing_count", lang, n=n, mark=mark(lang)) if n else say("nothing_missing", lang))
    return form


def filled_forms(
    bank: QuestionBank,
    answers: Mapping[str, Any],
    lang: str = "zh",
    *,
    assessment: Assessment | None = None,
    as_of: dt.datetime | dt.date | None = None,
    filing: str | None = None,
) -> list[FilledForm]:
    """One form per filing owed for this interview's algorithm (`filing` for one: BadInput when it is not owed)."""
    a = assessment or assess(bank, answers)
    return [filled_form(bank, answers, lang, assessment=a, as_of=as_of, filing=role) for role in chosen_filings(a, filing)]


def render_all(forms: list[FilledForm], fmt: str = "text") -> str:
    """Several forms one after the other, each a submission of its own."""
    rule = "\n---\n\n" if fmt == "md" else "\n" + "=" * 72 + "\n\n"
    return rule.join(render(f, fmt) for f in forms)


def found_rows(steps: list[Step]) -> list[Row]:
    return [r for s in steps for g in s.groups for r in g.rows]


# --- Text and Markdown ------------------------------------------------------------------------


def render(form: FilledForm, fmt: str = "text") -> str:
    """The filled form as plain text (to read beside the system) or Markdown."""
    from assistant.files.markdown import text as literal  # an answer in Markdown reads as text, never HTML or a link

    lang, md = form.lang, fmt == "md"
    out: list[str] = []

    def heading(text: str, level: int) -> None:
        if md:
            out.extend(["#" * level + " " + text, ""])
        elif level == 1:
            out.extend([text, "=" * _width(text), ""])
        elif level == 2:
            out.extend([text, "-" * _width(text)])
        else:
            out.append(("  " * (level - 3)) + text)

    def line(text: str, indent: int = 0) -> None:
        if md:
            out.append("  " * indent + "- " + text.replace("\n", "\n" + "  " * (indent + 1)))
        else:
            pad = "  " * (indent + 1)
            out.append(pad + text.replace("\n", "\n" + pad + "  "))

    heading(form.title, 1)
    for sentence in form.opening:
        out.extend([literal(sentence, inline=False), ""] if md else [sentence])
    if not md:
        out.append("")
    for step in form.steps:
        heading(step.title, 2)
        for sentence in step.lines:
            line(literal(sentence, inline=False) if md else sentence)
        if step.lines and md:
            out.append("")
        for group in step.groups:
            heading(literal(group.title) if md else group.title, group.level)
            # Markdown nests by its headings; plain text indents a product's fields and a function's under them.
            depth = 0 if md else group.level - 3
            for row in group.rows:
                label = f"**{row.label}**" if md else row.label
                line(label + colon(lang) + (literal(row.text(lang), inline=False) if md else row.text(lang)), depth)
                for note in row.notes:
                    line(literal(note, inline=False) if md else note, depth + 1)
            for sentence in group.lines:
                line(literal(sentence, inline=False) if md else sentence, depth)
            if md and (group.rows or group.lines):
                out.append("")
        if not md:
            out.append("")
    if form.open_elsewhere:
        heading(say("other_open", lang), 2)
        for qid, text in form.open_elsewhere:
            line(marked((f"`{qid}`" if md else qid) + colon(lang) + text, lang))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _width(text: str) -> int:
    """Columns of `text` in a terminal: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
