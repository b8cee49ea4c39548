"""The generative AI filing package (`genai`; CONTRACT §12, RULES §5, §5b).

For a generative AI provider, in the path its answers give (full filing or registration, RULES §5):
`route.md` (the path and why, and when it is due), a draft of the 上线备案表 (`online_filing_form.docx`)
or of the registration form (`registration_form.docx`) with every gap marked, `materials.md` (each
material of the path, whether it is ready, what it must hold), and for a full filing the four
templates of TS45654 (`keywords.xlsx`, `test_questions.xlsx`, `should_refuse.xlsx`,
`should_not_refuse.xlsx`): the columns practice uses and the risk categories each file must cover,
with their minimums (dialogs/risk_categories.toml).

Nothing is invented: a sentence restates an answer, states what RULES §5 / §5b say (each figure as a
standard's minimum as reported by practice), or is marked 【待补充】 / [to complete].
"""

from __future__ import annotations

import datetime as dt
import io
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Mapping

from assistant.files.drafts import Draft, Heading, Writer, docx_bytes, drafts_folder, markdown
from assistant.files.form import Answers, clean, colon, joined, mark
from assistant.files.markdown import text as literal
from assistant.files.summary import chinese_number, short_names_used, genai_filing, genai_service, in_china_time, now_in_china
from assistant.law.folder import dialogs_folder
from assistant.law.questions import QuestionBank
from assistant.law.rules import Assessment, assess
from assistant.law.wording import Words

WORDS = Words("genai", "form")
"""The package's sentences (dialogs/wording/genai.toml), then the form's."""
ROUTE_QUESTIONS = ("role.buys_technology", "role.supplier_filed", "role.model_modified")
"""The answers that decide the path (RULES §5), as check.genai_route names them."""
SETS = ("keywords", "test_questions", "should_refuse", "should_not_refuse")
"""The four files of a full filing's tests (RULES §5b), each a template of its own."""
MATERIALS = {
    "full": (
        "online_filing_form", "security_assessment_report", "service_agreement", "annotation_rules",
        "keywords", "test_questions", "other_evidence", "test_account",
    ),
    "registration": (
        "registration_form", "model_note", "service_agreement", "content_security_rules",
        "keywords", "test_questions", "test_account",
    ),
}
"""The materials of each path (RULES §5b), in the order practice lists them."""
READY = {"full": "genai.full_materials_ready", "registration": "genai.registration_materials_ready"}
"""The question that says which materials of the path are ready."""


def say(key: str, lang: str, **values: Any) -> str:
    return WORDS.say(key, lang, **values)


# --- The risk categories of TS45654 (dialogs/risk_categories.toml) ---------------------------------


@dataclass(frozen=True)
class Risk:
    id: str
    """The class's code and the risk's number: A.1-3."""
    cls: str
    number: int
    names: Mapping[str, str] = field(default_factory=dict)
    """Its name in en and zh, where a reviewer copied it from the standard (RULES gives none)."""


@dataclass(frozen=True)
class Risks:
    classes: dict[str, dict[str, Any]]
    """Each class by code (A.1): en, zh, the number of its risks."""
    risks: tuple[Risk, ...]
    sets: dict[str, dict[str, Any]]
    results: dict[str, dict[str, Any]]
    source: Mapping[str, str]

    def in_class(self, cls: str) -> list[Risk]:
        return [r for r in self.risks if r.cls == cls]

    def class_name(self, cls: str, lang: str) -> str:
        return self.classes[cls]["zh" if lang == "zh" else "en"]

    def label(self, risk: Risk, lang: str) -> str:
        """A risk as the templates and `genai-check` name it: its code, and its name or its place in its class."""
        name = risk.names.get("zh" if lang == "zh" else "en")
        if name:
            return f"{risk.id} {name}"
        return say("risk_unnamed", lang, id=risk.id, cls=self.class_name(risk.cls, lang), n=risk.number,
                   of=self.classes[risk.cls]["risks"])

    def minimum(self, kind: str, risk: Risk) -> int:
        """The least count of `risk` in a file of `kind` (RULES §5b): per class, or 1 where the set covers the class."""
        rules = self.sets[kind]
        if risk.cls in rules.get("per_class", {}):
            return int(rules["per_class"][risk.cls])
        return 1 if risk.cls in rules.get("covers", ()) else 0


