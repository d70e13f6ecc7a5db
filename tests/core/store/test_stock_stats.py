"""store/stock_stats.py: the counts a stock page reads stay equal to a plain count over the posts after any mix
of imports, re-imports with other stocks, sources and dates, trashes, restores, deletes for good and tag
renames (the first tag is the post's source); and a library migrated from before them is counted."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.store import stock_stats
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.stock_reads import stock_page
from tests.core.store.posts import post, prepared, write_posts
from tests.core.store.test_stock_reads import SOURCES, STOCKS, span

POST = st.tuples(
    st.lists(st.sampled_from(range(len(STOCKS))), max_size=4, unique=True),  # its stocks
    st.sampled_from(range(len(SOURCES) + 1)),  # its source (the last: no tag)
    st.integers(0, 40),  # its day
    st.integers(0, 23),  # its hour
)
STEP = st.one_of(
    st.tuples(st.just("import"), st.lists(POST, min_size=1, max_size=6)),
    st.tuples(st.just("reimport"), st.integers(0, 10**6), POST),
    st.tuples(st.just("trash"), st.lists(st.integers(0, 10**6), min_size=1, max_size=3)),
    st.tuples(st.just("restore"), st.lists(st.integers(0, 10**6), min_size=1, max_size=3)),
    st.tuples(st.just("delete"), st.lists(st.integers(0, 10**6), min_size=1, max_size=3)),
    st.tuples(st.just("rename"), st.sampled_from(range(len(SOURCES))), st.sampled_from(range(len(SOURCES)))),
)


def post_bytes(title: str, spec: tuple[list[int], int, int, int]) -> bytes:
    stocks, source, day, hour = spec
    tags = f"[{SOURCES[source]}]" if source < len(SOURCES) else "[]"
    body = "<p>" + "，".join(span(*STOCKS[i]) for i in stocks) + "</p>"
    when = f"2024-{1 + day // 28:02d}-{1 + day % 28:02d} {hour:02d}:00:00 +0800"
    return post(title, when, tags=tags, body=body)


def plain_page(db: Any, stock_id: int) -> tuple[Any, ...]:
    """A page's figures counted the plain way: every live post of the stock walked."""
    live = "FROM post_stock ps JOIN post p ON p.id = ps.post_id WHERE ps.stock_id = ? AND p.trashed_at IS NULL"
    posts = db.execute_sql(f"SELECT COUNT(*) {live}", (stock_id,)).fetchone()[0]
    outlets = db.execute_sql(
        f"SELECT p.source_name, COUNT(*) {live} AND p.source_name IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1",
        (stock_id,),
    ).fetchall()
    dates = db.execute_sql(f"SELECT p.date, p.id, p.date_text {live} AND p.date IS NOT NULL", (stock_id,)).fetchall()
    first = min(dates)[2] if dates else None
    last = min(dates, key=lambda d: (-d[0], d[1]))[2] if dates else None
    others = db.execute_sql(
        "SELECT o.stock_id, COUNT(*) FROM post_stock ps JOIN post p ON p.id = ps.post_id JOIN post_stock o "
        "ON o.post_id = ps.post_id AND o.stock_id != ps.stock_id WHERE ps.stock_id = ? AND p.trashed_at IS NULL "
        "GROUP BY 1",
        (stock_id,),
    ).fetchall()
    return posts, [tuple(o) for o in outlets], first, last, dict(others)


def page_figures(db: Any, stock_id: int) -> tuple[Any, ...]:
    page = stock_page(db, stock_id, limit=100)
    assert page is not None
    ids = {r[1] + "." + r[2]: r[0] for r in db.execute_sql("SELECT id, market, code FROM stock")}
    others = {ids[m.instrument.secid]: m.posts for m in page.mentioned_with}
    return page.posts, list(page.outlets), page.first, page.last, others


def check(lib: Library) -> None:
    for (stock_id,) in lib.db.execute_sql("SELECT id FROM stock").fetchall():
        assert page_figures(lib.db, stock_id) == plain_page(lib.db, stock_id), stock_id


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, min_size=1, max_size=10))
def test_a_stock_pages_counts_follow_every_write(steps: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp, Library.open(Path(tmp) / "lib") as lib:
        curator = Curator(lib)
        paths: dict[int, str] = {}
        made = 0
        for step in steps:
            ids = sorted(paths)
            pick = [ids[i % len(ids)] for i in step[1]] if ids and step[0] in ("trash", "restore", "delete") else []
            if step[0] == "import":
                batch = {}
                for spec in step[1]:
                    made += 1
                    batch[f"_posts/2024-03-01-p{made}.md"] = post_bytes(f"P{made}", spec)
                paths.update(zip(write_posts(lib, batch), batch, strict=True))
            elif step[0] == "reimport" and ids:
                pid = ids[step[1] % len(ids)]
                lib.write_import_batch([], [(pid, prepared(paths[pid], post_bytes(f"R{pid}", step[2])))], [], None)
            elif step[0] == "trash" and pick:
                curator.trash(pick)
            elif step[0] == "restore" and pick:
                curator.restore(pick)
            elif step[0] == "delete" and pick:
                curator.trash(pick)
                curator.empty_trash(pick)
                for pid in pick:
                    paths.pop(pid, None)
            elif step[0] == "rename" and step[1] != step[2]:
                old, new = SOURCES[step[1]], SOURCES[step[2]]
                if curator.exists("tag", old):  # its posts' source becomes `new`
                    if curator.exists("tag", new):
                        curator.merge("tag", [old], new)
                    else:
                        curator.rename("tag", old, new)
            check(lib)


def test_a_library_from_before_the_counts_is_counted_when_migrated(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        write_posts(
            lib, {f"_posts/2024-03-0{i}-p{i}.md": post_bytes(f"P{i}", ([i % 3, 3], i % 3, i, i)) for i in range(1, 8)}
        )
        db = lib.db
        before = {sid: plain_page(db, sid) for (sid,) in db.execute_sql("SELECT id FROM stock").fetchall()}
        for table in ("stock_outlet", "stock_pair", "stock_day"):
            db.execute_sql(f"DELETE FROM {table}")
        stock_stats.create_tables(db)  # the schema step again: counted from the posts there
        assert {sid: page_figures(db, sid) for sid in before} == before
