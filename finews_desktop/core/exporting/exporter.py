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
import struct
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from finews_desktop.core.errors import KnownError
from finews_desktop.core.exporting import writing
from finews_desktop.core.exporting.notes import with_note_key
from finews_desktop.core.exporting.plan import (
    Namespace,
    Planned,
    category_page,
    minimal_config,
    path_form,
    post_renamed,
    rename_reason,
)
from finews_desktop.core.exporting.report import ExportReport, NotBuilt, NotExported, RenamedFile
from finews_desktop.core.exporting.selection import Selection, select_post_ids
from finews_desktop.core.exporting.target_names import (
    PORTABLE,
    NameRules,
    Probe,
    fit_path,
    fit_post_path,
    folder_rules,
    make_file,
    zip_rules,
)
from finews_desktop.core.exporting.tempfolder import export_temp_path, marker_path, write_marker
from finews_desktop.core.filenames import original_name
from finews_desktop.core.importing.sources import zip_entry_info
from finews_desktop.core.jekyll.post import folder_categories, is_draft_path
from finews_desktop.core.messages import Message, message
from finews_desktop.core.store import export_reads as reads
from finews_desktop.core.store import notes as stored_notes
from finews_desktop.core.store import site_files as stored_site_files
from finews_desktop.core.store.library import Library

ProgressCallback = Callable[[int, int, str], None]

WRITER_THREADS = min(3, os.cpu_count() or 2)  # file creation overlaps with reading rows
_WRITE_BATCH = 128
_FATAL_REASONS = frozenset({"fatal_date", "fatal_slug", "fatal_name"})


