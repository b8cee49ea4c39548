"""The plain line-by-line chat over the interview engine (prompt_toolkit at a terminal, plain lines from a pipe).

For screen readers, small or dumb terminals, and scripts. It holds no rules and
no dialog decisions: it prints the view the engine returns, reads a line, and
passes it back as an act (an answer, or a command word).
"""

from __future__ import annotations

import shlex
from dataclasses import replace
import signal
import sys
from typing import Callable, TextIO

from assistant.dialog.interview import Interview, View
from assistant.errors import for_terminal
from assistant.law.wording import Words
from assistant.dialog.session import Session
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
    "quit": "quit", "exit": "quit", "退出": "quit",
}
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
    """prompt_toolkit at a terminal: line editing, history, and completion of option ids and commands."""

    def __init__(self, pt_input=None, pt_output=None):
        from prompt_toolkit import PromptSession  # ~120 ms; only the plain chat at a terminal needs it
        from prompt_toolkit.history import InMemoryHistory

        self.session = PromptSession(history=InMemoryHistory(), input=pt_input, output=pt_output)

    def read(self, prompt: str, choices: list[str], default: str = "") -> str | None:
        from prompt_toolkit.completion import WordCompleter

        self.line_number += 1
        self._reading = True
        try:
            return self.session.prompt(prompt, completer=WordCompleter(choices, sentence=True), default=default)
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
        self._so_far_said = self._so_far()
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
        line = self._read(self._choices(view), default=view.ask.draft or "")
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
        text = line.strip()
        word, _, rest = text.partition(" ")
        # `draft DIR` is a command except at a question answered in free text, where a line such as "draft
        # emails for users" is an answer; there a bare `draft` writes to the interview's own folder.
        prefixed = ("change", "修改") + (("draft", "初稿") if not (view.ask and view.ask.kind == "text") else ())
        command = COMMANDS.get(text.lower()) or (COMMANDS.get(word.lower()) if word.lower() in prefixed else None)
        if command == "quit":
            return None
        if command == "help":
            self._help(view)
            return quiet(iv.view())
        if command == "open":
            self._list_open(view)
            return quiet(iv.view())
        if command == "review":
            self._review()
            return quiet(iv.view())
        if command == "summary":
            from assistant.files.summary import render

            self.write(render(iv.bank, iv.assessment, "text", self.lang))
            return quiet(iv.view())
        if command == "form":
            from assistant.files.form import filled_forms, render_all

            # In Chinese, as the filing system asks it, whatever the chat's language (CONTRACT §8).
            self.write(render_all(filled_forms(iv.bank, iv.answers, "zh", assessment=iv.assessment)).rstrip("\n"))
            return quiet(iv.view())
        if command == "draft":
            self._draft(rest.strip())
            return quiet(iv.view())
        if command == "check":
            from assistant.files.check import check, render as render_check

            self.write(render_check(check(iv.bank, iv.answers, self.lang, assessment=iv.assessment)).rstrip("\n"))
            return quiet(iv.view())
        if command == "change":
            if not rest.strip():
                self.write(t("change_what", self.lang))
                return quiet(iv.view())
            return self._checked(iv.change(rest.strip()))
        if command == "back":
            return self._saved(iv.back())
        if command == "skip":
            return self._saved(iv.skip())
        if command == "unsure":
            return self._checked(iv.not_sure())
        if text == "" and view.state == "changing":
            return self._saved(iv.keep())
        if text.startswith("\\"):
            line = line.replace("\\", "", 1)
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
        so_far = self._so_far()
        if so_far != self._so_far_said:
            self.write(so_far)
            self._so_far_said = so_far

    def _at_the_end(self, view: View) -> View | None:
        self.write("")
        if view.open:
            self.write(t("finished", self.lang, left=t("left", self.lang, n=len(view.open))))
            for item in view.open:
                self.write(f"  - {item.text} [{item.id}; {item.why}]")
            self.write(t("open_prompt", self.lang))
        else:
            self.write(t("finished", self.lang, left=t("all_done", self.lang)))
            self.write(self._so_far())
            self.write(t("next_steps", self.lang, name=self.quoted))
            algorithms = len(self.interview.assessment.algorithms)
            if algorithms > 1:
                # One filing per algorithm (RULES §4): the next one has an interview of its own.
                self.write(t("next_algorithm", self.lang, n=algorithms, name=self.quoted))
            self.write(t("done_prompt", self.lang))
        line = self._read(["change", "review", "summary", "form", "draft", "check", "quit"])
        if line is None:
            return None
        if line.strip() == "":
            return self.interview.ask_open() if view.open else None
        return self._act(view, line)

    # --- Words -----------------------------------------------------------------------------

    def _so_far(self) -> str:
        from assistant.files.summary import role_title

        a = self.interview.assessment
        bank = self.interview.bank
        roles = [role_title(bank, key, self.lang) for key, value in a.roles.items() if value]
        filings = [role_title(bank, key, self.lang) for key in a.filings]
        none = t("none", self.lang)
        sep = "、" if self.lang == "zh" else ", "
        return t("so_far", self.lang, roles=sep.join(roles) or none, filings=sep.join(filings) or none)

    def _question_text(self, view: View) -> str:
        ask, lang = view.ask, self.lang
        assert ask is not None
        lines = [f"【{ask.section} · {view.progress}】" if lang == "zh" else f"[{ask.section} · {view.progress}]"]
        if ask.list_title:
            lines.append(f"{ask.list_title} — " + " / ".join(ask.where))
        lines.append(ask.text)
        for n, (option_id, label) in enumerate(ask.options, start=1):
            lines.append(f"  {n}. {label} ({option_id})")
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
        hints = [t(HINTS[ask.kind], lang)] if ask.kind in HINTS else []
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

    def _draft(self, folder: str) -> None:
        """`draft DIR`: the drafts of the documents owed, as .docx in DIR; a folder that will not do is said, and the chat goes on."""
        from pathlib import Path

        from assistant.errors import BadInput
        from assistant.files.drafts import drafts_folder, not_owed_reason, packages_for, write_drafts

        iv = self.interview
        if not folder:
            folder = f"{self.session.name}-drafts"
            self.write(t("draft_where", self.lang, folder=quoted(folder)))
        try:
            documents = packages_for(iv.bank, iv.answers, "zh", assessment=iv.assessment)  # the filing's language
            target = drafts_folder(Path(folder).expanduser())
            lines = write_drafts(documents, target, "docx", self.lang) if documents else [not_owed_reason(iv.assessment, self.lang)]
        except BadInput as error:
            lines = error.lines(self.lang)
        for line in lines:
            self.write(line)

    def _list_open(self, view: View) -> None:
        if not view.open:
            self.write(t("no_open", self.lang))
            return
        self.write(t("open_list", self.lang))
        for item in view.open:
            self.write(f"  - {item.id}: {item.text} [{item.why}]")

    def _review(self) -> None:
        self.write(t("review_head", self.lang))
        section = None
        for row in self.interview.review():
            if row.section != section and row.section:
                section = row.section
                self.write(f"{section}：" if self.lang == "zh" else f"{section}:")
            answer = f" = {row.answer}" if row.answer else ""
            state = "" if row.state == "answered" else f" [{t('state_' + row.state, self.lang)}]"
            state += f" ({row.given})" if row.given else ""
            self.write(f"  {row.question_id}: {row.text}{answer}{state}")

    def _choices(self, view: View) -> list[str]:
        assert view.ask is not None
        words = [option_id for option_id, _ in view.ask.options]
        if view.ask.kind == "yes_no":
            words += ["yes", "no"]
        return words + ["?", "back", "skip", "unsure", "open", "change", "review", "summary", "form", "draft", "check", "quit"]


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
