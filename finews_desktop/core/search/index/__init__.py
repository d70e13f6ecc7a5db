"""The search index: n-gram bitmaps of every post's folded text and fields, beside the library.

Exact substring search at any length: 1- and 2-character strings of each post's
folded title and text are posting rows (postings.py), longer ones are proven from the
2-/3-gram extension tables or verified in the text file that keeps the folded text each
post was indexed from (textfile.py), in `search-index.sqlite3` (schema.py). What is
indexed of a post: documents.py; a full build's slices: scan.py, merged per block by
build.py; the index of one library, read by searches and brought up to date by
`catch_up`: searchindex.py; sets of ids as Python ints: bitsets.py.

Only documents.py (what a post's folded text is: `fold`, which the query parser and the window's
highlighting use) is imported with the package; the rest, and numpy with bitsets.py, on first use
(`__getattr__`), so that the window's first rows are painted before numpy is loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from finews_desktop.core.search.index.documents import EDGE, IndexDoc, field_tokens, fold, load_docs_by_id, url_host

if TYPE_CHECKING:
    from finews_desktop.core.search.index.bitsets import (
        _np,  # numpy, or None (the packaged app's self-check reads it)
        array_to_bits,
        bits_mask,
        bits_to_array,
        bits_to_ids,
        ids_to_bits,
    )
    from finews_desktop.core.search.index.postings import KIND_FIELD, KIND_TEXT, KIND_TITLE, MANY
    from finews_desktop.core.search.index.schema import FORMAT, INDEX_FILE
    from finews_desktop.core.search.index.searchindex import ProgressCallback, SearchIndex, timed_rebuild
    from finews_desktop.core.search.index.textfile import text_file_name

# the names imported on first use, by the module that has them
_LAZY = {
    **dict.fromkeys(("_np", "array_to_bits", "bits_mask", "bits_to_array", "bits_to_ids", "ids_to_bits"), "bitsets"),
    **dict.fromkeys(("KIND_FIELD", "KIND_TEXT", "KIND_TITLE", "MANY"), "postings"),
    **dict.fromkeys(("FORMAT", "INDEX_FILE"), "schema"),
    **dict.fromkeys(("ProgressCallback", "SearchIndex", "timed_rebuild"), "searchindex"),
    "text_file_name": "textfile",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once: the next look-up is the module's own
    return value


__all__ = [
    "EDGE",
    "FORMAT",
    "INDEX_FILE",
    "KIND_FIELD",
    "KIND_TEXT",
    "KIND_TITLE",
    "MANY",
    "IndexDoc",
    "ProgressCallback",
    "SearchIndex",
    "_np",
    "array_to_bits",
    "bits_mask",
    "bits_to_array",
    "bits_to_ids",
    "field_tokens",
    "fold",
    "ids_to_bits",
    "load_docs_by_id",
    "text_file_name",
    "timed_rebuild",
    "url_host",
]
