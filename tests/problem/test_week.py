"""The week in minutes and the session notation: days, ranges, midnight, 24:00, wrap-around."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stacker import Gig
from stacker.problem.week import (
    DAY,
    DAYS,
    WEEK,
    clock,
    format_interval,
    interval_text,
    overlaps,
    parse_intervals,
    pieces,
)

MON, TUE, WED, THU, FRI, SAT, SUN = (i * DAY for i in range(7))


def at(day: int, hour: int, minute: int = 0) -> int:
    return day + hour * 60 + minute


def test_constants():
    assert DAY == 1440 and WEEK == 7 * 1440
    assert DAYS == ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


# ---------------------------------------------------------------- days


def test_single_day():
    assert parse_intervals("Mon 09:00-09:50") == [(at(MON, 9), at(MON, 9, 50))]
    assert parse_intervals("Sun 09:00-09:50") == [(at(SUN, 9), at(SUN, 9, 50))]


def test_day_list_in_the_order_written():
    assert parse_intervals("Tue,Thu 13:00-14:15") == [(at(TUE, 13), at(TUE, 14, 15)), (at(THU, 13), at(THU, 14, 15))]
    assert [s // DAY for s, _ in parse_intervals("Fri,Mon,Wed 09:00-10:00")] == [4, 0, 2]


def test_day_list_with_spaces():
    assert parse_intervals("Tue, Thu 13:00-14:15") == parse_intervals("Tue,Thu 13:00-14:15")
    assert parse_intervals("  Mon  09:00 - 10:00  ") == parse_intervals("Mon 09:00-10:00")


def test_day_range():
    got = parse_intervals("Mon-Fri 09:00-17:00")
    assert got == [(at(d, 9), at(d, 17)) for d in (MON, TUE, WED, THU, FRI)]


def test_day_range_wrapping_over_the_weekend():
    assert [s // DAY for s, _ in parse_intervals("Fri-Mon 09:00-17:00")] == [4, 5, 6, 0]
    assert [s // DAY for s, _ in parse_intervals("Sun-Tue 09:00-17:00")] == [6, 0, 1]


def test_whole_week_and_one_day_range():
    assert [s // DAY for s, _ in parse_intervals("Mon-Sun 20:00-24:00")] == list(range(7))
    assert parse_intervals("Wed-Wed 09:00-10:00") == [(at(WED, 9), at(WED, 10))]


def test_ranges_and_lists_mixed():
    assert [s // DAY for s, _ in parse_intervals("Mon-Wed,Fri,Sat-Sun 10:00-11:00")] == [0, 1, 2, 4, 5, 6]


def test_day_named_twice_is_an_error():
    with pytest.raises(ValueError, match="twice"):
        parse_intervals("Mon-Fri,Wed 09:00-10:00")


@pytest.mark.parametrize(
    "text",
    [f"{name} 09:00-10:00" for name in ("monday", "Monday", "MONDAY", "mon", "MON", "mOn")],
)
def test_full_names_and_any_case(text):
    assert parse_intervals(text) == [(at(MON, 9), at(MON, 10))]


def test_full_name_ranges_and_lists():
    assert parse_intervals("monday-friday 09:00-17:00") == parse_intervals("Mon-Fri 09:00-17:00")
    assert parse_intervals("Tuesday,THURSDAY 13:00-14:15") == parse_intervals("Tue,Thu 13:00-14:15")
    assert parse_intervals("Saturday-sun 10:00-18:00") == parse_intervals("Sat-Sun 10:00-18:00")


@pytest.mark.parametrize("name", ["Funday", "Tues", "Thurs", "M", "Mo", "1", "Mon.", ""])
def test_unknown_day_names(name):
    with pytest.raises(ValueError, match="unknown day"):
        parse_intervals(f"{name},Tue 09:00-10:00")


# ---------------------------------------------------------------- times


def test_one_digit_hours_are_fine():
    assert parse_intervals("Mon 9:00-9:50") == parse_intervals("Mon 09:00-09:50")


def test_24_00_end():
    assert parse_intervals("Mon 22:00-24:00") == [(at(MON, 22), TUE)]
    assert parse_intervals("Mon 00:00-24:00") == [(MON, TUE)]
    assert parse_intervals("Sun 20:00-24:00") == [(at(SUN, 20), WEEK)]


def test_24_00_only_as_an_end():
    with pytest.raises(ValueError, match="24:00 is only valid as an end"):
        parse_intervals("Mon 24:00-02:00")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Mon 25:00-26:00", "hour must be 0-24"),
        ("Mon 09:00-24:30", "past 24:00"),
        ("Mon 10:00-10:60", "minute must be 0-59"),
        ("Mon 9-10", "must be HH:MM"),
        ("Mon 09:00-10", "must be HH:MM"),
        ("Mon 9h-10h", "must be HH:MM"),
        ("Mon 009:00-10:00", "must be HH:MM"),
        ("Mon 09:00", "must look like"),
        ("09:00-10:00", "must look like"),
        ("Mon 09:00-10:00 extra", "must look like"),
    ],
)
def test_bad_times(text, message):
    with pytest.raises(ValueError, match=message):
        parse_intervals(text)


@pytest.mark.parametrize("value", [None, 5, ["Mon 09:00-10:00"]])
def test_not_text(value):
    with pytest.raises(ValueError, match="must be text"):
        parse_intervals(value)


# ---------------------------------------------------------------- midnight and the week's end


def test_midnight_crossing():
    assert parse_intervals("Fri 22:00-02:00") == [(at(FRI, 22), at(SAT, 2))]
    got = parse_intervals("Tue,Thu 23:30-00:30")
    assert got == [(at(TUE, 23, 30), at(WED, 0, 30)), (at(THU, 23, 30), at(FRI, 0, 30))]


@pytest.mark.parametrize("text", ["Fri 10:00-10:00", "Mon 09:00-09:00", "Sun 00:00-00:00"])
def test_end_equal_to_start_is_an_error_with_a_hint(text):
    with pytest.raises(ValueError, match=r"starts and ends at \d\d:\d\d; for a whole day write '00:00-24:00'"):
        parse_intervals(text)
    assert parse_intervals("Mon 00:00-24:00") == [(MON, TUE)]


def test_end_at_midnight_written_as_00_00_runs_to_midnight():
    assert parse_intervals("Mon 22:00-00:00") == [(at(MON, 22), TUE)]


def test_sunday_night_wraps_to_monday():
    [(start, end)] = parse_intervals("Sun 22:00-02:00")
    assert (start, end) == (at(SUN, 22), WEEK + 120)
    assert pieces(start, end) == [(at(SUN, 22), WEEK), (0, 120)]
    assert overlaps((start, end), (at(MON, 1), at(MON, 3)))
    assert not overlaps((start, end), (at(MON, 2), at(MON, 3)))
    assert overlaps((start, end), (at(SUN, 23), at(SUN, 23, 30)))


def test_pieces_split_at_each_midnight():
    assert pieces(at(FRI, 22), at(SAT, 2)) == [(at(FRI, 22), SAT), (SAT, at(SAT, 2))]
    assert pieces(at(MON, 9), at(MON, 17)) == [(at(MON, 9), at(MON, 17))]
    assert pieces(at(MON, 22), TUE) == [(at(MON, 22), TUE)]


def test_overlaps_is_open_at_the_ends():
    assert not overlaps((at(MON, 9), at(MON, 10)), (at(MON, 10), at(MON, 11)))
    assert overlaps((at(MON, 9), at(MON, 10, 1)), (at(MON, 10), at(MON, 11)))
    assert not overlaps((at(SUN, 22), WEEK), (0, 60))


def test_a_fixed_gig_keeps_its_wrapping_session():
    gig = Gig("night", weekly_pay=150, sessions=["Sun 22:00-02:00", "Mon 02:00-04:00"])
    assert gig.intervals == ((at(SUN, 22), WEEK + 120), (at(MON, 2), at(MON, 4)))
    assert gig.hour_range == (6.0, 6.0)


# ---------------------------------------------------------------- writing intervals back


def test_clock():
    assert clock(0) == "00:00" and clock(9 * 60 + 5) == "09:05" and clock(DAY) == "24:00"


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        ((at(MON, 9), at(MON, 9, 50)), "Mon 09:00-09:50"),
        ((at(FRI, 22), at(SAT, 2)), "Fri 22:00-02:00"),
        ((at(MON, 22), TUE), "Mon 22:00-24:00"),
        ((MON, TUE), "Mon 00:00-24:00"),
        ((at(SUN, 22), WEEK + 120), "Sun 22:00-02:00"),
        ((at(SUN, 20), WEEK), "Sun 20:00-24:00"),
    ],
)
def test_interval_text(interval, text):
    assert interval_text(*interval) == text
    assert format_interval(*interval) == tuple(text.replace("-", " ").split())
    assert parse_intervals(text) == [interval]


def test_format_interval_of_a_start_past_the_week():
    # a time given past the week's end is read modulo the week
    assert format_interval(WEEK + 60, WEEK + 120) == ("Mon", "01:00", "02:00")


intervals = st.builds(
    lambda start, length: (start, start + length),
    st.integers(0, WEEK - 1),
    st.integers(1, DAY),
)


@given(intervals)
def test_interval_text_round_trip(interval):
    start, end = interval
    if end - start == DAY and start % DAY:  # 24 hours from 10:00 reads "10:00-10:00": not a session
        with pytest.raises(ValueError, match="starts and ends at"):
            parse_intervals(interval_text(*interval))
        return
    assert parse_intervals(interval_text(*interval)) == [interval]


@given(intervals)
def test_format_interval_parts(interval):
    day, start, end = format_interval(*interval)
    assert day == DAYS[interval[0] // DAY]
    assert start != "24:00"
    runs_past_midnight = interval[0] % DAY + interval[1] - interval[0] > DAY
    assert (end <= start) == runs_past_midnight  # "HH:MM" text compares like the times


@given(intervals)
def test_pieces_cover_the_interval(interval):
    parts = pieces(*interval)
    assert sum(e - s for s, e in parts) == interval[1] - interval[0]
    assert all(0 <= s < e <= WEEK and s // DAY == (e - 1) // DAY for s, e in parts)
    assert len(parts) <= 2


@given(intervals, intervals)
def test_overlaps_matches_minute_sets(a, b):
    def minutes(iv):
        return {m % WEEK for m in range(*iv)}

    assert overlaps(a, b) == bool(minutes(a) & minutes(b))
    assert overlaps(a, b) == overlaps(b, a)


@given(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True), intervals)
def test_day_lists_round_trip(days, interval):
    _, begin, finish = format_interval(*interval)
    if begin == finish:  # 24 hours from 10:00: not a session (see test_interval_text_round_trip)
        return
    got = parse_intervals(f"{','.join(days)} {begin}-{finish}")
    length = interval[1] - interval[0]
    start_of_day = interval[0] % DAY
    assert got == [(DAYS.index(d) * DAY + start_of_day, DAYS.index(d) * DAY + start_of_day + length) for d in days]
