"""Saved interviews: one private TOML file each under FILING_ASSISTANT_HOME (else the user data folder); atomic writes.

Every answer is saved the moment it is given. A write goes to a temporary file
beside its target, is flushed and fsynced, then renamed over the target: a
crash or kill at any instant leaves the old state or the new, never a torn
file. One process at a time may hold an interview open (filelock); a file
that cannot be read is reported and left exactly as found.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from assistant.atomic import write_atomic
from assistant.errors import BadInput, Problem
from assistant.law.questions import QuestionBank, load_bank, shown

SCHEMA_VERSION = 2
SUFFIX = ".interview.toml"


def check_name(name: str) -> str:
    """A saved interview's name: 1-64 letters (any script), digits, space, - _ . ; not starting with a dot."""
    if (
        not name
        or len(name) > 64
        or name.startswith(".")
        or name != name.strip()
        or not all(c.isalnum() or c in " -_." for c in name)
    ):
        raise BadInput.one(
            repr(name),
            "not a valid interview name: use 1 to 64 letters, digits, spaces, '-', '_' or '.', not starting with '.'",
            "名称无效：请使用1至64个字母、数字、空格、'-'、'_'或'.'，且不能以'.'开头",
        )
    return name


def home() -> Path:
    """Where saved interviews live: FILING_ASSISTANT_HOME, else the platform's user data folder."""
    configured = os.environ.get("FILING_ASSISTANT_HOME")
    if configured:
        return Path(configured)
    from platformdirs import user_data_path

    return user_data_path("filing-assistant", appauthor=False) / "interviews"


def _toml_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _toml_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_toml_safe(v) for v in value]
    return value


def _migrated(data: dict[str, Any]) -> dict[str, Any]:
    """A saved file of any schema version we know, in the current layout.

    Version 1 kept only the answers and an `updated` time; version 2 adds the
    language, the order answers were given (for "back"), and the creation time.
    """
    version = data.get("schema_version")
    if version == 1:
        data = {
            "schema_version": 2,
            "lang": "en",
            "created": data.get("updated"),
            "updated": data.get("updated"),
            "answers": data.get("answers", {}),
            "history": list(data.get("answers", {})),
        }
    return data


@dataclass
class Saved:
    """One saved interview as read from disk."""

    name: str
    path: Path
    lang: str
    answers: dict[str, Any]
    history: list[str]
    created: dt.datetime
    updated: dt.datetime
    draft: dict[str, str] = field(default_factory=dict)
    """Text typed at a question but not yet given as its answer, kept so that nothing typed is lost."""
    record_draft: dict[str, Any] | None = None
    """A list (the products) half filled in: the interview checks it against the bank when it resumes."""


@dataclass
class Damaged:
    """A saved file that cannot be read: reported by name, left exactly as found."""

    name: str
    path: Path
    reason: str


def _drafts(value: Any, bank: QuestionBank) -> dict[str, str]:
    """The draft table of a saved file: text kept for known questions; anything else is ignored."""
    if not isinstance(value, dict):
        return {}
    from assistant.law.questions import MAX_TEXT_CHARS

    return {k: v[:MAX_TEXT_CHARS] for k, v in value.items() if isinstance(v, str) and k in bank.by_id}


@dataclass
class Overview:
    """One saved interview at a glance."""

    saved: Saved
    progress: int
    roles: list[str]
    """The roles the answers so far imply, as ids."""
    complete: bool


