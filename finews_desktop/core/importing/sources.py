"""Finding the post files in what the user hands us: files, folders, `.zip` archives.

Every input becomes a list of `SourceFile`s, each knowing its Jekyll site (the
folder above its `_posts`, where `_config.yml` lives) and its path inside that
site, which is what Jekyll derives categories and URLs from. A site's `_drafts`
files come too (whatever its `show_drafts`: an archive keeps them), with their
modification time, a draft's date in Jekyll. Problems found on the way
(unreadable folders, broken links, unsafe zip members) are collected, never
raised.

What the user did not choose is never read: a link that leads outside the
imported folder is reported and left alone, FIFOs, sockets and devices are
never opened in a way that can block (`read_file_at_most`), and a zip member is
inflated only as far as the limits allow, whatever sizes the archive claims
(`ZipArchive`). A file name that is not UTF-8 is kept, reversibly, as text the
library can store (`stored_name`, `original_name`).
"""

from __future__ import annotations

import bz2
import lzma
import operator
import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from finews_desktop.core.content.postrow import SourceFile
from finews_desktop.core.filenames import (
    CODED_CHARS,
    has_name_bytes,
    is_coded,
    name_bytes,
    original_name,
    stored_name,
)
from finews_desktop.core.messages import Message, message

# Limits, documented in the README: a post is a small text file, and a zip
# must not be able to exhaust memory or disk.
MAX_POST_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBER_BYTES = MAX_POST_BYTES
MAX_ZIP_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_CONFIG_BYTES = 1024 * 1024  # a site's _config.yml
MAX_CATEGORY_PAGE_BYTES = 64 * 1024  # a category/*.html page, read for its display name
MAX_DEPTH = 64
_SKIPPED_DIRS = frozenset({"_site", "node_modules", ".git"})
_BINARY_EXTS = frozenset(
    [
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".bmp",
        ".ico",
        ".svg",
        ".pdf",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".7z",
        ".rar",
        ".mp3",
        ".mp4",
        ".mov",
        ".avi",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".exe",
        ".dll",
        ".so",
        ".dylib",
        ".db",
        ".sqlite",
        ".sqlite3",
        ".psd",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
    ]
)


@dataclass(frozen=True)
class SiteInfo:
    root: str
    name: str
    config: bytes | None
    category_pages: tuple[tuple[str, bytes], ...] = ()


@dataclass
class SourceProblem:
    """A file or folder not read as asked: `code` the reason, `said` the sentence (a catalogue message)."""

    shown_path: str
    code: str
    said: Message
    level: str = "error"

    @property
    def message(self) -> str:
        return self.said.text


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    sites: dict[str, SiteInfo] = field(default_factory=dict)
    problems: list[SourceProblem] = field(default_factory=list)


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


class _NameBytesInfo(zipfile.ZipInfo):
    """A zip entry whose name is written as the bytes given, without the UTF-8 flag (they are not UTF-8)."""

    __slots__ = ("name_bytes",)
    name_bytes: bytes

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # zipfile asks this of every entry it writes
        return self.name_bytes, self.flag_bits & ~0x800


def zip_entry_info(stored: str, date_time: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    """A ZipInfo for a file at a stored path: a name that was not UTF-8 is written as its original bytes."""
    if not has_name_bytes(stored):
        return zipfile.ZipInfo(original_name(stored) if is_coded(stored) else stored, date_time)
    info = _NameBytesInfo(stored, date_time)  # distinct, as zipfile keys its entries by this name
    info.name_bytes = name_bytes(stored)
    return info


def as_text(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 (kept by Python as surrogates) become U+FFFD."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", errors="replace")


def _all_text(found: Discovery) -> bool:
    """Whether every name _clean_names would look at is stored as it is already (one pass over them all)."""
    names = [name for src in found.files for name in (src.site_root, src.site_path, src.shown_path)]
    names += [text for p in found.problems for text in (p.shown_path, p.message)]
    names += [*found.sites, *(site.name for site in found.sites.values())]
    joined = "".join(names)
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return joined.isascii() or CODED_CHARS.search(joined) is None


def _clean_names(found: Discovery) -> None:
    """Paths go into SQLite and JSON as text: the stored form for keys and site paths, the shown
    form (U+FFFD) in the report; the file itself is still read by its real name."""
    if _all_text(found):
        return
    for i, src in enumerate(found.files):
        site_root, site_path, shown = stored_name(src.site_root), stored_name(src.site_path), as_text(src.shown_path)
        if (site_root, site_path, shown) != (src.site_root, src.site_path, src.shown_path):
            # (the post's own warning, fatal_name, says its name is not UTF-8)
            found.files[i] = src._replace(site_root=site_root, site_path=site_path, shown_path=shown)
    for key in [k for k in found.sites if stored_name(k) != k or as_text(found.sites[k].name) != found.sites[k].name]:
        site = found.sites.pop(key)
        found.sites[stored_name(key)] = SiteInfo(
            stored_name(site.root), as_text(site.name), site.config, site.category_pages
        )
    for p in found.problems:
        p.shown_path = as_text(p.shown_path)
        p.said = p.said.map_text(as_text)


def discover(paths: list[str | os.PathLike[str]]) -> Discovery:
    found = Discovery()
    _discover_all(found, paths)
    _clean_names(found)
    return found


def _discover_all(found: Discovery, paths: list[str | os.PathLike[str]]) -> None:
    for raw_path in paths:
        path = Path(raw_path).expanduser()
        shown = str(raw_path)
        try:
            st = path.stat()
        except FileNotFoundError:
            said = message("missing_link" if path.is_symlink() else "missing", path=shown)
            found.problems.append(SourceProblem(shown, "missing", said))
            continue
        except OSError as exc:
            said = message("unreadable", path=shown, error=exc.strerror or str(exc))
            found.problems.append(SourceProblem(shown, "unreadable", said))
            continue
        path = path.absolute()
        if stat.S_ISDIR(st.st_mode):
            files, resolved = _list_folder(path, found)
            _discover_tree(found, files, path, _FolderReader(path, found, resolved))
        elif not stat.S_ISREG(st.st_mode):  # a FIFO would block the first read: never opened
            found.problems.append(_special_file(shown, st.st_mode))
        elif path.suffix.lower() == ".zip":
            _discover_zip(found, path)
        else:
            _discover_single_file(found, path, shown)


# --- reading files without following or blocking ----------------------------------------

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)


