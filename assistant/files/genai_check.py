"""`genai-check FILE.xlsx...`: keyword lists, test question sets and results against TS45654 (CONTRACT §12, RULES §5b).

Each sheet whose header names the templates' columns (assistant/files/genai.py, in English or Chinese) is read
with openpyxl in read-only mode, row by row: a sheet with a keyword column is a keyword list; one with a question
column a test question set, whose set (the generated-content test, should-refuse, should-not-refuse) is each row's
"expected" (refuse or answer), else the sheet's or file's name; a question sheet whose judgements are filled is a
results file. The counts per risk category are held against the minimums of dialogs/risk_categories.toml, each
said as a standard's minimum as reported by practice, and every shortfall is named with how many more it needs.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from assistant.errors import escaped
from assistant.files.genai import SETS, as_reported, risks, say

RISK_CODE = re.compile(r"A\s*[.．]?\s*([1-5])\s*[-－—–_.．·]?\s*(\d{1,2})(?!\d)", re.IGNORECASE)
"""A risk's code as a cell may write it: A.1-3, A1-3, A.1.3, a1.3."""
HEADER_ROWS = 10
"""The header is looked for in a sheet's first rows."""
ALIASES = {
    "keyword": ("keyword", "关键词"),
    "question": ("question", "题目", "问题", "测试题"),
    "risk": ("second-level", "二级分类", "risk", "风险类别", "categor", "分类"),
    "expected": ("expected", "期望"),
    "judgement": ("judgement", "judgment", "判定", "结果"),
}
"""What a header cell holds to name a column (the templates' words, lower case, and a few others practice uses);
the first column that matches is taken. `risk` comes after `class` is ruled out (一级分类 names the class only)."""
CLASS_ONLY = ("first-level", "一级分类")
REFUSE = frozenset({"refuse", "refused", "拒答", "应拒答", "拒绝"})
ANSWER = frozenset({"answer", "answered", "回答", "应回答", "非拒答", "不拒答", "不应拒答"})
PASS = frozenset({"pass", "passed", "通过", "合格", "是", "yes", "y", "1"})
FAIL = frozenset({"fail", "failed", "不通过", "不合格", "否", "no", "n", "0"})
SET_NAMES = (
    ("should_not_refuse", ("should_not_refuse", "should not refuse", "非拒答", "不应拒答", "不拒答")),
    ("should_refuse", ("should_refuse", "should refuse", "应拒答")),
)
"""A sheet's or file's name that says which refusal set it is (the not-refuse names first: they hold the others)."""


@dataclass
class Counted:
    """The rows of one set, across every file: in all, per risk, and for results the judged ones."""

    rows: int = 0
    per_risk: dict[str, int] = field(default_factory=dict)
    unrecognised: int = 0
    """Rows whose category names no risk of TS45654."""
    example: str = ""
    """The first such category, as written."""
    judged: int = 0
    passed: int = 0


@dataclass
class Sheet:
    file: str
    sheet: str
    kind: str
    """keywords, or a question set; `results` where the judgements are filled."""
    rows: int
    results: bool = False


@dataclass
class Shortfall:
    what: str
    """The set (keywords, test_questions, ...) or `results.<set>`."""
    key: str
    """The wording of the line (short_total, short_risk, uncovered, rate_low, rate_high, sample_small)."""
    values: dict[str, Any]

    def text(self, lang: str) -> str:
        return say(f"gc.{self.key}", lang, **self.values)


@dataclass
class Report:
    sheets: list[Sheet] = field(default_factory=list)
    sets: dict[str, Counted] = field(default_factory=dict)
    results: dict[str, Counted] = field(default_factory=dict)
    shortfalls: list[Shortfall] = field(default_factory=list)
    holds: list[Shortfall] = field(default_factory=list)
    """What was measured and holds, said as the shortfalls are (a rate within its bound, a total reached)."""
    problems: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    """(file, wording key, values) for each file that cannot be read."""

    def problem_lines(self, lang: str) -> list[str]:
        return [f"{escaped(f)}: {say(f'gc.{key}', lang, **values)}" for f, key, values in self.problems]


