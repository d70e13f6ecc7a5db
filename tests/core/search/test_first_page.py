"""A first page asked for without its total (search(..., count=False), core/search/firstpage.py):
long terms' candidates are verified only as far as the page reaches, a date-order chunk at a time,
and the page must be exactly the head of the whole result, in both directions, with queued posts
searched by brute force beside the index, trash, dates, negations, title-only terms and notes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finews_desktop.core.search import orders as orders_module
from finews_desktop.core.search.engine import _debug_plan, _searcher, search
from finews_desktop.core.store.library import Library
from tests.core.search.test_search_property import SETTINGS, WORDS, make_library

FORMS = [
    "{a}",
    '"{a}{b}"',
    "{a} {b}",
    "{a} -{b}",
    "{a} date:>2022-01-15",
    "title:{a} {b}",
    "{a} is:trashed",
    "{a} OR {b}",  # not a form firstpage.py answers: searched whole
    "-{a}",
    "{a}{b} {c}",
]


@pytest.fixture(scope="module")
def word_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """The property tests' word corpus (queued posts beside the index), with date-order chunks of 7
    posts so that a page spans many."""
    kept = orders_module._CHECKPOINT
    orders_module._CHECKPOINT = 7
    lib, _texts = make_library(tmp_path_factory.mktemp("first-page"), words=True, seed=4)
    try:
        yield lib
    finally:
        lib.close()
        orders_module._CHECKPOINT = kept


@SETTINGS
@given(
    form=st.sampled_from(FORMS),
    words=st.lists(st.sampled_from(WORDS), min_size=3, max_size=3),
    limit=st.integers(1, 40),
    descending=st.booleans(),
    notes=st.booleans(),
)
def test_a_first_page_without_its_total_is_the_head_of_the_whole_result(
    word_library: Library, form: str, words: list[str], limit: int, descending: bool, notes: bool
) -> None:
    query = form.format(a=words[0], b=words[1], c=words[2])
    whole = search(word_library, query, descending=descending, notes=notes)
    page = search(word_library, query, descending=descending, limit=limit, notes=notes, count=False)
    assert list(page.ids) == list(whole.ids)[:limit], query
    assert page.total in (-1, whole.total)


def test_a_first_page_verifies_only_the_candidates_it_reaches(
    word_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    searcher = _searcher(word_library)
    verified: list[int] = []
    verify = searcher.index.verify
    monkeypatch.setattr(searcher.index, "verify", lambda ids, *a: verified.extend(ids) or verify(ids, *a))
    # a term the extension tables do not prove (its candidates are verified) found in several posts
    term = next(
        a + b
        for a in WORDS
        for b in WORDS
        if len(a + b) > 2
        and _debug_plan(word_library, a + b).get(a + b, {}).get("proven", "") is None
        and search(word_library, a + b).total > 3
    )
    verified.clear()
    whole = search(word_library, term)
    everything = len(verified)
    verified.clear()
    page = search(word_library, term, descending=False, limit=1, count=False)
    assert whole.total > 1 and list(page.ids) == list(whole.ids)[-1:] and page.total == -1
    assert 0 < len(verified) < everything, (term, everything)
