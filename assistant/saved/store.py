"""Saved interviews: one private TOML file each under FILING_ASSISTANT_HOME (else the user data folder); atomic writes.

This layer knows files, not the law: it reads and writes what the dialog hands
it (answers as files write them, the order they were given, where the filer
stopped, drafts) and never judges an answer, so nothing it cannot understand
is ever dropped. Every write goes to a temporary file beside its target, is
flushed and fsynced, then renamed over it: a crash or kill at any instant
leaves the old state or the new, never a torn file. One process at a time
holds an interview (filelock), and whether a name is free is decided only
while its lock is held.
"""

from __future__ import annotations

import datetime as dt
import errno
import glob
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from assistant.atomic import read_regular, write_atomic
from assistant.errors import BadInput

SCHEMA_VERSION = 3
SUFFIX = ".interview.toml"
MAX_SAVED_BYTES = 4 * 1024 * 1024
"""A saved interview is a few kilobytes; a file far larger is not one of ours and is not read, nor written."""
_TEMP_TAIL = "[a-z0-9_]+"
"""What tempfile.mkstemp puts between the prefix and the suffix of a name (write_atomic's temporary files)."""


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


@dataclass
class Saved:
    """One saved interview as its file holds it: values as files write them, judged by the dialog, not here."""

    name: str
    path: Path
    lang: str = "en"
    answers: dict[str, Any] = field(default_factory=dict)
    """Every answer ever given, by question id, as files write it ("unknown" for not sure); list items half entered too."""
    history: list[str] = field(default_factory=list)
    """Question ids in the order they were first answered."""
    passed: list[str] = field(default_factory=list)
    """Questions left for later (skipped, or not sure) in the current pass through the interview."""
    position: list[Any] = field(default_factory=list)
    """Where the filer was: a question id, then item numbers and field ids inside a list; empty at the end."""
    drafts: dict[str, str] = field(default_factory=dict)
    """Text typed at a question (or a list field) and not yet given, by prompt key."""
    unreadable: dict[str, Any] = field(default_factory=dict)
    """Answers an earlier sitting could not read (an option renamed, a question retired), kept as found."""
    provenance: dict[str, str] = field(default_factory=dict)
    """How each answer was given, by prompt key: typed, default, derived, imported, copied (CONTRACT §5)."""
    unconfirmed: list[str] = field(default_factory=list)
    """Defaults taken on the way and not yet confirmed, by prompt key."""
    one_by_one: list[str] = field(default_factory=list)
    """What the filer asked to answer one at a time: `group:ID`, or a default declined (its prompt key)."""
    created: dt.datetime | None = None
    updated: dt.datetime | None = None


@dataclass
class Damaged:
    """A saved file that cannot be read: reported by name, left exactly as found."""

    name: str
    path: Path
    reason: str


def _migrated(data: dict[str, Any]) -> dict[str, Any]:
    """A saved file of any schema version we know, in the current layout.

    Version 1 kept only the answers and an `updated` time; version 2 added the
    language, the order answers were given and the creation time, and kept a
    list half entered apart from the answers (`record_draft`). Version 3 keeps
    list items in the answers themselves, so they survive back and skip; the
    half-entered items of version 2 move there.
    """
    version = data.get("schema_version")
    if version == 1:
        answers = data.get("answers", {})
        data = {
            "schema_version": 2,
            "lang": "en",
            "created": data.get("updated"),
            "updated": data.get("updated"),
            "answers": answers,
            "history": list(answers) if isinstance(answers, dict) else [],
        }
    if data.get("schema_version") == 2:
        data = dict(data, schema_version=3)
        answers = data.get("answers")
        pending = data.pop("record_draft", None)
        if isinstance(answers, dict) and isinstance(pending, dict) and isinstance(pending.get("question"), str):
            items = _v2_items(pending)
            if items:
                answers[pending["question"]] = items
        data["drafts"] = data.pop("draft", {})
    return data


def _v2_items(pending: dict[str, Any]) -> list[Any]:
    """The items of a version-2 half-entered list: the complete ones, then the one being filled (with its own list)."""
    items = list(pending.get("items") or [])
    current = dict(pending.get("current") or {})
    nested = pending.get("nested")
    if isinstance(nested, dict):
        inner = _v2_items(nested)
        if inner:
            # A version-2 nested draft does not name its field; the one list inside a product is its functions.
            current.setdefault("functions", inner)
    if current:
        items.append(current)
    return items


