"""Benchmark: each figure of filing-assistant as a ratio against a baseline timed in the same run.

    .venv/bin/python bench/run.py           # the full run, a few minutes on two cores
    .venv/bin/python bench/run.py --quick   # every row in seconds, once or twice: proves each runs, figures are rough

Figures (ours against its baseline):

- `summary --answers F --format json`, the whole process, against the smallest
  program our stack allows: Python reading F with tomllib and validating it
  into one pydantic model (bench/baseline_summary.py). With and without a
  launch date (a launch date brings in the working-day calendar).
- The TUI from a cold interpreter to its first question on screen, against a
  bare Textual app drawing the same first screen (the same widgets with the
  same words, laid out by our stylesheet), in the same pilot harness
  (bench/tui_start.py).
- The TUI from the key that gives an answer to the next question on screen and
  taking keys, over the first 70 answers of an interview, against a bare
  Textual chat that mounts one Static per answer, in the same pilot harness
  (bench/tui_answer.py); the note says whether it stays flat (answers 1-10
  against 61-70).
- The summary screen from F6 to its last line laid out, F4 there to the
  Chinese summary laid out, and F4 on the form to the form drawn in the other
  language, against a bare Textual app showing the same Markdown and the same
  lines in the same harness (bench/tui_screens.py).
- A whole interview through the engine, saved after every answer, against the
  same number of bare atomic writes of a file of the same size: the I/O floor.
- Answers files summarised in one process through the engine's API: the time
  per file at 100 and 1,000 files against the time per file at 10 (flat is 1x).
- `portfolio` over answers files: the time per file at 1,000 files against
  the time per file at 10, in one process (flat is 1x); the whole process
  over 1,000 files, per file, against a shell loop of `summary` calls
  (timed on a sample of 10 files and scaled per file); and its peak memory
  (the high-water mark of a process of its own) at 10,000 files against 100.
- `draft --answers F --out DIR`, the three .docx drafts, the whole process,
  against `summary --answers F` of the same answers: what writing Word files
  costs on top of reading the interview and assessing it.
- Prompts to a complete record: the lines the plain chat reads, through a
  pipe, until the simplest chatbot (bench/data/simplest-chatbot.answers.toml:
  a public text chatbot on a filed supplier's model, one product, one
  function) is complete. Where the chat offers a default that is the answer,
  the line is empty (the default taken counts as a prompt); a value the other
  answers make certain is stated, not asked. A count against its goal, not a ratio.

Runs alternate ours and baseline so that a busy machine slows both alike.
Every ratio is median(ours) / median(baseline), with the range of the ratios of
the pairs beside it. Nothing here asserts: a figure over its goal is reported.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

DATA = HERE / "data"
WITH_LAUNCH = DATA / "chatbot.answers.toml"
"""Every question answered, launched 2026-09-28: deadlines are computed."""
WITHOUT_LAUNCH = DATA / "photo-restoration.answers.toml"
"""A partial interview without a launch date: no calendar."""
SIMPLEST = DATA / "simplest-chatbot.answers.toml"
"""The simplest chatbot persona: what `prompts` drives the plain chat with, taking every default."""
TODAY = "2026-11-25"


@dataclass
class Figure:
    name: str
    ours: list[float]
    baseline: list[float]
    goal: float
    note: str = ""
    unit: str = "ms"
    """`ms` for times (measured in seconds), or the unit the values are in as measured (`MB`)."""

    @property
    def ratio(self) -> float:
        return statistics.median(self.ours) / statistics.median(self.baseline)

    @property
    def ratios(self) -> list[float]:
        return [o / b for o, b in zip(self.ours, self.baseline)]

    def shown(self, value: float) -> str:
        return f"{value * 1000:.1f}" if self.unit == "ms" else f"{value:.1f} {self.unit}"

    def row(self) -> list[str]:
        ratios = self.ratios
        return [
            self.name,
            self.shown(statistics.median(self.ours)),
            self.shown(statistics.median(self.baseline)),
            f"{self.ratio:.2f}x ({min(ratios):.2f}-{max(ratios):.2f})",
            f"<= {self.goal:g}x",
            "ok" if self.ratio <= self.goal else "over",
        ]


@dataclass
class Count(Figure):
    """A figure that is a count against its goal (prompts), not a time against a baseline."""

    def row(self) -> list[str]:
        count = self.ours[0]
        return [self.name, f"{count:g} {self.unit}", "", "", f"<= {self.goal:g}", "ok" if count <= self.goal else "over"]


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def alternate(ours: Callable[[], float], baseline: Callable[[], float], runs: int) -> tuple[list[float], list[float]]:
    a, b = [], []
    for _ in range(runs):
        a.append(ours())
        b.append(baseline())
    return a, b


def timed_process(argv: list[str], env: dict[str, str]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if result.returncode not in (0, 3):
            raise SystemExit(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.decode()[-2000:]}")
        return elapsed

    return run


def command() -> list[str]:
    """The console script of this interpreter's environment, else `python -m assistant`."""
    script = Path(sys.executable).parent / "filing-assistant"
    return [str(script)] if script.exists() else [sys.executable, "-m", "assistant"]


