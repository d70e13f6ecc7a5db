"""Read state and notes in the core: marks, counts, undo, the query words, and never a post's bytes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from finews_desktop.core.curation.curator import Curator, UndoStack
from finews_desktop.core.curation.reading import Reader, older_than_query
from finews_desktop.core.errors import KnownError, QueryError
from finews_desktop.core.search.engine import search
from finews_desktop.core.store.library import Library
from tests.core.curation.rows import open_library


@pytest.fixture
def lib(tmp_path: Path):
    library = open_library(tmp_path)
    yield library
    library.close()


def found(lib: Library, query: str, **kw: object) -> set[int]:
    return set(search(lib, query, **kw).ids)  # type: ignore[arg-type]


def test_posts_are_unread_until_marked_and_marks_undo(lib: Library) -> None:
    reader, stack = Reader(lib), UndoStack(Curator(lib))
    every = set(lib.post_ids())
    assert found(lib, "is:unread") == every and found(lib, "is:read") == set()
    assert reader.counts().unread == len(every)
    first = sorted(every)[:3]
    changes = stack.push(reader.mark(first))
    assert set(changes.post_ids) == set(first) and "read" in changes.fields
    assert found(lib, "is:read") == set(first) and found(lib, "is:unread") == every - set(first)
    assert reader.counts().unread == len(every) - 3
    assert not reader.mark(first)  # already read: nothing changes
    stack.undo()
    assert found(lib, "is:read") == set()
    stack.redo()
    assert found(lib, "is:read") == set(first)
    assert all(lib.post_rows(first)[i].read for i in range(3))
    assert not lib.post_rows([sorted(every)[-1]])[0].read


def test_marking_unread_keeps_the_time_for_undo(lib: Library) -> None:
    reader, cur = Reader(lib), Curator(lib)
    pid = lib.post_ids()[0]
    reader.mark([pid])
    at = lib.db.execute_sql("SELECT read_at FROM post_read WHERE post_id = ?", (pid,)).fetchone()[0]
    undo = cur.undo(reader.mark([pid], read=False))
    assert found(lib, "is:read") == {pid}
    assert lib.db.execute_sql("SELECT read_at FROM post_read").fetchall() == [(at,)]
    assert undo


def test_mark_a_query_and_older_than(lib: Library) -> None:
    reader = Reader(lib)
    reader.mark_query("tag:东财滚动新闻")
    assert found(lib, "is:read") == found(lib, "tag:东财滚动新闻")
    reader.mark_query("", read=False)
    assert found(lib, "is:read") == set()
    reader.mark_query("", older_than=date(2022, 5, 3))
    assert found(lib, "is:read") == found(lib, "date:<2022-05-03") and found(lib, "is:read")
    assert older_than_query("a OR b", date(2022, 1, 2)) == "(a OR b) date:<2022-01-02"


def test_read_state_and_notes_queue_nothing_for_the_search_index(lib: Library) -> None:
    reader, cur = Reader(lib), Curator(lib)
    before = lib.db.execute_sql("SELECT COUNT(*) FROM search_queue").fetchone()[0]
    pid = lib.post_ids()[0]
    cur.undo(reader.mark([pid]))
    cur.undo(reader.set_note(pid, "x"))
    assert lib.db.execute_sql("SELECT COUNT(*) FROM search_queue").fetchone()[0] == before


def test_notes_edit_search_and_undo(lib: Library) -> None:
    reader, stack = Reader(lib), UndoStack(Curator(lib))
    a, b = lib.post_ids()[:2]
    assert reader.note(a) == ""
    stack.push(reader.set_note(a, "待核实: ＮＩＯ 的订单"))
    assert reader.note(a) == "待核实: ＮＩＯ 的订单"
    assert found(lib, "has:note") == {a} and found(lib, "note:nio") == {a} and found(lib, "note:待核") == {a}
    assert found(lib, "nio") == set()  # free text leaves notes out unless asked
    assert found(lib, "nio", notes=True) == {a}
    assert found(lib, "-has:note") == set(lib.post_ids()) - {a}
    stack.push(reader.set_note(a, "changed"))
    assert found(lib, "note:nio") == set() and found(lib, "note:chang") == {a}
    stack.push(reader.set_note(b, "second"))
    assert reader.counts().noted == 2
    stack.undo()
    assert found(lib, "has:note") == {a}
    stack.undo()
    assert reader.note(a) == "待核实: ＮＩＯ 的订单"
    assert not reader.set_note(a, "待核实: ＮＩＯ 的订单")  # the same text: nothing changes
    stack.push(reader.set_note(a, "  \n"))  # white space only removes the note
    assert found(lib, "has:note") == set() and reader.counts().noted == 0
    assert [r.noted for r in lib.post_rows([a])] == [False]
    with pytest.raises(KnownError):
        reader.set_note(99999, "x")


def test_a_deleted_post_takes_its_note_and_read_state_along(lib: Library) -> None:
    reader, cur = Reader(lib), Curator(lib)
    a, b = lib.post_ids()[:2]
    reader.set_note(a, "gone soon")
    reader.set_note(b, "stays")
    reader.mark([a, b])
    assert found(lib, "note:s") == {a, b}
    cur.trash([a])
    cur.empty_trash()
    assert found(lib, "note:s") == {b} and found(lib, "is:read") == {b}
    reader.set_note(b, "again")  # a new row after a removed one: the folded notes are read again
    assert found(lib, "note:again") == {b} and found(lib, "note:stays") == set()


def test_query_words_are_checked() -> None:
    from finews_desktop.core.search.query import Field, Flag, parse_query

    assert parse_query("is:read").root == Flag("read", 3)
    assert parse_query("is:unread").root == Flag("unread", 3)
    assert parse_query("has:note").root == Flag("note", 4)
    assert parse_query("note:x").root == Field("note", "x", 5)
    with pytest.raises(QueryError):
        parse_query("is:seen")
    with pytest.raises(QueryError):
        parse_query("has:notepad")
