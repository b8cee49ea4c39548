"""The first screen of a new interview, kept from the last time the chat drew it.

A new interview opens on the same first question every time. The chat keeps
what it drew there (the welcome, where the question stands, the question, the
hint and the options) in the cache folder, and the next new interview shows it
at once, before the engine and the question bank are loaded (~150 ms): the
cover. The chat takes over as soon as it is ready, with every key typed
meanwhile (FilingApp holds them).

What the cover shows is only ever what the chat drew: it is kept under a hash
of the code and the bank that drew it, in a cache file of this user
(assistant/cache.py), and anything else is passed over, as is a first question
the chat has not drawn yet in that language.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from assistant.cache import cache_folder, read_private, sealed, unsealed, write_private
from assistant.law.folder import dialogs_folder

FORMAT = 1
MAX_BYTES = 256 * 1024
NAME = "\x00name\x00"
"""Where the interview's name goes in the welcome: every new interview has its own."""
SOURCES = (".py", ".tcss", ".toml")


@dataclass(frozen=True)
class Cover:
    """The first screen of a new interview in one language, as markup the chat drew."""

    welcome: str
    where: str
    question: str
    hint: str = ""
    options: tuple[str, ...] = ()

    def named(self, name: str) -> "Cover":
        from rich.markup import escape

        return Cover(self.welcome.replace(NAME, escape(repr(name))), self.where, self.question, self.hint, self.options)


@cache
def _fingerprint() -> str | None:
    """A hash of everything that draws the first screen: the code of the assistant and the question bank; worked
    out once a process (the cover asks it, then the chat when it keeps what it drew)."""
    digest = hashlib.sha256(f"{FORMAT}\0".encode())
    package = Path(__file__).resolve().parents[2]  # assistant/
    folders = [package] + [folder for folder in [dialogs_folder()] if package not in folder.parents]
    try:
        for folder in folders:
            for path in sorted(folder.rglob("*")):
                if path.suffix in SOURCES and "__pycache__" not in path.parts:
                    digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def _path() -> Path:
    return cache_folder() / "first-screen.json"


def _read(key: str) -> dict[str, dict]:
    raw = read_private(_path(), MAX_BYTES)
    body = unsealed(raw, {"format": FORMAT, "key": key}) if raw else None
    try:
        found = json.loads(body) if body else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def cover(lang: str, name: str) -> Cover | None:
    """The first screen of a new interview called `name` in `lang`, as the chat last drew it; None if it has not
    drawn it with this code and this bank."""
    key = _fingerprint()
    entry = _read(key).get(lang) if key else None
    try:
        return Cover(**{**entry, "options": tuple(entry["options"])}).named(name) if entry else None
    except (TypeError, KeyError):  # a file that passed its hash was written by this code: this only guards a bug
        return None


def remember(lang: str, name: str, drawn: Cover) -> None:
    """Keep what the chat drew on the first screen of the new interview `name`, unless it is kept already."""
    from rich.markup import escape

    key = _fingerprint()
    if key is None:
        return
    kept = _read(key)
    entry = asdict(Cover(drawn.welcome.replace(escape(repr(name)), NAME), drawn.where, drawn.question, drawn.hint, drawn.options))
    entry["options"] = list(entry["options"])
    if kept.get(lang) == entry:
        return
    kept[lang] = entry
    write_private(_path(), sealed({"format": FORMAT, "key": key}, json.dumps(kept, ensure_ascii=False, sort_keys=True).encode("utf-8")))
