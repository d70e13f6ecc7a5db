"""Curation: tags, categories, collections, saved searches, trash, and undo/redo of each."""

from __future__ import annotations

from pathlib import Path

import pytest

from finews_desktop.core.curation.curator import Curator, NameExistsError, UndoStack
from finews_desktop.core.errors import KnownError
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store.library import Library
from tests.core.sites import check_undo_redo as _check_undo_redo
from tests.core.sites import write_site

POSTS = {
    # many posts sharing their tag/category lines (the bulk path)
    **{
        f"_posts/2022-05-{d:02d}-a{d}.md": f'---\nlayout: post\ntitle: "A {d}"\ndate: 2022-05-{d:02d} 10:00:00 +0800\n'
        f"categories: emnews\ntags: 东财滚动新闻\n---\nbody {d}\n"
        for d in range(1, 9)
    },
    # other shapes: a list, a block list, no tags, CRLF
    "_posts/2022-06-01-b.md": "---\ntitle: B\ntags: [东财滚动新闻, 财经]\ncategories: [emnews, markets]\n---\nb\n",
    "_posts/2022-06-02-c.md": "---\ntitle: C\ntags:\n  - 财经\n  - 东财滚动新闻\n---\nc\n",
    "_posts/2022-06-03-d.md": "---\ntitle: D\n---\nd\n",
    "_posts/2022-06-04-e.md": "---\r\ntitle: E\r\ntags: 站长消息\r\ncategories: sitenews\r\n---\r\ne\r\n",
    # an own permalink without the categories: a category rename must not touch its url
    "_posts/2022-06-05-f.md": "---\ntitle: F\ncategories: emnews\ntags: 东财滚动新闻\npermalink: /emnews-f.html\n---\nf\n",
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", POSTS)


@pytest.fixture
def lib(tmp_path: Path, site: Path):
    library = Library.open(tmp_path / "lib")
    report = import_paths(library, [site])
    assert not report.errors
    yield library
    library.close()


@pytest.fixture
def cur(lib: Library) -> Curator:
    return Curator(lib)


def snapshot(lib: Library) -> dict[int, tuple[bytes, str, bool, tuple[str, ...], tuple[str, ...], str | None]]:
    """Every post's bytes, url, edited flag, tag and category links, source name."""
    out = {}
    for pid in lib.post_ids(include_trashed=True):
        rec = lib.post_record(pid)
        tags = tuple(
            r[0]
            for r in lib.db.execute_sql(
                "SELECT t.name FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.post_id = ? ORDER BY position",
                (pid,),
            )
        )
        cats = tuple(
            r[0]
            for r in lib.db.execute_sql(
                "SELECT c.slug FROM post_category pc JOIN category c ON c.id = pc.category_id "
                "WHERE pc.post_id = ? ORDER BY position",
                (pid,),
            )
        )
        source = lib.db.execute_sql("SELECT source_name FROM post WHERE id = ?", (pid,)).fetchone()[0]
        out[pid] = (lib.post_raw(pid), rec["url"], rec["edited"], tags, cats, source, rec["trashed"])
    return out


def names(cur: Curator, kind: str) -> dict[str, int]:
    return {n.name: n.count for n in cur.names(kind)}


def by_title(lib: Library, title: str) -> int:
    return lib.db.execute_sql("SELECT id FROM post WHERE title = ?", (title,)).fetchone()[0]


def check_undo_redo(cur: Curator, before: dict, changes: object) -> None:
    _check_undo_redo(cur, before, changes, snapshot)


def test_counts_and_filters(cur: Curator) -> None:
    assert names(cur, "tag") == {"东财滚动新闻": 11, "财经": 2, "站长消息": 1}
    assert [n.name for n in cur.names("tag", used_once=True)] == ["站长消息"]
    cur.create("tag", "empty")
    assert [n.name for n in cur.names("tag", unused=True)] == ["empty"]
    assert [n.name for n in cur.names("tag", filter="财")] == ["东财滚动新闻", "财经"]
    assert names(cur, "category") == {"emnews": 10, "markets": 1, "sitenews": 1}
    with pytest.raises(NameExistsError):
        cur.create("tag", "empty")


def test_rename_tag_rewrites_only_the_tag_line_and_undoes(cur: Curator, lib: Library) -> None:
    before = snapshot(lib)
    changes = cur.rename("tag", "东财滚动新闻", "东财")
    assert changes.touched == 11
    assert names(cur, "tag") == {"东财": 11, "财经": 2, "站长消息": 1}
    a1 = by_title(lib, "A 1")
    assert lib.post_raw(a1) == before[a1][0].replace("tags: 东财滚动新闻".encode(), "tags: 东财".encode())
    rec = lib.post_record(a1)
    assert rec["tags"] == ["东财"] and rec["edited"]
    b = by_title(lib, "B")
    assert lib.post_record(b)["tags"] == ["东财", "财经"]
    c = by_title(lib, "C")
    assert lib.post_record(c)["tags"] == ["财经", "东财"]
    assert snapshot(lib)[a1][5] == "东财"  # the source name follows the first tag
    check_undo_redo(cur, before, changes)


def test_rename_onto_an_existing_name_offers_a_merge(cur: Curator) -> None:
    with pytest.raises(NameExistsError) as err:
        cur.rename("tag", "财经", "东财滚动新闻")
    assert "merge" in str(err.value)
    with pytest.raises(KnownError):
        cur.rename("tag", "nope", "x")


def test_merge_several_into_one_and_undo(cur: Curator, lib: Library) -> None:
    before = snapshot(lib)
    changes = cur.merge("tag", ["东财滚动新闻", "财经"], "news")
    assert changes.touched == 11
    assert names(cur, "tag") == {"news": 11, "站长消息": 1}
    assert lib.post_record(by_title(lib, "B"))["tags"] == ["news"]
    check_undo_redo(cur, before, changes)
    assert names(cur, "tag") == {"东财滚动新闻": 11, "财经": 2, "站长消息": 1}


def test_merge_into_an_existing_tag(cur: Curator, lib: Library) -> None:
    before = snapshot(lib)
    changes = cur.merge("tag", ["财经"], "东财滚动新闻")
    assert names(cur, "tag") == {"东财滚动新闻": 11, "站长消息": 1}
    check_undo_redo(cur, before, changes)


def test_delete_says_how_many_posts_and_undoes(cur: Curator, lib: Library) -> None:
    assert cur.count_touched("tag", ["财经"]) == 2
    before = snapshot(lib)
    changes = cur.delete("tag", ["财经"])
    assert changes.touched == 2
    assert "财经" not in names(cur, "tag")
    assert lib.post_record(by_title(lib, "C"))["tags"] == ["东财滚动新闻"]
    check_undo_redo(cur, before, changes)


def test_rename_category_changes_urls_and_undoes(cur: Curator, lib: Library) -> None:
    before = snapshot(lib)
    a1 = by_title(lib, "A 1")
    assert lib.post_record(a1)["url"].startswith("/emnews/")
    changes = cur.rename("category", "emnews", "eastmoney")
    assert names(cur, "category") == {"eastmoney": 10, "markets": 1, "sitenews": 1}
    assert lib.post_record(a1)["url"].startswith("/eastmoney/2022/05/01/")
    assert lib.post_record(by_title(lib, "B"))["url"].startswith("/eastmoney/markets/")
    assert lib.post_record(by_title(lib, "F"))["url"] == "/emnews-f.html"  # its own permalink
    check_undo_redo(cur, before, changes)


def test_bulk_add_remove_set(cur: Curator, lib: Library) -> None:
    ids = [by_title(lib, t) for t in ("A 1", "A 2", "B", "D", "E")]
    before = snapshot(lib)
    added = cur.add("tag", ids, ["curated"])
    assert names(cur, "tag")["curated"] == 5
    assert lib.post_record(by_title(lib, "D"))["tags"] == ["curated"]
    assert lib.post_record(by_title(lib, "A 1"))["tags"] == ["东财滚动新闻", "curated"]
    check_undo_redo(cur, before, added)

    removed = cur.remove("tag", ids, ["东财滚动新闻"])
    assert lib.post_record(by_title(lib, "A 2"))["tags"] == []
    check_undo_redo(cur, before, removed)

    cats = cur.set("category", ids, ["picked"])
    assert lib.post_record(by_title(lib, "E"))["categories"] == ["picked"]
    check_undo_redo(cur, before, cats)

    added_cat = cur.add("category", ids, ["x"])
    assert lib.post_record(by_title(lib, "B"))["categories"] == ["emnews", "markets", "x"]
    check_undo_redo(cur, before, added_cat)


def test_display_name(cur: Curator, lib: Library) -> None:
    before = {n.name: n.display_name for n in cur.names("category")}
    changes = cur.set_display_name("emnews", "东方财富")
    assert {n.name: n.display_name for n in cur.names("category")}["emnews"] == "东方财富"
    stack = UndoStack(cur)
    stack.push(changes)
    stack.undo()
    assert {n.name: n.display_name for n in cur.names("category")} == before
    stack.redo()
    assert {n.name: n.display_name for n in cur.names("category")}["emnews"] == "东方财富"


def test_collections(cur: Curator, lib: Library) -> None:
    stack = UndoStack(cur)
    stack.push(cur.create_collection("picks"))
    ids = lib.post_ids()[:3]
    stack.push(cur.add_to_collection("picks", ids))
    assert {n.name: n.count for n in cur.collections()} == {"picks": 3}
    stack.push(cur.remove_from_collection("picks", ids[:1]))
    assert len(cur.collection_post_ids("picks")) == 2
    stack.push(cur.rename_collection("picks", "best"))
    assert [n.name for n in cur.collections()] == ["best"]
    stack.push(cur.delete_collection("best"))
    assert cur.collections() == []
    stack.undo()
    assert {n.name: n.count for n in cur.collections()} == {"best": 2}
    stack.undo()
    stack.undo()
    assert {n.name: n.count for n in cur.collections()} == {"picks": 3}
    stack.undo()
    stack.undo()
    assert cur.collections() == []
    for _ in range(5):
        stack.redo()
    assert cur.collections() == []
    with pytest.raises(KnownError):
        cur.add_to_collection("nope", ids)


def test_saved_searches(cur: Curator) -> None:
    stack = UndoStack(cur)
    stack.push(cur.save_search("cars", "蔚来"))
    assert cur.saved_searches() == [("cars", "蔚来")]
    stack.push(cur.delete_search("cars"))
    assert cur.saved_searches() == []
    stack.undo()
    assert cur.saved_searches() == [("cars", "蔚来")]
    stack.undo()
    assert cur.saved_searches() == []


def test_trash_restore_empty_and_no_reimport(cur: Curator, lib: Library, site: Path) -> None:
    ids = [by_title(lib, "A 1"), by_title(lib, "B")]
    stack = UndoStack(cur)
    stack.push(cur.trash(ids))
    assert cur.trashed_ids() == sorted(ids) or set(cur.trashed_ids()) == set(ids)
    assert lib.count_posts() == 11
    stack.undo()
    assert cur.trashed_ids() == []
    stack.redo()
    stack.push(cur.restore([ids[0]]))
    assert cur.trashed_ids() == [ids[1]]
    stack.undo()
    gone = cur.empty_trash()
    assert not gone.undoable and set(gone.post_ids) == set(ids)
    assert lib.count_posts(include_trashed=True) == 11
    stack.push(gone)  # not recorded
    report = import_paths(lib, [site])
    assert not report.errors
    assert lib.count_posts(include_trashed=True) == 11  # tombstones keep them out


def test_undo_refuses_after_a_later_change(cur: Curator, lib: Library) -> None:
    stack = UndoStack(cur)
    stack.push(cur.rename("tag", "站长消息", "site"))
    lib.edit_post(by_title(lib, "E"), title="E2")
    with pytest.raises(KnownError):
        stack.undo()
    assert stack.can_undo()


def test_edit_changes_are_undoable_through_the_stack(cur: Curator, lib: Library) -> None:
    before = snapshot(lib)
    stack = UndoStack(cur)
    stack.push(lib.edit_post(by_title(lib, "D"), title="DD", tags=["x"]))
    stack.undo()
    assert snapshot(lib) == before


def run_cli(lib_dir: Path, *argv: str) -> tuple[int, str]:
    import io

    from finews_desktop.cli import main as cli_main

    out = io.StringIO()
    code = cli_main(["--library", str(lib_dir), *argv], out=out)
    return code, out.getvalue()


def test_cli_curation_commands(tmp_path: Path, site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lib_dir = tmp_path / "cli-lib"
    assert run_cli(lib_dir, "import", str(site))[0] == 0
    code, out = run_cli(lib_dir, "tag", "rename", "财经", "东财滚动新闻")
    assert code != 0 and "merge" in capsys.readouterr().err
    assert run_cli(lib_dir, "tag", "merge", "财经", "站长消息", "--into", "杂项")[0] == 0
    code, out = run_cli(lib_dir, "tag", "list", "--json")
    assert {r["name"]: r["count"] for r in __import__("json").loads(out)} == {"东财滚动新闻": 11, "杂项": 3}
    assert run_cli(lib_dir, "tag", "add", "picked", "--ids", "1,2,3")[0] == 0
    assert run_cli(lib_dir, "tag", "remove", "picked", "--ids", "1")[0] == 0
    assert run_cli(lib_dir, "tag", "list", "--used-once")[1].split() == []
    assert run_cli(lib_dir, "category", "rename", "emnews", "eastmoney")[0] == 0
    assert run_cli(lib_dir, "category", "rename", "eastmoney", "东方财富", "--display-name")[0] == 0
    assert "东方财富" in run_cli(lib_dir, "category", "list")[1]
    assert run_cli(lib_dir, "collection", "create", "picks")[0] == 0
    assert run_cli(lib_dir, "collection", "add", "picks", "--ids", "2,3,4")[0] == 0
    assert run_cli(lib_dir, "collection", "remove", "picks", "--ids", "4")[0] == 0
    assert run_cli(lib_dir, "collection", "list", "picks", "--json")[1].strip() in ("[2, 3]", "[3, 2]")
    assert run_cli(lib_dir, "trash", "add", "--ids", "5,6")[0] == 0
    assert [line.split()[0] for line in run_cli(lib_dir, "trash", "list")[1].splitlines()] in (["5", "6"], ["6", "5"])
    assert run_cli(lib_dir, "trash", "restore", "--ids", "5")[0] == 0
    assert run_cli(lib_dir, "trash", "empty")[0] != 0
    assert "--yes" in capsys.readouterr().err
    code, out = run_cli(lib_dir, "trash", "empty", "--yes")
    assert code == 0 and "1 posts" in out
    code, _ = run_cli(lib_dir, "tag", "rename", "nope", "x")
    err = capsys.readouterr().err
    assert code != 0 and err.count("\n") == 1 and err.startswith("finews: ")
