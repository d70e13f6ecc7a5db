"""Watched folders imported: `sync` (every watched folder once: `finews sync`, a cron job) and one
folder's changes (the window's watcher), both through the one import path (core/importing/).

A folder is imported whole by `sync` (unchanged files are recognised by their hash) and
file by file after a change; either way its row names the run, and counts the post files
gone from it (their posts stay in the library, as a re-import leaves them).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from finews_desktop.core.errors import KnownError
from finews_desktop.core.importing.importer import Importer, ImportReport
from finews_desktop.core.store import watches
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.watches import WatchedFolder
from finews_desktop.core.watching.folders import is_post_path
from finews_desktop.core.watching.queries import attach


def folder_key(path: str | os.PathLike[str]) -> str:
    """How a watched folder is stored: absolute, without a trailing separator (links kept as given)."""
    return os.path.abspath(os.path.expanduser(os.fspath(path)))


def add(library: Library, path: str | os.PathLike[str]) -> tuple[str, bool]:
    """Watch a folder (it must exist); (its stored path, whether it is new)."""
    key = folder_key(path)
    if not os.path.isdir(key):
        raise KnownError(f"{key} is not a folder.")
    return key, watches.add_folder(library.db, key, int(time.time()))


def remove(library: Library, path: str | os.PathLike[str]) -> str:
    """Stop watching a folder (its posts stay in the library)."""
    key = folder_key(path)
    if not watches.remove_folder(library.db, key):
        raise KnownError(f"{key} is not watched.")
    return key


def folders(library: Library) -> list[WatchedFolder]:
    return watches.folders(library.db)


@dataclass(frozen=True)
class FolderImport:
    folder: str
    report: ImportReport | None
    removed: int = 0
    problem: str = ""  # why the folder was not imported (gone, not readable)


def import_folder(
    library: Library,
    folder: str,
    changed: Sequence[str] | None = None,
    removed: int | None = None,
    **importer: Any,
) -> FolderImport:
    """Import a watched folder whole (`changed` None) or these files of it; record the run on its row.
    `importer` goes to the Importer (progress, on_batch, should_cancel, workers)."""
    attach(library)
    if not os.path.isdir(folder):
        return FolderImport(folder, None, problem=f"{folder} is not there any more.")
    gone = _gone_post_files(library, folder) if removed is None else removed
    paths: list[str | os.PathLike[str]] = [folder] if changed is None else list(changed)
    report = Importer(library, **importer).run(paths) if paths else None
    run_id = report.run_id if report is not None else None
    if run_id is not None:
        watches.record_folder_run(library.db, folder, run_id, gone)
    return FolderImport(folder, report, gone)


def record_run(library: Library, folder: str, run_id: int | None) -> None:
    """A whole-folder import of a watched folder made elsewhere (the window's): its row names the run."""
    if run_id is not None:
        watches.record_folder_run(library.db, folder, run_id, _gone_post_files(library, folder))


def sync(library: Library, **importer: Any) -> list[FolderImport]:
    """Import every watched folder once, in path order."""
    return [import_folder(library, w.path, **importer) for w in folders(library)]


def _gone_post_files(library: Library, folder: str) -> int:
    """How many posts of the folder's archive have no file there any more (the library keeps them)."""
    root = Path(folder)
    paths = watches.archive_post_paths(library.db, str(root))
    return sum(1 for p in paths if not (root / p).is_file() and is_post_path(folder, str(root / p)))
