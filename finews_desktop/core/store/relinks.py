"""Tags and categories changed as sets: groups of alike posts moved from one link state to another.

Curation (core/curation/relabel.py) groups the posts a tag or category change
reaches by their key line and their `link_states` columns; each group becomes a
`Relink` holding both states as named records, and `write_relinks` moves every
group at once with one statement per table (links, `post`, `post_pending`),
whatever the number of posts. The posts' bytes are not touched: `post_pending`
says their key lines are derived when read (core/store/pending.py). Undo and
redo are the same statements with the states swapped.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from finews_desktop.core.errors import KnownError
from finews_desktop.core.jekyll.archive_rules import archive_rules

HEAD = 512  # bytes of a post read to find its key lines (one page; longer front matter is read whole)
ID_BATCH = 50_000  # post ids per json_each list


@dataclass(frozen=True, slots=True)
class NameTable:
    """Where a kind of name lives: its table and column, its link table, and its front matter key."""

    table: str
    column: str
    links: str  # the link table (post_id, <fk>, position)
    fk: str
    key: str  # the front matter key (and post.jekyll's)


NAME_TABLES = {
    "tag": NameTable("tag", "name", "post_tag", "tag_id", "tags"),
    "category": NameTable("category", "slug", "post_category", "category_id", "categories"),
}


def name_table(kind: str) -> NameTable:
    table = NAME_TABLES.get(kind)
    if table is None:
        raise KnownError(f"Choose tag or category, not {kind!r}.")
    return table


@dataclass(frozen=True, slots=True)
class LinkState:
    """What a group's posts hold on one side of a Relink (their bytes aside)."""

    names: tuple[str, ...]
    fragment: str  # '"tags": [...]' as it stands in post.jekyll
    source: str | None  # post.source_name, which follows the first tag (None for categories)
    url_prefix: str  # categories: the part of the url that changes ('' when none)
    edited: bool
    pending_mask: int  # post_pending.mask (0: not pending)


@dataclass(frozen=True)
class Relink:
    """Posts that had the same names and key lines and get the same new names."""

    kind: str  # tag | category
    post_ids: array[int]
    before: LinkState
    after: LinkState

    def swapped(self) -> Relink:
        """The Relink that undoes this one."""
        return replace(self, before=self.after, after=self.before)


# --- reading the posts to group ---------------------------------------------------------


def link_states(
    conn: Any, kind: str, *, ids: Sequence[int] = (), having: Sequence[str] | None = None
) -> Iterator[tuple[int, bytes, tuple[Any, ...]]]:
    """(post id, its first HEAD bytes, its state's columns) of each post `ids` names, or (`having`) of each
    post linked to one of these names, found through the link table's index in the same statement.

    The state is (names as post.jekyll's JSON, edited, pending mask, source name) for tags and
    (names as JSON, edited, pending mask, folder, archive id) for categories: posts alike in it
    and in their key line are changed as one group.
    """
    table = name_table(kind)
    place = "p.source_name" if kind == "tag" else "rtrim(p.path, replace(p.path, '/', '')), p.archive_id"
    sql = (
        f"SELECT p.id, substr(c.raw, 1, {HEAD}), COALESCE(p.jekyll -> '$.{table.key}', 'null'), p.edited, "
        f"COALESCE(pp.mask, 0), {place} FROM post p JOIN post_content c ON c.post_id = p.id "
        "LEFT JOIN post_pending pp ON pp.post_id = p.id WHERE p.id IN "
    )
    if having is not None:
        sql += (
            f"(SELECT l.post_id FROM {table.links} l JOIN {table.table} t ON t.id = l.{table.fk} "
            f"WHERE t.{table.column} IN (SELECT value FROM json_each(?)))"
        )
        batches = [json.dumps(list(having))]
    else:
        sql += "(SELECT value FROM json_each(?))"
        batches = [json.dumps([int(i) for i in ids[s : s + ID_BATCH]]) for s in range(0, len(ids), ID_BATCH)]
    for batch in batches:
        for row in conn.execute(sql, (batch,)):
            yield row[0], row[1], row[2:]


