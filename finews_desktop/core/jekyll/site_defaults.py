"""Front matter defaults (`defaults:` in `_config.yml`) for one post, as Jekyll 4.3 finds them.

Mirrors `frontmatter_defaults.rb` `all(relative_path, :posts)`: a set applies
when it has no scope, or its `type` is `posts` (`post` is made plural) and its
`path` is empty, not text, or a plain *string prefix* of the post's path below
`collections_dir` (`news` also covers `newsletter/`; a leading `/` matches
nothing). A path with `*` is a glob Jekyll runs on the disk (`Dir.glob`), then
each path found counts as a prefix. Sets with a longer path, then those with a
`type`, take precedence; values are deep-merged, and an empty value never
overrides. The result is merged under the post's front matter by the reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from finews_desktop.core.jekyll.site_config import DefaultSet, SiteSettings


def deep_merge(master: Mapping[str, Any], other: Mapping[str, Any]) -> dict[str, Any]:
    """Utils.deep_merge_hashes: `other` wins, but a nil in it keeps the old value; mappings merge."""
    merged = dict(master)
    for key, new in other.items():
        if key in merged:
            old = merged[key]
            if new is None:
                continue
            if isinstance(old, Mapping) and isinstance(new, Mapping):
                new = deep_merge(old, new)
        merged[key] = new
    return merged


def _sanitize(path: Any) -> str:
    """FrontmatterDefaults#sanitize_path: a leading '/' dropped."""
    if path is None or path == "":
        return ""
    text = path if isinstance(path, str) else str(path)
    return text[1:] if text.startswith("/") else text


def _strip_collections_dir(path: str, collections_dir: str) -> str:
    slashed = collections_dir + "/"
    return path.replace(slashed, "", 1) if collections_dir and path.startswith(slashed) else path


def _brace_expand(pattern: str) -> list[str]:
    """Dir.glob's `{a,b}` alternatives (innermost first; no nesting across a comma is needed here)."""
    m = re.search(r"\{([^{}]*)\}", pattern)
    if m is None:
        return [pattern]
    return [x for alt in m.group(1).split(",") for x in _brace_expand(pattern[: m.start()] + alt + pattern[m.end() :])]


@lru_cache(maxsize=256)
def _glob_re(pattern: str) -> re.Pattern[str]:
    """Dir.glob on paths from the site root: `*` and `?` stay in one name and match no leading dot,
    `**/` is any number of folders (not hidden ones), `[...]` a class."""
    out: list[str] = []
    segments = pattern.split("/")
    for n, seg in enumerate(segments):
        last = n == len(segments) - 1
        if seg == "**" and not last:
            out.append(r"(?:[^./][^/]*/)*")
            continue
        piece: list[str] = []
        i = 0
        while i < len(seg):
            ch = seg[i]
            lead = i == 0
            if ch == "*":
                while i + 1 < len(seg) and seg[i + 1] == "*":
                    i += 1
                piece.append(r"(?!\.)[^/]*" if lead else r"[^/]*")
            elif ch == "?":
                piece.append(r"[^/.]" if lead else r"[^/]")
            elif ch == "[":
                end = seg.find("]", i + 2)
                if end < 0:
                    piece.append(re.escape(ch))
                else:
                    body = seg[i + 1 : end]
                    negate = body[:1] in ("!", "^")
                    body = body[1:] if negate else body
                    piece.append("[" + ("^/" if negate else "") + body.replace("\\", "\\\\").replace("^", "\\^") + "]")
                    i = end
            elif ch == "\\" and i + 1 < len(seg):
                i += 1
                piece.append(re.escape(seg[i]))
            else:
                piece.append(re.escape(ch))
            i += 1
        out.append("".join(piece) + ("" if last else "/"))
    return re.compile("".join(out) + r"\Z")


@lru_cache(maxsize=64)
def _globbed(pattern: str, existing: frozenset[str]) -> tuple[str, ...]:
    """Dir.glob of one scope path over a site's listing; cached like Jekyll's glob_cache, once per site
    (the listing is one object per site: its hash is kept, and a cache hit compares identity first)."""
    if pattern.startswith("/"):
        return ()  # Pathname#join makes it absolute: it globs outside the site
    found: list[str] = []
    for alt in _brace_expand(pattern):
        rx = _glob_re(alt.rstrip("/") if alt != "/" else alt)
        found.extend(p for p in existing if rx.match(p))
    return tuple(found)


def site_listing(files: Iterable[str]) -> frozenset[str]:
    """A site's files and the folders above them, from its root: what a glob scope is matched against.
    Make it once per site and pass the same object for each post."""
    out: set[str] = set()
    for p in files:
        parts = p.split("/")
        out.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return frozenset(out)


def _applies(settings: SiteSettings, entry: DefaultSet, relative_path: str, existing: frozenset[str]) -> bool:
    if not entry.has_scope:
        return True
    if entry.type is not None and entry.type != "posts":
        return False
    scope_path = entry.path
    if not isinstance(scope_path, str) or not scope_path:
        return True
    path = _sanitize(relative_path)
    coll = settings.collections_dir
    if "*" in scope_path:
        return any(path.startswith(_strip_collections_dir(p, coll)) for p in _globbed(scope_path, existing))
    return path.startswith(_strip_collections_dir(scope_path, coll))


def _has_precedence(old: DefaultSet | None, new: DefaultSet) -> bool:
    if old is None:
        return True
    new_path, old_path = _sanitize(new.path), _sanitize(old.path)
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    if new.type is not None:
        return True
    return old.type is None


def post_defaults(
    settings: SiteSettings, relative_path: str, site_path: str | None = None, listing: frozenset[str] | None = None
) -> dict[str, Any]:
    """The default values for a post (FrontmatterDefaults#all), empty when no set applies.

    `relative_path` is Jekyll's (below `collections_dir`, see site_entries.jekyll_reads);
    `site_path` the same file from the site root, and `listing` the site's (`site_listing`),
    which a glob scope is matched against (without it: the post's own path and folders).
    """
    if not settings.defaults:
        return {}
    if listing is None:
        listing = site_listing([site_path or relative_path])
    merged: dict[str, Any] = {}
    old: DefaultSet | None = None
    for entry in settings.defaults:
        if not _applies(settings, entry, relative_path, listing):
            continue
        if _has_precedence(old, entry):
            merged = deep_merge(merged, entry.values)
            old = entry if entry.has_scope else None
        else:
            merged = deep_merge(entry.values, merged)
    return merged
