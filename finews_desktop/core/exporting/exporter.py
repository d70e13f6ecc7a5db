"""Library posts out to a Jekyll archive (a folder or a .zip), returning an ExportReport.

Every post is written with the bytes the library holds (byte for byte as
imported, unless it was edited here) at its site path (`_posts/…` or
`<folder>/_posts/…`), under its own name byte for byte wherever the target can hold it
(target_names.py: probed for a folder; "portable names" for Windows and macOS).
Around the posts go the archive's `_config.yml` and a `category/<slug>.html`
page per category with a display name. Everything is written to a temporary
folder next to the destination and moved into place only when complete, so a
cancelled or failed export leaves nothing half-written.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from finews_desktop.core.errors import KnownError
from finews_desktop.core.exporting.target_names import (
    MAX_NAME_BYTES,
    PORTABLE,
    NameRules,
    Probe,
    fit_bytes,
    fit_path,
    fit_post_path,
    folder_rules,
    key_folded,
    make_file,
    name_slug,
    split_ext,
    zip_rules,
)
from finews_desktop.core.exporting.tempfolder import export_temp_path, marker_path, write_marker
from finews_desktop.core.filenames import original_name
from finews_desktop.core.importing.sources import zip_entry_info
from finews_desktop.core.jekyll.frontmatter import render_scalar
from finews_desktop.core.jekyll.post import folder_categories
from finews_desktop.core.messages import Message, message
from finews_desktop.core.store import export_reads as reads
from finews_desktop.core.store import site_files as stored_site_files
from finews_desktop.core.store.library import Library

ProgressCallback = Callable[[int, int, str], None]

PATH_MAX = 4096  # bytes of a path with its closing NUL, where the file system does not say
WRITER_THREADS = min(3, os.cpu_count() or 2)  # file creation overlaps with reading rows
_WRITE_BATCH = 128
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
_FATAL_REASONS = frozenset({"fatal_date", "fatal_slug", "fatal_name"})
_PROBE_FOLDER = ".finews-name-probe"  # made in the staging folder, removed before a file is written


# --- the report ---------------------------------------------------------------------


@dataclass
class RenamedFile:
    """A file written under another name than its own: the target cannot hold it, portable names were
    asked for, or another file took it."""

    original: str
    written: str
    reason: str  # target_name | portable_name | collision
    post_id: int | None = None  # None for a category page
    collided_with: int | None = None  # the post that kept the name, when there was one
    said: Message | None = None  # why, and what it changes (a post's slug), for the window's language


@dataclass
class ExportConflict:
    """A file a merge did not write: the destination holds a different file (or a link, or a folder) there."""

    path: str
    reason: str
    post_id: int | None = None


@dataclass
class NotExported:
    """A post left out of a folder export: its path there would be longer than the file system allows."""

    post_id: int
    path: str  # the post's path in the library
    would_be: str  # the path it would have had, relative to the destination
    reason: str
    said: Message | None = None  # the reason as a catalogue message, for the window's language


@dataclass
class NotBuilt:
    """An exported post Jekyll will not put in site.posts (or that aborts the whole build)."""

    post_id: int
    path: str
    skip_reason: str | None
    aborts_build: bool
    warnings: list[dict[str, str]]


@dataclass
class ExportReport:
    destination: str = ""
    written: list[str] = field(default_factory=list)
    unchanged_skipped: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)
    renamed: list[RenamedFile] = field(default_factory=list)
    conflicts: list[ExportConflict] = field(default_factory=list)
    not_built: list[NotBuilt] = field(default_factory=list)
    not_exported: list[NotExported] = field(default_factory=list)
    site_files: list[str] = field(default_factory=list)  # a site's other files planned (layouts, assets, …)
    notes: list[str] = field(default_factory=list)
    said_notes: list[Message] = field(default_factory=list)  # the notes as catalogue messages, for the window
    post_ids: list[int] = field(default_factory=list)
    paths: dict[int, str] = field(default_factory=dict)  # post id -> path written, relative to the destination
    cancelled: bool = False
    seconds: float = 0.0

    def note(self, said: Message) -> None:
        """A note in English (`notes`, the command line's) and as a message (`said_notes`, the window's)."""
        self.notes.append(said.text)
        self.said_notes.append(said)

    def counts(self) -> dict[str, int]:
        return {
            "posts": len(self.post_ids),
            "written": len(self.written),
            "unchanged_skipped": len(self.unchanged_skipped),
            "overwritten": len(self.overwritten),
            "renamed": len(self.renamed),
            "conflicts": len(self.conflicts),
            "not_built": len(self.not_built),
            "aborts_build": sum(1 for n in self.not_built if n.aborts_build),
            "not_exported": len(self.not_exported),
            "site_files": len(self.site_files),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "destination": self.destination,
            "counts": self.counts(),
            "cancelled": self.cancelled,
            "seconds": round(self.seconds, 3),
            "written": self.written,
            "unchanged_skipped": self.unchanged_skipped,
            "overwritten": self.overwritten,
            "renamed": [{**asdict(r), "said": r.said.to_json() if r.said else None} for r in self.renamed],
            "conflicts": [asdict(c) for c in self.conflicts],
            "not_built": [asdict(n) for n in self.not_built],
            "not_exported": [{**asdict(n), "said": n.said.to_json() if n.said else None} for n in self.not_exported],
            "site_files": self.site_files,
            "notes": self.notes,
        }


# --- what to export -----------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """Which posts: ids, a search, a collection, a category (slug or display name) or a tag.

    Several given means the posts matching all of them; none means the whole
    library. Posts in the trash are never exported.
    """

    ids: Sequence[int] | None = None
    query: str | None = None
    collection: str | None = None
    category: str | None = None
    tag: str | None = None

    @property
    def whole_library(self) -> bool:
        return self.ids is None and not self.query and not self.collection and not self.category and not self.tag


def select_post_ids(library: Library, selection: Selection) -> list[int] | None:
    """The ids a selection names (None: the whole library), in id order, trashed posts left out."""
    if selection.whole_library:
        return None
    db = library.db
    sets: list[set[int]] = []
    if selection.ids is not None:
        wanted = [int(i) for i in selection.ids]
        found = reads.existing_post_ids(db, wanted)
        missing = [i for i in wanted if i not in found]
        if missing:
            shown = ", ".join(str(i) for i in missing[:10]) + (" …" if len(missing) > 10 else "")
            raise KnownError(f"There is no post with id {shown}.")
        sets.append(found)
    if selection.query:
        try:
            from finews_desktop.core.search.engine import search
        except ImportError as exc:  # pragma: no cover - until the search module lands
            raise KnownError(
                "Search is not available in this build; export by ids, collection, category or tag."
            ) from exc
        sets.append(set(search(library, selection.query).ids))
    if selection.collection:
        sets.append(reads.collection_post_ids(db, selection.collection))
    if selection.category:
        sets.append(reads.category_post_ids(db, selection.category))
    if selection.tag:
        sets.append(reads.tag_post_ids(db, selection.tag))
    chosen = set.intersection(*sets) if sets else set()
    return sorted(chosen - reads.trashed_post_ids(db))


# --- safe names -----------------------------------------------------------------------


def safe_name(name: str) -> str:
    """One path segment that every common file system accepts and that means no folder but itself."""
    return PORTABLE.fit(name)[0]


def safe_post_path(site_path: str) -> str:
    """A post's path in a portable export: its site path, segment by segment made safe, below a `_posts`."""
    return fit_post_path(site_path, PORTABLE)[0]


