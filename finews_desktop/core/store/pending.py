"""Posts whose tag or category lines are behind their links: their current bytes are derived when read.

A tag or category change over many posts (`curation.py`) changes the link rows
and the columns derived from them in a few set-based statements, and records
the post in `post_pending` (`mask`: 1 tags, 2 categories) instead of rewriting
100,000 blobs. Such a post's stored bytes (`post_content.raw`: as imported, or
as last edited one by one) stay as they are; its current bytes are the stored
ones with those keys rewritten to the linked names by `frontmatter.rewrite_post`
(only those lines change, and Jekyll reads the names back). Posts sharing the
same key lines get the first one's verified line by substitution, so an export
of 100,000 pending posts costs one rewrite per distinct line.

Whoever reads a post's bytes goes through `Library.post_raw` or
`Library.current_raws`; a post edited one by one (`Library._edit_one`) starts
from its current bytes and stores them whole (its pending row goes, kept in the
edit for undo: `snapshot`/`restore`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sized
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from finews_desktop.core.errors import KnownError
from finews_desktop.core.jekyll import frontmatter as _fm
from finews_desktop.core.jekyll.archive_rules import archive_rules

TAGS, CATEGORIES = 1, 2
BITS = {"tags": TAGS, "categories": CATEGORIES}
LINKS = {
    "tags": ("post_tag", "tag_id", "tag", "name"),
    "categories": ("post_category", "category_id", "category", "slug"),
}

_FM_END = re.compile(rb"\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)")
_NAME_KEYS = re.compile(rb"^(tags|tag|categories|category)[ \t]*:", re.M)
_PLURAL = {"tags": b"tags", "categories": b"categories"}
_SINGULAR = {"tags": b"tag", "categories": b"category"}

Snapshot = tuple[int, str, Any, Any, tuple[str, ...], tuple[str, ...]]
"""A pending post's state apart from its bytes: mask, jekyll JSON, url, source name, tag and category names."""


def fm_end(raw: bytes) -> int:
    """Where the front matter's closing line starts (0 when there is none)."""
    found = _FM_END.search(raw, 3)
    return found.start() if found else 0


def key_lines(raw: bytes, key: str) -> tuple[int, int] | None:
    """Where the `key:` line (and its block continuation) sits in the front matter, or None.

    None also when the key is there twice or its singular form (`tag:`) is there too:
    such posts are rewritten one by one.
    """
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    if not raw.startswith(b"---", start):
        return None
    first_nl = raw.find(b"\n", start)
    if first_nl < 0:
        return None
    end = _FM_END.search(raw, first_nl)
    if end is None:
        return None
    block_end = end.start() + 1
    found = None
    plural, singular = _PLURAL[key], _SINGULAR[key]
    for hit in _NAME_KEYS.finditer(raw, first_nl + 1, block_end):  # one scan for the key and its singular
        name = hit.group(1)
        if name == singular or (name == plural and found is not None):
            return None
        if name == plural:
            found = hit
    if found is None:
        return None
    s = found.start()
    e = raw.find(b"\n", s, block_end + 1) + 1
    if e <= 0:
        return None
    while e < block_end and raw[e : e + 1] in (b" ", b"\t", b"-"):
        nxt = raw.find(b"\n", e, block_end + 1)
        if nxt < 0:
            return None
        e = nxt + 1
    return s, e


_STEM = {"tags": (b"\ntag", b"\ntags:"), "categories": (b"\ncategor", b"\ncategories:")}


def plain_key_span(head: bytes, key: str) -> tuple[int, int] | None:
    """Where the `key:` line (with its newline) of a plainly written front matter is, else None (ask `key_lines`).

    Plainly: it starts with `---\n`, ends at the first `\n---\n`, has one line
    starting with the key's stem (`tag`, `categor`) and that is `key:`, not
    continued on the next line; for categories, no own permalink. Where it answers,
    it is `key_lines`' answer, three times faster (bytes.find, no regex): a merge
    looks at 100,000 posts' heads.
    """
    if head[:4] != b"---\n":
        return None
    fe = head.find(b"\n---", 3)
    if fe < 0 or head[fe + 4 : fe + 5] != b"\n":
        return None
    stem, nl_key = _STEM[key]
    kp = head.find(stem, 3, fe)
    if kp < 0 or not head.startswith(nl_key, kp) or head.find(stem, kp + 1, fe) >= 0:
        return None
    ke = head.find(b"\n", kp + 1, fe + 1)
    if ke < 0 or (ke < fe and head[ke + 1 : ke + 2] in (b" ", b"\t", b"-")) or head.find(b"\n...", 3, fe) >= 0:
        return None
    if key == "categories" and head.find(b"\npermalink", 3, fe) >= 0:
        return None
    return kp + 1, ke + 1


