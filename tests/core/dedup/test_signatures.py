"""Shingle hashes and signatures are what the stored ones were made with: the same for a text whatever
batch and group it is hashed in, equal to the plain definition."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from finews_desktop.core.dedup import signatures as sg

MASK = (1 << 64) - 1
# what is hashed: folded text (content/search_text.search_body)
FOLDED = st.sampled_from(list("新闻中文,。!?()ab1 fiaz9\n\0"))
TEXTS = st.lists(st.text(FOLDED, max_size=60), max_size=12)


def _mix(x: int) -> int:
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def _reference_hashes(text: str) -> list[int]:
    """Each shingle's polynomial hash of its code points, mixed (splitmix64's finalizer)."""
    if not text:
        return []
    text = text.ljust(sg.SHINGLE, "\0")
    out = []
    for i in range(len(text) - sg.SHINGLE + 1):
        h = 0
        for ch in text[i : i + sg.SHINGLE]:
            h = (h * int(sg._MUL) + ord(ch)) & MASK
        out.append(_mix(h))
    return out


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.integers(1, 40))
def test_hashes_are_the_definition_whatever_the_groups(texts: list[str], group_chars: int) -> None:
    saved = sg.GROUP_CHARS
    sg.GROUP_CHARS = group_chars  # texts split across many small groups, or one text in a group alone
    try:
        hashes, offsets = sg.shingle_hashes(texts)
        sigs = sg.signatures(hashes, offsets)
    finally:
        sg.GROUP_CHARS = saved
    for i, text in enumerate(texts):
        assert hashes[offsets[i] : offsets[i + 1]].tolist() == _reference_hashes(text)
        alone_hashes, alone_offsets = sg.shingle_hashes([text])
        assert np.array_equal(sg.signatures(alone_hashes, alone_offsets)[0], sigs[i])
