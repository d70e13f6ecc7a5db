"""Set-based renames and merges: posts listed in post_pending, their bytes derived when read, undo exact."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from finews_desktop.core.curation.curator import Curator, UndoStack
from finews_desktop.core.exporting.exporter import export_posts
from finews_desktop.core.exporting.selection import Selection
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.jekyll.post import parse_post
from finews_desktop.core.store import pending
from finews_desktop.core.store.library import Library
from tests.core.sites import check_undo_redo as _check_undo_redo
from tests.core.sites import write_site

LONG_TITLE = "长" * 300  # a front matter longer than the 512 bytes the merge reads first
POSTS = {
    **{
        f"_posts/2022-05-{d:02d}-a{d}.md": f'---\nlayout: post\ntitle: "A {d}"\ndate: 2022-05-{d:02d} 10:00:00 +0800\n'
        f"categories: emnews\ntags: 东财滚动新闻\n---\nbody {d}\n"
        for d in range(1, 9)
    },
    **{
        f"_posts/2022-05-{d:02d}-w{d}.md": f"---\ntitle: W {d}\ncategories: wind\ntags: Wind新闻\n---\nw {d}\n"
        for d in range(10, 14)
    },
    "_posts/2022-06-01-b.md": "---\ntitle: B\ntags: [东财滚动新闻, 财经]\ncategories: [emnews, markets]\n---\nb\n",
    "_posts/2022-06-02-c.md": "---\ntitle: C\ntags:\n  - 财经\n  - 东财滚动新闻\n---\nc\n",
    "_posts/2022-06-03-d.md": "---\ntitle: D\n---\nd\n",
    "_posts/2022-06-04-e.md": "---\r\ntitle: E\r\ntags: 站长消息\r\ncategories: sitenews\r\n---\r\ne\r\n",
    "_posts/2022-06-05-f.md": "---\ntitle: F\ncategories: emnews\ntags: 东财滚动新闻\npermalink: /emnews-f.html\n---\nf\n",
    "_posts/2022-06-06-g.md": f"---\ntitle: {LONG_TITLE}\ncategories: emnews\ntags: 东财滚动新闻\n---\ng\n",
    "news/_posts/2022-06-07-h.md": "---\ntitle: H\ntags: 东财滚动新闻\n---\nh\n",  # category news from its folder
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", POSTS)


@pytest.fixture
def lib(tmp_path: Path, site: Path):
    library = Library.open(tmp_path / "lib")
    assert not import_paths(library, [site]).errors
    yield library
    library.close()


def state(lib: Library) -> dict[str, Any]:
    """Every row a curation may touch (names instead of ids, no updated_at) and every post's current bytes.

    Earlier versions (post_version) are history: an undone one-by-one edit keeps the bytes it replaced.
    """
    q = lib.db.execute_sql
    cols = [r[1] for r in q("PRAGMA table_info(post)") if r[1] != "updated_at"]
    return {
        "post": sorted(q(f"SELECT {', '.join(cols)} FROM post").fetchall()),
        "stored": sorted(q("SELECT post_id, raw, plain_text FROM post_content").fetchall()),
        "tags": sorted(
            q("SELECT pt.post_id, pt.position, t.name FROM post_tag pt JOIN tag t ON t.id = pt.tag_id").fetchall()
        ),
        "categories": sorted(
            q(
                "SELECT pc.post_id, pc.position, c.slug FROM post_category pc JOIN category c ON c.id = pc.category_id"
            ).fetchall()
        ),
        "names": sorted(q("SELECT name FROM tag").fetchall()) + sorted(q("SELECT slug, display_name FROM category")),
        "pending": sorted(q("SELECT post_id, mask FROM post_pending").fetchall()),
        "current": {pid: lib.post_raw(pid) for pid in lib.post_ids(include_trashed=True)},
    }


def by_title(lib: Library, title: str) -> int:
    return lib.db.execute_sql("SELECT id FROM post WHERE title = ?", (title,)).fetchone()[0]


def stored(lib: Library, pid: int) -> bytes:
    return bytes(lib.db.execute_sql("SELECT raw FROM post_content WHERE post_id = ?", (pid,)).fetchone()[0])


def changed_lines(old: bytes, new: bytes) -> list[tuple[bytes, bytes]]:
    a, b = old.split(b"\n"), new.split(b"\n")
    assert len(a) == len(b)
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


def check_undo_redo(cur: Curator, before: dict, changes: object) -> None:
    _check_undo_redo(cur, before, changes, state)


def test_merge_changes_links_and_derives_bytes_without_rewriting_them(lib: Library) -> None:
    cur = Curator(lib)
    before = state(lib)
    changes = cur.merge("tag", ["东财滚动新闻", "Wind新闻", "财经"], "新闻")
    assert changes.touched == 17
    assert not changes.edits  # every post went in a group: no post was rewritten one by one
    for title in ("A 1", "W 10", "B", "C", "E", "F", LONG_TITLE, "H"):
        pid = by_title(lib, title)
        assert stored(lib, pid) == before["current"][pid]  # the stored bytes are as imported
        assert lib.post_record(pid)["tags"] == (["站长消息"] if title == "E" else ["新闻"])
        assert lib.post_record(pid)["edited"] == (title != "E")
    assert dict(state(lib)["pending"]) == {pid: pending.TAGS for pid in changes.post_ids}
    a1, g, e = by_title(lib, "A 1"), by_title(lib, LONG_TITLE), by_title(lib, "E")
    assert changed_lines(before["current"][a1], lib.post_raw(a1)) == [
        ("tags: 东财滚动新闻".encode(), "tags: 新闻".encode())
    ]
    assert changed_lines(before["current"][g], lib.post_raw(g)) == [
        ("tags: 东财滚动新闻".encode(), "tags: 新闻".encode())
    ]
    assert lib.post_raw(e) == before["current"][e]  # untouched
    tz = ZoneInfo("Asia/Shanghai")
    for pid in changes.post_ids:  # Jekyll's reader sees the linked names in the derived bytes
        rec = lib.post_record(pid)
        assert parse_post(lib.post_raw(pid), rec["path"], tz, datetime.now(tz)).tags == rec["tags"]
    assert lib.db.execute_sql("SELECT source_name FROM post WHERE id = ?", (a1,)).fetchone()[0] == "新闻"
    check_undo_redo(cur, before, changes)


@pytest.mark.parametrize(
    "operation",
    [
        lambda c, lib: c.rename("category", "emnews", "eastmoney"),
        lambda c, lib: c.delete("tag", ["东财滚动新闻"]),
        lambda c, lib: c.add("tag", lib.post_ids()[:12], ["curated", "精选"]),
        lambda c, lib: c.remove("category", lib.post_ids(), ["emnews"]),
        lambda c, lib: c.set("category", lib.post_ids(), ["picked"]),
    ],
    ids=["rename-category", "delete-tag", "add-tags", "remove-category", "set-category"],
)
def test_every_relabel_undoes_and_redoes_exactly(lib: Library, operation: Any) -> None:
    cur = Curator(lib)
    before = state(lib)
    changes = operation(cur, lib)
    assert changes
    check_undo_redo(cur, before, changes)


def test_category_rename_urls_and_own_permalinks(lib: Library) -> None:
    cur = Curator(lib)
    f, a1, b, h = (by_title(lib, t) for t in ("F", "A 1", "B", "H"))
    cur.rename("category", "emnews", "eastmoney")
    assert lib.post_record(a1)["url"] == "/eastmoney/2022/05/01/a1.html"
    assert lib.post_record(b)["url"].startswith("/eastmoney/markets/")
    assert lib.post_record(f)["url"] == "/emnews-f.html"  # its own permalink: rewritten one by one
    assert stored(lib, f) != POSTS["_posts/2022-06-05-f.md"].encode()
    assert dict(lib.db.execute_sql("SELECT post_id, mask FROM post_pending").fetchall()).get(f) is None
    tz = ZoneInfo("Asia/Shanghai")
    for pid in (a1, b):  # the url kept in the library is the one Jekyll computes from the derived bytes
        rec = lib.post_record(pid)
        assert parse_post(lib.post_raw(pid), rec["path"], tz, datetime.now(tz)).url == rec["url"]
    # a folder's category cannot be renamed in front matter: the post moves, one by one
    moved = cur.rename("category", "news", "headlines")
    assert [e.post_id for e in moved.edits] == [h] and lib.post_record(h)["path"] == "_posts/2022-06-07-h.md"


def test_a_post_edited_after_a_merge_is_stored_whole_and_both_undo(lib: Library) -> None:
    cur = Curator(lib)
    stack = UndoStack(cur)
    before = state(lib)
    a2 = by_title(lib, "A 2")
    stack.push(cur.merge("tag", ["东财滚动新闻"], "新闻"))
    merged = state(lib)
    stack.push(lib.edit_post(a2, title="A two"))
    raw = stored(lib, a2)  # the edit starts from the current bytes and stores them whole
    assert b"tags: \xe6\x96\xb0\xe9\x97\xbb\n" in raw and b'title: "A two"' in raw
    assert a2 not in dict(lib.db.execute_sql("SELECT post_id, mask FROM post_pending").fetchall())
    edited = state(lib)
    stack.push(cur.rename("category", "emnews", "eastmoney"))  # it joins a group again; the others get bit 2
    assert dict(lib.db.execute_sql("SELECT post_id, mask FROM post_pending").fetchall())[a2] == pending.CATEGORIES
    stack.undo()
    assert state(lib) == edited
    stack.undo()
    assert state(lib) == merged
    stack.undo()
    assert state(lib) == before
    for _ in range(3):
        stack.redo()
    assert lib.post_record(a2)["title"] == "A two" and lib.post_record(a2)["categories"] == ["eastmoney"]
    stack.undo()
    assert state(lib) == edited


def test_export_writes_derived_bytes_and_unedited_ones_untouched(lib: Library, site: Path, tmp_path: Path) -> None:
    cur = Curator(lib)
    cur.merge("tag", ["东财滚动新闻"], "新闻")
    cur.rename("category", "emnews", "eastmoney")
    out = tmp_path / "out"
    export_posts(lib, out, Selection())
    for rel, text in POSTS.items():
        source, exported = text.encode("utf-8"), (out / rel).read_bytes() if (out / rel).exists() else None
        if "东财滚动新闻" not in text:
            assert exported == source, rel  # unedited: byte for byte
    a1 = (out / "_posts/2022-05-01-a1.md").read_bytes()
    assert changed_lines(POSTS["_posts/2022-05-01-a1.md"].encode(), a1) == [
        (b"categories: emnews", b"categories: eastmoney"),
        ("tags: 东财滚动新闻".encode(), "tags: 新闻".encode()),
    ]


def test_emptying_the_trash_takes_pending_rows_along(lib: Library) -> None:
    cur = Curator(lib)
    changes = cur.merge("tag", ["Wind新闻"], "wind")
    cur.trash(changes.post_ids)
    cur.empty_trash()
    assert lib.db.execute_sql("SELECT COUNT(*) FROM post_pending").fetchone()[0] == 0


def test_plain_key_span_agrees_with_key_lines(finews_corpus: Path) -> None:
    samples = [text.encode("utf-8") for text in POSTS.values()]
    samples += [p.read_bytes() for p in sorted(finews_corpus.rglob("*.md"))]
    samples += [
        b"---\ntags: a\ntag: b\n---\n",
        b"---\ntags: a\n  - b\n---\n",
        b"---\ntags:\n- a\n---\n",
        b"---\ntags: a\ntags: b\n---\n",
        b"---\ntitle: x\n...\ntags: a\n---\n",
        b"---\ncategories: a\npermalink: /x\n---\n",
        b"---\ntagline: hi\ntags: a\n---\n",
        b"---\ntags: a\n----\n---\n",
    ]
    answered = 0
    for raw in samples:
        for key in ("tags", "categories"):
            plain = pending.plain_key_span(raw, key)
            if plain is not None:
                answered += 1
                assert plain == pending.key_lines(raw, key), raw
    assert answered > 50  # the plain path is the common one


def test_crash_check_sees_pending_posts_as_complete(lib: Library, tmp_path: Path) -> None:
    """The crash test's checker (bench/crash_test.py) accepts a library with pending posts."""
    from bench.crash_test import check_library

    Curator(lib).merge("tag", ["东财滚动新闻"], "新闻")
    lib.close()
    shutil.copytree(lib.folder, tmp_path / "copy", ignore=shutil.ignore_patterns("library.lock"))
    ok, incomplete, paths = check_library(tmp_path / "copy")
    assert ok and incomplete == 0 and len(paths) == len(POSTS)
    conn = sqlite3.connect(tmp_path / "copy" / "library.sqlite3")
    assert conn.execute("SELECT COUNT(*) FROM post_pending").fetchone()[0] == 13
    conn.close()


