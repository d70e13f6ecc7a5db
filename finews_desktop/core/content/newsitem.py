"""What a finews post body tells about the news item: plain text, stocks, source link, news id.

The plain text comes from an lxml parse (a fast C parser that copes with the
broken HTML scraped news is full of). The import does not ask for it: it is
half of the import's parsing, and only the search index and a post's own
view need it, so it is derived from the stored bytes when read
(`plain_text_of`). Stocks are read at import: from the quote spans by a
regular expression when the markup is the plain kind finews writes (whatever
it cannot vouch for goes to the same lxml tree), so both ways give the same
mentions.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import lxml.etree

from finews_desktop.core.jekyll.post import decode_post_bytes, split_front_matter

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
_XML_INCOMPATIBLE_BYTES = bytes([*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20)])


def is_xml_safe(raw: bytes, encoding: str, text: str) -> bool:
    """Whether `text`, decoded from `raw` as `encoding`, has none of _XML_INCOMPATIBLE_RE's characters.

    Asked of the bytes where it can be (strict UTF-8 has no lone surrogates, and control
    characters are single bytes), which is several times faster than the regex on the text."""
    if encoding not in ("utf-8", "utf-8-sig"):
        return _XML_INCOMPATIBLE_RE.search(text) is None
    return (
        len(raw.translate(None, _XML_INCOMPATIBLE_BYTES)) == len(raw) and "\ufffe" not in text and "\uffff" not in text
    )


def _text_and_stocks(body: str, with_text: bool = True, xml_safe: bool = False) -> tuple[str, list[StockMention]]:
    """(plain text, stocks); the text is "" unless with_text, and then lxml may not be needed."""
    if not body.strip():
        return "", []
    if not xml_safe and _XML_INCOMPATIBLE_RE.search(body):  # lxml drops text after a lone surrogate, and more
        body = _XML_INCOMPATIBLE_RE.sub(" ", body)
    if not with_text:
        quick = _quick_stocks(body)
        if quick is not None:
            return "", quick
    try:
        text, stocks = _parse_text_and_stocks(body)
    except (lxml.etree.LxmlError, ValueError):
        text, stocks = " ".join(body.split()), []
    return (text if with_text else ""), stocks


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
    found: list[Any] = _STOCK_XPATH(root)  # type: ignore[assignment]  # elements, for this expression
    stocks = _collect_stocks((el.get("data-code") or "", partial(_element_text, el)) for el in found)
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + el.tail if el.tail else "\n"
    text = lxml.etree.tostring(root, method="text", encoding=str)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line), stocks


def _collect_stocks(found: Iterable[tuple[str, Callable[[], str]]]) -> list[StockMention]:
    """Mentions from (data-code value, the element's text) in document order, each stock once,
    named by the first of its elements that has a name."""
    stocks: dict[tuple[str, str], StockMention] = {}
    for code_attr, text in found:
        m = _MARKET_CODE_RE.match(code_attr)
        if m:
            market, code = m.group(1), m.group(2)
            name = " ".join(text().split()) or None
        else:
            m = _CODE_MARKET_RE.match(code_attr)
            if not m:
                continue
            market, code, name = m.group(2), m.group(1), None
        known = stocks.get((market, code))
        if known is None or (known.name is None and name):
            stocks[(market, code)] = StockMention(market, code, name)
    return list(stocks.values())


# The plain quote spans finews writes: <a … data-code="1,600160" …>巨化股份</a>. `_quick_stocks` reads
# them with regular expressions when every tag of a body is of the simple kind below (lower-case names,
# well-formed attributes, simple comments; no raw-text element or stray '<'); lxml reads anything else.
_ATTRIBUTE = r"""[a-z][a-z0-9_:.-]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?"""
# Tags whose content is not markup, that shape the document, or that lxml reads in ways of its own.
# (script style select svg noscript noembed noframes template textarea title xmp plaintext iframe
# html head body frame frameset object option math, by first letters: one test per tag, not 21)
_NOT_PLAIN_TAG = (
    r"(?:s(?:cript|tyle|elect|vg)|no(?:script|embed|frames)|t(?:emplate|extarea|itle)|xmp|plaintext|iframe"
    r"|h(?:tml|ead)|body|frame(?:set)?|o(?:bject|ption)|math)\b"
)
# Text, simple tags and simple comments only ('<!-->' and the like are lxml's), in one match:
# possessive, so that a body that is not plain fails at once, without backtracking.
_PLAIN_MARKUP_RE = re.compile(
    rf"(?:[^<]++|<(?:!--(?:[^<>-]|-(?!-))*+--|(?!{_NOT_PLAIN_TAG})[a-z][a-z0-9]*+(?:\s++{_ATTRIBUTE})*+\s*+/?"
    rf"|/(?!{_NOT_PLAIN_TAG})[a-z][a-z0-9]*+\s*+)>)*+"
)
# A quote element: a tag holding data-code, the text up to the next tag, and that tag when it is
# an end tag (groups: name, the value quoted three ways, '/', text, the end tag's name).
_QUOTE_ELEMENT_RE = re.compile(
    rf"""<([a-z][a-z0-9]*)\s(?:{_ATTRIBUTE}\s+)*?"""
    r"""data-code\s*=\s*(?:"([^"<>&]*)"|'([^'<>&]*)'|([^\s"'<>=`&]+))"""
    rf"""(?:\s+{_ATTRIBUTE})*\s*(/?)>([^<]*)(?:</([a-z][a-z0-9]*)\s*>)?"""
)
# Elements whose text lxml keeps as written (no void element, nothing a table or list reshapes).
_TEXT_TAGS = frozenset(
    [
        "a",
        "span",
        "b",
        "i",
        "u",
        "s",
        "em",
        "strong",
        "font",
        "small",
        "big",
        "sub",
        "sup",
        "code",
        "cite",
        "q",
        "abbr",
        "dfn",
        "mark",
        "ins",
        "del",
        "strike",
        "label",
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    ]
)


