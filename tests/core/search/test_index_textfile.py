"""The text file's names and generations (core/search/index/textfile.py): a new file never reuses a
name, only older files are deleted, and the file is intact while it holds the committed end."""

from __future__ import annotations

from pathlib import Path

from finews_desktop.core.search.index.documents import IndexDoc
from finews_desktop.core.search.index.textfile import (
    _record,
    _split_record,
    drop_old_texts,
    next_text_gen,
    text_file_name,
    text_intact,
)


def test_a_new_text_file_is_numbered_above_every_one_there(tmp_path: Path) -> None:
    assert next_text_gen(tmp_path, -1) == 0
    assert next_text_gen(tmp_path, 4) == 5
    (tmp_path / text_file_name(9)).write_bytes(b"")
    (tmp_path / "search-text-x.bin").write_bytes(b"")  # not one of ours
    assert next_text_gen(tmp_path, 4) == 10


def test_only_older_text_files_are_dropped(tmp_path: Path) -> None:
    for gen in (1, 2, 3, 4):
        (tmp_path / text_file_name(gen)).write_bytes(b"x")
    (tmp_path / "other.bin").write_bytes(b"x")
    drop_old_texts(tmp_path, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.bin", text_file_name(3), text_file_name(4)]


def test_a_text_file_is_intact_while_it_holds_the_committed_end(tmp_path: Path) -> None:
    assert text_intact(tmp_path, 1, 0)  # nothing committed: nothing needed
    assert not text_intact(tmp_path, 1, 5)
    (tmp_path / text_file_name(1)).write_bytes(b"12345")
    assert text_intact(tmp_path, 1, 5) and not text_intact(tmp_path, 1, 6)


def test_a_record_splits_back_into_title_and_body() -> None:
    doc = IndexDoc(1, "碳中和", "正文 text", frozenset())
    data = _record(doc)
    assert data.count(b"\xff") == 2
    assert _split_record(data) == ("碳中和", "正文 text")
