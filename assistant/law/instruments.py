"""The instruments the law cites (dialogs/instruments.toml, RULES §1), and how one output cites them.

`instruments()` reads the file once. `Citations` is one output's citer: it
writes a basis id (`DSP Art. 19(1)`) in the output's language, and in Chinese
writes each instrument's full title the first time the output names it and
its short title after (《互联网信息服务深度合成管理规定》第十九条第一款, then
《深度合成管理规定》第十九条), also where a sentence of the law names it
(`text`). What each short name stands for is said by summary.short_names_used.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable, Literal, Mapping

from assistant.law.folder import dialogs_folder

Force = Literal["law", "standard", "practice", "draft"]
FORCES = ("law", "standard", "practice", "draft")
LANGS = ("en", "zh")
ALIASES = {"算法推荐规定": "AP"}
"""Chinese short titles an older text of the bank used for an instrument: cited as the instrument's own."""


@dataclass(frozen=True)
class Instrument:
    """One instrument of RULES §1: its names in both languages, when it took effect, its force, whom it binds."""

    short: str
    """The short name a basis id begins with: DSP."""
    title: Mapping[str, str]
    """The full title, en and zh (the Chinese without 《》)."""
    short_title: Mapping[str, str]
    """What an output cites it as after the first time, en and zh."""
    force: Force
    in_force: dt.date | None = None
    note: Mapping[str, str] = field(default_factory=dict)
    binds: tuple[str, ...] | None = None
    """The roles it binds, where it binds only some; None: every filer it is cited for."""
    binds_article: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    quoted: bool = True
    """A title written in 《》 in Chinese; a practice source is none."""

    def full(self, lang: str) -> str:
        """The full title as an output writes it the first time: 《…》 in Chinese."""
        return self._marked(self.title[lang], lang)

    def brief(self, lang: str) -> str:
        """The short title as an output writes it after the first time."""
        return self._marked(self.short_title[lang], lang)

    def _marked(self, title: str, lang: str) -> str:
        return f"《{title}》" if lang == "zh" and self.quoted else title

    def meaning(self, lang: str) -> str:
        """What the short name stands for, as a list of short names says it: title, note, date in force."""
        if lang == "zh":
            text = self.full(lang) + (f"（{self.note['zh']}）" if self.note else "")
            return text + (f"，{chinese_date(self.in_force)}施行" if self.in_force else "")
        # A law's note goes on from its title ("..., as amended on ..."); a practice source's stands apart.
        note = (f" ({self.note['en']})" if self.force == "practice" else f", {self.note['en']}") if self.note else ""
        text = self.title["en"] + note
        if self.quoted:
            text += f" ({self.title['zh']})"
        return text + (f", in force {self.in_force.isoformat()}" if self.in_force else "")

    def binds_roles(self, citation: str) -> tuple[str, ...] | None:
        """The roles `citation` (of this instrument) binds, where only some: its article's, else the instrument's."""
        article = citation[len(self.short) :].strip()
        return self.binds_article.get(article, self.binds)


class InstrumentsProblem(ValueError):
    """dialogs/instruments.toml does not say what it must: one line naming the entry and the field."""


def _texts(short: str, entry: Mapping[str, Any], key: str, required: bool = True) -> dict[str, str]:
    value = entry.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping) or any(not isinstance(value.get(lang), str) or not value[lang] for lang in LANGS):
        raise InstrumentsProblem(f"instruments.toml [{short}]: {key} needs en and zh")
    return {lang: value[lang] for lang in LANGS}


def _roles(short: str, value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(r, str) for r in value):
        raise InstrumentsProblem(f"instruments.toml [{short}]: {key} must be a list of role keys")
    return tuple(value)


def instruments_from(data: Mapping[str, Any]) -> dict[str, Instrument]:
    """The instruments of a parsed instruments.toml, checked, in file order."""
    found = {}
    known = {"title", "short", "note", "in_force", "force", "binds", "binds_article", "quoted"}
    for short, entry in data.items():
        if not isinstance(entry, Mapping):
            raise InstrumentsProblem(f"instruments.toml [{short}]: must be a table")
        unknown = set(entry) - known
        if unknown:
            raise InstrumentsProblem(f"instruments.toml [{short}]: unknown field {sorted(unknown)[0]}")
        force = entry.get("force")
        if force not in FORCES:
            raise InstrumentsProblem(f"instruments.toml [{short}]: force must be one of {', '.join(FORCES)}")
        since = entry.get("in_force")
        if since is not None and not (isinstance(since, dt.date) and not isinstance(since, dt.datetime)):
            raise InstrumentsProblem(f"instruments.toml [{short}]: in_force must be a date, YYYY-MM-DD")
        if since is None and force in ("law", "standard"):
            raise InstrumentsProblem(f"instruments.toml [{short}]: a {force} needs its in_force date")
        articles = entry.get("binds_article", {})
        found[short] = Instrument(
            short=short,
            title=_texts(short, entry, "title"),
            short_title=_texts(short, entry, "short"),
            note=_texts(short, entry, "note", required=False),
            force=force,
            in_force=since,
            binds=_roles(short, entry["binds"], "binds") if "binds" in entry else None,
            binds_article={a: _roles(short, r, f"binds_article.{a}") for a, r in articles.items()},
            quoted=entry.get("quoted", True) is not False,
        )
    return found


