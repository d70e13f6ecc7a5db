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
`resume` redoes an item with its recorded parameters, `discard` forgets it.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from finews_desktop.core.errors import KnownError

if TYPE_CHECKING:
    from finews_desktop.core.library import Library

log = logging.getLogger(__name__)

SESSION = f"{os.getpid()}-{secrets.token_hex(6)}"  # this process's rows are running, not interrupted
MARKER_SUFFIX = ".finews-export"
_TEMP_NAME = re.compile(r"^\..+\.([0-9a-f]{12})\.part$")

F = TypeVar("F", bound=Callable[..., Any])


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


# --- export temporary folders ----------------------------------------------------------------


def export_temp_path(destination: Path) -> tuple[Path, str]:
    """(the temporary path an export writes before moving it into place, its token)."""
    token = secrets.token_hex(6)
    return destination.parent / f".{destination.name}.{token}.part", token


def marker_path(temp: Path | str) -> Path:
    return Path(str(temp) + MARKER_SUFFIX)


def write_marker(temp: Path, token: str, created: bool) -> None:
    """The marker beside an export's temporary path: written before it exists, then once it does."""
    marker_path(temp).write_text(json.dumps({"token": token, "created": created, "pid": os.getpid()}))


def _read_marker(temp: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(marker_path(temp).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def remove_export_temp(temp: Path, token: str) -> str:
    """Remove an export's temporary path and marker if they are provably ours; says what was done."""
    match = _TEMP_NAME.match(temp.name)
    marker = _read_marker(temp)
    if not match or match.group(1) != token or not marker or marker.get("token") != token:
        if os.path.lexists(temp):
            return f"the temporary {temp} was left alone (it does not carry this export's marker)"
        return ""
    existed = os.path.lexists(temp)
    if temp.is_dir() and not temp.is_symlink():
        shutil.rmtree(temp, ignore_errors=True)
    elif existed:
        temp.unlink(missing_ok=True)
    marker_path(temp).unlink(missing_ok=True)
    return f"its temporary {temp} was removed" if existed else ""


# --- the journal --------------------------------------------------------------------------------


class Journal:
    """The `operation` rows of one library; `operation` journals a long operation."""

    def __init__(self, library: Library) -> None:
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

        A writer (who holds the lock, so no other process runs one) also removes
        the temporary files of killed exports here. A read-only library only lists.
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
            data = json.loads(params)
            outcome, finished = self._outcome(kind, data)
            items.append((started, Interrupted(str(rid), kind, description, started, data, outcome, finished)))
        items.sort(key=lambda pair: pair[0])
        return [item for _started, item in items]

    def _outcome(self, kind: str, params: dict[str, Any]) -> tuple[str, bool]:
        if kind == "curation":
            return "nothing was changed (SQLite rolled it back); resuming runs it again", False
        if kind == "index":
            return "the search index goes on from where it stopped; searches stay exact meanwhile", False
        if kind != "export":
            return "", False
        dest = params.get("destination", "")
        temp = Path(params.get("temp", ""))
        marker = _read_marker(temp) if params.get("temp") else None
        moved = bool(marker and marker.get("created")) and not os.path.lexists(temp)
        if moved:  # the files were moved into place; only the record was left
            if not self.library.readonly:
                marker_path(temp).unlink(missing_ok=True)
            return f"it had finished: {dest} is complete", True
        note = ""
        if not self.library.readonly and params.get("temp"):
            note = remove_export_temp(temp, params.get("token", ""))
        what = "nothing was added to" if params.get("merge") else "nothing was written to"
        return f"{what} {dest}" + (f"; {note}" if note else "") + "; resuming exports again", False

    def find(self, key: str) -> Interrupted:
        for item in self.interrupted():
            if item.key == key:
                return item
        raise KnownError(f"There is no interrupted operation {key!r} (see 'finews status').")

    def discard(self, item: Interrupted) -> None:
        """Forget an interrupted operation (an export's temporary files were already removed)."""
        self._require_writer()
        if item.kind == "import":
            self.library.discard_import_run(int(item.key.split("-", 1)[1]))
        else:
            with self.library.db.atomic():
                self.library.db.execute_sql("DELETE FROM operation WHERE id = ?", (int(item.key),))

    def resume(self, item: Interrupted, progress: Callable[[int, int, str], None] | None = None) -> Any:
        """Run an interrupted operation again with its recorded parameters; returns what that returns.

        Its journal row is replaced by the new run's in one transaction, so a
        kill during the resume leaves it listed again.
        """
        self._require_writer()
        lib = self.library
        if item.kind == "import":
            from finews_desktop.core.importer import Importer

            inputs = lib.resume_import_run(int(item.key.split("-", 1)[1]))
            return Importer(lib, progress=progress).run(inputs)
        if item.finished:
            self.discard(item)
            return None
        self._local.replaces = int(item.key)
        try:
            p = item.params
            if item.kind == "curation":
                from finews_desktop.core.curation import Curator

                return getattr(Curator(lib), p["method"])(*p["args"], **p["kwargs"])
            if item.kind == "export":
                from finews_desktop.core.exporter import Exporter, Selection

                return Exporter(
                    lib,
                    p["destination"],
                    Selection(**p["selection"]),
                    as_zip=p["as_zip"],
                    posts_only=p["posts_only"],
                    merge=p["merge"],
                    overwrite=p["overwrite"],
                    progress=progress,
                ).run()
            if item.kind == "index":
                from finews_desktop.core.search import index_for

                index = index_for(lib)
                show = (lambda done, total: progress(done, total, "")) if progress else None
                # a rebuild killed before it emptied the index starts again; one killed later goes on
                return index.rebuild(show) if p.get("rebuild") and index.state()[0] else index.catch_up(show)
            raise KnownError(f"This finews-desktop cannot resume a {item.kind!r} operation.")
        finally:
            replaced = getattr(self._local, "replaces", None)
            self._local.replaces = None
            if replaced is not None:  # the run did not journal itself (nothing to do): forget the old row
                with lib.db.atomic():
                    lib.db.execute_sql("DELETE FROM operation WHERE id = ?", (replaced,))

    def _require_writer(self) -> None:
        if self.library.readonly:
            raise KnownError("The library is open read-only; resume or discard in the instance that writes it.")


# --- curation steps -------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """JSON-ready arguments (iterables become lists), so that the same call can be made again."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    items = list(value)
    if all(type(v) is int or type(v) is str for v in items):  # post ids, names: the common case, kept cheap
        return items
    return [_plain(v) for v in items]


_CURATION_TEXT = {
    "rename": "Rename {0} {1} to {2}",
    "merge": "Merge {0}s {1} into {2}",
    "delete": "Delete {0} {1}",
    "add": "Add {0} {2} to {n1} posts",
    "remove": "Remove {0} {2} from {n1} posts",
    "set": "Set {0} {2} on {n1} posts",
    "trash": "Move {n0} posts to the trash",
    "restore": "Restore posts from the trash",
    "empty_trash": "Empty the trash",
    "add_to_collection": "Add {n1} posts to collection {0}",
    "remove_from_collection": "Remove {n1} posts from collection {0}",
    "delete_collection": "Delete collection {0}",
}


def describe_curation(method: str, args: list[Any]) -> str:
    shown = [", ".join(map(str, a)) if isinstance(a, list) else str(a) for a in args]
    counts = {f"n{i}": f"{len(a):,}" for i, a in enumerate(args) if isinstance(a, list)}
    try:
        return _CURATION_TEXT.get(method, method).format(*shown, **counts)
    except (IndexError, KeyError):
        return f"{method} {' '.join(shown)}"


def journaled(method: F) -> F:
    """Make a Curator method a journaled operation: its name and arguments are what resuming calls again."""
    name = method.__name__

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        args = tuple(_plain(a) for a in args)  # an iterator is read once, here
        kwargs = {k: _plain(v) for k, v in kwargs.items()}
        params = {"method": name, "args": list(args), "kwargs": kwargs}
        with self.lib.journal.operation("curation", describe_curation(name, list(args)), params):
            return method(self, *args, **kwargs)

    return run  # type: ignore[return-value]