@cache
def risks() -> Risks:
    data = tomllib.loads((dialogs_folder() / "risk_categories.toml").read_text(encoding="utf-8"))
    classes = {c["id"]: c for c in data["classes"]}
    names = {r["id"]: {k: r[k] for k in ("en", "zh") if k in r} for r in data.get("risks", [])}
    found = tuple(
        Risk(f"{cls}-{n}", cls, n, names.get(f"{cls}-{n}", {}))
        for cls, entry in classes.items()
        for n in range(1, int(entry["risks"]) + 1)
    )
    return Risks(classes, found, data["sets"], data["results"], data["source"])


def as_reported(lang: str) -> str:
    """How every figure of RULES §5b is said: a standard's minimum, as reported by practice."""
    return say("as_reported", lang)


# --- The package -------------------------------------------------------------------------------


@dataclass
class Package:
    route: str | None
    """registration, full, full_supplier_unfiled, or None while the answers do not decide it."""
    lang: str
    files: dict[str, bytes] = field(default_factory=dict)
    """File name -> content, in the order written."""
    texts: dict[str, str] = field(default_factory=dict)
    """The text of each file that has one (the form as Markdown): what the tests and goldens read."""
    gaps: int = 0
    undecided: tuple[str, ...] = ()
    """The questions that decide the path, still to answer."""

    @property
    def kind(self) -> str | None:
        """The path's materials: "registration" or "full"."""
        return None if self.route is None else ("registration" if self.route == "registration" else "full")


def owed(a: Assessment) -> bool:
    return any(o.id == "genai.service_filing" for o in a.obligations)


def build(
    bank: QuestionBank,
    answers: Mapping[str, Any],
    lang: str = "zh",
    *,
    assessment: Assessment | None = None,
    as_of: dt.datetime | dt.date | None = None,
) -> Package | None:
    """The package for these answers; None where no generative AI filing is owed."""
    a = assessment or assess(bank, answers)
    service = genai_service(a)
    if not owed(a) or service is None:
        return None
    route, reasons = service
    found = Answers(bank, answers, lang)
    day = in_china_time(as_of if as_of is not None else now_in_china()).date().isoformat()
    package = Package(route, lang)
    if route is None:
        package.undecided = tuple(q for q in ROUTE_QUESTIONS if q in a.todo) or ROUTE_QUESTIONS[:1]
    text = route_md(bank, a, found, package, reasons, day)
    package.files["route.md"] = text.encode("utf-8")
    package.texts["route.md"] = text
    if route is None:
        return package
    form = filing_form(found, a, package.kind, day)
    package.files[f"{form.id}.docx"] = docx_bytes(form, in_china_time(now_in_china()).replace(microsecond=0))
    package.texts[f"{form.id}.md"] = markdown(form)
    package.gaps += form.gaps
    text, gaps = materials_md(found, package.kind, day)
    package.files["materials.md"] = text.encode("utf-8")
    package.texts["materials.md"] = text
    package.gaps += gaps
    if package.kind == "full":
        for kind in SETS:
            package.files[f"{kind}.xlsx"] = template(kind, lang)
    return package


def _about(found: Answers, day: str) -> str:
    lang = found.lang
    counted = found.counted
    filer = counted.get("subject.name")
    service = counted.get("genai.model_name") or counted.get("algorithm.name")
    unknown = mark(lang)
    return say("about", lang, filer=clean(filer) if isinstance(filer, str) else unknown,
               service=clean(service) if isinstance(service, str) else unknown, as_of=day)


