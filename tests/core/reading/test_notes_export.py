"""Notes leaving the library: never in an export's posts unless it is asked for a note key, and then
only as that key (core/exporting/notes.py's with_note_key through the Exporter); the finews sample."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from finews_desktop.core.curation.reading import Reader
from finews_desktop.core.exporting.exporter import export_posts
from finews_desktop.core.exporting.notes import with_note_key
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.jekyll.post import FRONT_MATTER_RE
from finews_desktop.core.store.library import Library

NOTES = ["check the order book", "多行笔记\n  缩进的一行\n\n- 列表\n---\nend", "x\x01y: {not: yaml}"]


@pytest.fixture
def lib(tmp_path: Path, finews_corpus: Path):
    library = Library.open(tmp_path / "lib")
    import_paths(library, [finews_corpus])
    yield library
    library.close()


def front_matter(raw: bytes) -> dict[str, object]:
    m = FRONT_MATTER_RE.match(raw.decode("utf-8"))
    assert m is not None
    return yaml.safe_load(m.group(1)[m.group(1).index("\n") + 1 :])


def noted(lib: Library) -> dict[int, str]:
    reader = Reader(lib)
    ids = sorted(lib.post_ids())[:3]
    for pid, note in zip(ids, NOTES, strict=True):
        reader.set_note(pid, note)
    reader.mark(ids)
    return dict(zip(ids, NOTES, strict=True))


def test_the_default_export_is_byte_identical_with_notes(lib: Library, tmp_path: Path, finews_corpus: Path) -> None:
    noted(lib)
    export_posts(lib, tmp_path / "out", posts_only=True)
    sources = sorted((finews_corpus / "_posts").glob("*.md"))
    assert sources
    for source in sources:
        assert (tmp_path / "out" / "_posts" / source.name).read_bytes() == source.read_bytes(), source.name


def test_a_note_key_adds_only_that_key_to_noted_posts(lib: Library, tmp_path: Path, finews_corpus: Path) -> None:
    notes = noted(lib)
    report = export_posts(lib, tmp_path / "out", posts_only=True, note_key="note")
    by_path = {report.paths[pid]: pid for pid in report.post_ids}
    changed = 0
    for rel, pid in by_path.items():
        written = (tmp_path / "out" / rel).read_bytes()
        source = (finews_corpus / rel).read_bytes()
        if pid not in notes:
            assert written == source, rel
            continue
        changed += 1
        mine, theirs = front_matter(written), front_matter(source)
        assert mine.pop("note") == notes[pid].rstrip("\n")
        assert mine == theirs  # nothing else in the front matter changed
        body = FRONT_MATTER_RE.match(source.decode("utf-8"))
        assert body is not None and written.endswith(source[len(body.group(0).encode("utf-8")) :])
    assert changed == len(notes)


def test_with_note_key_leaves_what_it_cannot_carry_unchanged() -> None:
    assert with_note_key(b"---\nnote: mine\n---\nbody", "note", "x") == b"---\nnote: mine\n---\nbody"
    assert with_note_key(b"no front matter", "note", "x") == b"no front matter"
    gbk = "---\ntitle: 标题\n---\n".encode("gb18030")
    assert with_note_key(gbk, "note", "x") == gbk
    crlf = with_note_key(b"---\r\ntitle: a\r\n---\r\nbody", "note", "a\nb")
    assert crlf == b"---\r\ntitle: a\r\nnote: |2-\r\n  a\r\n  b\r\n---\r\nbody"
