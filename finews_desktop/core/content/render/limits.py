"""How much the preview renders, and how it stops: beyond these limits a body is shown as plain text.

The time budgets are read on a clock the caller passes (`render_post(clock=)`), so tests make
work slow by construction instead of relying on a slow input.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

MAX_BODY_CHARS = 300_000  # markdown and lxml on more than this is not worth the wait
MAX_ELEMENTS = 20_000  # elements after parsing (after table rows were trimmed)
MAX_DEPTH = 32  # deeper elements are unwrapped (their text stays): Qt lays nested blocks out slowly
MAX_TABLE_NESTING = 3  # tables inside tables deeper than this become plain rows of text
MAX_TABLE_ROWS = 500  # rows kept per table; a note says how many more there are
MAX_SPAN = 50  # colspan/rowspan (a huge colspan makes Qt allocate that many columns)
MAX_IMAGES = 300  # remote images listed; more are dropped
MAX_IMAGE_SIDE = 4096  # width/height attributes above this are dropped
MAX_RUN = 40  # a run of text longer than this with no break opportunity gets U+200B ...
RUN_CHUNK = 20  # ... every this many characters
MAX_FALLBACK_CHARS = 100_000  # plain-text fallback: characters shown (plain_text has them all)
FALLBACK_PARSE_LIMIT = 1_000_000  # plain-text fallback: bigger bodies are shown as they are
MARKDOWN_BUDGET_S = 0.4  # markdown is interrupted after this long
RENDER_BUDGET_S = 0.6  # the whole rich render is abandoned after this long
FALLBACK_BUDGET_S = 0.85  # past this (from the start), the plain-text view shows the body as it is


class Fallback(Exception):
    """The body is shown as plain text; `reason` says why (too_large, too_deep, too_complex, too_slow, error)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Deadline(BaseException):
    """Raised into markdown by the tracer when its time is up (a BaseException: no `except Exception` inside swallows it)."""


def with_deadline(fn: Callable[[str], str], arg: str, deadline: float, clock: Callable[[], float]) -> str:
    """fn(arg), interrupted with Deadline at the first Python call after `deadline` on `clock`.

    Python-Markdown has inputs that take minutes (thousands of '[' or nested '>'); a
    trace function that only looks at the clock on each call bounds them without a
    thread or a process. An active tracer (a debugger, coverage) keeps being called.
    """
    previous = sys.gettrace()

    def tracer(frame: Any, event: Any, arg_: Any) -> Any:
        if clock() > deadline:
            raise Deadline
        return previous(frame, event, arg_) if previous is not None else None

    sys.settrace(tracer)
    try:
        return fn(arg)
    finally:
        sys.settrace(previous)
