"""The operations journal: what a long operation was doing when its process died, and how to redo it.

A long operation (a curation step over many posts, an export, a search index
build) writes a committed `operation` row (migration v3) before its work, with
what redoing it needs as JSON. The row goes away in the same transaction as
the work's commit (`Library._after_posts_changed` calls `complete_in`), or
right after the work for what is not one library transaction (an export's
files, the index file); an operation that fails or is cancelled removes it too,
since whoever started it was told. So a row written by another session is an
operation whose process was killed: the writer's lock means no other process
is running one. Interrupted imports keep their own record (`import_run`) and
are shown here the same way.

What a kill left behind: a curation step was rolled back by SQLite (nothing
changed); an export's destination was never half-written, and its temporary
folder is removed here when it is provably ours (its recorded name and the
marker file written before it); an index build goes on from where it stopped.
What each interruption left and how to redo it is `finews_desktop.core.recovery`'s:
the store keeps the records and knows no operation.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from finews_desktop.core.errors import KnownError


class JournalHost(Protocol):
    """What the journal needs of the library that owns it (the library module imports this one)."""

    db: Any
    readonly: bool

    def interrupted_imports(self) -> list[Any]: ...

    def discard_import_run(self, run_id: int) -> None: ...


log = logging.getLogger(__name__)

SESSION = f"{os.getpid()}-{secrets.token_hex(6)}"  # this process's rows are running, not interrupted


@dataclass(frozen=True)
class Interrupted:
    """One operation that did not finish, as the front ends show it."""

    key: str  # what `finews resume KEY` takes: "7" (a journal row), "import-3" (an import run)
    kind: str  # import | curation | export | index
    description: str
    started_at: int
    params: dict[str, Any] = field(default_factory=dict)
    outcome: str = ""  # what the interruption left, in words
    finished: bool = False  # the work was done; only the record was left (resume just forgets it)


# --- the journal --------------------------------------------------------------------------------


class Journal:
    """The `operation` rows of one library; `operation` journals a long operation."""

    def __init__(self, library: JournalHost) -> None:
        self.library = library
        self._local = threading.local()  # the operation under way on this thread (its connection)

    @contextmanager
    def operation(self, kind: str, description: str, params: dict[str, Any]) -> Iterator[int | None]:
        """Journal the work done inside: a committed row before, none after (whatever the outcome).

        Nested operations are one (the outer one is journaled); a read-only
        library journals nothing. Yields the row id (None when not journaled).
        """
        lib = self.library
        db = lib.db
        if lib.readonly or getattr(self._local, "entry", None) is not None or db.in_transaction():
            yield None
            return
        replaces = getattr(self._local, "replaces", None)
        self._local.replaces = None
        with db.atomic("IMMEDIATE"):  # the new row and the end of the one it resumes, together
            entry = db.execute_sql(
                "INSERT INTO operation (kind, description, params, started_at, session) VALUES (?, ?, ?, ?, ?)",
                (kind, description, json.dumps(params, ensure_ascii=False), int(time.time()), SESSION),
            ).lastrowid
            if replaces is not None:
                db.execute_sql("DELETE FROM operation WHERE id = ?", (replaces,))
        self._local.entry = entry
        try:
            yield entry
        finally:
            self._local.entry = None
            try:
                if not db.in_transaction():
                    db.execute_sql("DELETE FROM operation WHERE id = ?", (entry,))
            except Exception:  # the work's own error matters more; the row is reported next time
                log.exception("could not close the journal entry %s", entry)

    def complete_in(self, conn: Any) -> None:
        """In the transaction that commits the operation's work: its row goes with that commit."""
        entry = getattr(self._local, "entry", None)
        if entry is not None:
            conn.execute("DELETE FROM operation WHERE id = ?", (entry,))

    # --- what was interrupted

    def interrupted(self) -> list[Interrupted]:
        """Operations of other sessions that never finished, oldest first, with interrupted imports.

        The records as written; what each interruption left (`Interrupted.outcome`) is
        for finews_desktop.core.recovery to say, which knows every operation.
        """
        lib = self.library
        items: list[tuple[int, Interrupted]] = []
        for run in lib.interrupted_imports():
            inputs = json.loads(run.inputs)
            shown = ", ".join(inputs[:3]) + (" …" if len(inputs) > 3 else "")
            items.append(
                (
                    run.started_at,
                    Interrupted(
                        f"import-{run.id}",
                        "import",
                        f"Import {shown}",
                        run.started_at,
                        {"inputs": inputs},
                        "every post it wrote is complete; resuming imports the rest",
                    ),
                )
            )
        rows = lib.db.execute_sql(
            "SELECT id, kind, description, params, started_at FROM operation WHERE session <> ? ORDER BY id",
            (SESSION,),
        ).fetchall()
        for rid, kind, description, params, started in rows:
            items.append((started, Interrupted(str(rid), kind, description, started, json.loads(params))))
        items.sort(key=lambda pair: pair[0])
        return [item for _started, item in items]

    def forget(self, item: Interrupted) -> None:
        """Remove an interrupted operation's record (finews_desktop.core.recovery decides when)."""
        self.require_writer()
        if item.kind == "import":
            self.library.discard_import_run(int(item.key.split("-", 1)[1]))
        else:
            with self.library.db.atomic():
                self.library.db.execute_sql("DELETE FROM operation WHERE id = ?", (int(item.key),))

    @contextmanager
    def replacing(self, item: Interrupted) -> Iterator[None]:
        """Run an interrupted operation again: the new run's row replaces the old one in one transaction
        (a kill during the resume leaves it listed again); a run that journals nothing forgets it."""
        self._local.replaces = int(item.key)
        try:
            yield
        finally:
            replaced = getattr(self._local, "replaces", None)
            self._local.replaces = None
            if replaced is not None:
                with self.library.db.atomic():
                    self.library.db.execute_sql("DELETE FROM operation WHERE id = ?", (replaced,))

    def require_writer(self) -> None:
        if self.library.readonly:
            raise KnownError("The library is open read-only; resume or discard in the instance that writes it.")
