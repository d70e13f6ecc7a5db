"""A search's first page in date order before its total: a long term's candidates verified only as
far as the page reaches.

A term of 3 or more characters that the index's extension tables do not prove is answered by
the posts holding all its 2-grams, each verified in the text file; at a million posts a common
term has 100,000 candidates (half a second of `mmap.find`). A first page needs only its newest
(or oldest) hits: the candidates are walked a date-order chunk at a time from that end and
verified chunk by chunk until the page is full. The rest, and the total, are the full list's.

Handled: a query that is a long term, or an AND with long terms among its parts (the other
parts are evaluated whole); anything else is searched as a whole.
"""

from __future__ import annotations

from array import array
from typing import Any

from finews_desktop.core.search.evaluate import Evaluator
from finews_desktop.core.search.index import bits_to_ids, ids_to_bits
from finews_desktop.core.search.orders import Orders, ordered
from finews_desktop.core.search.query import And, Node, Text


def first_page_by_date(
    evaluator: Evaluator, orders: Orders, db: Any, root: Node, base: int, descending: bool, limit: int
) -> array | None:
    """The first `limit` posts of `base` matching `root` in date order, exactly as the whole result
    would begin; None when the query is not of the form handled (see above)."""
    children = root.children if isinstance(root, And) else (root,)
    terms = [c for c in children if isinstance(c, Text) and len(c.value) > 2]
    rest = [c for c in children if not (isinstance(c, Text) and len(c.value) > 2)]
    if not terms:
        return None
    bits = base
    for child in rest:
        bits &= evaluator.run(child, bits)
        if not bits:
            return array("q")
    parts: list[tuple[Text, int]] = []  # each term with its candidates still to verify
    for term in terms:
        sure, unsure = evaluator.text_parts(term, bits)
        bits &= sure | unsure
        if unsure:
            parts.append((term, unsure))
        if not bits:
            return array("q")
    if not parts:
        return ordered(orders, db, bits, "date", descending, limit)
    out = array("q")
    n = orders.date_chunk_count()
    for j in range(n - 1, -1, -1) if descending else range(n):
        hits = bits & orders.date_chunk(j)
        for term, unsure in parts:
            need = hits & unsure
            if need:
                found = ids_to_bits(evaluator.verify_text(term, list(bits_to_ids(need))), orders.size)
                hits &= ~need | found
        if hits:
            out.extend(ordered(orders, db, hits, "date", descending, limit - len(out)))
            if len(out) >= limit:
                break
    return out
