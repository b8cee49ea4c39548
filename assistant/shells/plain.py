"""The plain line-by-line chat over the interview engine (prompt_toolkit at a terminal, plain lines from a pipe).

For screen readers, small or dumb terminals, and scripts. It holds no rules and
no dialog decisions: it prints the view the engine returns, reads a line, and
passes it back as an act (an answer, or a command word).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import replace
import signal
import sys
from typing import Callable, TextIO

from assistant.dialog.interview import Interview, ItemNode, View, Words
from assistant.dialog.session import Session
from assistant.errors import BadInput, for_terminal
from assistant.saved.store import Store

TEXT = Words("plain", "dialog")
"""The plain chat's own words (dialogs/wording/plain.toml), then the engine's."""
COMMANDS = {
    "?": "help", "help": "help", "帮助": "help", "？": "help",
    "back": "back", "返回": "back", "上一题": "back",
    "skip": "skip", "跳过": "skip",
    "unsure": "unsure", "not sure": "unsure", "不确定": "unsure",
    "open": "open", "未完成": "open",
    "change": "change", "修改": "change",
    "review": "review", "回顾": "review",
    "summary": "summary", "摘要": "summary",
    "form": "form", "表单": "form",
    "draft": "draft", "初稿": "draft",
    "check": "check", "检查": "check",
    "genai": "genai", "生成式备案": "genai",
    "remove": "remove", "删除": "remove",
    "quit": "quit", "exit": "quit", "退出": "quit",
}
"""Commands on a line of their own: a word (any case), or its Chinese word."""
SHAPED = {
    "change": re.compile(r"(?:change|修改)\s+(\S+)", re.I),
    "draft": re.compile(r"(?:draft|初稿)\s+(\S+)", re.I),
    "genai": re.compile(r"(?:genai|生成式备案)\s+(\S+)", re.I),
    "remove": re.compile(r"(?:remove|删除)\s+(\S+\s+\d+(?:\s+\S+\s+\d+)?)", re.I),
}
"""Commands with an argument: a line is one only when the whole of it has the command's shape (`remove
products 2`, `draft out/`); "Remove background" is text."""


def command_of(line: str) -> tuple[str, str] | None:
    """The command a line is, with its argument; None when it is an answer."""
    text = line.strip()
    bare = COMMANDS.get(text.lower())
    if bare:
        return bare, ""
    for name, shape in SHAPED.items():
        found = shape.fullmatch(text)
        if found:
            return name, found.group(1)
    return None
HINTS = {"yes_no": "yes_no", "choice": "choose_one", "multi": "choose_many", "date": "date", "text": "text", "number": "number"}


def t(key: str, lang: str, **values) -> str:
    return TEXT.say(key, lang, **values)


class LineReader:
    """Reads one answer line; None at the end of input."""

    echo = False
    strict = False
    """A line it cannot read stops the chat (a pipe: a later line must never answer the wrong question)."""
    line_number = 0

    def read(self, prompt: str, choices: list[str], default: str = "") -> str | None:  # pragma: no cover - interface
        raise NotImplementedError

    def typed(self) -> str:
        """What is typed at the prompt and not yet given (saved as a draft if the terminal closes)."""
        return ""


class PipeReader(LineReader):
    """Plain lines from a pipe or file, echoed so the transcript reads as a conversation."""

    echo = True
    strict = True

    def __init__(self, stream: TextIO):
        self.stream = stream

    def read(self, prompt: str, choices: list[str], default: str = "") -> str | None:
        line = self.stream.readline()
        if line == "":
            return None
        self.line_number += 1
        if self.line_number == 1:
            line = line.removeprefix("\ufeff")  # a byte-order mark some editors and shells put first
        return line.rstrip("\r\n")


class ToolkitReader(LineReader):
    """prompt_toolkit at a terminal: line editing and history. Nothing pops up while typing and no lines are
    kept free under the prompt: a screen reader reads only the question and what is typed."""

    def __init__(self, pt_input=None, pt_output=None):
        from prompt_toolkit import PromptSession  # ~120 ms; only the plain chat at a terminal needs it
        from prompt_toolkit.history import InMemoryHistory

        self.session = PromptSession(
            history=InMemoryHistory(), input=pt_input, output=pt_output, reserve_space_for_menu=0, complete_while_typing=False
        )

    def read(self, prompt: str, choices: list[str], default: str = "") -> str | None:
        self.line_number += 1
        self._reading = True
        try:
            return self.session.prompt(prompt, default=default)
        except EOFError:
            return None
        finally:
            self._reading = False

    _reading = False

    def typed(self) -> str:
        # The line being edited (also in the simpler mode prompt_toolkit uses on a dumb terminal).
        return self.session.default_buffer.text if self._reading else ""


def quoted(name: str) -> str:
    """A name as typed in a shell: bare when it is plain letters and digits (any script), else quoted."""
    return name if all(c.isalnum() or c in "-_." for c in name) else shlex.quote(name)


class Stopped(Exception):
    """A line a pipe gave that cannot be read: the chat stops there."""


class PlainChat:
    """One sitting of the plain chat: print the view, read a line, pass it back as an act, repeat."""

    def __init__(self, session: Session, reader: LineReader, write: Callable[[str], None], err: Callable[[str], None]):
        self.session = session
        self.interview: Interview = session.interview
        self.reader = reader
        self.write = write
        self.err = err
        self._so_far_said = ""
        self._end_said: tuple | None = None
        self.terminal = not reader.echo
        """At a terminal, for a listener: options by their labels, no bullets or underlines; a pipe keeps the ids."""

    @property
    def lang(self) -> str:
        return self.interview.lang

    @property
    def quoted(self) -> str:
        return quoted(self.session.name)

    def run(self) -> int:
        iv = self.interview
        self.write(t("intro", self.lang))
        if self.session.resumed:
            where = iv.where_words() if iv.history or iv.passed else t("nothing_yet", self.lang)
            self.write(t("welcome_back", self.lang, name=self.quoted, progress=iv.view().progress, where=where))
            if iv.unreadable_notice():
                self.write(iv.unreadable_notice() or "")
            if iv.imported_notice():
                self.write(iv.imported_notice() or "")
        else:
            self.write(t("saved_as", self.lang, name=self.quoted))
        self.write(t("commands", self.lang))
        self._so_far_said = iv.so_far()
        view = iv.new_sitting()
        try:
            while True:
                view = self._turn(view)
                if view is None:
                    break
        except Stopped as stop:
            self.err(t("stopped", self.lang, n=self.reader.line_number, reason=str(stop)))
            iv.leave()
            return 2
        iv.leave()
        self.write(t("bye", self.lang, name=self.quoted))
        return 0

    # --- One turn ------------------------------------------------------------------------

    def _turn(self, view: View) -> View | None:
        """Show `view`, read a line, act; the next view, or None when the filer leaves."""
        self._show_outcome(view)
        if view.ask is None:
            return self._at_the_end(view)
        self.write("")
        self.write(self._question_text(view))
        # At a terminal, text typed here in an earlier sitting is back on the line, ready to finish.
        line = self._read([], default=view.ask.draft or "")
        if line is None:
            return None
        return self._act(view, line)

    def _read(self, choices: list[str], default: str = "") -> str | None:
        line = self.reader.read("> ", choices, default)
        if line is not None and self.reader.echo:
            self.write(f"> {line}")
        return line

    def _act(self, view: View, line: str) -> View | None:
        iv = self.interview
        found = command_of(line)
        command, rest = found if found else ("", "")
        if command == "quit":
            return None
        shows = {"help": lambda: self._help(view), "open": self._list_open, "review": self._review,
                 "summary": lambda: self._report("summary"), "form": lambda: self._report("form"),
                 "check": lambda: self._report("check"), "draft": lambda: self._draft(rest),
                 "genai": lambda: self._genai(rest)}
        if command in shows:
            shows[command]()
            return quiet(iv.view())
        if command == "change":
            if not rest:
                self.write(t("change_what", self.lang))
                return quiet(iv.view())
            return self._checked(iv.change(rest))
        if command == "remove":
            return self._checked(iv.remove(rest))
        if command == "back":
            return self._saved(iv.back())
        if command == "skip":
            return self._saved(iv.skip())
        if command == "unsure":
            return self._checked(iv.not_sure())
        if line.strip() == "":
            return None if view.empty_line == "leave" else self._checked(iv.enter())
        # A backslash makes a command word an answer (\back); before anything else it is part of the answer.
        if line.lstrip().startswith("\\") and command_of(line.lstrip()[1:]):
            line = line.lstrip()[1:]
        return self._checked(iv.answer_line(line))

    def _checked(self, view: View) -> View:
        """A refused act stops a pipe (a later line must not answer the wrong question); at a terminal it is asked again."""
        if view.problem and self.reader.strict:
            raise Stopped(view.problem)
        return self._saved(view)

    def _saved(self, view: View) -> View:
        """In a pipe, an answer that could not be saved stops the chat: nothing after it could be saved either."""
        if view.save_problem and self.reader.strict:
            raise Stopped(view.save_problem)
        return view

    def _show_outcome(self, view: View) -> None:
        if view.problem:
            self.write(t("again", self.lang, reason=view.problem))
        if view.save_problem:
            self.write(t("not_saved", self.lang, reason=view.save_problem))
        for line in (view.notice, view.progress_note):
            if line:
                self.write(line)
        so_far = self.interview.so_far()
        if so_far != self._so_far_said:
            self.write(so_far)
            self._so_far_said = so_far

    def _at_the_end(self, view: View) -> View | None:
        self.write("")
        said = (view.answered, view.applies, tuple(o.id for o in view.open))
        if said == self._end_said:
            # After a command that only shows something: the prompt again, not the whole ending.
            self.write(t("open_prompt" if view.open else "done_prompt", self.lang))
        else:
            self._say_the_end(view)
            self._end_said = said
        line = self._read([])
        if line is None:
            return None
        return self._act(view, line)

    def _say_the_end(self, view: View) -> None:
        if view.open:
            self.write(t("finished", self.lang, left=t("left", self.lang, n=len(view.open))))
            for item in view.open:
                self.write(f"  {item.text} ({item.why})" if self.terminal else f"  - {item.text} [{item.id}; {item.why}]")
            self.write(t("open_prompt", self.lang))
        else:
            self.write(t("finished", self.lang, left=t("all_done", self.lang)))
            self.write(self.interview.so_far())
            self.write(t("next_steps", self.lang, name=self.quoted))
            if view.next_algorithm is not None:
                # One filing per algorithm (RULES §4): the next one has an interview of its own.
                self.write(t("next_algorithm", self.lang, n=view.next_algorithm.count, name=self.quoted))
            self.write(t("done_prompt", self.lang))

    # --- Words -----------------------------------------------------------------------------

    def _question_text(self, view: View) -> str:
        ask, lang = view.ask, self.lang
        assert ask is not None
        lines = [f"【{ask.section} · {view.progress}】" if lang == "zh" else f"[{ask.section} · {view.progress}]"]
        if ask.list_title:
            lines.append(" — ".join([ask.list_title, " / ".join(ask.where)]) if ask.where else ask.list_title)
        lines.append(ask.text_alone or ask.text)
        for n, (option_id, label) in enumerate(ask.options, start=1):
            lines.append(f"  {n}. {label}" if self.terminal else f"  {n}. {label} ({option_id})")
        lines.append(self._hint_line(view))
        if ask.current_words is not None and not ask.list_title:
            lines.append(t("current", lang, value=ask.current_words))
        if ask.draft:
            lines.append(t("draft", lang, text=ask.draft))
        return "\n".join(lines)

    def _hint_line(self, view: View) -> str:
        if self.lang == "zh":
            return "（" + "；".join(self._hints(view)) + "）"
        return "(" + "; ".join(self._hints(view)) + ")"

    def _hints(self, view: View) -> list[str]:
        ask, lang = view.ask, self.lang
        assert ask is not None
        key = HINTS.get(ask.kind)
        if key in ("choose_one", "choose_many") and self.terminal:
            key += "_said"
        hints = [t(key, lang)] if key else []
        if ask.max_words:
            hints.append(t("words", lang, n=ask.max_words))
        if ask.allows_not_sure:
            hints.append(t("unsure_ok", lang))
        if ask.default_words:
            hints.append(t("default", lang, label=ask.default_words))
        return hints

    def _help(self, view: View) -> None:
        if view.ask is not None:
            self.write(view.ask.help)
            self.write(self._hint_line(view))
        self.write(t("commands", self.lang))

    def _report(self, what: str) -> None:
        text = self.interview.report(what)
        self.write(for_listener(text) if self.terminal else text)

    def _draft(self, folder: str) -> None:
        """`draft DIR`: the drafts of the documents owed, as .docx in DIR; a folder that will not do is said, and the chat goes on."""
        if not folder:
            folder = f"{self.session.name}-drafts"
            self.write(t("draft_where", self.lang, folder=quoted(folder)))
        try:
            lines = self.interview.write_drafts(folder)
        except BadInput as error:
            lines = error.lines(self.lang)
        for line in lines:
            self.write(line)

    def _genai(self, folder: str) -> None:
        """`genai DIR`: the generative AI filing package (CONTRACT §12) in DIR, in Chinese as the filing; a folder that
        will not do is said, and the chat goes on."""
        from pathlib import Path

        from assistant.errors import BadInput
        from assistant.files import genai

        iv = self.interview
        if not folder:
            folder = f"{self.session.name}-genai"
            self.write(genai.say("genai_where", self.lang, folder=quoted(folder)))
        try:
            package = genai.build(iv.bank, iv.answers, "zh", assessment=iv.assessment)
            if package is None:
                lines = [genai.not_owed(iv.bank, iv.answers, iv.assessment, self.lang)]
            else:
                lines = genai.write(package, Path(folder).expanduser(), self.lang)
        except BadInput as error:
            lines = error.lines(self.lang)
        for line in lines:
            self.write(line)

    def _list_open(self) -> None:
        """The questions left open so far (skipped, not sure, a list unfinished): not those still ahead."""
        left = self.interview.view().left_open
        if not left:
            self.write(t("no_open", self.lang))
            return
        self.write(t("open_list", self.lang))
        for item in left:
            self.write(f"  {item.text} ({item.why})" if self.terminal else f"  - {item.id}: {item.text} [{item.why}]")

    def _review(self) -> None:
        self.write(t("review_head", self.lang))
        section = None
        for row in self.interview.review():
            if row.section != section and row.section:
                section = row.section
                self.write(f"{section}：" if self.lang == "zh" else f"{section}:")
            answer = f" = {row.answer}" if row.answer and not row.items else ""
            state = "" if row.state == "answered" else f" [{t('state_' + row.state, self.lang)}]"
            state += f" ({row.given})" if row.given else ""
            self.write(f"  {row.question_id}: {row.text}{answer}{state}")
            self._items(row.items, "    ")

    def _items(self, items: tuple[ItemNode, ...], indent: str) -> None:
        """A list's items in the review: each named as `remove` and `change` name it, then its fields."""
        for item in items:
            unfinished = "" if item.complete else f" [{t('state_open', self.lang)}]"
            self.write(f"{indent}{item.where}: {item.label}{unfinished}")
            for _, question, answer in item.fields:
                self.write(f"{indent}  {question} = {answer}")
            self._items(item.children, indent + "  ")


def for_listener(text: str) -> str:
    """A report as a screen reader should read it: no underline rules, no bullet characters."""
    lines = [line for line in text.splitlines() if not (line.strip() and set(line.strip()) <= set("-=─━"))]
    return "\n".join(re.sub(r"^(\s*)[•·▪◦*-] ", r"\1", line) for line in lines)


def quiet(view: View) -> View:
    """The view again after a command that only shows something: what the last act said is not said twice."""
    return replace(view, notice=None, progress_note=None, problem=None)


def _save_draft_on_hangup(reader: LineReader, interview: Interview) -> None:
    """If the terminal closes (SIGHUP) or the process is asked to end (SIGTERM), keep what is typed at the prompt."""

    def handler(signum, frame):
        try:
            interview.keep_draft(reader.typed())
        finally:
            raise SystemExit(128 + signum)

    for name in ("SIGHUP", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), handler)


def run_plain(
    name: str | None,
    lang: str | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    pt_input=None,
    pt_output=None,
    store: Store | None = None,
    today=None,
) -> int:
    """The plain chat on `name` (continued if saved, else started); a free name when None."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    store = store or Store()
    if name is None:
        name = store.free_name()

    # Every line reaches the terminal with the control characters of names escaped (an echoed line, the review).
    def write(text: str) -> None:
        stdout.write(for_terminal(text) + "\n")
        stdout.flush()

    def err(text: str) -> None:
        stderr.write(for_terminal(text) + "\n")
        stderr.flush()

    if pt_input is not None or (stdin.isatty() and stdout.isatty()):
        reader: LineReader = ToolkitReader(pt_input, pt_output)
    else:
        reader = PipeReader(stdin)
    with Session(store, name, lang=lang, today=today) as session:
        if isinstance(reader, ToolkitReader) and pt_input is None:
            _save_draft_on_hangup(reader, session.interview)
        return PlainChat(session, reader, write, err).run()
