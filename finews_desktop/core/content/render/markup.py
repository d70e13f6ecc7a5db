"""A body from text to a tree and back: markdown (bounded in time), then lxml, one of each per thread."""

from __future__ import annotations

import threading
from typing import Any

import lxml.etree
import lxml.html
import markdown
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.tables import TableExtension

from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.limits import MARKDOWN_BUDGET_S, Deadline, Fallback, with_deadline

_local = threading.local()


def html_parser() -> lxml.html.HTMLParser:
    """One parser per thread: lxml parsers must not be shared between threads."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = lxml.html.HTMLParser(  # type: ignore[call-arg]  # default_doctype: not in lxml-stubs
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            recover=True,
            default_doctype=False,
            collect_ids=False,
        )
        _local.parser = parser
    return parser


def markdown_converter() -> markdown.Markdown:
    md = getattr(_local, "markdown", None)
    if md is None:
        # tables and fenced code: what Jekyll's kramdown (GFM input) also reads.
        md = markdown.Markdown(extensions=[TableExtension(), FencedCodeExtension()], output_format="html")
        _local.markdown = md
    return md


def markdown_to_html(body: str, ctx: Context, start: float) -> str:
    """The body through markdown (raw HTML kept, as kramdown does), within MARKDOWN_BUDGET_S of `start`."""
    md = markdown_converter()
    try:
        return with_deadline(md.reset().convert, body, min(start + MARKDOWN_BUDGET_S, ctx.deadline), ctx.clock)
    except Deadline:
        _local.markdown = None  # interrupted half-way: start the next post with a fresh one
        raise Fallback("too_slow") from None
    except RecursionError:
        _local.markdown = None
        raise Fallback("too_deep") from None


def parse(html_text: str) -> Any:
    """The <body> element of the HTML; Fallback when libxml2 could not read it whole."""
    parser = html_parser()
    root = lxml.etree.fromstring(f"<html><body>{html_text}</body></html>", parser)
    if root is None:
        raise Fallback("error")
    if parser.error_log.filter_from_fatals():
        raise Fallback("too_deep")  # libxml2's own limits (256 levels, 10 MB text nodes): content was cut
    body = root.find("body")
    if body is None:
        raise Fallback("error")
    return body


def serialize(body: Any) -> str:
    out = lxml.html.tostring(body, encoding=str, method="html")
    if out.startswith("<body>") and out.endswith("</body>"):
        return out[6:-7]
    return out


def remove(el: Any) -> None:
    """Remove an element and its content, keeping the text after it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)
