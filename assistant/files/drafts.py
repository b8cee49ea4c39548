"""First drafts of the three documents a filing needs (CONTRACT §8, RULES §6), as .docx or Markdown.

Each draft is laid out under the headings its document must cover and filled
from the answers. Nothing is invented: a sentence either restates an answer
(a table row: the form's label and the answer in its words), states what the
law requires with its basis (dialogs/obligations.toml, cited as summaries
cite it), or is marked 【待补充】 / [to complete] with what to write there
(dialogs/wording/drafts.toml). The drafts are built as a few plain blocks
(headings, paragraphs, tables) that both formats render, so the .docx and the
.md say the same.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping
from xml.sax.saxutils import escape

from assistant.errors import BadInput
from assistant.files.form import (
    RECOMMENDATION,
    _width,
    SUPPORTER,
    Answers,
    chosen_filings,
    owed_by_filing,
    Row,
    clean,
    colon,
    joined,
    mark,
    paren,
    ticked,
)
from assistant.files.summary import Citer, InFull, chinese_number, in_china_time, now_in_china, short_names_used
from assistant.law.questions import QuestionBank
from assistant.law.rules import Assessment, ObligationFinding, assess
from assistant.law.wording import Words

WORDS = Words("drafts", "form")
"""The drafts' sentences (dialogs/wording/drafts.toml), then the form's labels."""
DOCUMENTS = {
    "subject_responsibility_table": "docs.subject_responsibility_table",
    "self_assessment_report": "docs.self_assessment_report",
    "public_disclosure": "docs.public_disclosure",
}
"""The three documents by file name (CONTRACT §8), with the obligation that owes each (RULES §6)."""
CHECKLIST = "evidence_checklist"
"""The list of evidence, signatures and seals `draft` writes beside the three documents (CONTRACT §8)."""
POLICIES = (
    "self_assessment", "monitoring", "violation_penalty", "emergency_response", "ethics_review",
    "user_registration", "information_release_review", "data_security_pi", "anti_telecom_fraud",
)
"""The policies the table lists: the five GUIDE §3.3 names first, then those AP Art. 7 and DSP Art. 7 add."""
CORE_POLICIES = POLICIES[:5]
AREAS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # (area, the obligations that belong to it, the answers that speak to it)
    (
        "content_security",
        ("content.review",),
        (
            "algorithm.risk.harmful_content_mechanism",
            "algorithm.strategy.preprocess_training",
            "algorithm.strategy.preprocess_input",
            "algorithm.strategy.postprocess_output",
            "scope.public_interaction",
        ),
    ),
    (
        "labeling",
        ("label.implicit", "label.conspicuous", "label.user_labeling_function", "label.user_agreement"),
        ("algorithm.risk.implicit_label", "algorithm.risk.conspicuous_label", "algorithm.risk.remind_users_to_label"),
    ),
    ("rumors", ("content.rumor_refutation",), ("algorithm.risk.refutation_mechanism",)),
    (
        "users_rights",
        (
            "users.real_identity", "users.complaints", "users.service_agreement",
            "rec.transparency", "rec.user_controls", "rec.workers", "rec.consumers",
        ),
        ("service.sells_to_consumers",),
    ),
    ("minors", ("minors.protection",), ("users.minors",)),
    (
        "personal_information",
        ("biometric.editing_consent", "data.training_personal_info"),
        ("algorithm.data.input_biometric", "algorithm.data.input_identity", "algorithm.model.training_personal_info"),
    ),
    (
        "data_security",
        ("data.user_inputs", "data.training_sources", "logs.retention"),
        ("algorithm.risk.user_data_security", "algorithm.model.training_overseas_data", "algorithm.model.training_data_generation"),
    ),
)
"""The risk assessment's areas (the issue: content security, labeling, rumors, users' rights, minors, personal
information and biometrics, data security): the obligations of RULES §7 in each, and the answers that bear on it."""
DECIDED_BY = {
    "label.implicit": "algorithm.risk.implicit_label",
    "label.conspicuous": "algorithm.risk.conspicuous_label",
    "label.user_labeling_function": "algorithm.risk.remind_users_to_label",
    "content.review": "algorithm.risk.harmful_content_mechanism",
    "content.rumor_refutation": "algorithm.risk.refutation_mechanism",
}
"""The answer that tells an obligation's status (RULES §7, "status from"): restated beside it where it is met."""
GENERATING_ROLES = ("deep_synthesis_provider", "deep_synthesis_technical_supporter", "generative_ai_provider")
"""Who must hand in labeling materials with the filing (LBL Art. 12)."""


def say(key: str, lang: str, **values: Any) -> str:
    return WORDS.say(key, lang, **values)


def todo(what: str, lang: str) -> str:
    """【待补充】 and what to write there."""
    return say("todo", lang, mark=mark(lang), what=what)


# --- Blocks both formats render --------------------------------------------------------------


@dataclass
class Heading:
    text: str
    level: int


@dataclass
class Para:
    text: str
    kind: str = "text"
    """"text" (the document's own), "notice" (the first line: it says the document is a draft), "todo" (a point to
    complete, 【待补充】 and what to write) or "guide" (what the document must cover): all but text stand apart from
    the text in both formats (highlighted in .docx, quoted in Markdown)."""

    @property
    def notice(self) -> bool:
        return self.kind == "notice"


@dataclass
class Table:
    rows: list[list[str]]
    header: list[str]


@dataclass
class Draft:
    """One document: its id (the file name), its title, and its blocks in order."""

    id: str
    title: str
    lang: str
    blocks: list[Heading | Para | Table] = field(default_factory=list)

    def text(self) -> str:
        """Every sentence of the draft, one per line (what the tests read)."""
        lines = []
        for b in self.blocks:
            if isinstance(b, Table):
                lines += [" | ".join(row) for row in [b.header, *b.rows]]
            else:
                lines.append(b.text)
        return "\n".join(lines)

    @property
    def gaps(self) -> int:
        return self.text().count(mark(self.lang))


