"""Answers files (CONTRACT §2) -> checked answers, or BadInput naming every problem in them.

Whatever a file holds, reading it is bounded: only a regular file of at most
MAX_INPUT_BYTES is read (a device, a FIFO or a folder is refused before a byte
is read), a key of more than MAX_KEY_PARTS dotted parts is refused before the
TOML parser sees it, and at most MAX_UNKNOWN_LISTED unknown ids are listed one
by one. Messages show what the file holds with control characters escaped
(assistant.errors.Problem.text).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Mapping

from assistant.errors import BadInput, Problem, escaped
from assistant.law import conditions
from assistant.law.questions import (
    NOT_SURE,
    SEVERAL,
    UNANSWERED,
    UNSURE_WRITTEN,
    AnswerProblem,
    Field,
    Question,
    QuestionBank,
    checked,
    closest,
    describe,
    narrowed,
)

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")

MAX_INPUT_BYTES = 2 * 1024 * 1024
"""The largest answers file or record read. Either is a few kilobytes; one of megabytes is not
one (a log, a disk image, /dev/zero) and is refused before it is read."""
MAX_KEY_PARTS = 16
"""The most dotted parts a key may have (`[a.b.c]` has 3). Question ids have at most 3 and a
record's paths at most 4; tomllib spends time quadratic in a key's parts (400 KB of
`[a.a.a...]` took over a minute), so a deeper key is refused before parsing."""
MAX_UNKNOWN_LISTED = 50
"""Unknown ids listed one by one (each with its closest id); the rest are counted in one line."""


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a dict; BadInput naming the file (and line and column) when it cannot be read."""
    name = str(path)
    return toml_from_bytes(read_input(path, name), name)


def read_input(path: Path, name: str) -> bytes:
    """The bytes of a file named on the command line, read only if it is a regular file of at most MAX_INPUT_BYTES.

    The file is opened without blocking (a FIFO with no writer would wait
    forever) and looked at through the open descriptor before any byte is read:
    what is checked is what is read. Symbolic links are followed: a user may
    link an answers file.
    """
    from assistant.atomic import NotRegular, TooLarge, kind_of, read_regular

    try:
        return read_regular(path, MAX_INPUT_BYTES)[0]
    except FileNotFoundError:
        raise BadInput.one("", "no such file", "文件不存在", file=name) from None
    except IsADirectoryError:
        raise BadInput.one("", "is a folder, not a file", "是文件夹而不是文件", file=name) from None
    except NotRegular as error:
        en, zh = kind_of(error.mode)
        if en == "not a regular file":
            raise BadInput.one("", "is not a regular file", "不是普通文件", file=name) from None
        raise BadInput.one("", f"is {en}, not a file", f"是{zh}而不是文件", file=name) from None
    except TooLarge as error:
        raise _too_large(error.size, name) from None
    except OSError as error:
        raise BadInput.one("", f"cannot read it: {error.strerror}", f"无法读取：{error.strerror}", file=name) from None


def _too_large(size: int, name: str) -> BadInput:
    return BadInput.one(
        "",
        f"{size:,} bytes, larger than any answers file or record (the limit is {MAX_INPUT_BYTES:,} bytes)",
        f"{size:,} 字节，超过答案文件或备案记录的上限（{MAX_INPUT_BYTES:,} 字节）",
        file=name,
    )


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
    _check_key_depth(text, name)
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


# One token of TOML as far as keys are concerned: a string (whose dots are text), a comment,
# a run of anything else, or a quote that starts no string. Matched from where the last
# token ended, never searched for, so the scan is linear whatever the file holds.
_TOKEN = re.compile(
    r'''
      (?P<string>
          """(?:[^"\\]++|\\[\s\S]|"(?!""))*+"{3,5}   # multi-line basic string
        | \'\'\'[\s\S]*?\'{3,5}                       # multi-line literal string
        | "(?:[^"\\\n]++|\\.)*+"                       # basic string
        | \'[^\'\n]*+\'                                  # literal string
      )
    | (?P<comment>\#[^\n]*+)
    | (?P<other>[^"\'#]++)
    | (?P<stray>["\'])
    ''',
    re.VERBOSE,
)
# MAX_KEY_PARTS + 1 or more parts, a string standing as one part (`s`). A part is preceded
# by no other key character, so a search starts only once per part: linear, too.
_DEEP_KEY = re.compile(rf"(?<![\w-])[\w-]++(?:[ \t]*+\.[ \t]*+[\w-]++){{{MAX_KEY_PARTS},}}")


