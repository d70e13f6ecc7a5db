"""The timeline's counts against a plain SQL count, and narrowing to bars against the search.

The library's posts are dated in three timezones (so a post's local day is often not its UTC
day), some have no date and some are trashed; part of them changed after the index was built.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finews_desktop.core.search.engine import index_for, search
from finews_desktop.core.search.query import required_dates
from finews_desktop.core.search.timeline import (
    UNITS,
    bar_end,
    bar_of,
    bar_start,
    date_term,
    narrowed_query,
    query_timeline,
)
from finews_desktop.core.store.library import Library
from tests.core.search_helpers import Spec, add_posts, run_sql, update_posts

ZONES = [ZoneInfo("Asia/Shanghai"), ZoneInfo("UTC"), ZoneInfo("America/New_York")]
WORDS = ["光伏", "风电", "银行", "茅台", "碳", "能源", "NIO"]
TAGS = ["东财滚动新闻", "要闻", "公司"]
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

# The same bars, written in SQL over the stored local date (date_text: 'YYYY-MM-DD hh:mm:ss +zzzz')
SQL_BAR = {
    "day": "substr(date_text, 1, 10)",
    "week": "date(substr(date_text, 1, 10), 'weekday 0', '-6 days')",  # the Monday of its week
    "month": "substr(date_text, 1, 7)",
}


def _spec(rng: random.Random, undated: bool) -> Spec:
    start = datetime(2021, 11, 20, tzinfo=ZONES[0])
    when = (start + timedelta(minutes=rng.randint(0, 200 * 24 * 60))).astimezone(rng.choice(ZONES))
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 3)))
    return Spec(words, words, tags=rng.sample(TAGS, rng.randint(0, 2)), when=None if undated else when)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    rng = random.Random(7)
    lib = Library.open(tmp_path_factory.mktemp("timeline"))
    ids = add_posts(lib, [_spec(rng, undated=i % 41 == 0) for i in range(400)])
    assert index_for(lib).catch_up()
    update_posts(lib, {pid: _spec(rng, undated=False) for pid in ids[:15]})
    run_sql(lib, "UPDATE post SET trashed_at = 1 WHERE id % 17 = 0", changed=[i for i in ids if i % 17 == 0])
    yield lib
    lib.close()


def sql_counts(lib: Library, ids: list[int], unit: str) -> Counter[str]:
    rows = lib.db.execute_sql(
        f"SELECT {SQL_BAR[unit]}, count(*) FROM post WHERE date_text IS NOT NULL "
        f"AND id IN (SELECT value FROM json_each(?)) GROUP BY 1",
        (json.dumps(ids),),
    )
    return Counter(dict(rows.fetchall()))


def sql_days(lib: Library, ids: list[int]) -> dict[int, date | None]:
    rows = lib.db.execute_sql(
        "SELECT id, substr(date_text, 1, 10) FROM post WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),),
    )
    return {pid: date.fromisoformat(day) if day else None for pid, day in rows}


def bar_key(unit: str, day: date) -> str:
    return day.isoformat()[:7] if unit == "month" else day.isoformat()


def timeline_counts(counts: list[int], start_of: object, unit: str) -> Counter[str]:
    return Counter({bar_key(unit, start_of(i)): n for i, n in enumerate(counts) if n})  # type: ignore[operator]


def queries() -> st.SearchStrategy[str]:
    term = st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(TAGS).map(lambda t: f"tag:{t}"),
        st.sampled_from(["date:2021-12", "date:2022-01-03..2022-02-14", "date:>2022-03-01", "date:<=2022-01"]),
        st.just("is:trashed"),
    )
    part = st.tuples(st.sampled_from(["", "-"]), term).map("".join)
    either = st.lists(part, min_size=1, max_size=2).map(" OR ".join)
    return st.lists(either, min_size=0, max_size=3).map(" ".join)


@SETTINGS
@given(query=queries(), unit=st.sampled_from(UNITS))
def test_counts_equal_a_sql_count_of_the_same_bars(library: Library, query: str, unit: str) -> None:
    found = list(search(library, query).ids)
    timeline = query_timeline(library, [query], unit)
    series = timeline.series[0]
    assert series.total == len(found)
    assert timeline_counts(series.counts, timeline.start_of, unit) == sql_counts(library, found, unit)
    everything = list(search(library, "").ids)
    assert timeline_counts(timeline.background, timeline.start_of, unit) == sql_counts(library, everything, unit)


@SETTINGS
@given(query=queries(), unit=st.sampled_from(UNITS), a=st.integers(0, 240), length=st.integers(0, 90))
def test_a_span_counts_only_its_bars(library: Library, query: str, unit: str, a: int, length: int) -> None:
    first = date(2021, 11, 1) + timedelta(days=a)
    span = (first, first + timedelta(days=length))
    timeline = query_timeline(library, [query, "光伏"], unit, span=span)
    assert timeline.start_of(0) <= span[0] and timeline.end_of(len(timeline) - 1) >= span[1]
    assert len(timeline) == bar_of(unit, span[1]) - bar_of(unit, span[0]) + 1
    for series in timeline.series:
        found = list(search(library, series.query).ids)
        on_bars = [pid for pid, day in sql_days(library, found).items() if day and span_days(timeline, day)]
        assert timeline_counts(series.counts, timeline.start_of, unit) == sql_counts(library, on_bars, unit)


def span_days(timeline: object, day: date) -> bool:
    return timeline.start_of(0) <= day <= timeline.end_of(len(timeline) - 1)  # type: ignore[attr-defined]


@SETTINGS
@given(query=queries(), unit=st.sampled_from(UNITS), bars=st.tuples(st.integers(0, 400), st.integers(0, 400)))
def test_narrowing_to_bars_finds_exactly_their_posts(
    library: Library, query: str, unit: str, bars: tuple[int, int]
) -> None:
    timeline = query_timeline(library, [query], unit)
    a, b = sorted(x % len(timeline) for x in bars)
    first, last = timeline.start_of(a), timeline.end_of(b)
    narrowed = narrowed_query(query, unit, first, last)
    found = list(search(library, query).ids)
    expected = {pid for pid, day in sql_days(library, found).items() if day and first <= day <= last}
    assert set(search(library, narrowed).ids) == expected, narrowed
    assert sum(timeline.series[0].counts[a : b + 1]) == len(expected)


def test_narrowing_replaces_the_date_term_it_can() -> None:
    day = date
    assert narrowed_query("光伏", "month", day(2022, 5, 1), day(2022, 5, 31)) == "光伏 date:2022-05"
    assert narrowed_query("光伏 date:2022", "month", day(2022, 5, 1), day(2022, 7, 31)) == "光伏 date:2022-05..2022-07"
    assert narrowed_query("date:2022-05-10.. 光伏", "day", day(2022, 5, 1), day(2022, 5, 31)) == (
        "光伏 date:2022-05-10..2022-05-31"
    )
    assert narrowed_query("光伏", "week", day(2022, 5, 2), day(2022, 5, 8)) == "光伏 date:2022-05-02..2022-05-08"
    assert narrowed_query("光伏", "day", day(2022, 5, 2), day(2022, 5, 2)) == "光伏 date:2022-05-02"
    # an OR or a minus keeps its date term: the new one is added beside it
    assert narrowed_query("date:2021 OR 风电", "month", day(2022, 5, 1), day(2022, 5, 31)) == (
        "date:2021 OR 风电 date:2022-05"
    )
    assert (
        narrowed_query("-date:2021 光伏", "month", day(2022, 1, 1), day(2022, 1, 31)) == "-date:2021 光伏 date:2022-01"
    )
    # no day in both: the new term is added and nothing is found
    assert narrowed_query("date:2021", "month", day(2022, 1, 1), day(2022, 1, 31)) == "date:2021 date:2022-01"


def test_required_dates_are_the_top_level_ones() -> None:
    terms = required_dates('a date:2022-05 (date:2021) "x y" date:>2022-01-01')
    assert [(t.lo, t.hi) for t in terms] == [(20220501, 20220531), (20220102, 99991231)]
    assert required_dates("date:2022-13") == []  # does not parse


def test_bars_and_their_days() -> None:
    assert bar_start("week", bar_of("week", date(2022, 5, 8))) == date(2022, 5, 2)  # a Sunday, in Monday's week
    assert bar_end("week", bar_of("week", date(2022, 5, 2))) == date(2022, 5, 8)
    assert bar_end("month", bar_of("month", date(2024, 2, 10))) == date(2024, 2, 29)
    assert bar_start("day", bar_of("day", date(1969, 12, 31))) == date(1969, 12, 31)
    assert date_term(20220101, 20221231) == "date:2022-01..2022-12"
    assert date_term(20220102, 20220131) == "date:2022-01-02..2022-01-31"


def test_an_empty_library_has_one_empty_bar(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "empty")
    try:
        timeline = query_timeline(lib, ["光伏"], "day")
        assert timeline.background == [0] and timeline.series[0].counts == [0]
    finally:
        lib.close()
