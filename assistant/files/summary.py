"""Text, Markdown and JSON renderings of one Assessment, in English or Chinese."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from typing import Any, Mapping

from assistant import __version__
from assistant.law import conditions
from assistant.errors import for_terminal
from assistant.law.questions import NOT_SURE, QuestionBank
from assistant.law.instruments import Citations, chinese_date, chinese_number, instruments  # noqa: F401 (re-exported)
from assistant.law.wording import Words, area
from assistant.law.clock import china_zone
from assistant.law.rules import GENERATION, ROLE_KEYS, Assessment, rules_as_of

CHINA = china_zone()
"""China Standard Time (Asia/Shanghai, UTC+8, no daylight saving): the filing system's clock, in which `as_of` is said."""


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


# --- Short names and citations (RULES §1) -------------------------------------------

# The instruments, their titles, dates and force are dialogs/instruments.toml's (assistant/law/instruments.py):
# one output's citer writes each Chinese title in full the first time and short after.
Citer = Citations


class InFull:
    """Names each instrument by its full title the first time it meets it, across the Chinese texts it is given in
    the order an output says them, and by its short title after (RULES §1: a short title never stands before its
    full one, the roles section included), whatever the sentences that name them say (instruments.Citations)."""

    def __init__(self) -> None:
        self._names = Citations("zh")

    def __call__(self, text: str) -> str:
        return self._names.text(text)


def first_in_full(text: str) -> str:
    """Chinese `text` with each instrument's full title the first time it is named and its short title after."""
    return InFull()(text)


def short_names_used(text: str, lang: str, *, chinese_keys: bool = False) -> dict[str, str]:
    """What each short name `text` uses stands for, in `lang`, in the order of RULES §1.

    Keyed by the short name (DSP) or, with `chinese_keys`, by the Chinese short title Chinese text
    cites (《深度合成管理规定》).
    """
    used = {}
    for short, ins in instruments().items():
        named = re.search(rf"\b{short}\b", text) or (lang == "zh" and (ins.brief("zh") in text or ins.full("zh") in text))
        if named:
            used[ins.brief("zh") if chinese_keys else short] = ins.meaning(lang)
    return used


