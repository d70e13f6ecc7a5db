"""Editing posts one by one: rewriting only the changed front matter keys, and reverting such an edit.

An edit rewrites the post's bytes (core/jekyll/frontmatter.py), keeps the bytes it
replaced as a post_version (reason 'edit') and stores the new ones with their row
and links as the import does; the `PostEdit` it returns holds the values before and
after and that version's id, so that `revert_one` can undo it byte for byte. Both
run inside the transaction `Library.edit_posts` / `Library.revert` hold.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from finews_desktop.core.errors import KnownError
from finews_desktop.core.jekyll import frontmatter as _fm
from finews_desktop.core.jekyll.archive_rules import archive_rules
from finews_desktop.core.jekyll.post import SiteRules
from finews_desktop.core.store import pending as _pending
from finews_desktop.core.store.changes import PostEdit
from finews_desktop.core.store.name_ids import NameIds
from finews_desktop.core.store.prepared_rows import post_values, write_links

if TYPE_CHECKING:
    from finews_desktop.core.content.postrow import PreparedPost

# what to change: Jekyll's fields given (title, date, tags, categories), other keys set, keys removed
Request = tuple[dict[str, Any], dict[str, Any], tuple[str, ...]]


def requested(
    title: Any, date: Any, tags: Any, categories: Any, extra: dict[str, Any] | None, remove_keys: Iterable[str]
) -> Request:
    """The edit asked for, fields left `frontmatter.UNCHANGED` dropped and name lists made lists."""
    args = {"title": title, "date": date, "tags": tags, "categories": categories}
    given = {k: v for k, v in args.items() if v is not _fm.UNCHANGED}
    for key in ("tags", "categories"):
        if key in given:
            given[key] = list(given[key]) if not isinstance(given[key], str) else given[key]
    return given, dict(extra or {}), tuple(dict.fromkeys(remove_keys))


def edit_one(
    conn: Any,
    pid: int,
    given: dict[str, Any],
    extra: dict[str, Any],
    removals: tuple[str, ...],
    now: int,
    ids_for: NameIds,
) -> PostEdit | None:
    """Rewrite one post (None when its bytes and path stay as they are)."""
    archive_id, path, copy, was_edited, typed_json, date_text, digest, raw, root, tz_name, permalink = _post_for_edit(
        conn, pid
    )
    raw = stored = bytes(raw)
    tz = _edit_zone(tz_name, permalink)
    now_dt = datetime.fromtimestamp(now, tz)
    pending_before = _pending.snapshot(conn, pid)
    if pending_before is not None:  # start from its current bytes; they are stored whole below
        raw = bytes(next(_pending.current_raws(conn, [(pid, raw)]))[1])
    rewritten, new_path = _rewrite(pid, raw, path, tz, now_dt, permalink, given, extra, removals)
    if rewritten.raw == raw and new_path == path:
        return None
    new_copy = copy if new_path == path else _free_copy(conn, archive_id, new_path)
    prepared = _prepare_edited(rewritten.raw, root, new_path, tz, now_dt, permalink, _stored_date(conn, pid))
    version_id = _store_edited(conn, pid, stored, digest, prepared, new_path, new_copy, True, now, ids_for)
    _pending.restore(conn, pid, None, ids_for)

    before, after = _field_values(given, typed_json, date_text, prepared)
    keys = (*extra, *removals)
    old_fm = _front_matter_of(raw, path, tz, now_dt, permalink)
    new_fm = rewritten.parsed.front_matter or {}
    fields = set(given) | ({"path"} if new_path != path else set()) | ({"front_matter"} if keys else set())
    return PostEdit(
        post_id=pid,
        fields=frozenset(fields),
        before={"path": path, "copy": copy, **before},
        after={"path": new_path, "copy": new_copy, **after},
        keys_before={k: old_fm.get(k, _fm.ABSENT) for k in keys},
        keys_after={k: new_fm.get(k, _fm.ABSENT) for k in keys},
        version_id=version_id,
        was_edited=bool(was_edited),
        hash_after=prepared.content_hash,
        pending_before=pending_before,
    )


def _rewrite(
    pid: int,
    raw: bytes,
    path: str,
    tz: ZoneInfo,
    now_dt: datetime,
    permalink: Any,
    given: dict[str, Any],
    extra: dict[str, Any],
    removals: tuple[str, ...],
) -> tuple[_fm.Rewritten, str]:
    """The post's new bytes and site path (a new date renames the file's date prefix)."""
    try:
        rewritten = _fm.rewrite_post(
            raw, path, tz, **given, extra=extra, remove_keys=removals, permalink=permalink, now=now_dt
        )
    except KnownError as exc:
        raise KnownError(f"Post {pid}: {exc}") from exc
    new_path = rewritten.site_path
    if "date" in given:
        new_path = _fm.renamed_for_date(new_path, _fm.coerce_date(given["date"], tz, now_dt), tz)
    return rewritten, new_path


def _field_values(
    given: dict[str, Any], typed_json: str, date_text: str | None, prepared: PreparedPost
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The given fields' values as Jekyll reads them before and after ('date' as date_text)."""
    old_typed, new_typed = json.loads(typed_json), json.loads(prepared.jekyll_json)
    before = {name: date_text if name == "date" else old_typed.get(name) for name in given}
    after = {name: prepared.date_text if name == "date" else new_typed.get(name) for name in given}
    return before, after


