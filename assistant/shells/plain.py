"""The plain line-by-line chat over the interview engine (prompt_toolkit at a terminal, plain lines from a pipe).

For screen readers, small or dumb terminals, and scripts. It holds no rules and
no question logic: it prints what the engine asks and hands each line back.
"""

from __future__ import annotations

import sys
from typing import Callable, TextIO

from assistant.dialog.interview import WORDS, Interview, Prompt, describe_value
from assistant.law.questions import AnswerProblem
from assistant.saved.store import Session, Store

TEXT = {
    **WORDS,
    "intro": (
        "filing-assistant: a few plain questions about your AI service tell which CAC algorithm filings you owe, "
        "in which role, and why. Every answer is saved as you go; this is not legal advice.",
        "备案助手：通过几个简单的问题，判断你们的AI服务需要办理哪些网信办算法备案、以什么身份以及原因。每个回答都会即时保存；本工具不构成法律意见。",
    ),
    "commands": (
        "Type your answer, or: ? (why we ask), back, skip, unsure, summary, quit.",
        "请输入回答，或输入：?（为什么问）、back（上一题）、skip（跳过）、unsure（不确定）、summary（摘要）、quit（退出）。",
    ),
    "saved_as": ("Saving as {name!r}.", "保存为 {name!r}。"),
    "yes_no": ("y = yes, n = no", "是 = y，否 = n"),
    "unsure_ok": ("unsure = not sure", "unsure = 不确定"),
    "choose_one": ("type a number or an option id", "请输入编号或选项代码"),
    "choose_many": ("numbers or ids, separated by commas", "多个编号或代码，用逗号分隔"),
    "date": ("a date as YYYY-MM-DD, e.g. 2027-03-01", "日期，格式 YYYY-MM-DD，例如 2027-03-01"),
    "text": ("type the text on one line", "请在一行内输入"),
    "words": ("at most {n} words; each Chinese character counts as one", "不超过 {n} 字，每个汉字计为一字"),
    "number": ("a number", "一个数字"),
    "current": ("current answer: {value}", "当前回答：{value}"),
    "again": ("Sorry, I could not use that: {reason}. Please answer again.", "抱歉，无法使用该回答：{reason}。请重新回答。"),
    "so_far": ("So far, roles: {roles}; filings owed: {filings}.", "目前判断的角色：{roles}；需要办理的备案：{filings}。"),
    "finished": (
        "That was the last question that applies. {left}",
        "适用的问题已全部问完。{left}",
    ),
    "left": ("{n} questions are still open (skipped or not sure).", "还有 {n} 个问题未完成（已跳过或不确定）。"),
    "all_done": ("Everything is answered.", "全部问题均已回答。"),
    "next_steps": (
        "See the full summary with `filing-assistant summary {name}` and write the record with "
        "`filing-assistant export {name} --out record.toml`.",
        "查看完整摘要：`filing-assistant summary {name}`；导出备案记录：`filing-assistant export {name} --out record.toml`。",
    ),
    "bye": (
        "Saved. Continue any time with `filing-assistant chat --plain {name}`.",
        "已保存。随时可以通过 `filing-assistant chat --plain {name}` 继续。",
    ),
}
COMMANDS = {
    "?": "help", "help": "help", "帮助": "help", "？": "help",
    "back": "back", "返回": "back", "上一题": "back",
    "skip": "skip", "跳过": "skip",
    "unsure": "unsure", "not sure": "unsure", "不确定": "unsure",
    "summary": "summary", "摘要": "summary",
    "quit": "quit", "exit": "quit", "退出": "quit",
}


def t(key: str, lang: str, **values) -> str:
    en, zh = TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


class LineReader:
    """Reads one answer line; None at the end of input."""

    echo = False

    def read(self, prompt: str, choices: list[str]) -> str | None:  # pragma: no cover - interface
        raise NotImplementedError


class PipeReader(LineReader):
    """Plain lines from a pipe or file, echoed so the transcript reads as a conversation."""

    echo = True

    def __init__(self, stream: TextIO):
        self.stream = stream

    def read(self, prompt: str, choices: list[str]) -> str | None:
        line = self.stream.readline()
        return None if line == "" else line.rstrip("\r\n")


class ToolkitReader(LineReader):
    """prompt_toolkit at a terminal: line editing, history, and completion of option ids and commands."""

    def __init__(self, pt_input=None, pt_output=None):
        from prompt_toolkit import PromptSession  # ~120 ms; only the plain chat at a terminal needs it
        from prompt_toolkit.history import InMemoryHistory

        self.session = PromptSession(history=InMemoryHistory(), input=pt_input, output=pt_output)

    def read(self, prompt: str, choices: list[str]) -> str | None:
        from prompt_toolkit.completion import WordCompleter

        try:
            return self.session.prompt(prompt, completer=WordCompleter(choices, sentence=True))
        except EOFError:
            return None


