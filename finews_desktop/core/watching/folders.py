"""What a change in a watched folder means: which paths are post files, and each folder's changes
gathered until it is quiet (debounce.py), then released as one import of the files that are there.

A file gone from the folder is not deleted from the library: a re-import of a folder
never deletes the posts of files it no longer finds (core/importing/), and neither does
watching it. The batch counts them, so the sidebar can say so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import PurePath

from finews_desktop.core.watching.debounce import Clock, Debouncer

POST_SUFFIXES = frozenset({".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".mdwn", ".html", ".htm", ".textile"})
NEVER_INSIDE = frozenset({"_site", "node_modules", "vendor", ".jekyll-cache", ".sass-cache"})


def is_post_path(folder: str, path: str) -> bool:
    """A file under a `_posts` folder of the watched folder, with a post's extension, not hidden
    and not in a build output or dependencies (a git checkout's `.git` changes on every pull)."""
    prefix = os.path.join(folder, "")
    if path.startswith(prefix):  # as watchdog gives them: under the folder as watched (the quick way)
        parts = tuple(p for p in path[len(prefix) :].split(os.sep) if p)
    else:
        try:
            parts = PurePath(os.path.relpath(path, folder)).parts
        except ValueError:  # another drive (Windows)
            return False
    if not parts or parts[0] == os.pardir or os.pardir in parts:
        return False
    if any(p.startswith(".") or p in NEVER_INSIDE for p in parts):
        return False
    return "_posts" in parts[:-1] and os.path.splitext(parts[-1])[1].lower() in POST_SUFFIXES


@dataclass(frozen=True)
class FolderBatch:
    """One watched folder's changes, due for one import: files there now, and files gone."""

    folder: str
    changed: tuple[str, ...]
    removed: tuple[str, ...]


class FolderChanges:
    """Changes of post files in watched folders, each folder released once quiet (Debouncer)."""

    def __init__(self, quiet: float = 2.0, longest: float = 30.0, clock: Clock | None = None) -> None:
        self.quiet, self.longest = quiet, longest
        self.clock = clock
        self._pending: dict[str, Debouncer] = {}

    def note(self, folder: str, path: str, is_post: bool = False) -> bool:
        """A file under `folder` was created, changed, moved or deleted; False when it is no post file
        (`is_post`: the caller has looked already, as the window's observer threads do)."""
        if not is_post and not is_post_path(folder, path):
            return False
        debouncer = self._pending.get(folder)
        if debouncer is None:
            kwargs = {} if self.clock is None else {"clock": self.clock}
            debouncer = self._pending[folder] = Debouncer(self.quiet, self.longest, **kwargs)
        debouncer.note(path)
        return True

    def forget(self, folder: str) -> None:
        self._pending.pop(folder, None)

    def waiting(self) -> bool:
        return any(d.waiting() for d in self._pending.values())

    def due_in(self) -> float | None:
        """Seconds until some folder is due (None when nothing waits)."""
        times = [t for d in self._pending.values() if (t := d.due_in()) is not None]
        return min(times) if times else None

    def take_due(self) -> list[FolderBatch]:
        """The folders quiet long enough, each with its files sorted into there and gone."""
        return [sort_changes(folder, paths) for folder, paths in self.take_due_paths()]

    def take_due_paths(self) -> list[tuple[str, list[str]]]:
        """The folders quiet long enough, each with its changed paths, not yet sorted (sort_changes looks at
        each file: after a git pull, thousands, which the window leaves to another thread)."""
        out = []
        for folder, debouncer in list(self._pending.items()):
            paths = debouncer.take_due()
            if not paths:
                continue
            del self._pending[folder]
            out.append((folder, paths))
        return out


def sort_changes(folder: str, paths: list[str]) -> FolderBatch:
    """A folder's changed paths sorted into the files there now and the files gone."""
    there = tuple(p for p in paths if os.path.isfile(p))
    gone = tuple(p for p in paths if not os.path.lexists(p))
    return FolderBatch(folder, there, gone)