def rewritten_line(
    raw: bytes, span: tuple[int, int], path: str, tz: Any, key: str, names: list[str], permalink: Any
) -> bytes | None:
    """The bytes that replace raw[span] when `key` becomes `names` (verified by the writer), or None.

    None when the writer would change more than that span or move the post.
    """
    try:
        out = _fm.rewrite_post(raw, path, tz, **{key: names}, permalink=permalink)  # type: ignore[arg-type]
    except KnownError:
        return None
    head, tail = raw[: span[0]], raw[span[1] :]
    new = out.raw
    if out.site_path != path or not (new.startswith(head) and new.endswith(tail)) or len(new) < len(head) + len(tail):
        return None
    return new[len(head) : len(new) - len(tail)]


class Deriver:
    """Derives pending posts' current bytes, remembering each (key line, names) rewrite it verified."""

    def __init__(self) -> None:
        self._lines: dict[tuple[Any, ...], bytes | None] = {}
        self._zones: dict[str, Any] = {}

    def zone(self, name: str) -> Any:
        if name not in self._zones:
            self._zones[name] = ZoneInfo(name)
        return self._zones[name]

    def derive(
        self,
        pid: int,
        raw: bytes,
        path: str,
        tz_name: str,
        permalink: Any,
        mask: int,
        tags: list[str],
        cats: list[str],
        config: bytes | None = None,
    ) -> bytes:
        """The post's bytes with its pending lines written, read by its archive's settings (archive_rules)."""
        self.zone(tz_name)  # an unknown zone name fails as before
        tz, permalink = archive_rules(tz_name, permalink, config)
        out = raw
        for key, names in (("tags", tags), ("categories", cats)):
            if not mask & BITS[key]:
                continue
            span = plain_key_span(out, key) or key_lines(out, key)
            line = None
            if span is not None:
                folder = path.rsplit("/", 1)[0] if key == "categories" else ""
                cache_key = (key, out[span[0] : span[1]], folder, tuple(names), tz_name, permalink)
                if cache_key not in self._lines:
                    self._lines[cache_key] = rewritten_line(out, span, path, tz, key, names, permalink)
                line = self._lines[cache_key]
            if span is None or line is None:
                try:  # a shape of its own: the writer does the whole post
                    return _fm.rewrite_post(
                        raw,
                        path,
                        tz,
                        **({"tags": tags} if mask & TAGS else {}),  # type: ignore[arg-type]
                        **({"categories": cats} if mask & CATEGORIES else {}),  # type: ignore[arg-type]
                        permalink=permalink,
                        now=datetime.now(tz),
                    ).raw
                except KnownError as exc:
                    raise KnownError(f"Post {pid}: its new tags or categories cannot be written: {exc}") from exc
            out = out[: span[0]] + line + out[span[1] :]
        return out


def _marks(ids: Sized) -> str:
    return ",".join("?" * len(ids))