class NotARegularFile(OSError):
    """A FIFO, socket or device where a file was expected: opened without blocking and never read."""

    def __init__(self, mode: int) -> None:
        self.kind_said = _kind_said(mode)  # what it is, as a catalogue message
        self.kind = self.kind_said.text
        super().__init__(f"it is {self.kind}, not a file")


def _kind_said(mode: int) -> Message:
    if stat.S_ISFIFO(mode):
        return message("kind_fifo")
    if stat.S_ISSOCK(mode):
        return message("kind_socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return message("kind_device")
    if stat.S_ISDIR(mode):
        return message("kind_folder")
    if stat.S_ISLNK(mode):
        return message("kind_link")
    return message("kind_other")


def _special_file(rel: str, mode: int) -> SourceProblem:
    return SourceProblem(rel, "not_a_file", message("not_a_file", path=rel, kind=_kind_said(mode)))


def read_file_at_most(path: str, limit: int = MAX_POST_BYTES) -> tuple[int, bytes | None]:
    """(the size the file system reports, the file's bytes up to `limit` + 1), or (size, None)
    when that size is over the limit: nothing is read then.

    Opened with O_NONBLOCK and O_NOFOLLOW, and only a regular file is read
    (`NotARegularFile` otherwise): a FIFO can neither block the import nor a
    link be followed here (links are resolved, and checked, where files are listed).
    The size the file system reports sizes the read (a single `read(limit + 1)`
    would allocate the whole 20 MB for every small post). Four system calls and
    no file object: the import reads 100,000 files, and stat + open() + read cost
    ~5 us more a file (open() stats the file again and builds two objects).
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotARegularFile(st.st_mode)
        size = st.st_size
        if size > limit:
            return size, None
        data = os.read(fd, size + 1)
        if len(data) != size:  # a short read, a file that grew, or one that reports no size
            parts, total = [data], len(data)
            while total <= limit:
                more = os.read(fd, limit + 1 - total)
                if not more:
                    break
                parts.append(more)
                total += len(more)
            data = b"".join(parts)
        return size, data
    finally:
        os.close(fd)


def _inside(tree: str, real: str) -> bool:
    """Whether a resolved path is the folder `tree` (itself resolved) or below it."""
    try:
        return os.path.commonpath([tree, real]) == tree
    except ValueError:  # another drive
        return False


def read_local_file(path: str, folder: str, limit: int) -> bytes | None:
    """The bytes of a file the user's data points to (a preview's local image), or None when it
    leads outside `folder` once links are resolved, is not a regular file (never opened then
    if the listing tells, never read if it does not), is over `limit` bytes, or is unreadable."""
    try:
        real = os.path.realpath(path, strict=True)
        if not _inside(os.path.realpath(folder), real):
            return None
        return read_file_at_most(real, limit)[1]
    except OSError:
        return None


def _read_checked(path: str, tree: str, limit: int, rel: str, found: Discovery) -> bytes | None:
    """A file not met in a listing (a site's _config.yml, category pages beside a chosen _posts
    folder or file): read unless it is missing, a link leading outside `tree`, or not a file.
    Problems other than a missing file go into `found`."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    target = path
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.path.realpath(path, strict=True)
        except OSError:
            found.problems.append(SourceProblem(rel, "broken_link", message("broken_link", path=rel)))
            return None
        if not _inside(os.path.realpath(tree), target):
            found.problems.append(_link_outside(rel, target, "warning"))
            return None
        try:
            st = os.stat(target)
        except OSError:
            return None
    if not stat.S_ISREG(st.st_mode):
        found.problems.append(_special_file(rel, st.st_mode))
        return None
    try:
        size, data = read_file_at_most(target, limit)
    except OSError:
        return None
    if data is None:
        found.problems.append(_too_large(rel, size, limit))
    return data


def _link_outside(rel: str, target: str, level: str = "warning") -> SourceProblem:
    return SourceProblem(rel, "link_outside", message("link_outside", path=rel, target=as_text(target)), level)


def _too_large(rel: str, size: int, limit: int) -> SourceProblem:
    return SourceProblem(rel, "too_large", message("too_large", path=rel, size=size, limit=limit), "warning")


