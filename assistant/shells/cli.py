"""The filing-assistant command line: parse, call the core, print, return the exit code.

Commands that open the TUI or the plain chat import those shells only when
they run: `run`, `summary`, `validate` and `questions` must start quickly
(textual costs ~200 ms to import, prompt_toolkit ~120 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from assistant import __version__
from assistant.errors import AssistantError, BadInput, Incomplete, escaped, for_terminal

LANGS = ("en", "zh")
EXIT_OK, EXIT_BAD_INPUT, EXIT_INCOMPLETE = 0, 2, 3


def today() -> dt.date:
    """Today, or FILING_ASSISTANT_TODAY (YYYY-MM-DD) where a script or test fixes the clock."""
    fixed = os.environ.get("FILING_ASSISTANT_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise BadInput.one("FILING_ASSISTANT_TODAY", f"{fixed!r} is not a date (YYYY-MM-DD)") from None
    from assistant.dialog.terms import today_in_china  # deadlines run on China's calendar, whatever the machine's zone

    return today_in_china()


def _write_out(target: str, data) -> None:
    """Write a command's one output file (`--out`): atomically over a regular file; refused (exit 2) when it is
    a saved interview or a lock (those are the assistant's own), a folder, FIFO or device (write_atomic)."""
    from assistant.atomic import remove_leftovers, write_atomic
    from assistant.saved.store import Store

    if not target:
        raise BadInput.one("--out", "no file name given", "未给出文件名")
    path = Path(target)
    if Store().holds(path):
        raise BadInput.one(
            target,
            "is a file of the saved interviews' own folder (an interview or a lock): not written over; choose another path",
            "是已保存问答文件夹中的文件（问答或锁）：不会被覆盖；请另选路径",
        )
    write_atomic(path, data)
    remove_leftovers(path)  # of an earlier run killed while it wrote here


def _bank():
    from assistant.dialog.terms import load_bank

    return load_bank()


# --- Commands ----------------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    from assistant.files.answers import load_answers
    from assistant.files.record import build_record, record_toml
    from assistant.dialog.terms import assess

    bank = _bank()
    answers = load_answers(bank, Path(args.answers))
    assessment = assess(bank, answers, today())
    if assessment.todo and not args.allow_incomplete:
        raise Incomplete(assessment.todo, hint="Answer them, or pass --allow-incomplete to write a partial record.")
    text = record_toml(build_record(bank, answers, assessment, lang=args.lang))
    if args.out is not None:
        _write_out(args.out, text.encode("utf-8"))
        left = f", {len(assessment.todo)} questions still to answer" if assessment.todo else ""
        print(f"Wrote the filing record to {escaped(args.out)}{left}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _answers_for_summary(args: argparse.Namespace, bank) -> tuple[dict[str, Any], Any, str]:
    """The answers to summarise, the time they are as of, and the language they were given in.

    A record written under older rules leaves its line on that (record.rules_line) in `args.rules_note`."""
    if args.answers and args.target:
        raise BadInput.one(args.command or "summary", "give either --answers FILE or one saved interview or record, not both")
    if args.answers:
        from assistant.files.answers import load_answers

        return load_answers(bank, Path(args.answers)), None, "en"
    if not args.target:
        raise BadInput.one(args.command or "summary", "say which interview: a saved interview NAME, a RECORD.toml, or --answers FILE")
    path = Path(args.target)
    if path.suffix == ".toml" or _exists(path):
        from assistant.files.record import record_lang, validated_record

        from assistant.files.record import rules_line

        data, answers = validated_record(bank, path)
        lang = record_lang(bank, data) or "en"
        args.rules_note = rules_line(bank, data, answers, getattr(args, "lang", None) or lang)
        return answers, data.get("generated_at"), lang
    saved = _saved_source(args.target, bank)
    return saved.answers, saved.as_of, saved.lang


def _exists(path: Path) -> bool:
    """Whether `path` names something; a path the system will not look at (a name over its limit) counts as
    a file, so that its reader says why in one line (exit 2) instead of a traceback."""
    try:
        return path.exists()
    except OSError:
        return True


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _saved_source(name: str, bank):
    """A saved interview's answers as a files.source.Source (reading saved files is the dialog layer's)."""
    from assistant.dialog.session import read_saved
    from assistant.files.source import Source
    from assistant.saved.store import Store

    saved = Store().read(name)
    return Source(read_saved(bank, saved)[0], saved.updated, saved.lang, "saved", name)


def _source(target: str, bank):
    """An answers file, a record or a saved interview, told apart as `portfolio` and `diff` take them."""
    from assistant.files.source import read_file

    path = Path(target)
    if path.suffix == ".toml" or _exists(path) or os.sep in target or (os.altsep and os.altsep in target):
        return read_file(bank, path)
    return _saved_source(target, bank)


def cmd_summary(args: argparse.Namespace) -> int:
    from assistant.files.summary import render
    from assistant.dialog.terms import assess

    bank = _bank()
    answers, as_of, given_in = _answers_for_summary(args, bank)
    # A Chinese interview is summarised in Chinese unless --lang says otherwise.
    lang = args.lang or given_in
    note = getattr(args, "rules_note", None)
    sys.stdout.write(render(bank, assess(bank, answers, today()), args.format, lang, answers=answers, as_of=as_of, rules_note=note))
    return EXIT_OK


def cmd_form(args: argparse.Namespace) -> int:
    from assistant.files.form import filled_forms, render_all
    from assistant.dialog.terms import assess

    bank = _bank()
    answers, as_of, _ = _answers_for_summary(args, bank)
    # The filing system is in Chinese: Chinese unless --lang says otherwise, whatever the interview's language.
    lang = args.lang or "zh"
    forms = filled_forms(bank, answers, lang, assessment=assess(bank, answers, today()), as_of=as_of, filing=args.filing)
    sys.stdout.write(render_all(forms, args.format))
    return EXIT_OK


def cmd_draft(args: argparse.Namespace) -> int:
    from assistant.files.drafts import drafts_folder, not_owed_reason, packages_for, write_drafts
    from assistant.dialog.terms import assess

    bank = _bank()
    answers, as_of, _ = _answers_for_summary(args, bank)
    lang = args.lang or "zh"  # the filing is made in Chinese (CONTRACT §8)
    assessment = assess(bank, answers, today())
    documents = packages_for(bank, answers, lang, assessment=assessment, as_of=as_of, filing=args.filing)
    # A bad --out is refused whether or not anything is owed: the same command line works on the next answers.
    if not args.out:  # Path("") is the current folder
        raise BadInput.one("--out", "no folder given", "未给出文件夹")
    folder = drafts_folder(Path(args.out))
    if not documents:
        print(not_owed_reason(assessment, lang), file=sys.stderr)
        return EXIT_OK
    for line in write_drafts(documents, folder, args.format, lang):
        print(line, file=sys.stderr)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from assistant.files.check import check, render
    from assistant.dialog.terms import assess

    bank = _bank()
    answers, as_of, given_in = _answers_for_summary(args, bank)
    lang = args.lang or given_in
    others = _other_interviews(bank, args.target, answers) if args.target and not args.answers and not Path(args.target).exists() else None
    report = check(bank, answers, lang, assessment=assess(bank, answers, today()), as_of=as_of, others=others, name=args.target)
    sys.stdout.write(render(report, args.format))
    return EXIT_INCOMPLETE if report.blockers else EXIT_OK


def cmd_genai(args: argparse.Namespace) -> int:
    from assistant.files import genai
    from assistant.dialog.terms import assess

    bank = _bank()
    answers, as_of, _ = _answers_for_summary(args, bank)
    lang = args.lang or "zh"  # the filing is made in Chinese, like the drafts
    assessment = assess(bank, answers, today())
    package = genai.build(bank, answers, lang, assessment=assessment, as_of=as_of)
    if not args.out:  # refused whether or not anything is owed, as `draft` refuses it
        raise BadInput.one("--out", "no folder given", "未给出文件夹")
    if package is None:
        from assistant.files.drafts import drafts_folder

        drafts_folder(Path(args.out))
        print(genai.not_owed(bank, answers, assessment, lang), file=sys.stderr)
        return EXIT_OK
    for line in genai.write(package, Path(args.out)):
        print(line, file=sys.stderr)
    return EXIT_INCOMPLETE if package.route is None else EXIT_OK


def cmd_genai_check(args: argparse.Namespace) -> int:
    from assistant.files import genai_check

    report = genai_check.check([Path(f) for f in args.files])
    sys.stdout.write(genai_check.render(report, args.format, args.lang))
    for line in report.problem_lines(args.lang):
        print(line, file=sys.stderr)
    if report.problems:
        return EXIT_BAD_INPUT
    return EXIT_INCOMPLETE if report.shortfalls else EXIT_OK


def _other_interviews(bank, name: str, answers) -> list[str]:
    """The algorithm types the other saved interviews of this service file (check.other_algorithms)."""
    from assistant.dialog.session import overview, service_of, shared_answers
    from assistant.saved.store import Store

    service = service_of(shared_answers(bank, answers))
    glances, _ = overview(Store(), today())
    return [g.algorithm for g in glances if g.service == service and g.saved.name != name and g.algorithm]


PROGRESS_FROM = 20
"""From this many inputs `portfolio` shows a progress bar on stderr (only when stderr is a terminal)."""


def _clients(targets: Sequence[str], bank) -> tuple[int, Any]:
    """How many inputs `portfolio` has, and the inputs, each made and read only when its turn comes: files named,
    the .toml files of folders (only their names are listed ahead), saved interviews."""
    from functools import partial

    from assistant.files.portfolio import Client, folder_files
    from assistant.files.source import read_file

    plan: list[tuple[str, list[tuple[Path, BadInput | None]] | None]] = []
    for target in targets:
        # A folder is read with its subfolders; a loop or an unlistable folder is one problem row (folder_files).
        plan.append((target, list(folder_files(Path(target))) if _is_dir(Path(target)) else None))

    def clients():
        for target, found in plan:
            path = Path(target)
            if found is None:
                yield Client(target, path.name or target, partial(_source, target, bank))
                continue
            for where, problem in found:
                read = partial(_raise, problem) if problem else partial(read_file, bank, where, found_in_folder=True)
                yield Client(str(where), str(where.relative_to(path)) if where != path else target, read)

    return sum(1 if found is None else len(found) for _, found in plan), clients()


def _raise(error: Exception):
    raise error


def _with_progress(items, total: int, label: str):
    """`items`, with prompt_toolkit's progress bar on stderr while they are worked through (many of them, on a terminal)."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        yield from items
        return
    # prompt_toolkit costs ~120 ms to import: only a run long enough to show a bar pays it.
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import create_output
    from prompt_toolkit.shortcuts import ProgressBar

    # An input of its own that never ends: the bar reads no keys (Ctrl-C stays an ordinary interrupt) and does
    # not stop at once as it would on a closed one.
    output = create_output(stdout=sys.stderr)
    # Nor does it ask the terminal where the cursor is: the answer would be left typed at the shell's prompt.
    output.enable_cpr = False
    with create_pipe_input() as keys, ProgressBar(output=output, input=keys) as bar:
        yield from bar(items, label=label, total=total)


def _terminal_safe(parts):
    """UTF-8 text in parts, with every control character a name could carry escaped (for_terminal); line ends
    (`\r\n` of CSV and iCalendar included) and a byte-order mark at the start kept."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    held, first = "", True
    for part in parts:
        text = held + decoder.decode(part)
        held = "\r" if text.endswith("\r") else ""  # its "\n" may come with the next part
        text = text[: len(text) - len(held)]
        bom = "\ufeff" if first and text.startswith("\ufeff") else ""
        first = first and not text
        safe = bom + "\r\n".join(for_terminal(line) for line in text[len(bom) :].split("\r\n"))
        yield safe.encode("utf-8", "surrogateescape")
    if held:
        yield for_terminal(held).encode("utf-8")


def _write_bytes(parts) -> None:
    """Bytes to standard output as they are (a CSV's byte-order mark, an iCalendar file's line ends), part by part."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    for part in parts:
        if buffer is None:  # a text-only stream (redirected in a test)
            sys.stdout.write(part.decode("utf-8"))
        else:
            buffer.write(part)
    if buffer is not None:
        buffer.flush()


def cmd_portfolio(args: argparse.Namespace) -> int:
    from assistant.files import portfolio

    bank = _bank()
    day = today()
    lang = args.lang
    if args.format in portfolio.NEEDS_OUT and not args.out:
        raise BadInput.one("--format", portfolio.say("needs_out", "en", fmt=args.format), portfolio.say("needs_out", "zh", fmt=args.format))
    count, clients = _clients(args.paths, bank)
    # One row per client as it is read (nothing else of it is kept), then sorted: overdue first, one service together.
    every = args.format == "xlsx"  # the workbook's second sheet lists every obligation
    rows = portfolio.in_order(list(portfolio.rows(bank, _with_progress(clients, count, portfolio.say("reading", lang)), day, lang, every)))
    # Written as it is rendered: ten thousand rows never stand in memory as one report.
    data = portfolio.render_parts(bank, rows, args.format, day, lang, None if args.out is not None else portfolio.terminal_width())
    if args.out is not None:
        _write_out(args.out, data)
        readable = sum(1 for r in rows if r["error"] is None)
        print(portfolio.say("wrote", lang, clients=readable, path=escaped(args.out)), file=sys.stderr)
    else:
        # Names reach the terminal escaped (JSON escapes its own control characters).
        _write_bytes(data if args.format == "json" else _terminal_safe(data))
    # Every problem of every unreadable input, one per line, after every row is out (exit 2); an out-of-scope client
    # that answers what it is not asked has its row and its problems.
    unreadable = [r for r in rows if r["error"] is not None or r["problems"]]
    for row in unreadable:
        for line in row["error"] or row["problems"]:
            print(line, file=sys.stderr)
    return EXIT_BAD_INPUT if unreadable else EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from assistant.files.diff import compare, render, say

    bank = _bank()
    day = today()
    changed_on = day
    problems = []
    if args.changed_on is not None:
        from assistant.dialog.terms import AnswerProblem, parse_date

        try:
            changed_on = dt.date.fromisoformat(args.changed_on)
            parse_date(args.changed_on)  # within the dates an answer may be (CONTRACT §2)
        except AnswerProblem as problem:
            problems += BadInput.one("--changed-on", problem.en, problem.zh).problems
        except ValueError:
            value = escaped(repr(args.changed_on), width=40)
            problems += BadInput.one("--changed-on", say("bad_date", "en", value=value), say("bad_date", "zh", value=value)).problems
    sources = []
    for target in (args.old, args.new):
        try:
            sources.append(_source(target, bank))
        except BadInput as error:
            problems += error.problems
    if problems:  # both inputs and the date are looked at first: every problem in one go
        raise BadInput(problems)
    old, new = sources
    # Like `summary`: the language of the newer interview, unless --lang says otherwise.
    lang = args.lang or new.lang
    found = compare(bank, old.answers, new.answers, changed_on, day)
    sys.stdout.write(render(bank, found, args.format, lang, old=args.old, new=args.new))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from assistant.files.record import validated_record

    # Every problem at once (BadInput, exit 2): shape, answers, and everything derived from them again.
    from assistant.files.record import rules_line

    bank = _bank()
    data, answers = validated_record(bank, Path(args.record))
    older = rules_line(bank, data, answers)
    if older:
        print(f"{escaped(args.record)}: {older}", file=sys.stderr)
    left = len(data["todo"])
    if left:
        print(f"{escaped(args.record)}: valid, {left} still to answer (listed in todo).", file=sys.stderr)
    else:
        print(f"{escaped(args.record)}: valid, complete: every question that applies is answered.", file=sys.stderr)
    return EXIT_OK


def cmd_questions(args: argparse.Namespace) -> int:
    from assistant.files.answers import reference

    entries = reference(_bank())
    if args.format == "json":
        # Both languages in every object (CONTRACT §2): --lang changes only the text format.
        sys.stdout.write(json.dumps(entries, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    lang = args.lang
    print(
        "Answers-file reference: each key is a question id (dotted keys or tables); "
        'where "not sure" is allowed it is written "unknown"; a list is an array of tables.\n'
    )
    for e in entries:
        print(f"{e['id']}  ({e['kind']}{', not sure allowed' if e['unsure']['allowed'] else ''})")
        print(f"    {e['question'][lang]}")
        print(f"    asked when: {e['condition']['text'][lang]}")
        _print_answer_lines(e, lang, "    ")
        print(f"    why: {e['help'][lang]}")
        print()
    return EXIT_OK


def _print_answer_lines(entry: dict[str, Any], lang: str, indent: str) -> None:
    """How one question or list field is answered, for the text reference."""
    if entry["options"]:
        print(f"{indent}options: " + ", ".join(o["id"] for o in entry["options"]))
        for option in entry["options"]:
            if "offered_when" in option:
                print(f"{indent}  {option['id']} only when {option['offered_when']['text']['en']}")
    print(f"{indent}written as: {entry['written']}")
    if entry["unsure"]["allowed"]:
        print(f'{indent}not sure: write "{entry["unsure"]["written"]}"')
    if entry["optional"]:
        print(f"{indent}optional: may stay unanswered")
    if "fields" in entry:
        print(f"{indent}fields of each item:")
        _print_fields(entry["fields"], indent + "  ")


def _print_fields(fields: list[dict[str, Any]], indent: str) -> None:
    for f in fields:
        options = ": " + ", ".join(o["id"] for o in f["options"]) if f["options"] else ""
        unsure = ' (not sure: "unknown")' if f["unsure"]["allowed"] else ""
        optional = " (optional)" if f["optional"] else ""
        if "fields" in f:
            print(f"{indent}{f['id']} ({f['kind']}){optional}: {f['written']}, each with these fields:")
            _print_fields(f["fields"], indent + "  ")
        else:
            print(f"{indent}{f['id']} ({f['kind']}){options}{unsure}{optional}")


def cmd_list(args: argparse.Namespace) -> int:
    from assistant.dialog.session import overview
    from assistant.saved.store import Store

    store = Store()
    glances, damaged = overview(store, today())
    rows = [
        {
            "name": g.saved.name,
            "progress": g.progress,
            "roles": g.roles,
            "complete": g.complete,
            "updated": g.saved.updated.isoformat() if g.saved.updated else None,
            "lang": g.saved.lang,
            "set_aside_unreadable": sorted(g.unreadable),
            "algorithm": g.algorithm,
            "service_algorithms": list(g.algorithms),
        }
        for g in glances
    ]
    # One filing per algorithm (RULES §4): which algorithms of each service still lack an interview.
    filed: dict[str, set[str]] = {}
    for g in glances:
        filed.setdefault(g.service, set()).update([g.algorithm] if g.algorithm else [])
    last = {g.service: g for g in glances}  # interviews of one service stand together: said under the last
    lacking = {g.saved.name: [t for t in g.algorithms if t not in filed[g.service]] for g in last.values()}
    for bad in damaged:
        print(f"{escaped(bad.name)}: {escaped(bad.reason)}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if not rows:
        print(f"No saved interviews in {store.folder}. Start one with `filing-assistant new` or `filing-assistant chat --plain`.")
        return EXIT_OK
    table = [("NAME", "PROGRESS", "COMPLETE", "LAST CHANGE", "ALGORITHM", "ROLES")] + [
        (
            r["name"],
            f"{r['progress']}%",
            "yes" if r["complete"] else "no",
            (r["updated"] or "")[:16].replace("T", " "),
            r["algorithm"] or "-",
            ", ".join(r["roles"]) or "-",
        )
        for r in rows
    ]
    widths = [max(_width(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        print("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths)) + "  " + row[-1])
        still = lacking.get(row[0])
        if still and row[0] != "NAME":
            # Said once per service, under its last interview.
            print(
                f"  └ its service also runs {', '.join(t or 'a recommendation algorithm of open type' for t in still)}: "
                f"file each with `filing-assistant new --like {_quoted(row[0])}`"
            )
    return EXIT_OK


def _width(text: str) -> int:
    """Terminal columns of `text`: Chinese characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cmd_export(args: argparse.Namespace) -> int:
    from assistant.dialog.session import read_saved
    from assistant.files.record import build_record, record_toml
    from assistant.dialog.terms import assess
    from assistant.saved.store import Store

    bank = _bank()
    saved = Store().read(args.name)
    answers = read_saved(bank, saved)[0]
    provenance = saved.provenance
    lang = args.lang or saved.lang  # a Chinese interview's record is in Chinese unless --lang says otherwise
    assessment = assess(bank, answers, today())
    if assessment.todo and not args.allow_incomplete:
        raise Incomplete(
            assessment.todo,
            hint=f"Continue it with `filing-assistant chat --plain {_quoted(args.name)}`, "
            "or pass --allow-incomplete to write the record with its open questions in todo.",
        )
    text = record_toml(build_record(bank, answers, assessment, lang=lang, provenance=provenance))
    _write_out(args.out, text.encode("utf-8"))
    from assistant.dialog.interview import words

    left = words("exported_left", lang, n=len(assessment.todo)) if assessment.todo else ""
    print(words("exported", lang, name=repr(args.name), out=escaped(args.out), left=left), file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from assistant.dialog.session import Session
    from assistant.files.answers import load_answers
    from assistant.saved.store import Store

    bank = _bank()
    answers = load_answers(bank, Path(args.file))
    from assistant.dialog.interview import words

    with Session(Store(), args.name, lang=args.lang, create=True, today=today(), bank=bank, seed=answers, seeded_as="imported") as session:
        view = session.interview.view()
    said = words("imported", view.lang, name=repr(args.name), file=escaped(args.file), progress=view.progress, quoted=_quoted(args.name))
    print(said, file=sys.stderr)
    return EXIT_OK


def _quoted(name: str) -> str:
    import shlex

    return shlex.quote(name)


def _need_a_terminal(command: str) -> None:
    """The full-screen assistant needs a terminal; without one, say so instead of hanging."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise BadInput.one(
            command,
            "the full-screen assistant needs a terminal; from a script or pipe use `filing-assistant chat --plain NAME`, "
            "`import`, `run --answers` or `summary`",
            "全屏助手需要在终端中运行；在脚本或管道中请使用 `filing-assistant chat --plain 名称`、`import`、`run --answers` 或 `summary`",
        )


def cmd_chat(args: argparse.Namespace) -> int:
    if not args.plain:
        _need_a_terminal("chat")
        from assistant.shells.tui import run_tui

        return run_tui(start="chat", name=args.name, lang=args.lang, today=today())
    from assistant.shells.plain import run_plain

    return run_plain(args.name, args.lang, today=today())


def cmd_new(args: argparse.Namespace) -> int:
    from assistant.saved.store import Store, check_name

    if args.like is not None:
        return _new_like(args)
    if args.plain:
        raise BadInput.one("new", "--plain goes with --like; a new plain chat is `filing-assistant chat --plain NAME`")
    if args.name is not None:
        check_name(args.name)
        if Store().exists(args.name):
            raise BadInput.one(args.name, "a saved interview of that name already exists; resume it or choose another name")
    _need_a_terminal("new")
    from assistant.shells.tui import run_tui

    return run_tui(start="new", name=args.name, lang=args.lang or "en", today=today())


def _new_like(args: argparse.Namespace) -> int:
    """`new --like NAME`: the interview for the next algorithm of NAME's service (RULES §4), Step 1 and
    the service answers copied, Steps 2 and 3 blank, then continued in the TUI or the plain chat."""
    from assistant.dialog.session import Session, next_algorithm
    from assistant.saved.store import Store, check_name

    store = Store()
    bank = _bank()
    source = store.read(args.like)
    if args.name is not None:
        check_name(args.name)
    if not args.plain:
        _need_a_terminal("new")
    start, kind = next_algorithm(bank, store, args.like, today())
    name = args.name or (f"{args.like}-{kind}" if kind and not store.exists(f"{args.like}-{kind}") else store.free_name(args.like))
    lang = args.lang or source.lang
    with Session(store, name, lang=lang, create=True, today=today(), bank=bank, seed=start, seeded_as="copied"):
        pass
    what = f"the {kind} algorithm" if kind else "its next algorithm"
    print(
        f"Saved {name!r} for {what} of the service of {args.like!r}: the company and service answers are copied, "
        f"the algorithm starts blank, and the products are copied: each function is asked whether it uses this algorithm.",
        file=sys.stderr,
    )
    if args.plain:
        from assistant.shells.plain import run_plain

        return run_plain(name, lang, today=today())
    from assistant.shells.tui import run_tui

    return run_tui(start="chat", name=name, lang=lang, today=today())


def cmd_resume(args: argparse.Namespace) -> int:
    from assistant.saved.store import Store

    # What is saved is looked at first: nothing to resume is bad input, with or without a terminal.
    if args.name is not None:
        Store().read(args.name)
    elif not Store().names():
        raise BadInput.one(
            "resume",
            "no saved interview to resume; start one with `filing-assistant new`",
            "没有可继续的已保存问答；请用 `filing-assistant new` 开始",
        )
    _need_a_terminal("resume")
    from assistant.shells.tui import run_tui

    return run_tui(start="resume", name=args.name, today=today())


def cmd_home(args: argparse.Namespace) -> int:
    _need_a_terminal("filing-assistant")
    from assistant.shells.tui import run_tui

    return run_tui(start="welcome", today=today())


# --- Parser ------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse with exit status 2 and one line on stderr for a command line it cannot read."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog="filing-assistant",
        description=(
            "Find out which CAC algorithm filings your AI service owes, in which role and why, "
            "and prepare the filing record. Not legal advice."
        ),
        epilog="Exit status: 0 done, 2 bad input, 3 interview incomplete. Run a command with --help for more.",
    )
    top.add_argument("--version", action="version", version=f"filing-assistant {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, func: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    def lang(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=LANGS, default="en", help="language of the output (ids and keys stay English)")

    p = command("run", cmd_run, "answer every question from an answers file and write the filing record")
    p.add_argument("--answers", required=True, metavar="FILE", help="TOML answers file (see `filing-assistant questions`)")
    p.add_argument("--out", metavar="RECORD.toml", help="where to write the record (default: standard output)")
    p.add_argument(
        "--allow-incomplete", action="store_true", help="write the record even if questions are left (they are listed in todo)"
    )
    lang(p)

    p = command("summary", cmd_summary, "roles, filings and obligations with reasons, deadlines and what is still missing")
    p.add_argument("target", nargs="?", metavar="NAME | RECORD.toml", help="a saved interview or a filing record")
    p.add_argument("--answers", metavar="FILE", help="summarise an answers file instead")
    p.add_argument("--format", choices=("text", "md", "json"), default="text", help="text for a terminal, md for a report, json for scripts")
    p.add_argument(
        "--lang", choices=LANGS, help="language of the output (default: the interview's or record's, else English; ids stay English)"
    )

    p = command("form", cmd_form, "the filing form as the system asks it, Step 1, 2, 3, every missing field marked")
    p.add_argument("target", nargs="?", metavar="NAME | RECORD.toml", help="a saved interview or a filing record")
    p.add_argument("--answers", metavar="FILE", help="fill the form from an answers file instead")
    p.add_argument("--format", choices=("text", "md"), default="text", help="text to read beside the system, md for a report")
    p.add_argument("--lang", choices=LANGS, help="language of the labels (default: Chinese, as the filing system)")
    p.add_argument("--filing", metavar="ROLE", help="only the form of this filing (a role key, e.g. deep_synthesis_provider)")

    p = command("draft", cmd_draft, "first drafts of the three documents the filing needs, every gap marked")
    p.add_argument("target", nargs="?", metavar="NAME | RECORD.toml", help="a saved interview or a filing record")
    p.add_argument("--answers", metavar="FILE", help="draft from an answers file instead")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write the drafts in (made if missing)")
    p.add_argument("--format", choices=("docx", "md"), default="docx", help="docx for Word and WPS, md for review in text")
    p.add_argument("--lang", choices=LANGS, help="language of the drafts (default: Chinese, as the filing)")
    p.add_argument("--filing", metavar="ROLE", help="only the drafts of this filing (a role key, e.g. deep_synthesis_provider)")

    p = command("check", cmd_check, "before submitting: every reason the filing would be sent back, per filing, with its fix")
    p.add_argument("target", nargs="?", metavar="NAME | RECORD.toml", help="a saved interview or a filing record")
    p.add_argument("--answers", metavar="FILE", help="check an answers file instead")
    p.add_argument("--format", choices=("text", "md", "json"), default="text", help="text for a terminal, md for a report, json for scripts")
    p.add_argument("--lang", choices=LANGS, help="language of the output (default: the interview's or record's, else English)")

    p = command("genai", cmd_genai, "the generative AI filing or registration package: route, form draft, materials, templates")
    p.add_argument("target", nargs="?", metavar="NAME | RECORD.toml", help="a saved interview or a filing record")
    p.add_argument("--answers", metavar="FILE", help="prepare it from an answers file instead")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write the package in (made if missing)")
    p.add_argument("--lang", choices=LANGS, help="language of the package (default: Chinese, as the filing)")

    p = command("genai-check", cmd_genai_check, "count keyword lists, test question sets and results against the TS45654 minimums")
    p.add_argument("files", nargs="+", metavar="FILE.xlsx", help="a keyword list, test question set or results file")
    p.add_argument("--format", choices=("text", "json"), default="text")
    lang(p)

    p = command("new", cmd_new, "start a new interview in the full-screen assistant")
    p.add_argument("--name", help="save it under this name (default: interview-1, interview-2, ...)")
    p.add_argument("--lang", choices=LANGS, default=None, help="language of the interview (default: en, or that of --like)")
    p.add_argument(
        "--like",
        metavar="NAME",
        help="the interview for the next algorithm of NAME's service: its company and service answers copied, "
        "algorithm.type set to the next algorithm still to file",
    )
    p.add_argument("--plain", action="store_true", help="with --like: continue in the plain chat instead of the full screen")

    p = command("resume", cmd_resume, "reopen a saved interview where it stopped (default: the latest)")
    p.add_argument("name", nargs="?", metavar="NAME")

    p = command(
        "chat", cmd_chat, "the interview as a plain line-by-line conversation (screen readers, small terminals, pipes)"
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="continue NAME if saved, else start it (default: a new name)")
    p.add_argument("--plain", action="store_true", help="one line per question and answer, no full-screen interface")
    p.add_argument("--lang", choices=LANGS, help="language of the interview (default: the saved one, else English)")

    p = command("list", cmd_list, "saved interviews: name, progress, roles so far, last change")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = command("export", cmd_export, "write the filing record of a saved interview")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--out", required=True, metavar="RECORD.toml")
    p.add_argument(
        "--allow-incomplete", action="store_true", help="write it even if questions are left (they are listed in todo)"
    )
    p.add_argument("--lang", choices=LANGS, default=None, help="language of the record's sentences (default: the interview's)")

    p = command("import", cmd_import, "start a saved interview from an answers file (a consultant pre-fills, the client resumes)")
    p.add_argument("file", metavar="FILE", help="TOML answers file (see `filing-assistant questions`)")
    p.add_argument("--name", required=True, help="save it under this name")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the interview")

    p = command("validate", cmd_validate, "check a filing record; every problem is listed with its TOML path")
    p.add_argument("record", metavar="RECORD.toml")

    p = command("portfolio", cmd_portfolio, "many clients in one run: one row each (roles, filings, next deadline, obligations, progress)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="an answers file, a filing record, a saved interview name, or a folder of them")
    p.add_argument("--format", choices=("text", "md", "csv", "json", "ics", "xlsx"), default="text", help="csv opens in Excel and WPS; xlsx is a workbook (needs --out); ics is a calendar of every deadline")
    p.add_argument("--out", metavar="FILE", help="write it to FILE (default: standard output)")
    lang(p)

    p = command("diff", cmd_diff, "what changed between two versions of one algorithm's filing, and what the change owes")
    p.add_argument("old", metavar="OLD", help="a filing record, answers file or saved interview name")
    p.add_argument("new", metavar="NEW", help="the same, after the change")
    p.add_argument("--changed-on", metavar="DATE", help="the day the change takes effect, YYYY-MM-DD (default: today in China)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=LANGS, help="language of the output (default: NEW's, else English; ids stay English)")

    p = command("questions", cmd_questions, "every question id, kind, options and when it is asked (the answers-file reference)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    lang(p)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        args.func = cmd_home
    try:
        return args.func(args)
    except Incomplete as error:
        print(f"The interview is incomplete: {len(error.missing)} questions still to answer:", file=sys.stderr)
        for qid in error.missing:
            print(f"  {qid}", file=sys.stderr)
        print(error.hint, file=sys.stderr)
        return error.exit_code
    except BadInput as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return error.exit_code
    except AssistantError as error:
        print(escaped(str(error)), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`| head`); nothing is lost.
        sys.stderr.close()
        return EXIT_OK
