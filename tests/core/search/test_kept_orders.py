"""The id orders kept in the index file (index/keptorders.py): a library opened again loads them and
brings them up to date from the search queue instead of reading every post, and every answer stays
the one orders read afresh from the library give, through imports, edits, trash, deletes, catch-ups
(by the window's searcher or by another process's) and queue entries deleted behind their back."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finews_desktop.core.search import engine
from finews_desktop.core.search.engine import _search, _Searcher, index_for
from finews_desktop.core.search.orders import Orders
from finews_desktop.core.store.library import Library
from tests.core.search_helpers import TZ, Spec, add_posts, run_sql, update_posts

START = datetime(2022, 1, 1, tzinfo=TZ)
FIELDS = ("by_date", "dates", "days", "everything", "trashed", "edited", "warned")
QUERIES = ["", "碳", "date:2022-01-10..2022-03-01", "is:edited", "is:trashed", "has:warning", "-碳 date:>2022-02-01"]

KINDS = ["import", "import old", "move", "edit", "trash", "restore", "warn", "delete", "catch up",
         "catch up elsewhere", "queue lost"]  # fmt: skip
STEPS = st.lists(st.sampled_from(KINDS), min_size=1, max_size=8)


def _agree(lib: Library, searcher: _Searcher) -> None:
    """The searcher's orders and answers equal those of orders read afresh from the library."""
    fresh = _Searcher(lib)
    fresh._load_orders = lambda generation: Orders.read(lib.db, generation)  # type: ignore[method-assign]
    try:
        generation = searcher.generation()
        got, want = searcher.orders(generation), fresh.orders(generation)
        assert {f: getattr(got, f) for f in FIELDS} == {f: getattr(want, f) for f in FIELDS}
        for q in QUERIES:
            a = _search(searcher, q, sort="date", descending=True, limit=None, include_trashed=True)
            b = _search(fresh, q, sort="date", descending=True, limit=None, include_trashed=True)
            assert (list(a.ids), a.total) == (list(b.ids), b.total), q
            a = _search(searcher, q, sort="date", descending=False, limit=3, include_trashed=False)
            b = _search(fresh, q, sort="date", descending=False, limit=None, include_trashed=False)
            assert (list(a.ids), a.total) == (list(b.ids)[:3], b.total), q
    finally:
        fresh.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS, seed=st.integers(0, 10**6))
