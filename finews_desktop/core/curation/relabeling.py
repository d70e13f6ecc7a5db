"""Giving posts new tag or category lists: set-based per group of alike posts, one by one for the rest.

A change to a post's tags or categories is a front matter edit, marked edited,
whose bytes differ only on that key's lines. Posts are grouped by their key line
and their link state's columns (names, edited, pending mask, and source name for
tags or folder and archive for categories: `CurationWrites.link_states`); a
merge over 100,000 posts of 11 sources is 11 groups. Each group's first post is
rewritten by `frontmatter.rewrite_post` as a check (read back as Jekyll would,
not stored), and the group becomes a `Relink` (core/store/relinks.py) that set-based
statements carry out for every group at once; the bytes stay, `post_pending`
says their key lines are derived when read (core/store/pending.py). Posts that
do not fit (a key of their own shape, an own permalink, categories from
folders) are edited one by one, as `Library.edit_posts` does.
"""

from __future__ import annotations

import json
import re
import time
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from finews_desktop.core.curation.operations import AddName, Relabel
from finews_desktop.core.errors import KnownError
from finews_desktop.core.jekyll import frontmatter as _fm
from finews_desktop.core.jekyll.post import SiteRules, folder_categories
from finews_desktop.core.store import pending as _pending
from finews_desktop.core.store.changes import PostEdit
from finews_desktop.core.store.curation_rows import CurationWrites
from finews_desktop.core.store.operation import Operation
from finews_desktop.core.store.relinks import HEAD, LinkState, Relink, name_table

Relist = Callable[[list[str]], list[str]]  # a post's names -> its new names
GroupKey = tuple[bytes, tuple[Any, ...]]  # (the key line, the link state's columns)
Posted = tuple[int, bytes, tuple[Any, ...]]  # (post id, its first bytes, its link state's columns)
OneByOne = list[tuple[int, list[str]]]  # (post id, its new names): posts edited one at a time

_PERMALINK = re.compile(rb"^permalink[ \t]*:", re.M)


def relabel(
    rows: CurationWrites, kind: str, relist: Relist, *, ids: Sequence[int] = (), having: Sequence[str] | None = None
) -> tuple[list[PostEdit], list[Operation]]:
    """Give each post `relist(its names)`: the posts `ids`, or (`having`) every post carrying one of these names.

    Returns the one-by-one edits and the steps taken (new names, then the Relabel), for undo.
    """
    key = name_table(kind).key
    now = int(time.time())
    lists = _NameLists(key, relist)
    groups, odd = _group(rows.link_states(kind, ids=ids, having=having), key)
    one_by_one = _group_odd_posts(rows, kind, odd, groups, lists)
    relinks = _relinks(rows, kind, groups, lists, one_by_one)
    ops: list[Operation] = _add_new_names(rows, kind, relinks, one_by_one)
    relinks, misfits = rows.write_relinks(relinks, now)
    one_by_one.extend((pid, list(r.after.names)) for r, pid in misfits)
    edits = [edit for pid, new in one_by_one if (edit := rows.edit_post(pid, {key: new}, now)) is not None]
    return edits, ops + ([Relabel(tuple(relinks))] if relinks else [])


class _NameLists:
    """(names before, their fragment in post.jekyll, names after) of each distinct names value, worked out once."""

    def __init__(self, key: str, relist: Relist) -> None:
        self.key, self.relist = key, relist
        self.known: dict[str, tuple[list[str], str, list[str]]] = {}

    def __call__(self, names_json: str) -> tuple[list[str], str, list[str]]:
        known = self.known.get(names_json)
        if known is None:
            value = json.loads(names_json)
            old = [str(v) for v in (value if isinstance(value, list) else [value] if value is not None else [])]
            frag = f'"{self.key}": ' + json.dumps(value, ensure_ascii=False)  # as the importer wrote it
            known = self.known[names_json] = (old, frag, self.relist(list(old)))
        return known


def _group(posts: Iterable[Posted], key: str) -> tuple[dict[GroupKey, list[int]], list[Posted]]:
    """Posts whose key line is plain (found in their first bytes), by key line and state; and the others."""
    plain = _pending.plain_key_span
    groups: dict[GroupKey, list[int]] = {}
    odd: list[Posted] = []
    for pid, head, state in posts:
        span = plain(head, key)
        if span is None:
            odd.append((pid, head, state))
            continue
        group = (head[span[0] : span[1]], state)
        members = groups.get(group)
        if members is None:
            groups[group] = [pid]
        else:
            members.append(pid)
    return groups, odd