class _FolderReader:
    def __init__(self, root: Path, found: Discovery, resolved: dict[str, str] | None = None) -> None:
        self.root, self.found = root, found
        self.resolved = resolved or {}  # rel -> target, for the links to files inside the folder
        self._prefix = os.path.join(str(root), "")  # joined as text: pathlib per file cost seconds at 100,000

    def source(self, site_root_key: str, site_path: str, rel: str, draft: bool = False) -> SourceFile:
        target = self.resolved.get(rel) if self.resolved else None
        if target is None:
            target = self._prefix + (rel if _SLASH_SEP else rel.replace("/", os.sep))
        return SourceFile(site_root_key, site_path, rel, target, file_time=_mtime(target) if draft else None)

    def read(self, rel: str, limit: int) -> bytes | None:
        """A listed file (links and special files were sorted out by the listing)."""
        path = self.resolved.get(rel) or str(self.root / rel)
        try:
            size, data = read_file_at_most(path, limit)
        except OSError:
            return None
        if data is None:
            self.found.problems.append(_too_large(rel, size, limit))
        return data

    def key(self, prefix: str) -> str:
        return str(self.root / prefix) if prefix else str(self.root)


class _ZipReader:
    def __init__(self, zip_path: Path, archive: ZipArchive, members: dict[str, str], found: Discovery) -> None:
        self.zip_path, self.archive, self.members, self.found = zip_path, archive, members, found

    def source(self, site_root_key: str, site_path: str, rel: str, draft: bool = False) -> SourceFile:
        member = self.members[rel]
        return SourceFile(
            site_root_key,
            site_path,
            f"{self.zip_path.name}/{rel}",
            zip_path=str(self.zip_path),
            zip_member=member,
            file_time=self.archive.by_name[member].file_time() if draft else None,
        )

    def read(self, rel: str, limit: int) -> bytes | None:
        try:
            return self.archive.read(self.members[rel], limit)
        except ZipMemberError as exc:
            where = f"{self.zip_path.name}/{rel}"
            said = message("zip_member_problem", path=where, why=exc.said)
            self.found.problems.append(SourceProblem(where, exc.code, said, "warning"))
        except (OSError, KeyError):
            pass
        return None

    def key(self, prefix: str) -> str:
        return f"{self.zip_path}!/{prefix}".rstrip("/")


def _mtime(path: str) -> datetime | None:
    """File.mtime (a link's target's), None when it cannot be asked."""
    try:
        return datetime.fromtimestamp(os.stat(path).st_mtime, UTC)
    except (OSError, ValueError, OverflowError):
        return None


_entry_name = operator.attrgetter("name")
_SLASH_SEP = os.sep == "/"


def _list_folder(root: Path, found: Discovery) -> tuple[list[str], dict[str, str]]:
    """Every regular file below root (relative, '/'-separated), and the targets of the links among them.

    Walks with os.scandir, whose entries know their type from the directory
    listing: no stat per file (os.walk plus os.path.islink cost a system call
    per file, seconds on 100,000 posts). Folders and files come in name order.

    Links are read as Jekyll 4.3 reads them, as long as they stay inside the
    imported folder: a link to a file is read, a link to a folder is walked
    (but not below a `_posts` folder, where Jekyll's listing does not enter
    them); a link leading outside the folder, a broken or looping one, and
    FIFOs, sockets and devices are reported and never opened.
    """
    try:
        tree = os.path.realpath(root, strict=True)
    except OSError:
        tree = os.path.realpath(root)
    walk = _FolderWalk(root, tree, found)
    walk.folder(str(root), tree, "", 0, root.name == "_posts", frozenset({tree}))
    return walk.files, walk.resolved


class _FolderWalk:
    """One listing of a chosen folder (`tree`, its real path): the files found, the links' targets, the problems."""

    def __init__(self, root: Path, tree: str, found: Discovery) -> None:
        self.root, self.tree, self.found = root, tree, found
        self.files: list[str] = []
        self.resolved: dict[str, str] = {}

    def folder(
        self, dirpath: str, real_dir: str, rel_dir: str, depth: int, below_posts: bool, chain: frozenset[str]
    ) -> None:
        """One folder, then its subfolders; `real_dir` is its path with links resolved, `chain` those above it."""
        try:
            with os.scandir(dirpath) as listing:
                entries = sorted(listing, key=_entry_name)
        except OSError as exc:
            where = rel_dir or str(self.root)
            self.found.problems.append(
                SourceProblem(where, "unreadable", message("unreadable_folder", path=where, error=str(exc.strerror)))
            )
            return
        add_file, problems = self.files.append, self.found.problems  # bound once: this loop sees every file
        subdirs: list[tuple[str, str, str]] = []  # path, real path, name
        for entry in entries:
            name = entry.name
            rel = f"{rel_dir}/{name}" if rel_dir else name
            try:
                if entry.is_dir(follow_symlinks=False):  # from the listing's type: no system call
                    if not (_is_hidden(name) or name in _SKIPPED_DIRS):
                        subdirs.append((entry.path, os.path.join(real_dir, name), name))
                    continue
                if entry.is_file(follow_symlinks=False):
                    add_file(rel)
                    continue
                if _is_hidden(name):
                    continue  # never read, never reported (as Jekyll ignores it)
                if entry.is_symlink():
                    target = self._link(entry, rel, below_posts, chain)
                    if target is not None and name not in _SKIPPED_DIRS:
                        subdirs.append((target, target, name))
                    continue
                problems.append(_special_file(rel, entry.stat(follow_symlinks=False).st_mode))
            except OSError as exc:
                said = message("unreadable", path=rel, error=exc.strerror or str(exc))
                problems.append(SourceProblem(rel, "unreadable", said))
        if depth >= MAX_DEPTH:
            if subdirs:
                problems.append(SourceProblem(rel_dir, "too_deep", message("too_deep", path=rel_dir, depth=MAX_DEPTH)))
            return
        for path, real, name in subdirs:
            rel = f"{rel_dir}/{name}" if rel_dir else name
            self.folder(path, real, rel, depth + 1, below_posts or name == "_posts", chain | {real})

    def _link(self, entry: os.DirEntry[str], rel: str, below_posts: bool, chain: frozenset[str]) -> str | None:
        """A link met in the listing: its target folder when it is to be walked, else None (a file is listed)."""
        try:
            target = os.path.realpath(entry.path, strict=True)
            st = os.stat(target)
        except OSError:  # missing target, or a loop of links
            self.found.problems.append(SourceProblem(rel, "broken_link", message("broken_link", path=rel)))
            return None
        if not _inside(self.tree, target):
            self.found.problems.append(_link_outside(rel, target))
            return None
        shown_target = os.path.relpath(target, self.tree).replace(os.sep, "/")
        if stat.S_ISDIR(st.st_mode):
            return self._folder_link(rel, target, shown_target, below_posts, chain)
        if stat.S_ISREG(st.st_mode):
            self.files.append(rel)
            self.resolved[rel] = target
            self.found.problems.append(
                SourceProblem(rel, "link_followed", message("link_followed", path=rel, target=shown_target), "warning")
            )
            return None
        self.found.problems.append(_special_file(rel, st.st_mode))
        return None

    def _folder_link(
        self, rel: str, target: str, shown_target: str, below_posts: bool, chain: frozenset[str]
    ) -> str | None:
        """A link to a folder inside the chosen one: walked as Jekyll walks it, except below _posts or in a loop."""
        if below_posts:
            self.found.problems.append(SourceProblem(rel, "link", message("link_below_posts", path=rel), "warning"))
            return None
        if target in chain:
            self.found.problems.append(SourceProblem(rel, "link", message("link_loop", path=rel)))
            return None
        self.found.problems.append(
            SourceProblem(
                rel, "link_followed", message("folder_link_followed", path=rel, target=shown_target), "warning"
            )
        )
        return target