class Exporter:
    """One export run. Call `run`; `cancel` may be called from any thread."""

    # How to export, as keyword arguments: what the journal records, so a resumed export runs as asked.
    OPTIONS = ("as_zip", "posts_only", "merge", "overwrite", "site_files", "portable_names", "note_key")

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
        note_key: str = "",
        progress: ProgressCallback | None = None,
        should_cancel: Callable[[], bool] | None = None,
        name_probe: Probe = make_file,
    ) -> None:
        self.library = library
        self.selection = selection or Selection()
        dest = Path(destination).expanduser()
        self._draft_times: dict[str, int] = {}  # a draft's exported path -> its stored date (its file time)
        self.as_zip = bool(as_zip) or dest.suffix.lower() == ".zip"
        if self.as_zip and dest.suffix.lower() != ".zip":
            dest = dest.with_name(dest.name + ".zip")
        self.destination = Path(os.path.abspath(dest))
        self.posts_only, self.merge, self.overwrite = posts_only, merge, overwrite
        self.site_files = site_files  # None: with the whole library only
        self.portable_names = portable_names  # names Windows and macOS can hold, wherever the target is
        self.note_key = note_key  # '': notes stay out of the posts; else each noted post's front matter key
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
        name_max, path_max = writing.path_limits(dest.parent)
        name_bytes, path_bytes = writing.nbytes(dest.name), writing.nbytes(str(dest))
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
            raise KnownError(writing.link_message(dest))
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
        temp, token = export_temp_path(writing.temp_base(self.destination))
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

    def options(self) -> dict[str, Any]:
        """This run's `OPTIONS` and their values."""
        return {name: getattr(self, name) for name in self.OPTIONS}

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
            **self.options(),
            "temp": str(temp),
            "token": token,
        }

    def _run(self, report: ExportReport, started: float, temp: Path, token: str) -> ExportReport:
        lib = self.library
        with lib.db.atomic():  # one consistent snapshot of the library
            ids = select_post_ids(lib, self.selection)
            rows = self._post_rows(ids)
            if not self.as_zip:  # files are written below the temporary folder, then the destination
                longest = max(writing.nbytes(str(self.destination)), writing.nbytes(os.path.realpath(temp)))
                self._limits = (*writing.path_limits(self.destination.parent), longest + 1)
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
        probes = os.path.join(tmp, writing.PROBE_FOLDER)
        os.mkdir(probes, 0o700)
        return folder_rules(probes, self.name_probe)

    def _write_and_place(
        self,
        report: ExportReport,
        plan: Callable[[NameRules], list[Planned]],
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
                    shutil.rmtree(os.path.join(tmp, writing.PROBE_FOLDER), ignore_errors=True)
            write = self._write_zip if self.as_zip else self._write_folder
            self._draft_times = self._drafts_times(planned)
            if not write(tmp, planned, ids, len(planned)):
                report.cancelled = True
                return False
            if self.as_zip:
                os.replace(tmp, self.destination)
                tmp = None
                report.written = [p.rel for p in planned]
            elif self.merge and self.destination.is_dir():
                writing.merge_into(tmp, self.destination, planned, report, overwrite=self.overwrite)
                moved = True
            else:
                if os.name == "posix":  # private while written; then as the umask says
                    os.chmod(tmp, writing.new_folder_mode(tmp))
                writing.move_folder(tmp, self.destination)
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
                writing.remove(tmp)
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
            size = writing.nbytes(part)
            if size > name_max:
                return message("export_name_too_long", part=part, size=size, over=size - name_max, limit=name_max)
        size = base + writing.nbytes(rel)
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
    ) -> list[Planned]:
        """Every file to write, each at a distinct path the target holds: the site around the posts, then the posts."""
        names = Namespace(rules.key())
        planned: list[Planned] = []
        if not self.posts_only:
            planned.append(Planned(names.claim("_config.yml", None)[0], None, self._config(rows, report)))
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
        names: Namespace,
        report: ExportReport,
        rules: NameRules,
    ) -> list[Planned]:
        """The other files of the posts' sites (layouts, includes, assets, pages), byte for byte as imported;
        where two sites hold the same path, the site whose _config.yml is written keeps it."""
        db = self.library.db
        wanted = stored_site_files.archives_with_site_files(db)
        if ids is not None:
            used = {r[1] for r in rows}
            wanted = [a for a in wanted if a in used]
        main = self._main_archive(rows)
        wanted.sort(key=lambda a: (a != main, a))
        planned: list[Planned] = []
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
                    report.renamed.append(RenamedFile(path, got, rename_reason(rules), said=why or path_form()))
                planned.append(Planned(got, None, data))
                report.site_files.append(got)
        return planned

    def _plan_category_pages(
        self, ids: list[int] | None, names: Namespace, report: ExportReport, rules: NameRules
    ) -> list[Planned]:
        """A page per category with a display name, unless the site's own page is written at its path."""
        planned: list[Planned] = []
        for slug, title in reads.category_names(self.library.db, ids):
            name, why = rules.fit(slug + ".html")
            wanted = f"category/{name}"
            if names.key(wanted) in names.files and wanted in report.site_files:
                continue  # the site's own page, byte for byte
            got, _ = names.claim(wanted, None)
            if got != wanted:
                report.renamed.append(RenamedFile(f"category/{slug}.html", got, "collision"))
            elif why is not None:
                report.renamed.append(RenamedFile(f"category/{slug}.html", got, rename_reason(rules), said=why))
            planned.append(Planned(got, None, category_page(slug, title)))
        return planned

    def _plan_posts(
        self, rows: list[tuple[Any, ...]], names: Namespace, report: ExportReport, rules: NameRules
    ) -> list[Planned]:
        planned: list[Planned] = []
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
                report.renamed.append(
                    RenamedFile(path, got, rename_reason(rules), pid, said=post_renamed(path, got, why))
                )
            if got != path:
                old_cats, new_cats = folder_categories(path), folder_categories(got)
                if old_cats != new_cats:
                    key = ("/".join(old_cats), "/".join(new_cats))
                    moved_folders[key] = moved_folders.get(key, 0) + 1
            planned.append(Planned(got, pid))
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

    def _files(self, planned: list[Planned], ids: list[int] | None) -> Iterator[tuple[str, bytes]]:
        by_post = {p.post_id: p.rel for p in planned if p.post_id is not None}
        notes = stored_notes.notes_of(self.library.db, list(by_post)) if self.note_key else {}
        for p in planned:
            if p.post_id is None:
                assert p.data is not None
                yield p.rel, p.data
        for pid, raw in self.library.current_raws(
            reads.stored_raws(self.library.db, ids)
        ):  # pending tag/category lines written
            rel = by_post.get(pid)
            if rel is not None:
                yield rel, with_note_key(raw, self.note_key, notes[pid]) if pid in notes else raw

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

    def _write_folder(self, tmp: str, planned: list[Planned], ids: list[int] | None, total: int) -> bool:
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
                        pending.append(pool.submit(writing.write_files, batch))
                        batch = []
                        while len(pending) >= 2 * WRITER_THREADS or (pending and pending[0].done()):
                            done += pending.popleft().result()
                            if not self._tick(done, total, rel, last):
                                return False
                if batch:
                    pending.append(pool.submit(writing.write_files, batch))
                while pending:
                    done += pending.popleft().result()
                    if not self._tick(done, total, planned[-1].rel if planned else "", last):
                        return False
            finally:
                for future in pending:
                    future.cancel()
        self._date_drafts(root)
        return True

    def _drafts_times(self, planned: list[Planned]) -> dict[str, int]:
        """path written -> stored date of each draft: Jekyll dates a draft without a date by its file's
        modification time, so the exported file carries the time it was imported with."""
        drafts = {p.post_id: p.rel for p in planned if p.post_id is not None and is_draft_path(p.rel)}
        if not drafts:
            return {}
        return {drafts[pid]: date for pid, date in reads.drafts_dates(self.library.db, list(drafts)).items()}

    def _date_drafts(self, root: str) -> None:
        for rel, date in self._draft_times.items():
            os.utime(os.path.join(root, *original_name(rel).split("/")), (date, date), follow_symlinks=False)

    def _write_zip(self, tmp: str, planned: list[Planned], ids: list[int] | None, total: int) -> bool:
        stamp = time.localtime()[:6]
        last = [0.0]
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for done, (rel, data) in enumerate(self._files(planned, ids), 1):
                when = self._draft_times.get(rel)
                info = zip_entry_info(rel, stamp if when is None else time.localtime(when)[:6])  # original name bytes
                if when is not None:  # and the exact time, as unzip's extended timestamp (what the import reads)
                    info.extra = struct.pack("<HHBl", 0x5455, 5, 1, when)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, bytes(data))
                if not self._tick(done, total, rel, last):
                    return False
        return True


def export_posts(
    library: Library, destination: str | os.PathLike[str], selection: Selection | None = None, **kwargs: Any
) -> ExportReport:
    """Export posts to a folder or a .zip; see Exporter for the options."""
    return Exporter(library, destination, selection, **kwargs).run()
