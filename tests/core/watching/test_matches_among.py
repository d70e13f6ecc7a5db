"""The watch queries' evaluation over one batch (engine.matches_among, core/search/among.py) finds exactly what
the library-wide search finds among the batch's posts: free text (shared between queries, titles, folding,
negations), fields, dates and flags, over indexed, queued, trashed and deleted posts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finews_desktop.core.search import engine
from finews_desktop.core.search.engine import index_for, search
from finews_desktop.core.store.library import Library
from tests.core.search.test_search_property import WORDS, random_text
from tests.core.search_helpers import TZ, Spec, add_posts, run_sql, update_posts

TERMS = [*WORDS, "碳", "能", "和平", "司股", "nio", "ＮＩＯ", "a b", "\x00"]
FIELDS = ["tag:solar", "tag:wind", "category:energy", "stock:600160", "stock:sh.600160", "date:2022-01", "is:edited"]
FIELDS += ["date:2021-12-05..2022-02-10", "date:<2022-01-15", "is:unread", "has:warning", "source:eastmoney"]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    rng = random.Random(5)
    lib = Library.open(tmp_path_factory.mktemp("among"))
    start = datetime(2021, 12, 1, tzinfo=TZ)

    def spec() -> Spec:
        return Spec(
            random_text(rng, 0, 6, True),
            random_text(rng, 0, 40, True),
            tags=rng.sample(["solar", "wind", "Solar"], rng.randint(0, 2)),
            categories=rng.sample(["energy", "bank"], rng.randint(0, 1)),
            stocks=[("sh", "600160", None)] if rng.random() < 0.3 else [],
            when=start + timedelta(hours=rng.randint(0, 3000)),
        )

    ids = add_posts(lib, [spec() for _ in range(150)])
    assert index_for(lib).catch_up()
    update_posts(lib, {pid: spec() for pid in ids[:10]})  # queued again
    add_posts(lib, [spec() for _ in range(20)], 500)  # queued, never indexed
    run_sql(lib, "DELETE FROM post WHERE id IN (11, 12)", changed=[11, 12])
    run_sql(lib, "UPDATE post SET trashed_at = 1 WHERE id IN (13, 14)", changed=[13, 14])
    yield lib
    lib.close()


def a_query(draw: st.DrawFn) -> str:
    term = st.sampled_from(TERMS).map(lambda t: f'"{t}"' if " " in t or "\x00" in t else t)
    atom = st.one_of(term, term.map(lambda t: f"title:{t}"), st.sampled_from(FIELDS))
    parts = draw(st.lists(st.tuples(st.sampled_from(["", "-", "OR "]), atom), min_size=1, max_size=4))
    text = " ".join(f"{op}{a}" if op != "OR " or i else a for i, (op, a) in enumerate(parts))
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_batch_matches_what_the_search_finds_among_it(library: Library, data: st.DataObject) -> None:
    queries = [data.draw(st.composite(a_query)()) for _ in range(data.draw(st.integers(1, 8)))]
    queries.append(queries[0])  # the same query twice: answered twice alike
    batch = data.draw(st.lists(st.integers(1, 175), min_size=1, max_size=60, unique=True))
    got = engine.matches_among(library, queries, batch)
    for query, ids in zip(queries, got, strict=True):
        assert ids == set(search(library, query).ids) & set(batch), query


def test_a_query_that_does_not_parse_matches_nothing_and_an_empty_one_everything(library: Library) -> None:
    batch = [1, 2, 13, 160]  # 13 is in the trash
    assert engine.matches_among(library, ['"unclosed', "", "-"], batch)[:2] == [set(), {1, 2, 160}]


def test_a_batch_of_posts_gone_or_trashed_matches_nothing(library: Library, tmp_path: Path) -> None:
    assert engine.matches_among(library, ["能", ""], [11, 12, 13, 14]) == [set(), set()]
