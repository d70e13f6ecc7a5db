"""The search index's text file (core/search/index/textfile.py): long queries verified against it stay
exact across changes, deletes, rebuilds, a writer killed before its commit, and a lost file."""

from __future__ import annotations

import random
import sqlite3
import threading
from pathlib import Path

import pytest

from finews_desktop.core.search import index as si
from finews_desktop.core.search.engine import index_for, search
from finews_desktop.core.search.index.textfile import _TextAppender
from finews_desktop.core.store.library import Library
from tests.core.search_helpers import Spec, add_posts, brute_text, run_sql, update_posts

WORDS = ["增持", "评级", "基金", "黄金", "数字化", "采购", "上证指数", "港股", "收盘", "银行"]
# pieces that cross word boundaries: the extension tables prove nothing, so they are verified
QUERIES = ["金增持", "金增持评级", "购数字化", "指数港", "盘银行", "评级基", "化采购"]


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(WORDS) for _ in range(n))


def _specs(rng: random.Random, count: int) -> list[Spec]:
    return [Spec(_text(rng, 3), _text(rng, rng.randint(0, 30))) for _ in range(count)]


def _text_path(lib: Library) -> Path:
    index = index_for(lib)
    return index.path.parent / si.text_file_name(int(index.meta()["text_gen"]))


def _indexed(lib: Library, rng: random.Random, count: int) -> tuple[list[int], si.SearchIndex]:
    """count new posts, and the library's index caught up with them."""
    ids = add_posts(lib, _specs(rng, count))
    index = index_for(lib)
    assert index.catch_up()
    return ids, index


def _exact(lib: Library, where: str = "") -> None:
    for q in QUERIES:
        result = search(lib, q)
        assert set(result.ids) == brute_text(lib, q), (q, where)
        titles = {
            pid
            for (pid, title) in lib.db.execute_sql("SELECT id, title FROM post WHERE trashed_at IS NULL")
            if q in si.fold(title)
        }
        assert set(search(lib, f"title:{q}").ids) == titles, (q, where)


def test_changes_deletes_and_rebuilds_keep_verification_exact(tmp_path: Path) -> None:
    rng = random.Random(4)
    with Library.open(tmp_path / "lib") as lib:
        ids, index = _indexed(lib, rng, 120)
        _exact(lib, "built")
        first = _text_path(lib)
        size = first.stat().st_size
        assert size == int(index.meta()["text_end"])
        # a change appends the new text; the old record stays, dead, for older snapshots
        update_posts(lib, {pid: Spec(_text(rng, 3), _text(rng, 20)) for pid in ids[::7]})
        run_sql(lib, "DELETE FROM post WHERE id IN (?, ?)", (ids[3], ids[5]), changed=[ids[3], ids[5]])
        add_posts(lib, _specs(rng, 10), start=1000)
        _exact(lib, "queued")
        assert index.catch_up()
        _exact(lib, "caught up")
        assert first.stat().st_size > size
        # a rebuild starts a new file (the dead records gone) and deletes the old one
        assert index.rebuild()
        _exact(lib, "rebuilt")
        assert _text_path(lib) != first and not first.exists()
        assert _text_path(lib).stat().st_size < first.stat().st_size if first.exists() else True


def test_a_writer_killed_before_its_commit_leaves_bytes_nothing_points_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bytes appended by a transaction that never committed are past text_end: searches
    ignore them, and the next writer truncates them before appending."""
    rng = random.Random(5)
    with Library.open(tmp_path / "lib") as lib:
        ids, index = _indexed(lib, rng, 80)
        committed = int(index.meta()["text_end"])
        update_posts(lib, {pid: Spec(_text(rng, 3), _text(rng, 25)) for pid in ids[::3]})

        def killed(self: _TextAppender) -> None:
            self.file.flush()  # the bytes reached the file, the commit never came
            raise KeyboardInterrupt

        with monkeypatch.context() as m:
            m.setattr(_TextAppender, "finish", killed)
            with pytest.raises(KeyboardInterrupt):
                index.catch_up()
        path = _text_path(lib)
        assert path.stat().st_size > committed == int(index.meta()["text_end"])
        _exact(lib, "after the kill")  # the changed posts are still queued: brute force
        assert index.catch_up()
        assert path.stat().st_size == int(index.meta()["text_end"])
        _exact(lib, "caught up")


def test_a_lost_or_short_text_file_falls_back_to_the_library_and_is_rebuilt(tmp_path: Path) -> None:
    rng = random.Random(6)
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        add_posts(lib, _specs(rng, 60))
        assert index_for(lib).catch_up()
        path = _text_path(lib)
    for damage in ("cut", "delete"):
        if damage == "cut":
            with open(path, "r+b") as fh:
                fh.truncate(path.stat().st_size // 2)
        else:
            path.unlink()
        with Library.open(folder) as lib:
            _exact(lib, damage)  # checked against the library's own text
            index = index_for(lib)
            assert index.catch_up()  # notices the damage and builds everything again
            assert index._text_intact()
            _exact(lib, f"{damage}, rebuilt")
            path = _text_path(lib)


def test_a_search_snapshot_keeps_its_text_through_a_rebuild(tmp_path: Path) -> None:
    """A search that began before a rebuild verifies against the text of its own snapshot
    (the old file stays mapped, or the library answers)."""
    from finews_desktop.core.search.engine import _searcher

    rng = random.Random(7)
    with Library.open(tmp_path / "lib") as lib:
        _ids, index = _indexed(lib, rng, 60)
        searcher = _searcher(lib)
        orders = searcher.orders(searcher.generation())
        ev = searcher.begin(orders)
        try:
            worker = threading.Thread(target=index.rebuild)
            worker.start()
            worker.join()
            for q in QUERIES:
                assert set(si.bits_to_ids(ev.long_text(q, si.KIND_TEXT, orders.everything))) == brute_text(lib, q)
        finally:
            ev.close()
        _exact(lib, "after")


def test_an_index_of_format_2_is_built_again(tmp_path: Path) -> None:
    rng = random.Random(8)
    with Library.open(tmp_path / "lib") as lib:
        _ids, index = _indexed(lib, rng, 40)
        conn = index.connection()
        conn.execute("CREATE TABLE doc (id INTEGER PRIMARY KEY, title TEXT, body TEXT, fields TEXT)")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'format'")
        old = _text_path(lib)
        assert index.state()[0] is False
        _exact(lib, "format 2")  # every post pending: brute force
        assert index.catch_up()
        assert index.meta()["format"] == si.FORMAT and not old.exists()
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'doc'").fetchone() is None
        _exact(lib, "format 3")


def test_a_new_index_file_never_reuses_a_text_file_name(tmp_path: Path) -> None:
    """Deleting the SQLite file leaves the text file: the next index takes a new name, so that
    a mapping of the old file is never read as the new one."""
    rng = random.Random(9)
    with Library.open(tmp_path / "lib") as lib:
        _ids, index = _indexed(lib, rng, 30)
        old = _text_path(lib)
        _exact(lib, "first")
        index.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{index.path}{suffix}").unlink(missing_ok=True)
        assert index.catch_up()
        assert _text_path(lib) != old and not old.exists()
        _exact(lib, "second")
        with sqlite3.connect(index.path) as conn:
            assert conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0] == 30