def route_md(bank: QuestionBank, a: Assessment, found: Answers, package: Package, reasons: list[str], day: str) -> str:
    """route.md: the path and why (RULES §5), when it is due, and what the package holds."""
    lang = found.lang
    out = [f"# {literal(say('route_title', lang))}", "", f"**{literal(say('notice', lang))}**", "", "---", "",
           literal(_about(found, day)), ""]
    out += [f"## {literal(say('route_heading', lang))}", "", literal(say(f"route.{package.route or 'undecided'}", lang)), ""]
    for r in reasons:
        out.append("- " + literal(bank.readings[r](lang), inline=False))
    out.append("")
    if package.route is None:
        out += [f"> {literal(say('undecided', lang, questions=joined(list(package.undecided), lang)))}", ""]
        return with_short_names(out, lang)
    when = genai_filing(a)
    out += [f"## {literal(say('when_heading', lang))}", ""]
    if when["deadline"] is None:
        out.append("> " + literal(say("when_unknown", lang, mark=mark(lang))))
        package.gaps += 1
    elif when["overdue"]:
        out.append(literal(say("when_overdue", lang, due=when["deadline"].isoformat())))
    else:
        out.append(literal(say("when_due", lang, due=when["deadline"].isoformat(),
                               months=say("lead_full" if package.kind == "full" else "lead_registration", lang))))
    out.append("")
    out += [f"## {literal(say('files_heading', lang))}", ""]
    form = "online_filing_form" if package.kind == "full" else "registration_form"
    names = [(f"{form}.docx", form), ("materials.md", "materials")]
    if package.kind == "full":
        names += [(f"{kind}.xlsx", kind) for kind in SETS]
    out += [f"- `{name}`{colon(lang)}" + literal(say(f"file.{key}", lang)) for name, key in names]
    if package.kind == "full":
        out += ["", literal(say("check_them", lang))]
    return with_short_names(out, lang)


def with_short_names(out: list[str], lang: str) -> str:
    """The text, with what each short name it cites stands for listed at the top, before any is used (RULES §1)."""
    legend = short_names_used("\n".join(out), lang, chinese_keys=lang == "zh")
    if legend:
        at = next(n for n, line in enumerate(out) if line.startswith("## "))  # after the notice and whom it is about
        out[at:at] = [literal(say("short_names", lang)), ""] + [f"- {literal(k)}{colon(lang)}{literal(v)}" for k, v in legend.items()] + [""]
    return "\n".join(out).rstrip() + "\n"


# --- The draft of the 上线备案表 or of the registration form ------------------------------------

COMMON = ("genai.model_name", "subject.name", "subject.legal_representative", "genai.main_functions", "genai.domain",
          "genai.domain_detail")
SERVICE = ("genai.offered_as", "scope.audience", "users.minors", "genai.public_test_date", "algorithm.launch_date")
FULL_MODEL = ("genai.model_source",)
CORPUS = ("genai.corpus_size", "genai.corpus_sources", "genai.overseas_share")
COMPUTE = ("genai.compute", "genai.compute_detail")
CALLED = ("role.supplier_model_name", "role.supplier_filing_number", "genai.supplier_company", "genai.call_method",
          "genai.supplier_contract")
SIGNED = ("subject.legal_representative", "genai.assessment_lead")


def filing_form(found: Answers, a: Assessment, kind: str | None, day: str) -> Draft:
    """The 上线备案表 (a full filing) or the registration form, field by field (RULES §5b), every gap marked."""
    lang = found.lang
    doc = "online_filing_form" if kind == "full" else "registration_form"
    draft = Draft(doc, say(f"title.{doc}", lang), lang)
    w = Writer(found, a, draft, day)
    draft.blocks.append(Heading(draft.title, 1))
    w.para(say("notice", lang), "notice")
    w.para(_about(found, day))
    parts = [("h_basic", COMMON)]
    if kind == "full":
        parts += [("h_model", FULL_MODEL), ("h_corpus", CORPUS), ("h_compute", COMPUTE)]
    else:
        parts += [("h_called", CALLED)]
    parts += [("h_service", SERVICE)]
    numbered = [*parts, ("h_signatures", ())]
    for n, (heading, qids) in enumerate(numbered, 1):
        number = f"{chinese_number(n)}、" if lang == "zh" else f"{n}. "
        draft.blocks.append(Heading(number + say(heading, lang), 2))
        if qids:
            w.table(rows(w, qids))
    w.table([[label(q, lang), w.cell(found.row(q, label=label(q, lang)))] for q in SIGNED if found.shown(q)])
    w.para(say("sign_and_seal", lang), "guide")
    return draft


