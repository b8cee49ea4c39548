"""Many clients in one run (CONTRACT §9): one small row per interview, sorted overdue first, as text, Markdown, CSV, JSON or iCalendar.

A row is made from what `summary --format json` says of the same answers
(rules.assess, then summary.as_data), so the two never disagree. Rows are
made one client at a time and keep only what a row shows and what sorting
needs: the answers and the assessment of a client are gone before the next
is read, so ten thousand clients cost little more memory than a hundred.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from assistant.errors import BadInput, escaped
from assistant.files.source import Source
from assistant.files.summary import as_data
from assistant.law.questions import QuestionBank
from assistant.law.rules import ROLE_KEYS, assess
from assistant.law.wording import Words

WORDS = Words("portfolio")
"""The portfolio's headings and sentences (dialogs/wording/portfolio.toml)."""
FORMATS = ("text", "md", "csv", "json", "ics")
STATUSES = ("met", "gap", "open")
GENAI_WORDS = {
    "registration": "genai_registration",
    "full": "genai_full",
    "full_supplier_unfiled": "genai_full_supplier_unfiled",
    None: "genai_not_known",
}
"""The catalogue's short words for each generative AI path (summary JSON `genai.path`)."""


@dataclass(frozen=True)
class Client:
    """One input, read only when its turn comes: a file, or a saved interview the shell reads."""

    source: str
    """The path or saved name, as given or found in a folder."""
    label: str
    """The file's or saved interview's name: a row's name when the company is not answered."""
    read: Callable[[], Source | None]
    """The interview's answers; None for a file in a folder that holds no client; BadInput when unreadable."""


def row_for(bank: QuestionBank, source: Source, where: str, today: dt.date, lang: str = "en") -> dict[str, Any]:
    """One client's row, from the summary's own data (summary.as_data): who, roles, filings, path, deadlines, counts, progress."""
    a = assess(bank, source.answers, today)
    data = as_data(bank, a, lang, answers=source.answers, as_of=source.as_of)
    subject = data["subject"]
    kind = source.answers.get("algorithm.type")
    algorithm_type = bank.question("algorithm.type").option(kind) if isinstance(kind, str) else None
    deadlines = sorted(
        (
            {"id": o["id"], "title": o["title"], "deadline": o["deadline"], "overdue": bool(o["overdue"])}
            for o in data["obligations"]
            if o["deadline"]
        ),
        key=lambda d: (d["deadline"], d["id"]),
    )
    counts = {status: 0 for status in STATUSES}
    for o in data["obligations"]:
        counts[o["status"]] += 1
    return {
        "name": subject["name"] or source.label,
        "source": where,
        "kind": source.kind,
        "company": subject["name"],
        "credit_code": subject["credit_code"],
        "algorithm": subject["algorithm"],
        "algorithm_type": kind if algorithm_type else None,
        "algorithm_type_label": algorithm_type.label(lang) if algorithm_type else None,
        "roles": [key for key, held in data["roles"].items() if held],
        "filings": [{"role": f["role"], "status": f["status"]} for f in data["filings"]],
        "genai_path": data["genai"]["path"] if data["genai"] else None,
        "genai": data["genai"] is not None,
        # The earliest deadline: one already past is the earliest, so `overdue` says whether any is.
        "next_deadline": deadlines[0] if deadlines else None,
        "overdue": any(d["overdue"] for d in deadlines),
        "deadlines": deadlines,
        "obligations": counts,
        "progress": data["progress"],
        "complete": data["complete"],
        "todo": len(data["todo"]),
        "as_of": data["as_of"],
        "error": None,
    }


def error_row(where: str, label: str, problems: list[str]) -> dict[str, Any]:
    """The row of an input that cannot be read: its name and why, every other column empty."""
    return {
        "name": label,
        "source": where,
        "kind": None,
        "company": None,
        "credit_code": None,
        "algorithm": None,
        "algorithm_type": None,
        "algorithm_type_label": None,
        "roles": [],
        "filings": [],
        "genai_path": None,
        "genai": False,
        "next_deadline": None,
        "overdue": False,
        "deadlines": [],
        "obligations": {status: 0 for status in STATUSES},
        "progress": None,
        "complete": None,
        "todo": None,
        "as_of": None,
        "error": problems,
    }


def rows(bank: QuestionBank, clients: Iterable[Client], today: dt.date, lang: str = "en") -> Iterator[dict[str, Any]]:
    """A row per client, in the order given; an unreadable one is a row saying why (its `error`), never the end of the run."""
    for client in clients:
        try:
            source = client.read()
        except BadInput as error:
            yield error_row(client.source, client.label, error.lines(lang))
            continue
        if source is not None:
            yield row_for(bank, source, client.source, today, lang)