class Writer:
    """What one draft is built with: the answers, the assessment, the citer (full titles first, short ones after),
    and the numbering of headings (一、（一） in Chinese; 1., 1.1 in English)."""

    def __init__(self, found: Answers, a: Assessment, draft: Draft, as_of: str):
        self.found = found
        self.as_of = as_of
        """The day the answers are as of (ISO), in China time."""
        self.bank = found.bank
        self.lang = found.lang
        self.a = a
        self.draft = draft
        self.cite = Citer(self.lang)
        self.numbers = [0, 0]

    def heading(self, key: str, level: int = 2) -> None:
        lang = self.lang
        if level == 2:
            self.numbers = [self.numbers[0] + 1, 0]
            number = f"{chinese_number(self.numbers[0])}、" if lang == "zh" else f"{self.numbers[0]}. "
        else:
            self.numbers[1] += 1
            number = f"（{chinese_number(self.numbers[1])}）" if lang == "zh" else f"{self.numbers[0]}.{self.numbers[1]} "
        self.draft.blocks.append(Heading(number + say(key, lang), level))

    def para(self, text: str, kind: str = "text") -> None:
        self.draft.blocks.append(Para(text, kind))

    def todo(self, key: str, **values: Any) -> None:
        self.para(todo(say(key, self.lang, **values), self.lang), "todo")

    def point(self, text: str) -> None:
        """A point to complete, in the draft's own words (a question still to answer)."""
        self.para(text, "todo")

    def table(self, rows: list[list[str]], header: list[str] | None = None) -> None:
        if rows:
            self.draft.blocks.append(Table(rows, header or [say("col_item", self.lang), say("col_answer", self.lang)]))

    def cell(self, row: Row) -> str:
        """An answer in a cell, or 【待补充】 with the question that fills it."""
        if row.missing is None:
            return row.value or ""
        return row.text(self.lang) + (" " + row.ask if row.ask and row.ask != row.label else "")

    def answer_rows(self, qids: tuple[str, ...] | list[str], labels: Mapping[str, str] | None = None) -> list[list[str]]:
        """The rows of the questions the form shows: label, answer (or the mark and the question to answer)."""
        rows = []
        for qid in qids:
            if not self.found.shown(qid):
                continue
            label = (labels or {}).get(qid) or say(qid, self.lang)
            row = self.found.row(qid, label=label)
            rows.append([row.label, self.cell(row)])
        return rows

    def basis(self, finding: ObligationFinding) -> str:
        basis = finding.basis or self.bank.obligations[finding.id].basis
        if self.found.filing == RECOMMENDATION:
            # A recommendation filing speaks its own law: the deep synthesis, generative AI and labeling
            # articles bind the same filer's generation filing, not this one.
            basis = tuple(b for b in basis if not b.startswith(("DSP", "GAI", "LBL"))) or basis
        return ("；" if self.lang == "zh" else "; ").join(self.cite(b) for b in basis)

    def law(self, finding: ObligationFinding, key: str = "law") -> str:
        """What the law requires, with its basis: the obligation's own words (dialogs/obligations.toml), or for a
        recommendation filing its own wording where the obligation's speaks of generation (`why_recommendation`)."""
        text = self.bank.obligations[finding.id]
        why = text.why_for(self.lang, self.found.filing == RECOMMENDATION)
        return say(key, self.lang, title=text.title(self.lang), why=why, basis=self.basis(finding))

    def owed(self, oid: str) -> ObligationFinding | None:
        """The obligation `oid` where it is owed and belongs to this filing (each filing speaks its own law)."""
        return next((o for o in self.a.obligations if o.id == oid and owed_by_filing(oid, self.found.filing)), None)

    def opening(self, oid: str) -> None:
        """The first line (a draft, not legal advice), the title, whom it is about, and what it must cover."""
        lang = self.lang
        self.draft.blocks.append(Para(say("notice", lang, mark=mark(lang)), "notice"))
        self.draft.blocks.append(Heading(self.draft.title, 1))
        counted = self.found.counted
        kind = self.found.row("algorithm.type") if self.found.shown("algorithm.type") else None
        self.para(
            say(
                "about",
                lang,
                filer=_answer(counted.get("subject.name"), lang),
                algorithm=_answer(counted.get("algorithm.name"), lang),
                type=kind.value if kind and kind.value else mark(lang),
                as_of=self.as_of,
            )
        )
        finding = self.owed(oid)
        if finding:
            self.para(self.law(finding, "requirement"), "guide")


def _answer(value: Any, lang: str) -> str:
    return clean(value) if isinstance(value, str) and value.strip() else mark(lang)


# --- The three documents -----------------------------------------------------------------------


def responsibility_table(w: Writer) -> None:
    """落实算法安全主体责任基本情况 (RULES §6; GUIDE §3.3; AP Art. 7; DSP Art. 7): the department, its staff,
    and each policy in force or still to put in place; signed and sealed."""
    lang, found = w.lang, w.found
    w.opening("docs.subject_responsibility_table")

    w.heading("t_basic")
    officer = {
        f"subject.security_officer.{k}": say("security_officer", lang, field=found.label(f"subject.security_officer.{k}"))
        for k in ("name", "title", "phone", "email")
    }
    contact = {f"subject.contact.{k}": say("contact", lang, field=found.label(f"subject.contact.{k}")) for k in ("name", "phone", "email")}
    w.table(
        w.answer_rows(
            ["subject.name", "subject.credit_code", "subject.entity_type", "subject.province", "subject.address",
             "subject.legal_representative", *officer, *contact],
            {**officer, **contact},
        )
    )

    w.heading("t_department")
    rows = w.answer_rows(["subject.security_department", "subject.security_department_size"])
    rows.append([say("department_staff", lang), todo(say("todo_staff", lang), lang)])
    rows.append([say("department_duties", lang), todo(say("todo_department_duties", lang), lang)])
    w.table(rows)

    w.heading("t_policies")
    question = w.bank.question("subject.policies")
    chosen = found.counted.get("subject.policies")
    rows = []
    for pid in POLICIES:
        option = question.option(pid)
        if option is None:
            continue
        if not isinstance(chosen, (list, tuple)):
            # Not answered yet (or "not sure"): marked in each row, the question asked once below the table.
            row = found.row("subject.policies", label=option.label(lang))
            rows.append([option.label(lang), row.text(lang), todo(say("todo_policy_text", lang), lang)])
        elif pid in chosen:
            rows.append([option.label(lang), say("policy_in_force", lang), todo(say("todo_policy_text", lang), lang)])
        else:
            # The five the filing guide names must be in force before filing (RULES §6, the table's status).
            missing = "policy_missing_core" if pid in CORE_POLICIES else "policy_missing"
            rows.append([option.label(lang), say(missing, lang), todo(say("todo_policy_put_in_place", lang), lang)])
    w.table(rows, [say("col_policy", lang), say("col_policy_status", lang), say("col_policy_text", lang)])
    if not isinstance(chosen, (list, tuple)):
        w.para(todo(question.text(lang) + paren("subject.policies", lang), lang))

    w.heading("t_signature")
    w.para(say("signature_practice", lang))
    w.todo("todo_signature")


