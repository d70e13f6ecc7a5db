"""The search: every field and operator, sorting, snippets, the queue, and malformed queries."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from finews_desktop.cli import main
from finews_desktop.core.errors import QueryError
from finews_desktop.core.search.engine import QUERY_HELP, index_for, parse_query, search, snippets
from finews_desktop.core.store.library import Library
from tests.core.search_helpers import TZ, Spec, add_posts, brute_text, run_sql, update_posts

SPECS = [
    Spec(
        "碳中和目标发布",
        "工业富联碳中和白皮书 <b>&amp;",
        tags=["东财滚动新闻"],
        categories=["emnews"],
        stocks=[("1", "601138", "工业富联")],
        when=datetime(2021, 12, 8, 10, 0, tzinfo=TZ),
        source_url="http://finance.eastmoney.com/a/1.html",
    ),
    Spec(
        "蔚来汽车交付",
        "NIO 交付量增长 锂电池",
        tags=["证券日报网新闻"],
        categories=["zhengquanribaowang"],
        stocks=[("106", "NIO", "蔚来")],
        when=datetime(2022, 5, 20, 23, 30, tzinfo=TZ),
        source_url="https://www.zqrb.cn/x.html",
    ),
    # 00:30 in Shanghai is still 2021-12-31 in UTC: dates are the archive's local days
    Spec(
        "光伏 风电",
        "new energy 光伏装机",
        tags=["东财滚动新闻", "光伏"],
        categories=["emnews"],
        when=datetime(2022, 1, 1, 0, 30, tzinfo=TZ),
    ),
    Spec("银行", "碳排放交易 银行", tags=["东财滚动新闻"], when=datetime(2021, 11, 30, 9, 0, tzinfo=TZ)),
    Spec("无日期", "没有日期的帖子", when=None),
]


def setup_library(lib: Library, *, build: bool = True) -> None:
    ids = add_posts(lib, SPECS)
    assert ids == [1, 2, 3, 4, 5]
    lib.set_missing_category_names({"emnews": "东方财富"})
    run_sql(lib, "UPDATE post SET edited = 1, warning_count = 1 WHERE id = 3", changed=[3])
    run_sql(lib, "UPDATE post SET trashed_at = 1 WHERE id = 4", changed=[4])
    with lib.db.atomic():
        lib.db.execute_sql("INSERT INTO collection (id, name, created_at) VALUES (1, '待读', 0)")
        lib.db.execute_sql("INSERT INTO collection_post (collection_id, post_id, added_at) VALUES (1, 2, 0)")
    if build:
        assert index_for(lib).catch_up()


@pytest.fixture(scope="module", params=["indexed", "queued"])
def lib(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The same library with its index built, and with every post still queued (brute force).
    Shared by the tests that only read it."""
    library = Library.open(tmp_path_factory.mktemp("lib") / "lib")
    setup_library(library, build=request.param == "indexed")
    assert (index_for(library).pending_count() == 0) == (request.param == "indexed")
    yield library
    library.close()


