"""The one lxml pass that turns a body's HTML into QTextBrowser's subset: every cleaning rule but the
trailing links (`trailing.py`) and the table rows (`tables.py`).

Parents are visited before children, each element once, from a stack (no recursion: a deep body
cannot overflow Python's stack); what is unwrapped is unwrapped at the end, innermost first.
"""

from __future__ import annotations

from typing import Any

import lxml.html

from finews_desktop.core.content.render.allowlist import (
    BLOCKISH,
    DROP_WITH_CONTENT,
    EMPTY_UNKNOWN_TO_LIBXML,
    KEEP,
    RENAME,
    keep_attributes,
)
from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.images import image
from finews_desktop.core.content.render.limits import MAX_DEPTH, MAX_RUN, MAX_TABLE_NESTING, Fallback
from finews_desktop.core.content.render.markup import remove
from finews_desktop.core.content.render.rendered import Link
from finews_desktop.core.content.render.stocks import stock_mention
from finews_desktop.core.content.render.styles import is_hidden
from finews_desktop.core.content.render.tables import flatten_table_part
from finews_desktop.core.content.render.text import ZWSP, breakable
from finews_desktop.core.content.render.urls import web_url

_TABLE_PARTS = frozenset({"table", "tr", "td", "th", "thead", "tbody", "tfoot"})
_ENDS_WITH_A_LINE = frozenset({"p", "div", "li", "td", "th", "center", "blockquote", "dd"})


def clean(body: Any, ctx: Context) -> None:
    """Every element kept, renamed, unwrapped or removed by the allow-list; stock links and images made."""
    body.attrib.clear()
    if body.text:
        body.text = breakable(body.text)
    unwrap: list[Any] = []
    # (element, depth, inside a link, tables around it, inside a too-deep table)
    stack: list[tuple[Any, int, bool, int, bool]] = [(child, 1, False, 0, False) for child in reversed(body)]
    seen = 0
    while stack:
        el, depth, in_link, tables, flat = stack.pop()
        seen += 1
        if not seen & 255 and ctx.clock() > ctx.deadline:
            raise Fallback("too_slow")
        raw_tag = el.tag
        if not isinstance(raw_tag, str):  # comments and processing instructions left by the parser
            remove(el)
            continue
        tag = raw_tag.lower()
        if el.tail and len(el.tail) > MAX_RUN:
            el.tail = breakable(el.tail)
        if tag in DROP_WITH_CONTENT or is_hidden(el):
            remove(el)
            continue
        if el.text and len(el.text) > MAX_RUN:
            el.text = breakable(el.text)
        data_code = el.get("data-code")
        if data_code and not in_link:
            became = stock_mention(el, tag, data_code, ctx)
            if became == "replaced":
                continue
            if became == "kline":
                stack.extend((child, depth + 1, True, tables, flat) for child in reversed(el))
                continue
        if tag == "img":
            image(el, ctx)
            continue
        if tag == "br" and _ends_a_block(el):
            remove(el)  # a line break that ends a paragraph only adds an empty line
            continue
        if tag in EMPTY_UNKNOWN_TO_LIBXML:
            _unwrap_empty_element(el, tag, unwrap)
            stack.extend((child, depth + 1, in_link, tables, flat) for child in reversed(el))
            continue
        if tag == "caption" and _caption_before_table(el):
            continue
        in_link, tables, flat = _allow_listed(
            el, raw_tag, RENAME.get(tag, tag), depth, in_link, tables, flat, ctx, unwrap
        )
        stack.extend((child, depth + 1, in_link, tables, flat) for child in reversed(el))
    for el in reversed(unwrap):  # descendants before their ancestors
        if el.getparent() is not None:
            el.drop_tag()


def _allow_listed(
    el: Any,
    raw_tag: str,
    tag: str,
    depth: int,
    in_link: bool,
    tables: int,
    flat: bool,
    ctx: Context,
    unwrap: list[Any],
) -> tuple[bool, int, bool]:
    """The element kept (its attributes filtered), renamed, flattened or unwrapped, as the allow-list says;
    the state its children inherit: inside a link, tables around them, inside a table nested too deep."""
    if tag == "a":
        in_link = _link(el, in_link, ctx, unwrap)
    elif tag in _TABLE_PARTS and (flat or tables >= MAX_TABLE_NESTING):
        flat = flat or tag == "table"
        if flatten_table_part(el, tag):
            unwrap.append(el)
    elif tag in KEEP:
        if raw_tag != tag:
            el.tag = tag
        keep_attributes(el, tag)
        if tag == "table":
            tables += 1
    elif tag in BLOCKISH:
        el.tag = "div"
        keep_attributes(el, "div")
    else:
        el.attrib.clear()
        unwrap.append(el)
    # a span left with no style is only an element more for Qt; too deep: Qt lays it out slowly, its text stays
    if ((tag == "span" and not el.attrib) or depth > MAX_DEPTH) and (not unwrap or unwrap[-1] is not el):
        unwrap.append(el)
    return in_link, tables, flat


def _ends_a_block(br: Any) -> bool:
    """A <br> last in a paragraph-like block, with nothing after it: it would only add an empty line."""
    if br.getnext() is not None or (br.tail or "").strip():
        return False
    parent = br.getparent()
    return parent is not None and parent.tag in _ENDS_WITH_A_LINE


def _unwrap_empty_element(el: Any, tag: str, unwrap: list[Any]) -> None:
    """An HTML5 empty element libxml2 read as a container: it goes, what it swallowed stays (<wbr> a U+200B)."""
    el.attrib.clear()
    if tag == "wbr":
        el.text = ZWSP + (el.text or "")
    unwrap.append(el)


def _caption_before_table(el: Any) -> bool:
    """A table's caption becomes a paragraph before the table; False (nothing done) outside a table."""
    table = el.getparent()
    if table is None or table.tag != "table":
        return False
    caption = lxml.html.Element("p", {"class": "caption"})
    caption.text = breakable(" ".join(el.text_content().split()))
    table.addprevious(caption)
    remove(el)
    return True


def _link(el: Any, in_link: bool, ctx: Context, unwrap: list[Any]) -> bool:
    """An <a> kept with its http(s) URL only, else unwrapped to its text (as is a link inside a link);
    whether what it holds is inside a link."""
    url = web_url(el.get("href"))
    el.attrib.clear()
    if url is None or in_link:
        unwrap.append(el)  # a link to nowhere safe becomes its text
        return in_link
    el.set("href", url)
    ctx.links.append(Link(url, " ".join(el.text_content().split()), "web"))
    return True