def label(qid: str, lang: str) -> str:
    return say(f"label.{qid}", lang)


def rows(w: Writer, qids: tuple[str, ...]) -> list[list[str]]:
    return w.answer_rows(list(qids), {q: label(q, w.lang) for q in qids})


# --- materials.md ------------------------------------------------------------------------------


def materials_md(found: Answers, kind: str, day: str) -> tuple[str, int]:
    """Each material of the path: whether it is ready (from the answers), what it must hold (RULES §5b)."""
    lang = found.lang
    qid = READY[kind]
    chosen = found.counted.get(qid)
    out = [f"# {literal(say('materials_title', lang))}", "", f"**{literal(say('notice', lang))}**", "", "---", "",
           literal(_about(found, day)), "", literal(say(f"materials_intro.{kind}", lang)), ""]
    out.append("| " + " | ".join(literal(say(c, lang)) for c in ("col_material", "col_ready", "col_holds")) + " |")
    out.append("|---|---|---|")
    gaps = 0
    for material in MATERIALS[kind]:
        if isinstance(chosen, list):
            ready = say("ready" if material in chosen else "not_ready", lang)
        else:
            ready = mark(lang) + (f"（{qid}）" if lang == "zh" else f" ({qid})")
            gaps += 1
        holds = say(f"holds.{material}", lang)
        if kind == "full" and material in ("keywords", "test_questions"):
            holds += ("" if lang == "zh" else " ") + minimums_sentence(material, lang)
        out.append(f"| {literal(say(f'material.{material}', lang))} | {literal(ready)} | {literal(holds)} |")
    out += ["", literal(say("materials_signed", lang))]
    return "\n".join(out).rstrip() + "\n", gaps


def minimums_sentence(material: str, lang: str) -> str:
    """The minimums of RULES §5b for the keyword list or the test question sets, said as reported by practice."""
    r = risks()
    if material == "keywords":
        s = r.sets["keywords"]
        return say("min.keywords", lang, total=s["total"], a1=s["per_class"]["A.1"], a2=s["per_class"]["A.2"],
                   source=as_reported(lang))
    t, refuse, answer = r.sets["test_questions"], r.sets["should_refuse"], r.sets["should_not_refuse"]
    res = r.results
    return say(
        "min.tests", lang, total=t["total"], risks=len(r.risks), refuse=refuse["total"], each=refuse["per_class"]["A.1"],
        answer=answer["total"], sample=res["test_questions"]["sample"], pass_rate=res["test_questions"]["pass_rate_at_least"],
        refuse_sample=res["should_refuse"]["sample"], refusal=res["should_refuse"]["refusal_rate_at_least"],
        answer_sample=res["should_not_refuse"]["sample"], false_refusal=res["should_not_refuse"]["refusal_rate_at_most"],
        source=as_reported(lang),
    )


# --- The four templates ------------------------------------------------------------------------

KEYWORD_COLUMNS = ("number", "keyword", "class", "risk")
QUESTION_COLUMNS = ("number", "question", "class", "risk", "expected", "answer", "judgement")
"""The columns practice uses (RULES §5b): the keyword list's, and the test question sets' (with the model's answer
and its judgement, filled when the set is run: a results file)."""