def test_orders_kept_with_the_index_equal_orders_read_afresh(
    tmp_path_factory: pytest.TempPathFactory, steps: list[str], seed: int
) -> None:
    import random

    rng = random.Random(seed)
    folder = tmp_path_factory.mktemp("kept")
    with Library.open(folder / "lib") as lib:
        ids = add_posts(
            lib,
            [Spec(f"t{i}", rng.choice(["碳", "光伏", ""]), when=START + timedelta(hours=13 * i)) for i in range(40)],
        )
        assert index_for(lib).catch_up()
        assert index_for(lib).kept_orders() is not None
        made = 1000
        stale = False  # queue entries the kept orders hold no change of were deleted
        reads: list[int] = []
        read = Orders.read
        for step in steps:
            alive = [r[0] for r in lib.db.execute_sql("SELECT id FROM post").fetchall()]
            some = rng.sample(alive, min(len(alive), rng.randint(1, 4)))
            if step.startswith("import"):
                when = START + timedelta(days=rng.randint(-30, 200) if step == "import old" else rng.randint(60, 400))
                add_posts(
                    lib, [Spec("new", rng.choice(["碳", "光伏"]), when=when) for _ in range(rng.randint(1, 5))], made
                )
                made += 10
            elif step == "move":
                update_posts(lib, {pid: Spec("moved", "碳", when=START + timedelta(hours=rng.randint(0, 3000)))
                                   for pid in some})  # fmt: skip
            elif step in ("edit", "trash", "restore", "warn", "delete"):
                sql = {
                    "edit": "UPDATE post SET edited = 1 - edited WHERE id = ?",
                    "trash": "UPDATE post SET trashed_at = 1 WHERE id = ?",
                    "restore": "UPDATE post SET trashed_at = NULL WHERE id = ?",
                    "warn": "UPDATE post SET warning_count = 1 - MIN(warning_count, 1) WHERE id = ?",
                    "delete": "DELETE FROM post WHERE id = ?",
                }[step]
                for pid in some:
                    run_sql(lib, sql, (pid,), changed=[pid])
            elif step == "catch up":
                assert index_for(lib).catch_up()
                stale = False
            elif step == "catch up elsewhere":  # another process's index (the window's catch-up child)
                other = _Searcher(lib)
                try:
                    assert other.index.catch_up()
                finally:
                    other.close()
                stale = False
            else:  # queue entries deleted without the kept orders following (an older app's catch-up)
                older = _Searcher(lib)
                older.index.orders_to_keep = None
                try:
                    assert older.index.catch_up()
                finally:
                    older.close()
                kept = index_for(lib).kept_orders()
                stale = stale or (kept is not None and kept[0] < older.generation())
            opened = _Searcher(lib)  # as a new process makes it
            try:
                with pytest.MonkeyPatch.context() as patch:
                    patch.setattr(Orders, "read", staticmethod(lambda db, g: reads.append(g) or read(db, g)))
                    opened.orders(opened.generation())
                assert bool(reads) == stale, step  # every post read only when the kept orders cannot be patched
                reads.clear()
                _agree(lib, opened)
            finally:
                opened.close()
            _agree(lib, engine._searcher(lib))  # the searcher kept open, patched step by step
        assert ids


def test_opening_again_reads_no_post_while_the_index_keeps_the_orders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library.open(tmp_path / "lib") as lib:
        ids = add_posts(lib, [Spec(f"t{i}", "碳", when=START + timedelta(hours=i)) for i in range(50)])
        assert index_for(lib).catch_up()
        run_sql(lib, "UPDATE post SET trashed_at = 1 WHERE id = ?", (ids[3],), changed=[ids[3]])  # queued
        want = Orders.read(lib.db, 0)

        def no_read(db: object, generation: int) -> Orders:
            raise AssertionError("every post read")

        monkeypatch.setattr(Orders, "read", staticmethod(no_read))
        searcher = _Searcher(lib)
        try:
            got = searcher.orders(searcher.generation())
            assert {f: getattr(got, f) for f in FIELDS} == {f: getattr(want, f) for f in FIELDS}
            assert ids[3] not in _search(searcher, "碳", sort="date", descending=True, limit=None,
                                         include_trashed=False).ids  # fmt: skip
        finally:
            searcher.close()


def test_a_rebuild_drops_the_kept_orders_and_keeps_them_again(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        add_posts(lib, [Spec(f"t{i}", "碳", when=START + timedelta(hours=i)) for i in range(20)])
        index = index_for(lib)
        assert index.catch_up()
        before = index.kept_orders()
        assert before is not None
        index._empty(keep_format=True)
        assert index.kept_orders() is None
        assert index.catch_up()
        after = index.kept_orders()
        assert after is not None and after[1] == before[1]


def test_older_orders_never_replace_newer_ones_another_process_kept(tmp_path: Path) -> None:
    """Two catch-ups at once (the window's child and `finews reindex`): the one that kept newer orders
    may have deleted the queue entries after the other's, so the older orders are not written over them."""
    from finews_desktop.core.search.index.keptorders import write_kept_orders

    with Library.open(tmp_path / "lib") as lib:
        add_posts(lib, [Spec(f"t{i}", "碳", when=START + timedelta(hours=i)) for i in range(5)])
        index = index_for(lib)
        assert index.catch_up()
        seq, parts = index.kept_orders() or (0, {})
        write_kept_orders(index.connection(), seq + 5, parts)
        write_kept_orders(index.connection(), seq + 2, {"layout": b"0"})
        assert index.kept_orders() == (seq + 5, parts)
