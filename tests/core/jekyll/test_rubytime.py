"""Ruby's Time.parse as Jekyll reads dates (core/jekyll/rubytime.py): the forms issue 22 names.

Each expectation is what `TZ=Asia/Shanghai ruby -e 'require "time"; Time.parse(s, now)'` printed
(Ruby 3.1.2); test_rubytime_against_ruby.py compares thousands more with a running Ruby.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from finews_desktop.core.jekyll.ruby_date_parse import date_parse
from finews_desktop.core.jekyll.rubytime import RubyTimeError, parse_ruby_time

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2024, 1, 31, 13, 45, 56, 789012, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "ruby"),
    [
        ("11-9-2017", "2017-09-11 00:00:00 +0800"),  # day first with dashes
        ("11.9.2017", "2017-09-11 00:00:00 +0800"),  # and with dots
        ("2017-09-11 8:00:00 PM", "2017-09-11 20:00:00 +0800"),  # PM is the afternoon, not a zone
        ("2023-01-29 18:30:22 2023 -0800", "2023-01-29 18:30:22 +0800"),  # the year after the time hides the zone
        ("2022-05-20 17:01:37 +0800", "2022-05-20 17:01:37 +0800"),
        ("2022-05-20T17:01:37Z", "2022-05-21 01:01:37 +0800"),
        ("May 20, 2022", "2022-05-20 00:00:00 +0800"),
        ("Friday, 20 May 2022 5:01pm", "2022-05-20 17:01:00 +0800"),
        ("2022-02-31", "2022-03-03 00:00:00 +0800"),  # Time.local rolls past the month's end
        ("2022-04-31 23:00:00 -0500", "2022-05-01 12:00:00 +0800"),  # apply_offset's own rollover
        ("20220520", "2022-05-20 00:00:00 +0800"),
        ("17:01", "2024-01-31 17:01:00 +0800"),  # the date comes from now
        ("2022-05-20 17:01 CST", "2022-05-21 07:01:00 +0800"),  # CST is US Central to Ruby
        ("2022-05-20 17:01 Asia/Shanghai", "2022-05-20 17:01:00 +0800"),  # an unknown zone word: local time
        ("2022-05-20 17:01:37 +08", "2022-05-20 17:01:37 +0800"),
        ("2022-05-20 17:01:37 +8", "2022-05-20 17:01:37 +0800"),  # +8 is no offset to zone_offset: local
    ],
)
def test_dates_read_as_ruby_reads_them(text: str, ruby: str) -> None:
    assert parse_ruby_time(text, SHANGHAI, NOW).strftime("%Y-%m-%d %H:%M:%S %z") == ruby


@pytest.mark.parametrize("text", ["garbage", "2022-05", "", "2022-05-20 " + "x" * 120, "2022-13-01"])
def test_what_ruby_rejects_is_an_error(text: str) -> None:
    with pytest.raises(RubyTimeError):
        parse_ruby_time(text, SHANGHAI, NOW)


def test_a_date_without_a_zone_is_in_the_zone_the_caller_gives() -> None:
    new_york = ZoneInfo("America/New_York")
    moment = parse_ruby_time("11-9-2017 8:00 PM", new_york, NOW)
    assert moment.strftime("%Y-%m-%d %H:%M:%S %z") == "2017-09-11 20:00:00 -0400"


def test_date_parse_names_the_fields_it_read() -> None:
    """Date._parse's hash, e.g. `Date._parse("Sat Aug 28 02:55:50 +09:00 1999")` of Ruby's documentation."""
    h = date_parse("Sat Aug 28 02:55:50 +09:00 1999")
    assert {k: h[k] for k in ("wday", "mon", "mday", "hour", "min", "sec", "zone", "year")} == {
        "wday": 6,
        "mon": 8,
        "mday": 28,
        "hour": 2,
        "min": 55,
        "sec": 50,
        "zone": "+09:00",
        "year": 1999,
    }
