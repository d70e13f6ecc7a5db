"""A full build's slices (core/search/index/build.py): they cover every id once, in order, and none
spans two blocks (a block is written in one commit from its slices), from any start."""

from __future__ import annotations

from array import array
from itertools import pairwise
from pathlib import Path

from finews_desktop.core.search.engine import index_for, search
from finews_desktop.core.search.index import build
from finews_desktop.core.search.index.postings import BLOCK, BLOCK_BITS
from finews_desktop.core.search.index.scan import _Partial
from finews_desktop.core.store.library import Library


def _part(lo: int, hi: int) -> _Partial:
    return _Partial(lo, hi, 0, [{}, {}, {}], {}, {}, {}, {}, [], b"", array("q"))


def test_slices_cover_every_id_once_without_spanning_a_block() -> None:
    for start, max_id in [(0, 0), (1, 5), (0, BLOCK - 1), (0, BLOCK), (5000, 3 * BLOCK + 17), (BLOCK + 3, BLOCK + 4)]:
        todo = build.slices(start, max_id)
        assert todo[0][0] == start and todo[-1][1] > max_id
        assert all(a[1] == b[0] for a, b in pairwise(todo))
        assert all(0 < hi - lo <= build.SLICE for lo, hi in todo)
        assert all(lo >> BLOCK_BITS == (hi - 1) >> BLOCK_BITS for lo, hi in todo)
        ends = [hi for lo, hi in todo if build.ends_block(_part(lo, hi))]
        assert all(hi % BLOCK == 0 for hi in ends)
        assert len(ends) == sum(1 for lo, hi in todo if hi % BLOCK == 0)
    assert build.slices(10, 5) == []


def test_a_library_of_texts_too_short_for_3_grams_is_built(tmp_path: Path) -> None:
    """No title or text of 3 characters: the bulk extension tables are empty, not an error."""
    from tests.core.search_helpers import Spec, add_posts, brute_text

    with Library.open(tmp_path / "lib") as lib:
        add_posts(lib, [Spec(f"t{i}", "碳") for i in range(5)])
        assert index_for(lib).catch_up()
        for term in ("碳", "t1", "t"):
            assert set(search(lib, term).ids) == brute_text(lib, term)