_LAST_DAY = "9999-12-31"


def in_order(found: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Overdue first, then by the next deadline; the interviews of one service side by side.

    A service is the company's credit code, else its name, else the file (for
    now: one company's algorithms are filed under one credit code). A service
    stands where its most urgent interview would; inside it, most urgent
    first. Unreadable inputs come last, in the order given.
    """
    readable = [r for r in found if r["error"] is None]
    unreadable = [r for r in found if r["error"] is not None]

    def service(row: dict[str, Any]) -> tuple[str, str]:
        if row["credit_code"]:
            return ("code", row["credit_code"])
        if row["company"]:
            return ("name", row["company"])
        return ("file", row["source"])

    def urgency(row: dict[str, Any]) -> tuple[bool, str]:
        return (not row["overdue"], row["next_deadline"]["deadline"] if row["next_deadline"] else _LAST_DAY)

    first: dict[tuple[str, str], tuple[bool, str]] = {}
    for row in readable:
        key = service(row)
        first[key] = min(first.get(key, (True, _LAST_DAY)), urgency(row))
    readable.sort(key=lambda r: (first[service(r)], r["company"] or r["name"], service(r), urgency(r), r["name"], r["source"]))
    return readable + unreadable


# --- Words ----------------------------------------------------------------------------------


def say(key: str, lang: str, **values: Any) -> str:
    return WORDS.say(key, lang, **values)


def role_words(bank: QuestionBank, role: str, lang: str, short: bool = False) -> str:
    """A role's title (the question bank's), or its short form for a terminal's narrow columns."""
    return say(f"short_{role}", lang) if short else bank.readings[f"title.{role}"](lang)


def filings_words(bank: QuestionBank, row: dict[str, Any], lang: str, short: bool = False) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(
        say("open_mark", lang, role=role_words(bank, f["role"], lang, short)) if f["status"] == "open" else role_words(bank, f["role"], lang, short)
        for f in row["filings"]
    )


def roles_words(bank: QuestionBank, row: dict[str, Any], lang: str, short: bool = False) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(role_words(bank, r, lang, short) for r in row["roles"] if r in ROLE_KEYS)


def genai_words(row: dict[str, Any], lang: str) -> str:
    return say(GENAI_WORDS[row["genai_path"]], lang) if row["genai"] else ""


def algorithm_words(row: dict[str, Any]) -> str:
    return row["algorithm"] or row["algorithm_type_label"] or ""


def problem_words(row: dict[str, Any], lang: str) -> str:
    """Why an input cannot be read, in one cell: its first problem, and how many more (each is on stderr)."""
    first, more = row["error"][0], len(row["error"]) - 1
    reason = say("more_problems", lang, reason=first, more=more) if more else first
    return say("unreadable", lang, reason=reason)


def yes_no(value: bool | None, lang: str) -> str:
    return "" if value is None else say("yes" if value else "no", lang)


# --- Renderings -----------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Terminal columns of `text`: Chinese characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _head(rows: list[dict[str, Any]], today: dt.date, lang: str) -> str:
    clients = sum(1 for r in rows if r["error"] is None)
    parts = [say("summary_line", lang, clients=clients, today=today.isoformat())]
    overdue = sum(1 for r in rows if r["overdue"])
    if overdue:
        parts.append(say("overdue_count", lang, count=overdue))
    unreadable = len(rows) - clients
    if unreadable:
        parts.append(say("unreadable_count", lang, count=unreadable))
    return ("；" if lang == "zh" else "; ").join(parts) + ("。" if lang == "zh" else ".")


def _deadline_cell(row: dict[str, Any], lang: str) -> str:
    nxt = row["next_deadline"]
    if not nxt:
        return ""
    return nxt["deadline"] + ((" " if lang != "zh" else "") + say("overdue_mark", lang) if nxt["overdue"] else "")


def _table_cells(bank: QuestionBank, row: dict[str, Any], lang: str, short: bool) -> list[str]:
    """NAME, ALGORITHM, FILINGS, GENAI, NEXT DEADLINE, MET, GAP, OPEN, PROGRESS, ROLES (an unreadable input: its name and why)."""
    if row["error"] is not None:
        return [row["name"], problem_words(row, lang)] + [""] * 8
    counts = row["obligations"]
    return [
        row["name"],
        algorithm_words(row),
        filings_words(bank, row, lang, short),
        genai_words(row, lang),
        _deadline_cell(row, lang),
        str(counts["met"]),
        str(counts["gap"]),
        str(counts["open"]),
        f"{row['progress']}%",
        roles_words(bank, row, lang, short),
    ]


