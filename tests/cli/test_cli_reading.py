"""`finews read|unread|note|notes` over the finews sample archive, and notes never in an export."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from finews_desktop.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture
def library(tmp_path: Path, finews_corpus: Path) -> str:
    lib = str(tmp_path / "lib")
    code, _ = run("--library", lib, "import", str(finews_corpus), "--json")
    assert code == 0
    return lib


def ids_of(lib: str, *query: str) -> set[int]:
    code, out = run("--library", lib, "search", "--json", "--", *query)
    assert code == 0
    return {p["id"] for p in json.loads(out)["posts"]}


def test_read_and_unread_by_query_and_older_than(library: str) -> None:
    every = ids_of(library, "-has:note")  # every post: none has a note yet
    assert ids_of(library, "is:unread") == every and not ids_of(library, "is:read")
    code, out = run("--library", library, "read", "--json", "tag:东财滚动新闻")
    tagged = ids_of(library, "tag:东财滚动新闻")
    assert code == 0 and set(json.loads(out)["posts"]) == tagged and tagged
    assert ids_of(library, "is:read") == tagged
    code, out = run("--library", library, "unread")
    assert code == 0 and out == f"{len(tagged)} posts marked unread.\n"
    code, out = run("--library", library, "read", "--older-than", "2022-05-01")
    assert code == 0 and ids_of(library, "is:read") == ids_of(library, "date:<2022-05-01")
    code, _ = run("--library", library, "unread", "--older-than", "2022-03-01", "--", "-tag:nothing")
    assert ids_of(library, "is:read") == ids_of(library, "date:2022-03-01..2022-04-30")
    with pytest.raises(SystemExit):
        run("--library", library, "read", "--older-than", "May")


def test_note_set_print_remove_and_stdin(library: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pid = min(ids_of(library, "date:>1900"))
    assert run("--library", library, "note", str(pid)) == (0, "")
    assert run("--library", library, "note", str(pid), "check the order book\nwith NIO")[1] == "Note saved.\n"
    assert run("--library", library, "note", str(pid)) == (0, "check the order book\nwith NIO\n")
    assert ids_of(library, "note:nio") == {pid} and ids_of(library, "has:note") == {pid}
    code, out = run("--library", library, "search", "--notes", "--json", "--", '"the order book"')
    assert code == 0
    assert {p["id"] for p in json.loads(out)["posts"]} == {pid}
    monkeypatch.setattr(sys, "stdin", io.StringIO("从标准输入\n"))
    assert run("--library", library, "note", str(pid), "-")[1] == "Note saved.\n"
    assert run("--library", library, "note", str(pid))[1] == "从标准输入\n"
    assert run("--library", library, "note", str(pid), "")[1] == "Note removed.\n"
    assert not ids_of(library, "has:note")
    assert run("--library", library, "note", "999999")[0] != 0


def test_notes_as_csv_and_markdown(library: str, tmp_path: Path) -> None:
    a, b = sorted(ids_of(library, "date:>1900"))[:2]
    run("--library", library, "note", str(a), 'first, with "quotes"\nand a line')
    run("--library", library, "note", str(b), "第二条")
    code, out = run("--library", library, "notes")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == ["id", "date", "title", "url", "note", "updated"]
    assert {(int(r[0]), r[4]) for r in rows[1:]} == {(a, 'first, with "quotes"\nand a line'), (b, "第二条")}
    target = tmp_path / "notes.md"
    code, out = run("--library", library, "notes", "--format", "md", "-o", str(target))
    assert code == 0 and out == f"2 notes written to {target}.\n"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Notes\n") and "第二条" in text and "and a line" in text


def test_an_export_of_posts_with_notes_and_read_state_is_byte_identical(
    library: str, tmp_path: Path, finews_corpus: Path
) -> None:
    every = sorted(ids_of(library, "date:>1900"))
    for pid in every[:5]:
        run("--library", library, "note", str(pid), f"note of {pid}")
    run("--library", library, "read")
    code, _ = run("--library", library, "export", str(tmp_path / "out"), "--posts-only")
    assert code == 0
    sources = sorted((finews_corpus / "_posts").glob("*.md"))
    assert sources
    for source in sources:  # the notes' posts among them, byte for byte
        assert (tmp_path / "out" / "_posts" / source.name).read_bytes() == source.read_bytes(), source.name


def test_export_note_key_writes_notes_into_front_matter_only_when_asked(
    library: str, tmp_path: Path, finews_corpus: Path
) -> None:
    pid = min(ids_of(library, "date:>1900"))
    run("--library", library, "note", str(pid), "复核\n第二行")
    code, _ = run("--library", library, "export", str(tmp_path / "out"), "--posts-only", "--note-key", "my_note")
    assert code == 0
    code, shown = run("--library", library, "show", str(pid), "--json")
    assert code == 0
    rel = json.loads(shown)["path"]
    written = (tmp_path / "out" / rel).read_bytes()
    source = (finews_corpus / rel).read_bytes()
    assert b"my_note: |2-\n  \xe5\xa4\x8d\xe6\xa0\xb8\n  \xe7\xac\xac\xe4\xba\x8c\xe8\xa1\x8c\n---" in written
    assert written.replace("my_note: |2-\n  复核\n  第二行\n".encode(), b"") == source
    others = [p for p in (finews_corpus / "_posts").glob("*.md") if f"_posts/{p.name}" != rel]
    assert others and all((tmp_path / "out" / "_posts" / p.name).read_bytes() == p.read_bytes() for p in others)
