"""WAL checkpoints on a thread of their own while a long write (an import) commits batch after batch."""

from __future__ import annotations

import sqlite3
import threading
from typing import TYPE_CHECKING

from finews_desktop.core.paths import library_file

if TYPE_CHECKING:
    from finews_desktop.core.store.library import Library

CHECKPOINT_WAL_BYTES = 64 << 20  # a batch leaving a WAL this large starts a background checkpoint


class BackgroundCheckpoints:
    """Copies the WAL into the database on a thread of its own while an import writes.

    A checkpoint ends with an fsync of the database file; run by the writer
    itself (SQLite's auto-checkpoint), each stopped the import for a quarter
    of a second: ~12 s of 28 for 100,000 posts on a 490 MB/s disk. A PASSIVE
    checkpoint on another connection lets batches go on being committed
    meanwhile, and the writer starts the WAL over once a checkpoint has
    caught up, so it stays near `CHECKPOINT_WAL_BYTES`. Durability is
    unchanged: every batch is still its own committed transaction.
    """

    def __init__(self, library: Library) -> None:
        self.library = library
        self.path = library_file(library.folder)
        self.wal = self.path.with_name(self.path.name + "-wal")
        self.state = threading.Condition()
        self.batches = 0  # batches written, and of them those the thread has looked at since
        self.seen = 0
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name="import-checkpoints", daemon=True)

    def __enter__(self) -> BackgroundCheckpoints:
        if not self.library.readonly:
            db = self.library.db
            self.before = int(db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0])
            db.execute_sql("PRAGMA wal_autocheckpoint = 0")
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.thread.is_alive():
            with self.state:
                self.stopping = True
                self.state.notify_all()
            self.thread.join()
            self.library.db.execute_sql(f"PRAGMA wal_autocheckpoint = {self.before}")

    def batch_written(self) -> None:
        with self.state:
            self.batches += 1
            self.state.notify_all()

    def caught_up(self, timeout: float) -> bool:
        """Wait until the thread has looked at every batch written so far (tests; a slow disk in the field)."""
        with self.state:
            return self.state.wait_for(lambda: self.seen >= self.batches or not self.thread.is_alive(), timeout)

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            while True:
                with self.state:
                    self.state.wait_for(lambda: self.stopping or self.batches > self.seen)
                    if self.stopping:
                        return
                    upto = self.batches
                try:
                    if self.wal.stat().st_size >= CHECKPOINT_WAL_BYTES:
                        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except (OSError, sqlite3.Error):
                    pass  # the writer's auto-checkpoint is back at the end; nothing depends on this one
                with self.state:
                    self.seen = upto
                    self.state.notify_all()
        finally:
            conn.close()
