"""The `Library`: the one object the front ends hold over an open library folder.

A library is a folder holding the SQLite file, the search index and backups. This
module opens and closes it (locks, services kept with it) and holds the transactions
of its mutations; what each query and write does lives in the store module named
beside it: `settings`, `import_runs`, `import_writes`, `post_reads`, `post_order`,
`facets`, `post_edits` (every mutation returns a `changes.Changes`).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from peewee import SqliteDatabase

from finews_desktop.core.errors import KnownError
from finews_desktop.core.jekyll import frontmatter as _fm
from finews_desktop.core.paths import default_library_dir, library_file
from finews_desktop.core.store import (
    archive_rows,
    clusters,
    import_runs,
    import_writes,
    name_ids,
    post_edits,
    post_order,
    post_reads,
    rederive,
)
from finews_desktop.core.store import pending as _pending
from finews_desktop.core.store import settings as _settings
from finews_desktop.core.store.backup import remove_partial_files
from finews_desktop.core.store.changes import Changes, PostEdit
from finews_desktop.core.store.db import not_writable_error, open_database, refuse_links, unwritable_reason
from finews_desktop.core.store.facets import Facets, read_facets
from finews_desktop.core.store.import_writes import ArchiveState
from finews_desktop.core.store.journal import Journal
from finews_desktop.core.store.locking import process_locks
from finews_desktop.core.store.models import Archive, ImportRun
from finews_desktop.core.store.post_reads import PostRow

if TYPE_CHECKING:
    from finews_desktop.core.content.postrow import PreparedPost


log = logging.getLogger(__name__)


# What runs in an import batch's transaction after its posts are written: (connection, the ids written)
# -> what it did, counted by a line of the import report (the watch queries' rules: core/watching/).
ImportHook = Callable[[Any, list[int]], dict[str, int]]


class Service(Protocol):
    """What a library holds for a layer above the store (see `Library.service`)."""

    def close(self) -> None: ...


_S = TypeVar("_S", bound=Service)


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
        self._import_hooks: list[ImportHook] = []  # see add_import_hook
        self._import_notes: dict[str, int] = {}

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

    # --- settings (settings.py) -----------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        return _settings.get_setting(key, default)

    def set_setting(self, key: str, value: str) -> None:
        _settings.set_setting(key, value)

    def default_timezone(self) -> str:
        return _settings.default_timezone()

    def limit_page_cache(self, kib: int) -> None:
        """Cap this thread's connection's page cache (the window keeps little; its list process reads)."""
        self.db.execute_sql(f"PRAGMA cache_size = -{int(kib)}")

    # --- import runs (import_runs.py) -------------------------------------------------

    def start_import_run(self, inputs: list[str]) -> int:
        return import_runs.start(inputs)

    def interrupted_imports(self) -> list[ImportRun]:
        return import_runs.interrupted()

    def resumable_inputs(self) -> list[str]:
        return import_runs.resumable_inputs()

    def resume_import_run(self, run_id: int) -> list[str]:
        return import_runs.resume(run_id)

    def discard_import_run(self, run_id: int) -> None:
        import_runs.discard(run_id)

    def finish_import_run(self, run_id: int, status: str, counts: dict[str, int]) -> None:
        import_runs.finish(run_id, status, counts)

    def last_import_run(self) -> ImportRun | None:
        return import_runs.last()

    def last_import_run_with_posts(self) -> int | None:
        return import_runs.last_with_posts(self.db)

    def recent_post_ids(self) -> set[int]:
        return import_runs.recent_post_ids(self.db)

    # --- import writes (import_writes.py) ---------------------------------------------

    def ensure_archive(self, root: str, name: str, tz_name: str, permalink: Any, config: bytes | None) -> int:
        return import_writes.ensure_archive(root, name, tz_name, permalink, config)

    # --- archives and their settings (archive_rows.py, rederive.py) ----------------------------

    def archive_settings_of(self, root: str) -> tuple[str, str | None, bytes | None] | None:
        """(timezone, permalink, _config.yml bytes) of the archive imported from `root`, None when there is none."""
        return archive_rows.settings_of(self.db, root)

    def archive_list(self) -> list[archive_rows.ArchiveInfo]:
        return archive_rows.list_archives(self.db)

    def apply_limit_posts(self, archive_id: int) -> list[int]:
        """The archive's `limit_posts` applied over all its posts (after an import); returns those that changed."""
        with self.db.atomic("IMMEDIATE"):
            conn = self.db.connection()
            changed = self._limit_posts(conn, archive_id)
            self._after_posts_changed(conn, changed)
        return changed

    def _limit_posts(self, conn: Any, archive_id: int) -> list[int]:
        return rederive.limit_archive_posts(conn, archive_id)

    def rederive_archive(self, archive_id: int) -> list[int]:
        """Read the archive's posts again by its current settings, in one transaction; returns those that changed."""
        try:
            with self.db.atomic("IMMEDIATE"):
                conn = self.db.connection()
                changed = rederive.rederive_archive(conn, archive_id, int(time.time()), self._ids_for)
                changed = sorted(set(changed) | set(self._limit_posts(conn, archive_id)))
                self._after_posts_changed(conn, changed)
        except Exception:
            self._name_ids.clear()  # the rolled-back transaction may have held new names
            raise
        return changed

    def set_missing_category_names(self, names: dict[str, str]) -> None:
        import_writes.set_missing_category_names(self.db, names)
        self._name_ids.pop("category", None)

    def archive_state(self, archive_id: int) -> ArchiveState:
        return import_writes.archive_state(self.db, archive_id)

    def add_import_hook(self, hook: ImportHook) -> None:
        """Run `hook` inside every import batch's transaction from now on (the store does not know what it does)."""
        if hook not in self._import_hooks:
            self._import_hooks.append(hook)

    def take_import_notes(self) -> dict[str, int]:
        """What the import hooks did in the batches committed since the last call (the import report's lines)."""
        notes, self._import_notes = self._import_notes, {}
        return notes

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
            with self.db.atomic("IMMEDIATE"):
                conn = self.db.connection()
                changed = import_writes.write_batch(conn, inserts, updates, restores, run_id, now, self._ids_for)
                self._after_posts_changed(conn, changed)  # first: the hooks' searches see the batch as queued
                notes = [hook(conn, changed) for hook in self._import_hooks if changed]
        except Exception:
            self._name_ids.clear()  # the rolled-back transaction may have held new names
            raise
        for said in notes:  # only once committed
            for line, n in said.items():
                self._import_notes[line] = self._import_notes.get(line, 0) + n
        return changed

    # --- what every write shares ------------------------------------------------------

    def _ids_for(self, table: str, names: Iterable[Any]) -> dict[Any, int]:
        """Get or create rows of category/tag/stock by name; cached for the library's life (name_ids.py)."""
        return name_ids.ids_for(self.db, self._name_ids, table, names)

    def _after_posts_changed(self, conn: Any, post_ids: list[int]) -> None:
        """Hook for what must follow post changes in the same transaction (the search index queue).

        Queues the ids for the search index (core/search/index/); ids of posts
        deleted for good are queued too, so their index entries are dropped.
        """
        if post_ids:
            conn.executemany("INSERT INTO search_queue (post_id) VALUES (?)", [(int(i),) for i in post_ids])
            clusters.queue_posts(conn, post_ids)  # near-duplicate clusters (core/dedup/)
        self.journal.complete_in(conn)  # a journaled operation ends with this commit

    # --- reading posts (post_reads.py, post_order.py) ---------------------------------

    def count_posts(self, include_trashed: bool = False) -> int:
        return post_reads.count_posts(self.db, include_trashed)

    def post_ids(
        self,
        order: str = "date",
        descending: bool = True,
        limit: int | None = None,
        offset: int = 0,
        include_trashed: bool = False,
    ) -> list[int]:
        return post_order.post_ids(self.db, order, descending, limit, offset, include_trashed)

    def post_records(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        """Full records (the `--json` shape) for these ids, in the same order."""
        return post_reads.post_records(self.db, ids)

    def post_record(self, post_id: int) -> dict[str, Any]:
        records = self.post_records([post_id])
        if not records:
            raise KnownError(f"There is no post with id {post_id}.")
        return records[0]

    def post_raw(self, post_id: int) -> bytes:
        """The post's current bytes (a post with pending tag/category lines gets them written: pending.py)."""
        return post_reads.post_raw(self.db, post_id)

    def current_raws(self, items: Iterable[tuple[int, bytes]]) -> Iterator[tuple[int, bytes]]:
        """(id, current bytes) for (id, stored bytes) read from post_content, e.g. by the exporter."""
        return _pending.current_raws(self.db.connection(), items)

    def post_plain_text(self, post_id: int) -> str:
        return post_reads.post_plain_text(self.db, post_id)

    def stats(self) -> dict[str, Any]:
        return post_reads.stats(self.db, self.folder)

    def archives(self) -> list[Archive]:
        return post_reads.archives()

    def post_exists(self, post_id: int) -> bool:
        return post_reads.post_exists(post_id)

    # --- the window's list and sidebar (post_reads.py, post_order.py, facets.py) ------

    def post_rows(self, ids: Sequence[int]) -> list[PostRow]:
        """The list's columns for these ids, in the same order (missing ids left out)."""
        return post_reads.post_rows(self.db, ids)

    def first_post_ids(self, order: str, descending: bool, limit: int) -> list[int]:
        """The first `limit` untrashed posts in an indexed order (date, title, id), read from the index."""
        return post_order.first_post_ids(self.db, order, descending, limit)

    def all_post_ids(self, order: str, descending: bool) -> Sequence[int]:
        """Every untrashed post in an indexed order (date, title, id), read from the index."""
        return post_order.all_post_ids(self.db, order, descending)

    def order_ids(self, ids: Sequence[int], key: str, descending: bool = False) -> list[int]:
        """Sort ids by a list column the search does not sort by: tags, stocks, warnings."""
        return post_order.order_ids(self.db, ids, key, descending)

    def facets(self, one_per_story: bool = False) -> Facets:
        """The sidebar's entries with their post counts (each story once: `one_per_story`)."""
        return read_facets(self.db, one_per_story)

    # --- editing (post_edits.py) -------------------------------------------------------

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
        given, extra, removals = post_edits.requested(title, date, tags, categories, extra, remove_keys)
        if not given and not extra and not removals:
            return Changes()
        now = int(time.time())
        return self._write_edits(
            lambda conn: [self._edit_one(conn, pid, given, extra, removals, now) for pid in dict.fromkeys(post_ids)]
        )

    def revert(self, changes: Changes) -> Changes:
        """Undo `changes` (newest edit first): each post gets back its bytes, path and edited flag.

        Returns the Changes that redo them. Refused (KnownError, nothing changed)
        when a post was changed again since.
        """
        now = int(time.time())
        return self._write_edits(lambda conn: [self._revert_one(conn, edit, now) for edit in reversed(changes.edits)])

    def _write_edits(self, edit: Callable[[Any], Iterable[PostEdit | None]]) -> Changes:
        """Run `edit` on the connection in one IMMEDIATE transaction and queue the posts it edited."""
        try:
            with self.db.atomic("IMMEDIATE"):
                conn = self.db.connection()
                edits = [e for e in edit(conn) if e is not None]
                if edits:
                    self._after_posts_changed(conn, [e.post_id for e in edits])
        except Exception:
            self._name_ids.clear()  # the rolled-back transaction may have held new names
            raise
        return Changes.of(edits)

    def _edit_one(
        self, conn: Any, pid: int, given: dict[str, Any], extra: dict[str, Any], removals: tuple[str, ...], now: int
    ) -> PostEdit | None:
        return post_edits.edit_one(conn, pid, given, extra, removals, now, self._ids_for)

    def _revert_one(self, conn: Any, edit: PostEdit, now: int) -> PostEdit:
        return post_edits.revert_one(conn, edit, now, self._ids_for, self._name_ids.clear)
