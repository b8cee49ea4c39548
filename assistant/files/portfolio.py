"""Many clients in one run (CONTRACT §9): one small row per interview, sorted overdue first, as text, Markdown, CSV, JSON,
an Excel workbook or iCalendar.

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
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from assistant.errors import BadInput, escaped
from assistant.files.source import Source
from assistant.files.summary import as_data
from assistant.law.questions import QuestionBank
from assistant.law.rules import ROLE_KEYS, assess
from assistant.law.wording import Words

WORDS = Words("portfolio")
"""The portfolio's headings and sentences (dialogs/wording/portfolio.toml)."""
FORMATS = ("text", "md", "csv", "json", "ics", "xlsx")
NEEDS_OUT = ("xlsx",)
"""Formats that are no text for a terminal: written only with --out."""
OUT_OF_SCOPE = ("internal", "overseas_only")
"""The scope answers under which no filing is owed whatever else is answered (scope.audience)."""
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


def folder_files(folder: Path) -> Iterator[tuple[Path, BadInput | None]]:
    """The .toml files of a folder and of its subfolders, in name order, each with None, or the problem met in its
    place: a subfolder that cannot be listed, an entry that cannot be looked at (a link in a loop), a link back to a
    folder being read. One problem is one input (its own row); every other client is still found. Hidden names
    (a saved interviews folder's `.locks`) are passed over.
    """

    def problem(where: Path, key: str, reason: str = "") -> tuple[Path, BadInput]:
        return where, BadInput.one("", say(key, "en", reason=reason), say(key, "zh", reason=reason), file=str(where))

    def walk(here: Path, seen: frozenset[tuple[int, int]]) -> Iterator[tuple[Path, BadInput | None]]:
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            yield problem(here, "folder_unlisted", error.strerror or str(error))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            where = here / entry.name
            try:
                is_folder = entry.is_dir()
                folder_id = None
                if is_folder:
                    info = entry.stat()
                    folder_id = (info.st_dev, info.st_ino)
            except OSError as error:  # a link in a loop, a link to nothing: this entry alone
                if entry.name.endswith(".toml") or entry.is_symlink():
                    yield problem(where, "entry_unreadable", error.strerror or str(error))
                continue
            if folder_id is not None:
                if folder_id in seen:
                    yield problem(where, "folder_loop")
                else:
                    yield from walk(where, seen | {folder_id})
            elif entry.name.endswith(".toml"):
                yield where, None

    try:
        info = folder.stat()
    except OSError as error:
        yield problem(folder, "folder_unlisted", error.strerror or str(error))
        return
    yield from walk(folder, frozenset({(info.st_dev, info.st_ino)}))


def row_for(
    bank: QuestionBank, source: Source, where: str, today: dt.date, lang: str = "en", every_obligation: bool = False
) -> dict[str, Any]:
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
    # Why no filing is owed, where none is: the first of the assessment's scope readings (internal, overseas only, no role).
    no_filing = a.scope[0] if a.scope and not data["filings"] else None
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
        "no_filing_because": no_filing,
        # Only the workbook shows every obligation: other formats keep a row small (ten thousand clients in memory).
        "every_obligation": [(o["id"], o["status"], o["deadline"], bool(o["overdue"])) for o in data["obligations"]]
        if every_obligation
        else [],
        "problems": [],
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
        "no_filing_because": None,
        "every_obligation": [],
        "problems": [],
        "error": problems,
    }


def out_of_scope_row(bank: QuestionBank, client: Client, error: BadInput, today: dt.date, lang: str, every: bool) -> dict[str, Any] | None:
    """The row of a file refused only because it answers more than an out-of-scope client is asked (an overseas
    client's company name): it names the client and says why no filing is owed, its problems still reported (exit 2).
    None for any other file."""
    from assistant.files.answers import flatten, read_toml

    try:
        if not Path(client.source).is_file():  # a saved interview is never saved with answers that do not apply
            return None
        flat = flatten(bank, read_toml(Path(client.source)), [], client.source)
    except (BadInput, OSError, ValueError, TypeError):
        return None
    audience = flat.get("scope.audience")
    if audience not in OUT_OF_SCOPE:
        return None
    row = row_for(bank, Source({"scope.audience": audience}, None, "en", "answers", client.label), client.source, today, lang, every)
    name, code = flat.get("subject.name"), flat.get("subject.credit_code")
    if isinstance(name, str) and name.strip():
        row["name"] = row["company"] = name.strip()
    row["credit_code"] = code.strip() if isinstance(code, str) and code.strip() else None
    row["problems"] = error.lines(lang)
    return row


