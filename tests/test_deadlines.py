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
