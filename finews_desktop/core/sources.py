"""Finding the post files in what the user hands us: files, folders, `.zip` archives.

Every input becomes a list of `SourceFile`s, each knowing its Jekyll site (the
folder above its `_posts`, where `_config.yml` lives) and its path inside that
site, which is what Jekyll derives categories and URLs from. Problems found on
the way (unreadable folders, broken links, unsafe zip members) are collected,
never raised.
"""

from __future__ import annotations

import operator
import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

# Limits, documented in the README: a post is a small text file, and a zip
# must not be able to exhaust memory or disk.
MAX_POST_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBER_BYTES = MAX_POST_BYTES
MAX_ZIP_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200
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


class SourceFile(NamedTuple):
    """One candidate post: where to read it and where it sits in its site.

    A NamedTuple: one is made per file found and again in a worker, 100,000 of
    them for a large import, at a third of a frozen dataclass's cost."""

    site_root: str  # the archive's key: absolute folder, or '<zip>!/<folder>'
    site_path: str  # relative to the site root, '/'-separated
    shown_path: str  # what the report shows: relative to the input the user gave
    fs_path: str | None = None  # a file on disk
    zip_path: str | None = None  # or a member of this zip
    zip_member: str | None = None


@dataclass(frozen=True)
class SiteInfo:
    root: str
    name: str
    config: bytes | None
    category_pages: tuple[tuple[str, bytes], ...] = ()


@dataclass
class SourceProblem:
    shown_path: str
    code: str
    message: str
    level: str = "error"


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    sites: dict[str, SiteInfo] = field(default_factory=dict)
    problems: list[SourceProblem] = field(default_factory=list)


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _all_text(found: Discovery) -> bool:
    """Whether every name _clean_names would look at is valid text already (one encode of them all)."""
    names = [name for src in found.files for name in (src.site_root, src.site_path, src.shown_path)]
    names += [text for p in found.problems for text in (p.shown_path, p.message)]
    names += [*found.sites, *(site.name for site in found.sites.values())]
    try:
        "".join(names).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def as_text(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 (kept by Python as surrogates) become U+FFFD."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", errors="replace")


def _clean_names(found: Discovery) -> None:
    """Paths go into SQLite and JSON as text; the file itself is still read by its real name."""
    if _all_text(found):
        return
    for i, src in enumerate(found.files):
        site_root, site_path, shown = as_text(src.site_root), as_text(src.site_path), as_text(src.shown_path)
        if (site_root, site_path, shown) != (src.site_root, src.site_path, src.shown_path):
            found.files[i] = SourceFile(site_root, site_path, shown, src.fs_path, src.zip_path, src.zip_member)
            found.problems.append(
                SourceProblem(
                    shown,
                    "name_not_utf8",
                    "The file name is not valid UTF-8; it is shown and exported with � in place of the bad bytes.",
                    "warning",
                )
            )
    for key in [k for k in found.sites if as_text(k) != k]:
        site = found.sites.pop(key)
        found.sites[as_text(key)] = SiteInfo(as_text(site.root), as_text(site.name), site.config, site.category_pages)
    for p in found.problems:
        p.shown_path = as_text(p.shown_path)
        p.message = as_text(p.message)


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
            kind = "broken link" if path.is_symlink() else "does not exist"
            found.problems.append(SourceProblem(shown, "missing", f"Cannot import {shown}: it {kind}."))
            continue
        except OSError as exc:
            found.problems.append(SourceProblem(shown, "unreadable", f"Cannot read {shown}: {exc.strerror or exc}."))
            continue
        path = path.absolute()
        if stat.S_ISDIR(st.st_mode):
            _discover_tree(found, _list_folder(path, found), path, _FolderReader(path))
        elif path.suffix.lower() == ".zip":
            _discover_zip(found, path)
        else:
            _discover_single_file(found, path, shown)


# --- listings -----------------------------------------------------------------


