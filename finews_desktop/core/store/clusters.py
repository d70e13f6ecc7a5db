"""Near-duplicate clusters and versions as the library keeps them (core/dedup/ decides them; this is their SQL).

`dup_queue` lists posts whose cluster state is out of date (fed with the search queue by
`Library._after_posts_changed`, drained by `core.dedup.Deduplicator`); `dup_post` holds each
clustered post's MinHash signature, its version keys and its cluster (the smallest member's id)
with the cluster's representative; `dup_edge`
keeps the verified pairs (text similarity, or versions of one news item) from which clusters
are the connected components; `dup_pick` the representatives a user chose; `dup_band` the LSH
buckets (each post's band keys, schema v14), so that a catch-up looks up only the buckets of the
posts it clusters instead of reading every signature. A batch writes its bucket rows into the small
`dup_band_recent` (schema v15), and each catch-up moves one key range of it into `dup_band`
(`merge_recent_bands`): random keys written straight into the big table dirtied nearly every one of
its pages (a 662-post batch into 132,000 posts: 71 MB written and checkpointed, ~0.5 s), so a batch's
writes grew with the library; lookups read both. A trashed or deleted post has no rows
once clustered. No foreign keys: a post deleted for good is queued, and the catch-up needs its
old rows to mend the cluster it leaves (its cluster stays on its row until then).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Sequence
from typing import Any

from finews_desktop.core.store.sql import in_chunks

_TABLES = (
    "CREATE TABLE IF NOT EXISTS dup_queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, post_id INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dup_post (post_id INTEGER PRIMARY KEY, signature BLOB NOT NULL, "
    "nkey TEXT, pkey TEXT, cluster INTEGER, rep INTEGER)",
    "CREATE INDEX IF NOT EXISTS dup_post_cluster ON dup_post (cluster)",
    "CREATE INDEX IF NOT EXISTS dup_post_nkey ON dup_post (nkey)",
    "CREATE INDEX IF NOT EXISTS dup_post_pkey ON dup_post (pkey)",
    "CREATE TABLE IF NOT EXISTS dup_edge (a INTEGER NOT NULL, b INTEGER NOT NULL, similarity REAL, "
    "version INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (a, b)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS dup_edge_b ON dup_edge (b)",
    "CREATE TABLE IF NOT EXISTS dup_pick (post_id INTEGER PRIMARY KEY)",
)


_BAND_TABLE = (
    "CREATE TABLE IF NOT EXISTS dup_band (key INTEGER NOT NULL, post_id INTEGER NOT NULL, "
    "PRIMARY KEY (key, post_id)) WITHOUT ROWID"
)


_RECENT_BAND_TABLE = (
    "CREATE TABLE IF NOT EXISTS dup_band_recent (key INTEGER NOT NULL, post_id INTEGER NOT NULL, "
    "PRIMARY KEY (key, post_id)) WITHOUT ROWID"
)
_BAND_TABLES = ("dup_band", "dup_band_recent")


def create_recent_band_table(db: Any) -> None:
    """The bucket rows of the batches since their key range was last merged (schema step)."""
    db.execute_sql(_RECENT_BAND_TABLE)


def create_band_table(db: Any) -> None:
    """The LSH buckets (schema step), every cluster made again: the signatures changed with them."""
    db.execute_sql(_BAND_TABLE)
    for table in ("dup_post", "dup_edge"):
        db.execute_sql(f"DELETE FROM {table}")
    db.execute_sql("DELETE FROM dup_queue")
    db.execute_sql("INSERT INTO dup_queue (post_id) SELECT id FROM post ORDER BY id")


def create_tables(db: Any) -> None:
    """The tables (schema step), with every post queued so the first catch-up clusters them all."""
    for statement in _TABLES:
        db.execute_sql(statement)
    db.execute_sql("INSERT INTO dup_queue (post_id) SELECT id FROM post ORDER BY id")


def queue_posts(conn: Any, post_ids: Iterable[int]) -> None:
    """Posts whose clusters may have changed (inside the transaction that changed them)."""
    conn.executemany("INSERT INTO dup_queue (post_id) VALUES (?)", [(int(i),) for i in post_ids])


# --- the queue --------------------------------------------------------------------------


def queued(db: Any) -> tuple[int, list[int]]:
    """(the newest sequence number, the distinct posts queued up to it)."""
    seq = db.execute_sql("SELECT MAX(seq) FROM dup_queue").fetchone()[0] or 0
    ids = [
        r[0] for r in db.execute_sql("SELECT DISTINCT post_id FROM dup_queue WHERE seq <= ? ORDER BY post_id", (seq,))
    ]
    return int(seq), ids


def has_queued(db: Any) -> bool:
    """Whether any post waits (the window's quick look before it starts a process for the catch-up)."""
    return bool(db.execute_sql("SELECT EXISTS (SELECT 1 FROM dup_queue)").fetchone()[0])


def queued_count(db: Any) -> int:
    return int(db.execute_sql("SELECT COUNT(DISTINCT post_id) FROM dup_queue").fetchone()[0])


def forget_queued(conn: Any, seq: int, post_ids: Sequence[int]) -> None:
    """Queue entries up to `seq` of these posts, done (later entries say they changed again)."""
    for part, marks in in_chunks(post_ids):
        conn.execute(f"DELETE FROM dup_queue WHERE seq <= ? AND post_id IN ({marks})", (seq, *part))


# --- what the clustering reads ---------------------------------------------------------


def sources(db: Any, post_ids: Sequence[int], text_columns: str) -> list[tuple[Any, ...]]:
    """(id, title, stored text, raw or None, archive id, path, news id) of the untrashed posts among these."""
    out: list[tuple[Any, ...]] = []
    for part, marks in in_chunks(post_ids):
        out += db.execute_sql(
            f"SELECT p.id, p.title, {text_columns}, p.archive_id, p.path, p.news_id FROM post p "
            f"JOIN post_content c ON c.post_id = p.id "
            f"WHERE p.trashed_at IS NULL AND p.id IN ({marks})",
            part,
        ).fetchall()
    return out


def version_sources(db: Any, post_ids: Sequence[int]) -> list[tuple[int, int, str, str | None]]:
    """(id, archive id, path, news id) of the untrashed posts among these."""
    out: list[tuple[int, int, str, str | None]] = []
    for part, marks in in_chunks(post_ids):
        out += db.execute_sql(
            f"SELECT id, archive_id, path, news_id FROM post WHERE trashed_at IS NULL AND id IN ({marks})", part
        ).fetchall()
    return out


def stored(db: Any, post_ids: Sequence[int]) -> dict[int, tuple[bytes, int | None]]:
    """post id -> (signature, cluster) of these posts' rows."""
    out: dict[int, tuple[bytes, int | None]] = {}
    for part, marks in in_chunks(post_ids):
        for pid, sig, cluster in db.execute_sql(
            f"SELECT post_id, signature, cluster FROM dup_post WHERE post_id IN ({marks})", part
        ):
            out[pid] = (bytes(sig), cluster)
    return out


def map_file(db: Any, size: int) -> None:
    """Read up to `size` bytes of the library file through a memory map (0: stop): a batch's bucket
    lookups touch most pages of dup_band, and a map reads the few OS pages a b-tree search visits
    instead of copying each 32 KiB page (half the lookups' time at 132,000 posts)."""
    db.execute_sql(f"PRAGMA mmap_size = {int(size)}")


def band_members(db: Any, keys: Sequence[int]) -> list[tuple[int, int]]:
    """(key, post id) of the stored posts in these LSH buckets (merged or recent), by key."""
    out: list[tuple[int, int]] = []
    ordered = sorted(set(keys))
    for start in range(0, len(ordered), 50_000):
        out += db.execute_sql(
            "SELECT key, post_id FROM dup_band WHERE key IN (SELECT value FROM json_each(?1)) UNION "
            "SELECT key, post_id FROM dup_band_recent WHERE key IN (SELECT value FROM json_each(?1)) ORDER BY key",
            ("[" + ",".join(map(str, ordered[start : start + 50_000])) + "]",),
        ).fetchall()
    return out


def members(db: Any, clusters: Iterable[int]) -> list[int]:
    """The posts of these clusters."""
    out: list[int] = []
    for part, marks in in_chunks(sorted(set(clusters))):
        out += [r[0] for r in db.execute_sql(f"SELECT post_id FROM dup_post WHERE cluster IN ({marks})", part)]
    return out


def version_matches(db: Any, column: str, keys: Sequence[str]) -> list[tuple[str, int]]:
    """(key, post id) of the posts whose version key `column` (nkey: news id, pkey: path) is among `keys`."""
    assert column in ("nkey", "pkey")
    out: list[tuple[str, int]] = []
    ordered = sorted(set(keys))
    for start in range(0, len(ordered), 20_000):
        out += db.execute_sql(
            f"SELECT {column}, post_id FROM dup_post WHERE {column} IN (SELECT value FROM json_each(?))",
            (json.dumps(ordered[start : start + 20_000]),),
        ).fetchall()
    return out


def edges_of(db: Any, post_ids: Sequence[int]) -> list[tuple[int, int]]:
    """The pairs (text or versions) that touch these posts."""
    out: list[tuple[int, int]] = []
    for part, marks in in_chunks(post_ids):
        out += db.execute_sql(
            f"SELECT a, b FROM dup_edge WHERE a IN ({marks}) UNION SELECT a, b FROM dup_edge WHERE b IN ({marks})",
            (*part, *part),
        ).fetchall()
    return out


def dates_and_picks(db: Any, post_ids: Sequence[int]) -> dict[int, tuple[bool, bool, bool, int]]:
    """post id -> (picked as representative, Jekyll builds it, read with warnings, date) of these posts."""
    out: dict[int, tuple[bool, bool, bool, int]] = {}
    for part, marks in in_chunks(post_ids):
        for pid, picked, builds, warned, date in db.execute_sql(
            f"SELECT p.id, k.post_id IS NOT NULL, p.builds, p.warning_count > 0, COALESCE(p.date, 0) FROM post p "
            f"LEFT JOIN dup_pick k ON k.post_id = p.id WHERE p.id IN ({marks})",
            part,
        ):
            out[pid] = (bool(picked), bool(builds), bool(warned), int(date))
    return out


# --- what the clustering writes ---------------------------------------------------------


def retire_posts(conn: Any, post_ids: Sequence[int], bands: Sequence[tuple[int, int]]) -> None:
    """These posts' pairs and (key, post id) bucket rows gone, their signature and version keys
    emptied; their cluster stays until `finish_posts`, so that a catch-up cancelled after this
    still knows which clusters they leave."""
    for table in _BAND_TABLES:
        conn.executemany(f"DELETE FROM {table} WHERE key = ? AND post_id = ?", bands)
    for part, marks in in_chunks(post_ids):
        conn.execute(f"UPDATE dup_post SET signature = x'', nkey = NULL, pkey = NULL WHERE post_id IN ({marks})", part)
        conn.execute(f"DELETE FROM dup_edge WHERE a IN ({marks})", part)
        conn.execute(f"DELETE FROM dup_edge WHERE b IN ({marks})", part)


def add_posts(
    conn: Any, rows: Sequence[tuple[int, bytes, str | None, str | None]], band_keys: Any, band_posts: Any
) -> None:
    """(post id, signature (b"" when the post has no text), news id key, path key) rows (a post's
    cluster kept), and their bucket rows (band_keys[i], band_posts[i]; numpy int64 arrays) into the
    recent ones (a few pages written)."""
    conn.executemany(
        "INSERT INTO dup_post (post_id, signature, nkey, pkey) VALUES (?, ?, ?, ?) ON CONFLICT (post_id) DO UPDATE "
        "SET signature = excluded.signature, nkey = excluded.nkey, pkey = excluded.pkey",
        rows,
    )
    if not len(band_keys):
        return
    if int(band_posts.max()) < 1 << 26 and int(band_keys.max()) < 1 << 37:
        conn.execute(  # one JSON array of key << 26 | post id: quicker than a row each
            "INSERT OR IGNORE INTO dup_band_recent (key, post_id) SELECT value >> 26, value & 67108863 "
            "FROM json_each(?)",
            ("[" + ",".join(map(str, ((band_keys << 26) | band_posts).tolist())) + "]",),
        )
    else:
        conn.executemany(
            "INSERT OR IGNORE INTO dup_band_recent (key, post_id) VALUES (?, ?)",
            zip(band_keys.tolist(), band_posts.tolist(), strict=True),
        )


def merge_recent_bands(conn: Any, low: int, high: int) -> int:
    """The recent bucket rows of keys low <= key < high moved into dup_band, in key order (that range's
    pages of it written, not all of them); returns how many."""
    moved = conn.execute(
        "INSERT OR IGNORE INTO dup_band (key, post_id) SELECT key, post_id FROM dup_band_recent "
        "WHERE key >= ? AND key < ? ORDER BY key, post_id",
        (low, high),
    ).rowcount
    conn.execute("DELETE FROM dup_band_recent WHERE key >= ? AND key < ?", (low, high))
    return int(moved)


def clear_bands(conn: Any) -> None:
    """Every LSH bucket row gone (a catch-up of most of the library writes them all again, in key order)."""
    for table in _BAND_TABLES:
        conn.execute(f"DELETE FROM {table}")


def append_bands(conn: Any, keys: Any, post_ids: Any) -> None:
    """Bucket rows (keys[i], post_ids[i]; numpy int64 arrays), in (key, post id) order after every row
    there: the b-tree grows at its end. Sent as one JSON array of key << 26 | post id where they fit
    (3x quicker than a row each)."""
    if not len(keys):
        return
    if int(post_ids.max()) < 1 << 26 and int(keys.max()) < 1 << 37:
        packed = (keys << 26) | post_ids
        for start in range(0, len(packed), 200_000):  # a few MB of text at a time
            conn.execute(
                "INSERT INTO dup_band (key, post_id) SELECT value >> 26, value & 67108863 FROM json_each(?)",
                ("[" + ",".join(map(str, packed[start : start + 200_000].tolist())) + "]",),
            )
    else:
        conn.executemany(
            "INSERT INTO dup_band (key, post_id) VALUES (?, ?)", zip(keys.tolist(), post_ids.tolist(), strict=True)
        )


def all_signatures(db: Any) -> tuple[array[int], bytearray]:
    """Every stored signature of a post with text, in post id order: (ids, their bytes end to end),
    grown row by row (no list of a million small bytes objects on the way)."""
    ids = array("q")
    blob = bytearray()
    for pid, sig in db.execute_sql(
        "SELECT post_id, signature FROM dup_post WHERE length(signature) > 0 ORDER BY post_id"
    ):
        ids.append(pid)
        blob += sig
    return ids, blob


def stored_count(db: Any) -> int:
    return int(db.execute_sql("SELECT COUNT(*) FROM dup_post").fetchone()[0])


def finish_posts(conn: Any, gone: Sequence[int]) -> None:
    """The rows of posts trashed or deleted, once their clusters are mended (and the pick of a post
    deleted for good; a trashed one's is kept for its restore)."""
    for part, marks in in_chunks(gone):
        conn.execute(f"DELETE FROM dup_post WHERE post_id IN ({marks})", part)
        conn.execute(
            f"DELETE FROM dup_pick WHERE post_id IN ({marks}) AND NOT EXISTS "
            "(SELECT 1 FROM post p WHERE p.id = dup_pick.post_id)",
            part,
        )


def signatures_of(db: Any, post_ids: Sequence[int]) -> dict[int, bytes]:
    """post id -> stored signature (b"" for a post without text) of these posts."""
    out: dict[int, bytes] = {}
    for part, marks in in_chunks(post_ids):
        out.update(
            (pid, bytes(sig))
            for pid, sig in db.execute_sql(f"SELECT post_id, signature FROM dup_post WHERE post_id IN ({marks})", part)
        )
    return out


def add_edges(conn: Any, edges: Sequence[tuple[int, int, float | None, int]]) -> None:
    """(a, b, similarity or None, 1 when versions) with a < b; a pair found both ways keeps both facts."""
    conn.executemany(
        "INSERT INTO dup_edge (a, b, similarity, version) VALUES (?, ?, ?, ?) ON CONFLICT (a, b) DO UPDATE SET "
        "similarity = COALESCE(excluded.similarity, similarity), version = MAX(version, excluded.version)",
        edges,
    )


def set_clusters(conn: Any, rows: Sequence[tuple[int | None, int | None, int]]) -> None:
    """(cluster, representative, post id): None, None for a post alone."""
    conn.executemany("UPDATE dup_post SET cluster = ?, rep = ? WHERE post_id = ?", rows)


def picked(db: Any, post_ids: Sequence[int]) -> set[int]:
    """Those of these posts a user picked as their story's representative."""
    out: set[int] = set()
    for part, marks in in_chunks(post_ids):
        out.update(r[0] for r in db.execute_sql(f"SELECT post_id FROM dup_pick WHERE post_id IN ({marks})", part))
    return out


def set_picked(conn: Any, states: Sequence[tuple[int, bool]]) -> None:
    """(post id, picked) rows of dup_pick, and the representative of their clusters ranked again as the
    catch-up ranks it (core/dedup/deduplicator.py `_rank`): the one picked, else the earliest post
    Jekyll builds read without warnings, else the earliest it builds (date, then id)."""
    conn.executemany("DELETE FROM dup_pick WHERE post_id = ?", [(pid,) for pid, on in states if not on])
    conn.executemany("INSERT OR IGNORE INTO dup_pick (post_id) VALUES (?)", [(pid,) for pid, on in states if on])
    for part, marks in in_chunks([pid for pid, _on in states]):
        conn.execute(
            "UPDATE dup_post AS d SET rep = (SELECT m.post_id FROM dup_post m JOIN post p ON p.id = m.post_id "
            "LEFT JOIN dup_pick k ON k.post_id = m.post_id WHERE m.cluster = d.cluster "
            "ORDER BY k.post_id IS NULL, NOT COALESCE(p.builds, 0), p.warning_count > 0, COALESCE(p.date, 0), m.post_id "
            "LIMIT 1) "
            f"WHERE d.cluster IN (SELECT cluster FROM dup_post WHERE post_id IN ({marks}) AND cluster IS NOT NULL)",
            part,
        )


def clear(conn: Any) -> None:
    """Every cluster forgotten and every post queued (a rebuild: another threshold)."""
    for table in ("dup_post", "dup_edge", *_BAND_TABLES):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("INSERT INTO dup_queue (post_id) SELECT id FROM post ORDER BY id")


# --- what searches and the front ends read ------------------------------------------------


def cluster_of(db: Any, post_id: int) -> list[int]:
    """The posts in the cluster of `post_id` (itself alone when it has no copies), trashed ones left out."""
    row = db.execute_sql("SELECT cluster FROM dup_post WHERE post_id = ?", (post_id,)).fetchone()
    if not row or row[0] is None:
        return [post_id]
    return [
        r[0]
        for r in db.execute_sql(
            "SELECT d.post_id FROM dup_post d JOIN post p ON p.id = d.post_id "
            "WHERE d.cluster = ? AND p.trashed_at IS NULL ORDER BY p.date, p.id",
            (row[0],),
        )
    ]


def duplicate_ids(db: Any) -> list[int]:
    """Posts that have a representative other than themselves."""
    return [r[0] for r in db.execute_sql("SELECT post_id FROM dup_post WHERE rep IS NOT NULL AND rep != post_id")]


def representative_ids(db: Any) -> list[int]:
    """Posts that represent a cluster of more than one post."""
    return [r[0] for r in db.execute_sql("SELECT post_id FROM dup_post WHERE rep = post_id")]


def cluster_rows(db: Any) -> list[tuple[int, int, int]]:
    """(cluster, representative, post id) of every clustered post, by cluster then date."""
    return db.execute_sql(
        "SELECT d.cluster, d.rep, d.post_id FROM dup_post d JOIN post p ON p.id = d.post_id "
        "WHERE d.cluster IS NOT NULL ORDER BY d.cluster, p.date, p.id"
    ).fetchall()


def pairs_of(db: Any, post_ids: Sequence[int]) -> list[tuple[int, int, float | None, int]]:
    """(a, b, similarity, version) of the pairs among these posts."""
    if not post_ids:
        return []
    marks = ",".join("?" * len(post_ids))
    return db.execute_sql(
        f"SELECT a, b, similarity, version FROM dup_edge WHERE a IN ({marks}) AND b IN ({marks}) ORDER BY a, b",
        (*post_ids, *post_ids),
    ).fetchall()


def representative_of(db: Any, post_id: int) -> int | None:
    row = db.execute_sql("SELECT rep FROM dup_post WHERE post_id = ?", (post_id,)).fetchone()
    return row[0] if row else None


def member_rows(db: Any, post_ids: Sequence[int]) -> dict[int, tuple[str, int | None, str | None, str | None, str]]:
    """post id -> (title, date, date text, source name, path) of the untrashed posts among these."""
    out: dict[int, tuple[str, int | None, str | None, str | None, str]] = {}
    for part, marks in in_chunks(post_ids):
        for pid, *rest in db.execute_sql(
            f"SELECT id, title, date, date_text, source_name, path FROM post "
            f"WHERE trashed_at IS NULL AND id IN ({marks})",
            part,
        ):
            out[pid] = tuple(rest)
    return out