def self_assessment_report(w: Writer) -> None:
    """算法安全自评估报告 (RULES §6; AP Art. 24; GUIDE §3.3; LBL Art. 12), in the structure of the filing system's
    template: the algorithm (description, risks, then workflow, data, model, intervention, labeling), its use in the
    service, the risk assessment by area, the risk controls (mechanisms, user rights, content governance, model
    security, data security) and a conclusion. A recommendation filing has no labeling part (FORM.md)."""
    lang, a, found = w.lang, w.a, w.found
    generation = found.filing != RECOMMENDATION
    w.opening("docs.self_assessment_report")

    w.heading("r_algorithm")
    w.heading("r_introduction", 3)
    w.table(w.answer_rows(["algorithm.type", "algorithm.name", "algorithm.launch_date", "algorithm.application_area",
                           "algorithm.usage_scenario"]))
    restate(w, "algorithm.introduction")
    w.heading("r_risk_description", 3)
    restate(w, "algorithm.risk.prevention_explanation")
    w.todo("todo_risk_description")
    w.heading("r_workflow", 3)
    w.todo("todo_workflow" if generation else "todo_workflow_rec")
    w.heading("r_data", 3)
    w.table(w.answer_rows([
        "algorithm.data.input_modality", "algorithm.data.input_biometric", "algorithm.data.input_identity",
        "algorithm.data.output_modality", "algorithm.data.output_format", "algorithm.data.output_file_size",
        "algorithm.data.batch_output", "algorithm.model.training_overseas_data",
        "algorithm.model.training_data_generation", "algorithm.model.training_personal_info",
    ]))
    w.todo("todo_data")
    w.heading("r_model", 3)
    w.table(w.answer_rows(["algorithm.model.generative_type", "algorithm.model.hardware_requirements",
                           "algorithm.model.performance", "algorithm.model.calculation_method"]))
    supplier_model(w)
    w.todo("todo_model")
    w.heading("r_strategy", 3)
    w.table(w.answer_rows(["algorithm.strategy.preprocess_training", "algorithm.strategy.preprocess_input",
                           "algorithm.strategy.postprocess_output"]))
    w.todo("todo_strategy" if generation else "todo_strategy_rec")
    if generation:
        w.heading("r_labeling", 3)
        w.table(w.answer_rows(["algorithm.risk.implicit_label", "algorithm.risk.conspicuous_label",
                               "algorithm.risk.remind_users_to_label"]))
        if any(a.roles.get(r) for r in GENERATING_ROLES):
            w.para(say("labeling_materials_law", lang, basis=w.cite("LBL Art. 12")))
            w.todo("todo_labeling_materials")

    w.heading("r_use")
    use_in_service(w)

    w.heading("r_risks")
    areas = [(key, [o for oid in oids if (o := w.owed(oid))], qids) for key, oids, qids in AREAS
             if generation or key not in GENERATION_AREAS]
    for key, findings, qids in areas:
        w.heading(f"area_{key}", 3)
        rows = w.answer_rows(list(qids))
        if key == "users_rights":
            rows += real_name_rows(w)
        w.table(rows)
        if not findings:
            w.para(say("no_duty_in_area", lang))
        for finding in findings:
            w.para(w.law(finding))
            w.para(say("status_line", lang, status=say(f"status_{finding.status}", lang)))
        w.todo("todo_risk")

    w.heading("r_controls")
    duties = [f for _, findings, _ in areas for f in findings]
    header = [say("col_obligation", lang), say("col_basis", lang), say("col_state", lang)]
    for key, oids, qids in CONTROLS:
        w.heading(key, 3)
        w.table(w.answer_rows(list(qids)))
        if key == "c_mechanisms":
            mechanisms(w)
        rows = [[w.bank.obligations[oid].title(lang), w.basis(f), state_cell(w, f)]
                for oid in oids if (f := w.owed(oid))]
        if rows:
            w.table(rows, header)
        elif key != "c_mechanisms":
            w.para(say("none_listed", lang))
        if key == "c_model_security":
            genai_path(w)
        w.todo(f"todo_{key}")

    w.heading("r_conclusion")
    counts = {s: sum(1 for f in duties if f.status == s) for s in ("met", "gap", "open")}
    w.para(say("tally", lang, **counts))
    gaps = [w.bank.obligations[f.id].title(lang) for f in duties if f.status == "gap"]
    if gaps:
        w.point(todo(say("todo_close_gaps", lang, gaps=joined(gaps, lang)), lang))
    w.todo("todo_conclusion")


GENERATION_AREAS = ("labeling", "rumors")
"""The risk areas of generation and synthesis alone: not in a recommendation filing's report."""
CONTROLS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # (part of the template's risk controls, the obligations it restates, the answers that speak to it)
    ("c_mechanisms", ("filing.security_assessment", "logs.retention"), ()),
    ("c_user_rights", ("users.real_identity", "users.complaints", "users.service_agreement", "minors.protection",
                       "rec.transparency", "rec.user_controls", "rec.workers", "rec.consumers"), ()),
    ("c_content_governance", ("content.review", "content.rumor_refutation", "label.implicit", "label.conspicuous",
                              "label.user_labeling_function", "label.user_agreement"),
     ("algorithm.risk.harmful_content_mechanism", "algorithm.risk.refutation_mechanism")),
    ("c_model_security", ("data.training_sources", "data.training_personal_info"),
     ("algorithm.strategy.preprocess_training",)),
    ("c_data_security", ("data.user_inputs", "biometric.editing_consent"), ("algorithm.risk.user_data_security",)),
)
"""The risk controls in the template's order (the issue: mechanisms, user rights, content governance, model security,
data security)."""


