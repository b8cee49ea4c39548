"""Working-day arithmetic on the Chinese calendar (holidays and weekend make-up days), pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Deadline:
    """A date `days` working days after `start`; `calendar_known` is False where Monday-Friday was assumed."""

    start: dt.date
    days: int
    due: dt.date
    calendar_known: bool

    def overdue(self, today: dt.date) -> bool:
        return self.due < today


@cache
def _china(year: int):
    # Deferred: importing holidays and building the calendar costs ~80 ms, and
    # only an interview with a launch date needs it.
    import holidays

    return holidays.China(years=year)


@cache
def calendar_known(year: int) -> bool:
    """Whether the State Council's notice for `year` is in the calendar library.

    The library computes the statutory holidays of any year from the lunar
    calendar, but the make-up working days (调休) only for years whose notice
    was published; those years carry a weekend working day or a moved day off.
    """
    calendar = _china(year)
    if any(day.year == year for day in calendar.weekend_workdays):
        return True
    return any("substitut" in name.lower() for day, name in calendar.items() if day.year == year)


def is_working_day(day: dt.date) -> bool:
    if not calendar_known(day.year):
        return day.weekday() < 5
    return _china(day.year).is_working_day(day)


def add_working_days(start: dt.date, days: int) -> Deadline:
    """The date `days` working days after `start` (the day of `start` itself not counted)."""
    day, counted, known = start, 0, True
    while counted < days:
        day += dt.timedelta(days=1)
        known = known and calendar_known(day.year)
        if is_working_day(day):
            counted += 1
    return Deadline(start=start, days=days, due=day, calendar_known=known)
