"""File names that are not UTF-8: every file gets a distinct, reversible stored path, is exported
under its original name bytes, and never stops the run (issue 15, section 5).

Before: two GBK names copied from a Chinese Windows machine (光伏.md, 风电.md) both became
'_posts/2022-05-20-����.md' and aborted the whole import with a UNIQUE constraint error; names
that differ only in invalid bytes but hold the same bytes were silently reported 'unchanged'.
Every hostile input is generated here.
"""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finews_desktop.core import filenames
from finews_desktop.core.exporting.exporter import export_posts
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store.library import Library
from tests.core import zipcraft

GOOD = '---\ntitle: "好文章"\ndate: 2022-05-20 17:01:37 +0800\n---\n<p>正文</p>'
KEEPS_NAME_BYTES = os.name == "posix" and sys.platform != "darwin"  # macOS and Windows refuse such names


def gbk(name: str) -> bytes:
    return b"2022-05-20-" + name.encode("gbk") + b".md"


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "library")
    yield library
    library.close()


def write_bytes_name(folder: Path, name: bytes, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
        fh.write(text.encode("utf-8"))


def stored_paths(lib: Library) -> dict[bytes, dict]:
    return {filenames.name_bytes(r["path"]): r for r in lib.post_records(lib.post_ids())}


def test_gbk_names_land_beside_the_94_good_posts_and_come_back_unchanged(lib: Library, tmp_path: Path) -> None:
    posts = tmp_path / "site" / "_posts"
    for i in range(94):
        write_bytes_name(posts, f"2022-05-20-good{i}.md".encode(), GOOD)
    for name in ("光伏", "风电"):
        write_bytes_name(posts, gbk(name), GOOD.replace("好文章", name))
    report = import_paths(lib, [tmp_path / "site"])
    assert report.counts()["imported"] == 96 and not report.errors
    by_name = stored_paths(lib)
    assert len(by_name) == 96
    for name in ("光伏", "风电"):
        record = by_name[b"_posts/" + gbk(name)]  # the stored path gives the original bytes back
        assert record["title"] == name
        assert not record["builds"] and record["skip_reason"] == "fatal_name"  # Jekyll aborts on such a name
        assert "\ufffd" in filenames.shown_name(record["path"])
    assert sum(p.code == "fatal_name" for p in report.problems) == 2
    again = import_paths(lib, [tmp_path / "site"])
    assert again.counts()["unchanged"] == 96 and again.counts()["imported"] == 0


def test_names_differing_only_in_invalid_bytes_stay_distinct(lib: Library, tmp_path: Path) -> None:
    posts = tmp_path / "site" / "_posts"
    names = [b"2022-05-20-bad\xff\xfe.md", b"2022-05-20-bad\xfe\xff.md", b"2022-05-20-bad\x80.md"]
    for name in names:
        write_bytes_name(posts, name, GOOD)  # the very same bytes: one hash for all three
    write_bytes_name(posts, "2022-05-20-bad\ufffd\ufffd.md".encode(), GOOD)  # and a real U+FFFD name
    report = import_paths(lib, [tmp_path / "site"])
    assert report.counts()["imported"] == 4 and report.counts()["unchanged"] == 0 and not report.errors
    assert set(stored_paths(lib)) == {b"_posts/" + n for n in [*names, "2022-05-20-bad\ufffd\ufffd.md".encode()]}


def test_folders_whose_names_are_not_utf8_are_distinct_sites_paths(lib: Library, tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ("光伏", "风电"):
        write_bytes_name(site / os.fsdecode(name.encode("gbk")) / "_posts", b"2022-05-20-a.md", GOOD)
    report = import_paths(lib, [site])
    assert report.counts()["imported"] == 2 and not report.errors
    assert set(stored_paths(lib)) == {name.encode("gbk") + b"/_posts/2022-05-20-a.md" for name in ("光伏", "风电")}


@pytest.mark.skipif(not KEEPS_NAME_BYTES, reason="this file system refuses names that are not Unicode")
def test_a_folder_export_writes_the_original_name_bytes(lib: Library, tmp_path: Path) -> None:
    posts = tmp_path / "site" / "_posts"
    write_bytes_name(posts, b"2022-05-20-ok.md", GOOD)
    for name in ("光伏", "风电"):
        write_bytes_name(posts, gbk(name), GOOD.replace("好文章", name))
    import_paths(lib, [tmp_path / "site"])
    report = export_posts(lib, tmp_path / "out")
    assert not report.renamed and not report.conflicts
    written = sorted(os.listdir(os.fsencode(tmp_path / "out" / "_posts")))
    assert written == sorted([b"2022-05-20-ok.md", gbk("光伏"), gbk("风电")])
    for name in ("光伏", "风电"):
        out = os.path.join(os.fsencode(tmp_path / "out" / "_posts"), gbk(name))
        original = os.path.join(os.fsencode(posts), gbk(name))
        assert Path(os.fsdecode(out)).read_bytes() == Path(os.fsdecode(original)).read_bytes()
    assert {n.skip_reason for n in report.not_built} == {"fatal_name"} and all(n.aborts_build for n in report.not_built)
    # and the export imports back to the same stored paths
    other = Library.open(tmp_path / "other")
    try:
        import_paths(other, [tmp_path / "out"])
        assert set(stored_paths(other)) == set(stored_paths(lib))
    finally:
        other.close()


@pytest.mark.skipif(not KEEPS_NAME_BYTES, reason="this file system refuses names that are not Unicode")
def test_a_long_gbk_name_is_measured_by_its_own_bytes_when_exported(lib: Library, tmp_path: Path) -> None:
    """120 GBK characters are 240 bytes (a name may have 255), though their stored text is 960."""
    name = gbk("光伏" * 60)
    assert len(name) < 255 < len(filenames.stored_name(os.fsdecode(name)).encode("utf-8"))
    write_bytes_name(tmp_path / "site" / "_posts", name, GOOD)
    import_paths(lib, [tmp_path / "site"])
    report = export_posts(lib, tmp_path / "out")
    assert not report.not_exported and not report.renamed
    assert os.listdir(os.fsencode(tmp_path / "out" / "_posts")) == [name]


@pytest.mark.skipif(not KEEPS_NAME_BYTES, reason="this file system refuses names that are not Unicode")
def test_a_zip_export_writes_the_original_name_bytes_without_the_utf8_flag(lib: Library, tmp_path: Path) -> None:
    posts = tmp_path / "site" / "_posts"
    write_bytes_name(posts, "2022-05-20-中文.md".encode(), GOOD)
    for name in ("光伏", "风电"):
        write_bytes_name(posts, gbk(name), GOOD)
    import_paths(lib, [tmp_path / "site"])
    export_posts(lib, tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        infos = {i.orig_filename: i for i in zf.infolist()}
        raw = {
            (i.orig_filename.encode("utf-8") if i.flag_bits & zipcraft.UTF8_FLAG else i.orig_filename.encode("cp437"))
            for i in infos.values()
        }
        assert {b"_posts/" + gbk("光伏"), b"_posts/" + gbk("风电"), "_posts/2022-05-20-中文.md".encode()} <= raw
        assert infos["_posts/2022-05-20-中文.md"].flag_bits & zipcraft.UTF8_FLAG  # text names keep the flag


def test_a_zip_member_flagged_utf8_whose_name_is_not_still_imports(lib: Library, tmp_path: Path) -> None:
    """zipfile refuses to open such an archive at all (UnicodeDecodeError): before, the import crashed."""
    archive = tmp_path / "flagged.zip"
    archive.write_bytes(
        zipcraft.build(
            [
                zipcraft.Member(b"_posts/2022-05-20-good.md", GOOD.encode(), flags=zipcraft.UTF8_FLAG),
                zipcraft.Member(b"_posts/" + gbk("光伏"), GOOD.encode(), flags=zipcraft.UTF8_FLAG),
            ]
        )
    )
    report = import_paths(lib, [archive])
    assert report.counts()["imported"] == 2 and not report.errors
    assert b"_posts/" + gbk("光伏") in stored_paths(lib)


def test_an_unexpected_error_writing_one_post_is_an_error_row_and_the_rest_lands(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any per-post failure of the library's batch (here a row SQLite refuses) costs that post only."""
    posts = tmp_path / "site" / "_posts"
    for i in range(20):
        write_bytes_name(posts, f"2022-05-20-p{i:02}.md".encode(), GOOD.replace("好文章", f"t{i}"))
    real = Library.write_import_batch

    def refuse_one(self: Library, inserts, updates, restores, run_id):  # type: ignore[no-untyped-def]
        if any(p.title == "t7" for _a, p, _c in inserts):  # the whole batch first, then that post alone
            raise ValueError("a value SQLite cannot store")
        return real(self, inserts, updates, restores, run_id)

    monkeypatch.setattr(Library, "write_import_batch", refuse_one)
    report = import_paths(lib, [tmp_path / "site"])
    assert report.counts()["imported"] == 19
    assert [(p.path, p.code) for p in report.errors] == [("_posts/2022-05-20-p07.md", "internal_error")]
    assert "_posts/2022-05-20-p07.md" not in report.imported
    assert lib.count_posts() == 19


@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b))
def test_stored_names_are_text_distinct_and_reversible(raw: bytes) -> None:
    name = os.fsdecode(raw)
    stored = filenames.stored_name(name)
    stored.encode("utf-8")  # SQLite and JSON can hold it
    assert filenames.name_bytes(stored) == raw and filenames.original_name(stored) == name
    assert filenames.stored_name(filenames.shown_name(stored)) == filenames.shown_name(stored)


@given(st.text(min_size=1, max_size=20))
def test_text_names_are_stored_as_they_are_unless_they_hold_the_stand_in_characters(text: str) -> None:
    if any(ord(c) >= 0xD800 and ord(c) < 0xE000 for c in text):
        return  # lone surrogates are how Python spells bytes that are not UTF-8 (the test above)
    stored = filenames.stored_name(text)
    assert (stored == text) == (filenames.CODED_CHARS.search(text) is None)
    assert filenames.original_name(stored) == text and not filenames.has_name_bytes(stored)