def test_new_stored_bytes_end_the_pending_state(lib: Library, site: Path) -> None:
    """A re-import that updates a pending post stores current bytes: it is pending no more (a trigger)."""
    Curator(lib).merge("tag", ["东财滚动新闻"], "新闻")
    a3 = by_title(lib, "A 3")
    assert a3 in dict(lib.db.execute_sql("SELECT post_id, mask FROM post_pending").fetchall())
    path = site / "_posts/2022-05-03-a3.md"
    path.write_bytes(path.read_bytes().replace(b"body 3", b"body three"))
    report = import_paths(lib, [site], policy="update")
    assert report.updated and not report.errors
    assert a3 not in dict(lib.db.execute_sql("SELECT post_id, mask FROM post_pending").fetchall())
    assert lib.post_raw(a3) == path.read_bytes() and lib.post_record(a3)["tags"] == ["东财滚动新闻"]


def test_a_post_whose_names_are_written_otherwise_goes_one_by_one(lib: Library) -> None:
    """post.jekyll written in another JSON style (an older library): the substitution would miss, so no group."""
    a4 = by_title(lib, "A 4")
    lib.db.execute_sql("UPDATE post SET jekyll = replace(jekyll, '\"tags\": [', '\"tags\":[') WHERE id = ?", (a4,))
    cur = Curator(lib)
    before = state(lib)
    changes = cur.merge("tag", ["东财滚动新闻"], "新闻")
    assert [e.post_id for e in changes.edits] == [a4]  # rewritten and stored whole, the others grouped
    assert lib.post_record(a4)["tags"] == ["新闻"] and "tags: 新闻".encode() in stored(lib, a4)
    assert a4 not in dict(lib.db.execute_sql("SELECT post_id, mask FROM post_pending").fetchall())
    Curator(lib).undo(changes)
    after = state(lib)
    assert {k: v for k, v in after.items() if k != "post"} == {k: v for k, v in before.items() if k != "post"}
    # the one-by-one undo reads post.jekyll again from the bytes (in the importer's JSON style)
    assert [r for r in after["post"] if r[0] != a4] == [r for r in before["post"] if r[0] != a4]
