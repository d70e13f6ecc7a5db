"""Posting rows (core/search/index/postings.py): a block's offsets stored sparse or as a bitmap read back
the same, a key's rows over many blocks make its bitset, and the extension maps say each n-gram's one
neighbour or MANY."""

from __future__ import annotations

import random
from array import array

from finews_desktop.core.search.index.documents import EDGE
from finews_desktop.core.search.index.postings import (
    BITMAP_BYTES,
    BLOCK,
    BLOCK_BITS,
    DENSE,
    MANY,
    _block_int,
    _encode_int,
    _encode_sorted,
    _ext_maps,
    posting_bits,
)


def _bits(ids: list[int]) -> int:
    x = 0
    for i in ids:
        x |= 1 << i
    return x


def test_a_block_reads_back_what_was_written_sparse_or_dense() -> None:
    rng = random.Random(3)
    for n in (1, 2, DENSE - 1, DENSE, DENSE + 1, 10_000):
        lids = sorted(rng.sample(range(BLOCK), n))
        data = _encode_sorted(array("H", lids))
        assert len(data) == (BITMAP_BYTES if n >= DENSE else 2 * n)
        assert _block_int(data) == _bits(lids)
        assert _encode_int(_bits(lids)) == data
    assert _encode_int(0) is None


def test_a_keys_rows_over_blocks_make_its_bitset() -> None:
    rng = random.Random(4)
    for blocks in ([0], [3], [0, 1], [0, 2, 5], [1, 7]):
        ids: list[int] = []
        rows = []
        for block in blocks:
            lids = sorted(rng.sample(range(BLOCK), rng.choice([1, 50, DENSE + 5])))
            rows.append((block, _encode_sorted(array("H", lids))))
            ids += [(block << BLOCK_BITS) + lid for lid in lids]
        assert posting_bits(rows) == _bits(ids)
    assert posting_bits([]) == 0


def test_extension_maps_name_the_one_neighbour_or_many() -> None:
    texts = ["碳中和", "碳中和目标", "中和", "中国"]
    threes: set[str] = set()
    for t in texts:
        threes.update(t[i : i + 3] for i in range(len(t) - 2))
        threes.update({EDGE + t[:2], t[-2:] + EDGE})
    nxt, prv = _ext_maps(threes)
    assert nxt["碳中"] == "和"  # always followed by 和
    assert nxt["中和"] == MANY  # by 目, or the text ends
    assert prv["中和"] == MANY  # after 碳, or a text starts with it
    assert prv["和目"] == "中"
    assert nxt["中国"] == EDGE and prv["中国"] == EDGE