def _check_key_depth(text: str, name: str) -> None:
    """Refuse a key of more than MAX_KEY_PARTS dotted parts, before tomllib spends minutes on it.

    Strings become one-letter placeholders that keep their line breaks and
    comments are dropped, so only what TOML reads as keys is counted. At a
    quote that starts no string the scan stops: tomllib stops there too, with
    an error.
    """
    if "." not in text:
        return
    skeleton: list[str] = []
    pos, end = 0, len(text)
    while pos < end:
        token = _TOKEN.match(text, pos)
        kind = token.lastgroup
        if kind == "stray":
            break
        if kind == "string":
            skeleton.append("s" + "\n" * token.group().count("\n"))
        elif kind == "other":
            skeleton.append(token.group())
        pos = token.end()
    keys = "".join(skeleton)
    found = _DEEP_KEY.search(keys)
    if found:
        parts = found.group().count(".") + 1
        raise BadInput(
            [
                Problem(
                    "",
                    f"a key nested too deeply ({parts:,} dotted parts; no question id or record path has more than {MAX_KEY_PARTS})",
                    f"键嵌套过深（共 {parts:,} 段；任何问题编号或记录路径都不超过 {MAX_KEY_PARTS} 段）",
                    file=name,
                    line=keys.count("\n", 0, found.start()) + 1,
                )
            ]
        )


def _decode_problem(error: tomllib.TOMLDecodeError, name: str) -> BadInput:
    message = str(error)
    found = _TOML_POSITION.search(message)
    reason = _TOML_POSITION.sub("", message).strip()
    line, column = (int(found.group(1)), int(found.group(2))) if found else (None, None)
    return BadInput(
        [Problem("", f"not valid TOML: {reason}", f"不是有效的 TOML：{reason}", file=name, line=line, column=column)]
    )


