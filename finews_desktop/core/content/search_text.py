"""The form a post's text is searched in (`fold`), and the folded texts an import's workers hand along.

An import's workers parse every post file anyway (prepare.py): they produce its text folded for
search as well (`search_body`), so that what reads a batch's posts right after it is written (the
watch queries' hook, inside the batch's transaction) does not parse the stored bytes again and fold
them a second time, on the importing thread. The library stores no copy of it: `post_text` still
derives a post's text from its bytes when read. `HandedTexts` holds the batch being written, by
content hash (the text is a function of the bytes alone), one per library (`Library.service`); the
workers make the texts only when a hook wants them (`wanted`: the library has active watch queries).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

_FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_FULL_WIDTH_CHARS = re.compile("[\uff01-\uff5e\u3000]")


def fold(text: str) -> str:
    """The form text is searched in: NFKC (full-width to half-width, ligatures apart) and lower case.

    The full-width forms are replaced first, as NFKC maps them (to the same decomposition, so NFKC of
    the result is NFKC of the text), and the whole normalization runs only for a text that still needs
    it: Chinese text is mostly normalized already, apart from a few full-width punctuation marks, and
    the import's workers, the index and the clustering fold every post (2-4x faster than normalizing)."""
    text = _FULL_WIDTH_CHARS.sub(_half_width, text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def _half_width(match: re.Match[str]) -> str:
    return _FULL_WIDTH[match.group()]


def storable(text: str) -> str:
    """text, with lone surrogates (which SQLite cannot store) replaced."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode()
    return text


def search_body(plain_text: str) -> str:
    """A post's plain text as the search index keeps it and the search reads it (documents.load_docs)."""
    return storable(fold(plain_text))


class HandedTexts:
    """The folded texts of the batch an import is writing, by content hash (see the module docstring)."""

    def __init__(self, _library: object = None) -> None:
        self.by_hash: Mapping[str, str] = {}
        # whether an import's hooks will read its batches' texts (set by them: watching/queries.attach);
        # asked once per run, so that an import nobody reads the texts of never makes them
        self.wanted: Callable[[], bool] = lambda: False

    def close(self) -> None:
        self.by_hash = {}

    def hand(self, by_hash: Mapping[str, str]) -> None:
        self.by_hash = by_hash

    def take_back(self) -> None:
        self.by_hash = {}
