"""Which files of a site Jekyll 4.3 reads as posts (or drafts), under the site's settings.

Mirrors `reader.rb` (the folder walk, `collections_dir`), `readers/post_reader.rb`
(`<dir>/_posts/**/*` matched against the date pattern, `_drafts` with
`show_drafts`) and `entry_filter.rb`: every folder on the way and the file
itself must pass the filter, where `exclude` patterns are Ruby `File.fnmatch`
globs *or plain prefixes* of the path from the site root (`exclude: [news]`
also drops `newsletter/`), `include` rescues an entry whose own name matches,
and names starting with `.` `_` `#` `~` or ending in `~` are left out unless
included. The `destination` folder is not walked either (as built from the
site's folder, where a relative destination lives). Pure: the folders the site
has are passed in where they matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from finews_desktop.core.jekyll.post import DATE_FILENAME_RE, DATELESS_FILENAME_RE
from finews_desktop.core.jekyll.site_config import SiteSettings

_SOURCE = "/SITE"  # stands for the site's absolute folder in the paths Jekyll compares
_SPECIAL = (".", "_", "#", "~")


def ruby_join(base: str, item: str) -> str:
    """Ruby's File.join of two parts: one separator between them."""
    if not item:
        return base + "/"
    return base.rstrip("/") + "/" + item.lstrip("/") if base else item


@lru_cache(maxsize=512)
def _fnmatch_re(pattern: str) -> re.Pattern[str]:
    """Ruby's File.fnmatch without flags: `*` and `?` match '/' too, `[...]` is a class, `\\` escapes."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        elif ch == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "^") else i + 1)
            if end < 0:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : end]
                negate = body[:1] in ("!", "^")
                body = body[1:] if negate else body
                out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\").replace("^", "\\^") + "]")
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def glob_include(patterns: Iterable[object], entry: str, is_dir: bool) -> bool:
    """EntryFilter#glob_include?: `entry` is the path from the site root (with or without a leading '/')."""
    with_source = ruby_join(_SOURCE, entry)
    for pattern in patterns:
        if not isinstance(pattern, str):
            continue  # Jekyll matches only text (and regexps, which YAML cannot make)
        pattern_with_source = ruby_join(_SOURCE, pattern)
        if (
            _fnmatch_re(pattern_with_source).match(with_source)
            or with_source.startswith(pattern_with_source)
            or (is_dir and pattern_with_source == with_source + "/")
        ):
            return True
    return False


def _passes(settings: SiteSettings, entry: str, from_root: str, is_dir: bool, directories: frozenset[str]) -> bool:
    """EntryFilter#filter for one entry: `entry` as listed, `from_root` its path from the site root."""
    if entry.endswith("."):
        return False
    basename = entry.rsplit("/", 1)[-1]
    included = glob_include(settings.include, entry, entry in directories) or glob_include(
        settings.include, basename, basename in directories
    )
    excluded = glob_include([p for p in settings.exclude if p not in settings.include], from_root, is_dir)
    if excluded and not included:
        return False
    if included:
        return True
    return not (entry.startswith(_SPECIAL) or basename.startswith(_SPECIAL) or entry.endswith("~"))


def _relative_destination(destination: str) -> str | None:
    """The output folder from the site root, None when it is elsewhere (absolute, or above the site)."""
    parts = [p for p in destination.split("/") if p not in ("", ".")]
    if destination.startswith("/") or ".." in parts or not parts:
        return None
    return "/".join(parts)


def _ancestors(site_path: str) -> frozenset[str]:
    parts = site_path.split("/")[:-1]
    return frozenset("/".join(parts[: i + 1]) for i in range(len(parts)))


def jekyll_reads(
    settings: SiteSettings, site_path: str, directories: Iterable[str] | None = None, drafts: bool = False
) -> str | None:
    """The post's `relative_path` in Jekyll (below `collections_dir`) when Jekyll reads the file as a
    post, or as a draft with `show_drafts` (or `drafts`: as it would with it); None when it never does.

    `site_path` is from the site root, '/'-separated. `directories` are the site's folders (from
    its root): an `include` entry is matched as a folder only when the site has a folder of that
    name at its root; without them the file's own folders are used.
    """
    dirs = _ancestors(site_path) if directories is None else frozenset(directories)
    parts = site_path.split("/")
    magic_names = ("_posts", "_drafts") if settings.show_drafts or drafts else ("_posts",)
    magic = next((i for i, p in enumerate(parts) if p in magic_names), None)
    if magic is None or magic == len(parts) - 1:
        return None
    destination = _relative_destination(settings.destination)
    for i in range(magic):  # the walk: each folder above the _posts folder is filtered where it is listed
        if not _passes(settings, parts[i], "/" + "/".join(parts[: i + 1]), True, dirs):
            return None
        if destination is not None and "/".join(parts[: i + 1]) == destination:
            return None  # Reader#retrieve_dirs skips the site's output folder
    container = "/" + "/".join(parts[:magic]) if magic else ""
    coll = settings.collections_dir
    if coll and not container.startswith("/" + coll):
        return None  # Reader#outside_configured_directory?
    below = parts[magic + 1 :]
    if any(p.startswith(".") for p in below):
        return None  # Dir["**/*"] lists no hidden entries
    entry = "/".join(below)
    if not _passes(settings, entry, "/" + "/".join(parts), False, dirs):
        return None
    matcher = DATE_FILENAME_RE if parts[magic] == "_posts" else DATELESS_FILENAME_RE
    if not matcher.match(entry):
        return None
    prefix = coll.rstrip("/") + "/" if coll else ""
    return site_path[len(prefix) :] if prefix and site_path.startswith(prefix) else site_path
