"""Working-day arithmetic on the Chinese calendar (holidays and weekend make-up days), pure.

The calendar comes from the `holidays` package. Importing it and building a
year costs ~100 ms, more than the rest of `summary` together, so each year's
answer (weekdays off, weekend days worked, whether the State Council's notice
is known) is kept in a small cache file keyed by the package's version; a new
version of `holidays` starts a new cache. Without a writable cache folder the
library is simply asked every time.

A deadline must not move because someone planted a file: the cache is read
only as a file of this user that nobody else may write (cache.read_private:
no symbolic or hard link, mode 0600 as written), it names the `holidays`
version it was made from and carries a hash of its content, and each year in
it must look like a Chinese calendar year (days off on weekdays, make-up days
on weekends, all in that year, no more than any real year has); anything else
is asked of the library again and the cache rewritten.
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
    calendar, but the make-up working days only for years whose notice it
    holds; those years carry a weekend working day or a moved day off. For any
    other year the notice is not in the assistant's calendar (it may well be
    published): Monday-Friday is assumed, and the real deadline may fall later.
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


def _cache_file(version: str) -> Path:
    from assistant.cache import cache_folder

    return cache_folder() / f"china-calendar-holidays-{version}.json"


MAX_CACHE_BYTES = 1024 * 1024
MAX_WEEKDAYS_OFF = 25
"""No year has more weekdays off: the statutory holidays are 13 days, some of them on weekends."""
MAX_WEEKENDS_WORKED = 12
"""No year has more make-up working days on weekends (about six in a year with long holidays)."""


def _read_cache(path: Path, version: str) -> dict[str, dict]:
    """The years in the cache file, if this user wrote it for this `holidays` version and it is intact."""
    from assistant.cache import read_private, unsealed

    raw = read_private(path, MAX_CACHE_BYTES)
    body = unsealed(raw, {"holidays": version}) if raw else None
    if body is None:
        return {}
    try:
        data = json.loads(body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _is_year(key: str) -> bool:
    return len(key) == 4 and key.isascii() and key.isdigit()


def _year_from_entry(year: int, entry: object) -> Year | None:
    """One cached year, if it could be a year of the Chinese calendar; None for anything else."""
    if not isinstance(entry, dict) or set(entry) != {"known", "off", "worked"}:
        return None
    known, off, worked = entry["known"], entry["off"], entry["worked"]
    if not isinstance(known, bool) or not isinstance(off, list) or not isinstance(worked, list):
        return None
    if len(off) > MAX_WEEKDAYS_OFF or len(worked) > MAX_WEEKENDS_WORKED or (worked and not known):
        return None
    try:
        days_off = frozenset(dt.date.fromisoformat(d) for d in off)
        days_worked = frozenset(dt.date.fromisoformat(d) for d in worked)
    except (TypeError, ValueError):
        return None
    if any(d.year != year or d.weekday() >= 5 for d in days_off):
        return None
    if any(d.year != year or d.weekday() < 5 for d in days_worked):
        return None
    return Year(known=known, off=days_off, worked=days_worked)


@cache
def china_year(year: int) -> Year:
    """One year of the calendar, from the cache where it holds it, else from the library."""
    version = _library_version()
    path = _cache_file(version) if version else None
    entries = _read_cache(path, version) if path else {}
    cached = _year_from_entry(year, entries.get(str(year)))
    if cached is not None:
        return cached
    result = year_from_library(year)
    if path:
        from assistant.cache import sealed, write_private

        # Only the years that pass the same checks are kept: a bad entry is not carried over.
        kept = {k: v for k, v in entries.items() if _is_year(k) and _year_from_entry(int(k), v) is not None}
        kept[str(year)] = {
            "known": result.known,
            "off": sorted(d.isoformat() for d in result.off),
            "worked": sorted(d.isoformat() for d in result.worked),
        }
        write_private(path, sealed({"holidays": version}, json.dumps(kept, sort_keys=True).encode("utf-8")))
    return result


def calendar_known(year: int) -> bool:
    return china_year(year).known


def is_working_day(day: dt.date) -> bool:
    return china_year(day.year).is_working_day(day)


def add_working_days(start: dt.date, days: int) -> Deadline:
    """The date `days` working days after `start` (the day of `start` itself not counted)."""
    day, counted, known = start, 0, True
    while counted < days:
        if day == dt.date.max:  # answers keep to 2000-2100 (CONTRACT §2); past year 9999 there is no calendar
            return Deadline(start=start, days=days, due=day, calendar_known=False)
        day += dt.timedelta(days=1)
        known = known and calendar_known(day.year)
        if is_working_day(day):
            counted += 1
    return Deadline(start=start, days=days, due=day, calendar_known=known)
