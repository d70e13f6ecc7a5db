"""Clusters kept up to date from `dup_queue`: the posts imported, edited, trashed or deleted since.

`Deduplicator.catch_up` (run after an import or an edit, as the search index's catch-up is: the
window runs it in a child process, beside the index's for an import batch, deriving the text the index
has not got yet, else after it, reading its folded text back) takes the queued posts in chunks. For each chunk, one transaction replaces their pairs, signatures, LSH band
keys (`dup_band_recent`, signatures.py) and version keys (versions.py); the posts sharing a bucket
with them (looked up in `dup_band` and `dup_band_recent`, so a batch costs what its own buckets hold,
not the library's size) are candidates, kept when their exact Jaccard similarity of shingles reaches the threshold
(`dup_threshold`, a library setting); a second transaction stores those pairs. Once every chunk is
done, the clusters touched are computed again as connected components of the pairs (text or
versions) and the queue entries forgotten, in one transaction: a catch-up cancelled before that
leaves the queue (and each post's old cluster) for the next one. Then one band's recent bucket rows
are moved into `dup_band` (`MERGE_NEXT`, the bands in turn): a batch writes a thirty-second of the big
table's pages, not all of them (core/store/clusters.py). A cluster's representative is the
member the user picked, else the earliest that Jekyll builds (date, then id). The answer does not
depend on the order posts arrive in: a brute-force comparison of all pairs finds the same clusters
(tests/core/dedup/).
"""

from __future__ import annotations

import functools
import os
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

import numpy as np
import numpy.typing as npt

from finews_desktop.core.content.newsitem import post_text, post_text_columns
from finews_desktop.core.content.search_text import search_body
from finews_desktop.core.dedup import signatures as sg
from finews_desktop.core.dedup.versions import version_keys
from finews_desktop.core.search.index import INDEX_FILE, SearchIndex
from finews_desktop.core.search.index.textfile import TextReader
from finews_desktop.core.store import clusters
from finews_desktop.core.store.library import Library

THRESHOLD_SETTING = "dup_threshold"
DEFAULT_THRESHOLD = 0.4  # Jaccard of 8-character shingles: generated copies 0.99 above it, unrelated posts < 0.01
BUILT_SETTING = "dup_built_threshold"  # the threshold the stored pairs were verified with
CHUNK = 5000
KEEP_SHINGLES = 4_000_000  # shingle hashes of earlier chunks kept for verifying pairs (32 MB); past it, read again
PARALLEL_FROM = 2000  # posts whose text the index does not hold, from which worker processes derive it
# posts the index has not got, up to which the window clusters a batch without waiting for the index: deriving
# the text costs more than the rest of the batch's clustering (100,000 posts: a 385-post batch derived 94 ms, a
# 662-post one 184-282 ms, against ~130 ms with the index's text), so a batch of up to 400 stays well within its
# 200 ms; a bigger one waits for the index's text
DERIVE_AT_MOST = 400
PREFILTER_MARGIN = 0.2  # candidates whose signatures suggest less than threshold - this are not verified
# a catch-up of this many posts, and of a quarter of the library at least, writes every bucket again in key
# order and finds the pairs in memory (a batch looks up its own buckets instead)
BULK_FROM = 20_000
BANDS_STALE = "dup_bands_stale"  # set while a bulk catch-up has not written the buckets again
MAP_BYTES = 1 << 30  # of the library file read through a memory map by a batch's catch-up (address space)
MERGE_NEXT = "dup_band_merge_next"  # the band whose recent bucket rows the next catch-up merges
VERIFY_GROUP = 20_000  # candidate pairs verified together (their posts' shingles read at once)

ProgressCallback = Callable[[int, int], None]
TextRow = tuple[int, str, str, int, str, str | None]  # id, folded title, folded text, archive id, path, news id


@dataclass(frozen=True, slots=True)
class Prepared:
    """A post's signature, its shingle hashes and version keys."""

    post_id: int
    signature: npt.NDArray[np.uint16]
    shingles: npt.NDArray[np.uint64]
    nkey: str | None
    pkey: str


