"""store/stock_reads.py: a stock page's figures equal a plain count over the posts, trashed posts left out; and
`stock:` finds a stock by its symbol as by its code."""

from __future__ import annotations

import random
from pathlib import Path

from finews_desktop.core.content.instruments import instrument
from finews_desktop.core.search.engine import search
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.stock_reads import find_stock, stock_page
from tests.core.store.posts import post, trash, write_posts

STOCKS = [("1", "600160", "巨化股份"), ("0", "300343", "联创股份"), ("106", "NIO", "蔚来"), ("90", "BK0493", "新能源"),
          ("1", "000001", "上证指数"), ("0", "000001", "平安银行")]  # fmt: skip
SOURCES = ["东财滚动新闻", "证券日报网新闻", "财联社"]


def span(market: str, code: str, name: str) -> str:
    return f'<span><a href="http://quote.eastmoney.com/unify/r/{market}.{code}" data-code="{market},{code}">{name}</a></span>'


def random_library(lib: Library, seed: int, n: int = 60) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """n posts with random stocks and sources; path -> (source, [(market, code)])."""
    rng = random.Random(seed)
    posts, truth = {}, {}
    for i in range(n):
        chosen = rng.sample(STOCKS, rng.randint(0, 3))
        source = rng.choice(SOURCES)
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        path = f"_posts/{day}-p{i}.md"
        body = "<p>" + "，".join(span(*s) for s in chosen) + "</p>"
        posts[path] = post(f"P{i}", f"{day} {rng.randint(0, 23):02d}:00:00", tags=f"[{source}]", body=body)
        truth[path] = (source, [(m, c) for m, c, _n in chosen])
    ids = write_posts(lib, posts)
    return {str(pid): truth[path] for pid, path in zip(ids, posts, strict=True)}


def test_a_stock_pages_figures_are_a_plain_count(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        truth = random_library(lib, 7)
        trashed = [int(pid) for pid in list(truth)[:5]]
        trash(lib, *trashed)
        live = {pid: t for pid, t in truth.items() if int(pid) not in trashed}
        for market, code, name in STOCKS:
            found = find_stock(lib.db, f"{market}.{code}")
            assert found is not None and found[1] == instrument(market, code)
            page = stock_page(lib.db, found[0])
            assert page is not None
            mine = {pid: t for pid, t in live.items() if (market, code) in t[1]}
            assert (page.name, page.posts) == (name, len(mine))
            outlets: dict[str, int] = {}
            others: dict[tuple[str, str], int] = {}
            for source, stocks in mine.values():
                outlets[source] = outlets.get(source, 0) + 1
                for other in stocks:
                    if other != (market, code):
                        others[other] = others.get(other, 0) + 1
            assert dict(page.outlets) == outlets
            assert {(m.instrument.market, m.instrument.code): m.posts for m in page.mentioned_with} == others
            assert [m.posts for m in page.mentioned_with] == sorted(
                (m.posts for m in page.mentioned_with), reverse=True
            )
            dates = sorted(
                lib.db.execute_sql("SELECT date, date_text FROM post WHERE id = ?", (int(p),)).fetchone() for p in mine
            )
            assert (page.first, page.last) == ((dates[0][1], dates[-1][1]) if dates else (None, None))


def test_a_stock_is_found_by_symbol_code_or_name_and_its_search_term_finds_its_posts(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        truth = random_library(lib, 3)
        for text, want in [("600160.SH", ("1", "600160")), ("600160.sh", ("1", "600160")), ("600160", ("1", "600160")),
                           ("巨化股份", ("1", "600160")), ("NIO.US", ("106", "NIO")), ("BK0493", ("90", "BK0493")),
                           ("000001.SZ", ("0", "000001")), ("000001.SH", ("1", "000001"))]:  # fmt: skip
            found = find_stock(lib.db, text)
            assert found is not None and (found[1].market, found[1].code) == want, text
        assert find_stock(lib.db, "601988.SH") is None and find_stock(lib.db, "") is None
        for market, code, _name in STOCKS:
            page = stock_page(lib.db, find_stock(lib.db, f"{market}.{code}")[0])  # type: ignore[index]
            assert page is not None
            expected = sorted(int(pid) for pid, (_s, stocks) in truth.items() if (market, code) in stocks)
            assert sorted(search(lib, page.term).ids) == expected, page.term
            assert sorted(search(lib, f"stock:{market}.{code}").ids) == expected
