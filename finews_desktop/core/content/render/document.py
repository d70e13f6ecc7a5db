"""`render_post`: the header and the body (rich, or plain text when a limit is hit) in one HTML document."""

from __future__ import annotations

import functools
import importlib.resources
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from time import perf_counter
from typing import Any

import lxml.etree

from finews_desktop.core.content.newsitem import LINE_BREAK_TAGS
from finews_desktop.core.content.render.clean import clean
from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.fallback import fallback_body
from finews_desktop.core.content.render.header import header
from finews_desktop.core.content.render.limits import MAX_BODY_CHARS, MAX_ELEMENTS, RENDER_BUDGET_S, Fallback
from finews_desktop.core.content.render.markup import markdown_to_html, parse, serialize
from finews_desktop.core.content.render.rendered import ImagePolicy, Labels, Link, RenderedPost, Stock
from finews_desktop.core.content.render.stocks import post_stocks
from finews_desktop.core.content.render.tables import add_row_notes, trim_tables
from finews_desktop.core.content.render.text import ZWSP, one_line, tidy_lines, without_bad_char_refs, without_bad_chars
from finews_desktop.core.content.render.trailing import drop_trailing_chrome

log = logging.getLogger(__name__)


def render_post(
    record: Mapping[str, Any],
    body: str,
    *,
    images: ImagePolicy = ImagePolicy.OFF,
    base_dir: str | os.PathLike[str] | None = None,
    labels: Labels | None = None,
    stylesheet: str | None = None,
    clock: Callable[[], float] = perf_counter,
) -> RenderedPost:
    """The post as a complete HTML document for QTextBrowser, with its images, links and plain text.

    `record` is `Library.post_record(id)` (title_text/title, date, categories,
    tags, stocks, source_url, warnings; optional `category_names`, a mapping of
    category slug to display name or a list parallel to `categories`). `body`
    is the post text after its front matter. `base_dir` is the folder of the
    post file, for relative images. `stylesheet` replaces preview.css (e.g. a
    dark variant). `clock` measures the time budgets (tests make work slow by
    construction with a clock of their own instead of relying on a slow input).
    Never raises.
    """
    start = clock()
    if not isinstance(record, Mapping):
        record = {}
    if not isinstance(body, str):
        body = "" if body is None else str(body)
    ctx = Context(
        images_on=images is ImagePolicy.ON,
        base_dir=os.fspath(base_dir) if base_dir else None,
        labels=labels or Labels(),
        deadline=start + RENDER_BUDGET_S,
        source_url=one_line(record.get("source_url")) or None,
        clock=clock,
    )
    body_html, body_text, fallback, ctx = _body_or_its_text(body, ctx, start)
    stocks, head_html, head_text, head_links = _header_or_nothing(record, ctx)
    return RenderedPost(
        html=_document(preview_css() if stylesheet is None else stylesheet, head_html, body_html),
        plain_text="\n".join([*head_text, "", body_text]).strip("\n"),
        images=tuple(ctx.images),
        local_images=tuple(ctx.local_images),
        links=tuple(head_links + ctx.links),
        stocks=tuple(stocks),
        fallback=fallback,
        seconds=clock() - start,
    )


def _body_or_its_text(body: str, ctx: Context, start: float) -> tuple[str, str, str | None, Context]:
    """(HTML, text, why it is plain text or None, what was collected): the rich body, else its plain text."""
    try:
        body_html, body_text = render_body(body, ctx, start)
        return body_html, body_text, None, ctx
    except Fallback as why:
        fallback = why.reason
    except Exception:  # a bug, or a parser failure we did not foresee: the text is still shown
        log.exception("rendering a post body failed; showing it as plain text")
        fallback = "error"
    ctx = ctx.fresh()  # images and links of a body half-cleaned are not the view's
    body_html, body_text = fallback_body(body, ctx, start)
    return body_html, body_text, fallback, ctx


def _header_or_nothing(record: Mapping[str, Any], ctx: Context) -> tuple[list[Stock], str, list[str], list[Link]]:
    try:
        stocks = post_stocks(record, ctx)
        head_html, head_text, head_links = header(record, ctx, stocks)
    except Exception:
        log.exception("rendering a post header failed")
        return [], "", [], []
    return stocks, head_html, head_text, head_links


def _document(css: str, head_html: str, body_html: str) -> str:
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f'<style type="text/css">{css}</style></head><body>'
        '<table class="head" width="100%" cellspacing="0" cellpadding="0"><tr><td class="head">'
        f"{head_html}</td></tr></table>{body_html}</body></html>"
    )


def render_body(body: str, ctx: Context, start: float) -> tuple[str, str]:
    """(HTML, text) of the body rendered rich: markdown, lxml, the clean-up; Fallback past a limit."""
    if len(body) > MAX_BODY_CHARS:
        raise Fallback("too_large")
    converted = without_bad_char_refs(markdown_to_html(without_bad_chars(body), ctx, start))
    if ctx.past_deadline():
        raise Fallback("too_slow")
    tree = parse(converted)
    cut = trim_tables(tree, ctx)
    if int(tree.xpath("count(.//*)")) > MAX_ELEMENTS:
        raise Fallback("too_complex")
    drop_trailing_chrome(tree, ctx.source_url)
    clean(tree, ctx)
    add_row_notes(cut, ctx.labels)
    if ctx.past_deadline():
        raise Fallback("too_slow")
    return serialize(tree), _text_of(tree)


def _text_of(body: Any) -> str:
    """The text "copy as plain text" gives: a line per block, a table row's cells on one line, space-separated."""
    for el in body.iter(*LINE_BREAK_TAGS, "td", "th"):
        el.tail = ("\n" if el.tag not in ("td", "th") else " ") + (el.tail or "")
    text = lxml.etree.tostring(body, method="text", encoding=str)
    return tidy_lines(text.replace(ZWSP, ""))


def _stylesheet_candidates() -> Iterable[Any]:
    # An installed wheel or bundle: finews_desktop/resources/preview/ (copied there by the build).
    try:
        yield importlib.resources.files("finews_desktop").joinpath("resources", "preview", "preview.css")
    except (ModuleNotFoundError, TypeError, ValueError):
        pass
    # A source checkout: resources/ beside the package.
    yield Path(__file__).resolve().parents[4] / "resources" / "preview" / "preview.css"


@functools.lru_cache(maxsize=1)
def preview_css() -> str:
    """The preview stylesheet (resources/preview/preview.css), read once."""
    for candidate in _stylesheet_candidates():
        try:
            if candidate.is_file():
                return candidate.read_text(encoding="utf-8")
        except OSError:
            continue
    log.warning("preview.css was not found; the preview is unstyled")
    return ""