# --- zip archives -------------------------------------------------------------------


class ZipMemberError(Exception):
    """A member refused: `code` for the report (zip_bomb, zip_overlap, zip_damaged, zip_unsupported)."""

    def __init__(self, code: str, said: Message) -> None:
        super().__init__(said.text)
        self.code, self.said = code, said


class ZipEntry(NamedTuple):
    name: str  # as zipfile decodes it: UTF-8 when flagged (bad bytes as surrogates), else cp437
    raw_name: bytes
    header_offset: int
    compress_size: int
    file_size: int  # as claimed: only ever used to refuse early, never to size a buffer
    method: int
    crc: int
    flags: int
    mode: int  # the Unix file type bits, 0 when the archive gives none
    end: int  # where the next member's local header (or the central directory) starts
    dos_time: int = 0  # the modification time as MS-DOS writes it: date << 16 | time
    unix_mtime: int | None = None  # the extended timestamp's (0x5455), seconds since 1970 (UTC)

    def file_time(self) -> datetime | None:
        """The member's modification time as unzip gives its file: the extended timestamp when there is
        one, else the MS-DOS wall time (naive: a time in the zone it is unpacked in)."""
        if self.unix_mtime is not None:
            try:
                return datetime.fromtimestamp(self.unix_mtime, UTC)
            except (ValueError, OverflowError, OSError):
                return None
        date, time = self.dos_time >> 16, self.dos_time & 0xFFFF
        try:
            return datetime(
                (date >> 9) + 1980, (date >> 5) & 0xF, date & 0x1F, time >> 11, (time >> 5) & 0x3F, (time & 0x1F) * 2
            )
        except ValueError:
            return None


_EOCD = struct.Struct("<4s4H2LH")
_EOCD64_LOCATOR = struct.Struct("<4sLQL")
_EOCD64 = struct.Struct("<4sQ2H2L4Q")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
# signature, flags, method, CRC, packed size, size, name/extra/comment lengths, external attributes, offset
_CENTRAL_FIELDS = (0, 5, 6, 9, 10, 11, 12, 13, 14, 17, 18, 7, 8)  # ..., then the MS-DOS time and date
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIZE = _LOCAL.size