@cache
def instruments() -> dict[str, Instrument]:
    """Every instrument of dialogs/instruments.toml, read once per process, in the order outputs list them."""
    path = dialogs_folder() / "instruments.toml"
    return instruments_from(tomllib.loads(path.read_text(encoding="utf-8")))


def instrument_of(citation: str) -> Instrument | None:
    """The instrument a basis id cites (`DSP Art. 19(1)` -> DSP), None for one of no instrument (`GB 45438-2025`)."""
    return instruments().get(citation.split(" ")[0])


def binds(citation: str, roles: Iterable[str]) -> bool:
    """Whether `citation` binds a filer holding `roles` (a DSP article only a deep synthesis role, RULES §3)."""
    found = instrument_of(citation)
    bound = found.binds_roles(citation) if found else None
    return bound is None or bool(set(roles) & set(bound))


# --- Numbers and dates in Chinese --------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1-199 in Chinese numerals, as articles are numbered: 十九, 二十三, 一百零二."""
    if n >= 100:
        hundreds, rest = divmod(n, 100)
        return _DIGITS[hundreds] + "百" + ("" if not rest else ("零" + _DIGITS[rest] if rest < 10 else "一" + chinese_number(rest) if rest < 20 else chinese_number(rest)))
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def chinese_date(day: dt.date | str) -> str:
    """2023-01-10 as 2023年1月10日."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day.year}年{day.month}月{day.day}日"


# --- One output's citations -----------------------------------------------------------------

_CITATION = re.compile(r"^(?P<short>[A-Z0-9]+) Art\. (?P<article>\d+)(?P<parts>(?:\(\d+\))*)$")
_SECTION = re.compile(r"^(?P<short>[A-Z0-9]+) §(?P<section>[\d.]+)$")


@cache
def _mentions() -> tuple[re.Pattern[str], dict[str, str]]:
    """Every way Chinese text names an instrument (full title, short title, an older alias), longest first."""
    names: dict[str, str] = {}
    for short, ins in instruments().items():
        names[ins.full("zh")] = short
        names[ins.brief("zh")] = short
    for alias, short in ALIASES.items():
        names[f"《{alias}》"] = short
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return pattern, names


class Citations:
    """How one output cites, in its language (RULES §1).

    In Chinese the first time an instrument is named, in a citation or in a
    sentence (`text`), it is written in full, and by its short title after:
    the output asks in the order it is read. A bracketed number is a paragraph
    (款), except `CSL Art. 23(3)`, an item (项). English cites the ids as they
    are (`DSP Art. 19`); the output lists what each short name stands for.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self.seen: dict[str, None] = {}
        """The instruments named so far, in order."""

    def _name(self, ins: Instrument) -> str:
        first = ins.short not in self.seen
        self.seen[ins.short] = None
        return ins.full(self.lang) if first else ins.brief(self.lang)

    def __call__(self, basis: str) -> str:
        return self.cite(basis)

    def cite(self, basis: str) -> str:
        """One basis id in the output's language."""
        ins = instrument_of(basis)
        if ins is None:
            return basis
        if self.lang != "zh":
            return basis
        title = self._name(ins)
        section = _SECTION.match(basis)
        if section:
            unit = "节" if ins.force == "practice" else "条"
            return f"{title}第{section['section']}{unit}"
        match = _CITATION.match(basis)
        if not match:
            return title
        text = f"{title}第{chinese_number(int(match['article']))}条"
        parts = [int(p) for p in re.findall(r"\d+", match["parts"])]
        if ins.short == "CSL" and match["article"] == "23" and parts:
            return text + "".join(f"第（{chinese_number(p)}）项" for p in parts)
        if parts:
            text += f"第{chinese_number(parts[0])}款" + "".join(f"第（{chinese_number(p)}）项" for p in parts[1:])
        return text

    def text(self, sentence: str) -> str:
        """A sentence of the law as this output says it: in Chinese, every instrument it names written in full
        the first time in the output and by its short title after (an older alias too)."""
        if self.lang != "zh" or "《" not in sentence and not any(
            not ins.quoted and ins.short_title["zh"] in sentence for ins in instruments().values()
        ):
            return sentence
        pattern, names = _mentions()
        return pattern.sub(lambda m: self._name(instruments()[names[m.group(0)]]), sentence)