def _with_number(name: str, n: int) -> str:
    stem, ext = split_ext(name)
    return fit_bytes(stem, f"-{n}{ext}")


class _Namespace:
    """The files and folders planned so far; hands out distinct paths (distinct as the target tells names apart)."""

    def __init__(self, key: Callable[[str], str] = key_folded) -> None:
        self.key = key
        self.files: set[str] = set()  # keys
        self.dirs: set[str] = set()  # keys
        self.folded_dirs: dict[str, str] = {}  # folded key -> first spelling (one folder on Windows and macOS)
        self.spelled_dirs: set[str] = set()  # folders whose every ancestor is registered
        self.owner: dict[str, int | None] = {}
        self.case_notes: set[tuple[str, str]] = set()

    def _free(self, path: str) -> bool:
        key = self.key(path)
        if key in self.files or key in self.dirs:
            return False
        parts = key.split("/")
        if len(parts) > 1 and "/".join(parts[:-1]) in self.dirs:
            return True  # a known folder: no file is on its way
        return not any("/".join(parts[:i]) in self.files for i in range(1, len(parts)))

    def claim(self, wanted: str, post_id: int | None) -> tuple[str, int | None]:
        """(path given, id of the post that holds `wanted` when it was taken)."""
        path = wanted
        if not self._free(path):
            folder, _, name = path.rpartition("/")
            parts = folder.split("/") if folder else []
            if any(self.key("/".join(parts[: i + 1])) in self.files for i in range(len(parts))):
                folder = "_posts" if post_id is not None else ""
            n = 2
            while True:
                candidate = f"{folder}/{_with_number(name, n)}" if folder else _with_number(name, n)
                if self._free(candidate):
                    path = candidate
                    break
                n += 1
        key = self.key(path)
        self.files.add(key)
        self.owner[key] = post_id
        folder = path.rpartition("/")[0]
        if folder and folder not in self.spelled_dirs:
            parts = folder.split("/")
            for i in range(1, len(parts) + 1):
                spelled = "/".join(parts[:i])
                self.dirs.add(self.key(spelled))
                first = self.folded_dirs.setdefault(key_folded(spelled), spelled)
                if first != spelled:
                    self.case_notes.add((first, spelled))
            self.spelled_dirs.add(folder)
        return path, (self.owner.get(self.key(wanted)) if path != wanted else None)