def prepare_texts(rows: Sequence[TextRow]) -> list[Prepared]:
    """Prepared posts from their folded title and text (content/search_text.search_body): pure."""
    texts = [sg.story_text(title, text) for _pid, title, text, *_ in rows]
    hashes, offsets = sg.shingle_hashes(texts)
    sigs = sg.signatures(hashes, offsets)
    out = []
    for i, (pid, _title, _text, archive_id, path, news_id) in enumerate(rows):
        nkey, pkey = version_keys(archive_id, path, news_id)
        out.append(Prepared(pid, sigs[i], hashes[offsets[i] : offsets[i + 1]], nkey, pkey))
    return out


def prepare(rows: Sequence[tuple[Any, ...]]) -> list[Prepared]:
    """(id, title, stored text, raw, archive id, path, news id) rows as Prepared, their plain text
    derived from the bytes and folded as the search folds it: pure, for worker processes."""
    return prepare_texts(
        [
            (pid, search_body(title or ""), search_body(post_text(text, raw)), archive_id, path, news_id)
            for pid, title, text, raw, archive_id, path, news_id in rows
        ]
    )


def candidate_pairs(keys: npt.NDArray[np.int64], rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """(a, b), a < b, of the rows sharing a bucket (keys sorted, rows[i] in bucket keys[i])."""
    if len(keys) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    pairs_at = starts[sizes == 2]  # most buckets with more than one: one pair, made without a loop
    found = [np.stack([rows[pairs_at], rows[pairs_at + 1]], axis=1)]
    for start, size in zip(starts[sizes > 2], sizes[sizes > 2], strict=True):
        group = rows[start : start + size]
        left, right = _pairs_of(int(size))
        found.append(np.stack([group[left], group[right]], axis=1))
    return _unique_pairs(np.sort(np.concatenate(found), axis=1))


def _unique_pairs(pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The distinct rows of (a, b) pairs, sorted (one int64 a row where they fit)."""
    if not len(pairs) or int(pairs.max()) >= 1 << 31:
        return np.unique(pairs, axis=0) if len(pairs) else pairs
    keys = _distinct((pairs[:, 0] << 32) | pairs[:, 1])
    return np.stack([keys >> 32, keys & 0xFFFF_FFFF], axis=1)


@functools.lru_cache(maxsize=64)
def _pairs_of(size: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    left, right = np.triu_indices(size, 1)
    return left.astype(np.int64), right.astype(np.int64)


def _rank(info: tuple[bool, bool, bool, int], post_id: int) -> tuple[bool, bool, bool, int, int]:
    """A representative's order: the one picked, else the earliest post Jekyll builds that was read without
    warnings (a copy whose front matter Jekyll does not see builds, titled by its file name: never the
    story's face while a sound copy exists), else the earliest it builds, else the earliest
    (clusters.set_picked ranks them so in SQL)."""
    picked, builds, warned, date = info
    return (not picked, not builds, warned, date, post_id)


def threshold_of(lib: Library) -> float:
    try:
        return float(lib.get_setting(THRESHOLD_SETTING) or DEFAULT_THRESHOLD)
    except ValueError:
        return DEFAULT_THRESHOLD


def _band_rows(post_id: int, signature: npt.NDArray[np.uint16]) -> list[tuple[int, int]]:
    return [(key, post_id) for key in sg.band_keys(signature[None, :])[0].tolist()]


class _Shingles:
    """Shingle hashes of posts, kept up to KEEP_SHINGLES hashes (oldest dropped first); sorted without
    repeats when first asked for (`get`), since most are never asked for."""

    def __init__(self) -> None:
        self._kept: OrderedDict[int, tuple[bool, npt.NDArray[np.uint64]]] = OrderedDict()
        self._size = 0

    def get(self, post_id: int) -> npt.NDArray[np.uint64] | None:
        kept = self._kept.get(post_id)
        if kept is None:
            return None
        distinct, hashes = kept
        if not distinct:
            hashes = _distinct(hashes)
            self._kept[post_id] = (True, hashes)
        return hashes

    def put(self, post_id: int, shingles: npt.NDArray[np.uint64]) -> None:
        self._kept[post_id] = (False, shingles.copy())  # a copy: not a view that keeps its batch's array
        self._size += len(shingles)
        while self._size > KEEP_SHINGLES and len(self._kept) > 1:
            _pid, (_distinct, dropped) = self._kept.popitem(last=False)
            self._size -= len(dropped)


def _among(values: npt.NDArray[np.int64], wanted: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Which of values are in wanted (sorted without repeats): np.isin without np.unique, which it calls
    for values spread wide and which imports numpy.ma (~70 ms of a batch's catch-up in a fresh process)."""
    if not len(wanted):
        return np.zeros(len(values), dtype=np.bool_)
    at = np.searchsorted(wanted, values)
    at[at == len(wanted)] = 0
    return np.asarray(wanted[at] == values)


def _distinct(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Sorted without repeats: np.unique without its hash table (several times quicker here) and
    without importing numpy.ma (np.unique does: 15-25 ms of a small catch-up in a fresh process)."""
    out = np.sort(values)
    return out[np.r_[True, out[1:] != out[:-1]]] if len(out) > 1 else out


class Deduplicator:
    """Brings a library's clusters up to date (`catch_up`); `workers` processes derive the text the
    search index does not hold yet for big catch-ups."""

    def __init__(self, lib: Library, workers: int | None = None) -> None:
        self.lib = lib
        self.db = lib.db
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self.threshold = threshold_of(lib)

    def pending_count(self) -> int:
        return clusters.queued_count(self.db)

    def may_go_before_index(self) -> bool:
        """Whether the search index has not got DERIVE_AT_MOST queued posts at most: a catch-up derives
        their text from the stored bytes (~0.2 ms a post) instead of reading it back from the index. The
        window clusters an import batch at once, beside the index's catch-up (seconds), when so: its copies
        show soon after the import; a big import's wait for the index (whose text costs less to read)."""
        _seq, ids = clusters.queued(self.db)
        if len(ids) <= DERIVE_AT_MOST:
            return True
        if not (self.lib.folder / INDEX_FILE).exists():
            return False
        index = SearchIndex(self.lib)
        try:
            return len(index.pending_ids().intersection(ids)) <= DERIVE_AT_MOST
        finally:
            index.close()

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
        self._index = SearchIndex(self.lib) if (self.lib.folder / INDEX_FILE).exists() else None
        # posts the index may be behind on, asked before any of its snapshots is read (see _indexed_texts)
        self._not_indexed = self._index.pending_ids() if self._index is not None else set()
        self._pool: Executor | None = None
        self._shingles = _Shingles()
        try:
            return self._catch_up(seq, ids, progress, should_cancel or (lambda: False))
        finally:
            clusters.map_file(self.db, 0)
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
            if self._index is not None:
                self._index.close()

    def _catch_up(
        self, seq: int, ids: list[int], progress: ProgressCallback | None, cancelled: Callable[[], bool]
    ) -> bool:
        touched: set[int] = set()
        gone: list[int] = []  # trashed or deleted: no longer clustered
        bulk = len(ids) >= BULK_FROM and len(ids) >= clusters.stored_count(self.db) // 4  # no count for a batch
        if bulk or self.lib.get_setting(BANDS_STALE) == "1":
            bulk = True
            self.lib.set_setting(BANDS_STALE, "1")
        if not bulk:  # not in bulk: the mapped pages it reads would count as the process's memory
            clusters.map_file(self.db, MAP_BYTES)
        total = len(ids) * (2 if bulk else 1)
        for start in range(0, len(ids), CHUNK):
            if cancelled():
                return False
            chunk = ids[start : start + CHUNK]
            prepared = self._prepare(chunk)
            here = {p.post_id for p in prepared}
            gone += [pid for pid in chunk if pid not in here]
            touched.update(self._replace(chunk, prepared, buckets=not bulk))
            edges = self._version_pairs(prepared)
            if bulk:
                for p in prepared:  # kept while they fit, for the pairs found once all are stored
                    self._shingles.put(p.post_id, p.shingles)
            else:
                edges += self._text_pairs(prepared)
            self._add_edges(edges, touched)
            if progress:
                progress(min(start + CHUNK, len(ids)), total)
        if bulk:
            found = self._all_text_pairs(np.asarray(ids, dtype=np.int64), progress, cancelled)
            if found is None:
                return False
            self._add_edges(found, touched)
            self.lib.set_setting(BANDS_STALE, "0")
        if cancelled():
            return False
        with self.db.atomic("IMMEDIATE"):
            conn = self.db.connection()
            clusters.finish_posts(conn, gone)
            self._recluster(conn, touched - set(gone))
            clusters.forget_queued(conn, seq, ids)
        if not bulk:
            self._merge_one_band()
        return True

    def _merge_one_band(self) -> None:
        """The recent bucket rows of the next band in turn moved into dup_band (a bulk catch-up leaves none)."""
        try:
            band = int(self.lib.get_setting(MERGE_NEXT) or 0) % sg.BANDS
        except ValueError:
            band = 0
        with self.db.atomic("IMMEDIATE"):
            clusters.merge_recent_bands(self.db.connection(), band << 32, (band + 1) << 32)
            self.lib.set_setting(MERGE_NEXT, str((band + 1) % sg.BANDS))

    def _add_edges(self, edges: list[tuple[int, int, float | None, int]], touched: set[int]) -> None:
        with self.db.atomic("IMMEDIATE"):
            clusters.add_edges(self.db.connection(), edges)
        touched.update(x for a, b, *_ in edges for x in (a, b))

    # --- a chunk's rows -------------------------------------------------------------------

    def _replace(self, chunk: Sequence[int], prepared: Sequence[Prepared], buckets: bool = True) -> set[int]:
        """The chunk's old rows, pairs and buckets (unless not `buckets`: a bulk catch-up writes them all
        afterwards) replaced by these; returns the posts of the clusters they were in (computed again; a
        post in none that finds no pair stays in none)."""
        old = clusters.stored(self.db, chunk)
        old_bands = [
            row
            for pid, (sig, _cluster) in old.items()
            if sig and buckets
            for row in _band_rows(pid, np.frombuffer(sig, dtype=np.uint16))
        ]
        rows = [(p.post_id, p.signature.tobytes() if len(p.shingles) else b"", p.nkey, p.pkey) for p in prepared]
        with_text = [p for p in prepared if len(p.shingles)] if buckets else []
        keys = sg.band_keys(np.stack([p.signature for p in with_text])).ravel() if with_text else np.zeros(0, np.int64)
        posts = np.repeat(np.array([p.post_id for p in with_text], dtype=np.int64), sg.BANDS)
        order = np.lexsort((posts, keys))  # in (key, post id) order: neighbouring b-tree pages
        with self.db.atomic("IMMEDIATE"):
            conn = self.db.connection()
            clusters.retire_posts(conn, chunk, old_bands)
            clusters.add_posts(conn, rows, keys[order], posts[order])
        return set(clusters.members(self.db, {c for _s, c in old.values() if c is not None}))

    def _prepare(self, post_ids: Sequence[int]) -> list[Prepared]:
        """The untrashed posts among these, from the text the search index holds, else derived
        (in worker processes when there are many)."""
        keys = clusters.version_sources(self.db, post_ids)
        held = self._indexed_texts([k[0] for k in keys])
        out = prepare_texts([(pid, *held[pid], a, p, n) for pid, a, p, n in keys if pid in held])
        missing = [pid for pid, *_ in keys if pid not in held]
        if missing:
            out += self._derive(clusters.sources(self.db, missing, post_text_columns("c")))
        return out

    def _indexed_texts(self, post_ids: list[int]) -> dict[int, tuple[str, str]]:
        """post id -> (folded title, folded text) the search index holds for those it is not behind on."""
        if self._index is None or not post_ids:
            return {}
        # the snapshot, taken after pending_ids was asked, holds every post it left out as it is
        # now or as it was then (one changed since is queued here again)
        wanted = sorted(set(post_ids) - self._not_indexed)
        if not wanted:
            return {}
        self._index.begin_snapshot()
        try:
            return TextReader(self._index.path.parent).records(self._index.connection(), wanted)
        finally:
            self._index.end_snapshot()

    def _derive(self, rows: list[tuple[Any, ...]]) -> list[Prepared]:
        if self.workers <= 1 or len(rows) < PARALLEL_FROM:
            return prepare(rows)
        if self._pool is None:
            # forkserver: never fork a process that may be running Qt threads
            ctx = get_context("forkserver" if os.name == "posix" else "spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx)
        step = -(-len(rows) // (self.workers * 2))
        parts: list[Future[list[Prepared]]] = [
            self._pool.submit(prepare, rows[i : i + step]) for i in range(0, len(rows), step)
        ]
        return [p for part in parts for p in part.result()]

    # --- pairs ----------------------------------------------------------------------------

    def _text_pairs(self, prepared: Sequence[Prepared]) -> list[tuple[int, int, float | None, int]]:
        """The verified pairs of similar text between the chunk's posts and any post sharing a bucket."""
        mine = {p.post_id: p for p in prepared if len(p.shingles)}
        if not mine:
            return []
        keys = sg.band_keys(np.stack([p.signature for p in mine.values()]))
        found = clusters.band_members(self.db, _distinct(keys.ravel()).tolist())
        if not found:
            return []
        bucket_keys = np.fromiter((k for k, _ in found), dtype=np.int64, count=len(found))
        bucket_posts = np.fromiter((pid for _, pid in found), dtype=np.int64, count=len(found))
        pairs = candidate_pairs(bucket_keys, bucket_posts)
        if not len(pairs):
            return []
        ids = _distinct(np.fromiter(mine, dtype=np.int64, count=len(mine)))
        pairs = pairs[_among(pairs[:, 0], ids) | _among(pairs[:, 1], ids)]
        others = sorted(set(pairs.ravel().tolist()) - set(mine))
        sigs = {pid: p.signature for pid, p in mine.items()}
        sigs.update(
            (pid, np.frombuffer(sig, dtype=np.uint16))
            for pid, sig in clusters.signatures_of(self.db, others).items()
            if sig
        )
        known = _distinct(np.fromiter(sigs, dtype=np.int64, count=len(sigs)))
        pairs = pairs[_among(pairs[:, 0], known) & _among(pairs[:, 1], known)]
        if not len(pairs):
            return []
        estimates = sg.estimate(
            np.stack([sigs[a] for a in pairs[:, 0].tolist()]), np.stack([sigs[b] for b in pairs[:, 1].tolist()])
        )
        likely = pairs[estimates >= self.threshold - PREFILTER_MARGIN].tolist()
        return self._verified(likely, self._shingles_of({x for pair in likely for x in pair}, mine))

    def _all_text_pairs(
        self, queued: npt.NDArray[np.int64], progress: ProgressCallback | None, cancelled: Callable[[], bool]
    ) -> list[tuple[int, int, float | None, int]] | None:
        """Every bucket written again, band by band in key order, and the verified pairs of similar
        text with a queued post found in memory from every signature (None when cancelled)."""
        with self.db.atomic("IMMEDIATE"):
            clusters.clear_bands(self.db.connection())
        id_array, blob = clusters.all_signatures(self.db)
        ids = np.frombuffer(id_array, dtype=np.int64)
        sigs = np.frombuffer(blob, dtype=np.uint16).reshape(len(ids), sg.BINS)
        is_queued = _among(ids, _distinct(queued))
        # the distinct candidate pairs so far, as row a << 32 | row b, merged band by band: a pair of copies
        # shares most of the 32 bands, and kept once per band they took ~200 MB at 1,000,000 posts
        found = np.zeros(0, dtype=np.int64)
        for band in range(sg.BANDS):
            if cancelled():
                return None
            cols = sigs[:, band * sg.ROWS : (band + 1) * sg.ROWS].astype(np.int64)
            keys = (band << 32) | (cols[:, 0] << 16) | cols[:, 1]
            order = np.argsort(keys, kind="stable")  # ids ascending within a key: (key, post id) order
            keys = keys[order]
            with self.db.atomic("IMMEDIATE"):
                clusters.append_bands(self.db.connection(), keys, ids[order])
            pairs = candidate_pairs(keys, order)
            pairs = pairs[is_queued[pairs[:, 0]] | is_queued[pairs[:, 1]]]
            both = np.concatenate([found, (pairs[:, 0] << 32) | pairs[:, 1]])
            both.sort(kind="stable")  # two sorted runs: merged in one pass
            found = both[np.r_[True, both[1:] != both[:-1]]] if len(both) > 1 else both
            if progress:
                progress(len(queued) + len(queued) * (band + 1) // sg.BANDS, 2 * len(queued))
        rows = np.stack([found >> 32, found & 0xFFFF_FFFF], axis=1)
        likely = (
            np.concatenate(
                [
                    part[sg.estimate(sigs[part[:, 0]], sigs[part[:, 1]]) >= self.threshold - PREFILTER_MARGIN]
                    for part in np.array_split(rows, max(1, len(rows) // 100_000))
                ]
            )
            if len(rows)
            else rows
        )
        pairs = ids[likely]
        pairs = pairs[np.argsort(pairs[:, 1], kind="stable")].tolist()  # copies are near: posts read once
        out: list[tuple[int, int, float | None, int]] = []
        for start in range(0, len(pairs), VERIFY_GROUP):
            if cancelled():
                return None
            group = pairs[start : start + VERIFY_GROUP]
            out += self._verified(group, self._shingles_of({x for pair in group for x in pair}, {}))
        return out

    def _verified(
        self, pairs: Iterable[Sequence[int]], shingles: dict[int, npt.NDArray[np.uint64]]
    ) -> list[tuple[int, int, float | None, int]]:
        out: list[tuple[int, int, float | None, int]] = []
        for a, b in pairs:
            sa, sb = shingles.get(a), shingles.get(b)
            if sa is not None and sb is not None:
                similarity = sg.exact_similarity(sa, sb)
                if similarity >= self.threshold:
                    out.append((a, b, round(similarity, 4), 0))
        return out

    def _shingles_of(self, post_ids: Iterable[int], mine: dict[int, Prepared]) -> dict[int, npt.NDArray[np.uint64]]:
        """Sorted distinct shingle hashes of these posts: the chunk's, kept ones, else prepared again."""
        out: dict[int, npt.NDArray[np.uint64]] = {}
        again: list[int] = []
        for pid in post_ids:
            kept = self._shingles.get(pid)
            if kept is not None:
                out[pid] = kept
            elif pid in mine:
                out[pid] = _distinct(mine[pid].shingles)
            else:
                again.append(pid)
        again.sort()
        for start in range(0, len(again), CHUNK):
            for p in self._prepare(again[start : start + CHUNK]):
                if len(p.shingles):
                    self._shingles.put(p.post_id, p.shingles)
                    out[p.post_id] = _distinct(p.shingles)
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

    # --- clusters -------------------------------------------------------------------------

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
        info = clusters.dates_and_picks(
            self.db, sorted(x for members in groups.values() if len(members) > 1 for x in members)
        )
        rows: list[tuple[int | None, int | None, int]] = []
        for members in groups.values():
            if len(members) == 1:
                rows.append((None, None, members[0]))
                continue
            rep = min(members, key=lambda m: _rank(info.get(m, (False, False, False, 0)), m))
            rows.extend((min(members), rep, m) for m in members)
        clusters.set_clusters(conn, rows)
