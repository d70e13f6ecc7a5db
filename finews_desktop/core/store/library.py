"""Every query and mutation the UI and the command line need, over one open library.

A `Library` is a folder holding the SQLite file (and later the search index
and backups). Hot paths (the import's batch writes, listing ids) use SQL
through peewee's connection directly; everything else goes through the models.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from peewee import SqliteDatabase

from finews_desktop.core.content.newsitem import post_text, post_text_columns
from finews_desktop.core.content.stocks import stock_label
from finews_desktop.core.errors import KnownError
from finews_desktop.core.jekyll import frontmatter as _fm
from finews_desktop.core.paths import default_library_dir, library_file
from finews_desktop.core.store import pending as _pending
from finews_desktop.core.store.backup import remove_partial_files
from finews_desktop.core.store.db import not_writable_error, open_database, refuse_links, unwritable_reason
from finews_desktop.core.store.journal import Journal
from finews_desktop.core.store.locking import process_locks
from finews_desktop.core.store.models import Archive, ImportRun, Meta, Post
from finews_desktop.core.store.operation import Operation

if TYPE_CHECKING:
    from finews_desktop.core.content.postrow import PreparedPost


log = logging.getLogger(__name__)


class Service(Protocol):
    """What a library holds for a layer above the store (see `Library.service`)."""

    def close(self) -> None: ...


_S = TypeVar("_S", bound=Service)


def system_timezone() -> str:
    """The IANA name of this machine's timezone, or UTC when it cannot be told."""
    name = os.environ.get("TZ", "").lstrip(":")
    candidates = [name] if name else []
    try:
        link = os.readlink("/etc/localtime")
        if "zoneinfo/" in link:
            candidates.append(link.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        candidates.append(Path("/etc/timezone").read_text().strip())
    except OSError:
        pass
    for candidate in candidates:
        try:
            ZoneInfo(candidate)
            return candidate
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return "UTC"


@dataclass
class _Known:
    id: int
    hash: str
    copy: int
    edited: bool
    trashed: bool


@dataclass
class ArchiveState:
    """What an import needs to know about the posts already in one archive."""

    posts: dict[str, list[_Known]] = field(default_factory=dict)
    tombstones: set[tuple[str, str]] = field(default_factory=set)

    def hashes_for(self, path: str) -> tuple[str, ...]:
        known = self.posts.get(path)
        return tuple(k.hash for k in known) if known else ()

    def find(self, path: str, digest: str) -> _Known | None:
        return next((k for k in self.posts.get(path, ()) if k.hash == digest), None)

    def current(self, path: str) -> _Known | None:
        """The post a changed file updates: the original (copy 0) if it is still there."""
        if path not in self.posts:
            return None  # (a new file: most of a first import)
        known = [k for k in self.posts[path] if not k.trashed and k.id > 0]
        return min(known, key=lambda k: k.copy) if known else None

    def next_copy(self, path: str) -> int:
        return max((k.copy for k in self.posts.get(path, ())), default=-1) + 1

    def remember(self, path: str, digest: str, copy: int) -> None:
        self.posts.setdefault(path, []).append(_Known(-1, digest, copy, False, False))

    def is_tombstoned(self, path: str, digest: str) -> bool:
        return (path, digest) in self.tombstones


# --- list rows and facets (GUI) ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class PostRow:
    """One line of the post list: what its columns show."""

    id: int
    date: str  # 'YYYY-MM-DD HH:MM' in the archive's timezone, '' when the post has none
    title: str
    name: str  # the file name, shown when the title is empty
    source: str  # the source name (the first tag, what search sorts by), else the first category's name or slug
    tags: tuple[str, ...]
    stocks: tuple[tuple[str, str | None], ...]  # (code, name)
    warning_count: int
    warnings: tuple[str, ...]
    trashed: bool


@dataclass(frozen=True, slots=True)
class FacetEntry:
    key: str  # what the search text names: slug, tag, stock code, YYYY-MM, collection name
    label: str  # what the sidebar shows
    count: int


@dataclass(frozen=True)
class Facets:
    """The sidebar: fixed entries' counts and the groups, each from one grouped query."""

    all: int
    recent: int
    warnings: int
    trash: int
    collections: list[FacetEntry]
    categories: list[FacetEntry]
    tags: list[FacetEntry]
    stocks: list[FacetEntry]
    months: list[FacetEntry]
    days: list[FacetEntry] = field(default_factory=list)  # YYYY-MM-DD, newest first: the sidebar's dates to the day


POST_COLUMNS = (
    "archive_id, path, copy, title, date, date_text, slug, url, layout, builds, skip_reason, "
    "warning_count, warnings, jekyll, content_hash, size, encoding, source_url, news_id, source_name, "
    "edited, trashed_at, imported_at, updated_at, import_run_id"
)

# the ids of names an import batch links its posts to: categories by slug, tags by name, stocks by (market, code)
_LinkIds = tuple[dict[Any, int], dict[Any, int], dict[Any, int]]


def _chunks(ids: Sequence[int], size: int = 500) -> Iterator[tuple[list[int], str]]:
    """ids in lists of `size` at most, each with its `?,?,…` placeholders."""
    for start in range(0, len(ids), size):
        chunk = list(ids[start : start + size])
        yield chunk, ",".join("?" * len(chunk))


def _post_record(row: tuple[Any, ...]) -> dict[str, Any]:
    """A post's record (the `--json` shape, stocks still empty) from its row in post_records."""
    (pid, path, copy, title, date_text, url, builds, skip, warnings, jek, src, news_id, edited, trashed, layout,
     root, tz, digest) = row  # fmt: skip
    typed = json.loads(jek)
    return {
        "id": pid,
        "path": path,
        "copy": copy,
        "archive": root,
        "timezone": tz,
        "title": typed.get("title"),
        "title_text": title,
        "date": date_text,
        "categories": typed.get("categories"),
        "tags": typed.get("tags"),
        "slug": typed.get("slug"),
        "ext": typed.get("ext"),
        "url": url,
        "published": typed.get("published"),
        "layout": layout,
        "builds": bool(builds),
        "skip_reason": skip,
        "warnings": json.loads(warnings) if warnings else [],
        "stocks": [],
        "source_url": src,
        "news_id": news_id,
        "edited": bool(edited),
        "trashed": trashed is not None,
        "content_hash": digest,
    }


def _post_row(row: tuple[Any, ...], tags: Iterable[str], stocks: Iterable[tuple[str, str | None]]) -> PostRow:
    """A line of the post list from its row in post_rows and its tags and stocks in order."""
    pid, date_text, title, path, source_name, wcount, warnings, trashed, cat, slug = row
    messages = tuple(w.get("message", "") for w in json.loads(warnings)) if warnings else ()
    return PostRow(
        id=pid,
        date=(date_text or "")[:16],
        title=title,
        name=path.rsplit("/", 1)[-1],
        source=source_name or cat or slug or "",
        tags=tuple(tags),
        stocks=tuple(stocks),
        warning_count=wcount,
        warnings=messages,
        trashed=trashed is not None,
    )


class Library:
    """An open library folder. Create with `Library.open(folder)`; close when done."""

    def __init__(self, folder: Path, db: SqliteDatabase, readonly: bool = False) -> None:
        self.folder = folder
        self.db = db
        self.readonly = readonly
        self._released = False
        self._closing: list[Callable[[], None]] = []
        self._services: dict[type, Any] = {}  # see service()
        self._services_lock = threading.Lock()
        self._name_ids: dict[str, dict[Any, int]] = {}
        self.journal = Journal(self)  # long operations under way (core/store/journal.py)

    @classmethod
    def open(
        cls,
        folder: str | os.PathLike[str] | None = None,
        *,
        create: bool = True,
        readonly: bool = False,
        check: bool = False,
    ) -> Library:
        """Open the library in `folder` (core/store/db.py says what an open checks first).

        For writing: LibraryNotWritableError when the folder or a file of it cannot be
        written (it may be opened read-only), LibraryLockedError when another instance
        writes it. `check` (the front ends) quick-checks a library of a bounded size.
        """
        path = Path(folder).expanduser() if folder else default_library_dir()
        if readonly or not (create or library_file(path).exists()):
            return cls(path, open_database(path, create=create, readonly=readonly, check=check), readonly)
        refuse_links(path)
        if reason := unwritable_reason(path):
            raise not_writable_error(path, reason)
        process_locks.acquire(path)  # one writing instance per library
        try:
            remove_partial_files(path)  # a killed backup's or restore's (their writers are gone)
            db = open_database(path, create=create, readonly=False, check=check)
        except BaseException:
            process_locks.release(path)
            raise
        return cls(path, db, readonly)

    def on_close(self, fn: Callable[[], None]) -> None:
        """Have `fn` run when the library closes: what keeps files of its own beside it (the search
        index's connection) lets go of them with it, not whenever it is garbage-collected."""
        self._closing.append(fn)

    def service(self, kind: type[_S], make: Callable[[Library], _S]) -> _S:
        """The one `kind` object this library holds for the layers above the store (the search
        engine, with its index and caches): made by `make(self)` on first use, closed with the
        library. Keyed by its class, so the store need not know what it is."""
        with self._services_lock:
            got = self._services.get(kind)
            if got is None:
                got = self._services[kind] = make(self)
                self.on_close(got.close)
        assert isinstance(got, kind)
        return got

    def close(self) -> None:
        closing, self._closing = self._closing, []
        for fn in reversed(closing):
            try:
                fn()
            except Exception:  # one failing must not keep the library or the lock open
                log.exception("closing %s", fn)
        if not self.db.is_closed():
            self.db.close()
        if not self.readonly and not self._released:
            self._released = True
            process_locks.release(self.folder)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- settings ---------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = Meta.get_or_none(Meta.key == key)
        return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        Meta.insert(key=key, value=value).on_conflict_replace().execute()

    def default_timezone(self) -> str:
        return self.get_setting("timezone") or system_timezone()

    # --- import support -----------------------------------------------------------

    def start_import_run(self, inputs: list[str]) -> int:
        return ImportRun.insert(
            started_at=int(time.time()), status="running", inputs=json.dumps(inputs, ensure_ascii=False)
        ).execute()

    def interrupted_imports(self) -> list[ImportRun]:
        """Import runs that never finished: the process died (the write lock says no one else runs one).

        Call this when the library is opened, before starting an import of its own.
        """
        return list(ImportRun.select().where(ImportRun.status == "running").order_by(ImportRun.id))

    def resumable_inputs(self) -> list[str]:
        """The inputs of interrupted imports (marking them so), to import again: done posts are unchanged."""
        inputs: list[str] = []
        for run in self.interrupted_imports():
            for path in self.resume_import_run(run.id):
                if path not in inputs:
                    inputs.append(path)
        return inputs

    def limit_page_cache(self, kib: int) -> None:
        """Cap this thread's connection's page cache (the window keeps little; its list process reads)."""
        self.db.execute_sql(f"PRAGMA cache_size = -{int(kib)}")

    def resume_import_run(self, run_id: int) -> list[str]:
        """The inputs of one interrupted import (marking it so), to import again."""
        run = ImportRun.get_by_id(run_id)
        ImportRun.update(status="interrupted").where(ImportRun.id == run_id).execute()
        return list(json.loads(run.inputs))

    def discard_import_run(self, run_id: int) -> None:
        ImportRun.update(status="discarded").where(ImportRun.id == run_id).execute()

    def finish_import_run(self, run_id: int, status: str, counts: dict[str, int]) -> None:
        ImportRun.update(finished_at=int(time.time()), status=status, summary=json.dumps(counts)).where(
            ImportRun.id == run_id
        ).execute()

    def ensure_archive(self, root: str, name: str, tz_name: str, permalink: Any, config: bytes | None) -> int:
        row = Archive.get_or_none(Archive.root == root)
        perm = None if permalink is None else str(permalink)
        if row is None:
            return Archive.insert(
                root=root, name=name, timezone=tz_name, permalink=perm, config=config, created_at=int(time.time())
            ).execute()
        if (row.timezone, row.permalink, bytes(row.config) if row.config is not None else None) != (
            tz_name,
            perm,
            config,
        ):
            Archive.update(timezone=tz_name, permalink=perm, config=config).where(Archive.id == row.id).execute()
        return row.id

    def set_missing_category_names(self, names: dict[str, str]) -> None:
        """Display names from the site's category pages, never over a name the user set."""
        with self.db.atomic():
            for slug, title in names.items():
                self.db.execute_sql("INSERT OR IGNORE INTO category (slug, display_name) VALUES (?, ?)", (slug, title))
                self.db.execute_sql(
                    "UPDATE category SET display_name = ? WHERE slug = ? AND display_name IS NULL", (title, slug)
                )
        self._name_ids.pop("category", None)

    def archive_state(self, archive_id: int) -> ArchiveState:
        state = ArchiveState()
        cur = self.db.execute_sql(
            "SELECT id, path, content_hash, copy, edited, trashed_at FROM post WHERE archive_id = ?", (archive_id,)
        )
        for pid, path, digest, copy, edited, trashed in cur:
            state.posts.setdefault(path, []).append(_Known(pid, digest, copy, bool(edited), trashed is not None))
        cur = self.db.execute_sql("SELECT path, content_hash FROM tombstone WHERE archive_id = ?", (archive_id,))
        state.tombstones = {(p, h) for p, h in cur}
        return state

    def _ids_for(self, table: str, names: Iterable[Any]) -> dict[Any, int]:
        """Get or create rows of category/tag/stock by name; cached for the library's life."""
        cache = self._name_ids.get(table)
        if cache is None:
            if table == "stock":
                rows = self.db.execute_sql("SELECT market, code, id FROM stock")
                cache = {(m, c): i for m, c, i in rows}
            else:
                col = "slug" if table == "category" else "name"
                cache = {n: i for n, i in self.db.execute_sql(f"SELECT {col}, id FROM {table}")}
            self._name_ids[table] = cache
        missing = [n for n in dict.fromkeys(names) if n not in cache]
        for name in missing:
            if table == "stock":
                market, code = name
                cur = self.db.execute_sql("INSERT INTO stock (market, code) VALUES (?, ?)", (market, code))
            else:
                col = "slug" if table == "category" else "name"
                cur = self.db.execute_sql(f"INSERT INTO {table} ({col}) VALUES (?)", (name,))
            cache[name] = cur.lastrowid
        return cache

    def write_import_batch(
        self,
        inserts: Sequence[tuple[int, PreparedPost, int]],
        updates: Sequence[tuple[int, PreparedPost]],
        restores: Sequence[int],
        run_id: int | None,
    ) -> list[int]:
        """Write one batch in one transaction; returns the ids of new and changed posts."""
        now = int(time.time())
        try:
            return self._write_batch(inserts, updates, restores, run_id, now)
        except Exception:
            self._name_ids.clear()  # the rolled-back transaction may have held new names
            raise

    def _write_batch(
        self,
        inserts: Sequence[tuple[int, PreparedPost, int]],
        updates: Sequence[tuple[int, PreparedPost]],
        restores: Sequence[int],
        run_id: int | None,
        now: int,
    ) -> list[int]:
        with self.db.atomic("IMMEDIATE"):
            conn = self.db.connection()
            links = self._batch_link_ids(conn, [p for _a, p, _c in inserts] + [p for _i, p in updates])
            new_ids = self._insert_posts(conn, inserts, run_id, now, links)
            changed = [pid for pid, _p in updates]
            if updates:
                self._reimport_posts(conn, updates, run_id, now, links)
            if restores:
                conn.executemany(
                    "UPDATE post SET trashed_at = NULL, updated_at = ? WHERE id = ?", [(now, pid) for pid in restores]
                )
            self._after_posts_changed(conn, new_ids + changed + list(restores))
        return new_ids + changed + list(restores)

    def _batch_link_ids(self, conn: Any, posts: list[PreparedPost]) -> _LinkIds:
        """The ids of the categories, tags and stocks these posts name (new ones made, in the
        order the posts name them); stocks get the names the posts give them where they have none."""
        cats = self._ids_for("category", (c for p in posts for c in p.categories))
        tags = self._ids_for("tag", [t for p in posts for t in p.tags])
        stocks = self._ids_for("stock", [(m, c) for p in posts for m, c, _n in p.stocks])
        names = {(m, c): n for p in posts for m, c, n in p.stocks if n}
        if names:
            conn.executemany(
                "UPDATE stock SET name = ? WHERE market = ? AND code = ? AND name IS NULL",
                [(n, m, c) for (m, c), n in names.items()],
            )
        return cats, tags, stocks

    def _insert_posts(
        self,
        conn: Any,
        inserts: Sequence[tuple[int, PreparedPost, int]],
        run_id: int | None,
        now: int,
        links: _LinkIds,
    ) -> list[int]:
        """New posts (archive id, post, copy number) with their content and links; returns their ids."""
        first_id = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM post").fetchone()[0]) + 1
        new_ids = list(range(first_id, first_id + len(inserts)))
        placeholders = ", ".join("?" * 26)
        conn.executemany(
            f"INSERT INTO post (id, {POST_COLUMNS}) VALUES ({placeholders})",
            [
                (pid, archive_id, p.site_path, copy, *self._post_values(p), False, None, now, now, run_id)
                for pid, (archive_id, p, copy) in zip(new_ids, inserts, strict=False)
            ],
        )
        conn.executemany(
            "INSERT INTO post_content (post_id, raw, plain_text) VALUES (?, ?, ?)",
            [(pid, p.raw, p.plain_text) for pid, (_a, p, _c) in zip(new_ids, inserts, strict=False)],
        )
        self._write_links(conn, [(pid, p) for pid, (_a, p, _c) in zip(new_ids, inserts, strict=False)], *links)
        return new_ids

    def _reimport_posts(
        self, conn: Any, updates: Sequence[tuple[int, PreparedPost]], run_id: int | None, now: int, links: _LinkIds
    ) -> None:
        """Posts whose file changed since they were imported: the old bytes kept as a version,
        the row, content and links replaced (an edit is undone by the new bytes)."""
        changed = [pid for pid, _p in updates]
        conn.executemany(
            "INSERT INTO post_version (post_id, raw, content_hash, replaced_at, reason) "
            "SELECT post_id, raw, (SELECT content_hash FROM post WHERE id = post_id), ?, 'reimport' "
            "FROM post_content WHERE post_id = ?",
            [(now, pid) for pid in changed],
        )
        conn.executemany(
            "UPDATE post SET title=?, date=?, date_text=?, slug=?, url=?, layout=?, builds=?, skip_reason=?, "
            "warning_count=?, warnings=?, jekyll=?, content_hash=?, size=?, encoding=?, source_url=?, "
            "news_id=?, source_name=?, edited=0, updated_at=?, import_run_id=? WHERE id=?",
            [(*self._post_values(p), now, run_id, pid) for pid, p in updates],
        )
        conn.executemany(
            "UPDATE post_content SET raw=?, plain_text=? WHERE post_id=?",
            [(p.raw, p.plain_text, pid) for pid, p in updates],
        )
        for table in ("post_category", "post_tag", "post_stock"):
            conn.executemany(f"DELETE FROM {table} WHERE post_id = ?", [(pid,) for pid in changed])
        self._write_links(conn, list(updates), *links)

    def _after_posts_changed(self, conn: Any, post_ids: list[int]) -> None:
        """Hook for what must follow post changes in the same transaction (the search index queue).

        Queues the ids for the search index (core/search/index/); ids of posts
        deleted for good are queued too, so their index entries are dropped.
        """
        if post_ids:
            conn.executemany("INSERT INTO search_queue (post_id) VALUES (?)", [(int(i),) for i in post_ids])
        self.journal.complete_in(conn)  # a journaled operation ends with this commit

    @staticmethod
    def _post_values(p: PreparedPost) -> tuple[Any, ...]:
        warnings = json.dumps(p.warnings, ensure_ascii=False) if p.warnings else None
        return (
            p.title,
            p.date,
            p.date_text,
            p.slug,
            p.url,
            p.layout,
            p.builds,
            p.skip_reason,
            len(p.warnings),
            warnings,
            p.jekyll_json,
            p.content_hash,
            len(p.raw),
            p.encoding,
            p.source_url,
            p.news_id,
            p.tags[0] if p.tags else None,
        )

    @staticmethod
    def _write_links(
        conn: Any,
        posts: list[tuple[int, PreparedPost]],
        cats: dict[Any, int],
        tags: dict[Any, int],
        stocks: dict[Any, int],
    ) -> None:
        conn.executemany(
            "INSERT INTO post_category (post_id, category_id, position) VALUES (?, ?, ?)",
            [(pid, cats[c], i) for pid, p in posts for i, c in enumerate(p.categories)],
        )
        conn.executemany(
            "INSERT INTO post_tag (post_id, tag_id, position) VALUES (?, ?, ?)",
            [(pid, tags[t], i) for pid, p in posts for i, t in enumerate(p.tags)],
        )
        conn.executemany(
            "INSERT INTO post_stock (post_id, stock_id, position) VALUES (?, ?, ?)",
            [(pid, stocks[(m, c)], i) for pid, p in posts for i, (m, c, _n) in enumerate(p.stocks)],
        )

    # --- reading -----------------------------------------------------------------

    def count_posts(self, include_trashed: bool = False) -> int:
        sql = "SELECT COUNT(*) FROM post" + ("" if include_trashed else " WHERE trashed_at IS NULL")
        return self.db.execute_sql(sql).fetchone()[0]

    def post_ids(
        self,
        order: str = "date",
        descending: bool = True,
        limit: int | None = None,
        offset: int = 0,
        include_trashed: bool = False,
    ) -> list[int]:
        columns = {"date": "date", "title": "title", "id": "id", "source": "source_name", "path": "path"}
        if order not in columns:
            raise KnownError(f"Cannot sort by {order!r}; choose one of {', '.join(columns)}.")
        direction = "DESC" if descending else "ASC"
        where = "" if include_trashed else "WHERE trashed_at IS NULL"
        sql = f"SELECT id FROM post {where} ORDER BY {columns[order]} {direction}, id {direction}"
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [limit, offset]
        return [r[0] for r in self.db.execute_sql(sql, params)]

    def post_records(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        """Full records (the `--json` shape) for these ids, in the same order."""
        out: dict[int, dict[str, Any]] = {}
        for chunk, marks in _chunks(ids):
            rows = self.db.execute_sql(
                f"SELECT p.id, p.path, p.copy, p.title, p.date_text, p.url, p.builds, p.skip_reason, p.warnings, "
                f"p.jekyll, p.source_url, p.news_id, p.edited, p.trashed_at, p.layout, a.root, a.timezone, p.content_hash "
                f"FROM post p JOIN archive a ON a.id = p.archive_id WHERE p.id IN ({marks})",
                chunk,
            )
            out.update((row[0], _post_record(row)) for row in rows)
            rows = self.db.execute_sql(
                f"SELECT ps.post_id, s.market, s.code, s.name FROM post_stock ps JOIN stock s ON s.id = ps.stock_id "
                f"WHERE ps.post_id IN ({marks}) ORDER BY ps.post_id, ps.position",
                chunk,
            )
            for pid, market, code, name in rows:
                out[pid]["stocks"].append({"market": market, "code": code, "name": name})
        return [out[i] for i in ids if i in out]

    def post_record(self, post_id: int) -> dict[str, Any]:
        records = self.post_records([post_id])
        if not records:
            raise KnownError(f"There is no post with id {post_id}.")
        return records[0]

    def post_raw(self, post_id: int) -> bytes:
        """The post's current bytes (a post with pending tag/category lines gets them written: core/store/pending.py)."""
        row = self.db.execute_sql("SELECT raw FROM post_content WHERE post_id = ?", (post_id,)).fetchone()
        if row is None:
            raise KnownError(f"There is no post with id {post_id}.")
        return bytes(next(self.current_raws([(post_id, bytes(row[0]))]))[1])

    def current_raws(self, items: Iterable[tuple[int, bytes]]) -> Iterator[tuple[int, bytes]]:
        """(id, current bytes) for (id, stored bytes) read from post_content, e.g. by the exporter."""
        return _pending.current_raws(self.db.connection(), items)

    def post_plain_text(self, post_id: int) -> str:
        row = self.db.execute_sql(
            f"SELECT {post_text_columns()} FROM post_content WHERE post_id = ?", (post_id,)
        ).fetchone()
        return post_text(*row) if row else ""

    def stats(self) -> dict[str, Any]:
        q = self.db.execute_sql
        return {
            "library": str(self.folder),
            "posts": q("SELECT COUNT(*) FROM post WHERE trashed_at IS NULL").fetchone()[0],
            "trashed": q("SELECT COUNT(*) FROM post WHERE trashed_at IS NOT NULL").fetchone()[0],
            "not_built_by_jekyll": q("SELECT COUNT(*) FROM post WHERE NOT builds AND trashed_at IS NULL").fetchone()[0],
            "with_warnings": q("SELECT COUNT(*) FROM post WHERE warning_count > 0 AND trashed_at IS NULL").fetchone()[
                0
            ],
            "edited": q("SELECT COUNT(*) FROM post WHERE edited AND trashed_at IS NULL").fetchone()[0],
            "archives": q("SELECT COUNT(*) FROM archive").fetchone()[0],
            "categories": q("SELECT COUNT(*) FROM category").fetchone()[0],
            "tags": q("SELECT COUNT(*) FROM tag").fetchone()[0],
            "stocks": q("SELECT COUNT(*) FROM stock").fetchone()[0],
            "collections": q("SELECT COUNT(*) FROM collection").fetchone()[0],
            "first_date": _date_or_none(q("SELECT MIN(date) FROM post WHERE trashed_at IS NULL").fetchone()[0]),
            "last_date": _date_or_none(q("SELECT MAX(date) FROM post WHERE trashed_at IS NULL").fetchone()[0]),
        }

    def archives(self) -> list[Archive]:
        return list(Archive.select().order_by(Archive.id))

    def last_import_run(self) -> ImportRun | None:
        return ImportRun.select().order_by(ImportRun.id.desc()).first()

    def post_exists(self, post_id: int) -> bool:
        return Post.select().where(Post.id == post_id).exists()

    # --- editing -------------------------------------------------------------------
    # An edit rewrites only the changed front matter keys of the post's bytes
    # (core/jekyll/frontmatter.py), keeps the bytes it replaced as a post_version (reason
    # 'edit'), and returns Changes holding the values before and after and that
    # version's id, so that `revert` can undo it byte for byte.

    def edit_post(
        self,
        post_id: int,
        *,
        title: Any = _fm.UNCHANGED,
        date: Any = _fm.UNCHANGED,
        tags: Any = _fm.UNCHANGED,
        categories: Any = _fm.UNCHANGED,
        extra: dict[str, Any] | None = None,
        remove_keys: Iterable[str] = (),
    ) -> Changes:
        """Change one post's title, date (renaming the file's date prefix), tags, categories or other keys.

        `tags`/`categories` are the whole lists Jekyll should read; `date` is a
        datetime (naive = archive-local) or text Jekyll would read; `extra` sets
        other front matter keys, `remove_keys` deletes keys. Raises KnownError
        (nothing changed) when the post cannot be rewritten so Jekyll reads the
        new values back exactly.
        """
        return self.edit_posts(
            [post_id],
            title=title,
            date=date,
            tags=tags,
            categories=categories,
            extra=extra,
            remove_keys=remove_keys,
        )

    def edit_posts(
        self,
        post_ids: Iterable[int],
        *,
        title: Any = _fm.UNCHANGED,
        date: Any = _fm.UNCHANGED,
        tags: Any = _fm.UNCHANGED,
        categories: Any = _fm.UNCHANGED,
        extra: dict[str, Any] | None = None,
        remove_keys: Iterable[str] = (),
    ) -> Changes:
        """The same edit on several posts, all or none (one transaction)."""
        args = {"title": title, "date": date, "tags": tags, "categories": categories}
        given = {k: v for k, v in args.items() if v is not _fm.UNCHANGED}
        for key in ("tags", "categories"):
            if key in given:
                given[key] = list(given[key]) if not isinstance(given[key], str) else given[key]
        extra = dict(extra or {})
        removals = tuple(dict.fromkeys(remove_keys))
        if not given and not extra and not removals:
            return Changes()
        now = int(time.time())
        edits: list[PostEdit] = []
        try:
            with self.db.atomic("IMMEDIATE"):
                conn = self.db.connection()
                for pid in dict.fromkeys(post_ids):
                    edit = self._edit_one(conn, pid, given, extra, removals, now)
                    if edit is not None:
                        edits.append(edit)
                if edits:
                    self._after_posts_changed(conn, [e.post_id for e in edits])
        except Exception:
            self._name_ids.clear()  # the rolled-back transaction may have held new names
            raise
        return Changes.of(edits)

    def revert(self, changes: Changes) -> Changes:
        """Undo `changes` (newest edit first): each post gets back its bytes, path and edited flag.

        Returns the Changes that redo them. Refused (KnownError, nothing changed)
        when a post was changed again since.
        """
        now = int(time.time())
        edits: list[PostEdit] = []
        try:
            with self.db.atomic("IMMEDIATE"):
                conn = self.db.connection()
                for edit in reversed(changes.edits):
                    edits.append(self._revert_one(conn, edit, now))
                if edits:
                    self._after_posts_changed(conn, [e.post_id for e in edits])
        except Exception:
            self._name_ids.clear()
            raise
        return Changes.of(edits)

    def _post_for_edit(self, conn: Any, post_id: int) -> tuple[Any, ...]:
        row = conn.execute(
            "SELECT p.archive_id, p.path, p.copy, p.edited, p.jekyll, p.date_text, p.content_hash, c.raw, "
            "a.root, a.timezone, a.permalink FROM post p JOIN post_content c ON c.post_id = p.id "
            "JOIN archive a ON a.id = p.archive_id WHERE p.id = ?",
            (post_id,),
        ).fetchone()
        if row is None:
            raise KnownError(f"There is no post with id {post_id}.")
        return row

    def _edit_one(
        self, conn: Any, pid: int, given: dict[str, Any], extra: dict[str, Any], removals: tuple[str, ...], now: int
    ) -> PostEdit | None:
        archive_id, path, copy, was_edited, typed_json, date_text, digest, raw, root, tz_name, permalink = (
            self._post_for_edit(conn, pid)
        )
        raw = stored = bytes(raw)
        tz = _edit_zone(tz_name)
        now_dt = datetime.fromtimestamp(now, tz)
        pending_before = _pending.snapshot(conn, pid)
        if pending_before is not None:  # start from its current bytes; they are stored whole below
            raw = bytes(next(_pending.current_raws(conn, [(pid, raw)]))[1])
        try:
            rewritten = _fm.rewrite_post(
                raw, path, tz, **given, extra=extra, remove_keys=removals, permalink=permalink, now=now_dt
            )
        except KnownError as exc:
            raise KnownError(f"Post {pid}: {exc}") from exc
        new_path = rewritten.site_path
        if "date" in given:
            new_path = _fm.renamed_for_date(new_path, _fm.coerce_date(given["date"], tz, now_dt), tz)
        if rewritten.raw == raw and new_path == path:
            return None
        new_copy = copy if new_path == path else self._free_copy(conn, archive_id, new_path)
        prepared = self._prepare_edited(rewritten.raw, root, new_path, tz, now_dt, permalink)
        version_id = self._store_edited(conn, pid, stored, digest, prepared, new_path, new_copy, True, now)
        _pending.restore(conn, pid, None, self._ids_for)

        old_typed, new_typed = json.loads(typed_json), json.loads(prepared.jekyll_json)
        old_fm = _front_matter_of(raw, path, tz, now_dt, permalink)
        new_fm = rewritten.parsed.front_matter or {}
        before: dict[str, Any] = {"path": path, "copy": copy}
        after: dict[str, Any] = {"path": new_path, "copy": new_copy}
        fields = {"path"} if new_path != path else set()
        for name in given:
            fields.add(name)
            before[name] = date_text if name == "date" else old_typed.get(name)
            after[name] = prepared.date_text if name == "date" else new_typed.get(name)
        keys_before = {k: old_fm.get(k, _fm.ABSENT) for k in (*extra, *removals)}
        keys_after = {k: new_fm.get(k, _fm.ABSENT) for k in (*extra, *removals)}
        return PostEdit(
            post_id=pid,
            fields=frozenset(fields | ({"front_matter"} if extra or removals else set())),
            before=before,
            after=after,
            keys_before=keys_before,
            keys_after=keys_after,
            version_id=version_id,
            was_edited=bool(was_edited),
            hash_after=prepared.content_hash,
            pending_before=pending_before,
        )

    def _revert_one(self, conn: Any, edit: PostEdit, now: int) -> PostEdit:
        pid = edit.post_id
        archive_id, path, copy, was_edited, _typed, _date_text, digest, raw, root, tz_name, permalink = (
            self._post_for_edit(conn, pid)
        )
        pending_now = _pending.snapshot(conn, pid)
        if digest != edit.hash_after or (pending_now and pending_now[0]) != (
            edit.pending_after and edit.pending_after[0]
        ):
            raise KnownError(f"Post {pid} was changed again since this edit; undo the later change first.")
        row = conn.execute(
            "SELECT raw FROM post_version WHERE id = ? AND post_id = ?", (edit.version_id, pid)
        ).fetchone()
        if row is None:
            raise KnownError(f"The earlier version of post {pid} is no longer in the library.")
        old_raw = bytes(row[0])
        tz = _edit_zone(tz_name)
        now_dt = datetime.fromtimestamp(now, tz)
        target_path, target_copy = edit.before["path"], edit.before["copy"]
        if (target_path, target_copy) != (path, copy):
            taken = conn.execute(
                "SELECT 1 FROM post WHERE archive_id = ? AND path = ? AND copy = ? AND id != ?",
                (archive_id, target_path, target_copy, pid),
            ).fetchone()
            if taken:
                target_copy = self._free_copy(conn, archive_id, target_path)
        prepared = self._prepare_edited(old_raw, root, target_path, tz, now_dt, permalink)
        made = _pending.missing_names(conn, prepared.tags, prepared.categories) if edit.pending_before else None
        version_id = self._store_edited(
            conn, pid, bytes(raw), digest, prepared, target_path, target_copy, edit.was_edited, now
        )
        _pending.restore(conn, pid, edit.pending_before, self._ids_for)
        if made:  # names of the stored bytes that the pending names replace: not left behind unused
            _pending.drop_unused(conn, made)
            self._name_ids.clear()
        return PostEdit(
            post_id=pid,
            fields=edit.fields,
            before={**edit.after, "path": path, "copy": copy},
            after={**edit.before, "path": target_path, "copy": target_copy},
            keys_before=edit.keys_after,
            keys_after=edit.keys_before,
            version_id=version_id,
            was_edited=bool(was_edited),
            hash_after=prepared.content_hash,
            pending_before=pending_now,
            pending_after=edit.pending_before,
        )

    @staticmethod
    def _free_copy(conn: Any, archive_id: int, path: str) -> int:
        row = conn.execute(
            "SELECT MAX(copy) FROM post WHERE archive_id = ? AND path = ?", (archive_id, path)
        ).fetchone()
        return 0 if row[0] is None else row[0] + 1

    @staticmethod
    def _prepare_edited(raw: bytes, root: str, path: str, tz: Any, now_dt: datetime, permalink: Any) -> PreparedPost:
        from finews_desktop.core.content.postrow import SourceFile, prepare_post  # the readers, when a post is edited

        return prepare_post(raw, SourceFile(root, path, path), tz, now_dt, permalink)

    def _store_edited(
        self,
        conn: Any,
        pid: int,
        old_raw: bytes,
        old_hash: str,
        p: PreparedPost,
        path: str,
        copy: int,
        edited: bool,
        now: int,
    ) -> int:
        """Keep the old bytes as a version, write the new ones and the post's links; returns the version id."""
        version_id = conn.execute(
            "INSERT INTO post_version (post_id, raw, content_hash, replaced_at, reason) VALUES (?, ?, ?, ?, 'edit')",
            (pid, old_raw, old_hash, now),
        ).lastrowid
        conn.execute(
            "UPDATE post SET title=?, date=?, date_text=?, slug=?, url=?, layout=?, builds=?, skip_reason=?, "
            "warning_count=?, warnings=?, jekyll=?, content_hash=?, size=?, encoding=?, source_url=?, "
            "news_id=?, source_name=?, edited=?, path=?, copy=?, updated_at=? WHERE id=?",
            (*self._post_values(p), edited, path, copy, now, pid),
        )
        conn.execute("UPDATE post_content SET raw=?, plain_text=? WHERE post_id=?", (p.raw, p.plain_text, pid))
        for table in ("post_category", "post_tag", "post_stock"):
            conn.execute(f"DELETE FROM {table} WHERE post_id = ?", (pid,))
        cats = self._ids_for("category", p.categories)
        tags = self._ids_for("tag", p.tags)
        stocks = self._ids_for("stock", [(m, c) for m, c, _n in p.stocks])
        self._write_links(conn, [(pid, p)], cats, tags, stocks)
        return version_id

    # --- list rows and facets (GUI) ---------------------------------------------
    # What the main window's post list and sidebar read: a page of rows in a few
    # queries (never one per row) and the sidebar counts in one grouped query per
    # group. Counts leave trashed posts out, except the Trash's own.

    def post_rows(self, ids: Sequence[int]) -> list[PostRow]:
        """The list's columns for these ids, in the same order (missing ids left out)."""
        rows: dict[int, tuple[Any, ...]] = {}
        tags: dict[int, list[str]] = {}
        stocks: dict[int, list[tuple[str, str | None]]] = {}
        for chunk, marks in _chunks(ids):
            for row in self.db.execute_sql(
                "SELECT p.id, p.date_text, p.title, p.path, p.source_name, p.warning_count, p.warnings, p.trashed_at, "
                "(SELECT c.display_name FROM post_category pc JOIN category c ON c.id = pc.category_id "
                " WHERE pc.post_id = p.id ORDER BY pc.position LIMIT 1), "
                "(SELECT c.slug FROM post_category pc JOIN category c ON c.id = pc.category_id "
                " WHERE pc.post_id = p.id ORDER BY pc.position LIMIT 1) "
                f"FROM post p WHERE p.id IN ({marks})",
                chunk,
            ):
                rows[row[0]] = row
            for pid, name in self.db.execute_sql(
                f"SELECT pt.post_id, t.name FROM post_tag pt JOIN tag t ON t.id = pt.tag_id "
                f"WHERE pt.post_id IN ({marks}) ORDER BY pt.post_id, pt.position",
                chunk,
            ):
                tags.setdefault(pid, []).append(name)
            for pid, code, name in self.db.execute_sql(
                f"SELECT ps.post_id, s.code, s.name FROM post_stock ps JOIN stock s ON s.id = ps.stock_id "
                f"WHERE ps.post_id IN ({marks}) ORDER BY ps.post_id, ps.position",
                chunk,
            ):
                stocks.setdefault(pid, []).append((code, name))
        return [
            _post_row(row, tags.get(pid, ()), stocks.get(pid, ())) for pid in ids if (row := rows.get(pid)) is not None
        ]

    def first_post_ids(self, order: str, descending: bool, limit: int) -> list[int]:
        """The first `limit` untrashed posts in an indexed order (date, title, id), read from the index.

        `+trashed_at` keeps SQLite from choosing an index on trashed_at and sorting every row.
        Ties go by date (for a title), then by id, in the same direction, as the search orders them.
        """
        direction = "DESC" if descending else "ASC"
        cur = self.db.execute_sql(
            f"SELECT id FROM post WHERE +trashed_at IS NULL ORDER BY {_indexed_order(order, direction)} LIMIT ?",
            (limit,),
        )
        return [r[0] for r in cur]

    def all_post_ids(self, order: str, descending: bool) -> Sequence[int]:
        """Every untrashed post in an indexed order: the index alone, less the trashed ids (no row reads)."""
        from array import array

        direction = "DESC" if descending else "ASC"
        trashed = {r[0] for r in self.db.execute_sql("SELECT id FROM post WHERE +trashed_at IS NOT NULL")}
        cur = self.db.execute_sql(f"SELECT id FROM post ORDER BY {_indexed_order(order, direction)}")
        if not trashed:
            return array("q", (r[0] for r in cur))
        return array("q", (r[0] for r in cur if r[0] not in trashed))

    def last_import_run_with_posts(self) -> int | None:
        """The newest import run that wrote posts (what "Recently imported" shows)."""
        for run_id, status, summary in self.db.execute_sql(
            "SELECT id, status, summary FROM import_run ORDER BY id DESC LIMIT 50"
        ):
            if status == "running":
                return run_id
            counts = json.loads(summary) if summary else {}
            if counts.get("imported") or counts.get("updated"):
                return run_id
        return None

    def recent_post_ids(self) -> set[int]:
        """Ids of the (untrashed) posts written by the last import run that wrote any."""
        run_id = self.last_import_run_with_posts()
        if run_id is None:
            return set()
        cur = self.db.execute_sql("SELECT id FROM post WHERE import_run_id = ? AND trashed_at IS NULL", (run_id,))
        return {r[0] for r in cur}

    def order_ids(self, ids: Sequence[int], key: str, descending: bool = False) -> list[int]:
        """Sort ids in SQL by a list column the search does not sort by: tags, stocks, warnings.

        Ties keep date order (newest first), then id.
        """
        keys = {
            "tags": "(SELECT t.name FROM post_tag pt JOIN tag t ON t.id = pt.tag_id "
            "WHERE pt.post_id = p.id ORDER BY pt.position LIMIT 1)",
            "stocks": "(SELECT s.code FROM post_stock ps JOIN stock s ON s.id = ps.stock_id "
            "WHERE ps.post_id = p.id ORDER BY ps.position LIMIT 1)",
            "warnings": "p.warning_count",
        }
        if key not in keys:
            raise KnownError(f"Cannot sort by {key!r}; choose one of {', '.join(keys)}.")
        direction = "DESC" if descending else "ASC"
        with self.db.atomic():
            self.db.execute_sql("CREATE TEMP TABLE IF NOT EXISTS gui_order_ids (id INTEGER PRIMARY KEY)")
            self.db.execute_sql("DELETE FROM gui_order_ids")
            self.db.connection().executemany("INSERT OR IGNORE INTO gui_order_ids (id) VALUES (?)", ((i,) for i in ids))
            cur = self.db.execute_sql(
                f"SELECT p.id FROM gui_order_ids o JOIN post p ON p.id = o.id "
                f"ORDER BY {keys[key]} IS NULL, {keys[key]} {direction}, p.date DESC, p.id DESC"
            )
            out = [r[0] for r in cur]
            self.db.execute_sql("DELETE FROM gui_order_ids")
        return out

    def facets(self) -> Facets:
        """The sidebar's entries with their post counts."""
        q = self.db.execute_sql
        live = "post_id NOT IN (SELECT id FROM post WHERE trashed_at IS NOT NULL)"
        total, warnings, trash = q(
            "SELECT COALESCE(SUM(trashed_at IS NULL), 0), COALESCE(SUM(trashed_at IS NULL AND warning_count > 0), 0), "
            "COALESCE(SUM(trashed_at IS NOT NULL), 0) FROM post"
        ).fetchone()
        run_id = self.last_import_run_with_posts()
        recent = (
            q("SELECT COUNT(*) FROM post WHERE import_run_id = ? AND trashed_at IS NULL", (run_id,)).fetchone()[0]
            if run_id is not None
            else 0
        )
        collections = [
            FacetEntry(name, name, n)
            for name, n in q(
                f"SELECT c.name, COUNT(cp.post_id) FROM collection c LEFT JOIN collection_post cp "
                f"ON cp.collection_id = c.id AND cp.{live} GROUP BY c.id ORDER BY c.name"
            )
        ]
        categories = [
            FacetEntry(slug, display or slug, n)
            for slug, display, n in q(
                f"SELECT c.slug, c.display_name, COUNT(*) FROM post_category pc JOIN category c ON c.id = pc.category_id "
                f"WHERE pc.{live} GROUP BY pc.category_id ORDER BY COALESCE(c.display_name, c.slug)"
            )
        ]
        tags = [
            FacetEntry(name, name, n)
            for name, n in q(
                f"SELECT t.name, COUNT(*) FROM post_tag pt JOIN tag t ON t.id = pt.tag_id "
                f"WHERE pt.{live} GROUP BY pt.tag_id ORDER BY t.name"
            )
        ]
        stocks = [
            FacetEntry(code, stock_label(code, name), n)
            for code, name, n in q(
                f"SELECT s.code, MAX(s.name), COUNT(DISTINCT ps.post_id) FROM post_stock ps "
                f"JOIN stock s ON s.id = ps.stock_id WHERE ps.{live} GROUP BY s.code ORDER BY s.code"
            )
        ]
        days = [
            FacetEntry(day, day, n)
            for day, n in q(
                "SELECT substr(date_text, 1, 10) AS d, COUNT(*) FROM post "
                "WHERE trashed_at IS NULL AND date_text IS NOT NULL GROUP BY d ORDER BY d DESC"
            )
        ]
        month_counts: dict[str, int] = {}
        for day in days:  # the months from the days: one pass over the posts, not two
            month_counts[day.key[:7]] = month_counts.get(day.key[:7], 0) + day.count
        months = [FacetEntry(month, month, n) for month, n in month_counts.items()]
        return Facets(total, recent, warnings, trash, collections, categories, tags, stocks, months, days)


def _indexed_order(order: str, direction: str) -> str:
    """ORDER BY for an indexed order (date, title, id): equal titles in date order, then by id, all one way."""
    column = {"date": "date", "title": "title", "id": "id"}[order]
    tie = f"date {direction}, " if column == "title" else ""
    return f"{column} {direction}, {tie}id {direction}"


def _date_or_none(ts: int | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds")


# --- editing: what changed ------------------------------------------------------


@dataclass(frozen=True)
class PostEdit:
    """One post's edit: what it changed, the values before and after, and how to undo it."""

    post_id: int
    fields: frozenset[str]  # of title, date, tags, categories, path, front_matter (other keys)
    before: dict[str, Any]  # field -> Jekyll's value before ('date' as date_text); always 'path' and 'copy'
    after: dict[str, Any]
    keys_before: dict[str, Any]  # other front matter keys set or removed -> old value, or frontmatter.ABSENT
    keys_after: dict[str, Any]
    version_id: int  # the post_version holding the bytes before the edit
    was_edited: bool  # post.edited before the edit
    hash_after: str  # content hash after the edit (revert refuses when the post changed since)
    # a post whose tag/category lines were pending (core/store/pending.py) before / after the edit: what revert restores
    pending_before: _pending.Snapshot | None = None
    pending_after: _pending.Snapshot | None = None


@dataclass(frozen=True)
class Changes:
    """What a mutation changed: the one type every mutation returns (Anki's OpChanges).

    Views refresh from it (`post_ids`, `fields`); an undo stack keeps it, and undoing it
    returns the Changes that redo it: post edits go back through Library.revert, `ops`
    (curation's steps: names, collections, trash, relinks) each through its own `undo`
    (core/store/operation.py).
    """

    post_ids: tuple[int, ...] = ()
    fields: frozenset[str] = frozenset()
    edits: tuple[PostEdit, ...] = ()
    label: str = ""  # what the undo menu says ("" for a plain edit)
    ops: tuple[Operation, ...] = ()  # curation's steps, in the order taken
    touched: int = 0  # posts a tag/category change reached
    undoable: bool = True  # False once posts were deleted for good

    @classmethod
    def of(cls, edits: Sequence[PostEdit]) -> Changes:
        fields: set[str] = set()
        for e in edits:
            fields |= e.fields
        return cls(tuple(e.post_id for e in edits), frozenset(fields), tuple(edits))

    def __bool__(self) -> bool:
        return bool(self.post_ids or self.ops)


def _edit_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise KnownError(f"The archive's timezone {name!r} is not known on this computer.") from exc


def _front_matter_of(raw: bytes, path: str, tz: Any, now: datetime, permalink: Any) -> dict[str, Any]:
    from finews_desktop.core.jekyll.post import parse_post

    return parse_post(raw, path, tz, now, permalink).front_matter or {}
