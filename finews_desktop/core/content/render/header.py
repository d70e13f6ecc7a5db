"""The header above a post's body: what the library knows of it (title, date, categories, tags, stocks,
source, the reader's warnings) and the images notice, from the record alone."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.rendered import LOAD_IMAGES_LINK, Link, Stock
from finews_desktop.core.content.render.text import as_list, breakable, one_line
from finews_desktop.core.content.render.urls import web_url


def _category_names(record: Mapping[str, Any]) -> list[str]:
    slugs = [one_line(c) for c in as_list(record.get("categories"))]
    names = record.get("category_names")
    out = []
    for i, slug in enumerate(slugs):
        name: Any = None
        if isinstance(names, Mapping):
            name = names.get(slug)
        elif isinstance(names, (list, tuple)) and i < len(names):
            name = names[i]
        out.append(one_line(name) or slug)
    return [n for n in out if n]


def _short_url(url: str, limit: int = 70) -> str:
    shown = url.split("://", 1)[-1]
    if len(shown) > limit:
        shown = shown[: limit - 25] + "…" + shown[-24:]
    return shown


def header(record: Mapping[str, Any], ctx: Context, stocks: list[Stock]) -> tuple[str, list[str], list[Link]]:
    """(HTML, text lines, links) of the header: title, date and categories, tags, stocks, source, warnings, notices."""
    esc = html.escape
    labels = ctx.labels
    parts: list[str] = []
    text: list[str] = []
    links: list[Link] = []
    title = one_line(record.get("title_text")) or one_line(record.get("title")) or labels.untitled
    parts.append(f'<h1 class="title">{esc(breakable(title))}</h1>')
    text.append(title)
    meta = [m for m in (one_line(record.get("date")), " · ".join(_category_names(record))) if m]
    if meta:
        parts.append(f'<p class="meta">{esc(" · ".join(meta))}</p>')
        text.append(" · ".join(meta))
    tags = [t for t in (one_line(t) for t in as_list(record.get("tags"))) if t]
    if tags:
        chips = " ".join(f'<span class="chip">\u00a0{esc(breakable(t))}\u00a0</span>' for t in tags[:50])
        parts.append(f'<p class="chips">{chips}</p>')
        text.append(" ".join(f"#{t}" for t in tags))
    if stocks:
        items = []
        for s in stocks[:200]:
            name = s.name or s.code
            code = f' <span class="code">{esc(s.code)}</span>' if s.name else ""
            items.append(f'<a class="stock" href="{esc(s.link)}">{esc(name)}</a>{code}')
            links.append(Link(s.link, name, "stock"))
        parts.append(f'<p class="stocks"><span class="label">{esc(labels.stocks)}:</span> {" · ".join(items)}</p>')
        text.append(f"{labels.stocks}: " + ", ".join(f"{s.name} {s.code}" if s.name else s.code for s in stocks))
    source = web_url(one_line(record.get("source_url")))
    if source:
        parts.append(
            f'<p class="source"><span class="label">{esc(labels.source_link)}:</span> '
            f'<a href="{esc(source)}">{esc(breakable(_short_url(source)))}</a></p>'
        )
        text.append(f"{labels.source_link}: {source}")
        links.append(Link(source, _short_url(source), "web"))
    for warning in as_list(record.get("warnings"))[:20]:
        message = one_line(warning.get("message") if isinstance(warning, Mapping) else warning)
        if message:
            parts.append(f'<p class="warning">⚠ {esc(breakable(message))}</p>')
    if ctx.images and not ctx.images_on:
        note = labels.images_off.replace("{n}", str(len(ctx.images)))
        load = f' <a href="{LOAD_IMAGES_LINK}">{esc(labels.load_images)}</a>' if labels.load_images else ""
        parts.append(f'<p class="notice">{esc(note)}{load}</p>')
        if labels.load_images:
            links.append(Link(LOAD_IMAGES_LINK, labels.load_images, "action"))
    return "".join(parts), text, links
