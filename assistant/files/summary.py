"""Text, Markdown and JSON renderings of one Assessment, in English or Chinese."""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any, Mapping

from assistant.law.questions import QuestionBank
from assistant.law.rules import ROLE_KEYS, Assessment

CHINA = dt.timezone(dt.timedelta(hours=8))
"""China Standard Time (UTC+8, no daylight saving): the filing system's clock, in which `as_of` is said."""


def now_in_china() -> dt.datetime:
    """Now, in China time, to the second.

    FILING_ASSISTANT_TODAY (YYYY-MM-DD), where a script or test fixes the
    clock, gives the start of that day: a record written and a summary made
    under a fixed clock say the same moment. A malformed value is reported by
    the command line (cli.today), so it is passed over here.
    """
    fixed = os.environ.get("FILING_ASSISTANT_TODAY")
    if fixed:
        try:
            return dt.datetime.combine(dt.date.fromisoformat(fixed), dt.time(), CHINA)
        except ValueError:
            pass
    return dt.datetime.now(CHINA).replace(microsecond=0)


def in_china_time(moment: dt.datetime | dt.date) -> dt.datetime:
    """`moment` in China time: an aware time converted, a local (naive) one taken as China time, a date as its start."""
    if not isinstance(moment, dt.datetime):
        return dt.datetime.combine(moment, dt.time(), CHINA)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=CHINA, microsecond=0)
    try:
        return moment.astimezone(CHINA).replace(microsecond=0)
    except OverflowError:  # a hand-written time at the very edge of the calendar
        return moment.replace(tzinfo=CHINA, microsecond=0)


GENAI_PATHS = {
    "genai.registration_path": "registration",
    "genai.in_house": "full",
    "genai.supplier_not_filed": "full_supplier_unfiled",
    "genai.path_unknown": None,
}
"""The generative AI filing path (RULES §5) of each reading the rules give; None while the answer that decides it is missing."""


def genai_service(a: Assessment) -> tuple[str | None, list[str]] | None:
    """The generative AI service filing (RULES §5) for a generative AI provider: its path and the readings that explain it.

    The reasons say why the filer is a generative AI provider, which path its
    answers give (with the "do not launch on an unfiled model" warning where
    the supplier is not filed), and that the path is regulator practice, not
    an article. None for anyone else.
    """
    if a.genai_path is None:
        return None
    return GENAI_PATHS[a.genai_path], ["role.generative_ai_provider", a.genai_path, "genai.path_practice"]


SUBJECT = {"name": "subject.name", "credit_code": "subject.credit_code", "algorithm": "algorithm.name"}
"""Whom a summary is about (CONTRACT §1, §6): its key and the question that answers it."""


def subject_of(bank: QuestionBank, answers: Mapping[str, Any] | None) -> dict[str, str | None]:
    """The company, its credit code and the algorithm, as answered; None where unanswered (or not sure)."""
    counted = bank.effective(answers)[1] if answers else {}
    return {key: value if isinstance(value := counted.get(qid), str) else None for key, qid in SUBJECT.items()}