def found(lib: Library, query: str, **kw: object) -> set[int]:
    result = search(lib, query, **kw)
    assert result.total == len(result.ids)
    return set(result.ids)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {1, 2, 3, 5}),
        ("   ", {1, 2, 3, 5}),
        ("碳中和", {1}),
        ("碳", {1}),
        ("白皮书", {1}),
        ("ＮＩＯ", {2}),
        ("nio", {2}),
        ("Nio", {2}),
        ("光伏 风电", {3}),
        ("光伏 OR 蔚来", {2, 3}),
        ("-碳", {2, 3, 5}),
        ("-碳 -光伏", {2, 5}),
        ('"new energy"', {3}),
        ("“new energy”", {3}),
        ('"energy new"', set()),
        ("new energy", {3}),
        ("(光伏 OR 蔚来) -nio", {3}),
        ("交付 光伏 OR 蔚来", {2}),
        ("-(光伏 OR 蔚来)", {1, 5}),
        ("((碳))", {1}),
        ("title:光伏", {3}),
        ("title:碳中和目标", {1}),
        ("title:白皮书", set()),
        ("TITLE:蔚来", {2}),
        ("title:“光伏 风电”", {3}),
        ("tag:东财滚动新闻", {1, 3}),
        ("tag：东财滚动新闻", {1, 3}),
        ("tag:东财", set()),
        ("tag:光伏", {3}),
        ("category:emnews", {1, 3}),
        ("category:东方财富", {1, 3}),
        ("category:zhengquanribaowang", {2}),
        ("stock:601138", {1}),
        ("stock:工业富联", {1}),
        ("stock:nio", {2}),
        ("stock:106.NIO", {2}),
        ("stock:蔚来", {2}),
        ("source:东财", {1, 3}),
        ("source:证券日报", {2}),
        ("source:eastmoney.com", {1}),
        ("source:zqrb", {2}),
        ("date:2021-12", {1}),
        ("date:2022", {2, 3}),
        ("date:2022-01-01", {3}),
        ("date:2021-12-31", set()),
        ("date:2022-1-1", {3}),
        ("date:2022-01-01..2022-05-20", {2, 3}),
        ("date:2022-01-02..", {2}),
        ("date:..2021-12", {1}),
        ("date:>2022-01-01", {2}),
        ("date:>=2022-01-01", {2, 3}),
        ("date:<2022", {1}),
        ("date:<=2022-01", {1, 3}),
        ("-date:2022", {1, 5}),
        ("collection:待读", {2}),
        ("collection:nothing", set()),
        ("is:edited", {3}),
        ("has:warning", {3}),
        ("is:trashed", {4}),
        ("is:trashed 碳", {4}),
        ("碳 -is:trashed", {1}),
        ("http://x", set()),
        ("a(b", set()),
    ],
)
def test_fields_and_operators(lib: Library, query: str, expected: set[int]) -> None:
    assert found(lib, query) == expected


def test_trash_is_left_out_unless_asked(lib: Library) -> None:
    assert found(lib, "碳", include_trashed=True) == {1, 4}
    assert found(lib, "碳") == {1}
    assert brute_text(lib, "碳", include_trashed=True) == {1, 4}


def test_order_limit_and_total(lib: Library) -> None:
    newest_first = [2, 3, 1, 5]  # the post without a date comes last
    assert list(search(lib, "").ids) == newest_first
    assert list(search(lib, "", descending=False).ids) == newest_first[::-1]
    page = search(lib, "", limit=2)
    assert list(page.ids) == [2, 3] and page.total == 4 and page.elapsed_ms >= 0
    assert list(search(lib, "", sort="id").ids) == [5, 3, 2, 1]
    assert list(search(lib, "", sort="id", descending=False, limit=3).ids) == [1, 2, 3]
    titles = [lib.post_record(i)["title_text"] for i in search(lib, "", sort="title", descending=False).ids]
    assert titles == sorted(titles)
    assert list(search(lib, "", sort="source", descending=False).ids)[-1] == 2  # 证券… sorts after 东财…
    assert list(search(lib, "", limit=0).ids) == []
    # relevance: the post with the term in its title first, then by date
    assert list(search(lib, "光伏 OR 碳", sort="relevance").ids) == [3, 1] or list(
        search(lib, "光伏 OR 碳", sort="relevance").ids
    ) == [1, 3]
    assert list(search(lib, "交付", sort="relevance").ids) == [2]
    assert list(search(lib, "碳中和", sort="relevance", limit=1).ids) == [1]
    with pytest.raises(Exception, match="sort"):
        search(lib, "", sort="nonsense")