def category_page(slug: str, title: str) -> bytes:
    """A category page shaped like the finews site's `category/*.html` (front matter only)."""
    return f"---\nlayout: category\ntitle: {render_scalar(title)}\ncategory: {render_scalar(slug)}\n---".encode()


def minimal_config(tz_name: str) -> bytes:
    return f"timezone: {render_scalar(tz_name)}\n".encode()


# --- the export -------------------------------------------------------------------------


@dataclass
class _Planned:
    rel: str
    post_id: int | None
    data: bytes | None = None  # site files carry their bytes; posts are read from the library


class Exporter:
    """One export run. Call `run`; `cancel` may be called from any thread."""

    def __init__(
        self,
        library: Library,
        destination: str | os.PathLike[str],
        selection: Selection | None = None,
        *,
        as_zip: bool | None = None,
        posts_only: bool = False,
        merge: bool = False,
        overwrite: bool = False,
        site_files: bool | None = None,
        portable_names: bool = False,
        progress: ProgressCallback | None = None,
        should_cancel: Callable[[], bool] | None = None,
        name_probe: Probe = make_file,
    ) -> None:
        self.library = library
        self.selection = selection or Selection()
        dest = Path(destination).expanduser()
        self.as_zip = bool(as_zip) or dest.suffix.lower() == ".zip"
        if self.as_zip and dest.suffix.lower() != ".zip":
            dest = dest.with_name(dest.name + ".zip")
        self.destination = Path(os.path.abspath(dest))
        self.posts_only, self.merge, self.overwrite = posts_only, merge, overwrite
        self.site_files = site_files  # None: with the whole library only
        self.portable_names = portable_names  # names Windows and macOS can hold, wherever the target is
        self.name_probe = name_probe  # how a folder's file system is asked which names it takes
        self.progress = progress
        self.should_cancel = should_cancel or (lambda: False)
        self._cancelled = False
        self._limits: tuple[int, int, int] | None = None  # NAME_MAX, PATH_MAX, bytes before a file's path

    def cancel(self) -> None:
        self._cancelled = True

    def _stop_requested(self) -> bool:
        return self._cancelled or self.should_cancel()

    # --- checks before anything is read or written

    def _check_destination(self) -> None:
        dest = self.destination
        name_max, path_max = _path_limits(dest.parent)
        name_bytes, path_bytes = _nbytes(dest.name), _nbytes(str(dest))
        if name_bytes > name_max:
            raise KnownError(
                f"The name {dest.name} is {name_bytes:,} bytes long, {name_bytes - name_max:,} more than "
                f"the {name_max} a file name may have here."
            )
        if path_bytes >= path_max:
            raise KnownError(
                f"The path {dest} is {path_bytes:,} bytes long, {path_bytes - path_max + 1:,} more than "
                f"the {path_max - 1:,} a path may have here."
            )
        if os.path.islink(dest) and not self.as_zip and not (self.merge and dest.is_dir()):
            raise KnownError(_link_message(dest))
        if self.as_zip:
            if self.merge:
                raise KnownError("--merge adds files to a folder; it does not work with a .zip.")
            if dest.is_dir():
                raise KnownError(f"{dest} is a folder, not a .zip file.")
            if os.path.lexists(dest) and not self.overwrite:
                raise KnownError(f"{dest} already exists; use --overwrite to replace it.")
            return
        if os.path.lexists(dest) and not dest.is_dir():
            raise KnownError(f"{dest} exists and is not a folder.")
        if dest.is_dir() and not self.merge:
            try:
                empty = next(os.scandir(dest), None) is None
            except OSError as exc:
                raise KnownError(f"Cannot read the folder {dest}: {exc.strerror or exc}.") from exc
            if not empty:
                raise KnownError(
                    f"{dest} is not empty. Choose a new or empty folder, or use --merge to add the files to it."
                )

    # --- the run

    def run(self) -> ExportReport:
        started = time.monotonic()
        report = ExportReport(destination=str(self.destination))
        self._check_destination()
        # journaled (core/store/journal.py): a kill leaves a record, and the temporary path is
        # named there and marked before it exists, so the next start can remove it safely
        temp, token = export_temp_path(_temp_base(self.destination))
        try:
            with self.library.journal.operation("export", self._description(), self._params(temp, token)):
                return self._run(report, started, temp, token)
        finally:
            marker_path(temp).unlink(missing_ok=True)

    def _description(self) -> str:
        s = self.selection
        named = (("collection", s.collection), ("search", s.query), ("category", s.category), ("tag", s.tag))
        parts = [f"{k} {v}" for k, v in named if v]
        if s.ids is not None:
            parts.insert(0, f"{len(s.ids):,} chosen posts")
        return f"Export {'; '.join(parts) or 'the whole library'} to {self.destination}"

    def _params(self, temp: Path, token: str) -> dict[str, Any]:
        s = self.selection
        return {
            "destination": str(self.destination),
            "selection": {
                "ids": None if s.ids is None else [int(i) for i in s.ids],
                "query": s.query,
                "collection": s.collection,
                "category": s.category,
                "tag": s.tag,
            },
            "as_zip": self.as_zip,
            "posts_only": self.posts_only,
            "merge": self.merge,
            "overwrite": self.overwrite,
            "site_files": self.site_files,
            "portable_names": self.portable_names,
            "temp": str(temp),
            "token": token,
        }

    def _run(self, report: ExportReport, started: float, temp: Path, token: str) -> ExportReport:
        lib = self.library
        with lib.db.atomic():  # one consistent snapshot of the library
            ids = select_post_ids(lib, self.selection)
            rows = self._post_rows(ids)
            if not self.as_zip:  # files are written below the temporary folder, then the destination
                longest = max(_nbytes(str(self.destination)), _nbytes(os.path.realpath(temp)))
                self._limits = (*_path_limits(self.destination.parent), longest + 1)
            parent = self.destination.parent
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise KnownError(f"Cannot create the folder {parent}: {exc.strerror or exc}.") from exc
            written = self._write_and_place(
                report, lambda rules: self._plan(rows, ids, report, rules), ids, temp, token
            )
        return self._finish(report, started, written=written)

    def _name_rules(self, tmp: str) -> NameRules:
        """The names the target holds: portable ones when asked, a zip's, or those the staging folder's
        file system takes (probed in a folder of its own there, removed before anything is written)."""
        if self.portable_names:
            return PORTABLE
        if self.as_zip:
            return zip_rules()
        probes = os.path.join(tmp, _PROBE_FOLDER)
        os.mkdir(probes, 0o700)
        return folder_rules(probes, self.name_probe)

    def _write_and_place(
        self,
        report: ExportReport,
        plan: Callable[[NameRules], list[_Planned]],
        ids: list[int] | None,
        temp: Path,
        token: str,
    ) -> bool:
        """Plan the names once the target can be asked which it holds, write every file to the temporary
        path, then move it into place (or merge it); False when cancelled.

        The marker beside the temporary path says, at each step, whether a missing temporary path was
        moved into place or removed, so that the next start cleans up only what is ours.
        """
        tmp: str | None = None
        moved = False
        try:
            write_marker(temp, token, created=False)  # the marker first: the next start knows it is ours
            if self.as_zip:
                os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # as the umask says
            else:
                os.mkdir(temp, 0o700)
            tmp = str(temp)
            write_marker(temp, token, created=True)  # from now on, a missing temp means moved into place
            try:
                planned = plan(self._name_rules(tmp))
            finally:
                if not self.as_zip:
                    shutil.rmtree(os.path.join(tmp, _PROBE_FOLDER), ignore_errors=True)
            write = self._write_zip if self.as_zip else self._write_folder
            if not write(tmp, planned, ids, len(planned)):
                report.cancelled = True
                return False
            if self.as_zip:
                os.replace(tmp, self.destination)
                tmp = None
                report.written = [p.rel for p in planned]
            elif self.merge and self.destination.is_dir():
                self._merge_into(tmp, planned, report)
                moved = True
            else:
                if os.name == "posix":  # private while written; then as the umask says
                    os.chmod(tmp, _new_folder_mode(tmp))
                self._move_folder(tmp)
                tmp = None
                report.written = [p.rel for p in planned]
        except OSError as exc:
            where = f" ({self._named(exc.filename, temp)})" if exc.filename else ""
            raise KnownError(
                f"The export failed: {exc.strerror or exc}{where}. Nothing was written to {self.destination}."
                if not (self.merge and report.written)
                else f"The export failed while merging: {exc.strerror or exc}{where}."
            ) from exc
        finally:
            if tmp is not None:
                if not moved:
                    write_marker(temp, token, created=False)  # gone because removed, not moved
                _remove(tmp)
        return True

    def _named(self, filename: Any, temp: Path) -> str:
        """A path an error names, with the temporary folder's name replaced by the destination's."""
        name = os.fsdecode(filename)
        for prefix in (str(temp), os.path.realpath(temp)):
            if name == prefix or name.startswith(prefix + os.sep):
                return str(self.destination) + name[len(prefix) :]
        return name

    def _too_long(self, rel: str) -> Message | None:
        """Why `rel` cannot be written in the destination folder (None: it can)."""
        if self._limits is None:
            return None
        name_max, path_max, base = self._limits
        if base + len(rel) * 4 < path_max and len(rel) * 4 <= name_max:
            return None  # surely short enough, without encoding it
        for part in rel.split("/"):
            size = _nbytes(part)
            if size > name_max:
                return message("export_name_too_long", part=part, size=size, over=size - name_max, limit=name_max)
        size = base + _nbytes(rel)
        if size >= path_max:
            return message("export_path_too_long", size=size, over=size - path_max + 1, limit=path_max - 1)
        return None

    def _finish(self, report: ExportReport, started: float, written: bool) -> ExportReport:
        if not written:
            report.written, report.unchanged_skipped, report.overwritten, report.conflicts = [], [], [], []
            report.paths = {}
        report.seconds = time.monotonic() - started
        return report

    def _post_rows(self, ids: list[int] | None) -> list[tuple[Any, ...]]:
        rows = reads.post_rows(self.library.db, ids)
        rows.sort(key=lambda r: (r[3], r[0]))  # originals (copy 0) keep their names, oldest first
        return rows

    def _plan(
        self, rows: list[tuple[Any, ...]], ids: list[int] | None, report: ExportReport, rules: NameRules
    ) -> list[_Planned]:
        """Every file to write, each at a distinct path the target holds: the site around the posts, then the posts."""
        names = _Namespace(rules.key())
        planned: list[_Planned] = []
        if not self.posts_only:
            planned.append(_Planned(names.claim("_config.yml", None)[0], None, self._config(rows, report)))
            if self._with_site_files(ids):
                planned.extend(self._plan_site_files(rows, ids, names, report, rules))
            planned.extend(self._plan_category_pages(ids, names, report, rules))
        planned.extend(self._plan_posts(rows, names, report, rules))
        for first, other in sorted(names.case_notes):
            report.note(message("export_case_folders", first=first, other=other))
        report.post_ids.sort()
        return planned

    def _with_site_files(self, ids: list[int] | None) -> bool:
        """The site's other files go out when asked, and by default with the whole library."""
        return self.site_files if self.site_files is not None else ids is None

    def _plan_site_files(
        self,
        rows: list[tuple[Any, ...]],
        ids: list[int] | None,
        names: _Namespace,
        report: ExportReport,
        rules: NameRules,
    ) -> list[_Planned]:
        """The other files of the posts' sites (layouts, includes, assets, pages), byte for byte as imported;
        where two sites hold the same path, the site whose _config.yml is written keeps it."""
        db = self.library.db
        wanted = stored_site_files.archives_with_site_files(db)
        if ids is not None:
            used = {r[1] for r in rows}
            wanted = [a for a in wanted if a in used]
        main = self._main_archive(rows)
        wanted.sort(key=lambda a: (a != main, a))
        planned: list[_Planned] = []
        taken: dict[str, bytes] = {}
        for archive_id in wanted:
            for _aid, path, data in stored_site_files.site_files(db, [archive_id]):
                if names.key(path) in taken:
                    if taken[names.key(path)] != data:
                        report.note(message("export_site_file_differs", path=path))
                    continue
                taken[names.key(path)] = data
                safe, why = fit_path(path, rules)
                safe = safe or "_"
                too_long = self._too_long(safe)
                if too_long is not None:
                    report.note(message("export_site_file_too_long", path=path, why=too_long))
                    continue
                got, _holder = names.claim(safe, None)
                if got != safe:
                    report.renamed.append(RenamedFile(path, got, "collision"))
                elif got != path:
                    report.renamed.append(RenamedFile(path, got, _reason(rules), said=why or _path_form()))
                planned.append(_Planned(got, None, data))
                report.site_files.append(got)
        return planned

    def _plan_category_pages(
        self, ids: list[int] | None, names: _Namespace, report: ExportReport, rules: NameRules
    ) -> list[_Planned]:
        """A page per category with a display name, unless the site's own page is written at its path."""
        planned: list[_Planned] = []
        for slug, title in reads.category_names(self.library.db, ids):
            name, why = rules.fit(slug + ".html")
            wanted = f"category/{name}"
            if names.key(wanted) in names.files and wanted in report.site_files:
                continue  # the site's own page, byte for byte
            got, _ = names.claim(wanted, None)
            if got != wanted:
                report.renamed.append(RenamedFile(f"category/{slug}.html", got, "collision"))
            elif why is not None:
                report.renamed.append(RenamedFile(f"category/{slug}.html", got, _reason(rules), said=why))
            planned.append(_Planned(got, None, category_page(slug, title)))
        return planned

    def _plan_posts(
        self, rows: list[tuple[Any, ...]], names: _Namespace, report: ExportReport, rules: NameRules
    ) -> list[_Planned]:
        planned: list[_Planned] = []
        moved_folders: dict[tuple[str, str], int] = {}
        for pid, _archive, path, _copy, builds, skip_reason, warnings in rows:
            wanted, why = fit_post_path(path, rules)
            too_long = self._too_long(wanted)
            if too_long is not None:
                report.not_exported.append(NotExported(pid, path, wanted, too_long.text, too_long))
                continue
            got, holder = names.claim(wanted, pid)
            too_long = self._too_long(got)  # a number added to a name taken
            if too_long is not None:
                report.not_exported.append(NotExported(pid, path, got, too_long.text, too_long))
                continue
            if got != wanted:
                report.renamed.append(RenamedFile(path, got, "collision", pid, holder))
            elif got != path:
                report.renamed.append(RenamedFile(path, got, _reason(rules), pid, said=_post_renamed(path, got, why)))
            if got != path:
                old_cats, new_cats = folder_categories(path), folder_categories(got)
                if old_cats != new_cats:
                    key = ("/".join(old_cats), "/".join(new_cats))
                    moved_folders[key] = moved_folders.get(key, 0) + 1
            planned.append(_Planned(got, pid))
            report.post_ids.append(pid)
            report.paths[pid] = got
            if not builds:
                report.not_built.append(
                    NotBuilt(pid, got, skip_reason, skip_reason in _FATAL_REASONS, json.loads(warnings or "[]"))
                )
        for (old, new), count in sorted(moved_folders.items()):
            report.note(message("export_moved_folder", count=count, old=old, new=new))
        return planned

    @staticmethod
    def _main_archive(rows: list[tuple[Any, ...]]) -> int | None:
        """The archive most of the posts come from (the lowest id on a tie): its _config.yml is written."""
        counts: dict[int, int] = {}
        for r in rows:
            counts[r[1]] = counts.get(r[1], 0) + 1
        return max(counts, key=lambda a: (counts[a], -a)) if counts else None

    def _config(self, rows: list[tuple[Any, ...]], report: ExportReport) -> bytes:
        counts: dict[int, int] = {}
        for r in rows:
            counts[r[1]] = counts.get(r[1], 0) + 1
        archives = reads.archives(self.library.db)
        if not counts:
            counts = {aid: 0 for aid in archives}
        if not counts:
            return minimal_config(self.library.default_timezone())
        main = max(counts, key=lambda a: (counts[a], -a))
        root, tz_name, config = archives[main]
        others = [archives[a] for a in counts if a != main]
        if others:
            zones = sorted({tz for _r, tz, _c in others if tz != tz_name})
            if zones:
                said = message(
                    "export_archives_zones", count=len(counts), root=root, tz=tz_name, zones=", ".join(zones)
                )
            else:
                said = message("export_archives", count=len(counts), root=root)
            report.note(said)
        return bytes(config) if config else minimal_config(tz_name)

    def _files(self, planned: list[_Planned], ids: list[int] | None) -> Iterator[tuple[str, bytes]]:
        by_post = {p.post_id: p.rel for p in planned if p.post_id is not None}
        for p in planned:
            if p.post_id is None:
                assert p.data is not None
                yield p.rel, p.data
        for pid, raw in self.library.current_raws(
            reads.stored_raws(self.library.db, ids)
        ):  # pending tag/category lines written
            rel = by_post.get(pid)
            if rel is not None:
                yield rel, raw

    def _tick(self, done: int, total: int, rel: str, last: list[float]) -> bool:
        """Report progress now and then (every call when `done` moves in batches); False to stop."""
        if done & 63 == 0 or done == total or done % _WRITE_BATCH == 0:
            now = time.monotonic()
            if self.progress and (now - last[0] > 0.1 or done == total):
                last[0] = now
                self.progress(done, total, rel)
            if self._stop_requested():
                return False
        return not self._cancelled

    def _write_folder(self, tmp: str, planned: list[_Planned], ids: list[int] | None, total: int) -> bool:
        """Write every file below tmp; False when cancelled.

        This thread reads the rows and makes the folders; a few writer threads
        create the files (file creation is the slow part, and the GIL is
        released while the kernel works).
        """
        made: set[str] = set()
        root = os.path.realpath(tmp)
        last = [0.0]
        done = 0
        batch: list[tuple[str, bytes]] = []
        pending: deque[Future[int]] = deque()
        with ThreadPoolExecutor(max_workers=WRITER_THREADS, thread_name_prefix="export-writer") as pool:
            try:
                for rel, data in self._files(planned, ids):
                    folder, _, _name = rel.rpartition("/")
                    if folder not in made:
                        full_dir = os.path.join(root, *original_name(folder).split("/")) if folder else root
                        if os.path.commonpath([root, os.path.realpath(full_dir)]) != root:  # cannot happen
                            raise KnownError(f"Refusing to write {rel!r} outside the export folder.")
                        os.makedirs(full_dir, exist_ok=True)
                        made.add(folder)
                    batch.append((os.path.join(root, *original_name(rel).split("/")), data))
                    if len(batch) >= _WRITE_BATCH:
                        pending.append(pool.submit(_write_files, batch))
                        batch = []
                        while len(pending) >= 2 * WRITER_THREADS or (pending and pending[0].done()):
                            done += pending.popleft().result()
                            if not self._tick(done, total, rel, last):
                                return False
                if batch:
                    pending.append(pool.submit(_write_files, batch))
                while pending:
                    done += pending.popleft().result()
                    if not self._tick(done, total, planned[-1].rel if planned else "", last):
                        return False
            finally:
                for future in pending:
                    future.cancel()
        return True

    def _write_zip(self, tmp: str, planned: list[_Planned], ids: list[int] | None, total: int) -> bool:
        stamp = time.localtime()[:6]
        last = [0.0]
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for done, (rel, data) in enumerate(self._files(planned, ids), 1):
                info = zip_entry_info(rel, stamp)  # a name that was not UTF-8: its original bytes
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, bytes(data))
                if not self._tick(done, total, rel, last):
                    return False
        return True

    def _move_folder(self, tmp: str) -> None:
        dest = self.destination
        if dest.is_dir():
            try:
                dest.rmdir()  # empty (checked); a rename cannot replace a folder everywhere
            except OSError as exc:
                raise KnownError(f"{dest} is no longer empty; nothing was written to it.") from exc
        try:
            os.rename(tmp, dest)
        except OSError as exc:
            raise KnownError(f"Cannot move the export into place at {dest}: {exc.strerror or exc}.") from exc

    def _merge_into(self, tmp: str, planned: list[_Planned], report: ExportReport) -> None:
        dest = str(self.destination)
        real_dest = os.path.realpath(dest)
        for p in planned:
            parts = original_name(p.rel).split("/")
            src = os.path.join(tmp, *parts)
            target = os.path.join(dest, *parts)
            blocked = _blocked_parent(dest, parts[:-1])
            if blocked is not None:
                report.conflicts.append(
                    ExportConflict(p.rel, f"{blocked} is a file or a link, not a folder", p.post_id)
                )
                continue
            if os.path.commonpath([real_dest, os.path.realpath(os.path.dirname(target))]) != real_dest:
                report.conflicts.append(ExportConflict(p.rel, "the folder leads outside the destination", p.post_id))
                continue
            try:
                st = os.lstat(target)
            except FileNotFoundError:
                st = None
            if st is not None:
                if not stat.S_ISREG(st.st_mode):
                    report.conflicts.append(
                        ExportConflict(p.rel, "a folder or a link of that name is there", p.post_id)
                    )
                    continue
                if _same_file_content(src, target, st.st_size):
                    report.unchanged_skipped.append(p.rel)
                    continue
                if not self.overwrite:
                    report.conflicts.append(
                        ExportConflict(p.rel, "a different file is there (use --overwrite to replace it)", p.post_id)
                    )
                    continue
                os.replace(src, target)
                report.overwritten.append(p.rel)
                report.written.append(p.rel)
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if _place_new(src, target):
                report.written.append(p.rel)
            else:
                report.conflicts.append(ExportConflict(p.rel, "a file appeared there during the export", p.post_id))


