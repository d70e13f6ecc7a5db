"""A post's story text as character shingles, and its MinHash signature and LSH band keys (numpy, in bulk).

Why this method: MinHash estimates the Jaccard similarity of shingle sets, and LSH bands find the
pairs likely above a threshold without comparing all pairs. Signatures are one-permutation hashing
(each shingle hashed once into one of BINS bins, the minimum kept per bin, empty bins filled from
the next full one) rather than BINS independent permutations: the cost is one hash per shingle, and a
whole batch of posts is hashed with a few numpy operations over their concatenated text, where
a MinHash library (datasketch) hashes every post with ~BINS passes of its own. Each bin keeps the
low 16 bits of its minimum (b-bit MinHash): 128 bytes per post, and two bits agree by chance 1/65536.

Shingles are SHINGLE characters of the text folded as the search folds it (NFKC, lower case: the
index's text file holds it, read back rather than derived again) with white space removed (8: a
few Chinese words; unrelated posts of one vocabulary share almost none), the title included without an
outlet's 【…】 prefix, the source note and the "返回…" links left out: they are the outlet's, not
the story's. Bands of ROWS bins: a pair of similarity s shares a band with probability
1 - (1 - s^ROWS)^BANDS (0.985 at 0.35, 0.9995 at 0.45); candidates are then verified exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

SHINGLE = 8
BINS = 64
ROWS = 2
BANDS = BINS // ROWS
EMPTY = 0xFFFF_FFFF

_OUTLET_PREFIX = re.compile(r"^\s*[【\[][^】\]\n]{1,24}[】\]]")
# the source note "(文章来源:…)" and the lines of links back to the outlet
_OUTLET_LINES = re.compile(r"^[ \t]*(?:[(（]文章来源[:：][^)）\n]*[)）]|返回[^\n]{0,60})[ \t]*$", re.M)

_MUL = np.uint64(0x100000001B3)


def story_text(title: str, text: str) -> str:
    """What two copies of one story share: the folded title and text (content/search_text.search_body) without the outlet's marks."""
    if "文章来源" in text or "返回" in text:  # what _OUTLET_LINES needs
        text = _OUTLET_LINES.sub("", text)
    return "".join((_OUTLET_PREFIX.sub("", title) + text).split())  # split(): what \s matches


def _mix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64's finalizer, in place: every input bit reaches every output bit."""
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


GROUP_CHARS = 16_384  # characters hashed together: arrays of 128 KiB that stay in the processor's cache


