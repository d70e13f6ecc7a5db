"""Property tests: for random queries the search finds exactly what a brute-force scan finds.

The corpora are generated: one from a small alphabet of CJK characters, ASCII,
digits and characters that NFKC folding changes (full-width letters, ligatures,
circled numbers), and one from a small vocabulary of Chinese words, like the
finews archive, where long queries are answered through the index's 2-gram
extension table. Part of each library is changed after the index was built, so
the queued posts are searched by brute force at the same time.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from finews_desktop.core.errors import QueryError
from finews_desktop.core.search.engine import index_for, parse_query, search
from finews_desktop.core.store.library import Library
from tests.core.search_helpers import TZ, Spec, add_posts, brute_fold, brute_text, run_sql, update_posts

CJK = "碳中和蔚来锂电池光伏风电银行茅台公司股份宁德时代工业富联"
ASCII = "aAbBnNiIoO0126 .-"
FOLDING = "ＮＩＯａ０１２ﬁ①㈱Ⅻ　ß"
ALPHABET = CJK + ASCII + FOLDING
WORDS = ["碳中和", "碳达峰", "蔚来", "锂电池", "光伏", "风电", "银行", "茅台", "公司", "股份", "宁德时代", "工业富联",
         "新能源", "能源", "NIO", "600160", "人工智能", "智能制造", "中国", "和平"]  # fmt: skip

SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def random_text(rng: random.Random, lo: int, hi: int, words: bool) -> str:
    if words:
        return "".join(rng.choice(WORDS) + rng.choice(["", "", "，", " "]) for _ in range(rng.randint(lo, hi)))
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(lo, hi)))


def make_library(folder: Path, words: bool, seed: int) -> tuple[Library, list[str]]:
    rng = random.Random(seed)
    lib = Library.open(folder)
    start = datetime(2021, 12, 1, tzinfo=TZ)
    specs = [
        Spec(
            random_text(rng, 0, 6, words),
            random_text(rng, 0, 40, words),
            when=start + timedelta(hours=rng.randint(0, 5000)),
        )
        for _ in range(160)
    ]
    ids = add_posts(lib, specs)
    assert index_for(lib).catch_up()
    # then change some posts, so that the index and the queue are both in play
    update_posts(lib, {pid: Spec(random_text(rng, 0, 6, words), random_text(rng, 0, 40, words)) for pid in ids[:10]})
    add_posts(lib, [Spec(random_text(rng, 0, 6, words), random_text(rng, 0, 40, words)) for _ in range(10)], 500)
    run_sql(lib, "DELETE FROM post WHERE id IN (11, 12)", changed=[11, 12])
    run_sql(lib, "UPDATE post SET trashed_at = 1 WHERE id IN (13, 14)", changed=[13, 14])
    assert index_for(lib).pending_count() > 0
    texts = [s.title for s in specs] + [s.body for s in specs]
    return lib, texts


@pytest.fixture(scope="module")
def char_library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, list[str]]:
    lib, texts = make_library(tmp_path_factory.mktemp("chars"), words=False, seed=1)
    yield lib, texts
    lib.close()


@pytest.fixture(scope="module")
def word_library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, list[str]]:
    lib, texts = make_library(tmp_path_factory.mktemp("words"), words=True, seed=2)
    yield lib, texts
    lib.close()


def quoted(term: str) -> str:
    return f'"{term}"'


def check(lib: Library, term: str) -> None:
    assume(term and '"' not in term)
    expected = brute_text(lib, term)
    result = search(lib, quoted(term))
    assert set(result.ids) == expected, term
    assert result.total == len(expected) == len(result.ids)
    assert len(set(result.ids)) == len(result.ids)


def sub_texts(texts: list[str], max_len: int) -> st.SearchStrategy[str]:
    """Pieces of the corpus text (so that most queries hit), of 1..max_len characters."""
    return st.tuples(st.sampled_from(texts), st.integers(0, 60), st.integers(1, max_len)).map(
        lambda t: t[0][t[1] : t[1] + t[2]]
    )


@SETTINGS
@given(data=st.data())
def test_cjk_queries_of_1_to_8_chars(char_library: tuple[Library, list[str]], data: st.DataObject) -> None:
    lib, _texts = char_library
    check(lib, data.draw(st.text(alphabet=CJK, min_size=1, max_size=8)))


@SETTINGS
@given(data=st.data())
def test_pieces_of_the_text_mixed_scripts(char_library: tuple[Library, list[str]], data: st.DataObject) -> None:
    lib, texts = char_library
    check(lib, data.draw(sub_texts(texts, 8)))


@SETTINGS
@given(data=st.data())
def test_ascii_codes_and_folding(char_library: tuple[Library, list[str]], data: st.DataObject) -> None:
    lib, _texts = char_library
    check(lib, data.draw(st.text(alphabet=ASCII + FOLDING + "碳中", min_size=1, max_size=6)))


@SETTINGS
@given(data=st.data())
def test_word_corpus_long_queries(word_library: tuple[Library, list[str]], data: st.DataObject) -> None:
    lib, texts = word_library
    term = data.draw(
        st.one_of(sub_texts(texts, 8), st.sampled_from(WORDS), st.text(alphabet="".join(WORDS), max_size=8))
    )
    check(lib, term)


@SETTINGS
@given(data=st.data())
def test_boolean_combinations_match_set_algebra(word_library: tuple[Library, list[str]], data: st.DataObject) -> None:
    lib, _texts = word_library
    a, b, c = (data.draw(st.sampled_from([*WORDS, "碳", "能", "和平", "司股"])) for _ in range(3))
    everything = set(search(lib, "").ids)
    sa, sb, sc = (brute_text(lib, x) for x in (a, b, c))
    assert set(search(lib, f"{a} {b}").ids) == sa & sb
    assert set(search(lib, f"{a} OR {b}").ids) == sa | sb
    assert set(search(lib, f"{a} -{b}").ids) == sa - sb
    assert set(search(lib, f"-{a}").ids) == everything - sa
    assert set(search(lib, f"{a} {b} OR {c}").ids) == sa & (sb | sc)
    assert set(search(lib, f"({a} OR {b}) -({c})").ids) == (sa | sb) - sc
    assert set(search(lib, f"title:{a}").ids) == {
        pid for pid in everything if brute_fold(a) in brute_fold(lib.post_record(pid)["title_text"])
    }


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet='()"“”-: OR碳tag:date:2022-05..><=is:x title"', max_size=16))
def test_any_text_parses_or_gives_a_query_error(text: str) -> None:
    try:
        parse_query(text)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text)
        assert str(exc)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(text=st.text(alphabet='()"-: OR碳tag:date:2022-05..><=is:x title', max_size=12))
def test_search_never_raises_anything_but_query_error(char_library: tuple[Library, list[str]], text: str) -> None:
    lib, _texts = char_library
    try:
        search(lib, text)
    except QueryError:
        pass