def _reason(rules: NameRules) -> str:
    """The code a renamed file is listed under: portable names asked for, or the target's own rules."""
    return "portable_name" if rules is PORTABLE else "target_name"


def _path_form() -> Message:
    return message("export_why_path_form")


def _post_renamed(path: str, written: str, why: Message | None) -> Message:
    """Why a post was written under another name, and the slug (so the URL) Jekyll then gives it."""
    why = why or _path_form()
    old, new = name_slug(path.rpartition("/")[2]), name_slug(written.rpartition("/")[2])
    return why if old == new else message("export_renamed_slug", why=why, old=old, new=new)


def _path_limits(folder: Path) -> tuple[int, int]:
    """(NAME_MAX, PATH_MAX) of the file system at folder (or its nearest existing parent): the most
    bytes a name may have, and the bytes of a path with its closing NUL. 255 and 4096 where unknown."""
    here = folder
    while not here.exists() and here != here.parent:
        here = here.parent
    limits = [MAX_NAME_BYTES, PATH_MAX]
    for i, key in enumerate(("PC_NAME_MAX", "PC_PATH_MAX")):
        try:
            value = os.pathconf(here, key)
        except (AttributeError, OSError, ValueError):  # no pathconf (Windows), or no answer
            continue
        if value and value > 0:
            limits[i] = min(limits[i], value)
    return limits[0], limits[1]


