"""A post file's place in its site (`SourceFile`) and the row the library stores of it (`PreparedPost`).

Pure: `prepare_post` reads the bytes as Jekyll would and the body as a news item,
for the import's worker processes and for the store when a post is edited.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from typing import Any, NamedTuple

from finews_desktop.core.content.newsitem import is_xml_safe, read_news_item
from finews_desktop.core.jekyll import post as jekyll


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
    # a draft's modification time (Jekyll's date for a draft that names none; naive: a zip member's
    # wall time, read in the site's zone), None for a post
    file_time: datetime | None = None


class PreparedPost(NamedTuple):
    """Everything the library stores about one file, computed without the database.

    A NamedTuple rather than a dataclass: it crosses process boundaries by the
    hundred thousand, and tuples pickle several times faster.
    """

    site_root: str
    site_path: str
    shown_path: str
    raw: bytes
    content_hash: str
    title: str
    date: int | None
    date_text: str | None
    slug: str | None
    url: str | None
    layout: str | None
    builds: bool
    skip_reason: str | None
    warnings: list[dict[str, str]]
    jekyll_json: str
    categories: list[str]
    tags: list[str]
    stocks: list[tuple[str, str, str | None]]
    plain_text: str
    source_url: str | None
    news_id: str | None
    encoding: str


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _jsonable(value: Any, tz: tzinfo) -> Any:
    """Jekyll's typed values as its `jsonify` shows them (times in the site's timezone)."""
    kind = type(value)
    if kind is str or value is None or kind is int or kind is bool:  # most values: no test below applies
        return value
    if isinstance(value, datetime):
        return jekyll.format_date(value if value.tzinfo else value.replace(tzinfo=UTC), tz)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v, tz) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v, tz) for k, v in value.items()}
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return jekyll.ruby_to_s(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return jekyll.ruby_to_s(value)  # bytes (!!binary), sets, tuples: as Ruby would print them


_JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps makes a new encoder per call when given options


def _plain_json(typed: dict[str, Any]) -> bool:
    """Whether json.dumps shows these values as _jsonable would without it (text, lists of text, None, bool)."""
    for value in typed.values():
        kind = type(value)
        if kind is list:
            if not all(type(v) is str for v in value):
                return False
        elif not (kind is str or value is None or kind is bool):
            return False
    return True


def prepare_post(
    raw: bytes,
    source: SourceFile,
    tz: tzinfo,
    build_time: datetime,
    permalink: Any = None,
    digest: str | None = None,
    with_text: bool = False,
) -> PreparedPost:
    """Parse one file's bytes into the row the library stores (pure; never raises on bad input);
    `with_text`: its plain text too (the import's workers hand it along, folded: content/search_text.py)."""
    parsed = jekyll.parse_post(raw, source.site_path, tz, build_time, permalink, source.file_time)
    name = source.site_path.rsplit("/", 1)[-1]
    xml_safe = is_xml_safe(raw, parsed.encoding, parsed.text)
    item = read_news_item(parsed.body, name, with_text=with_text, xml_safe=xml_safe)  # stored: derived when read
    typed = {
        "title": parsed.title,
        "categories": parsed.categories,
        "tags": parsed.tags,
        "slug": parsed.slug,
        "ext": parsed.ext,
        "published": parsed.published,
    }
    title = parsed.title
    title_text = jekyll.ruby_to_s(title) if title is not None else ""
    layout = parsed.layout
    return PreparedPost(
        site_root=source.site_root,
        site_path=source.site_path,
        shown_path=source.shown_path,
        raw=raw,
        content_hash=digest or content_hash(raw),
        title=title_text,
        date=int(parsed.date.timestamp()) if parsed.date else None,
        date_text=jekyll.format_date(parsed.date, tz) if parsed.date else None,
        slug=jekyll.ruby_to_s(parsed.slug) if parsed.slug is not None else None,
        url=parsed.url,
        layout=jekyll.ruby_to_s(layout) if layout is not None else None,
        builds=parsed.builds,
        skip_reason=parsed.skip_reason,
        warnings=[w.to_json() for w in parsed.warnings],
        jekyll_json=_JSON.encode(typed if _plain_json(typed) else _jsonable(typed, tz)),
        categories=_unique_names(parsed.categories or []),
        tags=_unique_names(parsed.tags or []),
        stocks=[(s.market, s.code, s.name) for s in item.stocks],
        plain_text=item.plain_text,
        source_url=item.source_url,
        news_id=item.news_id,
        encoding=parsed.encoding,
    )


def stored_file_time(site_path: str, date: int | None) -> datetime | None:
    """The `file_time` to read a stored draft again with: its stored date, which is its file's
    modification time when nothing else dated it (the library keeps no other); None for a post."""
    if date is None or not jekyll.is_draft_path(site_path):
        return None
    return datetime.fromtimestamp(date, UTC)


def _unique_names(values: Iterable[Any]) -> list[str]:
    """Names for the category/tag tables: Ruby's to_s, without repeats, order kept."""
    out: list[str] = []
    seen: set[str] = set()
    for v in values:
        name = jekyll.ruby_to_s(v)
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out
