"""The plain-text view of a body the rich render gave up on: its text, escaped, with a notice saying why."""

from __future__ import annotations

import html
from collections.abc import Callable
from time import perf_counter

import lxml.etree

from finews_desktop.core.content.newsitem import LINE_BREAK_TAGS
from finews_desktop.core.content.render.allowlist import DROP_WITH_CONTENT
from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.limits import FALLBACK_BUDGET_S, FALLBACK_PARSE_LIMIT, MAX_FALLBACK_CHARS
from finews_desktop.core.content.render.markup import html_parser
from finews_desktop.core.content.render.text import breakable, tidy_lines, without_bad_chars


def fallback_text(body: str, give_up_at: float, clock: Callable[[], float] = perf_counter) -> str:
    """The body's text for the plain-text view: tags stripped by lxml when that is cheap and lossless, else as is."""
    if "<" not in body or len(body) > FALLBACK_PARSE_LIMIT:
        return body
    try:
        parser = html_parser()
        root = lxml.etree.fromstring(f"<html><body>{without_bad_chars(body)}</body></html>", parser)
        if root is None or parser.error_log.filter_from_fatals() or float(root.xpath("count(//*)")) > 100_000:  # type: ignore[arg-type]
            return body
        lxml.etree.strip_elements(root, *DROP_WITH_CONTENT, with_tail=False)
        for i, el in enumerate(root.iter(*LINE_BREAK_TAGS, "td", "th")):
            el.tail = ("\n" if el.tag not in ("td", "th") else " ") + (el.tail or "")
            if not i & 1023 and clock() > give_up_at:
                return body
        return tidy_lines(lxml.etree.tostring(root, method="text", encoding=str))
    except (lxml.etree.LxmlError, ValueError, MemoryError, RecursionError):
        return body


def fallback_body(body: str, ctx: Context, start: float) -> tuple[str, str]:
    """(HTML, text) of the plain-text view: at most MAX_FALLBACK_CHARS shown, the whole text to copy."""
    text = fallback_text(body, start + FALLBACK_BUDGET_S, ctx.clock)
    shown = text[:MAX_FALLBACK_CHARS]
    notes = [ctx.labels.fallback]
    if len(text) > len(shown):
        notes.append(ctx.labels.truncated.replace("{n}", f"{len(shown):,}"))
    notice = "".join(f'<p class="notice">{html.escape(n)}</p>' for n in notes)
    return f'{notice}<p class="plain">{html.escape(breakable(shown), quote=False)}</p>', text