def _nbytes(text: str) -> int:
    """The bytes of a name or path as the file system gets it."""
    try:
        return len(os.fsencode(original_name(text)))  # a stored name that was not UTF-8: its own bytes
    except UnicodeEncodeError:  # a lone surrogate: never a name on disk, counted generously
        return len(text.encode("utf-8", "surrogatepass"))


def _temp_base(dest: Path) -> Path:
    """dest, its name cut so that the temporary path beside it (".NAME.TOKEN.part": 19 bytes more) is
    no longer than dest where it can be (a path that fits one fits the other), and that path's marker
    (14 bytes more again) has a name a file system accepts even when dest's has 255 bytes."""
    budget = min(max(_nbytes(dest.name) - 19, 1), MAX_NAME_BYTES - 33)
    name = dest.name
    while _nbytes(name) > budget and len(name) > 1:
        name = name[:-1]
    return dest if name == dest.name else dest.with_name(name)


def _link_message(dest: Path) -> str:
    """What a destination that is a link leads to, for a new-folder export (which would replace the link)."""
    target = os.path.realpath(dest)
    if not os.path.lexists(target):
        return f"{dest} is a link to {os.readlink(dest)}, which does not exist. Choose a folder, or a new name."
    if os.path.isdir(target):
        try:
            empty = next(os.scandir(target), None) is None
        except OSError:
            empty = False
        what = "the empty folder" if empty else "the folder"
        return (
            f"{dest} is a link to {what} {target}. Export to {target} itself, or use --merge to add the "
            "files to the folder the link leads to; an export never replaces a link."
        )
    return f"{dest} is a link to {target}, which is not a folder. Choose a folder, or a new name."


