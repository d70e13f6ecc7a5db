"""Watch queries at import time: each batch's posts matched against the watched and ruled saved searches.

`WatchQueries` is an import hook (`Library.add_import_hook`), run inside every import
batch's transaction: the active saved searches are evaluated over the batch's posts only
(`engine.matches_among`, not the whole library), the watched ones record their matches as
new (`watch_hit`: the sidebar's badge, the list's highlight), and the rules tag or collect
them (core/curation/watch_rules.py); what the rules did goes into the import report.
`attach(library)` installs it once per library; the front ends call it when they open one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

from finews_desktop.core.content.search_text import HandedTexts
from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.curation.watch_rules import RuleOutcome, apply_rules
from finews_desktop.core.errors import KnownError
from finews_desktop.core.search import engine
from finews_desktop.core.store import watches
from finews_desktop.core.store.changes import Changes
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.watches import WatchQuery


def rule_line(kind: str, search: str, value: str) -> str:
    """An import report's key for what a rule did: JSON [kind ("tag"|"collection"), saved search, name]."""
    return json.dumps([kind, search, value], ensure_ascii=False)


def read_rule_line(line: str) -> tuple[str, str, str]:
    kind, search, value = json.loads(line)
    return str(kind), str(search), str(value)


class WatchQueries:
    """The library's watch queries as an import hook (see the module docstring)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.curator = Curator(library)

    def close(self) -> None:
        """Nothing is held: a library service must close."""

    def __call__(self, conn: object, post_ids: list[int]) -> dict[str, int]:
        db = self.library.db
        if not post_ids or not watches.has_active_queries(db):
            return {}
        queries = watches.active_queries(db)
        matched = engine.matches_among(self.library, [q.query for q in queries], post_ids)
        hits: dict[str, list[int]] = {}
        notes: dict[str, int] = {}
        for q, ids in zip(queries, matched, strict=True):
            if not ids:
                continue
            if q.watch:
                hits[q.name] = sorted(ids)  # in the primary key's order: appended, not scattered
            if q.has_rules:
                _noted(notes, q, self.apply(q, sorted(ids)))
        if hits:
            watches.add_query_hits(conn, hits)
        return notes

    def apply(self, query: WatchQuery, post_ids: Sequence[int]) -> RuleOutcome:
        return apply_rules(
            self.curator, query.name, post_ids, add_tag=query.add_tag, add_collection=query.add_collection
        )


def _noted(notes: dict[str, int], q: WatchQuery, outcome: RuleOutcome) -> None:
    if q.add_tag and outcome.tagged:
        line = rule_line("tag", q.name, q.add_tag)
        notes[line] = notes.get(line, 0) + outcome.tagged
    if q.add_collection and outcome.collected:
        line = rule_line("collection", q.name, q.add_collection)
        notes[line] = notes.get(line, 0) + outcome.collected


def attach(library: Library) -> None:
    """Run the watch queries on every import batch of this library (once, however often it is called)."""
    if not library.readonly:
        library.add_import_hook(library.service(WatchQueries, WatchQueries))
        # the import's workers hand each post's folded text to the hook when there are queries to run
        library.service(HandedTexts, HandedTexts).wanted = lambda: watches.has_active_queries(library.db)


# --- what the front ends ask -------------------------------------------------------------


def set_watch(
    library: Library, name: str, *, watch: bool, add_tag: str | None = None, add_collection: str | None = None
) -> None:
    """Mark a saved search watched (or not) and give it its rules (None: none)."""
    if not any(q.name == name for q in watches.watch_queries(library.db)):
        raise KnownError(f"There is no saved search named {name!r}.")
    watches.set_watch(library.db, name, watch, (add_tag or "").strip() or None, (add_collection or "").strip() or None)


def open_query(library: Library, name: str) -> list[int]:
    """A watch query opened: its new posts (to highlight), which are new no longer."""
    return watches.mark_opened(library.db, name, int(time.time()))


def apply_to_existing(library: Library, name: str) -> RuleOutcome:
    """A saved search's rules applied to every post (untrashed) it matches now: one undoable step."""
    query = next((q for q in watches.watch_queries(library.db) if q.name == name), None)
    if query is None or not query.has_rules:
        return RuleOutcome(Changes())
    ids = engine.search(library, query.query).ids
    return WatchQueries(library).apply(query, list(ids))