_FRAGMENTS: dict[tuple[Any, ...], tuple[bool, str]] = {}
"""Each answer as tomli_w writes it in the `answers` table, by (key, repr of value): (a table of its own, text)."""


def _toml_array(values: list[Any]) -> str:
    """An array of strings and numbers as tomli_w writes it, each element's text written once and reused
    (the history grows by one question id per answer)."""
    import tomli_w

    if not values:
        return "[]"
    parts = []
    for value in values:
        if type(value) is str and value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
            parts.append(f'"{value}"')  # a question id: tomli_w's basic string, nothing to escape
            continue
        # A string or a number is its own key (its type beside it: 1 and True are equal keys).
        cache_key = (type(value).__name__, value) if isinstance(value, (str, int)) else ("", repr(value))
        found = _FRAGMENTS.get(cache_key)
        if found is None:
            found = (False, tomli_w.dumps({"v": value})[4:-1])
            _FRAGMENTS[cache_key] = found
        parts.append(found[1])
    return "[\n" + "".join(f"    {part},\n" for part in parts) + "]"


def _provenance_toml(provenance: dict[str, str]) -> str:
    """The `[provenance]` table as tomli_w writes it, each line written once and reused: it grows by one
    answer's line per answer, and an interview saves after every answer."""
    import tomli_w

    lines = []
    for key, how in provenance.items():
        cache_key = ("provenance", key, how)
        found = _FRAGMENTS.get(cache_key)
        if found is None:
            found = (False, tomli_w.dumps({key: how}))
            _FRAGMENTS[cache_key] = found
        lines.append(found[1])
    return "[provenance]\n" + "".join(lines)


def _answers_toml(answers: dict[str, Any]) -> str:
    """The `[answers]` table as tomli_w writes it: the plain answers first, then each list of items
    as its own array of tables (`[[answers.products]]`), each answer's text written once and reused."""
    import tomli_w

    plain, tables = [], []
    for key, value in answers.items():
        cache_key = (key, type(value).__name__, value) if type(value) in (str, int, bool) else (key, repr(value))
        found = _FRAGMENTS.get(cache_key)
        if found is None:
            text = tomli_w.dumps({"answers": {key: value}})
            found = (False, text.removeprefix("[answers]\n")) if text.startswith("[answers]\n") else (True, text)
            if len(_FRAGMENTS) > 4096:  # a long sitting: start again rather than grow without end
                _FRAGMENTS.clear()
            _FRAGMENTS[cache_key] = found
        (tables if found[0] else plain).append(found[1])
    return "[answers]\n" + "".join(plain) + "".join("\n" + t for t in tables)


def _document(raw: bytes) -> dict[str, Any]:
    text = raw.decode("utf-8").removeprefix("\ufeff")
    return tomllib.loads(text)


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