NUMBER_COLUMNS = (5, 6, 7, 8)
"""Met, gaps, open and progress: right-aligned."""
TABLE_HEADINGS = ("col_name", "col_algorithm", "col_filings", "col_genai", "col_next_deadline", "col_met", "col_gap", "col_open", "col_progress", "col_roles")


def text_lines(bank: QuestionBank, rows: list[dict[str, Any]], today: dt.date, lang: str = "en") -> Iterator[str]:
    """One line per client under a header, columns aligned (Chinese counted double width); an overdue client marked `!!`.

    The widths are measured over every row first; each line is then made as it is written.
    """
    yield from (say("title", lang), _head(rows, today, lang), "")
    if not rows:
        yield say("no_clients", lang)
    else:
        headings = [say(h, lang) for h in TABLE_HEADINGS]
        widths = [display_width(h) for h in headings]
        for r in rows:
            if r["error"] is None:  # an unreadable input's reason runs on past the columns: it sets no width
                widths = [max(w, display_width(escaped(c))) for w, c in zip(widths, _table_cells(bank, r, lang, short=True))]

        def line(mark: str, cells: list[str]) -> str:
            padded = [
                " " * (w - display_width(c)) + c if n in NUMBER_COLUMNS else c + " " * (w - display_width(c))
                for n, (c, w) in enumerate(zip(cells, widths))
            ]
            return (mark + " " + "  ".join(padded)).rstrip()

        yield line("  ", headings)
        for r in rows:
            cells = [escaped(c) for c in _table_cells(bank, r, lang, short=True)]
            if r["error"] is not None:
                yield ("   " + cells[0] + " " * (widths[0] - display_width(cells[0])) + "  " + cells[1]).rstrip()
            else:
                yield line("!!" if r["overdue"] else "  ", cells)
    yield from ("", bank.readings["not_legal_advice"](lang))


def as_text(bank: QuestionBank, rows: list[dict[str, Any]], today: dt.date, lang: str = "en") -> str:
    return "".join(line + "\n" for line in text_lines(bank, rows, today, lang))


def _md_cell(text: str) -> str:
    from assistant.files import markdown

    return markdown.text(escaped(text))  # literal text: no raw HTML, link, emphasis or new cell from a name


def markdown_lines(bank: QuestionBank, rows: list[dict[str, Any]], today: dt.date, lang: str = "en") -> Iterator[str]:
    """A Markdown table for a consultant's report: full role titles, an overdue deadline in bold."""
    yield from (f"# {say('title', lang)}", "", _head(rows, today, lang), "")
    if not rows:
        yield from (say("no_clients", lang), "")
    else:
        yield "| " + " | ".join(say(h, lang) for h in TABLE_HEADINGS) + " |"
        yield "|" + "|".join(" ---: " if n in NUMBER_COLUMNS else " --- " for n in range(len(TABLE_HEADINGS))) + "|"
        for r in rows:
            cells = [_md_cell(c) for c in _table_cells(bank, r, lang, short=False)]
            if r["overdue"]:
                cells[4] = f"**{cells[4]}**"
            yield "| " + " | ".join(cells) + " |"
        yield ""
    yield bank.readings["not_legal_advice"](lang)


def as_markdown(bank: QuestionBank, rows: list[dict[str, Any]], today: dt.date, lang: str = "en") -> str:
    return "".join(line + "\n" for line in markdown_lines(bank, rows, today, lang))


