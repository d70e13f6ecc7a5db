"""Clusters kept up to date from `dup_queue`: the posts imported, edited, trashed or deleted since.

`Deduplicator.catch_up` (run after an import or an edit, as the search index's catch-up is: the
window runs it in a child process) takes the queued posts in chunks: their old rows go, their
signatures and band keys (signatures.py) and version keys (versions.py) are stored, the posts
sharing a band key are candidates, kept when their exact Jaccard similarity of shingles reaches
the threshold (`dup_threshold`, a library setting), and the clusters the chunk touched are
computed again as connected components of the pairs (text or versions). A cluster's
representative is the member the user picked, else the earliest that Jekyll builds (date, then id). The answer
does not depend on the order posts arrive in: a brute-force comparison of all pairs finds the
same clusters (tests/core/dedup/).
"""

from __future__ import annotations

import functools
import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from finews_desktop.core.content.newsitem import post_text, post_text_columns
from finews_desktop.core.dedup import signatures as sg
from finews_desktop.core.dedup.versions import version_keys
from finews_desktop.core.store import clusters
from finews_desktop.core.store.library import Library

THRESHOLD_SETTING = "dup_threshold"
DEFAULT_THRESHOLD = 0.4  # Jaccard of 8-character shingles: generated copies 0.99 above it, unrelated posts < 0.01
BUILT_SETTING = "dup_built_threshold"  # the threshold the stored pairs were verified with
CHUNK = 5000
KEEP_SHINGLES = 20_000_000  # shingle hashes of queued posts kept for the verification (160 MB); past it, read again
PARALLEL_FROM = 2000  # posts queued from which the signatures are made in worker processes
PREFILTER_MARGIN = 0.2  # candidates whose signatures suggest less than threshold - this are not verified

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A post's signature, its shingle hashes and version keys."""

    post_id: int
    signature: npt.NDArray[np.uint16]
    shingles: npt.NDArray[np.uint64]
    nkey: str | None
    pkey: str


def prepare(rows: Sequence[tuple[Any, ...]]) -> list[Prepared]:
    """(id, title, stored text, raw, archive id, path, news id) rows as Prepared: pure, for worker processes."""
    texts = [sg.story_text(title or "", post_text(text, raw)) for _pid, title, text, raw, *_ in rows]
    hashes, offsets = sg.shingle_hashes(texts)
    sigs = sg.signatures(hashes, offsets)
    out = []
    for i, (pid, _title, _text, _raw, archive_id, path, news_id) in enumerate(rows):
        nkey, pkey = version_keys(archive_id, path, news_id)
        out.append(Prepared(pid, sigs[i], hashes[offsets[i] : offsets[i + 1]].copy(), nkey, pkey))
    return out