def _group_odd_posts(
    rows: CurationWrites, kind: str, odd: list[Posted], groups: dict[GroupKey, list[int]], lists: _NameLists
) -> OneByOne:
    """Read the posts the quick scan could not with the careful reader (the whole post when its front
    matter is longer than HEAD) into the groups; returns those that must go one by one."""
    key = lists.key
    one_by_one: OneByOne = []
    for pid, head, state in odd:
        old, _frag, new = lists(state[0])
        if new == old:
            continue
        head = bytes(head)
        span = _pending.key_lines(head, key)
        if span is None and len(head) >= HEAD:
            head = rows.stored_raw(pid)
            span = _pending.key_lines(head, key)
        if span is None or (kind == "category" and _PERMALINK.search(head, 0, _pending.fm_end(head))):
            one_by_one.append((pid, new))  # an own permalink may or may not hold the categories
            continue
        groups.setdefault((head[span[0] : span[1]], state), []).append(pid)
    return one_by_one


def _relinks(
    rows: CurationWrites, kind: str, groups: dict[GroupKey, list[int]], lists: _NameLists, one_by_one: OneByOne
) -> list[Relink]:
    """A Relink for each group whose names change and whose first post checks; the other groups'
    posts join `one_by_one`."""
    relinks: list[Relink] = []
    for (_line, state), members in groups.items():
        names_json, edited, mask, *place = state
        old, frag, new = lists(names_json)
        if new == old:
            continue
        relink = _relink(rows, kind, members, (old, frag, new), bool(edited), int(mask), place)
        if relink is None:
            one_by_one.extend((m, list(new)) for m in members)  # it would move, or the writer wants it whole
        else:
            relinks.append(relink)
    return relinks


def _relink(
    rows: CurationWrites,
    kind: str,
    members: list[int],
    names: tuple[list[str], str, list[str]],
    edited: bool,
    mask: int,
    place: list[Any],
) -> Relink | None:
    """The group's Relink, or None when its first post says the group cannot go as a set."""
    old, frag, new = names
    key = name_table(kind).key
    path, url, tz, permalink = rows.post_place(members[0])
    folder = folder_categories(path) if kind == "category" else []
    checked = _check_group(rows, key, members[0], path, tz, permalink, new) if new[: len(folder)] == folder else None
    if checked is None or (kind == "category" and url is None):
        return None
    tag = kind == "tag"
    old_prefix, new_prefix = ("", "") if tag else _changed_prefix(url or "", checked)
    return Relink(
        kind=kind,
        post_ids=array("q", members),
        before=LinkState(
            names=tuple(old),
            fragment=frag,
            source=place[0] if tag else None,
            url_prefix=old_prefix,
            edited=edited,
            pending_mask=mask,
        ),
        after=LinkState(
            names=tuple(new),
            fragment=f'"{key}": ' + json.dumps(list(new), ensure_ascii=False),
            source=(new[0] if new else None) if tag else None,
            url_prefix=new_prefix,
            edited=True,
            pending_mask=mask | _pending.BITS[key],
        ),
    )


def _check_group(
    rows: CurationWrites, key: str, pid: int, path: str, tz: str, permalink: Any, new: list[str]
) -> str | None:
    """Rewrite a group's first post as a check (not stored): None when the group must go one by one.

    Gives the new url for categories ('' for tags).
    """
    raw = rows.stored_raw(pid)
    span = _pending.key_lines(raw, key)
    if span is None:
        return None
    zone = permalink.tz if isinstance(permalink, SiteRules) else _pending.Deriver().zone(tz)  # the site's own zone
    try:
        out = _fm.rewrite_post(raw, path, zone, **{key: new}, permalink=permalink)  # type: ignore[arg-type]
    except KnownError:
        return None
    head, tail = raw[: span[0]], raw[span[1] :]
    if out.site_path != path or not (out.raw.startswith(head) and out.raw.endswith(tail)):
        return None
    return (out.parsed.url or "") if key == "categories" else ""


def _add_new_names(rows: CurationWrites, kind: str, relinks: list[Relink], one_by_one: OneByOne) -> list[Operation]:
    """Rows for the names the posts get that the library lacks: they go again with the undo, once no post has them."""
    wanted = dict.fromkeys(n for r in relinks for n in r.after.names)
    wanted.update(dict.fromkeys(n for _pid, new in one_by_one for n in new))
    ops: list[Operation] = []
    for name in wanted:
        if not rows.name_exists(kind, name):
            op = AddName(kind, name)
            op.apply(rows)
            ops.append(op)
    return ops


def _changed_prefix(old: str, new: str) -> tuple[str, str]:
    """The leading parts of two urls that differ (their common tail left out)."""
    n = 0
    while n < min(len(old), len(new)) and old[len(old) - 1 - n] == new[len(new) - 1 - n]:
        n += 1
    return old[: len(old) - n], new[: len(new) - n]
