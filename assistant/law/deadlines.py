"""Working-day arithmetic on the Chinese calendar (holidays and weekend make-up days), pure.

The calendar comes from the `holidays` package. Importing it and building a
year costs ~100 ms, more than the rest of `summary` together, so each year's
answer (weekdays off, weekend days worked, whether the State Council's notice
is known) is kept in a small cache file keyed by the package's version; a new
version of `holidays` starts a new cache. Without a writable cache folder the
library is simply asked every time.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Deadline:
    """A date `days` working days after `start`; `calendar_known` is False where Monday-Friday was assumed."""

    start: dt.date
    days: int
    due: dt.date
    calendar_known: bool

    def overdue(self, today: dt.date) -> bool:
        return self.due < today


@dataclass(frozen=True)
class Year:
    """One year of the Chinese working calendar."""

    known: bool
    """Whether the State Council's holiday notice for the year is in the library."""
    off: frozenset[dt.date]
    """Weekdays that are holidays."""
    worked: frozenset[dt.date]
    """Weekend days that are working days (调休)."""

    def is_working_day(self, day: dt.date) -> bool:
        if not self.known:
            return day.weekday() < 5
        return day in self.worked or (day.weekday() < 5 and day not in self.off)


def year_from_library(year: int) -> Year:
    """Ask `holidays` about one year.

    The library computes the statutory holidays of any year from the lunar
    calendar, but the make-up working days only for years whose notice was
    published; those years carry a weekend working day or a moved day off.
    """
    import holidays

    calendar = holidays.China(years=year)
    worked = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    known = bool(worked) or any("substitut" in name.lower() for d, name in calendar.items() if d.year == year)
    off = frozenset(d for d in calendar if d.year == year and d.weekday() < 5)
    return Year(known=known, off=off, worked=worked)


def _library_version() -> str | None:
    """The installed `holidays` version, from its dist-info folder name: no import (~1 ms, not ~100)."""
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return None
    site = Path(next(iter(spec.submodule_search_locations))).parent
    found = [re.match(r"holidays-(.+)\.dist-info$", p.name) for p in site.glob("holidays-*.dist-info")]
    versions = [m.group(1) for m in found if m]
    # Two dist-info folders means a broken install: better no cache than a wrong one.
    return versions[0] if len(versions) == 1 else None


def _cache_file() -> Path | None:
    version = _library_version()
    if version is None:
        return None
    from assistant.law.questions import cache_folder

    return cache_folder() / f"china-calendar-holidays-{version}.json"


def _read_cache(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


@cache
def china_year(year: int) -> Year:
    """One year of the calendar, from the cache where it holds it, else from the library."""
    path = _cache_file()
    entries = _read_cache(path) if path else {}
    entry = entries.get(str(year))
    if isinstance(entry, dict):
        try:
            return Year(
                known=bool(entry["known"]),
                off=frozenset(dt.date.fromisoformat(d) for d in entry["off"]),
                worked=frozenset(dt.date.fromisoformat(d) for d in entry["worked"]),
            )
        except (KeyError, TypeError, ValueError):
            pass  # a damaged entry is recomputed below and written again
    result = year_from_library(year)
    if path:
        entries[str(year)] = {
            "known": result.known,
            "off": sorted(d.isoformat() for d in result.off),
            "worked": sorted(d.isoformat() for d in result.worked),
        }
        from assistant.errors import BadInput
        from assistant.atomic import write_atomic

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(entries).encode("utf-8"), mode=0o644)
        except (OSError, BadInput):
            pass  # a cache that cannot be written only costs time
    return result


def calendar_known(year: int) -> bool:
    return china_year(year).known


def is_working_day(day: dt.date) -> bool:
    return china_year(day.year).is_working_day(day)


def add_working_days(start: dt.date, days: int) -> Deadline:
    """The date `days` working days after `start` (the day of `start` itself not counted)."""
    day, counted, known = start, 0, True
    while counted < days:
        day += dt.timedelta(days=1)
        known = known and calendar_known(day.year)
        if is_working_day(day):
            counted += 1
    return Deadline(start=start, days=days, due=day, calendar_known=known)