# --- Figures ------------------------------------------------------------------------------


def summary_process(env: dict[str, str], answers: Path, label: str, runs: int) -> Figure:
    say(f"measuring {label} ...")
    ours = timed_process([*command(), "summary", "--answers", str(answers), "--format", "json"], env)
    baseline = timed_process([sys.executable, str(HERE / "baseline_summary.py"), str(answers)], env)
    ours(), baseline()  # warm: the first run fills the bank and calendar caches and the OS file cache
    return Figure(label, *alternate(ours, baseline, runs), goal=1.3)


def draft_process(env: dict[str, str], scratch: Path, runs: int) -> Figure:
    say("measuring draft of the three .docx ...")
    out = scratch / "drafts"
    ours = timed_process([*command(), "draft", "--answers", str(WITH_LAUNCH), "--out", str(out)], env)
    baseline = timed_process([*command(), "summary", "--answers", str(WITH_LAUNCH)], env)
    ours(), baseline()  # warm, as for summary
    return Figure("draft of the three .docx (vs summary)", *alternate(ours, baseline, runs), goal=2.0)


def check_process(env: dict[str, str], runs: int) -> Figure:
    say("measuring check ...")
    ours = timed_process([*command(), "check", "--answers", str(WITH_LAUNCH), "--format", "json"], env)
    baseline = timed_process([*command(), "summary", "--answers", str(WITH_LAUNCH), "--format", "json"], env)
    ours(), baseline()  # warm, as for summary
    return Figure("check of one interview (vs summary)", *alternate(ours, baseline, runs), goal=1.5)


def genai_check_figure(scratch: Path, runs: int) -> Figure:
    """`genai-check` of a 10,000-row keyword list and a 2,000-row test set in one process, against reading the same
    two files with openpyxl alone (read-only, every row's values): the counting costs at most as much again."""
    from openpyxl import Workbook, load_workbook

    from assistant.files.genai import risks
    from assistant.files.genai_check import check

    say("measuring genai-check ...")
    codes = [r.id for r in risks().risks]
    files = []
    for name, header, rows in (
        ("keywords.xlsx", ["序号", "关键词", "一级分类", "二级分类"], 10_000),
        ("test_questions.xlsx", ["序号", "题目", "一级分类", "二级分类", "期望", "模型回答", "判定"], 2_000),
    ):
        book = Workbook(write_only=True)
        sheet = book.create_sheet(name.split(".")[0])
        sheet.append(header)
        for n in range(rows):
            code = codes[n % (17 if rows == 10_000 else len(codes))]
            sheet.append([n + 1, f"条目{n}", code[:3], code] + ([None, None, None] if len(header) > 4 else []))
        book.save(scratch / name)
        files.append(scratch / name)

    def ours() -> float:
        start = time.perf_counter()
        check(files)
        return time.perf_counter() - start

    def baseline() -> float:
        start = time.perf_counter()
        for path in files:
            book = load_workbook(path, read_only=True, data_only=True)
            for sheet in book.worksheets:
                for _ in sheet.iter_rows(values_only=True):
                    pass
            book.close()
        return time.perf_counter() - start

    ours(), baseline()  # warm: imports and the OS file cache
    return Figure("genai-check of a 10,000-row keyword list and a 2,000-row test set (vs openpyxl alone)",
                  *alternate(ours, baseline, runs), goal=2.0)