class Store:
    """The folder of saved interviews."""

    def __init__(self, folder: Path | None = None, bank: QuestionBank | None = None, clock: Callable[[], dt.datetime] | None = None):
        self.folder = folder or home()
        self._bank = bank
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc).replace(microsecond=0))

    @property
    def bank(self) -> QuestionBank:
        if self._bank is None:
            self._bank = load_bank()
        return self._bank

    def path(self, name: str) -> Path:
        return self.folder / f"{check_name(name)}{SUFFIX}"

    def _ensure_folder(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise BadInput.one(str(self.folder), f"cannot create the interviews folder: {error.strerror}") from None

    def names(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.name[: -len(SUFFIX)] for p in self.folder.glob(f"*{SUFFIX}") if not p.name.startswith("."))

    def exists(self, name: str) -> bool:
        return self.path(name).exists()

    def free_name(self, stem: str = "interview") -> str:
        taken = set(self.names())
        n = 1
        while f"{stem}-{n}" in taken:
            n += 1
        return f"{stem}-{n}"

    def read(self, name: str) -> Saved:
        """A saved interview; BadInput naming it and what is wrong when it cannot be read."""
        path = self.path(name)
        if not path.exists():
            known = self.names()
            from assistant.law.questions import closest

            hint = closest(name, known)
            raise BadInput.one(
                name,
                "no saved interview of that name" + (f"; did you mean {hint!r}?" if hint else ""),
                "没有该名称的已保存问答" + (f"；是否指 {hint!r}？" if hint else ""),
            )
        from assistant.files.answers import flatten, toml_from_bytes
        from assistant.law.questions import checked

        try:
            data = _migrated(toml_from_bytes(path.read_bytes(), str(path)))
            if data.get("schema_version") != SCHEMA_VERSION:
                raise ValueError(f"unknown schema_version {shown(data.get('schema_version'))}")
            answers = data["answers"]
            if not isinstance(answers, dict):
                raise ValueError("answers is not a table")
            for key in ("created", "updated"):
                if data.get(key) is not None and not isinstance(data[key], dt.datetime):
                    raise ValueError(f"{key} is not a date and time")
            problems: list[Problem] = []
            known = flatten(self.bank, {k: v for k, v in answers.items()}, problems)
            # An answer saved by an older question bank that no longer fits is
            # dropped from this sitting, never from the file.
            good = {}
            for qid, value in known.items():
                try:
                    good[qid] = checked(self.bank.question(qid), value)
                except ValueError:
                    pass
            return Saved(
                name=name,
                path=path,
                lang=data.get("lang", "en") if data.get("lang") in ("en", "zh") else "en",
                answers=good,
                history=[h for h in data.get("history", []) if isinstance(h, str)],
                created=data.get("created") or data.get("updated"),
                updated=data.get("updated"),
                draft=_drafts(data.get("draft"), self.bank),
                record_draft=data.get("record_draft") if isinstance(data.get("record_draft"), dict) else None,
            )
        except OSError as error:
            raise BadInput.one(name, f"cannot read {path}: {error.strerror}") from None
        except BadInput as error:  # not UTF-8, not TOML: the parser's words
            reason = error.problems[0].what
        except (ValueError, KeyError, TypeError) as error:
            reason = str(error)
        raise BadInput.one(
            name,
            f"the saved interview cannot be read ({reason}); the file is left untouched at {path}",
            f"无法读取已保存的问答（{reason}）；文件保持原样：{path}",
        )

    def answers_of(self, name: str) -> dict[str, Any]:
        return self.read(name).answers

    def write(
        self,
        name: str,
        lang: str,
        answers: dict[str, Any],
        history: list[str],
        created: dt.datetime | None = None,
        draft: dict[str, str] | None = None,
        record_draft: dict[str, Any] | None = None,
    ) -> None:
        import tomli_w

        self._ensure_folder()
        now = self.clock()
        document = {
            "schema_version": SCHEMA_VERSION,
            "name": name,
            "lang": lang,
            "created": created or now,
            "updated": now,
            "history": history,
            "answers": _toml_safe(answers),
        }
        if draft:
            # An optional table: a file without it reads the same, in this version and the last.
            document["draft"] = dict(draft)
        if record_draft:
            document["record_draft"] = _toml_safe(record_draft)
        try:
            data = tomli_w.dumps(document).encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: bytes that were not UTF-8, let through by a caller
            raise BadInput.one(
                name, "could not save: an answer holds characters that are not valid text", "无法保存：某个回答含有无效字符"
            ) from None
        write_atomic(self.path(name), data)

    def list(self) -> tuple[list[Saved], list[Damaged]]:
        saved, damaged = [], []
        for name in self.names():
            try:
                saved.append(self.read(name))
            except BadInput as error:
                damaged.append(Damaged(name, self.path(name), error.problems[0].what))
        return saved, damaged

    def overview(self, today: dt.date | None = None) -> tuple[list["Overview"], list[Damaged]]:
        """Every saved interview at a glance (progress, roles so far), and the damaged ones: `list` and the TUI's home."""
        from assistant.law.rules import assess

        saved, damaged = self.list()
        glances = []
        for item in saved:
            a = assess(self.bank, item.answers, today)
            glances.append(Overview(item, a.progress, [key for key, held in a.roles.items() if held], a.complete))
        return glances, damaged

    def delete(self, name: str) -> None:
        path = self.path(name)
        if not path.exists():
            self.read(name)  # raises the "no saved interview" message
        with self.lock(name):
            path.unlink()

    def duplicate(self, name: str, new_name: str | None = None) -> str:
        saved = self.read(name)
        target = check_name(new_name) if new_name else self.free_name(f"{name} copy"[:55].rstrip())
        if self.exists(target):
            raise BadInput.one(target, "a saved interview of that name already exists", "已存在同名的问答")
        self.write(target, saved.lang, saved.answers, saved.history)
        return target

    def lock(self, name: str):
        """A lock held while a process has `name` open; a second process is refused, never let in."""
        from filelock import FileLock, Timeout

        self._ensure_folder()
        locks = self.folder / ".locks"
        lock = FileLock(str(locks / f"{check_name(name)}.lock"), timeout=0, mode=0o600)
        try:
            locks.mkdir(exist_ok=True, mode=0o700)
            lock.acquire()
        except Timeout:
            raise BadInput.one(
                name,
                "this interview is open in another window or process; close it there first",
                "该问答已在另一个窗口或进程中打开；请先在那里关闭",
            ) from None
        except OSError as error:  # a read-only or full interviews folder
            raise BadInput.one(
                name,
                f"cannot open it for writing in {self.folder}: {error.strerror}",
                f"无法在 {self.folder} 中打开以写入：{error.strerror}",
            ) from None
        return _Held(lock)


class _Held:
    """A FileLock already acquired, usable as a context manager and releasable once."""

    def __init__(self, lock):
        self._lock = lock

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()


class Session:
    """An interview open for writing: holds the lock, and saves after every change."""

    def __init__(self, store: Store, name: str, *, lang: str | None = None, create: bool | None = None, today: dt.date | None = None):
        from assistant.dialog.interview import Interview

        self.store = store
        self.name = check_name(name)
        exists = store.exists(name)
        if create is True and exists:
            raise BadInput.one(name, "a saved interview of that name already exists", "已存在同名的问答")
        if create is False and not exists:
            store.read(name)  # raises "no saved interview"
        self._held = store.lock(name)
        try:
            saved = store.read(name) if exists else None
        except BadInput:
            self._held.release()
            raise
        self.created = saved.created if saved else store.clock()
        self.resumed = saved is not None
        self.interview = Interview(
            store.bank,
            saved.answers if saved else {},
            lang=lang or (saved.lang if saved else "en"),
            history=saved.history if saved else [],
            drafts=saved.draft if saved else {},
            record_draft=saved.record_draft if saved else None,
            on_change=self.save,
            today=today,
        )
        if not exists:
            self.save(self.interview)

    def save(self, interview) -> None:
        snap = interview.snapshot()
        self.store.write(self.name, snap["lang"], snap["answers"], snap["history"], self.created, snap["draft"], snap["record_draft"])

    def close(self) -> None:
        self._held.release()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
