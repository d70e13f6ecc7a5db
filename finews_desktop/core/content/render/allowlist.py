"""The allow-list: the tags and attributes of QTextBrowser's HTML subset a post keeps, and those it loses."""

from __future__ import annotations

from typing import Any

from finews_desktop.core.content.render.limits import MAX_SPAN
from finews_desktop.core.content.render.styles import safe_style

DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "option",
        "optgroup",
        "datalist",
        "output",
        "iframe",
        "frame",
        "frameset",
        "object",
        "applet",
        "param",
        "link",
        "meta",
        "base",
        "title",
        "head",
        "svg",
        "math",
        "canvas",
        "audio",
        "video",
        "picture",
        "map",
        "area",
        "dialog",
        "slot",
        "portal",
        "xml",
    }
)
# HTML5 empty elements that libxml2 (an HTML 4 parser) reads as containers of whatever follows them:
# the element goes, what follows stays.
EMPTY_UNKNOWN_TO_LIBXML = frozenset({"embed", "source", "track", "wbr", "keygen"})
# Tags kept as they are (with allow-listed attributes): what QTextDocument renders well.
KEEP = frozenset(
    {
        "a",
        "b",
        "big",
        "blockquote",
        "br",
        "center",
        "cite",
        "code",
        "dd",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
    }
)
RENAME = {
    "strike": "s",
    "del": "s",
    "ins": "u",
    "listing": "pre",
    "xmp": "pre",
    "plaintext": "pre",
    "dir": "ul",
    "menu": "ul",
    "mark": "b",
}
# Unknown block-level tags become div (so their text keeps its own lines); other unknown tags are unwrapped.
BLOCKISH = frozenset(
    {
        "article",
        "section",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "figure",
        "figcaption",
        "address",
        "details",
        "summary",
        "hgroup",
        "fieldset",
        "legend",
        "body",
        "html",
        "search",
    }
)
_BLOCK_ATTRS = {"align": frozenset({"left", "right", "center", "justify"}), "dir": frozenset({"ltr", "rtl"})}
_CELL_ATTRS = {"align": _BLOCK_ATTRS["align"], "valign": frozenset({"top", "middle", "bottom"})}
_LIST_TYPES = frozenset({"1", "a", "A", "i", "I", "disc", "circle", "square"})


def _int_attr(value: str | None, low: int, high: int) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        return None
    return str(min(max(int(value), low), high))


def keep_attributes(el: Any, tag: str) -> None:
    """Only the allow-listed attributes of a kept tag, with values it allows (spans and list starts bounded)."""
    attrs = dict(el.attrib)
    el.attrib.clear()
    if tag in ("td", "th"):
        allowed = _CELL_ATTRS
        for name in ("colspan", "rowspan"):
            value = _int_attr(attrs.get(name), 1, MAX_SPAN)
            if value and value != "1":
                el.set(name, value)
    elif tag in ("p", "div", "center", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "dt", "dd"):
        allowed = _BLOCK_ATTRS
    elif tag in ("ol", "ul"):
        allowed = {}
        if attrs.get("type", "").strip() in _LIST_TYPES:
            el.set("type", attrs["type"].strip())
        start = _int_attr(attrs.get("start"), 0, 1_000_000)
        if start is not None and tag == "ol":
            el.set("start", start)
    else:
        allowed = {}
    for name, values in allowed.items():
        value = attrs.get(name, "").strip().lower()
        if value in values:
            el.set(name, value)
    style = attrs.get("style")
    if style:
        safe = safe_style(style)
        if safe:
            el.set("style", safe)
