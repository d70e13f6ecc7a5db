"""Bitsets (core/search/index/bitsets.py): every bulk conversion against the plain definition, bit i = id i."""

from __future__ import annotations

import random
from array import array

import pytest

from finews_desktop.core.search.index import bitsets


def _reference(ids: list[int]) -> int:
    x = 0
    for i in ids:
        x |= 1 << i
    return x


def _samples() -> list[list[int]]:
    rng = random.Random(7)
    out: list[list[int]] = [[], [0], [5], list(range(23)), list(range(24)), [0, 1 << 17]]
    for _ in range(60):
        n = rng.choice([1, 10, 30, 500, 3000])  # 3000: past bitsets._NUMPY_FROM
        low = rng.choice([0, 1000, 70_000])
        spread = rng.choice([n, 40, 100_000])
        out.append([low + rng.randrange(spread) for _ in range(n)])  # repeats included
    return out


@pytest.mark.parametrize("numpy", [True, False])
def test_conversions_agree_with_the_definition(monkeypatch: pytest.MonkeyPatch, numpy: bool) -> None:
    if not numpy:
        monkeypatch.setattr(bitsets, "_np", None)
    elif bitsets._np is None:
        pytest.skip("numpy is not installed")
    for ids in _samples():
        want = _reference(ids)
        top = max(ids, default=0) + 1
        # the size hint picks the path (bit by bit, a mask over the span, a mask over all): same set
        for size in (0, top, 2 * top + 10, 8 * top + 100):
            assert bitsets.ids_to_bits(ids, size) == want
            assert bitsets.ids_to_bits(iter(ids), size) == want
            assert bitsets.ids_to_bits(array("q", ids), size) == want
        assert list(bitsets.bits_to_ids(want)) == sorted(set(ids))
        mask = bitsets.bits_mask(want)
        assert len(mask) == max(want.bit_length(), 1)
        assert [i for i, b in enumerate(mask) if b] == sorted(set(ids))


def test_numpy_arrays_round_trip() -> None:
    np = bitsets._np
    if np is None:
        pytest.skip("numpy is not installed")
    for ids in _samples():
        want = _reference(ids)
        arr = bitsets.bits_to_array(want)
        assert arr.tolist() == sorted(set(ids))
        assert bitsets.array_to_bits(np.array(ids, dtype=np.int64)) == want
    assert bitsets.bits_to_array(0).tolist() == []