class PlainChat:
    """One sitting of the plain chat: print a question, read a line, hand it to the engine, repeat."""

    def __init__(self, session: Session, reader: LineReader, write: Callable[[str], None]):
        self.session = session
        self.interview: Interview = session.interview
        self.reader = reader
        self.write = write

    @property
    def lang(self) -> str:
        return self.interview.lang

    def run(self) -> int:
        iv = self.interview
        self.write(t("intro", self.lang))
        if self.session.resumed:
            where = iv.stopped_at(self.lang) or t("nothing_yet", self.lang)
            self.write(t("welcome_back", self.lang, name=self.session.name, progress=iv.progress, last=where))
            iv.resume()
        else:
            self.write(t("saved_as", self.lang, name=self.session.name))
        self.write(t("commands", self.lang))
        while True:
            prompt = iv.prompt
            if prompt is None:
                self._finish()
                return 0
            self.write("")
            self.write(self._question_text(prompt))
            line = self.reader.read("> ", self._choices(prompt))
            if line is None:
                self.write(t("bye", self.lang, name=self.session.name))
                return 0
            if self.reader.echo:
                self.write(f"> {line}")
            if not self._take(prompt, line.strip()):
                self.write(t("bye", self.lang, name=self.session.name))
                return 0

    def _take(self, prompt: Prompt, line: str) -> bool:
        """Act on one line; False when the user quits."""
        iv = self.interview
        command = COMMANDS.get(line.lower())
        if command == "quit":
            return False
        if command == "help":
            self.write(prompt.field.help(self.lang))
        elif command == "back":
            if not iv.back():
                self.write(t("no_back", self.lang))
        elif command == "skip":
            iv.skip()
            self.write(t("skipped", self.lang))
        elif command == "summary":
            from assistant.files.summary import render

            self.write(render(iv.bank, iv.assessment, "text", self.lang))
        else:
            try:
                iv.unsure() if command == "unsure" else iv.answer_line(line)
            except AnswerProblem as problem:
                self.write(t("again", self.lang, reason=problem.text(self.lang)))
                return True
            self.write(self._so_far())
        return True

    def _so_far(self) -> str:
        from assistant.files.summary import role_title

        a = self.interview.assessment
        bank = self.interview.bank
        roles = [role_title(bank, key, self.lang) for key, value in a.roles.items() if value]
        filings = [role_title(bank, key, self.lang) for key in a.filings]
        none = t("none", self.lang)
        sep = "、" if self.lang == "zh" else ", "
        return t("so_far", self.lang, roles=sep.join(roles) or none, filings=sep.join(filings) or none)

    def _question_text(self, prompt: Prompt) -> str:
        lang, field, iv = self.lang, prompt.field, self.interview
        section = iv.bank.section(prompt.question.section).title(lang)
        head = f"[{section} · {iv.progress}%]"
        if prompt.in_record:
            head += f" {prompt.question.text(lang)} — " + " / ".join(prompt.where_words(lang))
        lines = [head, field.text(lang)]
        for n, option in enumerate(field.options, start=1):
            lines.append(f"  {n}. {option.label(lang)} ({option.id})")
        hints = {
            "yes_no": t("yes_no", lang),
            "choice": t("choose_one", lang),
            "multi": t("choose_many", lang),
            "date": t("date", lang),
            "text": t("text", lang),
            "number": t("number", lang),
        }
        hint = [hints.get(field.kind, "")]
        if field.max_words:
            hint.append(t("words", lang, n=field.max_words))
        if not prompt.in_record and prompt.question.unsure:
            hint.append(t("unsure_ok", lang))
        lines.append("(" + "; ".join(h for h in hint if h) + ")")
        if not prompt.in_record and prompt.question.id in iv.answers:
            value = iv.answers[prompt.question.id]
            lines.append(t("current", lang, value=describe_value(field, value, lang)))
        return "\n".join(lines)

    def _choices(self, prompt: Prompt) -> list[str]:
        words = list(prompt.field.option_ids)
        if prompt.field.kind == "yes_no":
            words += ["yes", "no"]
        return words + ["?", "back", "skip", "unsure", "summary", "quit"]

    def _finish(self) -> None:
        a = self.interview.assessment
        left = t("left", self.lang, n=len(a.todo)) if a.todo else t("all_done", self.lang)
        self.write("")
        self.write(t("finished", self.lang, left=left))
        self.write(self._so_far())
        self.write(t("next_steps", self.lang, name=self.session.name))


def run_plain(
    name: str | None,
    lang: str | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    pt_input=None,
    pt_output=None,
    store: Store | None = None,
    today=None,
) -> int:
    """The plain chat on `name` (continued if saved, else started); a free name when None."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    store = store or Store()
    name = name or store.free_name()

    def write(text: str) -> None:
        stdout.write(text + "\n")
        stdout.flush()

    if pt_input is not None or (stdin.isatty() and stdout.isatty()):
        reader: LineReader = ToolkitReader(pt_input, pt_output)
    else:
        reader = PipeReader(stdin)
    with Session(store, name, lang=lang, today=today) as session:
        return PlainChat(session, reader, write).run()