LABELS = {
    "title": ("Filing summary", "备案摘要"),
    "roles": ("Roles", "角色"),
    "filings": ("Filings you owe", "需要办理的备案"),
    "no_filings": ("No algorithm filing is owed on these answers.", "根据这些回答，无需进行算法备案。"),
    "as_role": ("File as a {role}", "以{role}身份备案"),
    "deadlines": ("Deadlines", "期限"),
    "obligations": ("Obligations", "义务"),
    "basis": ("basis", "依据"),
    "because": ("because", "触发回答"),
    "due": ("due", "截止"),
    "overdue": ("OVERDUE", "已逾期"),
    "notes": ("Unsettled readings taken", "采取的审慎理解（法律尚无定论之处）"),
    "drafts": ("Rules on the way (drafts, not law)", "拟出台的规定（征求意见稿，尚非现行规定）"),
    "todo": ("Still to answer", "尚待回答"),
    "complete": ("Every question that applies is answered.", "所有适用的问题均已回答。"),
    "progress": ("{answered} of {asked} questions answered ({progress}%)", "已回答 {answered}/{asked} 个问题（{progress}%）"),
    "genai_path": ("Generative AI filing path", "生成式人工智能备案路径"),
    "scope": ("Scope", "适用范围"),
    "penalty": ("If you do not file", "未备案的后果"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "no_launch": (
        "No launch date yet: the filing is due within 10 working days of launch.",
        "尚未填写上线日期：须在上线之日起10个工作日内备案。",
    ),
    "filing_due": (
        "{title}: due {due} (10 working days after launch on {launch})",
        "{title}：{due} 前（上线日 {launch} 后10个工作日）",
    ),
}
STATUS = {"met": ("met", "已落实"), "gap": ("gap", "存在缺口"), "open": ("open", "待确认")}
MARK = {"met": "✓", "gap": "✗", "open": "?"}


def label(key: str, lang: str, **values: Any) -> str:
    en, zh = LABELS[key]
    return (zh if lang == "zh" else en).format(**values)


def as_data(
    bank: QuestionBank,
    a: Assessment,
    lang: str = "en",
    *,
    answers: Mapping[str, Any] | None = None,
    as_of: dt.datetime | dt.date | None = None,
) -> dict[str, Any]:
    """The summary as JSON-ready data (CONTRACT §6); ids and keys stay English in every language.

    `answers` name whom it is about (`subject`); `as_of` is the date of the
    answers (a record's generated_at, a saved interview's last change), now
    when not given, always said in China time.
    """
    reading = bank.readings
    obligations = []
    for o in a.obligations:
        text = bank.obligations[o.id]
        obligations.append(
            {
                "id": o.id,
                "title": text.title(lang),
                "basis": list(text.basis),
                "because": o.because,
                "deadline": o.deadline.isoformat() if o.deadline else None,
                "status": o.status,
                "overdue": o.overdue,
                "why": text.why(lang),
            }
        )
    genai = genai_service(a)
    return {
        "subject": subject_of(bank, answers),
        "as_of": in_china_time(as_of if as_of is not None else now_in_china()).isoformat(),
        "genai": {"path": genai[0], "reasons": [reading[r](lang) for r in genai[1]]} if genai else None,
        "roles": {key: a.roles[key] for key in ROLE_KEYS},
        "filings": [
            {"role": role, "reasons": [reading[r](lang) for r in reasons]} for role, reasons in a.filings.items()
        ],
        "obligations": obligations,
        "todo": a.todo,
        "notes": [reading[n](lang) for n in a.notes],
        "scope": [reading[s](lang) for s in a.scope],
        "launch_date": a.launch_date.isoformat() if a.launch_date else None,
        "progress": a.progress,
        "complete": a.complete,
        "deadline_advice": reading["deadline.practice"](lang) if a.filings else None,
        "penalty": reading["penalty"](lang) if a.filings else None,
        "disclaimer": reading["not_legal_advice"](lang),
    }


def as_json(bank: QuestionBank, a: Assessment, lang: str = "en", **about: Any) -> str:
    """The summary as JSON; `about` takes as_data's `answers` and `as_of`."""
    return json.dumps(as_data(bank, a, lang, **about), ensure_ascii=False, indent=2) + "\n"


def role_title(bank: QuestionBank, role: str, lang: str) -> str:
    return bank.readings[f"title.{role}"](lang)


def _deadline_lines(bank: QuestionBank, a: Assessment, lang: str) -> list[str]:
    lines = []
    for o in a.obligations:
        if o.deadline is None:
            continue
        line = label(
            "filing_due",
            lang,
            title=bank.obligations[o.id].title(lang),
            due=o.deadline.isoformat(),
            launch=a.launch_date.isoformat() if a.launch_date else "",
        )
        lines.append((label("overdue", lang) + ": " if o.overdue else "") + line)
    # Overdue first: a limit already past is the first thing the filer must see.
    lines.sort(key=lambda line: not line.startswith(label("overdue", lang)))
    if a.filings and not a.launch_date:
        lines.append(label("no_launch", lang))
    return lines


def as_text(bank: QuestionBank, a: Assessment, lang: str = "en", markdown: bool = False) -> str:
    """The summary for a person: plain text for a terminal, or Markdown for a consultant's report."""
    data = as_data(bank, a, lang)
    out: list[str] = []

    def heading(text: str, level: int = 2) -> None:
        if markdown:
            out.extend(["#" * level + " " + text, ""])
        else:
            out.extend([text, "=" * len(text) if level == 1 else "-" * len(text)])

    def bullet(text: str, indent: int = 0) -> None:
        out.append(("  " * indent) + ("- " if markdown else "• " if indent == 0 else "  ") + text)

    heading(label("title", lang), 1)
    # In Markdown each opening line is a paragraph of its own, else a renderer runs them together.
    gap = [""] if markdown else []
    out += [data["disclaimer"], *gap]
    # A deadline already past is said first (RULES §8).
    for line in _deadline_lines(bank, a, lang):
        if line.startswith(label("overdue", lang)):
            out += [f"**{line}**" if markdown else f"!! {line}", *gap]
    out.append(label("progress", lang, answered=a.answered, asked=a.asked, progress=a.progress))
    out.append("")

    def section(key: str, lines: list[str]) -> None:
        if lines:
            heading(label(key, lang))
            for line in lines:
                bullet(line)
            out.append("")

    section("scope", data["scope"])

    heading(label("roles", lang))
    for key in ROLE_KEYS:
        mark = label("yes", lang) if a.roles[key] else label("no", lang)
        bullet(f"{role_title(bank, key, lang)} ({key}): {mark}")
        if a.roles[key]:
            bullet(bank.readings[f"role.{key}"](lang), 1)
    out.append("")

    heading(label("filings", lang))
    if not a.filings:
        out.append(label("no_filings", lang))
    for filing in data["filings"]:
        bullet(label("as_role", lang, role=role_title(bank, filing["role"], lang)) + f" ({filing['role']})")
        for reason in filing["reasons"]:
            bullet(reason, 1)
    if a.genai_path:
        bullet(f"{label('genai_path', lang)}: {bank.readings[a.genai_path](lang)}")
    out.append("")

    deadlines = _deadline_lines(bank, a, lang)
    if deadlines or a.filings:
        heading(label("deadlines", lang))
        for line in deadlines:
            bullet(line)
        if data["deadline_advice"]:
            bullet(data["deadline_advice"])
        out.append("")

    if data["obligations"]:
        heading(label("obligations", lang))
        for o in data["obligations"]:
            status = STATUS[o["status"]][1 if lang == "zh" else 0]
            title = f"**{o['title']}**" if markdown else o["title"]
            bullet(f"[{MARK[o['status']]} {status}] {title} ({o['id']})")
            bullet(o["why"], 1)
            bullet(f"{label('basis', lang)}: {'; '.join(o['basis'])}", 1)
            bullet(f"{label('because', lang)}: {'; '.join(o['because'])}", 1)
            if o["deadline"]:
                due = f"{label('due', lang)}: {o['deadline']}"
                bullet(due + (f" ({label('overdue', lang)})" if o["overdue"] else ""), 1)
        out.append("")

    # A draft on the way is not an unsettled reading of the law in force: said apart (RULES §10).
    section("notes", [bank.readings[n](lang) for n in a.notes if not n.startswith("draft.")])
    section("drafts", [bank.readings[n](lang) for n in a.notes if n.startswith("draft.")])

    heading(label("todo", lang) + (f" ({len(a.todo)})" if a.todo else ""))
    if not a.todo:
        out.append(label("complete", lang))
    for qid in a.todo:
        question = bank.question(qid)
        bullet(f"`{qid}`: {question.text(lang)}" if markdown else f"{qid}: {question.text(lang)}")
    out.append("")

    if data["penalty"]:
        heading(label("penalty", lang))
        out.append(data["penalty"])
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render(
    bank: QuestionBank,
    a: Assessment,
    fmt: str,
    lang: str = "en",
    *,
    answers: Mapping[str, Any] | None = None,
    as_of: dt.datetime | dt.date | None = None,
) -> str:
    """The summary in `fmt` (text, md, json); `answers` and `as_of` say whom and when it is about (JSON, CONTRACT §6)."""
    if fmt == "json":
        return as_json(bank, a, lang, answers=answers, as_of=as_of)
    return as_text(bank, a, lang, markdown=fmt == "md")