def test_relevance_puts_title_hits_first(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        add_posts(
            lib,
            [
                Spec("新闻", "光伏", when=datetime(2022, 5, 3, tzinfo=TZ)),
                Spec("光伏", "正文", when=datetime(2022, 5, 1, tzinfo=TZ)),
                Spec("光伏 光伏", "正文", when=datetime(2022, 5, 2, tzinfo=TZ)),
            ],
        )
        assert list(search(lib, "光伏", sort="relevance").ids) == [3, 2, 1]
        assert list(search(lib, "光伏", sort="relevance", descending=False).ids) == [1, 2, 3]
        assert list(search(lib, "光伏", sort="relevance", limit=2).ids) == [3, 2]


def test_snippets_mark_every_match_and_escape_html(lib: Library) -> None:
    out = snippets(lib, [1, 2], "碳中和 OR 白皮书 OR amp")
    assert "<mark>碳中和</mark><mark>白皮书</mark>" in out[1] or "<mark>碳中和白皮书</mark>" in out[1]
    assert "&lt;b&gt;&amp;<mark>amp</mark>;" in out[1]
    assert "<mark>" not in out[2]  # no term in its text: its beginning, unmarked
    assert snippets(lib, [2], "nio")[2].startswith("<mark>NIO</mark>")
    assert snippets(lib, [2], "ｎｉｏ")[2].startswith("<mark>NIO</mark>")
    long = snippets(lib, [1], "白皮书", width=4)[1]
    assert "<mark>白皮书</mark>" in long and long.startswith("…")
    assert snippets(lib, [1], '"unclosed')[1]  # a bad query still gives the text


def test_queued_changes_are_found_before_the_index_catches_up(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        setup_library(lib)
        index = index_for(lib)
        assert found(lib, "蔚来") == {2}
        update_posts(lib, {2: Spec("理想汽车交付", "LI 交付量")})
        added = add_posts(lib, [Spec("蔚来发布新车", "ET7")], start=100)
        run_sql(lib, "DELETE FROM post WHERE id = 1", changed=[1])
        assert index.pending_count() == 3
        for query, expected in [
            ("蔚来", set(added)),
            ("理想", {2}),
            ("碳中和", set()),
            ("交付", {2}),
            ("et7", set(added)),
        ]:
            assert found(lib, query) == expected, query
        assert index.catch_up()
        assert index.pending_count() == 0
        for query, expected in [
            ("蔚来", set(added)),
            ("理想", {2}),
            ("碳中和", set()),
            ("交付", {2}),
            ("et7", set(added)),
        ]:
            assert found(lib, query) == expected, query
        # the index file can go away: the search is still exact, and catch_up builds it again
        index.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{index.path}{suffix}").unlink(missing_ok=True)
        assert found(lib, "交付") == {2}
        assert index.catch_up() and index.pending_count() == 0
        assert found(lib, "交付") == {2} and found(lib, "tag:东财滚动新闻") == {3}


def test_catch_up_reports_progress_and_can_be_cancelled(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        setup_library(lib, build=False)
        index = index_for(lib)
        assert index.catch_up(should_cancel=lambda: True) is False
        assert found(lib, "碳") == {1}
        seen: list[tuple[int, int]] = []
        assert index.rebuild(lambda done, total: seen.append((done, total)))
        assert seen and seen[-1][0] == seen[-1][1] == 5
        assert found(lib, "碳") == {1}


@pytest.mark.parametrize(
    ("query", "position", "words"),
    [
        ('"碳中和', 0, "quote"),
        ('光伏 "碳中和', 3, "quote"),
        ("碳 OR", 2, "OR"),
        ("OR 碳", 0, "OR"),
        ("碳 OR OR 锂", 2, "OR"),
        ("(碳 OR) 锂", 3, "OR"),
        ("tag:", 0, "value"),
        ("光伏 title: 碳", 3, "value"),
        ("date:2022-13", 5, "2022-13"),
        ("date:2022-02-30", 5, "2022-02-30"),
        ("date:abc", 5, "abc"),
        ("date:2022..2021", 5, "before"),
        ("date:..", 5, "end"),
        ("date:>x", 6, "x"),
        ("(碳", 0, "closed"),
        ("碳 )", 2, ")"),
        ("()", 0, "Empty"),
        ('""', 0, "Empty"),
        ('tag:""', 4, "Empty"),
        ("is:foo", 3, "edited"),
        ("has:x", 4, "warning"),
        ("- OR", 2, "OR"),
        ("-(碳 -)", 4, "-"),
    ],
)
def test_malformed_queries_say_what_and_where(query: str, position: int, words: str) -> None:
    with pytest.raises(QueryError) as err:
        parse_query(query)
    assert err.value.position == position
    assert words in str(err.value)
    assert f"character {position + 1}" in str(err.value) or "character" in str(err.value)


def test_query_tree() -> None:
    q = parse_query("碳 光伏 OR 风电 -锂")
    assert [t.value for t in q.positive_texts()] == ["碳", "光伏", "风电"]
    assert parse_query("- 碳").positive_texts()[0].value == "-"  # a lone dash is text
    assert not parse_query("").root
    assert "tag:" in QUERY_HELP and "date:" in QUERY_HELP and "OR" in QUERY_HELP


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_command_line_search_and_reindex(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        setup_library(lib, build=False)
    code, out = run_cli("--library", str(folder), "search", "碳中和", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 1 and data["posts"][0]["id"] == 1
    assert "<mark>碳中和</mark>" in data["posts"][0]["snippet"]
    code, listed = run_cli("--library", str(folder), "list", "--json")
    record = next(r for r in json.loads(listed) if r["id"] == 1)
    assert {k: v for k, v in data["posts"][0].items() if k != "snippet"} == record
    code, out = run_cli("--library", str(folder), "search", "tag:东财滚动新闻", "date:2022", "--limit", "5")
    assert code == 0 and "光伏 风电" in out and "1 posts" in out
    code, out = run_cli(
        "--library", str(folder), "search", "光伏 OR 碳", "--sort", "relevance", "--json", "--limit", "1"
    )
    assert json.loads(out)["total"] == 2 and len(json.loads(out)["posts"]) == 1
    code, out = run_cli("--library", str(folder), "search", '"碳中和')
    assert code == 1 and "quote" in capsys.readouterr().err
    code, out = run_cli("--library", str(folder), "reindex")
    assert code == 0 and "Indexed 5 posts" in out


def test_a_read_only_library_keeps_its_index_up_to_date(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        setup_library(lib)
        update_posts(lib, {2: Spec("理想汽车交付", "LI 交付量")})
    with Library.open(folder, readonly=True) as lib:
        index = index_for(lib)
        assert index.pending_count() == 1
        assert found(lib, "理想") == {2} and found(lib, "蔚来") == set()
        assert index.catch_up() and index.pending_count() == 0
        assert found(lib, "理想") == {2} and found(lib, "蔚来") == set()
        assert lib.db.execute_sql("SELECT COUNT(*) FROM search_queue").fetchone()[0] > 0  # left for a writer
    with Library.open(folder) as lib:
        assert index_for(lib).catch_up()
        assert lib.db.execute_sql("SELECT COUNT(*) FROM search_queue").fetchone()[0] == 0
        assert found(lib, "理想") == {2}


def test_many_unindexed_posts_are_read_in_chunks_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from finews_desktop.core.search import engine as search_module

    monkeypatch.setattr(search_module, "_KEEP_PENDING", 2)
    with Library.open(tmp_path / "lib") as lib:
        setup_library(lib, build=False)
        for query, expected in [
            ("碳", {1}),
            ("tag:东财滚动新闻", {1, 3}),
            ("source:eastmoney", {1}),
            ("-光伏", {1, 2, 5}),
        ]:
            assert found(lib, query) == expected, query


def test_long_words_are_proven_from_the_extension_tables(tmp_path: Path) -> None:
    from finews_desktop.core.search.engine import _debug_plan

    texts = ["营业收入增长", "行业收盘上涨", "营业收入下降，行业收盘", "收入", "营业部"]
    with Library.open(tmp_path / "lib") as lib:
        add_posts(lib, [Spec("标题", t) for t in texts])
        assert index_for(lib).catch_up()
        # 营业 is followed by 收 or 部, 业收 by 入 or 盘: only the 3-gram 营业收 decides
        assert _debug_plan(lib, "营业收入")["营业收入"]["proven"] is None or found(lib, "营业收入") == {1, 3}
        assert found(lib, "营业收入") == brute_text(lib, "营业收入") == {1, 3}
        assert found(lib, "行业收盘") == {2, 3}
        assert found(lib, "收入增长") == {1}
        assert _debug_plan(lib, "收入增长")["收入增长"]["proven"] is not None
        assert found(lib, "营业收入下降，行业") == {3}


def test_orders_patched_after_changes_equal_orders_read_afresh(tmp_path: Path) -> None:
    """After a change, a search patches its cached id orders from the changed posts (queued or
    already drained by catch_up); every query must answer as if the orders were read again."""
    from datetime import datetime, timedelta

    from finews_desktop.core.search.engine import _search, _Searcher, _searcher
    from finews_desktop.core.search.orders import Orders
    from tests.core.search_helpers import TZ, Spec, add_posts, run_sql, update_posts

    start = datetime(2022, 1, 1, tzinfo=TZ)
    queries = ["", "碳", "date:2022-02", "date:2022-01-10..2022-03-01", "is:edited", "is:trashed", "has:warning",
               "碳 date:>2022-02-01", "-碳"]  # fmt: skip
    with Library.open(tmp_path / "lib") as lib:
        ids = add_posts(lib, [Spec(f"t{i}", "碳" * (i % 3), when=start + timedelta(hours=13 * i)) for i in range(300)])
        loads: list[int] = []
        main = _searcher(lib)
        read = main._load_orders
        main._load_orders = lambda generation: loads.append(generation) or read(generation)  # type: ignore[method-assign]
        index = index_for(lib)
        assert index.catch_up()  # the orders are read to be kept with the index

        def agree(catch_up: bool) -> None:
            if catch_up:
                assert index.catch_up()
            searcher = _searcher(lib)
            for q in queries:
                got = search(lib, q, include_trashed=True)
                fresh = _Searcher(lib)
                fresh._load_orders = lambda generation: Orders.read(lib.db, generation)  # type: ignore[method-assign]
                try:
                    want = _search(fresh, q, sort="date", descending=True, limit=None, include_trashed=True)
                finally:
                    fresh.close()
                assert (list(got.ids), got.total) == (list(want.ids), want.total), q
            assert searcher._orders is not None

        agree(False)  # the first search uses the orders read by the catch-up
        generation = _searcher(lib)._orders.generation
        # new posts, older and newer than all others; a post moved in time; deletions; trash; edits
        add_posts(lib, [Spec("new", "碳", when=start + timedelta(days=400)), Spec("old", "x", when=start)], 1000)
        agree(False)
        update_posts(lib, {ids[5]: Spec("moved", "碳碳", when=start + timedelta(days=50))})
        agree(True)  # catch_up drains the queue first: the index remembers what it drained
        run_sql(lib, "DELETE FROM post WHERE id IN (?, ?)", (ids[7], ids[-1]), changed=[ids[7], ids[-1]])
        run_sql(lib, "UPDATE post SET trashed_at = 1, edited = 1 WHERE id = ?", (ids[9],), changed=[ids[9]])
        run_sql(lib, "UPDATE post SET warning_count = 2 WHERE id = ?", (ids[10],), changed=[ids[10]])
        agree(True)
        patched = _searcher(lib)._orders
        assert patched.generation > generation
        assert patched.derived.date_prefix[:1] == [0]  # kept (in part) across the patches
        assert loads == [generation]  # read once, patched after every change


@pytest.mark.parametrize("sparse", [1, 4, 10**9])
@pytest.mark.parametrize("descending", [True, False])
def test_first_page_by_date_walks_the_chunks_that_hold_hits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, descending: bool, sparse: int
) -> None:
    """The first page in date order comes from the date-order chunks that hold hits (here 7
    posts a chunk, so that a page spans many), walked or, when few, ranked by their date-order
    positions (sparse: 1 never ranks, 10**9 always does); it must be the head of the full
    order, also after posts changed dates (the positions follow the patched order)."""
    from datetime import datetime, timedelta

    import finews_desktop.core.search.orders as orders_module
    from tests.core.search_helpers import TZ, Spec, add_posts, update_posts

    if orders_module._np is None and sparse != 1:
        pytest.skip("ranking needs numpy")
    monkeypatch.setattr(orders_module, "_CHECKPOINT", 7)
    monkeypatch.setattr(orders_module, "_SPARSE", sparse)
    start = datetime(2022, 1, 1, tzinfo=TZ)
    rng = __import__("random").Random(5)
    with Library.open(tmp_path / "lib") as lib:
        specs = [Spec(f"t{i}", rng.choice(["碳", "光伏", "碳光", ""]), when=start + timedelta(hours=rng.randint(0, 2000)))
                 for i in range(200)]  # fmt: skip
        ids = add_posts(lib, specs)
        assert index_for(lib).catch_up()
        for step in range(2):
            for q in ["", "碳", "光伏 date:2022-02", "date:2022-01-03", "-碳", "title:t19"]:
                everything = search(lib, q, descending=descending)
                for limit in (1, 5, 30, 500):
                    page = search(lib, q, descending=descending, limit=limit)
                    assert list(page.ids) == list(everything.ids)[:limit], (q, limit, step)
                    assert page.total == everything.total
            moved = {pid: specs[pid - ids[0]] for pid in ids[::9]}
            for spec in moved.values():
                spec.when = start + timedelta(hours=rng.randint(0, 2000))
            update_posts(lib, moved)


def test_bulk_ngrams_equal_the_plain_python_ones() -> None:
    """The full build's numpy path must give exactly the postings and extensions of the plain
    Python one, EDGE characters, astral characters, empty and one-character texts included."""
    import random

    from finews_desktop.core.search.index import IndexDoc
    from finews_desktop.core.search.index import scan as si

    if si._np is None:
        pytest.skip("numpy is not installed")
    rng = random.Random(3)
    alphabet = "碳中和光伏ab \uffff𠀋ﬁ①"
    docs = {}
    for pid in range(1, 400):
        title = "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 1, 2, 3, 5])))
        body = "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 1, 2, 3, 4, 40])))
        docs[pid * 7] = IndexDoc(pid * 7, title, body, frozenset({f"t{pid % 3}"}))
    keys, nxt, prv, nxt3, prv3 = si._scan_py(docs)
    fast = si._scan_np([docs[pid] for pid in sorted(docs)])
    assert fast is not None
    assert fast[0] == keys[0] and fast[1] == keys[1]
    assert (fast[2], fast[3], fast[4], fast[5]) == (nxt, prv, nxt3, prv3)


def test_a_library_opened_by_a_relative_path_builds_its_index_in_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build's worker processes open the library by a file: URI, which needs an absolute path."""
    from finews_desktop.core.search.index import build

    monkeypatch.setattr(build, "SLICE", 2)  # 5 posts: three slices, so the build uses its worker processes
    monkeypatch.setattr(build, "BUILD_WORKERS", 2)
    monkeypatch.chdir(tmp_path)
    with Library.open(Path("lib")) as lib:
        setup_library(lib, build=False)
        assert index_for(lib).rebuild()
        assert found(lib, "碳中和") == {1}