def _quick_stocks(body: str) -> list[StockMention] | None:
    """The stocks of a body of plain quote spans, as lxml would read them; None when unsure.

    The caller has replaced the characters lxml cannot take (_XML_INCOMPATIBLE_RE). One
    match vouches for the whole body (every '<' starts a simple tag or comment, which ends
    at the next '>'), so each 'data-code' is then looked at where it stands. A comment
    inside a stock's name (lxml joins the text around it) is left to lxml.
    """
    if _PLAIN_MARKUP_RE.fullmatch(body) is None:
        return None
    stocks: dict[tuple[str, str], StockMention] = {}
    at = body.find("data-code")
    while at >= 0:
        start = body.rfind("<", 0, at)
        element = _QUOTE_ELEMENT_RE.match(body, start) if start >= 0 else None
        if element is None:
            return None  # 'data-code' in the text, or in a tag that is not a plain quote tag
        tag_name, quoted, single, bare, slash, text, close = element.groups()
        tag_end = element.end(5) + 1
        if tag_end <= at or body.count("data-code", start, tag_end) != 1:
            return None  # in the text after a quote tag, or in another attribute's name or value too
        at = body.find("data-code", tag_end)
        value = quoted if quoted is not None else single if single is not None else bare
        if slash and body[tag_end - 3] not in " \t\n\r\f\"'":
            return None  # '<a … x/>': is the '/' the end of an unquoted value? lxml knows
        name = None
        m = _MARKET_CODE_RE.match(value)
        if m is not None:
            market, code = m.group(1, 2)
            if not slash:  # ('<a … />' is an empty element to lxml, as in XML)
                if close != tag_name or tag_name not in _TEXT_TAGS or "&" in text:
                    return None  # markup, an entity or another element's end in the name
                name = " ".join(text.split()) or None
        else:
            m = _CODE_MARKET_RE.match(value)
            if m is None:
                continue
            code, market = m.group(1, 2)
        known = stocks.get((market, code))
        if known is None or (known.name is None and name):  # as _collect_stocks: first named element names it
            stocks[(market, code)] = StockMention(market, code, name)
    return list(stocks.values())


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


def read_news_item(body: str, file_name: str, with_text: bool = True, *, xml_safe: bool = False) -> NewsItem:
    """What a post body tells (never raises on bad HTML); plain_text stays "" unless with_text.

    xml_safe: the caller knows the body has no character lxml refuses (`is_xml_safe`)."""
    item = NewsItem()
    text_source, item.source_url = _strip_markdown_lines(body)
    if "](" in text_source:
        text_source = _MD_LINK_RE.sub(r"\1", text_source)
    text, item.stocks = _text_and_stocks(text_source, with_text, xml_safe)
    item.plain_text = text if with_text else ""
    m = _NEWS_ID_IN_NAME_RE.search(file_name)
    if m:
        item.news_id = m.group(1)
    elif item.source_url:
        m = _NEWS_ID_IN_LINK_RE.search(item.source_url)
        if m:
            item.news_id = m.group(1)
    return item


def plain_text_of(raw: bytes) -> str:
    """The plain text of a stored post (its body as Jekyll cuts it, read as the import reads it)."""
    text, encoding, _utf8 = decode_post_bytes(raw)
    body = text[split_front_matter(text)[2] :]
    return read_news_item(body, "", xml_safe=is_xml_safe(raw, encoding, text)).plain_text


def post_text_columns(table: str = "") -> str:
    """The two columns of post_content that `post_text` takes (raw only where it is needed)."""
    t = f"{table}." if table else ""
    return f"{t}plain_text, CASE WHEN {t}plain_text = '' THEN {t}raw END"


def post_text(stored: str | None, raw: bytes | None) -> str:
    """The plain text of a post_content row: `plain_text` as imports before the derived text
    stored it, else derived from `raw` (select raw only where plain_text is '')."""
    if stored:
        return stored
    return plain_text_of(bytes(raw)) if raw else ""
