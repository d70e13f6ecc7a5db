"""Stories as the front ends show them: a cluster's posts with the representative first, each one's
time after it and its similarity to it (or that it is a version): `finews dups`, the window's copies."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from finews_desktop.core.store import clusters
from finews_desktop.core.store.library import Library


@dataclass(frozen=True)
class Member:
    post_id: int
    title: str
    date_text: str | None
    source: str | None
    path: str
    minutes_after: int  # after the representative (negative: before it)
    similarity: float | None  # to the representative (None: the representative, or linked only through others)
    version: bool  # a version of the representative's news item


@dataclass(frozen=True)
class Story:
    cluster: int
    representative: int
    members: tuple[Member, ...]  # the representative first, then by date


def stories(lib: Library, query: str = "") -> list[Story]:
    """Every story of more than one post (trashed posts left out); with a query, those with a post matching it."""
    groups: dict[int, list[int]] = defaultdict(list)
    reps: dict[int, int] = {}
    for cluster, rep, pid in clusters.cluster_rows(lib.db):
        groups[cluster].append(pid)
        reps[cluster] = rep
    if query.strip():
        from finews_desktop.core.search.engine import search

        hits = set(search(lib, query, limit=None).ids)
        groups = {c: ids for c, ids in groups.items() if hits.intersection(ids)}
    out = [_story(lib, cluster, reps[cluster], ids) for cluster, ids in sorted(groups.items())]
    return [s for s in out if len(s.members) > 1]


def story_of(lib: Library, post_id: int) -> Story | None:
    """The story `post_id` belongs to, None when it has no copies or versions."""
    ids = clusters.cluster_of(lib.db, post_id)
    if len(ids) < 2:
        return None
    rep = clusters.representative_of(lib.db, post_id)
    story = _story(lib, min(ids), rep if rep in ids else ids[0], ids)
    return story if len(story.members) > 1 else None


def _story(lib: Library, cluster: int, rep: int, ids: list[int]) -> Story:
    rows = clusters.member_rows(lib.db, ids)
    pairs = {(a, b): (s, v) for a, b, s, v in clusters.pairs_of(lib.db, ids)}

    def when(pid: int) -> tuple[int, int]:
        return (rows[pid][1] or 0, pid)

    if rep not in rows and rows:
        rep = min(rows, key=when)
    base = (rows[rep][1] or 0) if rep in rows else 0
    members = []
    for pid in [rep, *sorted((i for i in rows if i != rep), key=when)]:
        if pid not in rows:
            continue
        title, date, date_text, source, path = rows[pid]
        similarity, version = pairs.get((min(pid, rep), max(pid, rep)), (None, 0))
        members.append(
            Member(pid, title or "", date_text, source, path, ((date or 0) - base) // 60, similarity, bool(version))
        )
    return Story(cluster, rep, tuple(members))