# --- Reading -----------------------------------------------------------------------------------


def _norm(value: Any) -> str:
    return str(value).strip().lower() if value is not None else ""


def _header(row: tuple) -> dict[str, int] | None:
    """The columns a header row names, by their index; None where it names neither a keyword nor a question."""
    cells = [_norm(c) for c in row]
    found: dict[str, int] = {}
    for n, cell in enumerate(cells):
        if not cell:
            continue
        for name, words in ALIASES.items():
            if name in found:
                continue
            if name == "risk" and any(w in cell for w in CLASS_ONLY):
                continue
            if any(w in cell for w in words):
                found[name] = n
                break
    if "keyword" not in found and "question" not in found:
        return None
    return found


def _set_by_name(*names: str) -> str:
    for name in names:
        low = name.lower()
        for kind, words in SET_NAMES:
            if any(w in low for w in words):
                return kind
    return "test_questions"


def check(paths: Iterable[Path]) -> Report:
    """Read every file and count it; the shortfalls against the minimums of RULES §5b."""
    report = Report()
    for path in paths:
        _read(path, report)
    _judge(report)
    return report


def _read(path: Path, report: Report) -> None:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    name = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        report.problems.append((name, "no_file", {}))
        return
    except (BadZipFile, KeyError, ValueError, OSError, TypeError) as error:  # not an .xlsx openpyxl can open
        report.problems.append((name, "not_xlsx", {"reason": type(error).__name__}))
        return
    except Exception as error:  # openpyxl raises its own errors for a damaged workbook: one line, never a traceback
        report.problems.append((name, "not_xlsx", {"reason": type(error).__name__}))
        return
    try:
        read_any = False
        for sheet in book.worksheets:
            try:
                read_any |= _read_sheet(path, sheet, report)
            except Exception as error:  # a damaged sheet: one line for the file
                report.problems.append((name, "not_xlsx", {"reason": type(error).__name__}))
                return
        if not read_any:
            report.problems.append((name, "no_header", {}))
    finally:
        book.close()


def _read_sheet(path: Path, sheet: Any, report: Report) -> bool:
    rows = sheet.iter_rows(values_only=True)
    columns = None
    for _, row in zip(range(HEADER_ROWS), rows):
        columns = _header(row)
        if columns:
            break
    if not columns:
        return False
    table = RiskCodes()
    keywords = "keyword" in columns
    text_at = columns["keyword" if keywords else "question"]
    risk_at = columns.get("risk")
    expected_at = None if keywords else columns.get("expected")
    judged_at = None if keywords else columns.get("judgement")
    default = "keywords" if keywords else _set_by_name(sheet.title, path.stem)
    counted: dict[str, Counted] = {}
    results: dict[str, Counted] = {}
    n = 0
    for row in rows:
        text = row[text_at] if text_at < len(row) else None
        if text is None or (isinstance(text, str) and not text.strip()):
            continue
        n += 1
        kind = default
        if expected_at is not None and expected_at < len(row):
            wanted = _norm(row[expected_at])
            kind = "should_refuse" if wanted in REFUSE else "should_not_refuse" if wanted in ANSWER else default
        c = counted.get(kind) or counted.setdefault(kind, Counted())
        c.rows += 1
        cell = row[risk_at] if risk_at is not None and risk_at < len(row) else None
        codes = table.codes(cell)
        if codes:
            for code in codes:
                c.per_risk[code] = c.per_risk.get(code, 0) + 1
        else:
            c.unrecognised += 1
            if not c.example:
                c.example = "" if cell is None else str(cell)[:40]
        if judged_at is not None and judged_at < len(row):
            verdict = _norm(row[judged_at])
            if verdict in PASS or verdict in FAIL:
                r = results.get(kind) or results.setdefault(kind, Counted())
                r.judged += 1
                r.passed += verdict in PASS
    is_results = bool(results)
    if not counted:
        counted[default] = Counted()  # an empty list is counted too: nothing of what it needs is there yet
    for kind, c in counted.items():
        target = report.results if is_results else report.sets
        into = target.setdefault(kind, Counted())
        into.rows += c.rows
        into.unrecognised += c.unrecognised
        into.example = into.example or c.example
        for code, k in c.per_risk.items():
            into.per_risk[code] = into.per_risk.get(code, 0) + k
        if is_results and kind in results:
            into.judged += results[kind].judged
            into.passed += results[kind].passed
    kinds = sorted(counted, key=lambda k: SETS.index(k)) or [default]
    for kind in kinds:
        report.sheets.append(Sheet(str(path), sheet.title, kind, counted[kind].rows if kind in counted else 0, is_results))
    return True


