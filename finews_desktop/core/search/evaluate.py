"""A query's tree evaluated into a bitset of post ids (a Python int) over one snapshot of the index.

Free text of 1-2 characters is one posting; a longer term is one 2-gram's posting when the
extension tables prove the term (`proven_gram`), else the posts holding all its 2-grams,
verified in the index's text file. Fields go through the index's tokens (category, stock
and collection names resolved through the store), dates through the in-memory date order.
Posts the index is not sure about (queued, or not reached by a build) are checked directly
against their text, so the answer is exact at any time.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from finews_desktop.core.content.instruments import instrument
from finews_desktop.core.search.index import (
    EDGE,
    KIND_FIELD,
    KIND_TEXT,
    KIND_TITLE,
    MANY,
    IndexDoc,
    SearchIndex,
    bits_to_ids,
    fold,
    ids_to_bits,
)
from finews_desktop.core.search.notes import NoteTexts
from finews_desktop.core.search.orders import Orders
from finews_desktop.core.search.query import And, Dates, Field, Flag, Node, Not, Or, Text, next_day, to_date
from finews_desktop.core.store import clusters, reading, search_reads


class Evaluator:
    """Evaluates query trees into bitsets of post ids over one snapshot of the index (close() it).

    `posting(version, kind, key)` reads a key's bitset (the engine caches them by index
    version); `pending` is (the bitset, the docs) of the posts the index is not sure about,
    which are checked directly. `notes` (core/search/notes.py) answers `note:` and `has:note`;
    with `search_notes`, free text matches a post's note too.
    """

    def __init__(
        self,
        index: SearchIndex,
        posting: Callable[[int, int, str], int],
        orders: Orders,
        version: int,
        pending: tuple[int, dict[int, IndexDoc | None]],
        db: Any,
        notes: NoteTexts | None = None,
        search_notes: bool = False,
    ) -> None:
        self.index = index
        self._posting = posting
        self.orders = orders
        self.size = orders.size
        self.version = version
        self.pending_bits, self.pending_docs = pending
        self.db = db
        self.notes = notes or NoteTexts()
        self.search_notes = search_notes

    def close(self) -> None:
        self.index.end_snapshot()

    def posting(self, kind: int, key: str) -> int:
        return self._posting(self.version, kind, key)

    def run(self, node: Node, within: int) -> int:
        if isinstance(node, And):
            # cheap children first: what they leave narrows the ones that read text
            slow = [c for c in node.children if self._slow(c)]
            bits = within
            for child in [c for c in node.children if not self._slow(c)] + slow:
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
        if isinstance(node, Text):
            return self.text(node, within)
        if isinstance(node, Field):
            return self.field(node)
        if isinstance(node, Dates):
            return self.dates(node)
        assert isinstance(node, Flag)
        return self.flag(node)

    def _slow(self, node: Node) -> bool:
        if isinstance(node, Text):
            return len(node.value) > 2
        if isinstance(node, Not):
            return self._slow(node.child)
        if isinstance(node, (And, Or)):
            return any(self._slow(c) for c in node.children)
        return False

    # text -----------------------------------------------------------------------------

    def text(self, node: Text, within: int) -> int:
        sure, unsure = self.text_parts(node, within)
        if unsure:
            sure |= ids_to_bits(self.verify_text(node, list(bits_to_ids(unsure))), self.size)
        return sure

    def text_parts(self, node: Text, within: int) -> tuple[int, int]:
        """(the posts that hold node's term for sure, the candidates among `within` still to verify):
        text() but for the verification, which a first page does only for the candidates it reaches
        (firstpage.py)."""
        v = node.value
        kind = KIND_TITLE if node.title_only else KIND_TEXT
        pending = self.pending_bits
        unsure = 0
        if len(v) <= 2:
            bits = self.posting(kind, v)
        else:
            bits, verified = self.long_candidates(v, kind, within & ~pending)
            if not verified:
                bits, unsure = 0, bits
        if pending:
            bits &= ~pending
            hits = [
                pid
                for pid, d in self.pending_docs.items()
                if d is not None and (v in d.title or (not node.title_only and v in d.body))
            ]
            bits |= ids_to_bits(hits, self.size)
        if self.search_notes and not node.title_only:
            bits |= self.in_notes(v)
        return bits, unsure & ~bits

    def verify_text(self, node: Text, ids: list[int]) -> list[int]:
        """The posts among `ids` (candidates of text_parts) whose indexed text holds node's term."""
        return self.index.verify(ids, node.value, not node.title_only)

    def in_notes(self, value: str) -> int:
        """Posts whose note holds the folded term: the same match as a post's text."""
        return ids_to_bits([i for i in self.notes.matching(self.db, value) if i < self.size], self.size)

    def long_text(self, v: str, kind: int, within: int) -> int:
        cand, verified = self.long_candidates(v, kind, within)
        if verified or not cand:
            return cand
        return ids_to_bits(self.index.verify(list(bits_to_ids(cand)), v, kind == KIND_TEXT), self.size)

    def long_candidates(self, v: str, kind: int, within: int) -> tuple[int, bool]:
        """The indexed posts that may hold v (longer than 2): those of a 2-gram that proves it (then
        surely, and not limited to `within`), else those of `within` holding all its 2-grams, to verify."""
        twos = [v[i : i + 2] for i in range(len(v) - 1)]
        if EDGE not in v:
            proven = self.proven_gram(v, twos)
            if proven is not None:
                return (self.posting(kind, proven) if proven else 0), True
        cand = within
        for g in dict.fromkeys(twos):
            cand &= self.posting(kind, g)
            if not cand:
                return 0, True
        return cand, False

    def proven_gram(self, v: str, twos: list[str]) -> str | None:
        """A 2-gram of v whose posts are exactly v's, '' when v cannot occur in any indexed post,
        None when the extension tables prove nothing.

        Every occurrence of the 2-gram is grown one character at a time: to the right when
        some suffix (2 or 3 characters) of what is known is, everywhere in the indexed text,
        always followed by v's next character; to the left likewise. If it grows to all of
        v, each post holding the 2-gram holds v.
        """
        n = len(v)
        ext = self.index.extensions(twos + [v[i : i + 3] for i in range(n - 2)])
        if any(g not in ext for g in twos):
            return ""

        def follows(gram: str, c: str, side: int) -> bool:
            known = ext.get(gram)
            return known is not None and known[side] == c

        # v is nowhere if some gram of it always has another neighbour than the one v gives it
        for gram_len in (2, 3):
            for i in range(n - gram_len + 1):
                known = ext.get(v[i : i + gram_len])
                if known is None:
                    continue
                after, before = known
                if i + gram_len < n and after not in (None, MANY, v[i + gram_len]):
                    return ""
                if i > 0 and before not in (None, MANY, v[i - 1]):
                    return ""

        for k in range(n - 1):
            a, b = k, k + 2
            while b < n and (follows(v[b - 2 : b], v[b], 0) or (b - 3 >= a and follows(v[b - 3 : b], v[b], 0))):
                b += 1
            if b < n:
                continue
            while a > 0 and (follows(v[a : a + 2], v[a - 1], 1) or (a + 3 <= b and follows(v[a : a + 3], v[a - 1], 1))):
                a -= 1
            if a == 0:
                return twos[k]
        return None

    # fields -------------------------------------------------------------------------------

    def field(self, node: Field) -> int:
        value = fold(node.value)
        name = node.name
        if name == "collection":
            return self.collection(value)
        if name == "note":
            return self.in_notes(value)
        if name == "dup":
            return self.story(int(value))
        if name == "tag":
            tokens = {"t" + value}
        elif name == "category":
            tokens = {
                "c" + fold(slug)
                for slug, display in search_reads.category_names(self.db)
                if fold(slug) == value or (display and fold(display) == value)
            }
        elif name == "stock":
            tokens = {
                "k" + fold(f"{market}.{code}")
                for market, code, sname in search_reads.stock_names(self.db)
                if value in (fold(code), fold(f"{market}.{code}"))
                or (sname and fold(sname) == value)
                or fold(instrument(market, code).symbol or "\0") == value
            }
        else:  # source
            tokens = {
                key
                for prefix in ("s", "h")
                for key in self.index.keys_with_prefix(KIND_FIELD, prefix)
                if value in key[1:]
            }
        bits = 0
        for token in tokens:
            bits |= self.posting(KIND_FIELD, token)
        if self.pending_bits:
            bits &= ~self.pending_bits
            if name == "source":
                hits = [
                    pid
                    for pid, d in self.pending_docs.items()
                    if d is not None and any(t[0] in "sh" and value in t[1:] for t in d.fields)
                ]
            else:
                hits = [
                    pid for pid, d in self.pending_docs.items() if d is not None and not tokens.isdisjoint(d.fields)
                ]
            bits |= ids_to_bits(hits, self.size)
        return bits

    def collection(self, value: str) -> int:
        named = [cid for cid, name in search_reads.collection_names(self.db) if fold(name) == value]
        ids = search_reads.collection_post_ids(self.db, named)
        return ids_to_bits([i for i in ids if i < self.size], self.size)

    def story(self, post_id: int) -> int:
        """The posts of `post_id`'s cluster (core/store/clusters.py, kept by core/dedup/)."""
        ids = clusters.cluster_of(self.db, post_id) if post_id < self.size else []
        return ids_to_bits([i for i in ids if i < self.size], self.size) & self.orders.everything

    def flag(self, node: Flag) -> int:
        o = self.orders
        if node.name in ("duplicate", "representative"):
            ids = clusters.duplicate_ids(self.db) if node.name == "duplicate" else clusters.representative_ids(self.db)
            return ids_to_bits([i for i in ids if i < self.size], self.size) & o.everything
        if node.name in ("read", "unread"):
            read = ids_to_bits([i for i in reading.read_ids(self.db) if i < self.size], self.size)
            return read if node.name == "read" else o.everything & ~read
        if node.name == "note":
            return ids_to_bits([i for i in self.notes.noted(self.db) if i < self.size], self.size)
        return {"trashed": o.trashed, "edited": o.edited}.get(node.name, o.warned)

    def dates(self, node: Dates) -> int:
        o = self.orders
        lo_day, hi_day = max(node.lo, 10101), min(node.hi, 99991231)
        if lo_day > hi_day:
            return 0
        start = _day_seconds(lo_day)
        end = _day_seconds(next_day(hi_day)) if hi_day < 99991231 else 1 << 62
        margin = 86400  # local days differ from UTC days by less than one day
        a = bisect_left(o.dates, start - margin)
        b = bisect_left(o.dates, end + margin)
        core_a = max(a, bisect_left(o.dates, start + margin))
        core_b = min(b, bisect_left(o.dates, end - margin))
        ids: list[int] = []
        days, by_date = o.days, o.by_date
        bits = 0
        if core_a < core_b:
            bits = o.date_prefix(core_b) & ~o.date_prefix(core_a)
            edges = [range(a, core_a), range(core_b, b)]
        else:
            edges = [range(a, b)]
        for r in edges:
            ids.extend(by_date[i] for i in r if node.lo <= days[i] <= node.hi)
        return bits | ids_to_bits(ids, self.size)


def _day_seconds(n: int) -> int:
    d = to_date(n)
    return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp())
