"""The search's fold is NFKC and lower case, exactly, whatever shortcut it takes for text that is mostly
normalized already: the index, the import's handed texts and the clustering all fold with it, and a
query's terms are folded the same way, so a difference would lose matches."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from finews_desktop.core.content.search_text import fold, search_body

# Chinese, full-width forms (letters, digits, punctuation), ideographic space, ligatures, combining marks
# (after a full-width letter they compose, or not, with its half-width form), Hangul jamo, ASCII, NUL and
# a lone surrogate
ALPHABET = st.sampled_from(
    [*"新闻中文，。！？（）ａＢＡ１ｅ\u3000\ufb01\u0301\u0308\u030a\u1100\u1161 aeZ9İ\n\0", "\ud800"]
)


@settings(max_examples=500, deadline=None)
@given(st.text(ALPHABET, max_size=80))
def test_fold_is_nfkc_and_lower_case(text: str) -> None:
    assert fold(text) == unicodedata.normalize("NFKC", text).lower()


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=80))
def test_search_body_is_the_fold_storable(text: str) -> None:
    expected = unicodedata.normalize("NFKC", text).lower().encode("utf-8", "replace").decode()
    assert search_body(text) == expected


def test_full_width_forms_fold_to_ascii() -> None:
    assert fold("ＡＢＣ１２３，　ｆｉ") == "abc123, fi"
    assert fold("光伏ＥＴＦ") == "光伏etf"
