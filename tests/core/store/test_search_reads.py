"""The search engine's reads of the library (core/store/search_reads.py) and the per-library service
it lives in (Library.service): rows in the date order the engine keeps, names and texts as stored."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from finews_desktop.core.store import search_reads
from finews_desktop.core.store.library import Library
from tests.core.search_helpers import TZ, Spec, add_posts, run_sql


def test_order_rows_follow_the_date_then_the_id(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        late, early, undated, twin = add_posts(
            lib,
            [
                Spec("b", "x", when=datetime(2022, 5, 20, 23, 30, tzinfo=TZ)),
                Spec("a", "y", when=datetime(2021, 1, 1, 0, 30, tzinfo=TZ), stocks=[("1", "600000", "浦发银行")]),
                Spec("c", "z", when=None),
                Spec("a", "w", when=datetime(2022, 5, 20, 23, 30, tzinfo=TZ)),
            ],
        )
        run_sql(lib, "UPDATE post SET trashed_at = 1, edited = 1 WHERE id = ?", (early,), changed=[early])
        rows = search_reads.order_rows(lib.db)
        assert [r[0] for r in rows] == [undated, early, late, twin]
        assert rows[0][1] == search_reads.NO_DATE and rows[0][2] == 0
        assert rows[1][2] == 20210101  # the archive's local day, not UTC's
        assert rows[1][3:] == (1, 1, 0)
        assert sorted(search_reads.order_rows_of(lib.db, [twin, early, 999])) == sorted([rows[1], rows[3]])
        assert list(search_reads.ids_sorted_by(lib.db, "title")) == [early, twin, late, undated]
        assert search_reads.queue_generation(lib.db) > 0
        assert ("1", "600000", "浦发银行") in search_reads.stock_names(lib.db)
        assert dict(search_reads.post_plain_texts(lib.db, [late, early, 999], chunk=1)) == {late: "x", early: "y"}
        assert search_reads.collection_post_ids(lib.db, []) == []


def test_a_library_holds_one_service_of_a_kind_and_closes_it_with_itself(tmp_path: Path) -> None:
    closed: list[object] = []

    class Engine:
        def __init__(self, library: Library) -> None:
            self.library = library

        def close(self) -> None:
            closed.append(self)

    lib = Library.open(tmp_path / "lib")
    first = lib.service(Engine, Engine)
    assert lib.service(Engine, Engine) is first and first.library is lib
    assert closed == []
    lib.close()
    assert closed == [first]
