"""Before submitting: every reason of RULES §11 the answers show, per filing (`filing-assistant check`, CONTRACT §11).

The reasons are data a lawyer can review (dialogs/checks.toml: id, severity,
source, and what was found, why and the fix in both languages); this module
only looks for each in the answers, the assessment and the form of each
filing owed, and fills the sentences. Practice, not law: each reason names
its source. `render` gives text, Markdown or JSON; `Report.blockers` decides
the exit status (0 with none, 3 with one).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Mapping, Sequence

from assistant.files.form import (
    RECOMMENDATION,
    Answers,
    chosen_filings,
    filled_form,
    joined,
    mark,
    owed_by_filing,
    _width,
)
from assistant.files.summary import Citer, in_china_time, now_in_china
from assistant.law.folder import dialogs_folder
from assistant.law.questions import NOT_SURE, QuestionBank, word_count
from assistant.law.rules import Assessment, assess
from assistant.law.wording import Words

WORDS = Words("check", "form")
SEVERITIES = ("blocker", "risk", "advice")
PROGRESS = {
    "docs.subject_responsibility_table": None,
    "docs.self_assessment_report": "algorithm.self_assessment_report",
    "docs.public_disclosure": "algorithm.public_disclosure",
}
"""The documents each filing uploads (RULES §6), with the question that says how far along each is (the
responsibility table has none: it is ready when the policies it lists are in force)."""
ONLINE_FORMS = ("app", "website", "mini_program", "public_account")
"""The product forms the ICP number is asked of (FORM.md)."""
NONE_WORDS = frozenset({"none", "no", "n/a", "na", "-", "无", "没有", "暂无", "尚无", "未办理", "否"})
"""An ICP number answered as "none"."""
GENAI_NUMBER = re.compile(r"^\S+-\S+-\d{8}(?:S?\d{4})?$")
"""A generative AI filing or registration number: Province-Name-YYYYMMDDNNNN, older ones Province-Name-YYYYMMDD,
a registration with an S before its serial (RULES §5)."""
GENAI_ROUTE = ("role.buys_technology", "role.supplier_filed", "role.model_modified")
"""The questions that decide the generative AI filing path (RULES §5), where the bank asks them."""


def say(key: str, lang: str, **values: Any) -> str:
    return WORDS.say(key, lang, **values)


@cache
def reasons() -> dict[str, dict[str, Any]]:
    """dialogs/checks.toml: every reason by id, and what reviewers ask to see per duty (`evidence`)."""
    data = tomllib.loads((dialogs_folder() / "checks.toml").read_text(encoding="utf-8"))
    return {"check": data["check"], "evidence": data.get("evidence", {})}


def reason(rid: str) -> dict[str, Any]:
    return reasons()["check"][rid]


def text_of(entry: Mapping[str, Any], key: str, lang: str, **values: Any) -> str:
    """One sentence of a reason in `lang` (`found`, `why`, `fix` or a part of them), its placeholders filled."""
    text = entry[key][lang if lang == "zh" else "en"]
    return text.format(**values) if values else text


def evidence_items(oid: str, lang: str) -> str | None:
    """What reviewers ask to see for the duty `oid` (dialogs/checks.toml [evidence]), or None."""
    entry = reasons()["evidence"].get(oid)
    return entry["zh" if lang == "zh" else "en"] if entry else None


def signature_items(lang: str) -> list[str]:
    """What is signed and sealed before it is uploaded (check.signatures)."""
    return list(reason("check.signatures")["items"]["zh" if lang == "zh" else "en"])


@dataclass(frozen=True)
class Finding:
    id: str
    severity: str
    found: str
    why: str
    fix: str

    def json(self) -> dict[str, str]:
        return {"id": self.id, "severity": self.severity, "found": self.found, "why": self.why, "fix": self.fix}


@dataclass
class FilingCheck:
    role: str | None
    """The filing (role key); None while whether one is owed is not decided."""
    title: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not any(f.severity == "blocker" for f in self.findings)


@dataclass
class Report:
    lang: str
    about: str
    filings: list[FilingCheck]
    note: str = ""
    """Said where no filing is checked (none owed)."""

    def count(self, severity: str) -> int:
        return sum(1 for c in self.filings for f in c.findings if f.severity == severity)

    @property
    def blockers(self) -> int:
        return self.count("blocker")


class Looker:
    """What one filing's check is built with: the answers in the form's words, the assessment, the citer."""

    def __init__(self, bank: QuestionBank, answers: Mapping[str, Any], a: Assessment, lang: str, filing: str | None):
        self.bank, self.a, self.lang, self.filing = bank, a, lang, filing
        self.answers = answers
        self.found = Answers(bank, answers, lang, filing)
        self.counted = self.found.counted
        self.asked = {q.id for q in bank.effective(answers)[0]}
        self.cite = Citer(lang)
        self.findings: list[Finding] = []

    def add(self, rid: str, found: str, fix_key: str = "fix", why_key: str = "why", **fix_values: Any) -> None:
        entry = reason(rid)
        source = entry["source"]
        where = say("practice", self.lang) if source == "practice" else self.cite(source)
        why = say("source", self.lang, why=text_of(entry, why_key, self.lang), source=where)
        self.findings.append(Finding(rid, entry["severity"], found, why, text_of(entry, fix_key, self.lang, **fix_values)))

    def found_text(self, rid: str, key: str = "found", **values: Any) -> str:
        return text_of(reason(rid), key, self.lang, **values)

    def owed(self, oid: str):
        return next((o for o in self.a.obligations if o.id == oid and owed_by_filing(oid, self.filing)), None)

    def type_words(self, types: Sequence[str]) -> str:
        question = self.bank.question("algorithm.type")
        return joined([self.found.option(question, t, "algorithm.type") for t in types], self.lang)


# --- Each reason (RULES §11), in the order of dialogs/checks.toml ---------------------------------


def missing_field(k: Looker) -> None:
    form = filled_form(k.bank, k.answers, k.lang, assessment=k.a, filing=k.filing)
    ids = list(dict.fromkeys(r.missing for r in form.rows if r.missing))
    lines = [x for s in form.steps for g in s.groups for x in g.lines] + [x for s in form.steps for x in s.lines]
    if any(line.startswith(mark(k.lang)) for line in lines) and "products" not in ids:
        ids.append("products")  # no product (or a product with no function) entered yet
    if ids:
        k.add("check.missing_field", k.found_text("check.missing_field", n=len(ids), fields=joined(ids, k.lang)))


def documents_not_ready(k: Looker) -> None:
    lang, parts, questions = k.lang, [], []
    for oid, progress in PROGRESS.items():
        finding = k.owed(oid)
        if finding is None or finding.status == "met":
            continue
        title = k.bank.obligations[oid].title(lang)
        if progress is None:
            question = k.bank.question("subject.policies")
            chosen = k.counted.get("subject.policies")
            status = (
                say("policies_missing", lang, policies=joined([o.label(lang) for o in question.options
                                                                if o.id in CORE_POLICIES and o.id not in chosen], lang))
                if isinstance(chosen, (list, tuple)) else say("not_answered", lang)
            )
            questions.append("subject.policies")
        else:
            row = k.found.row(progress, label=title) if progress in k.bank.by_id else None
            status = row.value if row and row.value else say("not_answered", lang)
            questions.append(progress)
        parts.append(say("document_status", lang, document=title, status=status))
    if parts:
        k.add("check.documents_not_ready", k.found_text("check.documents_not_ready", documents=joined(parts, lang)),
              questions=joined(questions, lang), mark=mark(lang))


CORE_POLICIES = ("self_assessment", "monitoring", "violation_penalty", "emergency_response", "ethics_review")
"""The policies the filing guide names, in force before filing (the responsibility table's status)."""


def algorithms(k: Looker) -> None:
    """check.several_algorithms and check.algorithm_type: which algorithm this interview files."""
    a, lang = k.a, k.lang
    if a.this_algorithm is not None or not a.algorithms:
        return
    shown = k.type_words([t for al in a.algorithms for t in al.types] or [al.type for al in a.algorithms if al.type])
    filed = k.counted.get("algorithm.type")
    if filed is None or filed is NOT_SURE:
        if len(a.algorithms) > 1:
            k.add("check.several_algorithms", k.found_text("check.several_algorithms", n=len(a.algorithms), types=shown))
    else:
        k.add("check.algorithm_type", k.found_text("check.algorithm_type", type=k.type_words([filed]), shown=shown))


def other_algorithms(k: Looker, others: Sequence[str] | None, name: str | None) -> None:
    """For a saved interview: the algorithms the service shows that no saved interview of this filer files yet."""
    if others is None or k.a.this_algorithm is None:
        return
    left = [al for al in k.a.algorithms if not al.this_interview and not any(t in others for t in al.types)]
    if left:
        types = k.type_words([t for al in left for t in al.types] or [al.type for al in left if al.type])
        k.add("check.other_algorithms", k.found_text("check.other_algorithms", types=types), name=name or "NAME")


def icp_number(k: Looker) -> None:
    lang = k.lang
    items = k.counted.get("products") if k.found.products else None
    for n, item in enumerate(items if isinstance(items, (list, tuple)) else []):
        if item.get("form") not in ONLINE_FORMS or item.get("status") != "online":
            continue
        value = item.get("icp_number")
        if value is NOT_SURE:
            said = say("products_not_sure", lang)
        elif isinstance(value, str) and value.strip().lower() in NONE_WORDS:
            said = say("products_none", lang)
        else:
            continue  # a number, or not answered (check.missing_field)
        name = item.get("name") if isinstance(item.get("name"), str) else f"products[{n}]"
        found = k.found_text("check.icp_number", products=name, value=said)
        k.add("check.icp_number", found, path=f"products[{n}].icp_number")
    if k.counted.get("subject.same_as_icp_entity") is False and not isinstance(k.counted.get("subject.icp_relationship"), str):
        k.add("check.icp_number", k.found_text("check.icp_number", "found_entity"), "fix_entity", "why_entity")


def thin_introduction(k: Looker) -> None:
    text = k.counted.get("algorithm.introduction")
    if not isinstance(text, str) or not k.found.shown("algorithm.introduction"):
        return
    entry, lang = reason("check.thin_introduction"), k.lang
    n, least = word_count(text), entry["thin_below"]
    lowered = text.lower()
    missing = [
        entry["part"][part]["zh" if lang == "zh" else "en"]
        for part, terms in entry["terms"].items()
        if not any(term.lower() in lowered for term in terms)
    ]
    problems = []
    if n < least:
        problems.append(text_of(entry, "found_short", lang, n=n, least=least))
    if missing:
        problems.append(text_of(entry, "found_parts", lang, missing=joined(missing, lang)))
    if problems:
        k.add("check.thin_introduction", k.found_text("check.thin_introduction", problems=("，" if lang == "zh" else ", ").join(problems)))


def modality_format(k: Looker) -> None:
    formats, modalities = k.counted.get("algorithm.data.output_format"), k.counted.get("algorithm.data.output_modality")
    if not (isinstance(formats, (list, tuple)) and isinstance(modalities, (list, tuple))) or not k.found.shown("algorithm.data.output_format"):
        return
    table: dict[str, list[str]] = reason("check.modality_format")["formats"]
    if any(m not in table for m in modalities):
        return  # structured data or other: any format may fit
    listed = {f for fs in table.values() for f in fs}
    fits = {f for m in modalities for f in table[m]}
    wrong = [f for f in formats if f in listed and f not in fits]
    if wrong:
        fq, mq = k.bank.question("algorithm.data.output_format"), k.bank.question("algorithm.data.output_modality")
        k.add("check.modality_format", k.found_text(
            "check.modality_format",
            formats=k.found.words(fq, wrong, "algorithm.data.output_format"),
            modality=k.found.words(mq, list(modalities), "algorithm.data.output_modality"),
        ))


def labels_missing(k: Looker) -> None:
    if k.filing != "deep_synthesis_provider":
        return
    gaps = [o for o in ("label.implicit", "label.conspicuous") if (f := k.owed(o)) and f.status == "gap"]
    if gaps:
        titles = joined([k.bank.obligations[o].title(k.lang) for o in gaps], k.lang)
        k.add("check.labels_missing", k.found_text("check.labels_missing", labels=titles))


def supplier_number(k: Looker) -> None:
    if k.counted.get("role.buys_technology") is not True or k.counted.get("role.supplier_filed") is not True:
        return
    entry, lang, problems = reason("check.supplier_number"), k.lang, []
    name, number = k.counted.get("role.supplier_model_name"), k.counted.get("role.supplier_filing_number")
    if not isinstance(name, str) or not name.strip():
        problems.append(text_of(entry, "problem_name", lang))
    if not isinstance(number, str) or not number.strip():
        problems.append(text_of(entry, "problem_number", lang))
    elif not GENAI_NUMBER.match(number.strip()):
        problems.append(text_of(entry, "problem_shape", lang, number=number.strip()))
    if problems:
        k.add("check.supplier_number", k.found_text("check.supplier_number", problem=("；" if lang == "zh" else "; ").join(problems)))


def genai(k: Looker) -> None:
    """check.genai_route and check.genai_before_launch: the generative AI filing beside this one (RULES §5)."""
    if not k.a.roles.get("generative_ai_provider") or k.filing == RECOMMENDATION:
        return
    # Unanswered, not "not sure": a supplier or a change not known yet takes the full filing (RULES §5).
    pending = [q for q in GENAI_ROUTE if q in k.asked and k.counted.get(q) is None]
    if pending:
        questions = joined(pending, k.lang)
        k.add("check.genai_route", k.found_text("check.genai_route", questions=questions), questions=questions)
    if k.a.launched and any(o.id == "genai.service_filing" for o in k.a.obligations):
        k.add("check.genai_before_launch", k.found_text("check.genai_before_launch", launch=k.a.launch_date.isoformat()))


def security_assessment(k: Looker) -> None:
    finding = k.owed("filing.security_assessment")
    if finding:
        because = joined([str(b) for b in finding.because], k.lang)
        k.add("check.security_assessment", k.found_text("check.security_assessment", because=because))


def evidence(k: Looker) -> None:
    items = [e for o in k.a.obligations if owed_by_filing(o.id, k.filing) and (e := evidence_items(o.id, k.lang))]
    if items:
        k.add("check.evidence", k.found_text("check.evidence", items=("；" if k.lang == "zh" else "; ").join(items)))


def signatures(k: Looker) -> None:
    items = ("；" if k.lang == "zh" else "; ").join(signature_items(k.lang))
    k.add("check.signatures", k.found_text("check.signatures", items=items))


def check(
    bank: QuestionBank,
    answers: Mapping[str, Any],
    lang: str = "zh",
    *,
    assessment: Assessment | None = None,
    as_of: dt.datetime | dt.date | None = None,
    others: Sequence[str] | None = None,
    name: str | None = None,
) -> Report:
    """Every reason of RULES §11 the answers show, for each filing owed for this interview's algorithm.

    `others`: for a saved interview, the algorithm types other saved interviews of this filer file (None for a
    file: check.other_algorithms is not looked for); `name` the saved interview's name, for the fix.
    """
    a = assessment or assess(bank, answers)
    counted = bank.effective(answers)[1]
    filer, algorithm = counted.get("subject.name"), counted.get("algorithm.name")
    about = say(
        "about", lang,
        filer=filer if isinstance(filer, str) else mark(lang),
        algorithm=algorithm if isinstance(algorithm, str) else mark(lang),
        as_of=in_china_time(as_of if as_of is not None else now_in_china()).date().isoformat(),
    )
    roles = chosen_filings(a, None)
    if roles == [None]:
        if not a.undecided:
            return Report(lang, about, [], say("none_owed", lang))
        k = Looker(bank, answers, a, lang, None)
        questions = joined(list(a.undecided), lang)
        k.add("check.missing_field", say("undecided", lang, questions=questions))
        return Report(lang, about, [FilingCheck(None, say("filing_undecided", lang), k.findings)])
    checks = []
    for role in roles:
        k = Looker(bank, answers, a, lang, role)
        for look in (missing_field, documents_not_ready, algorithms):
            look(k)
        other_algorithms(k, others, name)
        for look in (icp_number, thin_introduction, modality_format, labels_missing, supplier_number, genai,
                     security_assessment, evidence, signatures):
            look(k)
        order = {rid: n for n, rid in enumerate(reasons()["check"])}
        k.findings.sort(key=lambda f: (SEVERITIES.index(f.severity), order[f.id]))
        checks.append(FilingCheck(role, say("filing", lang, filing=bank.readings[f"title.{role}"](lang)), k.findings))
    return Report(lang, about, checks)


# --- Text, Markdown, JSON -------------------------------------------------------------------------


def closing(report: Report) -> str:
    lang = report.lang
    blockers, risks = report.blockers, report.count("risk")
    if blockers:
        return say("left", lang, blockers=blockers, risks=risks)
    return say("ready", lang, risks=say("ready_risks", lang, n=risks) if risks else "")


def render(report: Report, fmt: str = "text") -> str:
    if fmt == "json":
        data = {
            "ready": report.blockers == 0,
            "blockers": report.blockers,
            "risks": report.count("risk"),
            "filings": [
                {"role": c.role, "ready": c.ready, "findings": [f.json() for f in c.findings]} for c in report.filings
            ],
        }
        if report.note:
            data["note"] = report.note
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lang, md = report.lang, fmt == "md"
    sep = "：" if lang == "zh" else ": "
    out = [("# " if md else "") + say("title", lang), "", report.about, ""]
    if report.note:
        out += [report.note, ""]
    for c in report.filings:
        out += [f"## {c.title}", ""] if md else [c.title, "-" * _width(c.title)]
        if not c.findings:
            out += [say("nothing_found", lang), ""]
        for severity in SEVERITIES:
            found = [f for f in c.findings if f.severity == severity]
            if not found:
                continue
            out += [("### " if md else "  ") + say(f"severity_{severity}", lang)] + ([""] if md else [])
            for f in found:
                if md:
                    out += [f"- **{f.id}**{sep}{f.found}", f"  - {say('why', lang)}{sep}{f.why}", f"  - {say('fix', lang)}{sep}{f.fix}"]
                else:
                    out += [f"    {f.id}{sep}{f.found}", f"      {say('why', lang)}{sep}{f.why}", f"      {say('fix', lang)}{sep}{f.fix}"]
            out.append("")
    out.append(("**" + closing(report) + "**") if md else closing(report))
    return "\n".join(out).rstrip() + "\n"
