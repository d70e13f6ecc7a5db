"""What the index knows of a post: its folded title and text, their n-grams, and its field tokens.

Read from the library (`load_docs`) when a post is indexed or searched directly while it
waits in the queue; the folded text is what the text file keeps and what long queries are
verified against.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import add
from typing import Any
from urllib.parse import urlsplit

from finews_desktop.core.content.newsitem import post_text, post_text_columns
from finews_desktop.core.content.search_text import fold, search_body
from finews_desktop.core.content.search_text import storable as _storable

EDGE = "\uffff"  # marks the start/end of a text in the extension tables' n-grams


@dataclass(frozen=True, slots=True)
class IndexDoc:
    """A post as the search sees it: folded title and text, and field tokens."""

    id: int
    title: str
    body: str
    fields: frozenset[str]


def grams(text: str) -> tuple[set[str], list[str]]:
    """The distinct 1- and 2-character strings of text, and its 2-grams in order."""
    out = set(text)
    if len(text) < 2:
        return out, []
    two = list(map(add, text, text[1:]))
    out.update(two)
    return out, two


def _ext_grams(text: str, two: list[str], ext: tuple[set[str], set[str]]) -> None:
    """The 3- and 4-grams of text, plus each end's 2- and 3-gram with the EDGE mark."""
    if not two:
        return
    threes, fours = ext
    three = list(map(add, two, text[2:]))
    threes.update(three)
    threes.add(EDGE + two[0])
    threes.add(two[-1] + EDGE)
    if three:
        fours.update(map(add, three, text[3:]))
        fours.add(EDGE + three[0])
        fours.add(three[-1] + EDGE)


def doc_keys(doc: IndexDoc, ext: tuple[set[str], set[str]] | None = None) -> tuple[set[str], set[str], frozenset[str]]:
    title, title2 = grams(doc.title)
    body, body2 = grams(doc.body)
    if ext is not None:
        _ext_grams(doc.title, title2, ext)
        _ext_grams(doc.body, body2, ext)
    return title | body, title, doc.fields


def field_tokens(
    tags: Iterable[str], categories: Iterable[str], stocks: Iterable[tuple[str, str]], source_name: Any, source_url: Any
) -> frozenset[str]:
    out = {"t" + fold(t) for t in tags}
    out.update("c" + fold(c) for c in categories)
    out.update("k" + fold(f"{m}.{c}") for m, c in stocks)
    if source_name:
        out.add("s" + fold(str(source_name)))
    host = url_host(source_url)
    if host:
        out.add("h" + host)
    return frozenset(out)


def url_host(url: Any) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(str(url)).hostname
    except ValueError:
        return None
    return fold(host) if host else None


def _doc_row(d: IndexDoc) -> tuple[Any, ...]:
    return (d.id, "\x1f".join(sorted(d.fields)))


def load_docs(
    db: Any, where: str, params: Iterable[Any], handed: Mapping[str, str] | None = None
) -> dict[int, IndexDoc]:
    """IndexDocs of the posts selected by `where` (over column `id`), read from the library; `handed`: the
    folded texts of posts an import has just parsed, by content hash (content/search_text.HandedTexts),
    not derived from their bytes again."""
    params = list(params)
    handed = handed or {}
    posts = db.execute_sql(
        f"SELECT p.id, p.title, p.source_name, p.source_url, p.content_hash, {post_text_columns('c')} FROM post p "
        f"LEFT JOIN post_content c ON c.post_id = p.id WHERE {where.format(id='p.id')}",
        params,
    ).fetchall()
    if not posts:
        return {}
    tags: dict[int, list[str]] = defaultdict(list)
    cats: dict[int, list[str]] = defaultdict(list)
    stocks: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for pid, name in db.execute_sql(
        f"SELECT x.post_id, t.name FROM post_tag x JOIN tag t ON t.id = x.tag_id WHERE {where.format(id='x.post_id')}",
        params,
    ):
        tags[pid].append(name)
    for pid, slug in db.execute_sql(
        f"SELECT x.post_id, c.slug FROM post_category x JOIN category c ON c.id = x.category_id "
        f"WHERE {where.format(id='x.post_id')}",
        params,
    ):
        cats[pid].append(slug)
    for pid, market, code in db.execute_sql(
        f"SELECT x.post_id, s.market, s.code FROM post_stock x JOIN stock s ON s.id = x.stock_id "
        f"WHERE {where.format(id='x.post_id')}",
        params,
    ):
        stocks[pid].append((market, code))
    return {
        pid: IndexDoc(
            pid,
            _storable(fold(title or "")),
            body if (body := handed.get(digest)) is not None else search_body(post_text(text, raw)),
            field_tokens(tags.get(pid, ()), cats.get(pid, ()), stocks.get(pid, ()), source, url),
        )
        for pid, title, source, url, digest, text, raw in posts
    }


def load_docs_by_id(db: Any, ids: Iterable[int], handed: Mapping[str, str] | None = None) -> dict[int, IndexDoc]:
    out: dict[int, IndexDoc] = {}
    ids = sorted(set(ids))
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        out.update(load_docs(db, "{id} IN (SELECT value FROM json_each(?))", [_json_ids(chunk)], handed))
    return out


def _json_ids(ids: Iterable[int]) -> str:
    return "[" + ",".join(map(str, ids)) + "]"
