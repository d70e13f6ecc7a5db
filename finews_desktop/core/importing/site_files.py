"""A whole site's other files: what an import keeps besides the posts, so that an export builds like the original.

When an input (a folder or a .zip) holds a whole Jekyll site, a site root with
its `_posts` inside the input, everything else the site is made of is kept byte
for byte: `_layouts`, `_includes`, `_sass`, `_data`, assets, pages, category
pages. Left out, as Jekyll leaves them out of a build or they are not the site:
the posts themselves (every `_posts` and `_drafts` folder: stored as posts), `_config.yml`
(stored with the archive), `_site`, hidden files and folders (`.git`,
`.jekyll-cache`, `.sass-cache`; `.htaccess` is kept, as Jekyll includes it),
and installed dependencies (`node_modules`, `vendor`). `Gemfile` and `Gemfile.lock`
are kept although Jekyll leaves them out of its output: they say which Jekyll and
plugins build the site (`bundle exec jekyll build`). Links are not followed
(Jekyll's safe mode does not).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from finews_desktop.core.content.postrow import SourceFile
from finews_desktop.core.filenames import original_name, stored_name
from finews_desktop.core.importing.sources import (
    MAX_DEPTH,
    MAX_POST_BYTES,
    ZipArchive,
    ZipMemberError,
    read_file_at_most,
)
from finews_desktop.core.messages import Message, message
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.site_files import archive_id_for_root, replace_site_files

MAX_SITE_FILE_BYTES = MAX_POST_BYTES  # one layout, stylesheet or image
MAX_SITE_BYTES = 512 * 1024 * 1024  # all of one site's other files
SKIPPED_DIRS = frozenset({"_posts", "_drafts", "_site", "node_modules", "vendor"})
SKIPPED_FILES = frozenset({"_config.yml"})
KEPT_HIDDEN = frozenset({".htaccess"})


@dataclass
class SiteFiles:
    """One site's other files as read, and what was left out for its size or could not be read."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    problems: list[tuple[str, Message]] = field(default_factory=list)  # (site-relative path, what is wrong)
    size: int = 0

    def add(self, rel: str, data: bytes | None) -> bool:
        """Keep one file; False once the site's total is reached (nothing more is read)."""
        if data is None:
            self.problems.append(
                (rel, message("site_file_too_large", path=rel, mb=MAX_SITE_FILE_BYTES // (1024 * 1024)))
            )
            return True
        if self.size + len(data) > MAX_SITE_BYTES:
            self.problems.append((rel, message("site_files_too_large", mb=MAX_SITE_BYTES // (1024 * 1024))))
            return False
        self.size += len(data)
        self.files.append((stored_name(rel), data))
        return True


def _skipped(name: str, is_dir: bool, top: bool) -> bool:
    if name.startswith(".") and name not in KEPT_HIDDEN:
        return True
    if is_dir:
        return name in SKIPPED_DIRS
    return top and name in SKIPPED_FILES


def whole_site_roots(inputs: Sequence[str | os.PathLike[str]], sources: Sequence[SourceFile]) -> list[str]:
    """The keys of the sites (as discovery names them) an input holds whole: the site root is the input
    folder or one below it (or a zip's root or a folder in it), and posts come from a `_posts` folder in it."""
    folders, zips = [], []
    for raw in inputs:
        path = Path(raw).expanduser().absolute()
        if path.suffix.lower() == ".zip" and path.is_file():
            zips.append(f"{path}!")
        elif path.is_dir() and path.name != "_posts":
            folders.append(str(path))
    roots: set[str] = set()
    for src in sources:
        key = src.site_root
        if key in roots:
            continue
        if not (src.site_path.startswith("_posts/") or "/_posts/" in src.site_path):
            continue
        shown = src.shown_path.replace("\\", "/")
        if not shown.endswith(src.site_path):  # a post put into _posts by the import, not by the site
            continue
        inside = any(key == f or key.startswith(f + os.sep) for f in folders) or any(
            key == z or key.startswith(z + "/") for z in zips
        )
        if inside:
            roots.add(key)
    return sorted(roots)


def read_site_files(key: str, other_roots: Sequence[str] = ()) -> SiteFiles:
    """The other files of the site discovery named `key` (a folder, or `<zip>!` / `<zip>!/<prefix>`);
    the roots of other sites inside it are left to them."""
    if os.path.isdir(original_name(key)):
        return _read_folder(original_name(key), [original_name(r) for r in other_roots])
    zip_path, bang, prefix = key.rpartition("!")
    if not bang:
        return SiteFiles()
    zip_path = original_name(zip_path)
    return _read_zip(zip_path, prefix.strip("/"), [r.rpartition("!")[2].strip("/") for r in other_roots])


def _read_folder(root: str, other_roots: Sequence[str]) -> SiteFiles:
    found = SiteFiles()
    others = {os.path.normpath(r) for r in other_roots} - {os.path.normpath(root)}
    for path, rel in _walk(root, "", 0, others):
        try:
            _size, data = read_file_at_most(path, MAX_SITE_FILE_BYTES)
        except OSError as exc:
            found.problems.append((rel, message("site_file_unreadable", path=rel, error=exc.strerror or str(exc))))
            continue
        if not found.add(rel, data):
            break
    return found


def _walk(folder: str, rel_dir: str, depth: int, others: set[str]) -> Iterator[tuple[str, str]]:
    """(path, site-relative path) of the regular files to keep below folder, in name order."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode):
            if _skipped(entry.name, True, not rel_dir) or depth >= MAX_DEPTH:
                continue
            if os.path.normpath(entry.path) in others:
                continue
            yield from _walk(entry.path, rel, depth + 1, others)
        elif stat.S_ISREG(st.st_mode) and not _skipped(entry.name, False, not rel_dir):
            yield entry.path, rel


def _safe_member(name: str) -> str | None:
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _read_zip(zip_path: str, prefix: str, other_prefixes: Sequence[str]) -> SiteFiles:
    found = SiteFiles()
    lead = f"{prefix}/" if prefix else ""
    others = [f"{p}/" for p in other_prefixes if p != prefix and p.startswith(lead)]
    try:
        archive = ZipArchive(zip_path)
    except (OSError, ValueError) as exc:
        found.problems.append(("", message("site_zip_unreadable", path=zip_path, error=str(exc))))
        return found
    with archive:
        for entry in sorted(archive.entries, key=lambda e: e.name):
            clean = _safe_member(entry.name)
            if clean is None or entry.name.endswith("/") or not clean.startswith(lead):
                continue
            if entry.mode and entry.mode != stat.S_IFREG:  # a link, a folder, a device
                continue
            if any(clean.startswith(o) for o in others):
                continue
            rel = clean[len(lead) :]
            parts = rel.split("/")
            if any(_skipped(p, True, i == 0) for i, p in enumerate(parts[:-1])):
                continue
            if _skipped(parts[-1], False, len(parts) == 1):
                continue
            try:
                data: bytes | None = archive.read(entry.name, MAX_SITE_FILE_BYTES)
            except ZipMemberError as exc:
                if exc.code != "zip_bomb" or entry.file_size <= MAX_SITE_FILE_BYTES:
                    found.problems.append((rel, message("site_file_refused", path=rel, why=exc.said)))
                    continue
                data = None
            except OSError as exc:
                found.problems.append((rel, message("site_file_unreadable", path=rel, error=str(exc))))
                continue
            if not found.add(rel, data):
                break
    return found


def keep_site_files(
    library: Library, inputs: Sequence[str | os.PathLike[str]], sources: Sequence[SourceFile]
) -> tuple[int, list[tuple[str, Message]]]:
    """Store the other files of every site the inputs hold whole (replacing what an earlier import of it
    stored); (files now kept, problems as (path, message))."""
    roots = whole_site_roots(inputs, sources)
    kept = 0
    problems: list[tuple[str, Message]] = []
    for key in roots:
        archive_id = archive_id_for_root(library.db, key)
        if archive_id is None:
            continue
        found = read_site_files(key, roots)
        replace_site_files(library.db, archive_id, found.files)
        kept += len(found.files)
        problems.extend(found.problems)
    return kept, problems
