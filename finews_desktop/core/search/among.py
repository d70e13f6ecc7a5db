"""Many queries over one import batch's posts (the watch queries' hook): bits over the batch, not the library.

`engine.matches_among` evaluates up to a hundred saved searches over the couple of thousand
posts a batch wrote. The library-wide evaluator (evaluate.py) answers with bitsets the size of
the library: at a million posts every `&`, every id list and every index lookup of a term costs
milliseconds, for posts that are all read directly anyway (they are the evaluator's pending
docs). Here bit i is the batch's i-th post: free text is found in the batch's own folded texts,
once per term however many queries share it, the rarest way first (one `find` over all the
batch's texts, not one test per post); every other node (fields, dates, flags, collections, notes)
is asked of the library-wide evaluator once and cut down to the batch, its dates and flags from the
batch's own id orders (`batch_orders`), not the library's. The answers are the same posts as
`Evaluator.run` gives over the batch.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from finews_desktop.core.search.evaluate import Evaluator
from finews_desktop.core.search.index import IndexDoc, bits_to_ids
from finews_desktop.core.search.index.bitsets import _np
from finews_desktop.core.search.orders import Orders
from finews_desktop.core.search.query import And, Dates, Field, Flag, Node, Not, Or, Text
from finews_desktop.core.store import search_reads

_SEP = "\x00"  # between the batch's texts: a term holding it is tested text by text


class BatchMatcher:
    """Query trees evaluated over one batch's posts (see the module docstring); bit i = ids[i]."""

    def __init__(self, evaluator: Evaluator, ids: Sequence[int], within: int) -> None:
        self.evaluator = evaluator
        self.ids = list(ids)  # ascending: the posts of `within`
        self.within = within  # the same posts, as a library-wide bitset
        self.all = (1 << len(self.ids)) - 1
        docs: list[IndexDoc | None] = [evaluator.pending_docs.get(i) for i in self.ids]
        self._titles = _Texts([d.title if d is not None else None for d in docs])
        self._bodies = _Texts([d.body if d is not None else None for d in docs])
        self._answers: dict[tuple[Any, ...], int] = {}

    def matches(self, node: Node | None) -> list[int]:
        """The batch's post ids the query tree matches (None: every one)."""
        bits = self.all if node is None else self.run(node, self.all)
        ids = self.ids
        return [ids[i] for i in bits_to_ids(bits)]

    def run(self, node: Node, within: int) -> int:
        if isinstance(node, And):
            bits = within
            for child in node.children:
                bits &= self.run(child, bits)
                if not bits:
                    break
            return bits
        if isinstance(node, Or):
            out = 0
            for child in node.children:
                out |= self.run(child, within)
            return out
        if isinstance(node, Not):
            return within & ~self.run(node.child, within)
        key = _key(node)
        known = self._answers.get(key)
        if known is None:
            known = self._answers[key] = self._text(node) if isinstance(node, Text) else self._elsewhere(node)
        return known & within

    def _text(self, node: Text) -> int:
        """The batch's posts whose folded title (or text) holds the term: what the evaluator tests its pending docs for."""
        bits = self._titles.holding(node.value)
        if not node.title_only:
            bits |= self._bodies.holding(node.value)
        return bits

    def _elsewhere(self, node: Node) -> int:
        """A field, date or flag: the library-wide evaluator's answer over the batch, cut down to it."""
        return self._local(self.evaluator.run(node, self.within) & self.within)

    def _local(self, bits: int) -> int:
        """Library-wide bits to the batch's bits."""
        if not bits:
            return 0
        if _np is not None:
            ids = _np.asarray(self.ids, dtype=_np.int64)
            raw = _np.frombuffer(bits.to_bytes((bits.bit_length() + 7) // 8, "little"), dtype=_np.uint8)
            inside = ids < len(raw) * 8
            got = _np.zeros(len(ids), dtype=_np.uint8)
            got[inside] = (raw[ids[inside] >> 3] >> (ids[inside] & 7)) & 1
            return int.from_bytes(_np.packbits(got, bitorder="little").tobytes(), "little")
        out = 0
        for i, pid in enumerate(self.ids):
            if bits >> pid & 1:
                out |= 1 << i
        return out


class _Texts:
    """The batch's texts joined into one string, for one `find` pass per term over all of them."""

    def __init__(self, texts: list[str | None]) -> None:
        self.texts = texts
        self.starts: list[int] = []
        self.owners: list[int] = []  # the batch position of each text joined
        parts: list[str] = []
        at = 0
        for i, text in enumerate(texts):
            if not text:
                continue  # an empty text holds no (non-empty) term
            self.starts.append(at)
            self.owners.append(i)
            parts.append(text)
            at += len(text) + 1
        self.joined = _SEP.join(parts)

    def holding(self, term: str) -> int:
        """The batch positions whose text holds `term`: after a hit, the search goes on at the next text."""
        if not term or _SEP in term:  # never typed; tested text by text, as the evaluator does
            return sum(1 << i for i, text in enumerate(self.texts) if text is not None and term in text)
        joined, starts, owners = self.joined, self.starts, self.owners
        find = joined.find
        out = 0
        at = find(term)
        while at >= 0:
            k = bisect_right(starts, at) - 1
            out |= 1 << owners[k]
            if k + 1 >= len(starts):
                break
            at = find(term, starts[k + 1])
        return out


def batch_orders(db: Any, ids: Sequence[int], generation: int) -> Orders:
    """The id orders of the batch's posts alone (those that exist), as `Orders.read` makes the library's from the
    same rows: what the evaluator's dates and flags need of them. At a million posts, the library's orders
    brought to the batch's generation (patched, or read) cost the hook a second: every post's place redone."""
    rows = sorted(search_reads.order_rows_of(db, list(ids)), key=lambda r: (r[1], r[0]))
    return Orders.from_rows(generation, rows)


def _key(node: Node) -> tuple[Any, ...]:
    """A node's answer's key: what it asks, not where it was typed (`position`)."""
    if isinstance(node, Text):
        return ("text", node.value, node.title_only)
    if isinstance(node, Field):
        return ("field", node.name, node.value)
    if isinstance(node, Dates):
        return ("dates", node.lo, node.hi)
    assert isinstance(node, Flag)
    return ("flag", node.name)
