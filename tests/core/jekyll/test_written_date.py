"""The date as written beside the date Jekyll reads (core/jekyll/written_date.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from finews_desktop.core.jekyll.post import format_date, parse_post
from finews_desktop.core.jekyll.written_date import written_beside_read, written_date


def post(date_line: str) -> bytes:
    return f"---\nlayout: post\ntitle: t\n{date_line}\ntags: x\n---\nbody\n".encode()


def read_by_jekyll(raw: bytes) -> str:
    """The date as the library stores it: what parse_post (Jekyll's reading) makes of it, at +0800."""
    tz = ZoneInfo("Asia/Shanghai")
    parsed = parse_post(raw, "_posts/2021-12-08-a.md", tz, datetime(2024, 1, 1, tzinfo=tz))
    return format_date(parsed.date, tz)


def test_a_date_without_a_zone_is_shown_as_written_beside_what_jekyll_reads() -> None:
    raw = post("date: 2021-12-08 10:53:54")
    read = read_by_jekyll(raw)
    assert read == "2021-12-08 18:53:54 +0800"  # Psych reads a zoneless timestamp as UTC
    assert written_beside_read(raw, read) == "10:53:54"
    late = post("date: 2021-12-08 20:15:00")
    assert written_beside_read(late, read_by_jekyll(late)) == "2021-12-08 20:15:00"  # the next day at +0800


@pytest.mark.parametrize(
    "line",
    [
        "date: 2021-12-08 10:53:54 +0800",  # a zone: read as written
        "date: 2021-12-08T10:53:54+08:00",
        'date: "2021-12-08 10:53:54"',  # a string: Ruby's Time.parse in the site's zone, as written
        "date: 2021-12-08",  # a day alone
    ],
)
def test_dates_that_read_as_written_add_nothing(line: str) -> None:
    raw = post(line)
    assert written_beside_read(raw, read_by_jekyll(raw)) is None


def test_what_was_written() -> None:
    w = written_date(post("date: 2021-12-8 9:05:01   # morning"))
    assert w is not None and (w.day, w.time, w.has_zone) == ("2021-12-08", "09:05:01", False)
    w = written_date(post("date: '2021-12-08 10:53:54 +0800'"))
    assert w is not None and w.has_zone
    assert written_date(post("title2: x")) is None
    assert written_date(b"no front matter") is None
    assert written_date(post("date:  +0800")) is None
    assert written_beside_read(post("date: 2021-12-08 10:53:54"), None) is None


def test_the_finews_sample(finews_corpus: Path) -> None:
    raw = (finews_corpus / "_posts" / "2021-12-08-202112082206769714.md").read_bytes()
    assert written_beside_read(raw, "2021-12-08 18:53:54 +0800") == "10:53:54"
    raw = (finews_corpus / "_posts" / "2022-05-20-202205202386666750.md").read_bytes()
    assert written_beside_read(raw, "2022-05-20 17:01:37 +0800") is None
