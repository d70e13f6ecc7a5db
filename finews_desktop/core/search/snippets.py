"""A short excerpt of a post's text around the first match of a query, every match marked.

What `finews search` prints and the post list shows under a title: the query's positive
free-text terms (not title-only ones), found in the folded text and marked in the
original characters (folding may change lengths: NFKC, ligatures).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from finews_desktop.core.errors import QueryError
from finews_desktop.core.search.index import fold
from finews_desktop.core.search.query import parse_query
from finews_desktop.core.store import search_reads
from finews_desktop.core.store.library import Library


def _folded_with_map(text: str) -> tuple[str, list[int] | None]:
    """text folded, and for each folded character the index of the character it came from
    (None when folding kept every character in place)."""
    folded = fold(text)
    if len(folded) == len(text) and all(map(str.__eq__, folded, text.lower())):
        return folded, None
    parts: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = fold(ch)
        parts.append(f)
        where.extend([i] * len(f))
    return "".join(parts), where


def snippets(library: Library, post_ids: Sequence[int], query: str, width: int = 80) -> dict[int, str]:
    """A short HTML excerpt of each post's text around the first match, every match in <mark>."""
    try:
        terms = sorted(
            {t.value for t in parse_query(query).positive_texts() if not t.title_only}, key=len, reverse=True
        )
    except QueryError:
        terms = []
    texts = search_reads.post_plain_texts(library.db, list(dict.fromkeys(post_ids)))
    return {pid: _snippet(text, terms, width) for pid, text in texts}


def _snippet(text: str, terms: list[str], width: int) -> str:
    flat = " ".join(text.split())
    folded, where = _folded_with_map(flat)

    def orig(i: int) -> int:
        return i if where is None else (where[i] if i < len(where) else len(flat))

    first = min((p for p in (folded.find(t) for t in terms) if p >= 0), default=-1)
    begin = 0 if first < 0 else max(0, orig(first) - width // 4)
    end = min(len(flat), begin + width)
    if end - begin < width:
        begin = max(0, end - width)
    spans: list[tuple[int, int]] = []
    for t in terms:
        pos = folded.find(t)
        while pos >= 0:
            a, b = orig(pos), orig(pos + len(t) - 1) + 1
            if b > begin and a < end:
                spans.append((max(a, begin), min(b, end)))
            if a >= end:
                break
            pos = folded.find(t, pos + 1)
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    pieces = ["…" if begin > 0 else ""]
    at = begin
    for a, b in merged:
        pieces.append(html.escape(flat[at:a]))
        pieces.append(f"<mark>{html.escape(flat[a:b])}</mark>")
        at = b
    pieces.append(html.escape(flat[at:end]))
    pieces.append("…" if end < len(flat) else "")
    return "".join(pieces)