def restate(w: Writer, qid: str) -> None:
    """A free-text answer as a paragraph of the report; marked with what to write while it is missing."""
    if not w.found.shown(qid):
        return
    row = w.found.row(qid)
    if row.missing is None:
        w.para(row.value or "")
    else:
        w.point(row.text(w.lang) + " " + row.ask)


def supplier_model(w: Writer) -> None:
    """The filed supplier's model this algorithm builds on: its name and its generative AI filing or registration
    number (FORM.md; RULES §5), where the filer buys a filed supplier's model."""
    counted, lang = w.found.counted, w.lang
    if counted.get("role.buys_technology") is not True:
        return
    name, number = counted.get("role.supplier_model_name"), counted.get("role.supplier_filing_number")
    if isinstance(name, str) and name.strip() and isinstance(number, str) and number.strip():
        w.para(say("supplier_model", lang, name=clean(name.strip()), number=clean(number.strip())))
    else:
        w.todo("todo_supplier_model")


def mechanisms(w: Writer) -> None:
    """The security management mechanisms: the department and the policies in force (Step 1's answers)."""
    lang = w.lang
    w.table(w.answer_rows(["subject.security_department", "subject.security_department_size", "subject.policies"]))
    finding = w.owed("filing.security_assessment")
    if finding:
        w.para(say("security_assessment_owed", lang, basis=w.basis(finding)))
        w.todo("todo_security_assessment")


def genai_path(w: Writer) -> None:
    """The generative AI filing path (RULES §5), where this filer owes the generative AI service filing."""
    path = w.a.genai_path
    if path and path in w.bank.readings and w.found.filing != RECOMMENDATION:
        w.para(w.bank.readings[path](w.lang))


def open_questions_annex(w: Writer, elsewhere: str) -> None:
    """The questions still open that no draft shows where it uses them (those that decide what the filing needs):
    listed at the end of the report, so that every gap of the interview is marked somewhere in the drafts."""
    left = [qid for qid in w.a.todo if qid in w.bank.by_id and qid not in elsewhere]
    if left:
        w.draft.blocks.append(Heading(say("r_open_questions", w.lang), 2))
        w.table([[qid, todo(w.bank.question(qid).text(w.lang), w.lang)] for qid in left])


def state_cell(w: Writer, finding: ObligationFinding) -> str:
    """Where an obligation stands: met, with the answer that shows it; else what to write."""
    lang = w.lang
    if finding.status == "met":
        qid = DECIDED_BY.get(finding.id)
        if qid and w.found.shown(qid):
            row = w.found.row(qid)
            if row.missing is None:
                return say("answered_met", lang) + paren(row.label + colon(lang) + (row.value or ""), lang)
        return say("answered_met", lang)
    return todo(say("todo_gap" if finding.status == "gap" else "todo_open", lang), lang)


def real_name_rows(w: Writer) -> list[list[str]]:
    """Each product's "use requires real-name verification" (DSP Art. 9), named by its product."""
    found, lang = w.found, w.lang
    items = found.counted.get("products") if found.products else None
    question = w.bank.question("products")
    sub = question.field("real_name")
    rows = []
    for n, item in enumerate(items or []):
        name = _answer(item.get("name"), lang)
        row = found.item_row(sub, item, f"products[{n}].real_name", "products.real_name")
        rows.append([row.label + paren(name, lang), w.cell(row)])
    return rows


def use_in_service(w: Writer) -> None:
    """The products and their functions (a provider), or the technical support plan (a technical supporter)."""
    lang, found = w.lang, w.found
    question = w.bank.question("products")
    if found.products:
        items = found.counted.get("products")
        if not isinstance(items, (list, tuple)) or not items:
            w.todo("todo_no_products")
        else:
            keys = ("name", "form", "address", "status", "serves", "icp_number", "users")
            rows = []
            for n, item in enumerate(items):
                cells = []
                for key in keys:
                    sub = question.field(key)
                    if not sub.applies_in(item):
                        cells.append("—")  # not asked of this product's form (an ICP number of a bot)
                        continue
                    cells.append(w.cell(found.item_row(sub, item, f"products[{n}].{key}", f"products.{key}")))
                rows.append(cells)
            w.table(rows, [found.label(f"products.{k}") for k in keys])
            functions = question.field("functions")
            fkeys = ("name", "access_path", "description", "uses_generation")
            rows = []
            for n, item in enumerate(items):
                for m, function in enumerate(item.get("functions") or []):
                    cells = [_answer(item.get("name"), lang)]
                    for key in fkeys:
                        sub = functions.field(key)
                        row = found.item_row(sub, function, f"products[{n}].functions[{m}].{key}", f"products.functions.{key}")
                        cells.append(w.cell(row))
                    rows.append(cells)
            w.table(rows, [found.label("products.name")] + [found.label(f"products.functions.{k}") for k in fkeys])
            w.todo("todo_use")
    if found.support:
        w.table(w.answer_rows(["technical_support.plan_name", "technical_support.delivery", "technical_support.customers",
                               "technical_support.description", "technical_support.security_measures"]))
        if not found.products:
            w.todo("todo_use_support")  # no products: the plan is how the algorithm is used


