"""The file system side of an export: its limits (name and path bytes), the staging beside the
destination, files created without ever replacing one or following a link, and the finished
files moved (or merged) into place."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from finews_desktop.core.errors import KnownError
from finews_desktop.core.exporting.plan import Planned
from finews_desktop.core.exporting.report import ExportConflict, ExportReport
from finews_desktop.core.exporting.target_names import MAX_NAME_BYTES
from finews_desktop.core.filenames import original_name

PATH_MAX = 4096  # bytes of a path with its closing NUL, where the file system does not say
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
PROBE_FOLDER = ".finews-name-probe"  # made in the staging folder, removed before a file is written


def path_limits(folder: Path) -> tuple[int, int]:
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


def nbytes(text: str) -> int:
    """The bytes of a name or path as the file system gets it."""
    try:
        return len(os.fsencode(original_name(text)))  # a stored name that was not UTF-8: its own bytes
    except UnicodeEncodeError:  # a lone surrogate: never a name on disk, counted generously
        return len(text.encode("utf-8", "surrogatepass"))


def temp_base(dest: Path) -> Path:
    """dest, its name cut so that the temporary path beside it (".NAME.TOKEN.part": 19 bytes more) is
    no longer than dest where it can be (a path that fits one fits the other), and that path's marker
    (14 bytes more again) has a name a file system accepts even when dest's has 255 bytes."""
    budget = min(max(nbytes(dest.name) - 19, 1), MAX_NAME_BYTES - 33)
    name = dest.name
    while nbytes(name) > budget and len(name) > 1:
        name = name[:-1]
    return dest if name == dest.name else dest.with_name(name)


def link_message(dest: Path) -> str:
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


def new_folder_mode(inside: str) -> int:
    """The mode a folder made now gets (0o777 less the umask, and what the parent passes on), read from
    one made inside `inside`: the umask cannot be read without setting it, which other threads would see.
    The probe has the name probes have while names are planned, which no exported file takes."""
    probe = os.path.join(inside, PROBE_FOLDER)
    os.mkdir(probe)
    try:
        return stat.S_IMODE(os.stat(probe).st_mode)
    finally:
        os.rmdir(probe)


def write_files(batch: list[tuple[str, bytes]]) -> int:
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


def blocked_parent(dest: str, folders: list[str]) -> str | None:
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


def same_file_content(a: str, b: str, b_size: int) -> bool:
    if os.path.getsize(a) != b_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 16), fb.read(1 << 16)
            if x != y:
                return False
            if not x:
                return True


def place_new(src: str, target: str) -> bool:
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


def remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def move_folder(tmp: str, dest: Path) -> None:
    """The finished temporary folder renamed to the destination (an empty folder there removed first)."""
    if dest.is_dir():
        try:
            dest.rmdir()  # empty (checked); a rename cannot replace a folder everywhere
        except OSError as exc:
            raise KnownError(f"{dest} is no longer empty; nothing was written to it.") from exc
    try:
        os.rename(tmp, dest)
    except OSError as exc:
        raise KnownError(f"Cannot move the export into place at {dest}: {exc.strerror or exc}.") from exc


def merge_into(tmp: str, destination: Path, planned: list[Planned], report: ExportReport, *, overwrite: bool) -> None:
    """The written files moved into an existing folder, one by one; a file never replaced unless asked
    and different, and what could not be placed listed as a conflict."""
    dest = str(destination)
    real_dest = os.path.realpath(dest)
    for p in planned:
        parts = original_name(p.rel).split("/")
        src = os.path.join(tmp, *parts)
        target = os.path.join(dest, *parts)
        blocked = blocked_parent(dest, parts[:-1])
        if blocked is not None:
            report.conflicts.append(ExportConflict(p.rel, f"{blocked} is a file or a link, not a folder", p.post_id))
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
                report.conflicts.append(ExportConflict(p.rel, "a folder or a link of that name is there", p.post_id))
                continue
            if same_file_content(src, target, st.st_size):
                report.unchanged_skipped.append(p.rel)
                continue
            if not overwrite:
                report.conflicts.append(
                    ExportConflict(p.rel, "a different file is there (use --overwrite to replace it)", p.post_id)
                )
                continue
            os.replace(src, target)
            report.overwritten.append(p.rel)
            report.written.append(p.rel)
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if place_new(src, target):
            report.written.append(p.rel)
        else:
            report.conflicts.append(ExportConflict(p.rel, "a file appeared there during the export", p.post_id))
