"""Answers files (CONTRACT §2) -> checked answers, or BadInput naming every problem in them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Mapping

from assistant.errors import BadInput, Problem
from assistant.law.questions import AnswerProblem, QuestionBank, checked, closest, conditions_hold, describe, fact_holds

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a dict; BadInput naming the file (and line and column) when it cannot be read."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BadInput.one("", "no such file", "文件不存在", file=name) from None
    except IsADirectoryError:
        raise BadInput.one("", "is a folder, not a file", "是文件夹而不是文件", file=name) from None
    except OSError as error:
        raise BadInput.one("", f"cannot read it: {error.strerror}", f"无法读取：{error.strerror}", file=name) from None
    return toml_from_bytes(raw, name)


_BOM = b"\xef\xbb\xbf"


def toml_from_bytes(raw: bytes, name: str) -> dict[str, Any]:
    """TOML from the bytes of a file; a UTF-8 byte-order mark at the start is accepted (CONTRACT §2)."""
    raw = raw.removeprefix(_BOM)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadInput.one(
            "", f"not UTF-8 text (byte {error.start})", f"不是 UTF-8 文本（第 {error.start} 字节）", file=name
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _decode_problem(error, name) from None
    except ValueError:
        # Python refuses to read an integer of over 4,300 digits (int_max_str_digits).
        raise BadInput.one("", "not valid TOML: a number has too many digits", "不是有效的 TOML：数字位数过多", file=name) from None
    except RecursionError:
        # tomllib reads nested arrays and inline tables by recursion.
        raise BadInput.one(
            "", "not valid TOML: arrays or tables nested too deeply", "不是有效的 TOML：数组或表嵌套过深", file=name
        ) from None


def _decode_problem(error: tomllib.TOMLDecodeError, name: str) -> BadInput:
    message = str(error)
    found = _TOML_POSITION.search(message)
    reason = _TOML_POSITION.sub("", message).strip()
    line, column = (int(found.group(1)), int(found.group(2))) if found else (None, None)
    return BadInput(
        [Problem("", f"not valid TOML: {reason}", f"不是有效的 TOML：{reason}", file=name, line=line, column=column)]
    )


def flatten(bank: QuestionBank, data: Mapping[str, Any], problems: list[Problem], file: str = "") -> dict[str, Any]:
    """Dotted keys and tables alike -> {question id: value}; unknown ids become problems.

    One question reached by two spellings (`"scope.audience" = ...` and
    `[scope] audience = ...`, or a quoted dotted key inside a table) is a
    conflict (CONTRACT §2): a problem, never a silent choice between the two.
    tomllib itself refuses the same spelling twice.
    """
    ids = bank.by_id
    prefixes = {qid.rsplit(".", n)[0] for qid in ids for n in range(1, qid.count(".") + 1)}
    found: dict[str, Any] = {}
    twice: set[str] = set()

    def walk(table: Mapping[str, Any], prefix: str) -> None:
        for key, value in table.items():
            path = f"{prefix}{key}"
            if path in ids and path in found:
                if path not in twice:
                    twice.add(path)
                    problems.append(
                        Problem(
                            path,
                            "answered twice (a dotted key and a table, or two spellings of this id); keep one answer",
                            "回答了两次（带点的键和表，或同一编号的两种写法）；请只保留一个回答",
                            file=file,
                        )
                    )
            elif path in ids:
                found[path] = value
            elif isinstance(value, dict) and path in prefixes:
                walk(value, path + ".")
            else:
                hint = closest(path, ids)
                problems.append(
                    Problem(
                        path,
                        "unknown question id" + (f"; did you mean {hint}?" if hint else ""),
                        "没有这个问题编号" + (f"；是否想写 {hint}？" if hint else ""),
                        file=file,
                    )
                )

    walk(data, "")
    return found


def condition_text(all_of: Mapping[str, Any], any_of: tuple[Mapping[str, Any], ...]) -> str:
    """A question's condition in plain words: `role.buys_technology = yes and ...`."""

    def fact(qid: str, value: Any) -> str:
        values = value if isinstance(value, list) else [value]
        return f"{qid} = " + " or ".join(describe(v) for v in values)

    parts = [fact(k, v) for k, v in all_of.items()]
    if any_of:
        parts.append("(" + " or ".join(" and ".join(fact(k, v) for k, v in g.items()) for g in any_of) + ")")
    return " and ".join(parts) if parts else "always"


def unmet_condition_text(all_of: Mapping[str, Any], any_of: tuple[Mapping[str, Any], ...], answers: Mapping[str, Any]) -> str:
    """The part of a condition that the answers do not meet: what the user must change."""
    unmet = {k: v for k, v in all_of.items() if not fact_holds(v, answers.get(k))}
    unmet_any = () if conditions_hold({}, any_of, answers) else any_of
    return condition_text(unmet, unmet_any) if unmet or unmet_any else condition_text(all_of, any_of)


def checked_answers(bank: QuestionBank, data: Mapping[str, Any], file: str = "") -> dict[str, Any]:
    """Every answer in `data` checked against the bank; BadInput with every problem found."""
    problems: list[Problem] = []
    flat = flatten(bank, data, problems, file)
    good: dict[str, Any] = {}
    for qid, value in flat.items():
        try:
            good[qid] = checked(bank.question(qid), value)
        except AnswerProblem as problem:
            problems.append(Problem(qid, problem.en, problem.zh, file=file))
    asked, _ = bank.effective(good)
    asked_ids = {q.id for q in asked}
    for qid in good:
        if qid not in asked_ids:
            question = bank.question(qid)
            when = unmet_condition_text(question.ask_when, question.ask_when_any, good)
            problems.append(
                Problem(
                    qid,
                    f"this question does not apply, so it must not be answered: it is asked only when {when}",
                    f"该问题不适用，不应回答：仅在 {when} 时提问",
                    file=file,
                )
            )
    if problems:
        raise BadInput(problems)
    return good


def load_answers(bank: QuestionBank, path: Path) -> dict[str, Any]:
    """An answers file, read and checked."""
    return checked_answers(bank, read_toml(path), str(path))