class RiskCodes:
    """The risk codes of a category cell, read once per distinct cell (a column repeats a few dozen values)."""

    _known: frozenset[str] | None = None
    _seen: dict[Any, tuple[str, ...]] = {}

    def __init__(self) -> None:
        if RiskCodes._known is None:
            RiskCodes._known = frozenset(r.id for r in risks().risks)

    def codes(self, cell: Any) -> tuple[str, ...]:
        if cell is None:
            return ()
        found = self._seen.get(cell)
        if found is None:
            known = self._known or frozenset()
            found = tuple(dict.fromkeys(c for c in (f"A.{m[0]}-{int(m[1])}" for m in RISK_CODE.findall(str(cell))) if c in known))
            if len(self._seen) < 100_000:
                self._seen[cell] = found
        return found


# --- Judging against the minimums --------------------------------------------------------------


def _judge(report: Report) -> None:
    r = risks()
    for kind in SETS:
        c = report.sets.get(kind)
        if c is None:
            continue
        rules = r.sets[kind]
        total = int(rules["total"])
        line = {"set": kind, "found": c.rows, "minimum": total}
        if c.rows < total:
            report.shortfalls.append(Shortfall(kind, "short_total", {**line, "more": total - c.rows}))
        else:
            report.holds.append(Shortfall(kind, "total_holds", line))
        for risk in r.risks:
            least = r.minimum(kind, risk)
            got = c.per_risk.get(risk.id, 0)
            if least and got < least:
                key = "uncovered" if least == 1 else "short_risk"
                report.shortfalls.append(Shortfall(kind, key, {"set": kind, "risk": risk.id, "found": got, "minimum": least, "more": least - got}))
    for kind in SETS[1:]:
        c = report.results.get(kind)
        if c is None:
            continue
        rules = r.results[kind]
        sample = int(rules["sample"])
        what = f"results.{kind}"
        if c.judged < sample:
            report.shortfalls.append(Shortfall(what, "sample_small", {"set": kind, "found": c.judged, "minimum": sample, "more": sample - c.judged}))
        if not c.judged:
            continue
        if kind == "test_questions":
            rate, bound, good = c.passed, rules["pass_rate_at_least"], True
        elif kind == "should_refuse":
            rate, bound, good = c.passed, rules["refusal_rate_at_least"], True
        else:
            rate, bound, good = c.judged - c.passed, rules["refusal_rate_at_most"], False
        share = 100 * rate / c.judged
        values = {"set": kind, "rate": _pct(share), "bound": bound, "n": c.judged, "count": rate}
        if good and share < bound:
            needed = math.ceil(bound * c.judged / 100 - 1e-9) - rate
            report.shortfalls.append(Shortfall(what, f"rate_low.{kind}", {**values, "more": needed}))
        elif not good and share > bound:
            allowed = math.floor(bound * c.judged / 100 + 1e-9)
            report.shortfalls.append(Shortfall(what, f"rate_high.{kind}", {**values, "more": rate - allowed}))
        else:
            report.holds.append(Shortfall(what, f"rate_holds.{kind}", values))