class ZipArchive:
    """A zip's members read as this module needs them, not as zipfile does.

    zipfile trusts the central directory's sizes: it inflates a member's whole
    compressed data in one call and only then cuts it to the size claimed
    (so a member that claims 1 KB can take gigabytes of memory), decodes
    names flagged UTF-8 strictly (one bad name and the archive cannot be
    opened), and lets two members share bytes. Here a member is inflated
    only up to the limit given, its actual size, ratio and CRC are checked,
    and a member whose bytes run into another member's is refused.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.fd = os.open(self.path, _OPEN_FLAGS)
        try:
            st = os.fstat(self.fd)
            if not stat.S_ISREG(st.st_mode):
                raise NotARegularFile(st.st_mode)
            self.size = st.st_size
            self.entries = self._central_directory()
        except BaseException:
            os.close(self.fd)
            raise
        self.by_name = {e.name: e for e in self.entries}

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> ZipArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pread(self, size: int, offset: int) -> bytes:
        data = _pread(self.fd, size, offset)
        if len(data) != size:
            raise ZipMemberError("zip_damaged", message("zip_ends_early"))
        return data

    def _central_directory(self) -> list[ZipEntry]:
        start, cd_size, concat = self._directory_place()
        directory = _pread(self.fd, cd_size, start)
        if len(directory) != cd_size:
            raise ValueError("a truncated central directory")
        return _with_ends(_central_records(directory, concat), start)

    def _directory_place(self) -> tuple[int, int, int]:
        """(where the central directory starts, its size, bytes before the archive) from its end records."""
        tail_size = min(self.size, _EOCD.size + 65535)
        tail = _pread(self.fd, tail_size, self.size - tail_size)
        at = tail.rfind(b"PK\x05\x06")
        while at >= 0 and at + _EOCD.size > len(tail):
            at = tail.rfind(b"PK\x05\x06", 0, at)
        if at < 0:
            raise ValueError("File is not a zip file")
        cd_size, cd_offset = _EOCD.unpack_from(tail, at)[5:7]
        eocd_pos = self.size - tail_size + at
        dir_end = eocd_pos
        locator = eocd_pos - _EOCD64_LOCATOR.size
        if locator >= 0 and _pread(self.fd, 4, locator) == b"PK\x06\x07":
            record = locator - _EOCD64.size
            data = _pread(self.fd, _EOCD64.size, record) if record >= 0 else b""
            if len(data) != _EOCD64.size or data[:4] != b"PK\x06\x06":
                raise ValueError("a damaged zip64 end of central directory")
            cd_size, cd_offset = _EOCD64.unpack(data)[8:10]
            dir_end = record
        concat = dir_end - cd_size - cd_offset  # bytes before the archive (a self-extracting stub)
        start = cd_offset + concat
        if start < 0 or cd_size > self.size:
            raise ValueError("a bad offset for the central directory")
        return start, cd_size, concat

    def overlaps(self, entry: ZipEntry) -> bool:
        """Whether the member's bytes surely run into the next member's (known from the directory alone)."""
        return entry.header_offset + _LOCAL_SIZE + len(entry.raw_name) + entry.compress_size > entry.end

    def read(self, name: str, limit: int = MAX_ZIP_MEMBER_BYTES) -> bytes:
        """The member's bytes, inflated no further than `limit` bytes; ZipMemberError when refused."""
        entry = self.by_name[name]
        if entry.flags & 0x1:
            raise ZipMemberError("zip_unsupported", message("zip_encrypted"))
        if entry.file_size > limit:
            raise ZipMemberError("zip_bomb", message("zip_claims_too_large", size=entry.file_size, limit=limit))
        if self.overlaps(entry):
            raise ZipMemberError("zip_overlap", message("zip_overlapping_bytes"))
        head = self._pread(_LOCAL_SIZE, entry.header_offset)
        sig, _v, _s, _f, _m, _t, _d, _crc, _cs, _us, nlen, xlen = _LOCAL.unpack(head)
        if sig != b"PK\x03\x04":
            raise ZipMemberError("zip_damaged", message("zip_no_local_header"))
        start = entry.header_offset + _LOCAL_SIZE + nlen + xlen
        if self._pread(nlen, entry.header_offset + _LOCAL_SIZE) != entry.raw_name:
            raise ZipMemberError("zip_damaged", message("zip_names_differ"))
        if start + entry.compress_size > entry.end:
            raise ZipMemberError("zip_overlap", message("zip_overlapping_bytes"))
        if entry.compress_size > limit + (limit >> 6) + 4096:  # more than any post compresses to
            raise ZipMemberError("zip_bomb", message("zip_packed_too_large", limit=limit))
        packed = self._pread(entry.compress_size, start)
        data = _inflate(entry.method, packed, limit)
        if len(data) > limit:
            raise ZipMemberError("zip_bomb", message("zip_expands_past", limit=limit))
        if len(data) > 1024 * 1024 and len(data) > MAX_ZIP_RATIO * max(entry.compress_size, 1):
            ratio = len(data) // max(entry.compress_size, 1)
            said = message("zip_ratio", ratio=ratio, size=len(data), packed=entry.compress_size)
            raise ZipMemberError("zip_bomb", said)
        if len(data) != entry.file_size:
            said = message("zip_size_differs", claimed=entry.file_size, size=len(data))
            raise ZipMemberError("zip_damaged", said)
        if zlib.crc32(data) != entry.crc:
            raise ZipMemberError("zip_damaged", message("zip_bad_crc"))
        return data


_CentralRecord = tuple[str, bytes, int, int, int, int, int, int, int, int, int | None]


def _central_records(directory: bytes, concat: int) -> list[_CentralRecord]:
    """Each member's (name, raw name, local header offset, packed size, size, method, CRC, flags, file type,
    MS-DOS date and time, extended timestamp)."""
    cd_size = len(directory)
    raw: list[_CentralRecord] = []
    pos = 0
    while pos < cd_size:
        if pos + _CENTRAL.size > cd_size:
            raise ValueError("a truncated central directory")
        fields = _CENTRAL.unpack_from(directory, pos)
        sig, flags, method, crc, csize, usize, nlen, xlen, clen, attr, offset, dos_t, dos_d = (
            fields[i] for i in _CENTRAL_FIELDS
        )
        if sig != b"PK\x01\x02":
            raise ValueError("a bad magic number in the central directory")
        pos += _CENTRAL.size
        raw_name = directory[pos : pos + nlen]
        extra = directory[pos + nlen : pos + nlen + xlen]
        pos += nlen + xlen + clen
        if 0xFFFFFFFF in (csize, usize, offset):
            usize, csize, offset = _zip64_sizes(extra, usize, csize, offset)
        name = raw_name.decode("utf-8", "surrogateescape") if flags & 0x800 else raw_name.decode("cp437")
        raw.append(
            (
                name,
                raw_name,
                offset + concat,
                csize,
                usize,
                method,
                crc,
                flags,
                (attr >> 16) & 0o170000,
                dos_d << 16 | dos_t,
                _extended_mtime(extra),
            )
        )
    return raw