def public_disclosure(w: Writer) -> None:
    """拟公示内容 (RULES §6; AP Art. 16, Art. 24; GUIDE §3.3; CONTRACT §8): text to publish, in prose built from the
    answers (name, basic principle, operating mechanism, scenarios, purpose). Its draft notice stands apart; no
    answer table, no guidance, no legal basis, and never a gap or a "no" that announces a missing duty: a sentence
    is said only where the answers give it, and what is left is listed in the evidence checklist and in `check`.
    Nothing a competitor could use (no hardware, performance, data sources)."""
    lang, found, counted = w.lang, w.found, w.found.counted
    w.draft.blocks.append(Para(say("notice_publish", lang), "notice"))
    name = counted.get("algorithm.name")
    w.draft.blocks.append(Heading(say("p_title", lang, algorithm=clean(name)) if isinstance(name, str) else w.draft.title, 1))

    def words(qid: str) -> str | None:
        if not found.shown(qid):
            return None
        row = found.row(qid, label=qid)
        return row.value if row.missing is None and row.value else None

    sections: list[tuple[str, list[str]]] = []
    kind, filer = words("algorithm.type"), counted.get("subject.name")
    named = []
    if isinstance(name, str) and kind and isinstance(filer, str):
        named.append(say("p_name_text", lang, algorithm=clean(name), type=kind, filer=clean(filer)))
    sections.append(("p_name", named))

    principles = [x for x in (words("algorithm.introduction"),) if x]
    model = words("algorithm.model.generative_type")
    if model:
        principles.append(say("p_model", lang, model=model))
    sections.append(("p_principles", principles))

    mechanism = []
    inputs, outputs, kinds = words("algorithm.data.input_modality"), words("algorithm.data.output_modality"), words("service.recommendation_kinds")
    if inputs:
        mechanism.append(say("p_inputs", lang, modality=inputs))
    if kinds and found.filing == RECOMMENDATION:
        mechanism.append(say("p_recommends", lang, kinds=kinds))
    # Only what the service does: a measure answered "no" is not announced (it is in the checklist and `check`).
    for qid, key in (("algorithm.strategy.preprocess_input", "p_checks_input"), ("algorithm.strategy.postprocess_output", "p_checks_output"),
                     ("algorithm.risk.implicit_label", "p_implicit_label"), ("algorithm.risk.conspicuous_label", "p_conspicuous_label")):
        if found.shown(qid) and counted.get(qid) is True:
            mechanism.append(say(key, lang))
    if outputs:
        mechanism.append(say("p_outputs", lang, modality=outputs))
    sections.append(("p_mechanism", mechanism))

    scenarios = []
    area, scenario = words("algorithm.application_area"), words("algorithm.usage_scenario")
    if area and scenario:
        scenarios.append(say("p_scenario", lang, area=area, scenario=scenario))
    products = [line for line in ticked(found) if mark(lang) not in line]
    plan_name = words("technical_support.plan_name")
    if products and found.products:
        scenarios.append(say("p_products", lang, products=joined(products, lang)))
    elif plan_name and found.support:
        # A technical supporter's customers reach the algorithm through its plan, not through products of its own.
        scenarios.append(say("p_support_plan", lang, plan=plan_name))
    sections.append(("p_scenarios", scenarios))

    purposes = [
        say("p_function", lang, name=clean(f["name"]), description=clean(f["description"]).rstrip("。. "))
        for item in (counted.get("products") if found.products and isinstance(counted.get("products"), (list, tuple)) else [])
        for f in item.get("functions") or []
        if isinstance(f.get("name"), str) and isinstance(f.get("description"), str)
    ]
    purpose = [say("p_purpose_text", lang, functions=("；" if lang == "zh" else "; ").join(purposes))] if purposes else []
    plan = words("technical_support.description")
    if plan and found.support:
        purpose.append(plan)
    sections.append(("p_purpose", purpose))

    for key, paragraphs in sections:
        if paragraphs:
            w.heading(key)
            w.para(("" if lang == "zh" else " ").join(paragraphs))


def disclosure_left(w: Writer) -> list[str]:
    """What the public disclosure could not say from the answers: the questions each part waits for (listed in the
    evidence checklist, never in the text to publish)."""
    parts = {
        "p_name": ("subject.name", "algorithm.name", "algorithm.type"),
        "p_principles": ("algorithm.introduction",),
        "p_mechanism": ("algorithm.data.input_modality", "algorithm.data.output_modality"),
        "p_scenarios": ("algorithm.application_area", "algorithm.usage_scenario"),
        "p_purpose": () if w.found.products else ("technical_support.description",),
    }
    left = []
    for key, qids in parts.items():
        waiting = [q for q in qids if w.found.shown(q) and w.found.row(q, label=q).missing is not None]
        if key == "p_purpose" and w.found.products and not any(
            isinstance(f.get("description"), str) for item in w.found.counted.get("products") or [] for f in item.get("functions") or []
        ):
            waiting = ["products"]
        if waiting:
            asked = [w.bank.question(q).text(w.lang) if q in w.bank.by_id else q for q in waiting]
            left.append(say("left_line", w.lang, part=say(key, w.lang), questions=" ".join(asked)))
    return left


def document_status(w: Writer, doc_id: str) -> str:
    """Where a document stands, and why: the answer that says how far along it is, or for the responsibility table
    whether the policies the filing guide names are in force."""
    lang, found = w.lang, w.found
    progress = {"self_assessment_report": "algorithm.self_assessment_report", "public_disclosure": "algorithm.public_disclosure"}.get(doc_id)
    if progress:
        row = found.row(progress, label=progress) if found.shown(progress) else None
        return say("e_progress", lang, value=row.value) if row and row.value and row.missing is None else row.text(lang) if row else "—"
    chosen = found.counted.get("subject.policies")
    if not isinstance(chosen, (list, tuple)):
        return found.row("subject.policies").text(lang)
    question = w.bank.question("subject.policies")
    missing = [o.label(lang) for o in question.options if o.id in CORE_POLICIES and o.id not in chosen]
    return say("e_policies_missing", lang, policies=joined(missing, lang)) if missing else say("e_policies_in_force", lang)


def evidence_checklist(w: Writer, drafts: list[Draft]) -> None:
    """What reviewers ask to see, per duty owed (RULES §11 check.evidence), what is signed and sealed
    (check.signatures), where each document stands and why, and what the public disclosure is still waiting for."""
    from assistant.files.check import evidence_items, signature_items

    lang = w.lang
    w.draft.blocks.append(Para(say("notice", lang, mark=mark(lang)), "notice"))
    w.draft.blocks.append(Heading(w.draft.title, 1))
    counted = w.found.counted
    kind = w.found.row("algorithm.type") if w.found.shown("algorithm.type") else None
    w.para(say("about", lang, filer=_answer(counted.get("subject.name"), lang), algorithm=_answer(counted.get("algorithm.name"), lang),
               type=kind.value if kind and kind.value else mark(lang), as_of=w.as_of))
    w.para(say("e_guide", lang), "guide")

    w.heading("e_documents")
    rows = []
    for draft in drafts:
        gaps = say("e_gaps", lang, n=draft.gaps, mark=mark(lang)) if draft.gaps else say("e_no_gaps", lang)
        rows.append([draft.title, document_status(w, draft.id), gaps])
    w.table(rows, [say("e_col_document", lang), say("e_col_status", lang), say("e_col_draft", lang)])

    w.heading("e_evidence")
    rows = [[w.bank.obligations[o.id].title(lang), item, "☐"] for o in w.a.obligations
            if owed_by_filing(o.id, w.found.filing) and (item := evidence_items(o.id, lang))]
    if rows:
        w.table(rows, [say("col_obligation", lang), say("e_col_evidence", lang), say("e_col_ready", lang)])
    else:
        w.para(say("none_listed", lang))

    w.heading("e_signatures")
    w.table([[item, "☐"] for item in signature_items(lang)], [say("e_col_item", lang), say("e_col_ready", lang)])

    left = [d for d in drafts if d.id == "public_disclosure"] and disclosure_left(w)
    if left:
        w.heading("e_disclosure")
        for line in left:
            w.point(todo(line, lang))