def candidate_pairs(sigs: npt.NDArray[np.uint16], is_queued: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """Rows (i, j), i < j, of signatures sharing a band, one of them queued: LSH, one band at a time
    (only the band keys of posts that share one with a queued post are sorted)."""
    found: list[npt.NDArray[np.int64]] = []
    queued_rows = np.flatnonzero(is_queued)
    if not len(queued_rows):
        return np.zeros((0, 2), dtype=np.int64)
    for band in range(sg.BANDS):
        cols = sigs[:, band * sg.ROWS : (band + 1) * sg.ROWS].astype(np.int64)
        keys = (cols[:, 0] << 16) | cols[:, 1]
        wanted = np.unique(keys[queued_rows])
        pos = np.minimum(np.searchsorted(wanted, keys), len(wanted) - 1)
        rows = np.flatnonzero(wanted[pos] == keys)
        if len(rows) < 2:
            continue
        order = rows[np.argsort(keys[rows], kind="stable")]
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, len(order)])
        pairs_at = starts[sizes == 2]  # most groups: one pair, made without a loop
        found.append(np.stack([order[pairs_at], order[pairs_at + 1]], axis=1))
        for start, size in zip(starts[sizes > 2], sizes[sizes > 2], strict=True):
            group = order[start : start + size]
            left, right = _pairs_of(int(size))
            found.append(np.stack([group[left], group[right]], axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(np.concatenate(found), axis=1)
    pairs = pairs[is_queued[pairs[:, 0]] | is_queued[pairs[:, 1]]]
    return np.unique(pairs, axis=0)


@functools.lru_cache(maxsize=64)
def _pairs_of(size: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    left, right = np.triu_indices(size, 1)
    return left.astype(np.int64), right.astype(np.int64)


def _rank(info: tuple[bool, bool, int], post_id: int) -> tuple[bool, bool, int, int]:
    """A representative's order: the one picked, else the earliest post Jekyll builds, else the earliest."""
    picked, builds, date = info
    return (not picked, not builds, date, post_id)


def threshold_of(lib: Library) -> float:
    try:
        return float(lib.get_setting(THRESHOLD_SETTING) or DEFAULT_THRESHOLD)
    except ValueError:
        return DEFAULT_THRESHOLD


class Deduplicator:
    """Brings a library's clusters up to date (`catch_up`); `workers` processes make signatures for big catch-ups."""

    def __init__(self, lib: Library, workers: int | None = None) -> None:
        self.lib = lib
        self.db = lib.db
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self.threshold = threshold_of(lib)

    def pending_count(self) -> int:
        return clusters.queued_count(self.db)

    def set_threshold(self, value: float) -> None:
        """A new similarity threshold: every pair is verified again at the next catch-up."""
        if not 0.05 <= value <= 1.0:
            raise ValueError("the similarity threshold is between 0.05 and 1")
        self.lib.set_setting(THRESHOLD_SETTING, repr(float(value)))
        self.threshold = float(value)

    def catch_up(
        self, progress: ProgressCallback | None = None, should_cancel: Callable[[], bool] | None = None
    ) -> bool:
        """Cluster the queued posts; False when cancelled (the queue is then left as it was)."""
        if self.lib.get_setting(BUILT_SETTING) != repr(self.threshold):
            with self.db.atomic("IMMEDIATE"):
                clusters.clear(self.db.connection())
                self.lib.set_setting(BUILT_SETTING, repr(self.threshold))
        seq, ids = clusters.queued(self.db)
        if not ids:
            return True
        pool: Executor | None = None
        if self.workers > 1 and len(ids) >= PARALLEL_FROM:
            pool = ProcessPoolExecutor(self.workers)
        try:
            return self._catch_up(seq, ids, pool, progress, should_cancel or (lambda: False))
        finally:
            if pool is not None:
                pool.shutdown()

    def _catch_up(
        self,
        seq: int,
        ids: list[int],
        pool: Executor | None,
        progress: ProgressCallback | None,
        cancelled: Callable[[], bool],
    ) -> bool:
        old = clusters.stored(self.db, ids)
        touched = set(ids) | set(clusters.members(self.db, {c for _s, c in old.values() if c is not None}))
        kept: dict[int, npt.NDArray[np.uint64]] = {}  # shingles of queued posts, while they fit KEEP_SHINGLES
        budget = KEEP_SHINGLES
        versions: list[Prepared] = []
        for start in range(0, len(ids), CHUNK):
            if cancelled():
                return False
            chunk = ids[start : start + CHUNK]
            prepared = self._prepare(chunk, pool)
            with self.db.atomic("IMMEDIATE"):
                conn = self.db.connection()
                clusters.remove_posts(conn, chunk)
                clusters.add_posts(
                    conn,
                    [(p.post_id, p.signature.tobytes() if len(p.shingles) else b"", p.nkey, p.pkey) for p in prepared],
                )
            for p in prepared:
                versions.append(Prepared(p.post_id, p.signature[:0], p.shingles[:0], p.nkey, p.pkey))
                if budget > 0:
                    kept[p.post_id] = p.shingles
                    budget -= len(p.shingles)
            if progress:
                progress(min(start + CHUNK, len(ids)), len(ids) * 2)
        if cancelled():
            return False
        edges = self._text_pairs(set(ids), kept, pool) + self._version_pairs(versions)
        with self.db.atomic("IMMEDIATE"):
            conn = self.db.connection()
            clusters.add_edges(conn, edges)
            touched.update(x for a, b, *_ in edges for x in (a, b))
            self._recluster(conn, touched)
            clusters.forget_queued(conn, seq, ids)
        if progress:
            progress(len(ids) * 2, len(ids) * 2)
        return True

    def _prepare(self, post_ids: Sequence[int], pool: Executor | None) -> list[Prepared]:
        rows = clusters.sources(self.db, post_ids, post_text_columns("c"))
        if pool is None or len(rows) < 2 * 500:
            return prepare(rows)
        step = -(-len(rows) // (self.workers * 4))
        parts = pool.map(prepare, [rows[i : i + step] for i in range(0, len(rows), step)])
        return [p for part in parts for p in part]

    def _text_pairs(
        self, queued: set[int], kept: dict[int, npt.NDArray[np.uint64]], pool: Executor | None
    ) -> list[tuple[int, int, float | None, int]]:
        """The verified pairs of similar text between a queued post and any post (LSH over every signature)."""
        id_list, blob = clusters.all_signatures(self.db)
        if not id_list:
            return []
        ids = np.asarray(id_list, dtype=np.int64)
        sigs = np.frombuffer(blob, dtype=np.uint16).reshape(len(ids), sg.BINS)
        is_queued = np.isin(ids, np.fromiter(queued, dtype=np.int64, count=len(queued)))
        candidates = candidate_pairs(sigs, is_queued)
        if not len(candidates):
            return []
        estimates = sg.estimate(sigs[candidates[:, 0]], sigs[candidates[:, 1]])
        likely = candidates[estimates >= self.threshold - PREFILTER_MARGIN]
        pairs = [(int(ids[i]), int(ids[j])) for i, j in likely]
        needed = sorted({x for pair in pairs for x in pair} - set(kept))
        shingles = dict(kept)
        shingles.update((p.post_id, p.shingles) for p in self._prepare(needed, pool))
        out: list[tuple[int, int, float | None, int]] = []
        for a, b in pairs:
            if a in shingles and b in shingles:
                similarity = sg.exact_similarity(shingles[a], shingles[b])
                if similarity >= self.threshold:
                    out.append((min(a, b), max(a, b), round(similarity, 4), 0))
        return out

    def _version_pairs(self, prepared: Sequence[Prepared]) -> list[tuple[int, int, float | None, int]]:
        """Pairs of the chunk's posts with the stored posts sharing a version key."""
        out: set[tuple[int, int]] = set()
        for column, attr in (("nkey", "nkey"), ("pkey", "pkey")):
            mine: dict[str, list[int]] = defaultdict(list)
            for p in prepared:
                key = getattr(p, attr)
                if key:
                    mine[key].append(p.post_id)
            for key, other in clusters.version_matches(self.db, column, list(mine)):
                out.update((min(a, other), max(a, other)) for a in mine[key] if a != other)
        return [(a, b, None, 1) for a, b in sorted(out)]

    def _recluster(self, conn: Any, seeds: set[int]) -> None:
        """The clusters of these posts as connected components of the stored pairs; representatives."""
        parent: dict[int, int] = {}

        def find(x: int) -> int:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        frontier = sorted(seeds)
        seen = set(seeds)
        for s in seeds:
            find(s)
        while frontier:
            found: list[int] = []
            for a, b in clusters.edges_of(self.db, frontier):
                parent[find(a)] = find(b)
                for x in (a, b):
                    if x not in seen:
                        seen.add(x)
                        found.append(x)
            frontier = found
        groups: dict[int, list[int]] = defaultdict(list)
        for x in seen:
            groups[find(x)].append(x)
        info = clusters.dates_and_picks(self.db, sorted(seen))
        rows: list[tuple[int | None, int | None, int]] = []
        for members in groups.values():
            if len(members) == 1:
                rows.append((None, None, members[0]))
                continue
            rep = min(members, key=lambda m: _rank(info.get(m, (False, False, 0)), m))
            rows.extend((min(members), rep, m) for m in members)
        clusters.set_clusters(conn, rows)