def _new_folder_mode(inside: str) -> int:
    """The mode a folder made now gets (0o777 less the umask, and what the parent passes on), read from
    one made inside `inside`: the umask cannot be read without setting it, which other threads would see.
    The probe has the name probes have while names are planned, which no exported file takes."""
    probe = os.path.join(inside, _PROBE_FOLDER)
    os.mkdir(probe)
    try:
        return stat.S_IMODE(os.stat(probe).st_mode)
    finally:
        os.rmdir(probe)


def _write_files(batch: list[tuple[str, bytes]]) -> int:
    """Create each file (never over an existing one, never through a link) with its bytes."""
    for path, data in batch:
        fd = os.open(path, _CREATE_FLAGS, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    return len(batch)


def _blocked_parent(dest: str, folders: list[str]) -> str | None:
    here = dest
    for i, name in enumerate(folders):
        here = os.path.join(here, name)
        try:
            st = os.lstat(here)
        except FileNotFoundError:
            return None
        if not stat.S_ISDIR(st.st_mode):
            return "/".join(folders[: i + 1])
    return None


def _same_file_content(a: str, b: str, b_size: int) -> bool:
    if os.path.getsize(a) != b_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 16), fb.read(1 << 16)
            if x != y:
                return False
            if not x:
                return True


def _place_new(src: str, target: str) -> bool:
    """Move src to target without ever replacing a file that is there; False if one is."""
    try:
        os.link(src, target)
    except FileExistsError:
        return False
    except OSError:  # no hard links here (FAT, some network shares): copy exclusively instead
        try:
            with open(src, "rb") as fin, open(target, "xb") as fout:
                shutil.copyfileobj(fin, fout)
        except FileExistsError:
            return False
        return True
    os.unlink(src)
    return True


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def export_posts(
    library: Library, destination: str | os.PathLike[str], selection: Selection | None = None, **kwargs: Any
) -> ExportReport:
    """Export posts to a folder or a .zip; see Exporter for the options."""
    return Exporter(library, destination, selection, **kwargs).run()
