"""One interview read from a file: an answers file or a filing record, told apart by their keys.

`summary` takes an answers file only after `--answers`; `portfolio` and
`diff` take either where a path stands, so the file itself says which it is
(a record has keys only a record has: record.RECORD_MARKERS). A saved
interview is read by the shell (the dialog layer reads saved files), which
builds the same Source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.files.answers import checked_answers, read_toml
from assistant.files.record import RECORD_MARKERS, answers_from_record, looks_like_answers_file, record_lang
from assistant.law.questions import QuestionBank


@dataclass(frozen=True)
class Source:
    """The answers of one interview, what they are as of, the language they were given in, and where they came from."""

    answers: dict[str, Any]
    as_of: dt.datetime | None
    """A record's generated_at, a saved interview's last change; None for an answers file (now)."""
    lang: str
    kind: str
    """`answers`, `record` or `saved`."""
    label: str
    """The file's name, or the saved interview's: what a row is called when the company is not answered."""


def read_file(bank: QuestionBank, path: Path, *, found_in_folder: bool = False) -> Source | None:
    """An answers file or a filing record, read once and checked as `summary` checks it; BadInput naming every problem.

    `found_in_folder`: the file was not named but found in a folder of
    clients. A `*.answers.toml` there is always a client (an unreadable one is
    reported, never skipped); another .toml is one when it reads as a record
    (it has a `schema_version`) or an answers file (question ids for keys),
    and anything else beside them (an expectations file, a project's
    settings) is passed over: None.
    """
    data = read_toml(path)
    if found_in_folder and not path.name.endswith(".answers.toml") and "schema_version" not in data:
        # Every record carries its schema_version; a file that only shares a key or two with one is not one.
        if not looks_like_answers_file(bank, data):
            return None
    if not any(key in data for key in RECORD_MARKERS):
        return Source(checked_answers(bank, data, str(path)), None, "en", "answers", path.name)
    answers = answers_from_record(bank, data, str(path))
    moment = data.get("generated_at")
    return Source(answers, moment if isinstance(moment, dt.datetime) else None, record_lang(bank, data) or "en", "record", path.name)