def post_place(conn: Any, post_id: int) -> tuple[str, str | None, str, Any]:
    """(path, url, the archive's timezone, the rules its posts are read by) of a post: what rewriting it
    needs. The rules are the archive's `_config.yml` as core/jekyll/archive_rules.py makes it."""
    path, url, tz_name, permalink, config = conn.execute(
        "SELECT p.path, p.url, a.timezone, a.permalink, a.config FROM post p JOIN archive a ON a.id = p.archive_id "
        "WHERE p.id = ?",
        (post_id,),
    ).fetchone()
    _zone, rules = archive_rules(tz_name, permalink, bytes(config) if config is not None else None)
    return path, url, tz_name, rules


def stored_raw(conn: Any, post_id: int) -> bytes:
    """A post's stored bytes (not its current ones when pending: core/store/pending.py)."""
    return bytes(conn.execute("SELECT raw FROM post_content WHERE post_id = ?", (post_id,)).fetchone()[0])


# --- writing ----------------------------------------------------------------------------

NameIds = Callable[[str, Iterable[str]], dict[Any, int]]


def write_relinks(
    conn: Any, relinks: Sequence[Relink], now: int, name_ids: NameIds, *, check: bool = False
) -> tuple[list[Relink], list[tuple[Relink, int]]]:
    """Put each Relink's posts in its `after` state: one statement per table for all of them.

    Posts not in their Relink's `before` state (its names in post.jekyll, its url's prefix,
    and with check its pending mask) are left out and returned as (Relink, post id)
    misfits; with check (undo, redo) a misfit refuses the whole step instead.
    `name_ids` gets or makes the ids of names (`Library._ids_for`).
    """
    if not relinks:
        return [], []
    _create_temp_tables(conn)
    try:
        _fill_temp_tables(conn, relinks, name_ids)
        relinks, misfits = _leave_out_misfits(conn, relinks, check)
        _write_links(conn, name_table(relinks[0].kind))
        _write_posts(conn, now)
        _write_pending(conn, relinks)
        return [r for r in relinks if r.post_ids], misfits
    finally:
        for temp in ("relink", "relink_group", "relink_name"):
            conn.execute(f"DELETE FROM temp.{temp}")


def _create_temp_tables(conn: Any) -> None:
    """relink: post -> group; relink_group: what each group's statements put or test; relink_name: its names."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS relink (post_id INTEGER PRIMARY KEY, g INTEGER NOT NULL)")
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS relink_group (g INTEGER PRIMARY KEY, old_frag TEXT, new_frag TEXT, "
        "source INTEGER, new_source TEXT, old_prefix TEXT, new_prefix TEXT, edited INTEGER, old_mask INTEGER, "
        "new_mask INTEGER)"
    )
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS relink_name (g INTEGER, position INTEGER, name_id INTEGER)")


def _fill_temp_tables(conn: Any, relinks: Sequence[Relink], name_ids: NameIds) -> None:
    kind = relinks[0].kind
    ids = name_ids(name_table(kind).table, [n for r in relinks for n in r.after.names])
    for g, r in enumerate(relinks):
        before, after = r.before, r.after
        conn.execute(
            "INSERT INTO temp.relink (post_id, g) SELECT value, ? FROM json_each(?)", (g, json.dumps(list(r.post_ids)))
        )
        conn.execute(
            "INSERT INTO temp.relink_group VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                g,
                before.fragment,
                after.fragment,
                int(kind == "tag"),
                after.source,
                before.url_prefix if kind == "category" else None,
                after.url_prefix,
                int(after.edited),
                before.pending_mask,
                after.pending_mask,
            ),
        )
        conn.executemany(
            "INSERT INTO temp.relink_name VALUES (?, ?, ?)", [(g, i, ids[n]) for i, n in enumerate(after.names)]
        )


_JOINS = (
    "FROM temp.relink r JOIN temp.relink_group g ON g.g = r.g LEFT JOIN post p ON p.id = r.post_id "
    "LEFT JOIN post_pending pp ON pp.post_id = r.post_id"
)


def _leave_out_misfits(
    conn: Any, relinks: Sequence[Relink], check: bool
) -> tuple[Sequence[Relink], list[tuple[Relink, int]]]:
    """Take posts not in their group's `before` state (or gone: p.id IS NULL) out of the work."""
    mask_test = "COALESCE(pp.mask, 0) != g.old_mask OR " if check else ""
    misfit = (
        f"p.id IS NULL OR {mask_test}instr(p.jekyll, g.old_frag) = 0 OR (g.old_prefix IS NOT NULL "
        "AND (p.url IS NULL OR substr(p.url, 1, length(g.old_prefix)) != g.old_prefix))"
    )
    if not conn.execute(f"SELECT EXISTS (SELECT 1 {_JOINS} WHERE {misfit})").fetchone()[0]:
        return relinks, []
    if check:
        raise KnownError("Some posts of this edit were changed or deleted since; undo the later change first.")
    rows = conn.execute(f"SELECT r.post_id, r.g {_JOINS} WHERE {misfit}").fetchall()  # rare: few posts
    out: set[tuple[int, int]] = set(rows)
    conn.executemany("DELETE FROM temp.relink WHERE post_id = ?", [(pid,) for pid, _g in rows])
    kept = [
        replace(r, post_ids=array("q", (p for p in r.post_ids if (p, g) not in out))) for g, r in enumerate(relinks)
    ]
    return kept, [(relinks[g], pid) for pid, g in rows]