def revert_one(conn: Any, edit: PostEdit, now: int, ids_for: NameIds, forget_names: Callable[[], None]) -> PostEdit:
    """Give one post back the bytes, path and edited flag it had before `edit`; returns the edit that redoes it.

    Refused (KnownError) when the post was changed again since. `forget_names` empties
    the name-id cache when names the reverted bytes no longer use are dropped.
    """
    pid = edit.post_id
    archive_id, path, copy, was_edited, _typed, _date_text, digest, raw, root, tz_name, permalink = _post_for_edit(
        conn, pid
    )
    pending_now = _pending.snapshot(conn, pid)
    if digest != edit.hash_after or (pending_now and pending_now[0]) != (edit.pending_after and edit.pending_after[0]):
        raise KnownError(f"Post {pid} was changed again since this edit; undo the later change first.")
    row = conn.execute("SELECT raw FROM post_version WHERE id = ? AND post_id = ?", (edit.version_id, pid)).fetchone()
    if row is None:
        raise KnownError(f"The earlier version of post {pid} is no longer in the library.")
    old_raw = bytes(row[0])
    tz = _edit_zone(tz_name, permalink)
    now_dt = datetime.fromtimestamp(now, tz)
    target_path, target_copy = edit.before["path"], edit.before["copy"]
    if (target_path, target_copy) != (path, copy):
        target_copy = _copy_back(conn, pid, archive_id, target_path, target_copy)
    prepared = _prepare_edited(old_raw, root, target_path, tz, now_dt, permalink, _stored_date(conn, pid))
    made = _pending.missing_names(conn, prepared.tags, prepared.categories) if edit.pending_before else None
    version_id = _store_edited(
        conn, pid, bytes(raw), digest, prepared, target_path, target_copy, edit.was_edited, now, ids_for
    )
    _pending.restore(conn, pid, edit.pending_before, ids_for)
    if made:  # names of the stored bytes that the pending names replace: not left behind unused
        _pending.drop_unused(conn, made)
        forget_names()
    return PostEdit(
        post_id=pid,
        fields=edit.fields,
        before={**edit.after, "path": path, "copy": copy},
        after={**edit.before, "path": target_path, "copy": target_copy},
        keys_before=edit.keys_after,
        keys_after=edit.keys_before,
        version_id=version_id,
        was_edited=bool(was_edited),
        hash_after=prepared.content_hash,
        pending_before=pending_now,
        pending_after=edit.pending_before,
    )


def _copy_back(conn: Any, pid: int, archive_id: int, path: str, copy: int) -> int:
    """The copy number a reverted post gets at its old path: its old one, unless another post took it since."""
    taken = conn.execute(
        "SELECT 1 FROM post WHERE archive_id = ? AND path = ? AND copy = ? AND id != ?",
        (archive_id, path, copy, pid),
    ).fetchone()
    return _free_copy(conn, archive_id, path) if taken else copy