def _groups(sizes: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """(first, end) runs of texts of about GROUP_CHARS together (a longer text alone): small temporary
    arrays, which the allocator reuses instead of mapping fresh pages for each (a page fault each 4 KiB
    cost more than the hashing in a fresh process)."""
    out: list[tuple[int, int]] = []
    first, total = 0, 0
    for i, size in enumerate(sizes.tolist()):
        if total and total + size > GROUP_CHARS:
            out.append((first, i))
            first, total = i, 0
        total += size
    if first < len(sizes):
        out.append((first, len(sizes)))
    return out


def shingle_hashes(texts: Sequence[str]) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    """Every text's shingles as 64-bit hashes, concatenated, and each text's start in them (len+1 offsets).

    A text shorter than SHINGLE is one shingle (itself, padded); an empty text has none. Hashed
    GROUP_CHARS characters at a time (`_groups`), into the one array returned.
    """
    padded = [t.ljust(SHINGLE, "\0") if t else "" for t in texts]
    lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    counts = np.maximum(lengths - SHINGLE + 1, 0)
    offsets = np.zeros(len(padded) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    out = np.empty(int(offsets[-1]), dtype=np.uint64)
    for first, end in _groups(lengths):
        _hashes("".join(padded[first:end]), lengths[first:end], out[offsets[first] : offsets[end]])
    return out, offsets


_BACK = np.arange(1, SHINGLE, dtype=np.int64)
_STEPS = [(1 << k, _MUL ** np.uint64(1 << k)) for k in range(SHINGLE.bit_length() - 1)]  # widths doubled to SHINGLE


def _hashes(joined: str, lengths: npt.NDArray[np.int64], out: npt.NDArray[np.uint64]) -> None:
    """The shingle hashes of texts written end to end (each empty or SHINGLE long at least), into out."""
    n = len(joined) - SHINGLE + 1
    if n <= 0:
        return
    h = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    with np.errstate(over="ignore"):
        for width, factor in _STEPS:  # h[i]: the hash of cps[i : i + 2 * width]
            step = h[:-width] * factor
            step += h[width:]
            h = step
        h = h[:n]
    # a shingle starting in the last SHINGLE - 1 characters of a text runs into the next one
    ends = np.cumsum(lengths)[lengths > 0]
    across = (ends[:, None] - _BACK[None, :]).ravel()
    keep = np.ones(n, dtype=np.bool_)
    keep[across[across < n]] = False
    with np.errstate(over="ignore"):
        out[:] = _mix(h[keep])


def signatures(hashes: npt.NDArray[np.uint64], offsets: npt.NDArray[np.int64]) -> npt.NDArray[np.uint16]:
    """One BINS-value b-bit MinHash signature per text (a row of zeros for a text without shingles:
    `has_shingles` tells them apart)."""
    n = len(offsets) - 1
    counts = np.diff(offsets)
    mins = np.full(n * BINS, EMPTY, dtype=np.uint32)
    for first, end in _groups(counts):  # small temporary arrays
        lo, hi = int(offsets[first]), int(offsets[end])
        if hi == lo:
            continue
        part = hashes[lo:hi]
        doc = np.repeat(np.arange(first, end, dtype=np.int64), counts[first:end])
        bins = (part >> np.uint64(64 - 6)).astype(np.int64)  # BINS = 2**6
        values = (part & np.uint64(EMPTY)).astype(np.uint32)
        np.minimum.at(mins, doc * BINS + bins, values)
    table = mins.reshape(n, BINS)
    _densify(table)
    return (table & 0xFFFF).astype(np.uint16)


def _densify(table: npt.NDArray[np.uint32]) -> None:
    """Empty bins take the next full bin's value (circularly), changed by the distance, so that two
    texts agree on an empty bin only as often as on a full one (rotation densification)."""
    empty = table == EMPTY
    if not empty.any():
        return
    source = table.copy()
    has_any = ~empty.all(axis=1)
    todo = empty & has_any[:, None]
    for distance in range(1, BINS):
        if not todo.any():
            break
        shifted = np.roll(source, -distance, axis=1)
        take = todo & (shifted != EMPTY)
        table[take] = (shifted[take].astype(np.uint64) * 0x9E3779B1 + distance).astype(np.uint32) & 0x7FFF_FFFF
        todo &= ~take


def has_shingles(offsets: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    return np.diff(offsets) > 0


def band_keys(sigs: npt.NDArray[np.uint16]) -> npt.NDArray[np.int64]:
    """Each signature's BANDS keys: the band's number and its ROWS values in one integer."""
    n = len(sigs)
    pairs = sigs.astype(np.int64).reshape(n, BANDS, ROWS)
    values = (pairs[:, :, 0] << 16) | pairs[:, :, 1]
    return (np.arange(BANDS, dtype=np.int64)[None, :] << 32) | values


def estimate(a: npt.NDArray[np.uint16], b: npt.NDArray[np.uint16]) -> npt.NDArray[np.float64]:
    """The Jaccard similarity that pairs of signatures (rows of a and b) suggest."""
    return np.asarray((a == b).mean(axis=-1), dtype=np.float64)


def exact_similarity(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> float:
    """Jaccard similarity of two texts' sets of shingle hashes, each sorted without repeats (np.unique)."""
    if not len(a) or not len(b):
        return 0.0
    both = np.concatenate([a, b])
    both.sort(kind="stable")  # two sorted runs: merged (timsort/radix) in one pass
    common = int(np.count_nonzero(both[1:] == both[:-1]))
    return common / (len(a) + len(b) - common)
