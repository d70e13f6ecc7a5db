"""What a finews post body tells about the news item: plain text, stocks, source link, news id.

The body is parsed once with lxml (a fast C parser that copes with the broken
HTML scraped news is full of) and everything is read from that one tree.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import lxml.etree

# An autolink on its own line: the finews source note (`<http://…>`).
_SOURCE_LINK_RE = re.compile(r"[ \t]*<((?:https?:)?//[^<>\s]+)?>[ \t]*\r?$")
_NEWS_ID_IN_NAME_RE = re.compile(r"(\d{12,})")
_NEWS_ID_IN_LINK_RE = re.compile(r"(?:infoCode=NW|/|,)(\d{9,})(?:\.html)?$")
# Quote spans: data-code="1,600160" (market,code) and K-line blocks "601138|1|1" (code|market|kind).
_MARKET_CODE_RE = re.compile(r"^\s*(\d{1,3}),([A-Za-z0-9._]{1,12})\s*$")
_CODE_MARKET_RE = re.compile(r"^\s*([A-Za-z0-9._]{1,12})\|(\d{1,3})\|\d+\|?\s*$")
# Tags that end a line of a body's text, for every reader of bodies: the search text here and the
# preview's copy text in render.py. Table cells are each reader's own: the search text puts every cell
# on a line of its own (a term never matches across two cells), the preview's keeps a row on one line.
LINE_BREAK_TAGS = frozenset(
    {
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        *(f"h{level}" for level in range(1, 7)),
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "blockquote",
        "center",
        "pre",
        "section",
        "article",
        "hr",
    }
)
_BLOCK_TAGS = LINE_BREAK_TAGS | {"td", "th"}
_DROP_TAGS = ("script", "style", "noscript", "template")
_STOCK_XPATH = lxml.etree.XPath("//*[@data-code]")


@dataclass(frozen=True)
class StockMention:
    market: str
    code: str
    name: str | None


@dataclass
class NewsItem:
    plain_text: str = ""
    stocks: list[StockMention] = field(default_factory=list)
    source_url: str | None = None
    news_id: str | None = None


# Markdown that survives HTML parsing: [text](url) links and '> ' quote markers.
_MD_LINK_RE = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")
_local = threading.local()


def _parser() -> lxml.etree.HTMLParser:
    """One parser per thread: lxml parsers must not be shared between threads."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = lxml.etree.HTMLParser(
            remove_comments=True, remove_pis=True, recover=True, no_network=True, huge_tree=True
        )
        _local.parser = parser
    return parser


_XML_INCOMPATIBLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text_and_stocks(body: str) -> tuple[str, list[StockMention]]:
    if not body.strip():
        return "", []
    if _XML_INCOMPATIBLE_RE.search(body):  # lxml drops text after a lone surrogate; control characters too
        body = _XML_INCOMPATIBLE_RE.sub(" ", body)
    try:
        return _parse_text_and_stocks(body)
    except (lxml.etree.LxmlError, ValueError):
        return " ".join(body.split()), []


def _remove_keeping_tail(el: lxml.etree._Element) -> None:
    """Remove an element but not the text that follows it (lxml's remove() drops the tail too)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _element_text(el: lxml.etree._Element) -> str:
    """An element's text without its tail (serialised in C: several times faster than itertext)."""
    return lxml.etree.tostring(el, method="text", encoding=str, with_tail=False)


def _parse_text_and_stocks(body: str) -> tuple[str, list[StockMention]]:
    root = lxml.etree.fromstring(f"<html><body>{body}</body></html>", _parser())
    if root is None:
        return "", []
    for el in list(root.iter(*_DROP_TAGS)):  # walking the tree in C costs less than a regex over the text
        _remove_keeping_tail(el)
    stocks: dict[tuple[str, str], StockMention] = {}
    for el in _STOCK_XPATH(root):
        code_attr = el.get("data-code") or ""
        m = _MARKET_CODE_RE.match(code_attr)
        if m:
            market, code = m.group(1), m.group(2)
            name = " ".join(_element_text(el).split()) or None
        else:
            m = _CODE_MARKET_RE.match(code_attr)
            if not m:
                continue
            market, code, name = m.group(2), m.group(1), None
        known = stocks.get((market, code))
        if known is None or (known.name is None and name):
            stocks[(market, code)] = StockMention(market, code, name)
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + el.tail if el.tail else "\n"
    text = lxml.etree.tostring(root, method="text", encoding=str)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line), list(stocks.values())


def _strip_markdown_lines(body: str) -> tuple[str, str | None]:
    """Drop the source-link line and '> ' quote markers, line by line (bodies have few lines)."""
    source_url: str | None = None
    lines = body.split("\n")
    for i, line in enumerate(lines):
        head = line.lstrip(" \t")
        if not head:
            continue
        if head[0] == "<":
            m = _SOURCE_LINK_RE.match(line)
            if m:
                if source_url is None:
                    source_url = m.group(1)
                lines[i] = ""
                continue
        if head[0] == ">" and len(line) - len(head) <= 3:
            lines[i] = head[2:] if head[1:2] in (" ", "\t") else head[1:]
    return "\n".join(lines), source_url


def read_news_item(body: str, file_name: str) -> NewsItem:
    """Everything the app shows or searches about a post body (never raises on bad HTML)."""
    item = NewsItem()
    text_source, item.source_url = _strip_markdown_lines(body)
    if "](" in text_source:
        text_source = _MD_LINK_RE.sub(r"\1", text_source)
    item.plain_text, item.stocks = _text_and_stocks(text_source)
    m = _NEWS_ID_IN_NAME_RE.search(file_name)
    if m:
        item.news_id = m.group(1)
    elif item.source_url:
        m = _NEWS_ID_IN_LINK_RE.search(item.source_url)
        if m:
            item.news_id = m.group(1)
    return item