CSV_COLUMNS = (
    "col_name", "col_algorithm", "col_algorithm_type", "col_roles", "col_filings", "col_genai", "col_next_deadline",
    "col_next_for", "col_overdue", "col_met", "col_gap", "col_open", "col_progress", "col_complete", "col_todo",
    "col_credit_code", "col_source", "col_error",
)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: Any) -> Any:
    """A text cell a spreadsheet will not run: one starting like a formula (`=HYPERLINK(...)` as a company's name) is
    written after an apostrophe, which Excel and WPS show as text (OWASP's advice on CSV injection)."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS) else cell


def csv_parts(bank: QuestionBank, rows: list[dict[str, Any]], lang: str = "en") -> Iterator[bytes]:
    """CSV in UTF-8 with a byte-order mark, so that Excel and WPS read Chinese; headings and values in `lang`; a row at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def written(cells: list[Any]) -> bytes:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_inert(c) for c in cells])
        return buffer.getvalue().encode("utf-8")

    yield b"\xef\xbb\xbf" + written([say(c, lang) for c in CSV_COLUMNS])
    for r in rows:
        nxt = r["next_deadline"]
        yield written(
            [
                r["name"],
                r["algorithm"] or "",
                r["algorithm_type_label"] or "",
                roles_words(bank, r, lang),
                filings_words(bank, r, lang),
                genai_words(r, lang),
                nxt["deadline"] if nxt else "",
                nxt["title"] if nxt else "",
                yes_no(r["overdue"], lang) if r["error"] is None else "",
                *(("", "", "") if r["error"] is not None else (r["obligations"][s] for s in STATUSES)),
                "" if r["progress"] is None else r["progress"],
                yes_no(r["complete"], lang),
                "" if r["todo"] is None else r["todo"],
                r["credit_code"] or "",
                r["source"],
                "; ".join(r["error"]) if r["error"] is not None else "",
            ]
        )


JSON_KEYS = (
    "name", "source", "kind", "company", "credit_code", "algorithm", "algorithm_type", "roles", "filings",
    "genai_path", "next_deadline", "overdue", "deadlines", "obligations", "progress", "complete", "todo", "as_of", "error",
)


def json_parts(rows: list[dict[str, Any]]) -> Iterator[str]:
    """An array with one object per row, a row at a time; ids and keys stay English in every language."""
    if not rows:
        yield "[]\n"
        return
    for n, r in enumerate(rows):
        text = json.dumps({k: r[k] for k in JSON_KEYS}, ensure_ascii=False, indent=2)
        yield ("[\n" if n == 0 else ",\n") + "\n".join("  " + line for line in text.split("\n"))
    yield "\n]\n"


def as_json(rows: list[dict[str, Any]]) -> str:
    return "".join(json_parts(rows))


def ics_parts(bank: QuestionBank, rows: list[dict[str, Any]], lang: str = "en", now: dt.datetime | None = None) -> Iterator[bytes]:
    """An iCalendar file: one all-day event per deadline of every client, named by client and obligation; an event at a time.

    Each event's UID is made from the input and the obligation, so importing
    a newer calendar updates an event instead of doubling it.
    """
    import icalendar  # ~35 ms; only the calendar needs it

    from assistant.files.summary import now_in_china

    stamp = now or now_in_china()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//filing-assistant//portfolio//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", say("calendar_name", lang))
    opening, _, closing = calendar.to_ical().rpartition(b"END:VCALENDAR")
    yield opening
    for r in rows:
        for d in r["deadlines"]:
            day = dt.date.fromisoformat(d["deadline"])
            event = icalendar.Event()
            uid = hashlib.sha256(f"{r['source']}\0{d['id']}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
            event.add("uid", f"{uid}@filing-assistant")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("summary", say("event_overdue" if d["overdue"] else "event_summary", lang, name=r["name"], title=d["title"]))
            about = say(
                "event_description",
                lang,
                name=r["name"],
                algorithm=algorithm_words(r) or "-",
                title=d["title"],
                id=d["id"],
                date=d["deadline"],
            )
            event.add("description", about + " " + bank.readings["not_legal_advice"](lang))
            event.add("categories", [d["id"]])
            if d["overdue"]:
                event.add("priority", 1)
            yield event.to_ical()
    yield b"END:VCALENDAR" + closing


def render_parts(bank: QuestionBank, rows: list[dict[str, Any]], fmt: str, today: dt.date, lang: str = "en") -> Iterator[bytes]:
    """The sorted rows in `fmt`, as bytes to print or write a piece at a time: no whole report is held in memory."""
    if fmt == "csv":
        yield from csv_parts(bank, rows, lang)
    elif fmt == "ics":
        yield from ics_parts(bank, rows, lang)
    elif fmt == "json":
        yield from (part.encode("utf-8") for part in json_parts(rows))
    else:
        lines = markdown_lines(bank, rows, today, lang) if fmt == "md" else text_lines(bank, rows, today, lang)
        yield from ((line + "\n").encode("utf-8") for line in lines)


def render(bank: QuestionBank, rows: list[dict[str, Any]], fmt: str, today: dt.date, lang: str = "en") -> bytes:
    """The sorted rows in `fmt`, whole (CSV with its byte-order mark)."""
    return b"".join(render_parts(bank, rows, fmt, today, lang))
