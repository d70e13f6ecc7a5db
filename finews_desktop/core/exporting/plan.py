"""The files an export plans and the names they get: distinct paths the target holds (a later file
that wants a taken name gets a number), the site's category pages and minimal config, and why a
file was renamed. Nothing here touches the file system."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from finews_desktop.core.exporting.target_names import (
    PORTABLE,
    NameRules,
    fit_bytes,
    fit_post_path,
    key_folded,
    name_slug,
    split_ext,
)
from finews_desktop.core.jekyll.frontmatter import render_scalar
from finews_desktop.core.messages import Message, message


def safe_name(name: str) -> str:
    """One path segment that every common file system accepts and that means no folder but itself."""
    return PORTABLE.fit(name)[0]


def safe_post_path(site_path: str) -> str:
    """A post's path in a portable export: its site path, segment by segment made safe, below a `_posts`."""
    return fit_post_path(site_path, PORTABLE)[0]


def _with_number(name: str, n: int) -> str:
    stem, ext = split_ext(name)
    return fit_bytes(stem, f"-{n}{ext}")


class Namespace:
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


@dataclass
class Planned:
    """One file to write, at the path planned for it."""

    rel: str
    post_id: int | None
    data: bytes | None = None  # site files carry their bytes; posts are read from the library


def rename_reason(rules: NameRules) -> str:
    """The code a renamed file is listed under: portable names asked for, or the target's own rules."""
    return "portable_name" if rules is PORTABLE else "target_name"


def path_form() -> Message:
    """The reason a name was changed when the target says no more than that it cannot hold it."""
    return message("export_why_path_form")


def post_renamed(path: str, written: str, why: Message | None) -> Message:
    """Why a post was written under another name, and the slug (so the URL) Jekyll then gives it."""
    why = why or path_form()
    old, new = name_slug(path.rpartition("/")[2]), name_slug(written.rpartition("/")[2])
    return why if old == new else message("export_renamed_slug", why=why, old=old, new=new)