def read_file_at_most(path: str, limit: int = MAX_POST_BYTES) -> tuple[int, bytes | None]:
    """(the size the file system reports, the file's bytes up to `limit` + 1), or (size, None)
    when that size is over the limit: nothing is read then.

    The size the file system reports sizes the read (a single `read(limit + 1)`
    would allocate the whole 20 MB for every small post). Four system calls and
    no file object: the import reads 100,000 files, and stat + open() + read cost
    ~5 us more a file (open() stats the file again and builds two objects).
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
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


class _FolderReader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._prefix = os.path.join(str(root), "")  # joined as text: pathlib per file cost seconds at 100,000

    def source(self, site_root_key: str, site_path: str, rel: str) -> SourceFile:
        return SourceFile(
            site_root_key, site_path, rel, self._prefix + (rel if _SLASH_SEP else rel.replace("/", os.sep))
        )

    def read(self, rel: str) -> bytes | None:
        try:
            return read_file_at_most(str(self.root / rel))[1]
        except OSError:
            return None

    def key(self, prefix: str) -> str:
        return str(self.root / prefix) if prefix else str(self.root)


class _ZipReader:
    def __init__(self, zip_path: Path, zf: zipfile.ZipFile, members: dict[str, str]) -> None:
        self.zip_path, self.zf, self.members = zip_path, zf, members

    def source(self, site_root_key: str, site_path: str, rel: str) -> SourceFile:
        return SourceFile(
            site_root_key,
            site_path,
            f"{self.zip_path.name}/{rel}",
            zip_path=str(self.zip_path),
            zip_member=self.members[rel],
        )

    def read(self, rel: str) -> bytes | None:
        try:
            return self.zf.read(self.members[rel])
        except (OSError, zipfile.BadZipFile, KeyError, RuntimeError):
            return None

    def key(self, prefix: str) -> str:
        return f"{self.zip_path}!/{prefix}".rstrip("/")


_entry_name = operator.attrgetter("name")
_SLASH_SEP = os.sep == "/"


def _list_folder(root: Path, found: Discovery) -> list[str]:
    """Every regular file below root (relative, '/'-separated), without following links to folders.

    Walks with os.scandir, whose entries know their type from the directory
    listing: no stat per file (os.walk plus os.path.islink cost a system call
    per file, seconds on 100,000 posts). Folders and files come in name order.
    """
    files: list[str] = []
    seen_dirs: set[tuple[int, int]] = set()

    def unreadable(exc: OSError, rel_dir: str) -> None:
        where = rel_dir or str(root)
        found.problems.append(SourceProblem(where, "unreadable", f"Cannot read the folder {where}: {exc.strerror}."))

    def walk(dirpath: str, rel_dir: str, depth: int) -> None:
        try:
            st = os.stat(dirpath)
            if (st.st_dev, st.st_ino) in seen_dirs:
                return
            seen_dirs.add((st.st_dev, st.st_ino))
        except OSError:
            pass
        try:
            with os.scandir(dirpath) as listing:
                entries = sorted(listing, key=_entry_name)
        except OSError as exc:
            unreadable(exc, rel_dir)
            return
        subdirs: list[os.DirEntry[str]] = []
        for entry in entries:
            name = entry.name
            rel = f"{rel_dir}/{name}" if rel_dir else name
            try:
                is_dir = entry.is_dir()  # follows a link, as os.walk does
            except OSError:
                is_dir = False
            if is_dir:
                if _is_hidden(name) or name in _SKIPPED_DIRS:
                    continue
                if entry.is_symlink():
                    found.problems.append(
                        SourceProblem(
                            rel, "link", f"{rel} is a link to a folder; links are not followed (Jekyll skips them too)."
                        )
                    )
                    continue
                subdirs.append(entry)
                continue
            if entry.is_symlink():
                if not os.path.exists(entry.path):
                    found.problems.append(SourceProblem(rel, "broken_link", f"{rel} is a broken link."))
                    continue
                if not os.path.isfile(entry.path):
                    continue
            files.append(rel)
        if depth >= MAX_DEPTH:
            if subdirs:
                found.problems.append(
                    SourceProblem(
                        rel_dir,
                        "too_deep",
                        f"{rel_dir} is nested more than {MAX_DEPTH} folders deep; its subfolders were not read.",
                    )
                )
            return
        for entry in subdirs:
            walk(entry.path, f"{rel_dir}/{entry.name}" if rel_dir else entry.name, depth + 1)

    walk(str(root), "", 0)
    return files


def _discover_zip(found: Discovery, path: Path) -> None:
    shown = path.name
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        found.problems.append(SourceProblem(shown, "bad_zip", f"{shown} is not a readable zip archive ({exc})."))
        return
    members: dict[str, str] = {}
    total = 0
    for info in zf.infolist():
        name = info.filename
        if info.is_dir():
            continue
        clean = _safe_member_name(name)
        mode = (info.external_attr >> 16) & 0o170000
        if clean is None:
            found.problems.append(
                SourceProblem(
                    f"{shown}/{name}",
                    "unsafe_zip_member",
                    f"{shown}: member {name!r} has an absolute or '..' path and was ignored.",
                )
            )
            continue
        if mode == stat.S_IFLNK:
            found.problems.append(
                SourceProblem(f"{shown}/{name}", "zip_link", f"{shown}: member {name!r} is a link and was ignored.")
            )
            continue
        if info.file_size > MAX_ZIP_MEMBER_BYTES or (
            info.compress_size
            and info.file_size / max(info.compress_size, 1) > MAX_ZIP_RATIO
            and info.file_size > 1024 * 1024
        ):
            found.problems.append(
                SourceProblem(
                    f"{shown}/{name}",
                    "zip_bomb",
                    f"{shown}: member {name!r} expands too much ({info.file_size} bytes) and was refused.",
                )
            )
            continue
        total += info.file_size
        if total > MAX_ZIP_TOTAL_BYTES:
            found.problems.append(
                SourceProblem(
                    shown,
                    "zip_bomb",
                    f"{shown} expands to more than {MAX_ZIP_TOTAL_BYTES} bytes; the rest was refused.",
                )
            )
            break
        members[clean] = name
    reader = _ZipReader(path, zf, members)
    _discover_tree(found, sorted(members), None, reader)


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
    if "_posts" in parts[:-1]:
        # the outermost _posts decides, as Jekyll reads from there
        i = parts.index("_posts")
        site = Path(*parts[:i])
        rel = "/".join(parts[i:])
    else:
        site = path.parent
        rel = f"_posts/{path.name}"
    key = str(site)
    _remember_site(found, key, site.name, _read_config(site), _FolderReader(site), [])
    found.files.append(SourceFile(key, rel, shown, fs_path=str(path)))


def _read_config(site: Path) -> bytes | None:
    for candidate in (site, site.parent):
        try:
            with open(candidate / "_config.yml", "rb") as fh:
                return fh.read(1024 * 1024)
        except OSError:
            continue
    return None


def _discover_tree(found: Discovery, files: list[str], root: Path | None, reader: _FolderReader | _ZipReader) -> None:
    """Group the files of one input into sites and their posts."""
    file_set = set(files)
    posts_prefixes: dict[str, list[str]] = {}
    for rel in files:  # grouped by the folder above the first _posts folder of each path
        if rel.startswith("_posts/"):
            posts_prefixes.setdefault("", []).append(rel)
        elif (i := rel.find("/_posts/")) >= 0:
            posts_prefixes.setdefault(rel[:i], []).append(rel)

    input_is_posts = root is not None and root.name == "_posts"
    if input_is_posts and root is not None:
        # The user picked a _posts folder itself: its parent is the site.
        site = root.parent
        key = str(site)
        _remember_site(found, key, site.name, _read_config(site), reader, [])
        for rel in files:
            if _is_hidden(rel.rsplit("/", 1)[-1]):
                continue
            found.files.append(reader.source(key, f"_posts/{rel}", rel))
        return

    if not posts_prefixes:
        # A plain folder of post files: Jekyll would need them in _posts.
        key = reader.key("")
        config = (
            reader.read("_config.yml")
            if "_config.yml" in file_set
            else (_read_config(root) if root is not None else None)
        )
        _remember_site(found, key, root.name if root else "", config, reader, files)
        for rel in files:
            name = rel.rsplit("/", 1)[-1]
            if _is_hidden(name) or name == "_config.yml" or rel.startswith("category/"):
                continue
            if os.path.splitext(name)[1].lower() in _BINARY_EXTS:
                found.problems.append(SourceProblem(rel, "not_a_post", f"{rel} is not a text file; skipped."))
                continue
            found.files.append(reader.source(key, f"_posts/{rel}", rel))
        return

    for prefix, rels in sorted(posts_prefixes.items()):
        site_prefix = _nearest_config_prefix(prefix, file_set)
        key = reader.key(site_prefix)
        config = (
            reader.read(f"{site_prefix}/_config.yml" if site_prefix else "_config.yml")
            if (f"{site_prefix}/_config.yml" if site_prefix else "_config.yml") in file_set
            else None
        )
        if config is None and root is not None and not site_prefix:
            config = _read_config(root)
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
            below = site_path.split("/_posts/", 1)[-1] if "/_posts/" in site_path else site_path[7:]  # after _posts/
            if below.startswith(".") or "/." in below:  # a hidden folder or file below _posts
                continue
            add(source(key, site_path, rel))


class _Prefixed:
    def __init__(self, reader: _FolderReader | _ZipReader, prefix: str) -> None:
        self.reader, self.prefix = reader, prefix

    def read(self, rel: str) -> bytes | None:
        return self.reader.read(f"{self.prefix}/{rel}" if self.prefix else rel)


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
            data = reader.read(rel)
            if data is not None and len(data) < 64 * 1024:
                pages.append((rel, data))
    if not site_files and isinstance(reader, _FolderReader):
        cat_dir = reader.root / "category"
        if cat_dir.is_dir():
            for page in sorted(cat_dir.glob("*.html")):
                data = reader.read(f"category/{page.name}")
                if data is not None and len(data) < 64 * 1024:
                    pages.append((f"category/{page.name}", data))
    found.sites[key] = SiteInfo(key, name or PurePosixPath(key).name, config, tuple(pages))


def read_source(src: SourceFile) -> bytes:
    """The file's bytes; OSError when unreadable, ValueError when over the size limit."""
    data: bytes | None
    if src.fs_path is not None:
        data = read_file_at_most(src.fs_path)[1]  # None: over the limit, not read
    else:
        assert src.zip_path is not None and src.zip_member is not None
        with zipfile.ZipFile(src.zip_path) as zf, zf.open(src.zip_member) as fh:
            data = fh.read(MAX_POST_BYTES + 1)
    if data is None or len(data) > MAX_POST_BYTES:
        raise ValueError(f"larger than {MAX_POST_BYTES // (1024 * 1024)} MB, the limit for a post")
    return data
