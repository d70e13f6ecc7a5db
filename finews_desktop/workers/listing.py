"""What the post list shows: a query and a sort turned into ordered post ids, off the main thread.

`run_list_query` is a plain function of the library and a request (no Qt), run
by the window's list worker; it also finds where the selected posts went, so
that the main thread only swaps the id array and reselects ranges.
"""

from __future__ import annotations

import re
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

from finews_desktop.core.errors import QueryError
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.post_reads import PostRow

# Sort keys the search sorts by; the others are sorted by the library (Library.order_ids).
SEARCH_SORTS = ("date", "title", "source", "relevance", "id")
LIBRARY_SORTS = ("tags", "stocks", "warnings")
# Orders Library.first_post_ids/all_post_ids give exactly as the search does for an empty query
# (equal titles by date, then ties by id, all in the sort's direction: store/post_order.py).
FAST_SORTS = ("date", "title", "id")  # the indexed ones

# A sidebar-only term: the posts of the last import run that wrote any.
RECENT_TERM = "is:recent"
_RECENT = re.compile(r"(?<!\S)is:recent(?!\S)", re.IGNORECASE)
# A query that asks for copies themselves: is:duplicate or dup:ID, not negated.
_ASKS_FOR_COPIES = re.compile(r"(?<!\S)(?:is:duplicate(?!\S)|dup:)", re.IGNORECASE)


@dataclass(frozen=True)
class ListRequest:
    generation: int
    query: str
    sort: str = "date"
    descending: bool = True
    limit: int | None = None  # a first page, when the full list follows
    keep_ids: Sequence[int] = ()  # the selected posts, to find again
    current_id: int | None = None
    visible_row: int = 0  # the first row on screen, whose neighbours' rows are read ahead
    prime_rows: int = 0  # how many rows to read ahead for the model (0: none)
    notes: bool = False  # free text matches private notes too (the search field's Notes switch)
    one_per_story: bool = False  # each story once: copies and versions left out (the list's View toggle)


@dataclass
class ListResult:
    request: ListRequest
    ids: array = field(default_factory=lambda: array("q"))
    total: int = 0  # -1: not counted (a first page; the full list follows)
    elapsed_ms: float = 0.0
    keep_ranges: list[tuple[int, int]] = field(default_factory=list)  # rows, inclusive
    current_row: int = -1
    error: str | None = None
    error_position: int = 0
    rows: list[PostRow] = field(default_factory=list)  # read ahead here, so the window paints without a query


def split_recent(query: str) -> tuple[str, bool]:
    """The query without the `is:recent` term, and whether it was there."""
    stripped, n = _RECENT.subn(" ", query)
    return " ".join(stripped.split()) if n else query.strip(), bool(n)


def rows_to_ranges(rows: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for r in sorted(rows):
        if ranges and r == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], r)
        else:
            ranges.append((r, r))
    return ranges


def run_list_query(library: Library, req: ListRequest) -> ListResult:
    started = time.perf_counter()
    result = ListResult(req)
    try:
        ids, total = _matching_ids(library, req)
    except QueryError as exc:
        result.error, result.error_position = str(exc), exc.position
        return result
    if req.sort in LIBRARY_SORTS:
        ids = library.order_ids(ids, req.sort, req.descending)
    if req.limit is not None and len(ids) > req.limit:
        ids = ids[: req.limit]
    result.ids = ids if isinstance(ids, array) else array("q", ids)
    result.total = total
    if req.keep_ids or req.current_id is not None:
        _find_kept(result, req)
    if req.prime_rows and len(result.ids):
        result.rows = _rows_to_paint(library, result, req)
    result.elapsed_ms = (time.perf_counter() - started) * 1000
    return result


def _matching_ids(library: Library, req: ListRequest) -> tuple[Sequence[int], int]:
    """The posts the request's query matches, in its order when the search sorts by it, and how
    many there are (-1: not counted, a first page). QueryError when the query does not parse."""
    query, recent_only = split_recent(req.query)
    asked = query  # the query as the timeline asks for it (workers/timeline.py)
    if req.one_per_story and not _ASKS_FOR_COPIES.search(query):
        # the representatives (finews search --one-per-story), unless the query asks for copies (the
        # sidebar's Duplicates, dup:ID); AND binds loosest, and the query's characters keep their positions
        query = f"{query} -is:duplicate".strip()
    sort = req.sort if req.sort in SEARCH_SORTS else "date"
    descending = req.descending if req.sort in SEARCH_SORTS else True
    # A filter or a library-side sort needs every match before the first page can be cut.
    limit = req.limit if (not recent_only and req.sort in SEARCH_SORTS) else None
    ids: Sequence[int]
    if not query and req.sort in FAST_SORTS:
        # The whole library in an indexed order: straight from the SQL index, which is quicker than
        # the search engine's first load and takes no long hold of the GIL from the window.
        if limit is not None:
            ids, total = library.first_post_ids(req.sort, req.descending, limit), -1  # counted by the full list
        else:
            ids = library.all_post_ids(req.sort, req.descending)
            total = len(ids)
    else:
        # here, not for the whole library's list: the engine imports numpy, which the window's first rows
        # (read on a thread of its process) do not need
        from finews_desktop.core.search.engine import search
        from finews_desktop.core.search.kept_results import answer_stamp, keep_answer, kept_list

        # the whole result, as the timeline asks for it: put in order from the timeline's answer when that
        # came first, else kept, so that the list's query is searched once for both
        stamp = answer_stamp(library) if limit is None and not req.notes and query == asked else None
        listed = kept_list(library, query, sort, descending) if stamp is not None else None
        if listed is not None:
            ids, total = listed
        else:
            # a first page may come uncounted (total -1): the full list that follows counts it
            found = search(
                library, query, sort=sort, descending=descending, limit=limit, notes=req.notes, count=limit is None
            )
            ids, total = found.ids, found.total
            if stamp is not None:
                keep_answer(library, query, found.ids, stamp)
    if recent_only:
        recent = library.recent_post_ids()
        ids = [i for i in ids if i in recent]
        total = len(ids)
    return ids, total


def _find_kept(result: ListResult, req: ListRequest) -> None:
    """Where the selected posts and the current one are in the new list."""
    wanted = set(req.keep_ids)
    rows = [row for row, pid in enumerate(result.ids) if pid in wanted] if wanted else []
    result.keep_ranges = rows_to_ranges(rows)
    if req.current_id is not None:
        try:
            result.current_row = result.ids.index(req.current_id)
        except ValueError:
            result.current_row = -1


def _rows_to_paint(library: Library, result: ListResult, req: ListRequest) -> list[PostRow]:
    """The rows the window will paint first: at the current post after a re-sort, else where it was."""
    anchor = result.current_row if (result.current_row >= 0 and not req.visible_row) else req.visible_row
    first = max(0, min(anchor - req.prime_rows // 4, len(result.ids) - req.prime_rows))
    return library.post_rows(result.ids[first : first + req.prime_rows])
