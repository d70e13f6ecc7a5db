"""The analysis tables (core/exporting/tables.py) read back through `csv` and pyarrow: the posts are the rows
`finews search --json` gives for the same query, the mentions are the post_stock links, the stocks a count."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import shutil
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from finews_desktop.cli import main as cli_main
from finews_desktop.core.content.instruments import instrument
from finews_desktop.core.errors import KnownError
from finews_desktop.core.exporting import table_readers, tables
from finews_desktop.core.exporting.selection import Selection, select_post_ids
from finews_desktop.core.exporting.tables import TABLES, export_table, iso_date, write_table_csv
from finews_desktop.core.store import table_reads as reads
from finews_desktop.core.store.library import Library
from tests.core.store.posts import trash

REPO = Path(__file__).resolve().parents[3]
SYNTHETIC_POSTS = 300
QUERIES = ["", "光伏", "category:emnews", "stock:600160", "date:2022", "-的", "tag:东财滚动新闻 OR 风电"]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of generated finews posts (every market's stocks) with a few posts in the trash."""
    sys.path.insert(0, str(REPO))
    from bench.fill_library import fill_library

    folder = tmp_path_factory.mktemp("tables") / "library"
    fill_library(folder, SYNTHETIC_POSTS, seed=5, workers=1)
    with Library.open(folder) as lib:
        trash(lib, 3, 30, 31)
    return folder


@pytest.fixture
def lib(synthetic: Path):
    with Library.open(synthetic, readonly=True) as library:
        yield library


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli_main(list(argv), out=out), out.getvalue()


# --- reading the tables back ---------------------------------------------------------------------


def read_csv(text: str, table: str) -> list[dict[str, Any]]:
    """CSV cells typed as the module documents: empty is no value, lists are JSON, booleans True/False."""
    kinds = dict(TABLES[table])
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == [name for name, _kind in TABLES[table]]

    def cell(kind: str, text: str) -> Any:
        if text == "":
            return [] if kind == tables.LIST else None
        return {tables.INT: int, tables.BOOL: lambda t: {"True": True, "False": False}[t], tables.LIST: json.loads}.get(
            kind, str
        )(text)

    return [{k: cell(kinds[k], v) for k, v in row.items()} for row in reader]