def linked_names(conn: Any, ids: list[int]) -> dict[int, tuple[list[str], list[str]]]:
    """Each post's tag and category names, in order."""
    out: dict[int, tuple[list[str], list[str]]] = {pid: ([], []) for pid in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for slot, key in enumerate(("tags", "categories")):
            links, fk, table, col = LINKS[key]
            for pid, name in conn.execute(
                f"SELECT l.post_id, t.{col} FROM {links} l JOIN {table} t ON t.id = l.{fk} "
                f"WHERE l.post_id IN ({_marks(chunk)}) ORDER BY l.post_id, l.position",
                chunk,
            ):
                out[pid][slot].append(name)
    return out


def current_raws(conn: Any, items: Iterable[tuple[int, bytes]], chunk: int = 500) -> Iterator[tuple[int, bytes]]:
    """(post id, current bytes) for (post id, stored bytes): pending posts derived, the others as they are."""
    if conn.execute("SELECT 1 FROM post_pending LIMIT 1").fetchone() is None:
        yield from items
        return
    deriver = Deriver()
    batch: list[tuple[int, bytes]] = []

    def flush() -> Iterator[tuple[int, bytes]]:
        ids = [pid for pid, _raw in batch]
        info = {
            pid: rest
            for pid, *rest in conn.execute(
                "SELECT pp.post_id, pp.mask, p.path, a.timezone, a.permalink, a.config FROM post_pending pp "
                f"JOIN post p ON p.id = pp.post_id JOIN archive a ON a.id = p.archive_id WHERE pp.post_id IN ({_marks(ids)})",
                ids,
            )
        }
        names = linked_names(conn, list(info)) if info else {}
        for pid, raw in batch:
            if pid in info:
                mask, path, tz_name, permalink, config = info[pid]
                config = bytes(config) if config is not None else None
                yield pid, deriver.derive(pid, bytes(raw), path, tz_name, permalink, mask, *names[pid], config)
            else:
                yield pid, raw
        batch.clear()

    for item in items:
        batch.append(item)
        if len(batch) >= chunk:
            yield from flush()
    if batch:
        yield from flush()


def mask_of(conn: Any, pid: int) -> int:
    row = conn.execute("SELECT mask FROM post_pending WHERE post_id = ?", (pid,)).fetchone()
    return row[0] if row else 0


def snapshot(conn: Any, pid: int) -> Snapshot | None:
    """What `restore` needs to put a pending post back after its bytes were stored whole (None: not pending)."""
    mask = mask_of(conn, pid)
    if not mask:
        return None
    jekyll, url, source = conn.execute("SELECT jekyll, url, source_name FROM post WHERE id = ?", (pid,)).fetchone()
    tags, cats = linked_names(conn, [pid])[pid]
    return (mask, jekyll, url, source, tuple(tags), tuple(cats))


def restore(
    conn: Any, pid: int, snap: Snapshot | None, ids_for: Callable[[str, Iterable[str]], dict[Any, int]]
) -> None:
    """Make the post pending as in `snap` (its stored bytes being the ones it had then); None: not pending."""
    if snap is None:
        conn.execute("DELETE FROM post_pending WHERE post_id = ?", (pid,))
        return
    mask, jekyll, url, source, tags, cats = snap
    conn.execute("UPDATE post SET jekyll = ?, url = ?, source_name = ? WHERE id = ?", (jekyll, url, source, pid))
    for key, names in (("tags", tags), ("categories", cats)):
        links, fk, table, _col = LINKS[key]
        ids = ids_for(table, names)
        conn.execute(f"DELETE FROM {links} WHERE post_id = ?", (pid,))
        conn.executemany(
            f"INSERT INTO {links} (post_id, {fk}, position) VALUES (?, ?, ?)",
            [(pid, ids[n], i) for i, n in enumerate(names)],
        )
    conn.execute("INSERT OR REPLACE INTO post_pending (post_id, mask) VALUES (?, ?)", (pid, mask))


def missing_names(conn: Any, tags: Iterable[str], cats: Iterable[str]) -> dict[str, list[str]]:
    """Of these tag and category names, the ones the library has no row for (yet)."""
    out: dict[str, list[str]] = {}
    for key, names in (("tags", list(tags)), ("categories", list(cats))):
        _links, _fk, table, col = LINKS[key]
        have = {r[0] for r in conn.execute(f"SELECT {col} FROM {table} WHERE {col} IN ({_marks(names)})", names)}
        out[table] = [n for n in names if n not in have]
    return out


def drop_unused(conn: Any, names: dict[str, list[str]]) -> None:
    """Delete these tag/category rows where no post links to them."""
    for table, values in names.items():
        links, fk, _table, col = LINKS["tags" if table == "tag" else "categories"]
        conn.executemany(
            f"DELETE FROM {table} WHERE {col} = ? AND NOT EXISTS (SELECT 1 FROM {links} WHERE {fk} = {table}.id)",
            [(v,) for v in values],
        )