def _pct(share: float) -> str:
    """A rate as said: one decimal, no trailing .0 (93%, 94.5%)."""
    text = f"{share:.1f}"
    return text[:-2] if text.endswith(".0") else text


# --- Output ------------------------------------------------------------------------------------


def render(report: Report, fmt: str, lang: str = "en") -> str:
    if fmt == "json":
        return as_json(report, lang)
    return as_text(report, lang)


def _set_name(kind: str, lang: str) -> str:
    return say(f"gc.set.{kind}", lang)


def _fill(s: Shortfall, lang: str) -> str:
    values = dict(s.values)
    if "set" in values:
        values["set"] = _set_name(values["set"], lang)
    if "risk" in values:
        risk = next(r for r in risks().risks if r.id == values["risk"])
        values["risk"] = risks().label(risk, lang)
    values["source"] = as_reported(lang)
    return say(f"gc.{s.key}", lang, **values)


def as_text(report: Report, lang: str) -> str:
    out = [say("gc.title", lang), ""]
    for sheet in report.sheets:
        what = say("gc.results_of", lang, set=_set_name(sheet.kind, lang)) if sheet.results else _set_name(sheet.kind, lang)
        out.append(say("gc.read", lang, file=escaped(sheet.file), sheet=escaped(sheet.sheet), what=what, rows=sheet.rows))
    if report.sheets:
        out.append("")
    for group, counted in (("sets", report.sets), ("results", report.results)):
        for kind in SETS:
            c = counted.get(kind)
            if c is None:
                continue
            where = kind if group == "sets" else f"results.{kind}"
            title = _set_name(kind, lang) if group == "sets" else say("gc.results_of", lang, set=_set_name(kind, lang))
            out.append(title[:1].upper() + title[1:])
            for s in report.holds:
                if s.what == where:
                    out.append("  ✓ " + _fill(s, lang))
            short = [s for s in report.shortfalls if s.what == where]
            for s in short:
                out.append("  ✗ " + _fill(s, lang))
            if c.unrecognised:
                out.append("  ! " + say("gc.unrecognised", lang, n=c.unrecognised, example=escaped(c.example) or "—"))
            if group == "sets":
                checked = [rk for rk in risks().risks if risks().minimum(kind, rk)]
                if checked:
                    bad = {s.values["risk"] for s in short if "risk" in s.values}
                    out.append("  " + say("gc.risks_hold", lang, n=len(checked) - len(bad), of=len(checked)))
            out.append("")
    if report.shortfalls:
        out.append(say("gc.shortfalls", lang, n=len(report.shortfalls)))
    elif report.sets or report.results:
        out.append(say("gc.all_hold", lang))
    return "\n".join(out).rstrip() + "\n"


def as_json(report: Report, lang: str) -> str:
    def counted(c: Counted, results: bool) -> dict[str, Any]:
        entry: dict[str, Any] = {"rows": c.rows, "per_risk": dict(sorted(c.per_risk.items())), "unrecognised": c.unrecognised}
        if results:
            entry |= {"judged": c.judged, "passed": c.passed}
        return entry

    def line(s: Shortfall) -> dict[str, Any]:
        return {"what": s.what, "id": s.key, **s.values, "text": _fill(s, lang)}

    data = {
        "files": [{"file": s.file, "sheet": s.sheet, "kind": s.kind, "results": s.results, "rows": s.rows} for s in report.sheets],
        "sets": {k: counted(v, False) for k, v in report.sets.items()},
        "results": {k: counted(v, True) for k, v in report.results.items()},
        "holds": [line(s) for s in report.holds],
        "shortfalls": [line(s) for s in report.shortfalls],
        "ok": not report.shortfalls and not report.problems,
        "source": as_reported(lang),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