def rows(
    bank: QuestionBank, clients: Iterable[Client], today: dt.date, lang: str = "en", every_obligation: bool = False
) -> Iterator[dict[str, Any]]:
    """A row per client, in the order given; an unreadable one is a row saying why (its `error`), never the end of the run.

    `every_obligation`: each row keeps every obligation with its status (the workbook's second sheet)."""
    for client in clients:
        try:
            source = client.read()
        except BadInput as error:
            scoped = out_of_scope_row(bank, client, error, today, lang, every_obligation)
            yield scoped or error_row(client.source, client.label, error.lines(lang))
            continue
        if source is not None:
            yield row_for(bank, source, client.source, today, lang, every_obligation)


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
    """The filings owed, or where none is, why (a client out of scope: internal, overseas only, no role)."""
    if not row["filings"] and row["no_filing_because"]:
        return say("no_filing_" + row["no_filing_because"].replace(".", "_"), lang)
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


DROPPED_FIRST = (9, 3, 7, 5, 8, 6, 1)
"""On a narrow terminal the columns give way in this order: roles, generative AI path, open, met, progress, gaps,
algorithm. Name, filings owed and the next deadline always stay; they are cut short with … (as the full screen's
tables cut a cell) where even they do not fit."""
SHRINK = {0: 24, 1: 18, 2: 28}
"""Columns cut short with … where the line is too wide: name, algorithm, filings owed, first to these widths
(before any column is left out), then narrower where the kept columns still do not fit."""
NARROWEST = 8


def terminal_width() -> int | None:
    """The width text must fit: COLUMNS, else the terminal's; None (no limit) where the output is no terminal."""
    import shutil
    import sys

    if os.environ.get("COLUMNS", "").strip().isdigit() or sys.stdout.isatty():
        return max(shutil.get_terminal_size().columns, 40)
    return None


def clipped(text: str, width: int) -> str:
    """`text` cut to `width` terminal columns, ending with … where it was cut (Chinese counted double)."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        w = display_width(c)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def fitted_columns(widths: list[int], room: int | None) -> tuple[list[int], list[int]]:
    """The columns kept (in order) and their widths, so that a line fits `room` terminal columns."""
    kept = list(range(len(widths)))
    widths = list(widths)

    def total() -> int:
        return 3 + sum(widths[n] for n in kept) + 2 * (len(kept) - 1)

    if room is None:
        return kept, widths
    for n, comfortable in SHRINK.items():
        if total() > room:
            widths[n] = min(widths[n], max(comfortable, widths[n] - (total() - room)))
    for n in DROPPED_FIRST:
        if total() <= room:
            break
        kept.remove(n)
    while total() > room:
        shrinkable = [n for n in SHRINK if n in kept and widths[n] > NARROWEST]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda n: widths[n])
        widths[widest] -= 1
    return kept, widths


def text_lines(bank: QuestionBank, rows: list[dict[str, Any]], today: dt.date, lang: str = "en", width: int | None = None) -> Iterator[str]:
    """One line per client under a header, columns aligned (Chinese counted double width); an overdue client marked `!!`.

    The widths are measured over every row first; each line is then made as it is written. Given a `width` (a
    terminal's), the columns that do not fit are left out (DROPPED_FIRST, said under the table) and long cells cut
    with … .
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
        kept, widths = fitted_columns(widths, width)

        def line(mark: str, cells: list[str]) -> str:
            padded = []
            for n in kept:
                c = clipped(cells[n], widths[n])
                pad = " " * (widths[n] - display_width(c))
                padded.append(pad + c if n in NUMBER_COLUMNS else c + pad)
            return (mark + " " + "  ".join(padded)).rstrip()

        yield line("  ", headings)
        for r in rows:
            cells = [escaped(c) for c in _table_cells(bank, r, lang, short=True)]
            if r["error"] is not None:
                name = clipped(cells[0], widths[0])
                reason = cells[1] if width is None else clipped(cells[1], max(width - 5 - widths[0], NARROWEST))
                yield ("   " + name + " " * (widths[0] - display_width(name)) + "  " + reason).rstrip()
            else:
                yield line("!!" if r["overdue"] else "  ", cells)
        left_out = [headings[n] for n in range(len(headings)) if n not in kept]
        if left_out:
            yield from ("", say("columns_left_out", lang, columns=("、" if lang == "zh" else ", ").join(left_out)))
    yield from ("", bank.readings["not_legal_advice"](lang))


def as_text(bank: QuestionBank, rows: list[dict[str, Any]], today: dt.date, lang: str = "en", width: int | None = None) -> str:
    return "".join(line + "\n" for line in text_lines(bank, rows, today, lang, width))


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
    "col_credit_code", "col_source", "col_as_of", "col_error",
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
                r["as_of"] or "",
                "; ".join(r["error"] or r["problems"]),
            ]
        )


