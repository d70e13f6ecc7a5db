"""store/stock_names.py and schema v9: a stock goes by the name most of its posts give, kept as posts come and go."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finews_desktop.core.content.instruments import preferred_name
from finews_desktop.core.store import migrations
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.stock_names import stock_name
from tests.core.store.posts import post, write_posts


def span(name: str | None, code: str = "600160", market: str = "1") -> str:
    if name is None:  # a K-line picture's link: the code without its name
        return f'<a href="http://quote.eastmoney.com/unify/r/{market}.{code}" data-code="{code}|{market}|1"><img/></a>'
    return f'<span><a href="http://quote.eastmoney.com/unify/r/{market}.{code}" data-code="{market},{code}">{name}</a></span>'


def names_of(lib: Library) -> dict[str, str | None]:
    return {code: name for code, name in lib.db.execute_sql("SELECT code, name FROM stock")}


def test_the_most_frequent_name_wins_whatever_came_first(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        write_posts(lib, {"_posts/2024-01-01-a.md": post("A", "2024-01-01", body=f"<p>{span('…')}</p>")})
        assert names_of(lib) == {"600160": "…"}
        write_posts(
            lib,
            {
                "_posts/2024-01-02-b.md": post("B", "2024-01-02", body=f"<p>{span('巨化股份')}</p>"),
                "_posts/2024-01-03-c.md": post("C", "2024-01-03", body=f"<p>{span('巨化股份')}</p>"),
                "_posts/2024-01-04-d.md": post("D", "2024-01-04", body=f"<p>{span(None)}</p>"),
            },
        )
        assert names_of(lib) == {"600160": "巨化股份"}
        sid = lib.db.execute_sql("SELECT id FROM stock").fetchone()[0]
        assert stock_name(lib.db, sid) == "巨化股份"


def test_a_link_that_goes_takes_its_name_off(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        a, b, _c = write_posts(
            lib,
            {
                "_posts/2024-01-01-a.md": post("A", "2024-01-01", body=f"<p>{span('巨化')}</p>"),
                "_posts/2024-01-02-b.md": post("B", "2024-01-02", body=f"<p>{span('巨化')}</p>"),
                "_posts/2024-01-03-c.md": post("C", "2024-01-03", body=f"<p>{span('巨化股份')}</p>"),
            },
        )
        sid = lib.db.execute_sql("SELECT id FROM stock").fetchone()[0]
        assert stock_name(lib.db, sid) == "巨化"
        lib.db.execute_sql("DELETE FROM post WHERE id IN (?, ?)", (a, b))  # the links go with the posts
        assert stock_name(lib.db, sid) == "巨化股份"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["巨化股份", "巨化", "…", None]), min_size=1, max_size=8), st.integers(1, 3))
def test_the_store_keeps_the_same_rule_as_the_pure_one(
    tmp_path_factory: pytest.TempPathFactory, names: list[str | None], batches: int
) -> None:
    lib_dir = tmp_path_factory.mktemp("lib")
    with Library.open(lib_dir) as lib:
        posts = {
            f"_posts/2024-01-0{i % 9 + 1}-p{i}.md": post(f"P{i}", "2024-01-01", body=span(n))
            for i, n in enumerate(names)
        }
        items = list(posts.items())
        for k in range(batches):
            part = dict(items[k::batches])
            if part:
                write_posts(lib, part)
        sid = lib.db.execute_sql("SELECT id FROM stock").fetchone()[0]
        assert stock_name(lib.db, sid) == preferred_name(names)
        if preferred_name(names) is not None:
            assert names_of(lib)["600160"] == preferred_name(names)


def test_a_v8_library_counts_its_stocks_kept_names_once_per_post(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        write_posts(
            lib,
            {
                "_posts/2024-01-01-a.md": post("A", "2024-01-01", body=span("巨化股份")),
                "_posts/2024-01-02-b.md": post("B", "2024-01-02", body=span(None)),
            },
        )
    db_file = tmp_path / "lib" / "library.sqlite3"
    with sqlite3.connect(db_file) as conn:  # as schema v8 left it: no names on links, no counts
        conn.execute("DROP TRIGGER post_stock_name_gone")
        conn.execute("DROP TABLE stock_name")
        conn.execute("ALTER TABLE post_stock DROP COLUMN name")
        conn.execute("PRAGMA user_version = 8")
    assert migrations.backup_needed([9]) is False  # a column and a table added: nothing to lose
    with Library.open(tmp_path / "lib") as lib:
        assert lib.db.execute_sql("SELECT name, posts FROM stock_name").fetchall() == [("巨化股份", 2)]
        write_posts(lib, {"_posts/2024-01-03-c.md": post("C", "2024-01-03", body=span("…"))})
        assert names_of(lib) == {"600160": "巨化股份"}