def _post_for_edit(conn: Any, post_id: int) -> tuple[Any, ...]:
    row = conn.execute(
        "SELECT p.archive_id, p.path, p.copy, p.edited, p.jekyll, p.date_text, p.content_hash, c.raw, "
        "a.root, a.timezone, a.permalink, a.config FROM post p JOIN post_content c ON c.post_id = p.id "
        "JOIN archive a ON a.id = p.archive_id WHERE p.id = ?",
        (post_id,),
    ).fetchone()
    if row is None:
        raise KnownError(f"There is no post with id {post_id}.")
    *fields, tz_name, permalink, config = row
    _edit_zone(tz_name)
    _tz, rules = archive_rules(tz_name, permalink, bytes(config) if config is not None else None)
    return (*fields, tz_name, rules)  # read by the archive's own settings (core/jekyll/archive_rules.py)


def _free_copy(conn: Any, archive_id: int, path: str) -> int:
    row = conn.execute("SELECT MAX(copy) FROM post WHERE archive_id = ? AND path = ?", (archive_id, path)).fetchone()
    return 0 if row[0] is None else row[0] + 1


def _edit_zone(name: str, rules: Any = None) -> Any:
    """The zone the archive's posts are dated in: its `_config.yml`'s when it has one Jekyll builds with."""
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise KnownError(f"The archive's timezone {name!r} is not known on this computer.") from exc
    return rules.tz if isinstance(rules, SiteRules) else zone


def _front_matter_of(raw: bytes, path: str, tz: Any, now: datetime, permalink: Any) -> dict[str, Any]:
    from finews_desktop.core.jekyll.post import parse_post

    return parse_post(raw, path, tz, now, permalink).front_matter or {}


def _prepare_edited(
    raw: bytes, root: str, path: str, tz: Any, now_dt: datetime, permalink: Any, stored_date: int | None = None
) -> PreparedPost:
    """The row of edited bytes; a draft dated only by its file's time keeps the stored date (its mtime)."""
    from finews_desktop.core.content.postrow import SourceFile, prepare_post, stored_file_time  # the readers

    source = SourceFile(root, path, path, file_time=stored_file_time(path, stored_date))
    return prepare_post(raw, source, tz, now_dt, permalink)


def _stored_date(conn: Any, pid: int) -> int | None:
    return conn.execute("SELECT date FROM post WHERE id = ?", (pid,)).fetchone()[0]


def _store_edited(
    conn: Any,
    pid: int,
    old_raw: bytes,
    old_hash: str,
    p: PreparedPost,
    path: str,
    copy: int,
    edited: bool,
    now: int,
    ids_for: NameIds,
) -> int:
    """Keep the old bytes as a version, write the new ones and the post's links; returns the version id."""
    version_id = conn.execute(
        "INSERT INTO post_version (post_id, raw, content_hash, replaced_at, reason) VALUES (?, ?, ?, ?, 'edit')",
        (pid, old_raw, old_hash, now),
    ).lastrowid
    conn.execute(
        "UPDATE post SET title=?, date=?, date_text=?, slug=?, url=?, layout=?, builds=?, skip_reason=?, "
        "warning_count=?, warnings=?, jekyll=?, content_hash=?, size=?, encoding=?, source_url=?, "
        "news_id=?, source_name=?, edited=?, path=?, copy=?, updated_at=? WHERE id=?",
        (*post_values(p), edited, path, copy, now, pid),
    )
    conn.execute("UPDATE post_content SET raw=?, plain_text=? WHERE post_id=?", (p.raw, p.plain_text, pid))
    for table in ("post_category", "post_tag", "post_stock"):
        conn.execute(f"DELETE FROM {table} WHERE post_id = ?", (pid,))
    cats = ids_for("category", p.categories)
    tags = ids_for("tag", p.tags)
    stocks = ids_for("stock", [(m, c) for m, c, _n in p.stocks])
    write_links(conn, [(pid, p)], cats, tags, stocks)
    return version_id