def read_parquet(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def blank_as_none(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """CSV cannot tell an empty text from no text: compare both as None."""
    return [{k: (None if v == "" else v) for k, v in row.items()} for row in rows]


# --- what the tables must equal ------------------------------------------------------------------


def expected_posts(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The posts table's rows as `finews search --json`'s records say them, in id order."""
    rows = []
    for r in sorted(records, key=lambda r: r["id"]):
        date = iso_date(r["date"])
        rows.append(
            {
                "id": r["id"],
                "date": date,
                "timestamp": int(datetime.fromisoformat(date).timestamp()) if date else None,
                "title": r["title_text"],
                "source": r["tags"][0] if r["tags"] else None,
                "source_url": r["source_url"],
                "news_id": r["news_id"],
                "url": r["url"],
                "categories": r["categories"] or [],
                "tags": r["tags"] or [],
                "stocks": [f"{s['market']}.{s['code']}" for s in r["stocks"]],
                "symbols": [instrument(s["market"], s["code"]).symbol for s in r["stocks"]],
                "path": r["path"],
                "archive": r["archive"],
                "slug": r["slug"],
                "published": r["published"],
                "builds": r["builds"],
                "edited": r["edited"],
                "warnings": len(r["warnings"]),
                "copy": r["copy"],
                "content_hash": r["content_hash"],
            }
        )
    return rows


def search_json(folder: Path, query: str) -> list[dict[str, Any]]:
    if not query:
        code, out = run("--library", str(folder), "list", "--json")
        assert code == 0
        return json.loads(out)
    code, out = run("--library", str(folder), "search", "--json", "--", query)
    assert code == 0, out
    return json.loads(out)["posts"]


def expected_mentions(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for r in sorted(records, key=lambda r: r["id"]):
        for position, s in enumerate(r["stocks"]):
            inst = instrument(s["market"], s["code"])
            rows.append(
                {
                    "post_id": r["id"],
                    "date": iso_date(r["date"]),
                    "symbol": inst.symbol,
                    "market": s["market"],
                    "code": s["code"],
                    "kind": inst.kind,
                    "name": s["name"],
                    "position": position,
                }
            )
    return rows


def expected_stocks(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    posts: Counter[tuple[str, str]] = Counter()
    names: dict[tuple[str, str], str | None] = {}
    dates: dict[tuple[str, str], list[str]] = {}
    for r in records:
        for key in dict.fromkeys((s["market"], s["code"]) for s in r["stocks"]):
            posts[key] += 1
            if r["date"]:
                dates.setdefault(key, []).append(iso_date(r["date"]))
        for s in r["stocks"]:
            names[(s["market"], s["code"])] = s["name"]
    rows = []
    for (market, code), n in sorted(posts.items(), key=lambda kv: (-kv[1], kv[0])):
        inst = instrument(market, code)
        seen = sorted(dates.get((market, code), []), key=datetime.fromisoformat)
        rows.append(
            {
                "market": market,
                "code": code,
                "symbol": inst.symbol,
                "kind": inst.kind,
                "name": names[(market, code)],
                "posts": n,
                "first_mention": seen[0] if seen else None,
                "last_mention": seen[-1] if seen else None,
            }
        )
    return rows


EXPECTED = {"posts": expected_posts, "mentions": expected_mentions, "stocks": expected_stocks}


# --- the tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("table", list(TABLES))
def test_csv_round_trip_equals_search_json(synthetic: Path, lib: Library, table: str, query: str) -> None:
    records = search_json(synthetic, query)
    assert not any(r["trashed"] for r in records)
    out = io.StringIO(newline="")
    count = write_table_csv(lib, table, Selection(query=query or None), out)
    rows = read_csv(out.getvalue(), table)
    assert count == len(rows)
    assert blank_as_none(rows) == blank_as_none(EXPECTED[table](records))


@pytest.mark.parametrize("table", list(TABLES))
def test_parquet_round_trip_keeps_the_types(synthetic: Path, lib: Library, tmp_path: Path, table: str) -> None:
    records = search_json(synthetic, "光伏")
    dest = tmp_path / f"{table}.parquet"
    report = export_table(lib, table, Selection(query="光伏"), dest, "parquet")
    rows = read_parquet(dest)
    assert report.rows == len(rows) > 0 and not report.cancelled
    assert rows == EXPECTED[table](records)  # no blanks folded: Parquet tells None from ""
    import pyarrow.parquet as pq

    types = {f.name: str(f.type) for f in pq.read_schema(dest)}
    assert {name: types[name] for name, _kind in TABLES[table]} == {
        name: {"int": "int64", "text": "string", "bool": "bool", "list": "list<element: string>"}[kind]
        for name, kind in TABLES[table]
    }


def test_mentions_are_the_post_stock_links(lib: Library, tmp_path: Path) -> None:
    links = lib.db.execute_sql(
        "SELECT ps.post_id, s.market, s.code, ps.position FROM post_stock ps JOIN stock s ON s.id = ps.stock_id "
        "JOIN post p ON p.id = ps.post_id WHERE p.trashed_at IS NULL ORDER BY ps.post_id, ps.position"
    ).fetchall()
    dest = tmp_path / "mentions.csv"
    export_table(lib, "mentions", Selection(), dest)
    rows = read_csv(dest.read_text(encoding="utf-8"), "mentions")
    assert [(r["post_id"], r["market"], r["code"], r["position"]) for r in rows] == links
    assert {r["symbol"][-3:] for r in rows if r["symbol"]} >= {".SH", ".SZ", ".HK", ".US"}
    assert {r["kind"] for r in rows} >= {"stock", "board"}


def test_stocks_equal_a_count(lib: Library) -> None:
    counts = dict(
        lib.db.execute_sql(
            "SELECT s.market || '.' || s.code, COUNT(DISTINCT ps.post_id) FROM post_stock ps "
            "JOIN stock s ON s.id = ps.stock_id JOIN post p ON p.id = ps.post_id WHERE p.trashed_at IS NULL "
            "GROUP BY s.id"
        ).fetchall()
    )
    out = io.StringIO(newline="")
    write_table_csv(lib, "stocks", Selection(), out)
    rows = read_csv(out.getvalue(), "stocks")
    assert {f"{r['market']}.{r['code']}": r["posts"] for r in rows} == counts
    assert [r["posts"] for r in rows] == sorted((r["posts"] for r in rows), reverse=True)


def test_a_sparse_selection_reads_only_its_posts(lib: Library) -> None:
    """Ids far apart (one page's range would span the library) give exactly their rows."""
    out = io.StringIO(newline="")
    write_table_csv(lib, "mentions", Selection(ids=[1, SYNTHETIC_POSTS]), out)
    assert {r["post_id"] for r in read_csv(out.getvalue(), "mentions")} <= {1, SYNTHETIC_POSTS}


def test_csv_is_utf8_with_a_bom_only_when_asked(lib: Library, tmp_path: Path) -> None:
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    export_table(lib, "posts", Selection(query="光伏"), plain)
    export_table(lib, "posts", Selection(query="光伏"), excel, bom=True)
    assert plain.read_bytes().startswith(b"id,date,")
    assert excel.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    assert "光伏" in plain.read_text(encoding="utf-8")


def test_cancel_leaves_nothing(lib: Library, tmp_path: Path) -> None:
    dest = tmp_path / "posts.csv"
    seen: list[int] = []
    report = export_table(
        lib,
        "posts",
        Selection(),
        dest,
        progress=lambda done, _total, _what: seen.append(done),
        should_cancel=lambda: bool(seen),
    )
    assert report.cancelled and not dest.exists() and not list(tmp_path.iterdir())


def test_progress_counts_posts_up_to_the_total(lib: Library, tmp_path: Path) -> None:
    steps: list[tuple[int, int]] = []
    export_table(lib, "mentions", Selection(), tmp_path / "m.csv", progress=lambda d, t, _w: steps.append((d, t)))
    total = SYNTHETIC_POSTS - 3
    assert steps[0] == (0, total) and steps[-1] == (total, total)
    assert [d for d, _t in steps] == sorted(d for d, _t in steps)


def test_without_pyarrow_parquet_says_how_to_install_it(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "parquet_module", lambda: None)
    with pytest.raises(KnownError, match=r"pip install 'finews-desktop\[analysis\]'"):
        export_table(lib, "posts", Selection(), tmp_path / "p.parquet", "parquet")
    assert not list(tmp_path.iterdir())


def test_unknown_table_and_format_are_known_errors(lib: Library, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="no table 'prices'"):
        export_table(lib, "prices", Selection(), tmp_path / "x.csv")
    with pytest.raises(KnownError, match="no table format 'xlsx'"):
        export_table(lib, "posts", Selection(), tmp_path / "x.xlsx", "xlsx")


def test_the_finews_corpus_posts_equal_list_json(tmp_path: Path, finews_corpus: Path) -> None:
    """The real sample archive (dates in +0800, a post without a date, stocks of five markets)."""
    folder = tmp_path / "lib"
    assert run("--library", str(folder), "import", str(finews_corpus), "--json")[0] == 0
    records = search_json(folder, "")
    with Library.open(folder, readonly=True) as library:
        for table in TABLES:
            out = io.StringIO(newline="")
            write_table_csv(library, table, Selection(), out)
            assert blank_as_none(read_csv(out.getvalue(), table)) == blank_as_none(EXPECTED[table](records)), table


def test_a_date_in_another_form_is_written_as_iso(synthetic: Path, tmp_path: Path) -> None:
    """SQLite writes the stored date form ('2022-05-20 17:01:37 +0800'); any other is converted in Python."""
    folder = tmp_path / "copy"
    shutil.copytree(synthetic, folder)
    with Library.open(folder) as library:
        library.db.execute_sql("UPDATE post SET date_text = '2022-05-20 17:01:37 +08:00' WHERE id = 5")
        library.db.execute_sql("UPDATE post SET date_text = NULL WHERE id = 6")
        stored = library.db.execute_sql("SELECT date_text FROM post WHERE id = 4").fetchone()[0]
        out = io.StringIO(newline="")
        write_table_csv(library, "posts", Selection(ids=[4, 5, 6]), out)
    rows = {r["id"]: r for r in read_csv(out.getvalue(), "posts")}
    assert rows[5]["date"] == "2022-05-20T17:01:37+08:00"
    assert rows[6]["date"] is None
    assert rows[4]["date"] == iso_date(stored)  # the stored form, made ISO by SQLite


def test_a_second_reader_is_used_only_on_the_same_snapshot(synthetic: Path, tmp_path: Path) -> None:
    """The posts table reads on two connections only when the second sees what the table's transaction sees:
    a commit between the two (another process writing) leaves the table to the first one alone."""
    folder = tmp_path / "copy"
    shutil.copytree(synthetic, folder)
    with Library.open(folder) as library:
        opened = reads.open_reader(library.db)
        assert opened is not None
        with library.db.atomic():
            library.db.execute_sql("SELECT COUNT(*) FROM post").fetchone()
            assert reads.begin_same_snapshot(*opened)
        opened[0].close()

        opened = reads.open_reader(library.db)
        assert opened is not None
        with library.db.atomic():
            library.db.execute_sql("SELECT COUNT(*) FROM post").fetchone()
            writer = sqlite3.connect(folder / "library.sqlite3")
            writer.execute("UPDATE post SET title = 'changed' WHERE id = 7")
            writer.commit()
            writer.close()
            assert not reads.begin_same_snapshot(*opened)
        opened[0].close()


@pytest.mark.parametrize("query", ["", "光伏"])
def test_the_posts_csv_is_the_same_on_one_reader_or_two(
    lib: Library, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    """One connection of this process (a small library), or reader processes (a large one) sharing out the pages."""
    selection = Selection(query=query or None)
    monkeypatch.setattr(reads, "CSV_BATCH", 7)  # many pages, shared out between the readers
    one = io.StringIO(newline="")
    write_table_csv(lib, "posts", selection, one)
    monkeypatch.setattr(table_readers, "PROCESSES_FROM", 0)
    started: list[int] = []
    start = table_readers._start_workers

    def start_workers(uri: str) -> list[Any]:
        workers = start(uri)
        started.append(len(workers))
        return workers

    monkeypatch.setattr(table_readers, "_start_workers", start_workers)
    two = io.StringIO(newline="")
    write_table_csv(lib, "posts", selection, two)
    assert started == [table_readers.PROCESSES] and two.getvalue() == one.getvalue()
    ids = select_post_ids(lib, selection)
    assert len(read_csv(one.getvalue(), "posts")) == (SYNTHETIC_POSTS - 3 if ids is None else len(ids)) > 0


def test_reader_processes_that_miss_the_snapshot_are_left_out(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process commits after the readers opened and before the table's snapshot: they would see the
    library as it was before, so the table is written from its rows, with the commit."""
    folder = tmp_path / "copy"
    shutil.copytree(synthetic, folder)
    monkeypatch.setattr(table_readers, "PROCESSES_FROM", 0)
    start_snapshot = reads.start_snapshot

    def commit_first(db: Any) -> None:
        writer = sqlite3.connect(folder / "library.sqlite3")
        writer.execute("UPDATE post SET title = 'changed meanwhile' WHERE id = 7")
        writer.commit()
        writer.close()
        start_snapshot(db)

    monkeypatch.setattr(reads, "start_snapshot", commit_first)
    written: list[bool] = []
    post_rows = tables._ROWS["posts"]

    def rows_written(*args: Any) -> Iterator[tuple[Any, ...]]:
        written.append(True)
        return post_rows(*args)

    monkeypatch.setitem(tables._ROWS, "posts", rows_written)
    with Library.open(folder, readonly=True) as library:
        out = io.StringIO(newline="")
        write_table_csv(library, "posts", Selection(), out)
    rows = {r["id"]: r for r in read_csv(out.getvalue(), "posts")}
    assert written and rows[7]["title"] == "changed meanwhile" and len(rows) == SYNTHETIC_POSTS - 3


def test_cancel_stops_the_reader_processes(lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_readers, "PROCESSES_FROM", 0)
    monkeypatch.setattr(reads, "CSV_BATCH", 7)
    seen: list[int] = []
    report = export_table(
        lib,
        "posts",
        Selection(),
        tmp_path / "posts.csv",
        progress=lambda done, _total, _what: seen.append(done),
        should_cancel=lambda: len(seen) > 2,
    )
    assert report.cancelled and not list(tmp_path.iterdir())
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("table-pages")]


def test_without_a_reader_the_posts_csv_has_the_same_rows(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no reader of its own shares the table's snapshot, the posts are written from their rows (by the
    csv module, which quotes fewer cells): the same rows."""
    made = io.StringIO(newline="")
    write_table_csv(lib, "posts", Selection(query="光伏"), made)
    monkeypatch.setattr(reads, "open_reader", lambda _db: None)
    written = io.StringIO(newline="")
    write_table_csv(lib, "posts", Selection(query="光伏"), written)
    assert read_csv(made.getvalue(), "posts") == read_csv(written.getvalue(), "posts") != []


def test_the_posts_csv_lists_names_in_the_posts_order(synthetic: Path, tmp_path: Path) -> None:
    """A post's stocks, tags and categories in the order of their positions, not of their ids (SQLite joins
    each list in the link table's primary key order, the post's)."""
    folder = tmp_path / "copy"
    shutil.copytree(synthetic, folder)
    with Library.open(folder) as library:
        pid = library.db.execute_sql(
            "SELECT post_id FROM post_stock WHERE post_id > 31 GROUP BY post_id HAVING COUNT(*) > 1 LIMIT 1"
        ).fetchone()[0]
        for link, column in (("post_stock", "stock_id"), ("post_tag", "tag_id"), ("post_category", "category_id")):
            # the names by descending id: a join that met them in their ids' order would list them backwards
            library.db.execute_sql(f"UPDATE {link} SET position = 1000000 - {column} WHERE post_id = ?", (pid,))
        order = {
            link: [
                n
                for (n,) in library.db.execute_sql(
                    f"SELECT {column} FROM {link} WHERE post_id = ? ORDER BY position", (pid,)
                )
            ]
            for link, column in (("post_stock", "stock_id"), ("post_tag", "tag_id"), ("post_category", "category_id"))
        }
        stocks = dict(library.db.execute_sql("SELECT id, market || '.' || code FROM stock").fetchall())
        tags = dict(library.db.execute_sql("SELECT id, name FROM tag").fetchall())
        categories = dict(library.db.execute_sql("SELECT id, slug FROM category").fetchall())
        out = io.StringIO(newline="")
        write_table_csv(library, "posts", Selection(ids=[pid]), out)
    (row,) = read_csv(out.getvalue(), "posts")
    assert row["stocks"] == [stocks[i] for i in order["post_stock"]] and len(row["stocks"]) > 1
    assert row["tags"] == [tags[i] for i in order["post_tag"]]
    assert row["categories"] == [categories[i] for i in order["post_category"]]
