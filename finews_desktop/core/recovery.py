"""After a kill: what each interrupted operation left, and running it again or forgetting it.

The one module that knows every long operation (import, curation, export, index
build), so that the store, which keeps their records (`store/journal.py`), knows
none of them, and no operation imports another to be resumed.

Listing what was interrupted runs at every start of the app and of each `finews`
command, so the operations themselves are imported only when one is resumed
(nothing below this module imports it, so that makes no cycle).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from finews_desktop.core.errors import KnownError
from finews_desktop.core.exporting.tempfolder import marker_path, read_marker, remove_export_temp
from finews_desktop.core.store.journal import Interrupted
from finews_desktop.core.store.library import Library

Progress = Callable[[int, int, str], None]


def interrupted(library: Library) -> list[Interrupted]:
    """Operations of other sessions that never finished, oldest first, each saying what it left.

    A writer (who holds the lock, so no other process runs one) also removes the
    temporary files of killed exports here. A read-only library only lists.
    """
    items = []
    for item in library.journal.interrupted():
        outcome, finished = _outcome(library, item)
        items.append(dataclasses.replace(item, outcome=outcome, finished=finished))
    return items


def find(library: Library, key: str) -> Interrupted:
    for item in interrupted(library):
        if item.key == key:
            return item
    raise KnownError(f"There is no interrupted operation {key!r} (see 'finews status').")


def discard(library: Library, item: Interrupted) -> None:
    """Forget an interrupted operation (an export's temporary files were already removed when listed)."""
    library.journal.forget(item)


def resume(library: Library, item: Interrupted, progress: Progress | None = None) -> Any:
    """Run an interrupted operation again with its recorded parameters; returns what that returns."""
    library.journal.require_writer()
    if item.kind == "import":
        from finews_desktop.core.importing.importer import Importer

        inputs: list[str | os.PathLike[str]] = list(library.resume_import_run(int(item.key.split("-", 1)[1])))
        return Importer(library, progress=progress).run(inputs)
    if item.finished:
        discard(library, item)
        return None
    run = _RESUMERS.get(item.kind)
    if run is None:
        raise KnownError(f"This finews-desktop cannot resume a {item.kind!r} operation.")
    with library.journal.replacing(item):
        return run(library, item.params, progress)


def _resume_curation(library: Library, p: dict[str, Any], _progress: Progress | None) -> Any:
    from finews_desktop.core.curation.curator import Curator

    return getattr(Curator(library), p["method"])(*p["args"], **p["kwargs"])


def _resume_export(library: Library, p: dict[str, Any], progress: Progress | None) -> Any:
    from finews_desktop.core.exporting.exporter import Exporter
    from finews_desktop.core.exporting.selection import Selection

    return Exporter(
        library,
        p["destination"],
        Selection(**p["selection"]),
        **{name: p[name] for name in Exporter.OPTIONS if name in p},  # a record made before an option keeps its default
        progress=progress,
    ).run()


def _resume_index(library: Library, p: dict[str, Any], progress: Progress | None) -> Any:
    from finews_desktop.core.search.engine import index_for

    index = index_for(library)
    show = (lambda done, total: progress(done, total, "")) if progress else None
    # a rebuild killed before it emptied the index starts again; one killed later goes on
    return index.rebuild(show) if p.get("rebuild") and index.state()[0] else index.catch_up(show)


_RESUMERS: dict[str, Callable[[Library, dict[str, Any], Progress | None], Any]] = {
    "curation": _resume_curation,
    "export": _resume_export,
    "index": _resume_index,
}


def _outcome(library: Library, item: Interrupted) -> tuple[str, bool]:
    """(what the interruption left, in words; whether the work had in fact finished)."""
    if item.kind == "import":
        return item.outcome, False
    if item.kind == "curation":
        return "nothing was changed (SQLite rolled it back); resuming runs it again", False
    if item.kind == "index":
        return "the search index goes on from where it stopped; searches stay exact meanwhile", False
    if item.kind != "export":
        return "", False
    params = item.params
    dest = params.get("destination", "")
    temp = Path(params.get("temp", ""))
    marker = read_marker(temp) if params.get("temp") else None
    moved = bool(marker and marker.get("created")) and not os.path.lexists(temp)
    if moved:  # the files were moved into place; only the record was left
        if not library.readonly:
            marker_path(temp).unlink(missing_ok=True)
        return f"it had finished: {dest} is complete", True
    note = ""
    if not library.readonly and params.get("temp"):
        note = remove_export_temp(temp, params.get("token", ""))
    what = "nothing was added to" if params.get("merge") else "nothing was written to"
    return f"{what} {dest}" + (f"; {note}" if note else "") + "; resuming exports again", False
