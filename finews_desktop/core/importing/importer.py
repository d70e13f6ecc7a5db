"""Files, folders and zips into the library, returning an ImportReport.

Reading and parsing (core/prepare.py) is a pure function of a file, so it can run in
worker processes; writing happens on the calling thread in batches, one
transaction each, so an interrupted import leaves every post either complete
or absent. One bad file never stops a run: its problem goes into the report.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import peewee

from finews_desktop.core.content.postrow import PreparedPost
from finews_desktop.core.content.search_text import HandedTexts
from finews_desktop.core.errors import DiskFullError, LibraryError
from finews_desktop.core.importing import sources
from finews_desktop.core.importing.prepare import few_collections, prepare_wire, run_wire_chunk
from finews_desktop.core.importing.site_files import keep_site_files
from finews_desktop.core.importing.sources import (
    Discovery,
    SourceFile,
    ZipArchive,
    ZipMemberError,
    as_text,
    discover,
)
from finews_desktop.core.jekyll import post as jekyll
from finews_desktop.core.jekyll.archive_rules import archive_settings, zone_name
from finews_desktop.core.jekyll.site_reader import SiteReader
from finews_desktop.core.messages import Message, message, stored_warning
from finews_desktop.core.store.checkpoints import BackgroundCheckpoints
from finews_desktop.core.store.library import Library

DuplicatePolicy = Literal["auto", "skip", "update", "keep-both"]
ProgressCallback = Callable[[int, int, str], None]

BATCH_SIZE = 2000  # posts per transaction: each commit rewrites the pages all batches share (index roots, last leaves)
POOL_THRESHOLD = 2000  # below this many files, worker processes cost more than they save
MAX_SITE_VALUE_CHARS = 4096  # a _config.yml's timezone or permalink longer than this is not used
# problems found while listing that mean the file was not imported
SKIPPED_CODES = frozenset(
    {
        "not_a_post",
        "unsafe_zip_member",
        "zip_link",
        "zip_bomb",
        "zip_overlap",
        "broken_link",
        "link",
        "link_outside",
        "not_a_file",
    }
)


@dataclass
class ImportProblem:
    """A file the report tells of: `code` the reason, `message` in English (the command line's),
    `said` the same as a catalogue message when known (the window words it in the user's language)."""

    path: str
    code: str
    message: str
    level: Literal["warning", "error"] = "warning"
    said: Message | None = None

    @classmethod
    def of(cls, path: str, code: str, said: Message, level: Literal["warning", "error"] = "warning") -> ImportProblem:
        return cls(path, code, said.text, level, said)


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[ImportProblem] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    kept_both: list[str] = field(default_factory=list)
    post_ids: list[int] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0
    run_id: int | None = None
    site_files: int = 0  # a whole site's other files kept (layouts, includes, assets, pages)
    sites: list[SiteSummary] = field(default_factory=list)  # each site's settings, as applied
    rederived: int = 0  # posts already in the library read again because their site's settings changed
    rules: dict[str, int] = field(default_factory=dict)  # what the batches' hooks did (watch rules): line -> posts

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.level == "warning"]

    def counts(self) -> dict[str, int]:
        return {
            "imported": len(self.imported),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped": len(self.skipped),
            "kept_both": len(self.kept_both),
            "warnings": len(self.warnings),
            "errors": len(self.errors),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "cancelled": self.cancelled,
            "seconds": round(self.seconds, 3),
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept_both": self.kept_both,
            "site_files": self.site_files,
            "sites": [site.to_json() for site in self.sites],
            "rederived": self.rederived,
            "rules": self.rules,
            "skipped": [_problem_json(p) for p in self.skipped],
            "problems": [_problem_json(p) for p in self.problems],
        }


def _problem_json(p: ImportProblem) -> dict[str, Any]:
    """As the command line's --json gives it: path, code, message, level (and the message's arguments)."""
    return {**asdict(p), "said": p.said.to_json() if p.said is not None else None}


@dataclass
class _Outcome:
    source: SourceFile
    prepared: PreparedPost | None = None
    unchanged_hash: str | None = None
    problem: ImportProblem | None = None
    search_body: str | None = None  # the post's text folded for search, as the worker made it (prepare.py)


# --- site settings ----------------------------------------------------------------


@dataclass(frozen=True)
class SiteSettings:
    tz_name: str
    permalink: Any
    problems: tuple[Message, ...] = ()

    @property
    def problem(self) -> str | None:
        return " ".join(p.text for p in self.problems) or None


def site_settings(config: bytes | None, default_tz: str) -> SiteSettings:
    """The timezone and permalink of a site's `_config.yml`, read through the guarded YAML path:
    an alias bomb, deep nesting or a huge value gives a warning, never a hang or an abort."""
    if not config:
        return SiteSettings(default_tz, None)
    try:
        data = jekyll.load_site_yaml(config.decode("utf-8-sig"))
    except jekyll.YAML_ERRORS as exc:  # UnicodeDecodeError among them (a ValueError)
        return SiteSettings(
            default_tz, None, (message("config_unreadable", error=jekyll._one_line(exc), tz=default_tz),)
        )
    if not isinstance(data, dict):
        return SiteSettings(default_tz, None)
    problems: list[Message] = []
    permalink = data.get("permalink")
    if permalink is not None and not isinstance(permalink, str | int | float | bool):
        problems.append(message("config_permalink_type", kind=type(permalink).__name__))
        permalink = None
    elif permalink is not None and len(jekyll.ruby_to_s(permalink)) > MAX_SITE_VALUE_CHARS:
        problems.append(message("config_permalink_long", limit=MAX_SITE_VALUE_CHARS))
        permalink = None
    tz_name = data.get("timezone")
    tz = default_tz
    if tz_name:
        shown = jekyll.ruby_to_s(tz_name) if isinstance(tz_name, str | int | float | bool) else None
        try:
            if shown is None or len(shown) > MAX_SITE_VALUE_CHARS:
                raise ValueError(tz_name)
            ZoneInfo(shown)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            if shown is not None and len(shown) <= 80:
                problems.append(message("config_timezone", tz=shown, default="UTC"))  # as Ruby does
            else:
                problems.append(message("config_timezone_long", default="UTC"))
        else:
            tz = shown
    return SiteSettings(tz, permalink, tuple(problems))


@dataclass(frozen=True)
class SiteSummary:
    """What the import report says of a site's settings: those applied, and the zone its dates are in."""

    site: str
    applied: tuple[str, ...]  # the _config.yml settings that differ from Jekyll's defaults
    timezone: str
    zone_source: (
        str  # site: its own timezone | utc: a name Ruby does not know | archive: kept | machine: this computer's
    )
    fatal: str | None = None  # why Jekyll would refuse the _config.yml (its defaults were used)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _SiteRead:
    """How a site's posts are read in this run: the zone kept for its archive and the rules the reader takes."""

    tz_name: str
    rules: Any  # a SiteReader, or the bare permalink when the site has no config Jekyll builds with
    applied: tuple[str, ...]
    zone_source: str
    fatal: str | None

    def summary(self, site: str) -> SiteSummary:
        return SiteSummary(site, self.applied, self.tz_name, self.zone_source, self.fatal)


def _site_read(
    config: bytes | None, guarded: SiteSettings, before: tuple[str, Any, Any] | None, files: list[str]
) -> _SiteRead:
    """The site's whole `_config.yml` as Jekyll 4.3 applies it (core/jekyll/site_reader.py). A site that sets
    no `timezone:` keeps the zone its archive has (the first import's machine's, or the one the user set)."""
    zone = before[0] if before is not None else guarded.tz_name
    readable = config and not any(p.code == "config_unreadable" for p in guarded.problems)
    if not readable:
        return _SiteRead(zone, guarded.permalink, (), "archive" if before is not None else "machine", None)
    settings = archive_settings(config, zone)
    if settings.timezone is not None:
        source = "site" if settings.timezone_known else "utc"
    else:
        source = "archive" if before is not None else "machine"
    if settings.fatal is not None:
        return _SiteRead(zone, guarded.permalink, (), source, settings.fatal)
    return _SiteRead(zone_name(settings.tz, zone), SiteReader(settings, files), settings.applied, source, None)


def category_page_names(
    pages: Iterable[tuple[str, bytes]], problems: list[tuple[str, Message]] | None = None
) -> dict[str, str]:
    """category slug -> display title, from the site's `category/*.html` pages. Their front matter
    is read through the guarded YAML path; a page it refuses is passed over, with (page, why) in
    `problems`."""
    names: dict[str, str] = {}
    for rel, data in pages:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        fm, _span, _body = jekyll.split_front_matter(text)
        if fm is None:
            continue
        try:
            meta = jekyll.load_front_matter_yaml(fm)
        except jekyll.YAML_ERRORS as exc:
            if problems is not None:
                problems.append((rel, message("category_page_unreadable", error=jekyll._one_line(exc))))
            continue
        if isinstance(meta, dict) and meta.get("layout") == "category" and meta.get("category") is not None:
            title = meta.get("title")
            if title is not None:
                names[jekyll.ruby_to_s(meta["category"])] = jekyll.ruby_to_s(title)
    return names


# --- the import run -------------------------------------------------------------


class Importer:
    """One import run into a library. Call `run`; `cancel` may be called from any thread."""

    def __init__(
        self,
        library: Library,
        policy: DuplicatePolicy = "auto",
        *,
        restore_deleted: bool = False,
        progress: ProgressCallback | None = None,
        on_batch: Callable[[list[int]], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
        workers: int | None = None,
    ) -> None:
        self.library = library
        self.policy = policy
        self.restore_deleted = restore_deleted
        self.progress = progress
        self.on_batch = on_batch
        self.should_cancel = should_cancel or (lambda: False)
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self._cancelled = False
        self._checkpoints: BackgroundCheckpoints | None = None
        self._settings_changed: list[int] = []  # archives whose site's settings this run changed
        self._limited: list[int] = []  # archives whose site sets limit_posts

    def cancel(self) -> None:
        self._cancelled = True

    def _stop_requested(self) -> bool:
        return self._cancelled or self.should_cancel()

    def run(self, paths: list[str | os.PathLike[str]]) -> ImportReport:
        started = time.monotonic()
        report = ImportReport()
        # a folder or zip is usually large: its workers start loading while its files are found
        pool = self._start_pool() if any(_may_hold_many(p) for p in paths) else None
        try:
            found = discover(paths)
            if pool is None and len(found.files) >= POOL_THRESHOLD:
                pool = self._start_pool()
            elif pool is not None and len(found.files) < POOL_THRESHOLD:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
            for p in found.problems:
                report.problems.append(ImportProblem.of(p.shown_path, p.code, p.said, p.level))  # type: ignore[arg-type]
                if p.code in SKIPPED_CODES:
                    report.skipped.append(ImportProblem.of(p.shown_path, p.code, p.said))
            self.library.take_import_notes()  # a run's report tells of its own batches only
            run_id = self.library.start_import_run([as_text(str(p)) for p in paths])
            report.run_id = run_id
            try:
                with few_collections(), BackgroundCheckpoints(self.library) as checkpoints:
                    self._checkpoints = checkpoints
                    self._import_jobs(found, report, run_id, pool)
                    if not report.cancelled:
                        for archive_id in self._settings_changed:
                            report.rederived += len(self.library.rederive_archive(archive_id))
                        for archive_id in self._limited:  # limit_posts: the line moves with each new post
                            self.library.apply_limit_posts(archive_id)
                if not report.cancelled:
                    self._keep_site_files(paths, found, report)
            finally:
                report.seconds = time.monotonic() - started
                report.rules = self.library.take_import_notes()
            # an error (a full disk) leaves the run 'running', so the next start offers to resume it
            self.library.finish_import_run(run_id, "cancelled" if report.cancelled else "done", report.counts())
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        return report

    def _keep_site_files(self, paths: list[str | os.PathLike[str]], found: Discovery, report: ImportReport) -> None:
        """A whole site's layouts, includes, assets and pages, kept so that an export builds like it."""
        kept, problems = keep_site_files(self.library, paths, found.files)
        report.site_files = kept
        for rel, said in problems:
            report.problems.append(ImportProblem.of(rel, "site_file", said))

    def _start_pool(self) -> ProcessPoolExecutor | None:
        """Worker processes for a large import; they load the reader while the main thread goes on."""
        if self.workers <= 1:
            return None
        # forkserver/spawn: never fork a process that may be running Qt threads
        ctx = get_context("forkserver" if os.name == "posix" else "spawn")
        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
        for _ in range(self.workers):
            pool.submit(run_wire_chunk, [])  # starts a worker, which imports the reader
        return pool

    def _import_jobs(
        self, found: Discovery, report: ImportReport, run_id: int, pool: ProcessPoolExecutor | None
    ) -> None:
        build_time = time.time()  # what "now" is for every post of the run (future dates)
        self._settings_changed = []
        states = self._archive_states(found, report)
        self._limited = [aid for aid, read, _s in states.values() if "limit_posts" in read.applied]
        total = len(found.files)  # less any zip member that cannot be read
        writer = _BatchWriter(self.library, states, self.policy, self.restore_deleted, run_id, report)
        last_progress = 0.0
        done = 0
        shown = ""
        with_text = writer.handed.wanted()  # the batches' hooks read their texts: the workers make them
        jobs = _jobs(found, states, report, build_time, with_text)
        for done, outcome in enumerate(self._outcomes(jobs, pool), start=1):
            writer.add(outcome)
            if writer.pending() >= BATCH_SIZE:
                self._flush(writer)
            now = time.monotonic()
            shown = outcome.source.shown_path
            if self.progress and (now - last_progress > 0.1 or done == total):
                last_progress = now
                self.progress(done, total, shown)
            if self._stop_requested():
                report.cancelled = True
                break
        self._flush(writer)
        if self.progress and done and done < total and not report.cancelled:
            self.progress(done, done, shown)  # zip members that could not be read: the run is still done

    def _archive_states(self, found: Discovery, report: ImportReport) -> dict[str, Any]:
        """Each site's archive (made or found), how its posts are read and what it holds: site key -> (id,
        _SiteRead, state). Category pages give the display names of categories that have none yet."""
        lib = self.library
        default_tz = lib.default_timezone()
        states: dict[str, Any] = {}
        for key, site in found.sites.items():
            shown = site.name or key
            settings = site_settings(site.config, default_tz)
            for said in settings.problems:
                report.problems.append(ImportProblem.of(shown, "config", said))
            before = lib.archive_settings_of(key)
            read = _site_read(site.config, settings, before, [f.site_path for f in found.files if f.site_root == key])
            report.sites.append(read.summary(shown))
            if read.fatal:
                report.problems.append(ImportProblem.of(shown, "config", message("config_fatal", error=read.fatal)))
            archive_id = lib.ensure_archive(key, site.name, read.tz_name, settings.permalink, site.config)
            if before is not None and before != (read.tz_name, settings.permalink, site.config):
                self._settings_changed.append(archive_id)  # its posts already here are read again after the run
            page_problems: list[tuple[str, Message]] = []
            names = category_page_names(site.category_pages, page_problems)
            for rel, said in page_problems:
                report.problems.append(ImportProblem.of(f"{site.name}/{rel}" if site.name else rel, "config", said))
            if names:
                lib.set_missing_category_names(names)
            states[key] = (archive_id, read, lib.archive_state(archive_id))
        return states

    def _flush(self, writer: _BatchWriter) -> None:
        ids = writer.flush()
        if self._checkpoints is not None:
            self._checkpoints.batch_written()
        if ids and self.on_batch:
            self.on_batch(ids)

    def _outcomes(
        self, jobs: Iterator[tuple[SourceFile, tuple[Any, ...]]], pool: ProcessPoolExecutor | None
    ) -> Iterator[_Outcome]:
        if pool is None:
            for src, wire in jobs:
                yield _outcome_from_wire(src, prepare_wire(src, *wire[3:]))
                if self._stop_requested():
                    return
            return
        chunk = 256
        window = self.workers * 4
        pending: list[tuple[list[tuple[SourceFile, tuple[Any, ...]]], Any]] = []
        more = True
        while more or pending:
            while more and len(pending) < window:
                part = list(itertools.islice(jobs, chunk))
                more = len(part) == chunk
                if part:
                    pending.append((part, pool.submit(run_wire_chunk, [w for _s, w in part])))
            if not pending:
                return
            part, future = pending.pop(0)
            try:
                wires = future.result()
            except BrokenProcessPool as exc:
                # A worker died (killed, or crashed in C): which file did it is not known, so every
                # file under way is an error row, and the rest are read in this process.
                for part_left in [part, *(p for p, _f in pending)]:
                    for src, _w in part_left:
                        yield _outcome_from_wire(src, _worker_stopped(src, exc))
                pending.clear()
                if not self._stop_requested():
                    yield from self._outcomes(jobs, None)
                return
            except Exception:  # the chunk's results could not come back: each file again, here
                wires = [prepare_wire(src, *w[3:]) for src, w in part]
            for (src, _w), wire in zip(part, wires, strict=True):
                yield _outcome_from_wire(src, wire)
            if self._stop_requested():
                for _part, f in pending:
                    f.cancel()
                return


def _worker_stopped(src: SourceFile, exc: BaseException) -> tuple[int, Any]:
    said = message("worker_stopped", error=type(exc).__name__)
    return (2, (src.shown_path, "internal_error", said.text, "error", said))


def _jobs(
    found: Discovery, states: dict[str, Any], report: ImportReport, build_time: float, with_text: bool = False
) -> Iterator[tuple[SourceFile, tuple[Any, ...]]]:
    """Each file with what a worker needs of it (run_wires), listed as the workers take them."""
    zips = _ZipMembers(report)
    try:
        for src in found.files:
            _archive_id, settings, state = states[src.site_root]
            raw = None
            if src.zip_path is not None:
                raw = zips.read(src)  # read here: a worker has no zip open
                if raw is None:
                    continue
            known = state.hashes_for(src.site_path)
            root, path, shown, fs_path = src.site_root, src.site_path, src.shown_path, src.fs_path
            file_time = src.file_time  # a draft's modification time: its date (core/jekyll/post.parse_post)
            yield (
                src,
                (
                    root,
                    path,
                    shown,
                    fs_path,
                    settings.tz_name,
                    build_time,
                    settings.rules,
                    known,
                    raw,
                    file_time,
                    with_text,
                ),
            )
    finally:
        zips.close()


class _ZipMembers:
    """Zip members read for the jobs: each archive opened once, and its limits kept on the bytes
    actually inflated (a member's size, its ratio, the archive's total), not on those claimed."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.open: dict[str, ZipArchive] = {}
        self.inflated: dict[str, int] = {}
        self.over: set[str] = set()

    def read(self, src: SourceFile) -> bytes | None:
        """The member's bytes, or None with the reason in the report."""
        zip_path = src.zip_path
        assert zip_path is not None and src.zip_member is not None
        total_limit, member_limit = sources.MAX_ZIP_TOTAL_BYTES, sources.MAX_ZIP_MEMBER_BYTES
        if zip_path in self.over:
            return self._refused(src, "zip_bomb", message("zip_archive_too_large", limit=total_limit))
        left = total_limit - self.inflated.get(zip_path, 0)
        try:
            archive = self.open.get(zip_path)
            if archive is None:
                archive = self.open[zip_path] = ZipArchive(zip_path)
            data = archive.read(src.zip_member, min(member_limit, left))
        except ZipMemberError as exc:
            if exc.code == "zip_bomb" and left < member_limit:
                self.over.add(zip_path)
                said = message("zip_archive_too_large_because", limit=total_limit, why=exc.said)
                return self._refused(src, "zip_bomb", said)
            return self._refused(src, exc.code, message("zip_member_not_read", why=exc.said))
        except Exception as exc:  # an unreadable archive or member, whatever the cause: this member only
            return self._refused(src, "unreadable", message("zip_member_unreadable", error=str(exc)))
        self.inflated[zip_path] = self.inflated.get(zip_path, 0) + len(data)
        return data

    def _refused(self, src: SourceFile, code: str, said: Message) -> bytes | None:
        """None, with the member's problem in the report."""
        problem = ImportProblem.of(src.shown_path, code, said, "error")
        self.report.problems.append(problem)
        self.report.skipped.append(problem)
        return None

    def close(self) -> None:
        for archive in self.open.values():
            archive.close()


def _may_hold_many(path: str | os.PathLike[str]) -> bool:
    """A guess, before listing it, that an input holds enough posts for worker processes: a big
    zip, or a folder (or its _posts) whose listing is large (ext4, tmpfs and btrfs all report
    a directory's size as growing with its entries: 32 KB is some 700 names)."""
    try:
        if str(path).lower().endswith(".zip"):
            return os.path.getsize(path) >= 1 << 20
        return any(
            os.path.isdir(folder) and os.stat(folder).st_size >= 32 * 1024
            for folder in (path, os.path.join(path, "_posts"))
        )
    except OSError:
        return False


def _outcome_from_wire(source: SourceFile, wire: tuple[int, Any]) -> _Outcome:
    kind, payload = wire
    if kind == 0:
        *fields, body = payload
        return _Outcome(
            source,
            prepared=PreparedPost(source.site_root, source.site_path, source.shown_path, *fields),
            search_body=body,
        )
    if kind == 1:
        return _Outcome(source, unchanged_hash=payload)
    return _Outcome(source, problem=ImportProblem(*payload))


class _BatchWriter:
    """Decides new/updated/unchanged per file and writes a batch in one transaction.

    A file goes into the report as imported or updated once its batch is written.
    A batch the library refuses (a row SQLite cannot take) is written again one
    post at a time, so only the posts it refuses are lost, each an error row.
    """

    def __init__(
        self,
        library: Library,
        states: dict[str, Any],
        policy: DuplicatePolicy,
        restore_deleted: bool,
        run_id: int,
        report: ImportReport,
    ) -> None:
        self.library, self.states, self.policy = library, states, policy
        self.restore_deleted, self.run_id, self.report = restore_deleted, run_id, report
        self.inserts: list[tuple[int, PreparedPost, int]] = []  # archive_id, post, copy
        self.updates: list[tuple[int, PreparedPost]] = []  # post id
        self.restores: list[int] = []
        # what the report says of each pending insert, update and restore once it is written
        self.insert_notes: list[tuple[str, bool]] = []  # shown path, kept beside an edited post
        self.update_notes: list[str] = []
        self.restore_notes: list[str] = []
        self.touched_paths: set[tuple[str, str]] = set()
        self.bodies: dict[str, str] = {}  # the pending posts' folded texts, by content hash (HandedTexts)
        self.handed = library.service(HandedTexts, HandedTexts)

    def pending(self) -> int:
        return len(self.inserts) + len(self.updates)

    def add(self, outcome: _Outcome) -> None:
        report, src = self.report, outcome.source
        if outcome.problem is not None:
            report.problems.append(outcome.problem)
            report.skipped.append(outcome.problem)
            return
        archive_id, _settings, state = self.states[src.site_root]
        if outcome.unchanged_hash is not None:
            existing = state.find(src.site_path, outcome.unchanged_hash)
            if existing is not None and existing.trashed and self.restore_deleted:
                self.restores.append(existing.id)
                self.restore_notes.append(src.shown_path)
                return
            if existing is not None and existing.trashed:
                report.skipped.append(ImportProblem.of(src.shown_path, "in_trash", message("in_trash")))
                return
            report.unchanged.append(src.shown_path)
            return
        post = outcome.prepared
        assert post is not None
        if outcome.search_body is not None:
            self.bodies[post.content_hash] = outcome.search_body
        for w in post.warnings:
            report.problems.append(ImportProblem(src.shown_path, w["code"], w["message"], said=stored_warning(w)))
        if state.is_tombstoned(src.site_path, post.content_hash) and not self.restore_deleted:
            report.skipped.append(ImportProblem.of(src.shown_path, "deleted", message("deleted")))
            return
        touched = (src.site_root, src.site_path) in self.touched_paths
        if touched and state.find(src.site_path, post.content_hash) is not None:
            report.unchanged.append(src.shown_path)  # the same file met twice in one run
            return
        current = state.current(src.site_path)
        if current is None or touched:
            copy = state.next_copy(src.site_path)  # 0 for a path the archive does not have
            self.inserts.append((archive_id, post, copy))
            self.insert_notes.append((src.shown_path, False))
            state.remember(src.site_path, post.content_hash, copy)
            self.touched_paths.add((src.site_root, src.site_path))
            return
        policy = self.policy
        if policy == "auto":
            policy = "keep-both" if current.edited else "update"
        if policy == "skip":
            report.skipped.append(ImportProblem.of(src.shown_path, "duplicate", message("duplicate")))
        elif policy == "update":
            self.updates.append((current.id, post))
            self.update_notes.append(src.shown_path)
        else:
            copy = state.next_copy(src.site_path)
            self.inserts.append((archive_id, post, copy))
            self.insert_notes.append((src.shown_path, True))
            state.remember(src.site_path, post.content_hash, copy)
        self.touched_paths.add((src.site_root, src.site_path))

    def flush(self) -> list[int]:
        if not self.inserts and not self.updates and not self.restores:
            return []
        inserts, updates, restores = self.inserts, self.updates, self.restores
        notes = (self.insert_notes, self.update_notes, self.restore_notes)
        self.inserts, self.updates, self.restores = [], [], []
        self.insert_notes, self.update_notes, self.restore_notes = [], [], []
        self.handed.hand(self.bodies)  # read by the import hooks (the watch queries) inside the batch's transaction
        self.bodies = {}
        try:
            ids = self.library.write_import_batch(inserts, updates, restores, self.run_id)
        except Exception as exc:
            if _environmental(exc):
                raise
            ids = self._one_by_one(inserts, updates, restores, notes)
        else:
            self._landed(*notes)
        finally:
            self.handed.take_back()
        self.report.post_ids.extend(ids)
        return ids

    def _one_by_one(
        self,
        inserts: list[tuple[int, PreparedPost, int]],
        updates: list[tuple[int, PreparedPost]],
        restores: list[int],
        notes: tuple[list[tuple[str, bool]], list[str], list[str]],
    ) -> list[int]:
        """Each post of a refused batch in a transaction of its own; those refused become error rows."""
        Single = tuple[list[Any], list[Any], list[int], tuple[list[tuple[str, bool]], list[str], list[str]], str]
        singles: list[Single] = [([i], [], [], ([n], [], []), n[0]) for i, n in zip(inserts, notes[0], strict=True)]
        singles += [([], [u], [], ([], [n], []), n) for u, n in zip(updates, notes[1], strict=True)]
        singles += [([], [], [r], ([], [], [n]), n) for r, n in zip(restores, notes[2], strict=True)]
        ids: list[int] = []
        for one_insert, one_update, one_restore, note, shown in singles:
            try:
                ids.extend(self.library.write_import_batch(one_insert, one_update, one_restore, self.run_id))
            except Exception as exc:
                if _environmental(exc):
                    raise
                error = f"{type(exc).__name__}: {jekyll._one_line(exc)}"
                problem = ImportProblem.of(shown, "internal_error", message("not_stored", error=error), "error")
                self.report.problems.append(problem)
                self.report.skipped.append(problem)
            else:
                self._landed(*note)
        return ids

    def _landed(self, inserts: list[tuple[str, bool]], updates: list[str], restores: list[str]) -> None:
        report = self.report
        for shown, kept_both in inserts:
            report.imported.append(shown)
            if kept_both:
                report.kept_both.append(shown)
                report.problems.append(ImportProblem.of(shown, "kept_both", message("kept_both")))
        report.updated.extend(updates)
        report.updated.extend(restores)


def _environmental(exc: BaseException) -> bool:
    """An error of the library itself (disk full, I/O, locked, damaged, not writable): the run stops, as no
    post could be written. (core/store/db.py raises a full disk, a damaged or unwritable file as KnownErrors.)"""
    return isinstance(
        exc, sqlite3.OperationalError | peewee.OperationalError | MemoryError | DiskFullError | LibraryError
    )


def import_paths(
    library: Library, paths: list[str | os.PathLike[str]], policy: DuplicatePolicy = "auto", **kwargs: Any
) -> ImportReport:
    """Import files, folders and zips; see Importer for the options."""
    return Importer(library, policy, **kwargs).run(paths)
