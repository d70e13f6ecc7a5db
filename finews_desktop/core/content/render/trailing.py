"""The finews chrome at the end of a body (its "返回…" links and the source line), left out of the view.

The source link is shown in the header instead; the post's bytes keep both.
"""

from __future__ import annotations

import itertools
from typing import Any

from finews_desktop.core.content.render.markup import remove
from finews_desktop.core.content.render.urls import web_url

_NAV_SEPARATORS = " \t\r\n\u00a0\u3000|｜·/、,，"


def _is_navigation(el: Any) -> bool:
    """A paragraph of finews navigation links only: [返回…](…), joined by ｜ or new lines."""
    if el.tag not in ("p", "div"):
        return False
    anchors = list(itertools.islice(el.iter("a"), 7))
    if not anchors or len(anchors) > 6:
        return False
    rest = el.text_content()
    for a in anchors:
        text = a.text_content().strip()
        if not text.startswith("返回"):
            return False
        rest = rest.replace(text, "", 1)
    return not rest.strip(_NAV_SEPARATORS)


def _is_source_line(el: Any, source_url: str | None) -> bool:
    """The `<http://…>` autolink paragraph that is the post's source link (or the empty `<>`)."""
    if el.tag != "p":
        return False
    children = list(el)
    text = el.text_content().strip()
    if not children:
        return text == "<>"
    if len(children) != 1 or children[0].tag != "a" or (el.text or "").strip() or (children[0].tail or "").strip():
        return False
    href = children[0].get("href") or ""
    return bool(source_url) and text == href and web_url(href) == web_url(source_url)


def drop_trailing_chrome(body: Any, source_url: str | None) -> None:
    """Drop the finews return links (and the source line before them) at the end of the body, from the view only."""
    while len(body):
        last = body[-1]
        if (last.tail or "").strip():
            return
        if _is_navigation(last) or _is_source_line(last, source_url):
            remove(last)
            continue
        return