def tui_start(env: dict[str, str], scratch: Path, runs: int) -> Figure | None:
    say("measuring the TUI start ...")
    probe = [sys.executable, str(HERE / "tui_start.py")]
    words = scratch / "first-screen-words.json"

    def run(which: str) -> Callable[[], float]:
        def once() -> float:
            argv = [*probe, which] + ([str(words)] if which == "baseline" else [])
            result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
            if result.returncode == 3:
                raise LookupError(result.stderr.strip())
            if result.returncode != 0:
                raise SystemExit(f"tui_start.py {which} failed: {result.stderr[-2000:]}")
            return float(result.stdout.strip()) / 1000

        return once

    try:
        run("ours")()  # also keeps our first screen in the cache: the cover a filer's next new interview opens on
    except LookupError:
        return None
    wrote = subprocess.run([*probe, "words", str(words)], env=env, capture_output=True, text=True, timeout=120)
    if wrote.returncode != 0:
        raise SystemExit(f"tui_start.py words failed: {wrote.stderr[-2000:]}")
    run("baseline")()
    figure = Figure("TUI start to first question", *alternate(run("ours"), run("baseline"), runs), goal=1.3)
    figure.note = "baseline: a bare Textual app drawing the same first screen (same widgets, words and stylesheet)"
    return figure


