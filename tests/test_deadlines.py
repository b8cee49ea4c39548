"""Working days as the State Council's holiday notice counts them, make-up weekend days included."""

import datetime as dt

from assistant.law.deadlines import add_working_days, calendar_known, is_working_day


def test_a_weekend_make_up_day_is_a_working_day():
    assert dt.date(2026, 2, 14).weekday() == 5
    assert is_working_day(dt.date(2026, 2, 14))


def test_spring_festival_is_not_a_working_day():
    assert not is_working_day(dt.date(2026, 2, 17))


def test_ten_working_days_over_spring_festival():
    # 11-13 Feb (3), Saturday 14 Feb a make-up day (4), 15-23 Feb off, Tue 24 - Fri 27 (8),
    # Saturday 28 Feb a make-up day (9), Monday 2 March (10).
    deadline = add_working_days(dt.date(2026, 2, 10), 10)
    assert deadline.due == dt.date(2026, 3, 2)
    assert deadline.calendar_known


def test_a_year_without_a_published_notice_falls_back_to_monday_to_friday():
    assert not calendar_known(2031)
    deadline = add_working_days(dt.date(2031, 1, 1), 5)
    assert deadline.due == dt.date(2031, 1, 8)
    assert not deadline.calendar_known


def test_a_deadline_already_past_is_overdue():
    deadline = add_working_days(dt.date(2026, 1, 5), 10)
    assert deadline.overdue(dt.date(2026, 11, 25))
    assert not deadline.overdue(deadline.due)


def test_the_calendar_cache_says_what_the_library_says(tmp_path, monkeypatch):
    from assistant.law import deadlines

    monkeypatch.setenv("FILING_ASSISTANT_CACHE", str(tmp_path))
    for year in (2025, 2026, 2031):
        deadlines.china_year.cache_clear()
        first = deadlines.china_year(year)  # computed and written
        deadlines.china_year.cache_clear()
        assert deadlines.china_year(year) == first == deadlines.year_from_library(year)
    assert len(list(tmp_path.glob("china-calendar-holidays-*.json"))) == 1


def test_a_damaged_calendar_cache_is_recomputed(tmp_path, monkeypatch):
    from assistant.law import deadlines

    monkeypatch.setenv("FILING_ASSISTANT_CACHE", str(tmp_path))
    deadlines.china_year.cache_clear()
    deadlines.china_year(2026)
    cache_file = next(tmp_path.glob("*.json"))
    cache_file.write_text('{"2026": {"known": true, "off": ["not a date"]}}')
    deadlines.china_year.cache_clear()
    assert deadlines.china_year(2026) == deadlines.year_from_library(2026)
    deadlines.china_year.cache_clear()


# --- The calendar cache cannot be turned against the user (issue 9) ---------------------------

import json  # noqa: E402
import os  # noqa: E402

import pytest  # noqa: E402

SPRING = (dt.date(2026, 2, 10), 10, dt.date(2026, 3, 2))
"""A deadline over Spring Festival: a crafted cache entry would move it."""


@pytest.fixture
def calendar_cache(tmp_path, monkeypatch):
    """The cache file after a first run wrote 2026 into it; china_year forgets between steps."""
    from assistant.law import deadlines

    folder = tmp_path / "cache"
    monkeypatch.setenv("FILING_ASSISTANT_CACHE", str(folder))
    deadlines.china_year.cache_clear()
    deadlines.china_year(2026)
    deadlines.china_year.cache_clear()
    [path] = folder.glob("china-calendar-*.json")
    yield path
    deadlines.china_year.cache_clear()


def read_cache(path) -> tuple[dict, dict]:
    """The header (what the file was made from) and the years of a calendar cache file."""
    header, _, body = path.read_bytes().partition(b"\n")
    return {k: v for k, v in json.loads(header).items() if k != "sha256"}, json.loads(body)


def write_cache(path, header: dict, years: dict) -> None:
    """A calendar cache file as this code writes it, hash included: what someone could plant."""
    from assistant.cache import sealed

    path.write_bytes(sealed(header, json.dumps(years).encode("utf-8")))
    path.chmod(0o600)


