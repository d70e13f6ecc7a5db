"""What a click on a sidebar entry (a facet: a tag, a category, a stock, a date…) does to the search text.

A click shows the entry's posts; a second click on the entry the search already
shows excludes them (`-term`), a third shows them again. Ctrl+click combines:
the term is ANDed onto the search, or, when the search has it already, it turns
into its exclusion, and an exclusion clicked again is dropped. Terms are matched
whole (quoted values included), never as part of another term.
"""

from __future__ import annotations

import re


def _term_re(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\S)(-?)" + re.escape(term) + r"(?!\S)")


def facet_click(query: str, term: str, *, combine: bool) -> str:
    """The search text after a click (combine: a Ctrl+click) on the entry whose term is `term`."""
    query = " ".join(query.split())
    if not term:
        return "" if not combine else query
    if not combine:
        if query == term:
            return f"-{term}"
        return term
    found = _term_re(term).search(query)
    if found is None:
        return f"{query} {term}".strip()
    replacement = "" if found.group(1) else f"-{term}"
    return " ".join((query[: found.start()] + replacement + query[found.end() :]).split())