def _extended_mtime(extra: bytes) -> int | None:
    """The modification time of the extended timestamp field (0x5455, Info-ZIP's), None without one."""
    pos = 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack_from("<2H", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        pos += 4 + size
        if kind == 0x5455 and len(body) >= 5 and body[0] & 1:
            return int(struct.unpack_from("<i", body, 1)[0])
    return None


def _with_ends(raw: list[_CentralRecord], directory_start: int) -> list[ZipEntry]:
    """The entries, each with where the next member (or the directory) starts: its bytes must end before."""
    ends = sorted({r[2] for r in raw})
    following = {offset: nxt for offset, nxt in zip(ends, [*ends[1:], directory_start], strict=True)}
    shared: set[int] = set()
    seen: set[int] = set()
    for r in raw:
        if r[2] in seen:
            shared.add(r[2])
        seen.add(r[2])
    entries = []
    for name, raw_name, offset, csize, usize, method, crc, flags, mode, dos_time, unix_mtime in raw:
        # two members at one local header overlap wholly: neither may be read
        end = offset if offset in shared else following.get(offset, directory_start)
        entries.append(
            ZipEntry(name, raw_name, offset, csize, usize, method, crc, flags, mode, end, dos_time, unix_mtime)
        )
    return entries


def _pread(fd: int, size: int, offset: int) -> bytes:
    """Up to `size` bytes at `offset` (fewer only at the end of the file)."""
    if hasattr(os, "pread"):
        data = os.pread(fd, size, offset)
        if len(data) == size or not data:
            return data
        parts, got = [data], len(data)
    else:  # Windows: no pread; an archive is read by one thread
        os.lseek(fd, offset, os.SEEK_SET)
        parts, got = [], 0
    while got < size:
        more = os.read(fd, size - got) if not hasattr(os, "pread") else os.pread(fd, size - got, offset + got)
        if not more:
            break
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def _zip64_sizes(extra: bytes, usize: int, csize: int, offset: int) -> tuple[int, int, int]:
    """The 64-bit sizes and offset of the zip64 extra field, for those the central entry leaves at 0xFFFFFFFF."""
    pos = 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack_from("<2H", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        pos += 4 + size
        if kind != 1:
            continue
        values = [v for (v,) in struct.iter_unpack("<Q", body[: len(body) // 8 * 8])]
        out = []
        for value in (usize, csize, offset):
            if value == 0xFFFFFFFF:
                if not values:
                    raise ValueError("a damaged zip64 extra field")
                value = values.pop(0)
            out.append(value)
        return out[0], out[1], out[2]
    raise ValueError("a zip64 member without its zip64 extra field")


def _inflate(method: int, packed: bytes, limit: int) -> bytes:
    """At most limit + 1 bytes of a member's data: one more than the limit says it is over."""
    try:
        if method == 0:  # stored
            return packed[: limit + 1]
        if method == 8:  # deflate
            inflater = zlib.decompressobj(-15)
            data = inflater.decompress(packed, limit + 1)
            if len(data) <= limit and not inflater.eof and not inflater.unconsumed_tail:
                data += inflater.flush()  # the input ran out: nothing more is pending
            return data
        if method == 12:  # bzip2
            return bz2.BZ2Decompressor().decompress(packed, limit + 1)
        if method == 14:  # lzma: version, properties size, properties, then a raw LZMA1 stream
            if len(packed) < 9:
                raise ZipMemberError("zip_damaged", message("zip_lzma_short"))
            props_size = int.from_bytes(packed[2:4], "little")
            props = packed[4 : 4 + props_size]
            if len(props) != 5:
                raise ZipMemberError("zip_damaged", message("zip_lzma_props"))
            d = props[0]
            filters = [
                {
                    "id": lzma.FILTER_LZMA1,
                    "lc": d % 9,
                    "lp": (d // 9) % 5,
                    "pb": d // 45,
                    "dict_size": int.from_bytes(props[1:5], "little"),
                }
            ]
            lzma_inflater = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=filters)
            return lzma_inflater.decompress(packed[4 + props_size :], limit + 1)
    except (zlib.error, OSError, lzma.LZMAError, EOFError, ValueError) as exc:
        raise ZipMemberError("zip_damaged", message("zip_damaged_data", error=str(exc))) from exc
    raise ZipMemberError("zip_unsupported", message("zip_method", method=method))


_LINK_MODE = stat.S_IFLNK


def _discover_zip(found: Discovery, path: Path) -> None:
    shown = path.name
    try:
        archive = ZipArchive(path)
    except (OSError, ValueError, struct.error) as exc:
        found.problems.append(SourceProblem(shown, "bad_zip", message("bad_zip", path=shown, error=str(exc))))
        return
    try:
        members = _zip_members(found, archive, shown)
        _discover_tree(found, sorted(members), None, _ZipReader(path, archive, members, found))
    finally:
        archive.close()


def _zip_members(found: Discovery, archive: ZipArchive, shown: str) -> dict[str, str]:
    """The members to read, by their clean name: regular files with safe names, until the total is too large."""
    members: dict[str, str] = {}
    total = 0
    for entry in archive.by_name.values():
        name = entry.name
        if name.endswith("/"):
            continue
        clean = _safe_member_name(name)
        if clean is not None and entry.mode == stat.S_IFDIR:
            continue  # a folder's own entry
        problem = _member_problem(archive, entry, clean, shown)
        if problem is not None:
            found.problems.append(problem)
            continue
        assert clean is not None
        total += entry.file_size
        if total > MAX_ZIP_TOTAL_BYTES:
            found.problems.append(
                SourceProblem(shown, "zip_bomb", message("zip_too_large", path=shown, limit=MAX_ZIP_TOTAL_BYTES))
            )
            break
        members[clean] = name
    return members


def _member_problem(archive: ZipArchive, entry: ZipEntry, clean: str | None, shown: str) -> SourceProblem | None:
    """Why a member is not read (a name outside the archive, a link, not a file, shared bytes, a bomb), or None."""
    name, mode, where = entry.name, entry.mode, f"{shown}/{entry.name}"
    if clean is None:
        return SourceProblem(where, "unsafe_zip_member", message("unsafe_zip_member", zip=shown, member=name))
    if mode == _LINK_MODE:
        return SourceProblem(where, "zip_link", message("zip_link", zip=shown, member=name))
    if mode and mode != stat.S_IFREG:
        said = message("zip_member_not_a_file", zip=shown, member=name, kind=_kind_said(mode))
        return SourceProblem(where, "not_a_file", said)
    if archive.overlaps(entry):
        return SourceProblem(where, "zip_overlap", message("zip_overlap", zip=shown, member=name))
    if entry.file_size > MAX_ZIP_MEMBER_BYTES or (
        entry.compress_size
        and entry.file_size / max(entry.compress_size, 1) > MAX_ZIP_RATIO
        and entry.file_size > 1024 * 1024
    ):
        return SourceProblem(where, "zip_bomb", message("zip_bomb", zip=shown, member=name, size=entry.file_size))
    return None


def _safe_member_name(name: str) -> str | None:
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        return None
    return "/".join(parts)


def _discover_single_file(found: Discovery, path: Path, shown: str) -> None:
    parts = path.parts
    magic = next((p for p in parts[:-1] if p in _MAGIC_DIRS), None)
    if magic is not None:
        # the outermost _posts (or _drafts) decides, as Jekyll reads from there
        i = parts.index(magic)
        site = Path(*parts[:i])
        rel = "/".join(parts[i:])
    else:
        site = path.parent
        rel = f"_posts/{path.name}"
    key = str(site)
    _remember_site(found, key, site.name, _read_config(site, found), _FolderReader(site, found), [])
    fs_path = str(path)
    if os.path.islink(fs_path):  # the user chose the link: its target is read (and opened without following)
        fs_path = os.path.realpath(fs_path)
    file_time = _mtime(fs_path) if magic == "_drafts" else None
    found.files.append(SourceFile(key, rel, shown, fs_path=fs_path, file_time=file_time))


def _read_config(site: Path, found: Discovery, listed: bool = False) -> bytes | None:
    """The site's own _config.yml, else its parent's, either only if it stays inside its folder.
    `listed`: the site folder was listed, and its own _config.yml is not there (or was reported)."""
    for candidate in (site.parent,) if listed else (site, site.parent):
        path = os.path.join(candidate, "_config.yml")
        if os.path.lexists(path):
            return _read_checked(path, str(candidate), MAX_CONFIG_BYTES, path, found)
    return None


def _discover_tree(found: Discovery, files: list[str], root: Path | None, reader: _FolderReader | _ZipReader) -> None:
    """Group the files of one input into sites and their posts."""
    if root is not None and root.name == "_posts":
        _discover_posts_folder(found, files, root, reader)
        return
    posts_prefixes: dict[str, list[str]] = {}
    drafts: list[tuple[str, str]] = []
    for rel in files:  # grouped by the folder above the first _posts (or _drafts) folder of each path
        posts, draft = _folder_at(rel, "_posts/"), _folder_at(rel, "_drafts/")
        if draft >= 0 and (posts < 0 or draft < posts):
            drafts.append((rel[: max(draft - 1, 0)], rel))
        elif posts >= 0:
            posts_prefixes.setdefault(rel[: max(posts - 1, 0)], []).append(rel)
    if not posts_prefixes:  # no posts: a site with drafts only (its _config.yml says so), else a plain folder
        configs = set(files)
        drafts = [(p, rel) for p, rel in drafts if (f"{p}/_config.yml" if p else "_config.yml") in configs]
        if not drafts:
            _discover_plain_folder(found, files, root, reader)
            return
    for prefix, rel in drafts:  # a site's drafts, once the input holds a site (a plain folder has none)
        posts_prefixes.setdefault(prefix, []).append(rel)
    file_set = set(files)
    for prefix, rels in sorted(posts_prefixes.items()):
        _discover_site(found, files, file_set, prefix, rels, root, reader)


def _discover_posts_folder(found: Discovery, files: list[str], root: Path, reader: _FolderReader | _ZipReader) -> None:
    """The user picked a _posts folder itself: its parent is the site."""
    site = root.parent
    key = str(site)
    _remember_site(found, key, site.name, _read_config(site, found), _FolderReader(site, found), [])
    for rel in files:
        if _is_hidden(rel.rsplit("/", 1)[-1]):
            continue
        found.files.append(reader.source(key, f"_posts/{rel}", rel))


def _discover_plain_folder(
    found: Discovery, files: list[str], root: Path | None, reader: _FolderReader | _ZipReader
) -> None:
    """A plain folder of post files (Jekyll would need them in _posts): one site, every text file a post."""
    key = reader.key("")
    config = (
        reader.read("_config.yml", MAX_CONFIG_BYTES)
        if "_config.yml" in files
        else (_read_config(root, found, listed=True) if root is not None else None)
    )
    _remember_site(found, key, root.name if root else "", config, reader, files)
    for rel in files:
        name = rel.rsplit("/", 1)[-1]
        if _is_hidden(name) or name == "_config.yml" or rel.startswith("category/"):
            continue
        if os.path.splitext(name)[1].lower() in _BINARY_EXTS:
            found.problems.append(SourceProblem(rel, "not_a_post", message("not_text", path=rel)))
            continue
        found.files.append(reader.source(key, f"_posts/{rel}", rel))


def _discover_site(
    found: Discovery,
    files: list[str],
    file_set: set[str],
    prefix: str,
    rels: list[str],
    root: Path | None,
    reader: _FolderReader | _ZipReader,
) -> None:
    """The posts `rels` of `<prefix>/_posts`, in the site of the nearest _config.yml above them."""
    site_prefix = _nearest_config_prefix(prefix, file_set)
    key = reader.key(site_prefix)
    config_rel = f"{site_prefix}/_config.yml" if site_prefix else "_config.yml"
    config = reader.read(config_rel, MAX_CONFIG_BYTES) if config_rel in file_set else None
    if config is None and root is not None and not site_prefix and config_rel not in file_set:
        config = _read_config(root, found, listed=True)
    site_files = [
        f[len(site_prefix) + 1 :] if site_prefix else f
        for f in files
        if not site_prefix or f.startswith(site_prefix + "/")
    ]
    name = site_prefix.rsplit("/", 1)[-1] if site_prefix else (root.name if root else "")
    _remember_site(found, key, name, config, _Prefixed(reader, site_prefix), site_files)
    source, add, cut = reader.source, found.files.append, len(site_prefix) + 1 if site_prefix else 0
    for rel in rels:
        site_path = rel[cut:]
        draft = _is_draft(site_path)
        magic = "_drafts/" if draft else "_posts/"
        below = site_path.split("/" + magic, 1)[-1] if "/" + magic in site_path else site_path[len(magic) :]
        if below.startswith(".") or "/." in below:  # a hidden folder or file below _posts (or _drafts)
            continue
        add(source(key, site_path, rel, draft))


_MAGIC_DIRS = ("_posts", "_drafts")


def _folder_at(rel: str, folder: str) -> int:
    """Where the first folder `folder` ('_posts/') on the path starts, -1 without one."""
    if rel.startswith(folder):
        return 0
    i = rel.find("/" + folder)
    return i + 1 if i >= 0 else -1


def _is_draft(site_path: str) -> bool:
    """Whether the first _posts or _drafts folder on the path is a _drafts."""
    return next((p for p in site_path.split("/")[:-1] if p in _MAGIC_DIRS), None) == "_drafts"


class _Prefixed:
    def __init__(self, reader: _FolderReader | _ZipReader, prefix: str) -> None:
        self.reader, self.prefix = reader, prefix

    def read(self, rel: str, limit: int) -> bytes | None:
        return self.reader.read(f"{self.prefix}/{rel}" if self.prefix else rel, limit)


def _nearest_config_prefix(prefix: str, file_set: set[str]) -> str:
    """The site of `<prefix>/_posts`: the nearest folder at or above prefix with a _config.yml."""
    parts = prefix.split("/") if prefix else []
    for n in range(len(parts), -1, -1):
        candidate = "/".join(parts[:n])
        if (f"{candidate}/_config.yml" if candidate else "_config.yml") in file_set:
            return candidate
    return ""


def _remember_site(
    found: Discovery,
    key: str,
    name: str,
    config: bytes | None,
    reader: _FolderReader | _ZipReader | _Prefixed,
    site_files: list[str],
) -> None:
    if key in found.sites:
        return
    pages = []
    for rel in site_files:
        if rel.startswith("category/") and rel.count("/") == 1 and rel.endswith((".html", ".md")):
            data = reader.read(rel, MAX_CATEGORY_PAGE_BYTES)
            if data is not None:
                pages.append((rel, data))
    if not site_files and isinstance(reader, _FolderReader):
        cat_dir = os.path.join(reader.root, "category")
        try:
            with os.scandir(cat_dir) as listing:
                names = sorted(e.name for e in listing if e.name.endswith(".html") and not _is_hidden(e.name))
        except OSError:
            names = []
        for page in names:
            rel = f"category/{page}"
            data = _read_checked(os.path.join(cat_dir, page), str(reader.root), MAX_CATEGORY_PAGE_BYTES, rel, found)
            if data is not None:
                pages.append((rel, data))
    found.sites[key] = SiteInfo(key, name or PurePosixPath(key).name, config, tuple(pages))


def read_source(src: SourceFile) -> bytes:
    """The file's bytes; OSError when unreadable or not a file, ValueError when over the size limit
    or a zip member is refused."""
    data: bytes | None
    if src.fs_path is not None:
        data = read_file_at_most(src.fs_path)[1]  # None: over the limit, not read
    else:
        assert src.zip_path is not None and src.zip_member is not None
        with ZipArchive(src.zip_path) as archive:
            try:
                data = archive.read(src.zip_member, MAX_POST_BYTES)
            except ZipMemberError as exc:
                raise ValueError(str(exc)) from exc
    if data is None or len(data) > MAX_POST_BYTES:
        raise ValueError(f"larger than {MAX_POST_BYTES // (1024 * 1024)} MB, the limit for a post")
    return data