def crafted(path, where=None, change=None):
    """The cache with Friday 27 February 2026 made a holiday: it would move the Spring deadline by a day."""
    header, years = read_cache(path)
    entry = years["2026"]
    entry["off"] = sorted(set(entry["off"]) | {"2026-02-27"})
    if change:
        change(entry)
    where = where or path
    write_cache(where, header, years)
    return where


def spring_deadline_is_unmoved() -> None:
    from assistant.law import deadlines

    deadlines.china_year.cache_clear()
    start, days, due = SPRING
    assert add_working_days(start, days).due == due
    assert deadlines.china_year(2026) == deadlines.year_from_library(2026)


def test_the_calendar_cache_is_private(calendar_cache):
    assert oct(calendar_cache.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("permissions", [0o666, 0o664, 0o602, 0o640], ids=oct)
def test_a_calendar_cache_others_could_have_written_is_not_trusted(calendar_cache, permissions):
    crafted(calendar_cache).chmod(permissions)
    spring_deadline_is_unmoved()


def test_a_symlink_planted_as_the_calendar_cache_is_not_followed(calendar_cache, tmp_path):
    target = crafted(calendar_cache, tmp_path / "elsewhere.json")
    calendar_cache.unlink()
    calendar_cache.symlink_to(target)
    spring_deadline_is_unmoved()


def test_a_hard_link_planted_as_the_calendar_cache_is_not_trusted(calendar_cache, tmp_path):
    target = crafted(calendar_cache, tmp_path / "elsewhere.json")
    calendar_cache.unlink()
    os.link(target, calendar_cache)
    spring_deadline_is_unmoved()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_calendar_cache_owned_by_another_user_is_not_trusted(calendar_cache):
    crafted(calendar_cache)
    os.chown(calendar_cache, 65534, 65534)
    spring_deadline_is_unmoved()


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e.update(off=e["off"] + [f"2026-{m:02}-{d:02}" for m in range(3, 12) for d in range(2, 27, 2)]),
        lambda e: e.update(off=e["off"] + ["2025-12-31"]),
        lambda e: e.update(off=e["off"] + ["2026-02-28"]),
        lambda e: e.update(worked=e["worked"] + ["2026-03-02"]),
        lambda e: e.update(known=False),
        lambda e: e.update(known="yes"),
        lambda e: e.update(off=e["worked"][:1] + e["off"]),
    ],
    ids=["too-many-days-off", "a-day-of-another-year", "a-weekend-day-off", "a-weekday-worked", "unknown-with-make-up-days", "not-a-boolean", "off-and-worked"],
)
def test_an_implausible_calendar_entry_is_recomputed_even_in_a_private_file(calendar_cache, change):
    crafted(calendar_cache, change=change)
    spring_deadline_is_unmoved()


def test_the_calendar_cache_of_another_holidays_version_is_not_taken(calendar_cache):
    """A file written for another version of `holidays` (renamed to this one's name) names its version inside: refused."""
    header, years = read_cache(calendar_cache)
    years["2026"]["off"].append("2026-02-27")
    assert header["holidays"] != "0.0.1"
    write_cache(calendar_cache, {**header, "holidays": "0.0.1"}, years)
    spring_deadline_is_unmoved()


def test_control_a_private_calendar_cache_of_this_user_is_trusted(calendar_cache):
    """The control for the tests above: the same crafted entry, in the cache file itself, is used
    (a file this user wrote is trusted); the tests above show nobody else can put it there."""
    from assistant.law import deadlines

    crafted(calendar_cache)
    deadlines.china_year.cache_clear()
    start, days, due = SPRING
    assert add_working_days(start, days).due == due + dt.timedelta(days=1)


def test_a_damaged_calendar_cache_file_is_rewritten(calendar_cache):
    raw = calendar_cache.read_bytes()
    calendar_cache.write_bytes(raw.replace(b'"2026-02-16"', b'"2026-02-27"'))
    spring_deadline_is_unmoved()
    assert calendar_cache.read_bytes() == raw
