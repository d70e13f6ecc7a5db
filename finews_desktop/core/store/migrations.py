"""The schema's version ladder: one function per version, each run in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from peewee import SqliteDatabase

from finews_desktop.core.errors import NewerLibraryError
from finews_desktop.core.store import clusters, stock_stats, watches
from finews_desktop.core.store.models import ALL_MODELS


def _v1_initial(db: SqliteDatabase) -> None:
    db.create_tables(ALL_MODELS)


def _v2_search_queue(db: SqliteDatabase) -> None:
    """The queue of posts whose search index entry is out of date (core/search/index/ drains it).

    Every post already in the library is queued, so the index is built for them.
    AUTOINCREMENT keeps sequence numbers growing after the queue is emptied: the
    latest one tells the search that posts changed.
    """
    db.execute_sql("CREATE TABLE search_queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, post_id INTEGER NOT NULL)")
    db.execute_sql("INSERT INTO search_queue (post_id) SELECT id FROM post ORDER BY id")


def _v3_operation_journal(db: SqliteDatabase) -> None:
    """The operations journal (core/store/journal.py): a row per long operation under way.

    A row is written and committed before the work and removed with the work's
    last commit, so a row left by a process that is gone says what was
    interrupted; `params` (JSON) is what redoing it needs.
    """
    db.execute_sql(
        "CREATE TABLE operation (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, "
        "description TEXT NOT NULL, params TEXT NOT NULL, started_at INTEGER NOT NULL, session TEXT NOT NULL)"
    )


def _v4_post_pending(db: SqliteDatabase) -> None:
    """Posts whose tag/category lines are behind their links (core/store/pending.py): mask 1 tags, 2 categories.

    A rename or merge over 100,000 posts changes links and derived columns in a few
    statements and lists the posts here; their bytes are derived when read.
    """
    db.execute_sql(
        "CREATE TABLE post_pending (post_id INTEGER PRIMARY KEY REFERENCES post (id) ON DELETE CASCADE, "
        "mask INTEGER NOT NULL)"
    )


def _v5_pending_follows_bytes(db: SqliteDatabase) -> None:
    """New stored bytes (an edit, a re-import's update) are current: the post is no longer pending.

    `Library._revert_one` puts a pending state back after writing the bytes it had then.
    """
    db.execute_sql(
        "CREATE TRIGGER post_content_raw_pending AFTER UPDATE OF raw ON post_content "
        "BEGIN DELETE FROM post_pending WHERE post_id = NEW.post_id; END"
    )


REDUNDANT_INDEXES = (
    "post_archive_id",
    "post_category_post_id",
    "post_category_category_id",
    "post_tag_post_id",
    "post_tag_tag_id",
    "post_stock_post_id",
    "post_stock_stock_id",
    "collection_post_collection_id",
    "tombstone_archive_id",
)


def _v6_drop_redundant_indexes(db: SqliteDatabase) -> None:
    """Indexes whose column already leads another index or the primary key (models.py says which).

    Each was one more B-tree to write for every post and link row an import adds
    (~10% of the writing process's time) and answered nothing the other did not.
    """
    for name in REDUNDANT_INDEXES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')


def _v7_site_files(db: SqliteDatabase) -> None:
    """A whole site's other files (layouts, includes, assets, pages), byte for byte (core/store/site_files.py).

    Kept so that an export of an imported site builds like the original; one row
    per archive and site-relative path, so a re-import replaces rather than adds.
    """
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS site_file (id INTEGER PRIMARY KEY, "
        "archive_id INTEGER NOT NULL REFERENCES archive (id) ON DELETE CASCADE, path TEXT NOT NULL, "
        "data BLOB NOT NULL, size INTEGER NOT NULL, content_hash TEXT NOT NULL, imported_at INTEGER NOT NULL, "
        "UNIQUE (archive_id, path))"
    )


def _v8_title_date_index(db: SqliteDatabase) -> None:
    """Posts sorted by title keep date order within equal titles (then id): the title index gains the date,
    so that order is read from the index instead of sorting every post (2.3 s at 300,000 posts)."""
    db.execute_sql('DROP INDEX IF EXISTS "post_title"')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "post_title_date" ON "post" ("title", "date")')


def _v9_stock_names(db: SqliteDatabase) -> None:
    """The names posts give each stock, counted, so the most frequent one is the stock's (core/store/stock_names.py).

    Each link keeps the name its post gives (`post_stock.name`); `stock_name` counts them per
    stock, added by the writes (`stock_names.count_names`, a batch at a time) and taken off by
    a trigger when a link goes (a re-import, an edit, a post deleted for good). Links stored
    before keep no name: their stock's name is counted once per post linking it, as the name
    those posts went by.
    """
    columns = {r[1] for r in db.execute_sql("PRAGMA table_info(post_stock)")}
    if "name" not in columns:
        db.execute_sql("ALTER TABLE post_stock ADD COLUMN name TEXT")
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS stock_name (stock_id INTEGER NOT NULL REFERENCES stock (id) ON DELETE CASCADE, "
        "name TEXT NOT NULL, posts INTEGER NOT NULL, PRIMARY KEY (stock_id, name)) WITHOUT ROWID"
    )
    db.execute_sql(
        "CREATE TRIGGER IF NOT EXISTS post_stock_name_gone AFTER DELETE ON post_stock WHEN OLD.name IS NOT NULL "
        "BEGIN UPDATE stock_name SET posts = posts - 1 WHERE stock_id = OLD.stock_id AND name = OLD.name; END"
    )
    db.execute_sql(
        "INSERT OR IGNORE INTO stock_name (stock_id, name, posts) "
        "SELECT s.id, s.name, (SELECT COUNT(*) FROM post_stock ps WHERE ps.stock_id = s.id) FROM stock s "
        "WHERE s.name IS NOT NULL AND s.name != ''"
    )


def _v10_read_state_and_notes(db: SqliteDatabase) -> None:
    """Read state and private notes (core/store/reading.py, notes.py): the library's, never the post's bytes.

    A post is read when it has a `post_read` row. A note is rewritten as a new row
    (INSERT OR REPLACE), so AUTOINCREMENT's sequence tells the search which notes
    changed since it last looked (core/search/notes.py), as the search queue does for posts.
    """
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS post_read (post_id INTEGER PRIMARY KEY REFERENCES post (id) ON DELETE CASCADE, "
        "read_at INTEGER NOT NULL)"
    )
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS post_note (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
        "post_id INTEGER NOT NULL UNIQUE REFERENCES post (id) ON DELETE CASCADE, body TEXT NOT NULL, "
        "updated_at INTEGER NOT NULL)"
    )


def _v11_watches(db: SqliteDatabase) -> None:
    """Watched folders, watch queries and the posts each matched since it was opened (core/store/watches.py)."""
    watches.create_tables(db)


def _v12_dup_clusters(db: SqliteDatabase) -> None:
    """Near-duplicate clusters and versions (core/store/clusters.py, decided by core/dedup/): every post queued."""
    clusters.create_tables(db)


def _v13_stock_stats(db: SqliteDatabase) -> None:
    """Each stock's posts per source and per day and its co-mentions, kept by triggers (core/store/stock_stats.py),
    so a stock page reads a few rows instead of a third of the library; counted from the posts there."""
    stock_stats.create_tables(db)


def _v14_dup_bands(db: SqliteDatabase) -> None:
    """The near-duplicate LSH buckets kept in the library (core/store/clusters.py), so that an import batch
    looks up only its own; the clusters are made again in the background (picks kept)."""
    clusters.create_band_table(db)


def _v15_dup_recent_bands(db: SqliteDatabase) -> None:
    """The bucket rows of recent import batches, kept apart from dup_band (core/store/clusters.py) so that a
    batch writes a few pages, not most of the big table's."""
    clusters.create_recent_band_table(db)


MIGRATIONS: list[Callable[[SqliteDatabase], None]] = [
    _v1_initial,
    _v2_search_queue,
    _v3_operation_journal,
    _v4_post_pending,
    _v5_pending_follows_bytes,
    _v6_drop_redundant_indexes,
    _v7_site_files,
    _v8_title_date_index,
    _v9_stock_names,
    _v10_read_state_and_notes,
    _v11_watches,
    _v12_dup_clusters,
    _v13_stock_stats,
    _v14_dup_bands,
    _v15_dup_recent_bands,
]
# Steps that only drop or add indexes: nothing to lose, so no backup of the whole library first.
_INDEX_ONLY = frozenset({_v6_drop_redundant_indexes, _v8_title_date_index})
# Steps that only add an empty table: nothing to lose either.
# (v14 also empties the clusters, which the background catch-up derives again)
_NEW_TABLE_ONLY = frozenset(
    {_v7_site_files, _v10_read_state_and_notes, _v11_watches, _v12_dup_clusters, _v14_dup_bands, _v15_dup_recent_bands}
)
# Steps that add a column and rows derived from what is there: nothing to lose either.
_ADDS_ONLY = frozenset({_v9_stock_names, _v13_stock_stats})
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: SqliteDatabase) -> int:
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def pending_migrations(db: SqliteDatabase) -> list[int]:
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise NewerLibraryError(
            f"This library was written by a newer finews-desktop (schema {current}, this version "
            f"knows {SCHEMA_VERSION}). It was left untouched; please update finews-desktop."
        )
    return list(range(current + 1, SCHEMA_VERSION + 1))


def backup_needed(versions: list[int]) -> bool:
    """Whether any of these steps changes tables (and so the library is backed up before them)."""
    return any(MIGRATIONS[v - 1] not in _INDEX_ONLY | _NEW_TABLE_ONLY | _ADDS_ONLY for v in versions)


def migrate(db: SqliteDatabase) -> list[int]:
    """Bring the schema up to date; returns the versions applied."""
    applied = []
    for version in pending_migrations(db):
        with db.atomic():
            MIGRATIONS[version - 1](db)
            db.execute_sql(f"PRAGMA user_version = {int(version)}")
        applied.append(version)
    return applied
