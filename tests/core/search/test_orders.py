"""The id orders kept between searches (core/search/orders.py): patched from the changed posts they
equal the orders read again, and their cached checkpoints and ranks equal the plain definitions."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from finews_desktop.core.search import orders as orders_module
from finews_desktop.core.search.index import ids_to_bits
from finews_desktop.core.search.orders import Orders, ordered
from finews_desktop.core.store import search_reads
from finews_desktop.core.store.library import Library
from tests.core.search_helpers import TZ, Spec, add_posts, run_sql, update_posts

START = datetime(2022, 1, 1, tzinfo=TZ)
FIELDS = ("by_date", "dates", "days", "everything", "trashed", "edited", "warned")


def _library(folder: Path) -> tuple[Library, list[int]]:
    lib = Library.open(folder)
    ids = add_posts(lib, [Spec(f"t{(i * 7) % 10}", "x", when=START + timedelta(hours=13 * i)) for i in range(40)])
    return lib, ids


def test_patched_orders_equal_orders_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(orders_module, "_CHECKPOINT", 4)  # patches keep some checkpoints
    lib, ids = _library(tmp_path / "lib")
    with lib:
        old = Orders.read(lib.db, 1)
        old.date_prefix(len(old.by_date))  # checkpoints and ranks to carry over
        old.rank(lib.db, "date")
        update_posts(lib, {ids[30]: Spec("moved", "x", when=START + timedelta(days=1000))})
        run_sql(lib, "DELETE FROM post WHERE id = ?", (ids[35],), changed=[ids[35]])
        run_sql(lib, "UPDATE post SET trashed_at = 1, edited = 1 WHERE id = ?", (ids[33],), changed=[ids[33]])
        run_sql(lib, "UPDATE post SET warning_count = 1 WHERE id = ?", (ids[38],), changed=[ids[38]])
        new = add_posts(lib, [Spec("new", "x", when=START + timedelta(days=15))], 100)
        changed = {ids[30], ids[35], ids[33], ids[38], *new}
        patched = old.patched(2, changed, search_reads.order_rows_of(lib.db, sorted(changed)))
        fresh = Orders.read(lib.db, 2)
        assert {f: getattr(patched, f) for f in FIELDS} == {f: getattr(fresh, f) for f in FIELDS}
        assert len(patched.derived.date_prefix) > 1  # the checkpoints before the first change were kept
        for end in range(len(fresh.by_date) + 1):
            assert patched.date_prefix(end) == fresh.date_prefix(end) == ids_to_bits(fresh.by_date[:end])
        rank = patched.rank(lib.db, "date")
        assert all(rank[pid] == pos for pos, pid in enumerate(fresh.by_date))


@pytest.mark.parametrize("sort", ["date", "title", "id"])
@pytest.mark.parametrize("descending", [True, False])
def test_a_result_in_order_is_the_order_filtered(tmp_path: Path, sort: str, descending: bool) -> None:
    lib, ids = _library(tmp_path / "lib")
    with lib:
        orders = Orders.read(lib.db, 1)
        every = list(orders.by_date) if sort == "date" else sorted(ids)
        if sort == "title":
            every = list(search_reads.ids_sorted_by(lib.db, "title"))
        if descending:
            every.reverse()
        for hits in (set(ids[::3]), set(ids[:2]), set(ids)):
            want = [pid for pid in every if pid in hits]
            bits = ids_to_bits(hits)
            assert list(ordered(orders, lib.db, bits, sort, descending, None)) == want
            for limit in (1, 5):
                assert list(ordered(orders, lib.db, bits, sort, descending, limit)) == want[:limit]


def test_a_change_that_keeps_the_date_leaves_the_order_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trashing, editing or warning an old post changes flags only: the date order and what is
    derived from it stay (an old post's change once redid the order from its place on)."""
    if orders_module._np is None:
        pytest.skip("positions need numpy")
    monkeypatch.setattr(orders_module, "_CHECKPOINT", 4)
    lib, ids = _library(tmp_path / "lib")
    with lib:
        old = Orders.read(lib.db, 1)
        old.date_prefix(len(old.by_date))
        run_sql(lib, "UPDATE post SET trashed_at = 1, edited = 1 WHERE id = ?", (ids[1],), changed=[ids[1]])
        run_sql(lib, "UPDATE post SET warning_count = 1 WHERE id = ?", (ids[2],), changed=[ids[2]])
        changed = {ids[1], ids[2]}
        patched = old.patched(2, changed, search_reads.order_rows_of(lib.db, sorted(changed)))
        fresh = Orders.read(lib.db, 2)
        assert {f: getattr(patched, f) for f in FIELDS} == {f: getattr(fresh, f) for f in FIELDS}
        assert patched.by_date is old.by_date
        assert patched.derived.date_prefix == old.derived.date_prefix[: len(patched.derived.date_prefix)]
        assert len(patched.derived.date_prefix) > 1