def _write_links(conn: Any, table: NameTable) -> None:
    conn.execute(f"DELETE FROM {table.links} WHERE post_id IN (SELECT post_id FROM temp.relink)")
    conn.execute(
        f"INSERT INTO {table.links} (post_id, {table.fk}, position) SELECT r.post_id, n.name_id, n.position "
        "FROM temp.relink r JOIN temp.relink_name n ON n.g = r.g"
    )


def _write_posts(conn: Any, now: int) -> None:
    """post.jekyll's names by substitution, edited, the source name (tags) and the url's prefix (categories)."""
    conn.execute(  # a correlated row value: faster here than UPDATE ... FROM
        "UPDATE post SET (jekyll, edited, source_name, url) = (SELECT replace(post.jekyll, g.old_frag, g.new_frag), "
        "g.edited, CASE WHEN g.source THEN g.new_source ELSE post.source_name END, "
        "CASE WHEN g.old_prefix IS NULL OR g.old_prefix = g.new_prefix THEN post.url "
        "ELSE g.new_prefix || substr(post.url, length(g.old_prefix) + 1) END "
        "FROM temp.relink r JOIN temp.relink_group g ON g.g = r.g WHERE r.post_id = post.id), updated_at = ? "
        "WHERE id IN (SELECT post_id FROM temp.relink)",
        (now,),
    )


def _write_pending(conn: Any, relinks: Sequence[Relink]) -> None:
    """post_pending's masks: set where a group becomes pending, dropped where it stops being so."""
    if any(r.after.pending_mask and r.after.pending_mask != r.before.pending_mask for r in relinks):
        conn.execute(  # (none for a rename of a renamed tag: already pending)
            "INSERT INTO post_pending (post_id, mask) SELECT r.post_id, g.new_mask FROM temp.relink r "
            "JOIN temp.relink_group g ON g.g = r.g WHERE g.new_mask != 0 AND g.new_mask != g.old_mask "
            "ON CONFLICT (post_id) DO UPDATE SET mask = excluded.mask"
        )
    if any(not r.after.pending_mask and r.before.pending_mask for r in relinks):
        conn.execute(
            "DELETE FROM post_pending WHERE post_id IN (SELECT r.post_id FROM temp.relink r "
            "JOIN temp.relink_group g ON g.g = r.g WHERE g.new_mask = 0 AND g.old_mask != 0)"
        )