JSON_KEYS = (
    "name", "source", "kind", "company", "credit_code", "algorithm", "algorithm_type", "roles", "filings", "no_filing_because",
    "genai_path", "next_deadline", "overdue", "deadlines", "obligations", "progress", "complete", "todo", "as_of", "problems",
    "error",
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


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Control characters, line and paragraph separators and bidirectional controls: no calendar text carries them."""


def _ics_text(text: str) -> str:
    """A name as a calendar shows it: every control character dropped (icalendar escapes the rest, RFC 5545)."""
    return _CONTROL.sub("", text)


def event_uid(row: dict[str, Any], obligation: str) -> str:
    """The same event on every run however the path is typed: the client (its credit code, else the company's name,
    else the input resolved to its real path), the algorithm (its name, else its type) and the obligation id."""
    who = row["credit_code"] or row["company"] or (row["source"] if row["kind"] == "saved" else os.path.realpath(row["source"]))
    algorithm = row["algorithm"] or row["algorithm_type"] or ""
    key = "\0".join((who, algorithm, obligation))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32] + "@filing-assistant"


_SEQUENCE_FROM = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)


def event_sequence(row: dict[str, Any], now: dt.datetime) -> int:
    """The event's SEQUENCE: minutes from 2020 to the moment the client's answers last changed (a record's
    generated_at, a saved interview's last save, an answers file's modification time).

    A deadline moves only when an answer changes, so a moved date, earlier or later, comes with a larger number
    and a calendar takes the update (RFC 5545 §3.8.7.4); run again on the same answers, the number is the same.
    Where no such moment is known, the time of this run stands in (larger on every run, never smaller).
    """
    moment = None
    if row["kind"] == "answers":
        try:
            moment = dt.datetime.fromtimestamp(os.stat(row["source"]).st_mtime, dt.timezone.utc)
        except (OSError, ValueError, OverflowError):
            moment = None
    elif row["as_of"]:
        moment = dt.datetime.fromisoformat(row["as_of"])
    moment = moment or now
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return max(0, int((moment - _SEQUENCE_FROM).total_seconds() // 60))


REMINDER_DAYS = 5
"""The calendar reminds this many days before a deadline: a week of working days to file a change."""


def ics_parts(bank: QuestionBank, rows: list[dict[str, Any]], lang: str = "en", now: dt.datetime | None = None) -> Iterator[bytes]:
    """An iCalendar file: one all-day event per deadline of every client, named by client and obligation; an event at a time.

    Each event's UID is the client's, the algorithm's and the obligation's (event_uid), not the path's, so
    importing a newer calendar updates an event instead of doubling it; its SEQUENCE grows when its date moves
    (event_sequence); a reminder (VALARM) comes REMINDER_DAYS days before. Names lose their control characters.
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
        name, algorithm = _ics_text(r["name"]), _ics_text(algorithm_words(r) or "-")
        sequence = event_sequence(r, stamp) if r["deadlines"] else 0
        for d in r["deadlines"]:
            day = dt.date.fromisoformat(d["deadline"])
            title = _ics_text(d["title"])
            event = icalendar.Event()
            event.add("uid", event_uid(r, d["id"]))
            event.add("dtstamp", stamp)
            event.add("sequence", sequence)
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("summary", say("event_overdue" if d["overdue"] else "event_summary", lang, name=name, title=title))
            about = say("event_description", lang, name=name, algorithm=algorithm, title=title, id=d["id"], date=d["deadline"])
            event.add("description", about + " " + bank.readings["not_legal_advice"](lang))
            event.add("categories", [d["id"]])
            if d["overdue"]:
                event.add("priority", 1)
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", say("event_reminder", lang, name=name, title=title, date=d["deadline"]))
            alarm.add("trigger", dt.timedelta(days=-REMINDER_DAYS))
            event.add_component(alarm)
            yield event.to_ical()
    yield b"END:VCALENDAR" + closing


def _as_of_moment(row: dict[str, Any]) -> dt.datetime | None:
    """The row's as-of time as a spreadsheet takes it: China time without its offset (Excel holds no time zone)."""
    return dt.datetime.fromisoformat(row["as_of"]).replace(tzinfo=None) if row["as_of"] else None


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def xlsx_bytes(bank: QuestionBank, rows: list[dict[str, Any]], lang: str = "en") -> bytes:
    """An Excel workbook (also read by WPS): a sheet of clients (the CSV's columns) and a sheet of every obligation
    by client. Credit codes and names are text cells (an all-digit code keeps its digits), dates are date cells,
    each sheet has a frozen header row and filters. A name that looks like a formula is a text cell, never run."""
    from openpyxl import Workbook  # only the workbook needs it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    clients = book.create_sheet(say("sheet_clients", lang))
    every = book.create_sheet(say("sheet_obligations", lang))
    text_columns = {"col_credit_code", "col_name", "col_algorithm", "col_source"}

    def cell(sheet: Any, value: Any, column: str = "") -> Any:
        c = WriteOnlyCell(sheet, value=None if value == "" else value)
        if isinstance(value, str) and value:
            c.data_type = "s"  # text as it is: openpyxl would take "=..." for a formula
        if isinstance(value, dt.datetime):
            c.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, dt.date):
            c.number_format = "yyyy-mm-dd"
        elif column in text_columns:
            c.number_format = "@"
        return c

    def header(sheet: Any, columns: tuple[str, ...], count: int) -> None:
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(count, 1) + 1}"
        sheet.append([cell(sheet, say(c, lang)) for c in columns])

    header(clients, XLSX_COLUMNS, len(rows))
    for r in rows:
        nxt = r["next_deadline"]
        readable = r["error"] is None
        values = {
            "col_name": r["name"],
            "col_algorithm": r["algorithm"] or "",
            "col_algorithm_type": r["algorithm_type_label"] or "",
            "col_roles": roles_words(bank, r, lang),
            "col_filings": filings_words(bank, r, lang),
            "col_genai": genai_words(r, lang),
            "col_next_deadline": _day(nxt["deadline"]) if nxt else None,
            "col_next_for": nxt["title"] if nxt else "",
            "col_overdue": yes_no(r["overdue"], lang) if readable else "",
            "col_met": r["obligations"]["met"] if readable else None,
            "col_gap": r["obligations"]["gap"] if readable else None,
            "col_open": r["obligations"]["open"] if readable else None,
            "col_progress": r["progress"],
            "col_complete": yes_no(r["complete"], lang),
            "col_todo": r["todo"],
            "col_credit_code": r["credit_code"] or "",
            "col_source": r["source"],
            "col_as_of": _as_of_moment(r),
            "col_error": "; ".join(r["error"] or r["problems"]),
        }
        clients.append([cell(clients, values[c], c) for c in XLSX_COLUMNS])

    listed = [(r, o) for r in rows for o in r["every_obligation"]]
    header(every, OBLIGATION_COLUMNS, len(listed))
    for r, (oid, status, deadline, overdue) in listed:
        values = {
            "col_name": r["name"],
            "col_credit_code": r["credit_code"] or "",
            "col_algorithm": r["algorithm"] or "",
            "col_obligation": bank.obligations[oid].title(lang),
            "col_obligation_id": oid,
            "col_status": Words("summary").say(f"status_{status}", lang),  # the summary's words for a status
            "col_deadline": _day(deadline),
            "col_overdue": yes_no(overdue, lang) if deadline else "",
            "col_source": r["source"],
        }
        every.append([cell(every, values[c], c) for c in OBLIGATION_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX_COLUMNS = CSV_COLUMNS
"""The workbook's clients sheet: the CSV's columns, typed."""
OBLIGATION_COLUMNS = (
    "col_name", "col_credit_code", "col_algorithm", "col_obligation", "col_obligation_id", "col_status", "col_deadline",
    "col_overdue", "col_source",
)
"""The workbook's second sheet: one line per obligation of every client."""


def render_parts(
    bank: QuestionBank, rows: list[dict[str, Any]], fmt: str, today: dt.date, lang: str = "en", width: int | None = None
) -> Iterator[bytes]:
    """The sorted rows in `fmt`, as bytes to print or write a piece at a time: no whole report is held in memory
    (the workbook, a zip file, is made whole). `width`: the terminal columns the text table fits (None: no limit)."""
    if fmt == "csv":
        yield from csv_parts(bank, rows, lang)
    elif fmt == "ics":
        yield from ics_parts(bank, rows, lang)
    elif fmt == "xlsx":
        yield xlsx_bytes(bank, rows, lang)
    elif fmt == "json":
        yield from (part.encode("utf-8") for part in json_parts(rows))
    else:
        lines = markdown_lines(bank, rows, today, lang) if fmt == "md" else text_lines(bank, rows, today, lang, width)
        yield from ((line + "\n").encode("utf-8") for line in lines)


def render(bank: QuestionBank, rows: list[dict[str, Any]], fmt: str, today: dt.date, lang: str = "en") -> bytes:
    """The sorted rows in `fmt`, whole (CSV with its byte-order mark)."""
    return b"".join(render_parts(bank, rows, fmt, today, lang))