def flatten(
    bank: QuestionBank,
    data: Mapping[str, Any],
    problems: list[Problem],
    file: str = "",
    unknown_values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Dotted keys and tables alike -> {question id: value}; unknown ids become problems (and, given
    `unknown_values`, are kept there with their values: a saved interview never drops them).

    One question reached by two spellings (`"scope.audience" = ...` and
    `[scope] audience = ...`, or a quoted dotted key inside a table) is a
    conflict (CONTRACT §2): a problem, never a silent choice between the two.
    tomllib itself refuses the same spelling twice.
    """
    ids = bank.by_id
    prefixes = bank.id_prefixes
    found: dict[str, Any] = {}
    twice: set[str] = set()
    unknown = 0

    def walk(table: Mapping[str, Any], prefix: str) -> None:
        nonlocal unknown
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
                if unknown_values is not None:
                    unknown_values[path] = value
                unknown += 1
                if unknown > MAX_UNKNOWN_LISTED:
                    continue  # counted below: a file of thousands of unknown keys is no answers file
                # An id is at most ~50 characters: a far longer key is no typo of one.
                hint = closest(path, ids) if len(path) <= 200 else None
                problems.append(
                    Problem(
                        escaped(path, width=80),
                        "unknown question id" + (f"; did you mean {hint}?" if hint else ""),
                        "没有这个问题编号" + (f"；是否想写 {hint}？" if hint else ""),
                        file=file,
                    )
                )

    walk(data, "")
    if unknown > MAX_UNKNOWN_LISTED:
        more = unknown - MAX_UNKNOWN_LISTED
        problems.append(
            Problem(
                "",
                f"and {more:,} more unknown question ids (see `filing-assistant questions` for the ids)",
                f"另有 {more:,} 个未知的问题编号（问题编号见 `filing-assistant questions`）",
                file=file,
            )
        )
    return found


_CONDITION_WORDS = {
    "en": {True: "yes", False: "no", "or": " or ", "and": " and ", "always": "always", SEVERAL: "two or more options", UNANSWERED: "not answered"},
    "zh": {True: "是", False: "否", "or": " 或 ", "and": " 且 ", "always": "总是提问", SEVERAL: "两项或以上", UNANSWERED: "未回答"},
}


def condition_text(all_of: Mapping[str, Any], any_of: tuple[Mapping[str, Any], ...], lang: str = "en") -> str:
    """A question's condition in plain words: `role.buys_technology = yes and ...` (ids and option ids stay as written)."""
    words = _CONDITION_WORDS["zh" if lang == "zh" else "en"]

    def value_text(value: Any) -> str:
        return words[value] if isinstance(value, bool) or value in (SEVERAL, UNANSWERED) else describe(value)

    def fact(qid: str, value: Any) -> str:
        values = value if isinstance(value, list) else [value]
        return f"{qid} = " + words["or"].join(value_text(v) for v in values)

    parts = [fact(k, v) for k, v in all_of.items()]
    if any_of:
        parts.append("(" + words["or"].join(words["and"].join(fact(k, v) for k, v in g.items()) for g in any_of) + ")")
    return words["and"].join(parts) if parts else words["always"]


def unmet_condition_text(
    all_of: Mapping[str, Any], any_of: tuple[Mapping[str, Any], ...], answers: Mapping[str, Any], lang: str = "en"
) -> str:
    """The part of a condition that the answers do not meet: what the user must change."""
    unmet = {k: all_of[k] for k in conditions.unmet(all_of, answers)}
    unmet_any = () if conditions.holds_all_any({}, any_of, answers) else any_of
    return condition_text(unmet, unmet_any, lang) if unmet or unmet_any else condition_text(all_of, any_of, lang)


# --- The answers-file reference (`questions`, CONTRACT §2) --------------------------------------

_WRITTEN = {
    "yes_no": "true or false",
    "choice": "one option id, as a string",
    "multi": "an array of option ids",
    "date": "a TOML date, such as 2027-03-01",
    "text": "a string",
    "number": "a number",
    "records": "an array of tables",
}
_CHECKED = {
    "uscc": "the 18-character unified social credit code; its check digit is verified",
    "phone": "a mainland mobile number (11 digits starting with 1) or a landline with its area code; +86 allowed",
    "mobile": "a mainland mobile number (11 digits starting with 1); +86 allowed",
    "email": "one e-mail address",
}


def written_as(field: Field, table: str) -> str:
    """How an answer to `field` is written in an answers file, in a few words."""
    text = _WRITTEN[field.kind]
    if field.kind == "records":
        return f"{text} [[{table}]], one per item"
    if field.kind == "choice" and field.options:
        text += f', such as "{field.options[0].id}"'
    if field.kind == "multi" and field.options:
        text += ", such as [" + ", ".join(f'"{o.id}"' for o in field.options[:2]) + "]"
    if field.kind == "number" and field.integer:
        text = "a whole number"
    if field.kind == "number" and field.min is not None:
        text += f" of at least {field.min:g}"
    if field.check:
        text += ": " + _CHECKED[field.check]
    if field.max_words:
        text += f" of at most {field.max_words} words (each Chinese character counts as one)"
    return text


def reference_entry(field: Field, table: str = "") -> dict[str, Any]:
    """One question, or one field of a list item, as `questions --format json` shows it (CONTRACT §2)."""
    table = table or field.id
    entry: dict[str, Any] = {"id": field.id}
    if isinstance(field, Question):
        entry["section"] = field.section
    entry["kind"] = field.kind
    entry["question"] = {"en": field.en, "zh": field.zh}
    entry["help"] = {"en": field.help.en, "zh": field.help.zh}
    if isinstance(field, Question):
        named = list(dict.fromkeys([*field.ask_when, *(qid for group in field.ask_when_any for qid in group)]))
        entry["condition"] = {
            "text": {lang: condition_text(field.ask_when, field.ask_when_any, lang) for lang in ("en", "zh")},
            "all_of": {qid: _as_list(v) for qid, v in field.ask_when.items()},
            "any_of": [{qid: _as_list(v) for qid, v in group.items()} for group in field.ask_when_any],
            "ids": named,
        }
    elif field.ask_when:  # a field of a list item asked only for some items: facts about the same item's fields
        entry["condition"] = {
            "text": {lang: condition_text(field.ask_when, (), lang) for lang in ("en", "zh")},
            "all_of": {fid: _as_list(v) for fid, v in field.ask_when.items()},
            "any_of": [],
            "ids": list(field.ask_when),
        }
    entry["unsure"] = {"allowed": field.unsure, "written": UNSURE_WRITTEN if field.unsure else None}
    entry["options"] = [
        {"id": o.id, "label": {"en": o.en, "zh": o.zh}}
        # An option offered only on a condition (algorithm.type: the algorithms the answers show).
        | ({"offered_when": {"text": {lang: condition_text(o.when, (), lang) for lang in ("en", "zh")}, "all_of": {k: _as_list(v) for k, v in o.when.items()}}} if o.when else {})
        for o in field.options
    ]
    entry["written"] = written_as(field, table)
    entry["optional"] = field.optional
    entry["max_words"] = field.max_words
    entry["check"] = field.check
    entry["min"] = field.min
    entry["integer"] = field.integer
    if field.kind == "records":
        entry["fields"] = [reference_entry(f, f"{table}.{f.id}") for f in field.fields]
    return entry


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def reference(bank: QuestionBank) -> list[dict[str, Any]]:
    """The answers-file reference: one object per question, in interview order."""
    return [reference_entry(q) for q in bank.questions]


def _offered(field: Field, value: Any) -> bool:
    """Whether `value` keeps to the options `field` offers (not sure always does)."""
    if value is NOT_SURE:
        return True
    return all(v in field.option_ids for v in _as_list(value))


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
        question = bank.question(qid)
        offered = narrowed(question, good)
        if qid in asked_ids and offered is not question and not _offered(offered, good[qid]):
            ids = ", ".join(offered.option_ids) or "none"
            problems.append(
                Problem(
                    qid,
                    f"{escaped(str(good[qid]))} contradicts the other answers: they show only {ids}",
                    f"{escaped(str(good[qid]))} 与其他回答矛盾：其他回答只显示 {ids}",
                    file=file,
                )
            )
        if qid not in asked_ids:
            question = bank.question(qid)
            when = unmet_condition_text(question.ask_when, question.ask_when_any, good)
            when_zh = unmet_condition_text(question.ask_when, question.ask_when_any, good, "zh")
            problems.append(
                Problem(
                    qid,
                    f"this question does not apply, so it must not be answered: it is asked only when {when}",
                    f"该问题不适用，不应回答：仅在 {when_zh} 时提问",
                    file=file,
                )
            )
    if problems:
        raise BadInput(problems)
    return good


def load_answers(bank: QuestionBank, path: Path) -> dict[str, Any]:
    """An answers file, read and checked."""
    return checked_answers(bank, read_toml(path), str(path))