BUILDERS = {
    "subject_responsibility_table": responsibility_table,
    "self_assessment_report": self_assessment_report,
    "public_disclosure": public_disclosure,
}


def drafts_for(
    bank: QuestionBank,
    answers: Mapping[str, Any],
    lang: str = "zh",
    *,
    assessment: Assessment | None = None,
    as_of: dt.datetime | dt.date | None = None,
    filing: str | None = None,
) -> list[Draft]:
    """The drafts of the documents one filing (`filing`, a role key) owes on these answers (RULES §6: every filing
    brings all three; none without one)."""
    a = assessment or assess(bank, answers)
    found = Answers(bank, answers, lang, filing)
    owed = {o.id for o in a.obligations}
    day = in_china_time(as_of if as_of is not None else now_in_china()).date().isoformat()
    drafts = []
    for doc_id, oid in DOCUMENTS.items():
        if oid not in owed:
            continue
        draft = Draft(doc_id, bank.obligations[oid].title(lang), lang)
        writer = Writer(found, a, draft, day)
        BUILDERS[doc_id](writer)
        drafts.append((draft, writer))
    for draft, writer in drafts:
        if draft.id == "self_assessment_report":
            open_questions_annex(writer, "\n".join(d.text() for d, _ in drafts))
    for draft, _ in drafts:
        if draft.id != "public_disclosure":  # text to publish: no basis, so no legend of the laws' short names
            short_names(draft)
    if drafts:
        checklist = Draft(CHECKLIST, say("e_title", lang), lang)
        evidence_checklist(Writer(found, a, checklist, day), [d for d, _ in drafts])
        if lang == "zh":
            in_full(checklist)
        drafts.append((checklist, None))
    return [d for d, _ in drafts]


@dataclass
class Package:
    """What one filing hands in: its drafts, written in a folder of their own when there are several filings."""

    filing: str | None
    drafts: list[Draft]
    folder: str = ""
    """The subfolder (the role key) when the interview owes several filings; "" for one."""


def packages_for(
    bank: QuestionBank,
    answers: Mapping[str, Any],
    lang: str = "zh",
    *,
    assessment: Assessment | None = None,
    as_of: dt.datetime | dt.date | None = None,
    filing: str | None = None,
) -> list[Package]:
    """One package of drafts per filing owed for this interview's algorithm (CONTRACT §8; `filing` for one: BadInput
    when it is not owed); [] when no filing is owed."""
    a = assessment or assess(bank, answers)
    roles = chosen_filings(a, filing)
    packages = []
    for role in roles:
        drafts = drafts_for(bank, answers, lang, assessment=a, as_of=as_of, filing=role)
        if drafts:
            packages.append(Package(role, drafts, role if len(roles) > 1 and role else ""))
    return packages


def short_names(draft: Draft) -> None:
    """What each short name the draft cites stands for, once, at the end (RULES §1), as the summary says it: the
    full title first, then the short one. In Chinese, each instrument is named by its full title the first time."""
    if draft.lang == "zh":
        in_full(draft)
    legend = short_names_used(draft.text(), draft.lang, chinese_keys=draft.lang == "zh")
    if legend:
        draft.blocks.append(Heading(say("short_names", draft.lang), 2))
        draft.blocks.append(Table([[meaning, short] for short, meaning in legend.items()],
                                  [say("col_stands_for", draft.lang), say("col_short_name", draft.lang)]))


def in_full(draft: Draft) -> None:
    """The draft's texts, in the order they stand, with each instrument named in full the first time (InFull)."""
    name = InFull()
    for block in draft.blocks:
        if isinstance(block, Table):
            for row in (block.header, *block.rows):
                row[:] = [name(text) for text in row]
        else:
            block.text = name(block.text)


def not_owed_reason(a: Assessment, lang: str) -> str:
    """Why no draft is written: no filing is owed, or whether one is still hangs on unanswered questions."""
    if a.undecided:
        return say("none_yet", lang, questions=joined(list(a.undecided), lang))
    return say("none_owed", lang)


# --- Markdown and .docx ----------------------------------------------------------------------------


def markdown(draft: Draft) -> str:
    """The draft as Markdown: the notice in bold, set apart by a rule; guidance and points to complete quoted, so
    they stand apart from the text. Every text is written as literal text (markdown.text): a name in an answer
    never becomes raw HTML or a link."""
    from assistant.files.markdown import text as literal

    out: list[str] = []
    for block in draft.blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + literal(block.text), ""]
        elif isinstance(block, Para):
            text = literal(block.text, inline=False).replace("\n", "  \n")
            if block.kind == "notice":
                out += [f"**{text}**", "", "---", ""]
            elif block.kind in ("todo", "guide"):
                out += ["> " + text.replace("\n", "\n> "), ""]
            else:
                out += [text, ""]
        else:
            out.append("| " + " | ".join(_md_cell(c) for c in block.header) + " |")
            out.append("|" + "---|" * len(block.header))
            for row in block.rows:
                out.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md_cell(text: str) -> str:
    from assistant.files.markdown import text as literal

    return literal(text, inline=False).replace("\n", "<br>")


CHINESE_FONT = "SimSun"
"""宋体: present in Word and WPS on every Chinese system; set as the East Asian font so Chinese is not drawn in a
fallback font."""
HEADING_FONT = "SimHei"
"""黑体, the headings of Chinese documents."""
A4 = (11906, 16838)
"""The page, in twentieths of a point (210 x 297 mm)."""
MARGINS = (1440, 1800)
"""Top and bottom 2.54 cm, left and right 3.17 cm: Word's Chinese default."""


