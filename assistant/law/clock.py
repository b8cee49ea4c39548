"""China's clock: deadlines and `overdue` are counted on Asia/Shanghai's calendar, whatever the machine's zone.

A module of its own, so that a command learns today's date without importing the rules.
"""

from __future__ import annotations

import datetime as dt
import os


def china_zone() -> dt.tzinfo:
    """Asia/Shanghai, the filing system's clock (UTC+8, no daylight saving); a fixed UTC+8 where the
    machine has no time-zone database."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo("Asia/Shanghai")
    except (ZoneInfoNotFoundError, ValueError):
        return dt.timezone(dt.timedelta(hours=8))


def today_in_china(now: dt.datetime | None = None) -> dt.date:
    """Today's date in China (Asia/Shanghai), whatever the machine's own time zone: deadlines and
    `overdue` are counted on China's calendar. FILING_ASSISTANT_TODAY (YYYY-MM-DD), where a script
    or test fixes the clock, overrides it; a malformed value is passed over here (the command line
    reports it)."""
    if now is None:
        fixed = os.environ.get("FILING_ASSISTANT_TODAY")
        if fixed:
            try:
                return dt.date.fromisoformat(fixed)
            except ValueError:
                pass
        now = dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        now = now.astimezone()  # a naive time is the machine's local time
    return now.astimezone(china_zone()).date()
