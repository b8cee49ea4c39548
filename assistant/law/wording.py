"""Every sentence the product says, in English and Chinese: one type (`Wording`) and one catalogue.

The catalogue is dialogs/wording/*.toml, one file per area (`dialog`, `tui`,
`plain`, `summary`, ...), read on first use; an entry is named `area.key`:

    [ask_again]
    en = "Sorry, I could not use that: {reason}."
    zh = "抱歉，无法使用该回答：{reason}。"

An entry with a count has its singular beside it, `key_one`, said where the
count (`{n}` or `{count}`) is 1.

The questions and the law speak from the question bank (dialogs/*.toml,
dialogs/obligations.toml); their wording is the same `Wording` type.
`tests/test_wording.py` checks every entry: both languages, the same
`{placeholders}`, and Chinese punctuation in Chinese.
"""

from __future__ import annotations

import string
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ConfigDict, Field as PydanticField


class Wording(BaseModel):
    """The same text in both languages the product speaks."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    en: str = PydanticField(min_length=1)
    zh: str = PydanticField(min_length=1)

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def say(self, lang: str, **values: Any) -> str:
        """The text in `lang` with its `{placeholders}` filled."""
        text = self(lang)
        return text.format(**values) if values or "{" in text else text

    def placeholders(self, lang: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(self(lang)) if name is not None}


def wording_folder() -> Path:
    """dialogs/wording of the source tree, or assistant/dialogs/wording in an installed wheel."""
    here = Path(__file__).resolve().parent.parent  # assistant/
    packaged = here / "dialogs" / "wording"
    return packaged if packaged.is_dir() else here.parent / "dialogs" / "wording"


class UnknownWording(KeyError):
    """A key the catalogue does not hold: a programming error, named plainly."""


@cache
def area(name: str) -> dict[str, Wording]:
    """The entries of one area file, read once per process (entries are checked by the tests, not at run time)."""
    path = wording_folder() / f"{name}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {key: Wording.model_construct(en=entry["en"], zh=entry["zh"]) for key, entry in data.items()}


def areas() -> list[str]:
    return sorted(p.stem for p in wording_folder().glob("*.toml"))


def wording(key: str) -> Wording:
    """The entry `area.key` of the catalogue."""
    name, _, rest = key.partition(".")
    try:
        return area(name)[rest]
    except (KeyError, FileNotFoundError):
        raise UnknownWording(key) from None


def say(key: str, lang: str, **values: Any) -> str:
    """The catalogue's sentence `area.key` in `lang`, its placeholders filled."""
    return wording(key).say(lang, **values)


def catalogue() -> Iterator[tuple[str, Wording]]:
    """Every entry of every area, as (`area.key`, wording)."""
    for name in areas():
        for key, entry in area(name).items():
            yield f"{name}.{key}", entry


class Words:
    """One area's sentences, falling back to other areas in order: `Words("tui", "dialog").say("yes", "zh")`."""

    def __init__(self, *areas: str):
        self.areas = areas

    def __getitem__(self, key: str) -> Wording:
        for name in self.areas:
            found = area(name).get(key)
            if found is not None:
                return found
        raise UnknownWording(f"{'|'.join(self.areas)}.{key}")

    def __contains__(self, key: str) -> bool:
        return any(key in area(name) for name in self.areas)

    def say(self, key: str, lang: str, **values: Any) -> str:
        """`key` in `lang`; where a count (`n`, `count`) is 1 and the area has `key_one`, that: "1 question"."""
        if (values.get("n") == 1 or values.get("count") == 1) and f"{key}{ONE}" in self:
            key += ONE
        return self[key].say(lang, **values)


ONE = "_one"
"""The ending of an entry said where its count is 1 (`more_apply_one`): English has a singular."""