def docx_bytes(draft: Draft, moment: dt.datetime | None = None) -> bytes:
    """The draft as a .docx (opens in Word and WPS): A4, tagged zh-CN (en-US in English), headings in 黑体 and text
    in 宋体, tables with a grid, columns as wide as their text needs and a header row repeated on every page;
    guidance shaded and points to complete highlighted, apart from the text; the public disclosure's notice in the
    page header, out of the text to publish.

    python-docx gives the package (its default template, styles, properties) and writes it; the body is
    built as WordprocessingML and parsed once. Built call by call (add_paragraph, add_table, cell.text),
    the three drafts took ~90 ms, most of it python-docx walking the tree for every cell.
    """
    import docx  # python-docx and lxml, ~60 ms: only `draft --format docx` needs them
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    tag = "zh-CN" if draft.lang == "zh" else "en-US"
    # Chinese text is tagged zh-CN (w:eastAsia) in every draft; Latin text (w:val) en-US, as Word writes a Chinese
    # document: tagged zh-CN, English words and numbers are broken anywhere at the end of a line (LibreOffice).
    latin = "en-US"
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        style = document.styles[name]
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), CHINESE_FONT if name == "Normal" else HEADING_FONT)
        language = rpr.find(qn("w:lang"))
        if language is None:
            language = rpr.makeelement(qn("w:lang"), {})
            rpr.append(language)
        language.set(qn("w:val"), latin)
        language.set(qn("w:eastAsia"), "zh-CN")
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
    document.styles["Normal"].font.size = Pt(11)
    document.styles["Title"].font.size = Pt(18)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for language in defaults.iter(qn("w:lang")):
            language.set(qn("w:val"), latin)
            language.set(qn("w:eastAsia"), "zh-CN")
    properties = document.core_properties
    properties.title = draft.title
    properties.author = "filing-assistant"
    properties.language = tag
    notice = next((b for b in draft.blocks if isinstance(b, Para) and b.notice), None)
    properties.comments = notice.text if notice else ""
    if moment is not None:
        properties.created = properties.modified = moment.replace(tzinfo=None)
        properties.last_modified_by = "filing-assistant"
    section = document.sections[0]
    section.page_width, section.page_height = (docx.shared.Twips(n) for n in A4)
    section.top_margin = section.bottom_margin = docx.shared.Twips(MARGINS[0])
    section.left_margin = section.right_margin = docx.shared.Twips(MARGINS[1])
    width = A4[0] - 2 * MARGINS[1]  # the text width, in twips
    blocks = draft.blocks
    if draft.id == "public_disclosure" and notice is not None:
        # Text to publish: the draft notice stands in the page header, apart from what is published.
        header = section.header.paragraphs[0]
        header.text = notice.text
        blocks = [b for b in blocks if b is not notice]
    mark_text = mark(draft.lang)
    body = parse_xml(f'<w:body {_W_NS}>' + "".join(_block_xml(b, width, mark_text) for b in blocks) + "</w:body>")
    end = document.element.body.sectPr  # the page settings close the body: everything goes before them
    for element in list(body):
        end.addprevious(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _run_xml(text: str, bold: bool = False, highlight: bool = False, quiet: bool = False, points: float | None = None) -> str:
    """One run of text; a line break in the text is a line break in the document. A point to complete is
    highlighted, guidance set in grey; `points`, the size of a table's text."""
    size = f'<w:sz w:val="{round(points * 2)}"/><w:szCs w:val="{round(points * 2)}"/>' if points else ""
    props = ("<w:b/>" if bold else "") + ('<w:color w:val="595959"/>' if quiet else "") + size + ('<w:highlight w:val="yellow"/>' if highlight else "")
    lines = [f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split("\n")]
    return f"<w:r>{'<w:rPr>' + props + '</w:rPr>' if props else ''}{'<w:br/>'.join(lines)}</w:r>"


def _paragraph_xml(
    text: str, style: str | None = None, bold: bool = False, mark_text: str = "", kind: str = "text", points: float | None = None
) -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if kind == "guide":
        props += '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
    props = f"<w:pPr>{props}</w:pPr>" if props else ""
    if not text:
        return f"<w:p>{props}</w:p>"
    if mark_text and mark_text in text and kind == "notice":
        # The notice names the mark: the mark alone is highlighted, as it is in the text.
        before, _, after = text.partition(mark_text)
        runs = _run_xml(before, True) + _run_xml(mark_text, True, highlight=True) + (_run_xml(after, True) if after else "")
    elif mark_text and mark_text in text and kind != "todo":
        # The text before the mark stays as it is; the mark and what follows it (what to write) are highlighted.
        before, _, after = text.partition(mark_text)
        runs = (_run_xml(before, bold, points=points) if before else "") + _run_xml(mark_text + after, bold, highlight=True, points=points)
    else:
        runs = _run_xml(text, bold or kind == "notice", highlight=kind == "todo", quiet=kind == "guide", points=points)
    return f"<w:p>{props}{runs}</w:p>"


TABLE_POINTS = (10.5, 9)
"""Table text in 五号 (10.5 pt), in 小五 (9 pt) for a table of WIDE_TABLE columns or more (the products, the
functions): English words and numbers then fit their columns on A4 portrait without being broken inside."""
WIDE_TABLE = 6
LATIN = 0.66
"""A Latin letter's width against a Chinese character's, at the same size, with room for bold and for the fonts
that stand in for SimSun and Calibri (WPS, LibreOffice)."""
CELL_MARGINS = 2 * 108
"""A cell's left and right margins in Word's table grid, in twips."""
SHORT = 6
"""A column whose longest text is at most this many Chinese characters wide (a tick, 已准备, 是, a date) never wraps."""


def table_points(block: Table) -> float:
    return TABLE_POINTS[len(block.header) >= WIDE_TABLE]


def _widths(block: Table, width: int) -> list[int]:
    """Column widths (twips) that fit the text at its size (table_points). A short column (ticks, yes/no, 已准备) is
    exactly as wide as its text with the cell's margins and half a character to spare, so that it never wraps; the
    others share the rest after the longest text in each (a long header as if on two lines), none narrower than 12%
    of them or than its longest English word or number (which would be broken inside; an address breaks at its
    slashes)."""
    em = table_points(block) * 20  # a Chinese character, in twips

    def twips(text: str, bold: bool = False) -> int:
        latin = em * LATIN * (1.1 if bold else 1)  # the header is bold
        return round(max((sum(em if _width(c) == 2 else latin for c in line) for line in text.split("\n")), default=0))

    def cell(content: float) -> int:
        return round(content + CELL_MARGINS + em / 2)

    need, least = [], []
    for n in range(len(block.header)):
        head = twips(block.header[n], bold=True)
        cells = [row[n] if n < len(row) else "" for row in block.rows]
        # A long header wraps rather than widen a column of short answers ("该功能是否使用本算法生成内容").
        need.append(min(max([head if head <= SHORT * em else head / 2, *map(twips, cells)]), 30 * em))
        # No English word or number is broken inside (a long one, an address, asks for no more than 12 letters).
        words = [twips(w[:12], bold=c is block.header[n]) for c in [block.header[n], *cells] for w in re.findall(r"[A-Za-z0-9@._:,-]+", c)]
        # Nor does a header take more than five lines, or an answer more than four.
        least.append(cell(max([*words, head / 5, *(twips(c) / 4 for c in cells)], default=em)))
    fixed = [max(cell(n), m) if n <= SHORT * em else 0 for n, m in zip(need, least)]
    if all(fixed):
        fixed = [0] * len(need)  # only short columns: they share the width
    # Where the short columns and the others' leasts do not fit, every column shares the width, still above its
    # least.
    none = [0] * len(need)
    sizes = _shared(need, fixed, least, width) or _shared(need, none, least, width)
    if sizes is None:  # not even the longest words fit: each column as wide as its longest word allows
        sizes = [int(width * n / sum(least)) for n in least]
    widest = max(range(len(sizes)), key=lambda i: sizes[i])
    sizes[widest] += width - sum(sizes)  # rounding goes to the widest column
    return sizes


def _shared(need: list[float], fixed: list[int], least: list[int], width: int) -> list[int] | None:
    """The columns not `fixed` share what is left of `width` after their `need`, none narrower than 12% of them;
    one that would fall below its `least` is given it and the others share the rest. None where the leasts do
    not fit."""
    sizes, fixed = list(fixed), list(fixed)
    while True:
        shared = [i for i, f in enumerate(fixed) if not f]
        rest = width - sum(fixed)
        if not shared:
            return sizes if rest >= 0 else None
        floor = 0.12 * sum(need[i] for i in shared)
        total = sum(max(need[i], floor) for i in shared) or 1
        for i in shared:
            sizes[i] = int(rest * max(need[i], floor) // total)
        short = [i for i in shared if sizes[i] < least[i]]
        if not short:
            return sizes
        for i in short:
            fixed[i] = sizes[i] = least[i]


def _block_xml(block: Heading | Para | Table, width: int, mark_text: str = "") -> str:
    if isinstance(block, Heading):
        return _paragraph_xml(block.text, "Title" if block.level == 1 else f"Heading{block.level - 1}")
    if isinstance(block, Para):
        return _paragraph_xml(block.text, bold=block.notice, mark_text=mark_text, kind=block.kind)
    sizes, points = _widths(block, width), table_points(block)
    grid = "".join(f'<w:gridCol w:w="{size}"/>' for size in sizes)
    rows = []
    for n, cells in enumerate([block.header, *block.rows]):
        tcs = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{size}" w:type="dxa"/>'
            + ('<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>' if n == 0 else "")
            + f"</w:tcPr>{_paragraph_xml(text, bold=n == 0, mark_text=mark_text, points=points)}</w:tc>"
            for text, size in zip(cells, sizes)
        )
        # The header row is repeated at the top of every page the table runs onto, and no row breaks across pages.
        trpr = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if n == 0 else "<w:trPr><w:cantSplit/></w:trPr>"
        rows.append(f"<w:tr>{trpr}{tcs}</w:tr>")
    table = (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )
    return table + "<w:p/>"  # a table is followed by a paragraph, as Word itself does


def drafts_folder(path: Path) -> Path:
    """The folder to write the drafts in, made if missing; BadInput (exit 2) for a file, or a folder we cannot write in."""
    where = str(path)
    try:
        if path.exists() and not path.is_dir():
            raise BadInput.one(where, say("out_not_folder", "en"), say("out_not_folder", "zh"))
        path.mkdir(parents=True, exist_ok=True, mode=0o700)  # drafts name the filer's people: private, like saved interviews
    except OSError as error:
        reason = error.strerror or str(error)
        raise BadInput.one(where, say("out_cannot_make", "en", reason=reason), say("out_cannot_make", "zh", reason=reason)) from None
    try:
        # Asked of the folder itself, not of permission bits: root, ACLs and read-only mounts all answer here.
        fd, probe = tempfile.mkstemp(dir=path, prefix=".filing-assistant-", suffix=".probe")
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        reason = error.strerror or str(error)
        raise BadInput.one(where, say("out_not_writable", "en", reason=reason), say("out_not_writable", "zh", reason=reason)) from None
    return path


def write_drafts(packages: list[Package], folder: Path, fmt: str, lang: str) -> list[str]:
    """Write each draft atomically as `<id>.docx` or `<id>.md` in `folder` (in a subfolder per filing when there are
    several); the lines that say what was written."""
    from assistant.atomic import write_atomic

    moment = now_in_china()
    names = []
    drafts = [d for p in packages for d in p.drafts]
    for package in packages:
        where = folder / package.folder if package.folder else folder
        where.mkdir(parents=True, exist_ok=True)
        for draft in package.drafts:
            name = f"{draft.id}.{fmt}"
            data = docx_bytes(draft, moment) if fmt == "docx" else markdown(draft).encode("utf-8")
            write_atomic(where / name, data)
            names.append(f"{package.folder}/{name}" if package.folder else name)
    gaps = sum(d.gaps for d in drafts)
    lines = [say("wrote", lang, n=len(names), folder=str(folder), files=joined(names, lang))]
    lines.append(say("review", lang, gaps=gaps, mark=mark(lang)) if gaps else say("review_complete", lang))
    return lines