GENAI_PATHS = {
    "genai.registration_path": "registration",
    "genai.in_house": "full",
    "genai.model_modified": "full",
    "genai.model_modified_unsure": "full",
    "genai.supplier_not_filed": "full_supplier_unfiled",
    "genai.model_modified_open": None,
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
    # Before launch, how long it takes in practice; once launched, that it is overdue (RULES §5).
    when = "genai.launched" if a.launched and a.this_algorithm and GENERATION in a.this_algorithm.types else "genai.lead_time"
    return GENAI_PATHS[a.genai_path], ["role.generative_ai_provider", a.genai_path, "genai.path_practice", when]


def genai_filing(a: Assessment) -> dict[str, Any]:
    """When the generative AI filing is due (RULES §5: the launch date; overdue once launched) and the
    supplier's model it calls, where answered: `deadline` (None while the launch date is not known),
    `overdue`, and `supplier_model` (name, filing_number) only where one of them is answered."""
    found = next((o for o in a.obligations if o.id == "genai.service_filing"), None)
    due = found.deadline if found else None
    data: dict[str, Any] = {"deadline": due, "overdue": bool(found and found.overdue)}
    if a.supplier_model:
        data["supplier_model"] = dict(a.supplier_model)
    return data


def recommends_only(a: Assessment) -> bool:
    """The filer holds the recommendation role and no other: its texts speak only AP (RULES §3, §7, §8), never of
    generation, labeling or DSP."""
    return a.roles["algorithm_recommendation_provider"] and not any(
        held for key, held in a.roles.items() if key != "algorithm_recommendation_provider"
    )


def penalty_text(bank: QuestionBank, a: Assessment, lang: str) -> str | None:
    """What not filing risks (AP Art. 31; DSP Art. 22 for a deep synthesis filing), and for an anthropomorphic
    service what breaching AIS risks (RULES §7b, §8), said once; Chinese sentences run on without a space."""
    return ("" if lang == "zh" else " ").join(bank.readings[r](lang) for r in a.penalty) or None


SUBJECT = {"name": "subject.name", "credit_code": "subject.credit_code", "algorithm": "algorithm.name"}
"""Whom a summary is about (CONTRACT §1, §6): its key and the question that answers it."""


def subject_of(bank: QuestionBank, answers: Mapping[str, Any] | None) -> dict[str, str | None]:
    """The company, its credit code and the algorithm, as answered; None where unanswered (or not sure)."""
    counted = bank.effective(answers)[1] if answers else {}
    return {key: value if isinstance(value := counted.get(qid), str) else None for key, qid in SUBJECT.items()}

LABELS = Words("summary")
"""The summary's headings and sentences (dialogs/wording/summary.toml)."""
FILING_REASONS = ("scope.recommendation_without_public_interaction",)
"""Scope readings that say why no filing is owed: the summary says them beside "no filing"."""
MARK = {"met": "✓", "gap": "✗", "open": "?"}


reason_text = conditions.reason_text
"""One `because` entry as a plain statement in the output's language (dialogs/wording/reasons.toml)."""


def _mid_sentence(shown: str, lang: str) -> str:
    """An option's label inside a sentence: "it generates or edits: faces or bodies"."""
    return shown[0].lower() + shown[1:] if lang != "zh" and shown[1:2].islower() else shown


def reasons_said(bank: QuestionBank, because: list[str], lang: str) -> list[str]:
    """A finding's reasons, each said once: the options of one question in one statement ("it generates or edits:
    text, dialogue"), never the same statement twice."""
    words = area("reasons")
    options: dict[str, list[str]] = {}
    order: list[tuple[str, str]] = []  # ("options", qid) or ("text", statement)
    for reason in because:
        qid, _, value = reason.partition(" = ")
        question = bank.by_id.get(qid)
        option = question.option(value) if question is not None and question.options and reason not in words else None
        if option is not None and qid in words:
            if qid not in options:
                options[qid] = []
                order.append(("options", qid))
            options[qid].append(_mid_sentence(option.label(lang), lang))
        else:
            order.append(("text", reason_text(bank, reason, lang)))
    said: list[str] = []
    for kind, item in order:
        text = words[item].say(lang, option=("、" if lang == "zh" else ", ").join(options[item])) if kind == "options" else item
        if text not in said:
            said.append(text)
    return said


def note_text(bank: QuestionBank, a: Assessment, note: str, lang: str) -> str:
    """One note of `a` in words; the Monday-Friday calendar note names the years it was used for."""
    text = bank.readings[note](lang)
    if note == "deadline.fallback_calendar" and a.fallback_years:
        text += label("fallback_years", lang, years=", ".join(str(y) for y in a.fallback_years))
    return text


def deadline_advice(bank: QuestionBank, a: Assessment, lang: str) -> str | None:
    """How long filing takes in practice (RULES §8); "start three months before launch" only before launch."""
    if not a.filings:
        return None
    reading = "deadline.practice_launched" if a.launched else "deadline.practice"
    return bank.readings[reading + ("_recommendation" if recommends_only(a) else "")](lang)


def colon(lang: str) -> str:
    """A colon before what follows, in the output's language: Chinese text takes the full-width one."""
    return "：" if lang == "zh" else ": "


def semicolon(lang: str) -> str:
    return "；" if lang == "zh" else "; "


def paren(text: str, lang: str) -> str:
    """` (text)`, or （text） in Chinese."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def label(key: str, lang: str, **values: Any) -> str:
    return LABELS.say(key, lang, **values)


def as_data(
    bank: QuestionBank,
    a: Assessment,
    lang: str = "en",
    *,
    answers: Mapping[str, Any] | None = None,
    as_of: dt.datetime | dt.date | None = None,
    rules_note: str | None = None,
) -> dict[str, Any]:
    """The summary as JSON-ready data (CONTRACT §6); ids and keys stay English in every language.

    `answers` name whom it is about (`subject`); `as_of` is the date of the
    answers (a record's generated_at, a saved interview's last change), now
    when not given, always said in China time. `rules_note` is the line on a
    record written under older rules (record.rules_line), carried as `rules_note`.
    """
    reading = bank.readings
    obligations = []
    for o in a.obligations:
        text = bank.obligations[o.id]
        obligations.append(
            {
                "id": o.id,
                "title": text.title(lang),
                "basis": list(o.basis or text.basis),
                "because": [str(b) for b in o.because],
                "deadline": o.deadline.isoformat() if o.deadline else None,
                "status": o.status,
                "overdue": o.overdue,
                "why": text.why_for(lang, recommends_only(a)),
            }
        )
    genai = genai_service(a)
    when = genai_filing(a)
    data = {
        "subject": subject_of(bank, answers),
        "as_of": in_china_time(as_of if as_of is not None else now_in_china()).isoformat(),
        "genai": {
            "path": genai[0],
            "reasons": [reading[r](lang) for r in genai[1]],
            **when,
            "deadline": when["deadline"].isoformat() if when["deadline"] else None,
        }
        if genai
        else None,
        "algorithms": [
            {"type": al.type, "kinds": list(al.kinds), "this_interview": al.this_interview} for al in a.algorithms
        ],
        "roles": {key: a.roles[key] for key in ROLE_KEYS},
        "filings": [
            {
                "role": role,
                "status": "open" if role in a.open_filings else "owed",
                "algorithms": a.filing_algorithms.get(role, []),
                "reasons": [reading[r](lang) for r in reasons],
            }
            for role, reasons in a.filings.items()
        ],
        "obligations": obligations,
        "todo": a.todo,
        "undecided": list(a.undecided),
        "notes": [note_text(bank, a, n, lang) for n in a.notes],
        "scope": [reading[s](lang) for s in a.scope],
        "launch_date": a.launch_date.isoformat() if a.launch_date else None,
        "progress": a.progress,
        "complete": a.complete,
        "deadline_advice": deadline_advice(bank, a, lang),
        "penalty": penalty_text(bank, a, lang),
        "disclaimer": reading["not_legal_advice"](lang),
    }
    data["rules_as_of"] = rules_as_of(bank).isoformat()
    if rules_note:
        data["rules_note"] = rules_note
    data["short_names"] = short_names_used(json.dumps(data, ensure_ascii=False), lang)
    return data


def as_json(bank: QuestionBank, a: Assessment, lang: str = "en", **about: Any) -> str:
    """The summary as JSON; `about` takes as_data's `answers`, `as_of` and `rules_note`."""
    data = as_data(bank, a, lang, **about)
    if lang == "zh":
        # Each instrument named in full the first time (RULES §1); the short names list keeps its full titles.
        names = data.pop("short_names")
        data = json.loads(first_in_full(json.dumps(data, ensure_ascii=False)))
        data["short_names"] = names
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def algorithm_type(bank: QuestionBank, algorithm: str, lang: str) -> str:
    """An algorithm type in the form's words (生成合成类), from the bank's `algorithm.type` options."""
    option = bank.question("algorithm.type").option(algorithm)
    return option.label(lang) if option else algorithm


def enumeration(items: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else "; ").join(items)


def role_title(bank: QuestionBank, role: str, lang: str) -> str:
    return bank.readings[f"title.{role}"](lang)


def document_status_why(bank: QuestionBank, oid: str, counted: Mapping[str, Any], lang: str) -> str | None:
    """Why a document (`docs.*`) has its status: the answer its status follows (dialogs/obligations.toml `status`),
    or for the responsibility table which of the policies the filing guide names are not in force yet."""
    source = bank.obligations[oid].status
    if not oid.startswith("docs.") or source is None or source.question not in bank.by_id:
        return None
    question, value = bank.question(source.question), counted.get(source.question)
    if value is None or value is NOT_SURE:
        why = label("why_unanswered", lang, question=source.question)
    elif source.rule == "all_chosen" and isinstance(value, (list, tuple)):
        missing = [o.label(lang) for o in question.options if o.id in source.options and o.id not in value]
        why = (label("why_policies_missing", lang, policies=enumeration(missing, lang), question=source.question) if missing
               else label("why_policies_in_force", lang, question=source.question))
    else:
        option = question.option(value) if isinstance(value, str) else None
        why = label("why_progress", lang, value=option.label(lang) if option else str(value), question=source.question)
    return label("status_why", lang, why=why)


def _deadline_lines(bank: QuestionBank, a: Assessment, lang: str) -> list[str]:
    lines = []
    for o in a.obligations:
        before_launch = bank.obligations[o.id].deadline_from == "before_launch"
        if o.deadline is None:
            if a.launch_date and bank.obligations[o.id].filing_role and a.this_algorithm is not None:
                # Another algorithm's filing: its deadline counts from its own launch (RULES §4).
                key = "genai_other_algorithm_due" if before_launch else "other_algorithm_due"
                lines.append(label(key, lang, title=bank.obligations[o.id].title(lang)))
            continue
        line = label(
            # The generative AI filing or registration comes before launch (RULES §5).
            "genai_due" if before_launch else "filing_due",
            lang,
            title=bank.obligations[o.id].title(lang),
            due=o.deadline.isoformat(),
            launch=a.launch_date.isoformat() if a.launch_date else "",
        )
        if o.status == "open" and any(b.open for b in o.because):
            # Hangs on a question not answered yet: due only if owed, and the question named (RULES §7).
            deciding = ", ".join(b.qid for b in o.because if b.open)
            line += paren(label("if_owed", lang, questions=deciding), lang)
        lines.append((label("overdue", lang) + colon(lang) if o.overdue else "") + line)
    # Overdue first: a limit already past is the first thing the filer must see.
    lines.sort(key=lambda line: not line.startswith(label("overdue", lang)))
    if a.filings and not a.launch_date:
        lines.append(label("no_launch", lang))
    if a.genai_path and not a.launch_date:
        lines.append(label("genai_no_launch", lang))
    return lines


def action_lines(bank: QuestionBank, data: Mapping[str, Any], a: Assessment, lang: str) -> list[str]:
    """What to do next, by date: overdue first, then each dated obligation by its date, then the gaps to close, then
    what to check and to answer. Said for the client who receives the summary: each item once."""
    pending = [o for o in data["obligations"] if o["status"] != "met"]
    dated = sorted((o for o in pending if o["deadline"]), key=lambda o: (not o["overdue"], o["deadline"], o["id"]))
    lines = [
        label("action_overdue" if o["overdue"] else "action_by", lang, date=o["deadline"], title=o["title"], id=o["id"])
        for o in dated
    ]
    lines += [label("action_gap", lang, title=o["title"], id=o["id"]) for o in pending if not o["deadline"] and o["status"] == "gap"]
    unsure = [o for o in pending if not o["deadline"] and o["status"] == "open"]
    if unsure:
        lines.append(label("action_check", lang, count=len(unsure)))
    if a.todo:
        lines.append(label("action_answer", lang, count=len(a.todo)))
    return lines or [label("action_none", lang)]


def as_text(
    bank: QuestionBank,
    a: Assessment,
    lang: str = "en",
    markdown: bool = False,
    *,
    answers: Mapping[str, Any] | None = None,
    as_of: dt.datetime | dt.date | None = None,
    rules_note: str | None = None,
) -> str:
    """The summary for a person: plain text for a terminal, or Markdown for a consultant's report.

    It opens with whom it is about (company, credit code, algorithm), the time of the answers and the
    tool's version, so a consultant can send it as it is (CONTRACT §1).
    """
    data = as_data(bank, a, lang, answers=answers, as_of=as_of, rules_note=rules_note)
    counted = bank.effective(answers)[1] if answers is not None else {}
    cite = Citer(lang)
    out: list[str] = []

    def heading(text: str, level: int = 2) -> None:
        if markdown:
            out.extend(["#" * level + " " + text, ""])
        else:
            # Underlined to the text's width on screen: a Chinese character takes two columns.
            width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
            out.extend([text, "=" * width if level == 1 else "-" * width])

    def bullet(text: str, indent: int = 0) -> None:
        out.append(("  " * indent) + ("- " if markdown else "• " if indent == 0 else "  ") + text)

    subject = data["subject"]
    if markdown:  # the filer's names read as text, never as HTML or a link
        from assistant.files import markdown as md

        subject = {key: md.text(value) if value else value for key, value in subject.items()}
    unnamed = label("not_answered_yet", lang)
    heading(label("title_for", lang, name=subject["name"]) if subject["name"] else label("title", lang), 1)
    # In Markdown each opening line is a paragraph of its own, else a renderer runs them together.
    gap = [""] if markdown else []
    when = dt.datetime.fromisoformat(data["as_of"]).strftime("%Y-%m-%d %H:%M")
    about = [
        label("about_company", lang, name=subject["name"] or unnamed),
        label("about_credit_code", lang, code=subject["credit_code"] or unnamed),
        label("about_algorithm", lang, name=subject["algorithm"] or unnamed),
        label("about_as_of", lang, when=when, version=__version__),
    ]
    out += [("  \n" if markdown else "\n").join(about), *gap, data["disclaimer"], *gap]
    if rules_note:
        out += [rules_note, *gap]
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

    # The reason no filing is owed is said where the filings are (below).
    section("scope", [bank.readings[s](lang) for s in a.scope if s not in FILING_REASONS])

    heading(label("roles", lang))
    for key in ROLE_KEYS:
        mark = label("yes", lang) if a.roles[key] else label("no", lang)
        bullet(role_title(bank, key, lang) + paren(key, lang) + colon(lang) + mark)
        if a.roles[key]:
            bullet(bank.readings[f"role.{key}"](lang), 1)
    out.append("")

    heading(label("filings", lang))
    if not a.filings:
        if a.undecided:
            out.append(label("undecided", lang, questions=", ".join(a.undecided)))
        else:
            out.append(label("no_filings", lang))
            for reason in a.scope:
                if reason in FILING_REASONS:
                    bullet(bank.readings[reason](lang))
    for filing in data["filings"]:
        opening = label("open_filing", lang) + ("——" if lang == "zh" else " — ") if filing["status"] == "open" else ""
        bullet(opening + label(
            "by_group" if a.filings[filing["role"]][:1] == ["filing.by_group_company"] else "as_role",
            lang,
            role=(title := role_title(bank, filing["role"], lang)),
            article="an" if title[:1] in "aeiou" else "a",
        ) + paren(filing["role"], lang))
        if len(a.algorithms) > 1 and filing["algorithms"]:
            names = enumeration([algorithm_type(bank, t, lang) for t in filing["algorithms"]], lang)
            bullet(label("covers", lang, algorithms=names), 1)
        for reason in filing["reasons"]:
            bullet(reason, 1)
    if a.genai_path:
        bullet(label("genai_path", lang) + colon(lang) + bank.readings[a.genai_path](lang))
    out.append("")

    if len(a.algorithms) > 1:
        # One filing per algorithm (RULES §4): which this interview prepares, which need their own.
        heading(label("algorithms", lang))
        out += [bank.readings["one_algorithm"](lang), *gap]
        if a.this_algorithm is None:
            out += [label("which_interview", lang), *gap]
        for al in a.algorithms:
            if al.type:
                name = algorithm_type(bank, al.type, lang)
            else:
                name = label("recommendation_kinds", lang, kinds=enumeration([algorithm_type(bank, k, lang) for k in al.kinds], lang))
            if a.this_algorithm is None:
                bullet(name)
                continue
            bullet(name + colon(lang) + label("this_interview" if al.this_interview else "own_interview", lang))
            if al.this_interview and not al.type:
                bullet(label("type_open", lang), 1)
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
        # Grouped by what they are owed because of: each set of reasons is said once, over its obligations.
        heading(label("obligations", lang))
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for o in data["obligations"]:
            groups.setdefault(tuple(reasons_said(bank, o["because"], lang)), []).append(o)
        for reasons, owed in groups.items():
            said = semicolon(lang).join(reasons).rstrip("?？")  # a question not answered yet ends no clause
            out += [f"**{label('owed_because', lang, reasons=said)}**" if markdown else label("owed_because", lang, reasons=said), *gap]
            for o in owed:
                status = label(f"status_{o['status']}", lang)
                title = f"**{o['title']}**" if markdown else o["title"]
                bullet(f"[{MARK[o['status']]} {status}] {title}" + paren(o["id"], lang))
                bullet(o["why"], 1)
                if answers is not None and (why := document_status_why(bank, o["id"], counted, lang)):
                    bullet(why, 1)
                bullet(label("basis", lang) + colon(lang) + semicolon(lang).join(cite(b) for b in o["basis"]), 1)
                if o["deadline"]:
                    due = label("due", lang) + colon(lang) + o["deadline"]
                    bullet(due + (paren(label("overdue", lang), lang) if o["overdue"] else ""), 1)
            out.append("")

    # A draft on the way is not an unsettled reading of the law in force: said apart (RULES §10).
    section("notes", [note_text(bank, a, n, lang) for n in a.notes if not n.startswith("draft.")])
    section("drafts", [bank.readings[n](lang) for n in a.notes if n.startswith("draft.")])

    heading(label("todo", lang) + (f" ({len(a.todo)})" if a.todo else ""))
    if not a.todo:
        out.append(label("complete", lang))
    for qid in a.todo:
        question = bank.question(qid)
        bullet((f"`{qid}`" if markdown else qid) + colon(lang) + question.text(lang))
    out.append("")

    if data["penalty"]:
        heading(label("penalty", lang))
        out.append(data["penalty"])
        out.append("")

    actions = action_lines(bank, data, a, lang)
    if lang == "zh":
        # In reading order, every instrument a line names (a citation or a sentence of the law) is written in full
        # the first time and by its short title after (RULES §1); the list of short names is said after.
        name = InFull()
        out, actions = [name(line) for line in out], [name(line) for line in actions]
    # Every output says once what each short name it uses stands for (RULES §1).
    legend = short_names_used("\n".join(out + actions), lang, chinese_keys=lang == "zh")
    if legend:
        heading(label("short_names", lang))
        for short, meaning in legend.items():
            bullet(label("short_name_line", lang, meaning=meaning, short=short) if meaning.split("，")[0] != short else meaning)
        out.append("")
    # It ends with what to do, by date: the part a client acts on.
    heading(label("actions", lang))
    for line in actions:
        bullet(line)
    # Printed to a terminal: the names in it never move the cursor, recolour or retitle it.
    return for_terminal("\n".join(out).rstrip() + "\n")


def render(
    bank: QuestionBank,
    a: Assessment,
    fmt: str,
    lang: str = "en",
    *,
    answers: Mapping[str, Any] | None = None,
    as_of: dt.datetime | dt.date | None = None,
    rules_note: str | None = None,
) -> str:
    """The summary in `fmt` (text, md, json); `answers` and `as_of` say whom and when it is about (JSON, CONTRACT §6),
    `rules_note` that a record was written under older rules."""
    about = {"answers": answers, "as_of": as_of, "rules_note": rules_note}
    if fmt == "json":
        return as_json(bank, a, lang, **about)
    return as_text(bank, a, lang, markdown=fmt == "md", **about)