class Store:
    """The folder of saved interviews."""

    def __init__(self, folder: Path | None = None, clock: Callable[[], dt.datetime] | None = None):
        self.folder = folder or home()
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc).replace(microsecond=0))

    def path(self, name: str) -> Path:
        return self.folder / f"{check_name(name)}{SUFFIX}"

    def holds(self, path: Path) -> bool:
        """Whether `path` is one of this folder's own files (a saved interview, a lock, a save under way): never an output."""
        try:
            where = path.resolve()
            folder = self.folder.resolve()
        except (OSError, RuntimeError):
            return False
        if where.parent not in (folder, folder / ".locks"):
            return False
        if where.name.endswith((SUFFIX, ".lock")) or where.name.startswith("."):
            return True
        try:  # a hard link to a saved interview under another name
            return any(os.path.samefile(where, self.folder / f"{name}{SUFFIX}") for name in self.names())
        except OSError:
            return False

    def _ensure_folder(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise BadInput.one(str(self.folder), f"cannot create the interviews folder: {error.strerror}") from None

    def names(self) -> list[str]:
        """The names of the saved interviews: regular files only (a FIFO or folder of that name is not one)."""
        if not self.folder.is_dir():
            return []
        found = []
        for p in self.folder.glob(f"*{SUFFIX}"):
            if p.name.startswith("."):
                continue
            try:
                # A symbolic link is listed too, to be reported as one (read() does not follow it).
                mode = p.lstat().st_mode
                if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
                    found.append(p.name[: -len(SUFFIX)])
            except OSError:
                continue
        return sorted(found)

    def exists(self, name: str) -> bool:
        return os.path.lexists(self.path(name))

    def free_name(self, stem: str = "interview") -> str:
        taken = set(self.names())
        n = 1
        while f"{stem}-{n}" in taken:
            n += 1
        return f"{stem}-{n}"

    def read(self, name: str) -> Saved:
        """A saved interview as its file holds it; BadInput naming it and what is wrong when it cannot be read."""
        path = self.path(name)
        if not os.path.lexists(path):
            import difflib

            hint = difflib.get_close_matches(name, self.names(), n=1, cutoff=0.6)
            raise BadInput.one(
                name,
                "no saved interview of that name" + (f"; did you mean {hint[0]!r}?" if hint else ""),
                "没有该名称的已保存问答" + (f"；是否指 {hint[0]!r}？" if hint else ""),
            )
        try:
            if path.is_symlink():
                raise OSError(errno.ELOOP, "a symbolic link, not followed: a saved interview is a file of its own")
            # A FIFO, device or oversized file is refused before it is read (it could hang or fill memory).
            data = _migrated(_document(read_regular(path, MAX_SAVED_BYTES, follow_links=False)[0]))
            if data.get("schema_version") != SCHEMA_VERSION:
                raise ValueError(f"unknown schema_version {data.get('schema_version')!r:.40}")
            answers = data.get("answers", {})
            if not isinstance(answers, dict):
                raise ValueError("answers is not a table")
            for key in ("created", "updated"):
                if data.get(key) is not None and not isinstance(data[key], dt.datetime):
                    raise ValueError(f"{key} is not a date and time")
            drafts = data.get("drafts", {})
            unreadable = data.get("unreadable", {})
            provenance = data.get("provenance", {})
            return Saved(
                name=name,
                path=path,
                lang=data.get("lang") if data.get("lang") in ("en", "zh") else "en",
                answers=answers,
                history=_strings(data.get("history")),
                passed=_strings(data.get("passed")),
                unconfirmed=_strings(data.get("unconfirmed")),
                one_by_one=_strings(data.get("one_by_one")),
                position=[p for p in data.get("position", []) if isinstance(p, (str, int)) and not isinstance(p, bool)]
                if isinstance(data.get("position"), list)
                else [],
                drafts={k: v for k, v in drafts.items() if isinstance(v, str)} if isinstance(drafts, dict) else {},
                unreadable=unreadable if isinstance(unreadable, dict) else {},
                provenance={k: v for k, v in provenance.items() if isinstance(v, str)} if isinstance(provenance, dict) else {},
                created=data.get("created") or data.get("updated"),
                updated=data.get("updated"),
            )
        except OSError as error:
            reason = error.strerror or str(error)
        except UnicodeDecodeError as error:
            reason = f"not UTF-8 text (byte {error.start})"
        except tomllib.TOMLDecodeError as error:
            reason = f"not valid TOML: {error}"
        except RecursionError:  # tomllib reads nested arrays and inline tables by recursion
            reason = "not valid TOML: arrays or tables nested too deeply"
        except ValueError as error:  # also an integer of over 4,300 digits
            reason = str(error) or "not valid TOML"
        raise BadInput.one(
            name,
            f"the saved interview cannot be read ({reason}); the file is left untouched at {path}",
            f"无法读取已保存的问答（{reason}）；文件保持原样：{path}",
        )

    def write(self, saved: Saved) -> None:
        """Save `saved` under its name, atomically; `updated` is now."""
        import tomli_w

        self._ensure_folder()
        now = self.clock()
        saved.created = saved.created or now
        saved.updated = now
        head: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "name": saved.name,
            "lang": saved.lang,
            "created": saved.created,
            "updated": now,
            "history": list(saved.history),
            "passed": list(saved.passed),
            "position": list(saved.position),
            **{key: list(values) for key, values in (("unconfirmed", saved.unconfirmed), ("one_by_one", saved.one_by_one)) if values},
        }
        tail: dict[str, Any] = {}
        if saved.drafts:
            tail["drafts"] = dict(saved.drafts)
        if saved.unreadable:
            tail["unreadable"] = dict(saved.unreadable)
        try:
            # The same document tomli_w writes whole, with the answers written one by one from a
            # cache: an interview saves after every answer, and only one answer changed since.
            # Lists of ids and item numbers (anything else is left to tomli_w whole).
            lists = {
                key: head.pop(key)
                for key in ("history", "passed", "position", "unconfirmed", "one_by_one")
                if key in head and all(isinstance(v, (str, int)) for v in head[key])
            }
            text = (
                tomli_w.dumps(head)
                + "".join(f"{key} = {_toml_array(values)}\n" for key, values in lists.items())
                + "\n"
                # Before the answers, so that the answers stay the file's last table (a hand edit appends there).
                + (_provenance_toml(saved.provenance) + "\n" if saved.provenance else "")
                + _answers_toml(saved.answers)
                + ("\n" + tomli_w.dumps(tail) if tail else "")
            )
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: bytes that were not UTF-8, let through by a caller
            raise BadInput.one(
                saved.name, "could not save: an answer holds characters that are not valid text", "无法保存：某个回答含有无效字符"
            ) from None
        if len(data) > MAX_SAVED_BYTES:  # it could never be opened again: the file keeps what it held
            raise BadInput.one(
                saved.name,
                f"could not save: the interview would be {len(data):,} bytes, over the {MAX_SAVED_BYTES:,} that can be read back",
                f"无法保存：问答将达 {len(data):,} 字节，超过可读回的上限 {MAX_SAVED_BYTES:,} 字节",
            )
        write_atomic(self.path(saved.name), data)

    def remove_leftovers(self, name: str) -> list[Path]:
        """Temporary files of saves that were interrupted (a kill between write and rename); call with the lock held."""
        target = self.path(name)
        removed = []
        # Only this name's: `.a.interview.toml.XXXXXXXX.tmp`, never those of `a.interview.toml.b`.
        own = re.compile(rf"\.{re.escape(target.name)}\.{_TEMP_TAIL}\.tmp")
        for leftover in self.folder.glob(f".{glob.escape(target.name)}.*.tmp"):
            if not own.fullmatch(leftover.name):
                continue
            try:
                leftover.unlink()
                removed.append(leftover)
            except OSError:
                pass
        return removed

    def list(self) -> tuple[list[Saved], list[Damaged]]:
        """Every saved interview, and a Damaged row for each file that cannot be read (a bad name, a link)."""
        saved, damaged = [], []
        for name in self.names():
            try:
                saved.append(self.read(name))
            except BadInput as error:
                damaged.append(Damaged(name, self.folder / f"{name}{SUFFIX}", error.problems[0].what))
        return saved, damaged

    def delete(self, name: str) -> None:
        path = self.path(name)
        if not os.path.lexists(path):
            self.read(name)  # raises the "no saved interview" message
        with self.lock(name):
            path.unlink()

    def duplicate(self, name: str, new_name: str | None = None) -> str:
        """A copy of `name` under `new_name` (else a free name): every answer, set-aside ones too."""
        saved = self.read(name)
        target = check_name(new_name) if new_name else self.free_name(f"{name} copy"[:55].rstrip())
        with self.lock(target):
            if self.exists(target):
                raise BadInput.one(target, "a saved interview of that name already exists", "已存在同名的问答")
            saved.name, saved.path, saved.created = target, self.path(target), None
            self.write(saved)
        return target

    def claim(self, name: str, create: bool | None = None) -> "Claim":
        """Take `name` for writing: the lock first, and only then is the name looked at, so two processes opening
        one new name never write over each other. `create=True` refuses a name already saved, `create=False` one
        that is not, `None` continues or starts."""
        name = check_name(name)
        held = self.lock(name)
        try:
            exists = self.exists(name)
            if create is True and exists:
                raise BadInput.one(name, "a saved interview of that name already exists", "已存在同名的问答")
            if create is False and not exists:
                self.read(name)  # raises "no saved interview", with a close name if there is one
            self.remove_leftovers(name)
            saved = self.read(name) if exists else Saved(name=name, path=self.path(name))
        except BadInput:
            held.release()
            raise
        return Claim(saved, exists, held)

    def lock(self, name: str) -> "Held":
        """A lock held while a process has `name` open; a second process is refused, never let in."""
        from filelock import FileLock, Timeout

        self._ensure_folder()
        locks = self.folder / ".locks"
        lock = FileLock(str(locks / f"{check_name(name)}.lock"), timeout=0, mode=0o600)
        try:
            locks.mkdir(exist_ok=True, mode=0o700)
            if not stat.S_ISDIR(locks.lstat().st_mode):  # a link (or a file) in its place is not followed
                raise OSError(errno.ENOTDIR, f"{locks} is not a folder of its own (a symbolic link or a file)")
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
        return Held(lock)


@dataclass
class Claim:
    """A name taken for writing (`Store.claim`): its lock held, and what is saved under it, or a new Saved."""

    saved: Saved
    exists: bool
    held: "Held"


class Held:
    """A FileLock already acquired, usable as a context manager and releasable once."""

    def __init__(self, lock):
        self._lock = lock

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()

    def __enter__(self) -> "Held":
        return self

    def __exit__(self, *exc) -> None:
        self.release()
