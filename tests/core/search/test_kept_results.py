"""Kept query answers (core/search/kept_results.py): the engine's own, asked again without a search while
nothing changes, and dropped by any change, by this connection or another (the window's, when the timeline
runs in the list's child process), including the read marks the search queue never sees."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from finews_desktop.core.curation.reading import Reader
from finews_desktop.core.search.engine import index_for, matching_bits
from finews_desktop.core.search.kept_results import KEPT, KeptResults, kept_matching_bits
from finews_desktop.core.search.timeline import query_timeline
from finews_desktop.core.store.library import Library
from finews_desktop.workers.timeline import TimelineRequest, run_timeline_query
from tests.core.search_helpers import TZ, Spec, add_posts

QUERIES = ["", "光伏", "风电", "光伏 OR 风电", "-光伏", "is:unread", "date:2022-03"]


@pytest.fixture
def libraries(tmp_path: Path):
    """The window's library (writing) and the child's (another connection, read-only)."""
    writer = Library.open(tmp_path / "library")
    specs = [
        Spec(f"{word}新闻 {m}", f"关于{word}的消息", when=datetime(2022, m, 5, 9, tzinfo=TZ))
        for m in range(1, 7)
        for word in ("光伏", "风电", "银行")
    ]
    add_posts(writer, specs)
    assert index_for(writer).catch_up()
    reader = Library.open(tmp_path / "library", readonly=True)
    yield writer, reader
    reader.close()
    writer.close()


def kept(lib: Library) -> KeptResults:
    return lib.service(KeptResults, KeptResults)


def test_kept_answers_are_the_engines_and_asked_again_search_nothing(libraries) -> None:
    _writer, lib = libraries
    for query in QUERIES:
        assert kept_matching_bits(lib, query)[1] == matching_bits(lib, query)[1]
    searches = kept(lib).searches
    assert searches == len(QUERIES)
    for query in QUERIES[-KEPT:]:
        assert kept_matching_bits(lib, query)[1] == matching_bits(lib, query)[1]
    assert kept(lib).searches == searches


def test_a_change_by_another_connection_drops_them(libraries) -> None:
    writer, lib = libraries
    before = kept_matching_bits(lib, "光伏")[1]
    unread = kept_matching_bits(lib, "is:unread")[1]
    add_posts(writer, [Spec("光伏又一条", "光伏", when=datetime(2022, 7, 1, tzinfo=TZ))], start=100)
    after = kept_matching_bits(lib, "光伏")[1]
    assert after != before and after == matching_bits(lib, "光伏")[1]
    # read marks are not queued for the search index (its generation stays), yet is:unread changes
    Reader(writer).mark([next(iter(_ids(unread)))])
    assert kept_matching_bits(lib, "is:unread")[1] == matching_bits(lib, "is:unread")[1] != unread


def test_a_change_by_the_same_connection_drops_them(libraries) -> None:
    writer, _lib = libraries
    unread = kept_matching_bits(writer, "is:unread")[1]
    Reader(writer).mark(_ids(unread)[:2])
    assert kept_matching_bits(writer, "is:unread")[1] == matching_bits(writer, "is:unread")[1] != unread


def test_the_comparison_timeline_counts_the_kept_answers(libraries) -> None:
    _writer, lib = libraries
    first = run_timeline_query(lib, TimelineRequest(1, ("光伏",), "month"))
    searches = kept(lib).searches
    full = run_timeline_query(lib, TimelineRequest(2, ("光伏", "风电", "银行"), "month"))
    assert kept(lib).searches == searches + 2  # the list's query was not searched again
    assert first.timeline is not None and full.timeline is not None
    assert full.timeline == query_timeline(lib, ["光伏", "风电", "银行"], "month")
    assert full.timeline.series[0] == first.timeline.series[0]
    run_timeline_query(lib, TimelineRequest(3, ("风电", "光伏", "银行"), "week"))
    assert kept(lib).searches == searches + 2


def test_a_first_paint_counts_only_the_comparisons_kept_and_searches_none_of_them(libraries) -> None:
    _writer, lib = libraries
    run_timeline_query(lib, TimelineRequest(1, ("光伏", "风电"), "month"))  # 风电 counted once: kept
    searches = kept(lib).searches
    first = run_timeline_query(lib, TimelineRequest(2, ("银行", "风电", "-光伏", '"光伏'), "month", kept_only=True))
    assert kept(lib).searches == searches + 1  # the list's query only
    assert first.queries == ("银行", "风电", '"光伏') and not first.complete  # -光伏 waits for its search
    assert first.errors[:2] == [None, None] and first.errors[2]  # one that does not parse is said at once
    assert first.timeline is not None
    assert first.timeline.series[:2] == query_timeline(lib, ["银行", "风电"], "month").series
    full = run_timeline_query(lib, TimelineRequest(3, ("银行", "风电", "-光伏"), "month"))  # the panel's next ask
    assert full.complete and kept(lib).searches == searches + 2
    every = run_timeline_query(lib, TimelineRequest(4, ("银行", "风电", "-光伏"), "month", kept_only=True))
    assert every.complete and kept(lib).searches == searches + 2  # nothing left out once each is kept
    assert every.timeline == query_timeline(lib, ["银行", "风电", "-光伏"], "month")


def _ids(bits: int) -> list[int]:
    return [i for i in range(bits.bit_length()) if bits >> i & 1]


@pytest.mark.parametrize("query", ["光伏", "光伏 OR 银行", "-风电 date:2022-02..2022-05", "is:unread"])
def test_the_lists_whole_result_is_the_timelines_answer_without_a_search(libraries, query: str) -> None:
    from finews_desktop.workers.listing import ListRequest, run_list_query

    _writer, lib = libraries
    run_list_query(lib, ListRequest(1, query, "title", limit=2))  # a first page: not the whole result
    run_list_query(lib, ListRequest(1, query, "title"))
    searches = kept(lib).searches
    got = run_timeline_query(lib, TimelineRequest(1, (query,), "day"))
    assert kept(lib).searches == searches
    assert got.timeline == query_timeline(lib, [query], "day")


def test_a_list_of_other_posts_than_the_query_finds_keeps_nothing(libraries) -> None:
    from finews_desktop.workers.listing import ListRequest, run_list_query

    _writer, lib = libraries
    run_list_query(lib, ListRequest(1, "光伏", notes=True))  # free text matching notes too
    run_list_query(lib, ListRequest(2, "风电", one_per_story=True))  # copies left out
    searches = kept(lib).searches
    run_timeline_query(lib, TimelineRequest(1, ("光伏", "风电"), "month"))
    assert kept(lib).searches == searches + 2


@pytest.mark.parametrize("sort", ["date", "title", "source", "id"])
@pytest.mark.parametrize("descending", [True, False])
def test_the_whole_list_after_the_timeline_is_put_in_order_without_a_search(
    libraries, monkeypatch, sort: str, descending: bool
) -> None:
    from finews_desktop.core.search import engine
    from finews_desktop.workers.listing import ListRequest, run_list_query

    _writer, lib = libraries
    for query in ["光伏 OR 银行", "-风电 date:2022-02..2022-05", ""]:
        wanted = engine.search(lib, query, sort=sort, descending=descending)
        run_timeline_query(lib, TimelineRequest(1, (query,), "month"))
        with monkeypatch.context() as m:
            m.setattr(engine, "search", lambda *_a, **_k: pytest.fail("searched again"))
            got = run_list_query(lib, ListRequest(1, query, sort, descending))
        assert list(got.ids) == list(wanted.ids) and got.total == wanted.total