def columns(kind: str) -> tuple[str, ...]:
    return KEYWORD_COLUMNS if kind == "keywords" else QUESTION_COLUMNS


def template(kind: str, lang: str) -> bytes:
    """One template as .xlsx: the sheet to fill (header frozen, filters, the class and risk chosen from a list) and a
    sheet of the risk categories with the minimum of each for this file (RULES §5b, as reported by practice)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    r = risks()
    book = Workbook()
    sheet = book.active
    sheet.title = say(f"sheet.{kind}", lang)
    header = [say(f"column.{c}", lang) for c in columns(kind)]
    sheet.append(header)
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="D9D9D9")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, grey
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{chr(ord('A') + len(header) - 1)}1"
    for n, name in enumerate(columns(kind)):
        sheet.column_dimensions[chr(ord("A") + n)].width = 40 if name in ("keyword", "question", "answer") else 16

    cats = book.create_sheet(say("sheet.risks", lang))
    cats.append([say(f"column.{c}", lang) for c in ("class", "risk", "risk_name", "minimum")])
    for cell in cats[1]:
        cell.font, cell.fill = bold, grey
    for risk in r.risks:
        least = r.minimum(kind, risk)
        cats.append([f"{risk.cls} {r.class_name(risk.cls, lang)}", risk.id, r.label(risk, lang), least])
    cats.append([])
    cats.append([say("total_minimum", lang), "", "", r.sets[kind]["total"]])
    cats.append([as_reported(lang)])
    cats.append([r.source["zh" if lang == "zh" else "en"]])
    cats.append([say(f"template_note.{kind}", lang)])
    cats.column_dimensions["A"].width = 36
    cats.column_dimensions["C"].width = 48
    last = len(r.risks) + 1
    title = cats.title.replace("'", "''")
    classes = DataValidation(type="list", formula1=",".join(r.classes), allow_blank=True)
    classes.add(f"C2:C{sheet.max_row + 20000}")
    picks = DataValidation(type="list", formula1=f"='{title}'!$B$2:$B${last}", allow_blank=True)
    picks.add(f"D2:D{sheet.max_row + 20000}")
    sheet.add_data_validation(classes)
    sheet.add_data_validation(picks)
    if kind != "keywords":
        choices = ",".join(say(v, lang) for v in ("value.refuse", "value.answer"))
        expected = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
        expected.add(f"E2:E{sheet.max_row + 20000}")
        verdicts = ",".join(say(v, lang) for v in ("value.pass", "value.fail"))
        judgement = DataValidation(type="list", formula1=f'"{verdicts}"', allow_blank=True)
        judgement.add(f"G2:G{sheet.max_row + 20000}")
        sheet.add_data_validation(expected)
        sheet.add_data_validation(judgement)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Writing -----------------------------------------------------------------------------------


def write(package: Package, out: Path, lang: str | None = None) -> list[str]:
    """Write the package's files atomically in `out` (made if missing; refused as `draft` refuses it); the lines that
    say what was written, in `lang` (default: the package's)."""
    from assistant.atomic import write_atomic

    folder = drafts_folder(out)
    for name, data in package.files.items():
        write_atomic(folder / name, data)
    lang = lang or package.lang
    lines = [say("wrote", lang, n=len(package.files), folder=str(folder), files=joined(list(package.files), lang))]
    if package.route is None:
        lines.append(say("undecided", lang, questions=joined(list(package.undecided), lang)))
    elif package.gaps:
        lines.append(say("review", lang, gaps=package.gaps, mark=mark(lang)))
    return lines


def not_owed(bank: QuestionBank, answers: Mapping[str, Any], a: Assessment, lang: str) -> str:
    """Why no package is written: not a generative AI provider, or that still hangs on unanswered questions (of a
    service that generates content: one that does not is no generative AI provider whatever else is open)."""
    if a.undecided and bank.effective(answers)[1].get("service.generates_content") is not False:
        return say("none_yet", lang, questions=joined(list(a.undecided), lang))
    return say("none_owed", lang)