def tui_answer(env: dict[str, str], runs: int, count: int = 70, warm: bool = True) -> Figure | None:
    say("measuring the TUI from answer to next question ...")
    probe = [sys.executable, str(HERE / "tui_answer.py")]
    per_answer: dict[str, list[list[float]]] = {"ours": [], "baseline": []}

    def run(which: str) -> Callable[[], float]:
        def once() -> float:
            result = subprocess.run([*probe, which, str(count)], env=env, capture_output=True, text=True, timeout=300)
            if result.returncode == 3:
                raise LookupError(result.stderr.strip())
            if result.returncode != 0:
                raise SystemExit(f"tui_answer.py {which} failed: {result.stderr[-2000:]}")
            times = [t / 1000 for t in json.loads(result.stdout)]
            per_answer[which].append(times)
            return statistics.median(times)

        return once

    try:
        if warm:
            run("ours")()
            run("baseline")()
            per_answer.update(ours=[], baseline=[])
        figure = Figure("answer to next question", *alternate(run("ours"), run("baseline"), runs), goal=1.5)
    except LookupError:
        return None

    tenth = max(count // 7, 1)  # answers 1-10 against 61-70 of 70

    def ends(which: str) -> str:
        first = statistics.median(t for times in per_answer[which] for t in times[:tenth]) * 1000
        last = statistics.median(t for times in per_answer[which] for t in times[-tenth:]) * 1000
        return f"{which} {first:.0f} ms at answers 1-{tenth}, {last:.0f} ms at {count - tenth + 1}-{count}"

    figure.note = f"{ends('ours')}; {ends('baseline')}"
    return figure


SCREENS = {
    "summary": ("summary screen open (F6)", "F6 to the summary's last line laid out"),
    "summary-f4": ("F4 on the summary", "F4 to the Chinese summary's last line laid out"),
    "form-f4": ("F4 on the form", "F4 to the form in the other language drawn"),
}
"""The rows bench/tui_screens.py measures: its key -> the row's name and what is timed."""


def tui_screens(env: dict[str, str], scratch: Path, runs: int, answers: Path, warm: bool = True) -> list[Figure] | None:
    say("measuring the summary and form screens ...")
    probe = [sys.executable, str(HERE / "tui_screens.py")]
    folder = scratch / "screens"
    folder.mkdir()
    prepared = subprocess.run([*probe, "prepare", str(folder), str(answers)], env=env, capture_output=True, text=True)
    if prepared.returncode != 0:
        raise SystemExit(f"tui_screens.py prepare failed: {prepared.stderr[-2000:]}")
    measured: dict[str, list[dict[str, float]]] = {"ours": [], "baseline": []}

    def once(which: str) -> None:
        result = subprocess.run([*probe, which, str(folder)], env=env, capture_output=True, text=True, timeout=600)
        if result.returncode == 3:
            raise LookupError(result.stderr.strip())
        if result.returncode != 0:
            raise SystemExit(f"tui_screens.py {which} failed: {result.stderr[-2000:]}")
        measured[which].append({k: v / 1000 for k, v in json.loads(result.stdout).items()})

    try:
        if warm:
            once("ours")
            once("baseline")
            measured.update(ours=[], baseline=[])
        for _ in range(runs):
            once("ours")
            once("baseline")
    except LookupError:
        return None
    figures = []
    for key, (name, timed) in SCREENS.items():
        figure = Figure(name, [m[key] for m in measured["ours"]], [m[key] for m in measured["baseline"]], goal=1.5)
        figure.note = f"{timed}; baseline: a bare Textual app showing the same words"
        figures.append(figure)
    return figures


def answer_for(answers: dict[str, Any], given: dict[str, Any], ask: Any) -> tuple[Any, bool]:
    """What `answers` say to the prompt `ask`, with `given` the interview's answers so far: (value, found).

    "Add another?" is yes while the answers hold more items at that level than were given. Asked together:
    the defaults taken on the way are kept where each is the answer (else each is asked again); a checklist
    chooses the statements answered yes, or asks them one at a time where one is not answered or not sure;
    an optional section is answered now where the answers have any of its questions.
    """
    from assistant.dialog.interview import ANOTHER, CONFIRM, EACH, NONE, items_at, value_at
    from assistant.law.questions import NOT_SURE

    if ask.members:
        wanted = [value_at(answers, key) for key in ask.members]
        if ask.key == CONFIRM:
            return all(w is not None and w == value_at(given, key) for w, key in zip(wanted, ask.members)), True
        if ask.kind == "multi":
            if any(w is None or w is NOT_SURE for w in wanted):
                return [EACH], True
            return [oid for (oid, _), w in zip(ask.options, wanted) if w is True] or [NONE], True
        return any(w is not None for w in wanted), True
    qid, steps = ask.question_id, tuple(ask.steps)
    if not steps:
        return answers.get(qid), qid in answers
    wanted_items = answers.get(qid)
    if not isinstance(wanted_items, list):
        return None, False
    if steps[-1] == ANOTHER:
        have = items_at(given.get(qid) or [], steps[:-1]) or []
        return len(have) < len(items_at(wanted_items, steps[:-1]) or []), True
    items = items_at(wanted_items, steps[:-2])
    if items is None or steps[-2] >= len(items) or steps[-1] not in items[steps[-2]]:
        return None, False
    return items[steps[-2]][steps[-1]], True


def drive_interview(iv: Any, answers: dict[str, Any]) -> None:
    """Answer every prompt of `iv` from `answers` through the engine's acts, item by item inside lists."""
    # As a shell does: render the view an act returns, then act again.
    view = iv.view()
    while view.ask is not None:
        value, found = answer_for(answers, iv.answers, view.ask)
        view = iv.answer(value) if found else iv.skip()


def interview(runs: int) -> Figure:
    say("measuring a whole interview ...")
    from assistant.files.answers import load_answers
    from assistant.law.questions import load_bank
    from assistant.atomic import write_atomic
    from assistant.dialog.session import Session
    from assistant.saved.store import Store

    bank = load_bank()
    answers = load_answers(bank, WITH_LAUNCH)
    writes = 0
    payload = b""

    class Counting(Store):
        def write(self, *args: Any, **kwargs: Any) -> None:
            nonlocal writes
            writes += 1
            super().write(*args, **kwargs)

    def ours() -> float:
        nonlocal writes, payload
        with tempfile.TemporaryDirectory() as folder:
            store = Counting(Path(folder))
            writes = 0
            start = time.perf_counter()
            with Session(store, "bench", create=True, bank=bank) as session:
                drive_interview(session.interview, answers)
                assert session.interview.complete, session.interview.assessment.todo
            elapsed = time.perf_counter() - start
            payload = store.path("bench").read_bytes()
        return elapsed

    def baseline() -> float:
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "state.toml"
            start = time.perf_counter()
            for _ in range(writes):
                write_atomic(target, payload)
            return time.perf_counter() - start

    ours()  # warm, and learn how many writes and how big a file
    figure = Figure("whole interview, saved after every answer", *alternate(ours, baseline, runs), goal=2.0)
    figure.note = f"{writes} saves of ~{len(payload) / 1024:.1f} KB"
    return figure


def chat_lines(answers: dict[str, Any], today: dt.date) -> list[str]:
    """The lines a filer types in the plain chat to give `answers`, an empty line wherever the default offered is the answer."""
    from assistant.dialog.interview import Interview
    from assistant.law.questions import NOT_SURE, load_bank

    iv = Interview(load_bank(), today=today)
    lines: list[str] = []
    view = iv.view()
    while view.ask is not None and len(lines) < 1000:
        ask = view.ask
        value, found = answer_for(answers, iv.answers, ask)
        if not found and ask.field.optional:
            # An optional question (the generative AI filing's own section): the record is complete without it,
            # and the filer skips it here; the skip is a line the chat reads, so it counts.
            lines.append("skip")
            view = iv.skip()
            continue
        if not found:
            raise SystemExit(f"{SIMPLEST.name} does not answer {ask.key}, which the chat asks")
        if ask.default is not None and value == ask.default:
            line = ""
        elif value is NOT_SURE:
            line = "unsure"
        elif isinstance(value, bool):
            line = "y" if value else "n"
        elif isinstance(value, list):
            line = ", ".join(value)
        elif isinstance(value, dt.date):
            line = value.isoformat()
        else:
            line = str(value)
        lines.append(line)
        view = iv.answer_line(line)
        if view.problem:
            raise SystemExit(f"{ask.key}: {line!r} refused: {view.problem}")
    return lines


def prompts(env: dict[str, str]) -> Figure:
    """The lines the plain chat reads until the simplest chatbot's record is complete."""
    say("counting the prompts to a complete record ...")
    from assistant.files.answers import load_answers
    from assistant.law.questions import load_bank

    answers = load_answers(load_bank(), SIMPLEST)
    lines = chat_lines(answers, dt.date.fromisoformat(TODAY))
    name = "prompts-bench"
    chat = subprocess.run(
        [*command(), "chat", "--plain", name], input="".join(f"{line}\n" for line in lines), env=env, capture_output=True, text=True
    )
    if chat.returncode != 0:
        raise SystemExit(f"chat --plain failed ({chat.returncode}): {chat.stderr[-2000:]}")
    out = Path(env["FILING_ASSISTANT_HOME"]).parent / "prompts-bench.record.toml"
    export = subprocess.run([*command(), "export", name, "--out", str(out)], env=env, capture_output=True, text=True)
    if export.returncode != 0:
        raise SystemExit(f"the chat did not complete the record ({export.returncode}): {export.stderr[-2000:]}")
    taken = sum(1 for line in lines if line == "")
    figure = Count("prompts to a complete record, simplest chatbot", [float(len(lines))], [1.0], goal=50, unit="prompts")
    figure.note = f"{len(lines)} lines read, {taken} of them a default taken (an empty line); {SIMPLEST.name}"
    return figure


def answers_files(folder: Path, count: int) -> list[Path]:
    """`count` answers files like WITH_LAUNCH, varied in name, audience, content kinds and launch date."""
    import tomllib

    import tomli_w

    base = tomllib.loads(WITH_LAUNCH.read_text(encoding="utf-8"))
    kinds = [["text"], ["text", "dialogue"], ["image", "face"], ["code"], ["text", "image", "video"]]
    paths = []
    for n in range(count):
        data = copy.deepcopy(base)
        data["subject"]["name"] = f"杭州小智科技有限公司 {n}"
        data["scope"]["audience"] = "public" if n % 3 else "business_customers"
        data["service"]["content_kinds"] = kinds[n % len(kinds)]
        data["algorithm"]["launch_date"] = dt.date(2025, 1, 6) + dt.timedelta(days=37 * (n % 29))
        path = folder / f"answers-{n:04}.toml"
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
        paths.append(path)
    return paths


def many_files(runs: int, quick: bool) -> list[Figure]:
    """Per file at 100 and 1,000 files (quick: 20 and 50) against per file at 10."""
    say("measuring answers files in one process ...")
    from assistant.files.answers import load_answers
    from assistant.law.questions import load_bank
    from assistant.law.rules import assess
    from assistant.files.summary import render

    bank = load_bank()
    today = dt.date.fromisoformat(TODAY)

    def per_file(paths: list[Path]) -> float:
        start = time.perf_counter()
        for path in paths:
            render(bank, assess(bank, load_answers(bank, path), today), "json", "en")
        return (time.perf_counter() - start) / len(paths)

    with tempfile.TemporaryDirectory() as folder:
        sizes = ((20, runs), (50, 1)) if quick else ((100, runs), (1000, 3))
        paths = answers_files(Path(folder), sizes[-1][0])
        per_file(paths[:29])  # warm: every launch year's calendar, the record of each kind
        figures = []
        for count, repeat in sizes:
            ours, base = [], []
            for _ in range(repeat):
                # Ten files repeated ten times each run, so the baseline is not one noisy sample.
                base.append(statistics.median(per_file(paths[:10]) for _ in range(3 if quick else 10)))
                ours.append(per_file(paths[:count]))
            figures.append(Figure(f"per answers file at {count:,} files (vs 10)", ours, base, goal=1.2))
    return figures


def client_files(folder: Path, count: int) -> list[Path]:
    """`count` answers files for a portfolio: answers_files' variants, their company names numbered on past the variants."""
    variants = answers_files(folder, min(count, 58))
    texts = [p.read_text(encoding="utf-8") for p in variants]
    paths = list(variants)
    for n in range(len(variants), count):
        k = n % len(variants)
        text = texts[k].replace(f'杭州小智科技有限公司 {k}"', f'杭州小智科技有限公司 {n}"')
        assert text != texts[k]
        path = folder / f"answers-{n:05}.toml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


PEAK_MEMORY = """
import resource, sys
from assistant.shells.cli import main
code = main(["portfolio", sys.argv[1], "--format", "json", "--out", sys.argv[2]])
try:
    # Linux: this process's own high-water mark. ru_maxrss would keep the parent's size from before exec.
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / (1024 if sys.platform == "darwin" else 1)
print(peak)  # MB
sys.exit(code)
"""
"""A portfolio run in a process of its own, printing its peak resident memory in MB."""


def portfolio_figures(env: dict[str, str], scratch: Path, quick: bool) -> list[Figure]:
    say("measuring portfolio ...")
    import contextlib
    import io
    import shlex

    from assistant.shells.cli import main as cli

    big, sample_size, huge, runs = (20, 2, 100, 1) if quick else (1000, 10, 10_000, 3)
    folder = scratch / "clients"
    folder.mkdir()
    say(f"  writing {huge:,} answers files ...")
    paths = client_files(folder, huge)
    out = scratch / "portfolio.json"

    def in_process(files: list[Path]) -> float:
        with contextlib.redirect_stderr(io.StringIO()):
            start = time.perf_counter()
            code = cli(["portfolio", *map(str, files), "--format", "json", "--out", str(out)])
            elapsed = time.perf_counter() - start
        if code != 0:
            raise SystemExit(f"portfolio failed ({code})")
        return elapsed / len(files)

    in_process(paths[:29])  # warm: every launch year's calendar
    ours, base = [], []
    for _ in range(runs):
        base.append(statistics.median(in_process(paths[:10]) for _ in range(3 if quick else 10)))
        ours.append(in_process(paths[:big]))
    figures = [Figure(f"portfolio per file at {big:,} files (vs 10)", ours, base, goal=1.2)]

    # The shell loop a consultant would otherwise write, timed on a sample and taken per file.
    sample = [str(p) for p in paths[:sample_size]]
    loop = f'for f in "$@"; do {shlex.join(command())} summary --answers "$f" --format json >/dev/null || exit 1; done'
    whole = timed_process([*command(), "portfolio", *map(str, paths[:big]), "--format", "json", "--out", str(out)], env)
    shell = timed_process(["bash", "-c", loop, "loop", *sample], env)
    whole(), shell()  # warm
    figure = Figure(
        "portfolio per file vs a summary loop",
        *alternate(lambda: whole() / big, lambda: shell() / len(sample), runs),
        goal=0.1,
    )
    figure.note = f"portfolio of {big:,} files, one process; the loop of `summary` timed on {len(sample)} of them"
    figures.append(figure)

    def peak(where: Path) -> float:
        result = subprocess.run(
            [sys.executable, "-c", PEAK_MEMORY, str(where), str(out)], env=env, capture_output=True, text=True, cwd=ROOT
        )
        if result.returncode != 0:
            raise SystemExit(f"portfolio of {where} failed: {result.stderr[-2000:]}")
        return float(result.stdout.strip())

    few = 10 if quick else 100
    small = scratch / f"clients-{few}"
    small.mkdir()
    client_files(small, few)
    say(f"  peak memory at {few} and {huge:,} files ...")
    peak(small)  # warm: a first process may build the caches, whose peak is no portfolio's
    memory = Figure(
        f"portfolio memory at {huge:,} files (vs {few})", *alternate(lambda: peak(folder), lambda: peak(small), 1 if quick else 2), goal=2.0, unit="MB"
    )
    figures.append(memory)
    return figures


# --- Output -------------------------------------------------------------------------------


FIGURES = ("prompts", "summary", "tui", "answer", "screens", "interview", "files", "draft", "check", "portfolio", "genai")
HEADER = ["figure", "ours ms", "baseline ms", "ratio median (min-max)", "goal", ""]


def table(figures: list[Figure], tui_missing: bool) -> str:
    rows = [HEADER] + [f.row() for f in figures]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:-1], widths[1:-1])] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths).rstrip())
    if tui_missing:
        lines.append("TUI: not available (assistant.shells.tui missing)")
    notes = [f"  {f.name}: {f.note}" for f in figures if f.note]
    return "\n".join(lines + (["", "notes:"] + notes if notes else [])) + "\n"


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument(
        "--quick",
        action="store_true",
        help="every row in seconds (one or two runs, few answers, files and a short summary): proves it runs, figures are rough",
    )
    options.add_argument(
        "--only", choices=FIGURES, action="append", help="measure only these figures (repeatable); default: all"
    )
    args = options.parse_args(argv)
    only = set(args.only or FIGURES)
    quick = args.quick
    runs = 1 if quick else 25

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="filing-bench-") as scratch:
        env = {
            **os.environ,
            "FILING_ASSISTANT_HOME": str(Path(scratch) / "home"),
            "FILING_ASSISTANT_CACHE": str(Path(scratch) / "cache"),
            "FILING_ASSISTANT_TODAY": TODAY,
            # Bytecode as an installed wheel has it (pip compiles at install):
            # the warm-up run compiles every module, ours and the baseline's,
            # into the scratch folder, so PYTHONDONTWRITEBYTECODE in a developer's
            # shell does not charge our start with compiling our sources.
            "PYTHONPYCACHEPREFIX": str(Path(scratch) / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ.update({k: env[k] for k in ("FILING_ASSISTANT_HOME", "FILING_ASSISTANT_CACHE", "FILING_ASSISTANT_TODAY")})
        figures: list[Figure] = []
        tui_missing = False

        def timed(name: str, measure: Callable[[], Any]) -> Any:
            begun = time.perf_counter()
            got = measure()
            took[name] = took.get(name, 0.0) + time.perf_counter() - begun
            return got

        took: dict[str, float] = {}
        if "prompts" in only:
            figures.append(timed("prompts", lambda: prompts(env)))
        if "summary" in only:
            figures.append(timed("summary", lambda: summary_process(env, WITH_LAUNCH, "summary --answers, launch date", runs)))
            figures.append(timed("summary", lambda: summary_process(env, WITHOUT_LAUNCH, "summary --answers, no launch date", runs)))
        if "tui" in only:
            tui = timed("tui", lambda: tui_start(env, Path(scratch), 1 if quick else 9))
            tui_missing = tui is None
            figures += [tui] if tui else []
        if "answer" in only:
            answer = timed("answer", lambda: tui_answer(env, 1 if quick else 5, 7 if quick else 70, warm=not quick))
            tui_missing = tui_missing or answer is None
            figures += [answer] if answer else []
        if "screens" in only:
            screens = timed("screens", lambda: tui_screens(env, Path(scratch), 1 if quick else 7, WITH_LAUNCH, warm=not quick))
            tui_missing = tui_missing or screens is None
            figures += screens or []
        if "interview" in only:
            figures.append(timed("interview", lambda: interview(2 if quick else 9)))
        if "files" in only:
            figures += timed("files", lambda: many_files(2 if quick else 9, quick))
        if "draft" in only:
            figures.append(timed("draft", lambda: draft_process(env, Path(scratch), runs)))
        if "check" in only:
            figures.append(timed("check", lambda: check_process(env, runs)))
        if "portfolio" in only:
            figures += timed("portfolio", lambda: portfolio_figures(env, Path(scratch), quick))
        if "genai" in only:
            figures.append(timed("genai", lambda: genai_check_figure(Path(scratch), runs)))

    print(f"filing-assistant benchmark, Python {sys.version.split()[0]}, {os.cpu_count()} cores"
          f"{' (quick: rough figures)' if quick else ''}")
    print()
    sys.stdout.write(table(figures, tui_missing=tui_missing))
    print(f"\n{time.perf_counter() - started:.0f} s in all: " + ", ".join(f"{name} {s:.1f} s" for name, s in took.items()) + ".")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
