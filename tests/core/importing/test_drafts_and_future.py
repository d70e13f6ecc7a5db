"""A site's `_drafts` and its future posts through the public import path (folders, zips, a chosen
`_posts`), and a draft exported back to its own path byte for byte."""

from __future__ import annotations

import os
import struct
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from finews_desktop.core.exporting.exporter import export_posts
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.importing.sources import discover
from finews_desktop.core.store.library import Library

MTIME = datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)  # 13:06:07 in Shanghai
DRAFT = b"---\ntitle: An idea\n---\nNot yet.\n"
FILES = {
    "_posts/2020-01-01-past.md": b"---\ntitle: Past\n---\nx\n",
    "_posts/2999-01-01-later.md": b"---\ntitle: Later\n---\nx\n",
    "_drafts/idea.md": DRAFT,
    "_drafts/dated.md": b"---\ntitle: Dated\ndate: 2020-02-02 10:00:00 +0000\n---\nx\n",
    "news/_drafts/local.md": b"---\ntitle: Local\n---\nx\n",
    "_drafts/.hidden.md": b"---\ntitle: Hidden\n---\nx\n",
}


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "library")
    yield library
    library.close()


def _site(root: Path, config: str) -> Path:
    for rel, data in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if "_drafts" in rel:
            os.utime(path, (MTIME.timestamp(), MTIME.timestamp()))
    (root / "_config.yml").write_text("timezone: Asia/Shanghai\n" + config)
    return root


def _records(lib: Library) -> dict[str, dict]:
    return {r["path"]: r for r in lib.post_records(lib.post_ids(include_trashed=True))}


@pytest.mark.parametrize("show_drafts", [True, False])
def test_a_sites_drafts_are_imported_and_built_only_with_show_drafts(
    lib: Library, tmp_path: Path, show_drafts: bool
) -> None:
    site = _site(tmp_path / "site", "show_drafts: true\n" if show_drafts else "")
    report = import_paths(lib, [site])
    assert not report.errors
    got = _records(lib)
    assert sorted(got) == sorted(p for p in FILES if ".hidden" not in p)  # drafts too; hidden ones never
    idea, dated, local = got["_drafts/idea.md"], got["_drafts/dated.md"], got["news/_drafts/local.md"]
    assert idea["date"] == "2021-03-04 13:06:07 +0800"  # the file's modification time, in the site's zone
    assert dated["date"] == "2020-02-02 18:00:00 +0800"  # its front matter wins
    assert idea["url"] == "/2021/03/04/idea.html" and idea["title"] == "An idea"
    assert local["categories"] == ["news"]
    for draft in (idea, dated, local):
        assert draft["builds"] is show_drafts
        assert draft["skip_reason"] == (None if show_drafts else "draft")
        assert [w["code"] for w in draft["warnings"]] == ([] if show_drafts else ["draft"])
    assert got["_posts/2020-01-01-past.md"]["builds"]
    later = got["_posts/2999-01-01-later.md"]
    assert (later["builds"], later["skip_reason"]) == (False, "future")
    assert "2999-01-01 00:00:00 +0800" in later["warnings"][0]["message"]


def test_future_true_builds_the_future_post(lib: Library, tmp_path: Path) -> None:
    import_paths(lib, [_site(tmp_path / "site", "future: true\n")])
    later = _records(lib)["_posts/2999-01-01-later.md"]
    assert later["builds"] and later["skip_reason"] is None


def test_a_zipped_sites_drafts_are_dated_by_their_members_time(lib: Library, tmp_path: Path) -> None:
    site = _site(tmp_path / "site", "show_drafts: true\n")
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in FILES:
            zf.writestr(zipfile.ZipInfo(f"blog/{rel}", date_time=(2021, 3, 4, 13, 6, 8)), (site / rel).read_bytes())
        zf.writestr("blog/_config.yml", (site / "_config.yml").read_bytes())
    import_paths(lib, [archive])
    got = _records(lib)
    assert got["_drafts/idea.md"]["date"] == "2021-03-04 13:06:08 +0800"  # a wall time in the site's zone
    assert got["_drafts/idea.md"]["builds"]


def test_unzips_extended_timestamp_dates_a_zipped_draft_over_its_ms_dos_time(tmp_path: Path) -> None:
    archive = tmp_path / "site.zip"
    stamp = int(datetime(2022, 7, 8, 1, 2, 3, tzinfo=UTC).timestamp())
    with zipfile.ZipFile(archive, "w") as zf:
        info = zipfile.ZipInfo("_drafts/idea.md", date_time=(1999, 1, 1, 0, 0, 0))
        info.extra = struct.pack("<HHBi", 0x5455, 5, 1, stamp)
        zf.writestr(info, DRAFT)
        zf.writestr("_posts/2020-01-01-past.md", FILES["_posts/2020-01-01-past.md"])
    found = discover([archive])
    (draft,) = [f for f in found.files if f.site_path == "_drafts/idea.md"]
    assert draft.file_time == datetime(2022, 7, 8, 1, 2, 3, tzinfo=UTC)
    assert all(f.file_time is None for f in found.files if f is not draft)


def test_a_chosen_posts_folder_brings_no_drafts_and_a_chosen_draft_is_one(lib: Library, tmp_path: Path) -> None:
    site = _site(tmp_path / "site", "show_drafts: true\n")
    import_paths(lib, [site / "_posts"])
    assert sorted(_records(lib)) == ["_posts/2020-01-01-past.md", "_posts/2999-01-01-later.md"]
    import_paths(lib, [site / "_drafts" / "idea.md"])
    idea = _records(lib)["_drafts/idea.md"]
    assert idea["date"] == "2021-03-04 13:06:07 +0800" and idea["builds"]


def test_a_plain_folder_without_posts_is_not_a_site_of_drafts(tmp_path: Path) -> None:
    (tmp_path / "plain" / "_drafts").mkdir(parents=True)
    (tmp_path / "plain" / "2020-01-01-a.md").write_bytes(b"x\n")
    (tmp_path / "plain" / "_drafts" / "idea.md").write_bytes(DRAFT)
    paths = sorted(f.site_path for f in discover([tmp_path / "plain"]).files)
    assert paths == ["_posts/2020-01-01-a.md", "_posts/_drafts/idea.md"]  # as before drafts were read


def test_a_draft_exports_to_its_own_path_byte_for_byte(lib: Library, tmp_path: Path) -> None:
    site = _site(tmp_path / "site", "")
    import_paths(lib, [site])
    report = export_posts(lib, tmp_path / "out")
    assert not report.renamed and not report.conflicts
    for rel in ("_drafts/idea.md", "_drafts/dated.md", "news/_drafts/local.md"):
        assert (tmp_path / "out" / rel).read_bytes() == FILES[rel]
    assert not (tmp_path / "out" / "_posts" / "idea.md").exists()
    drafts = [n for n in report.not_built if n.skip_reason == "draft"]
    assert sorted(n.path for n in drafts) == ["_drafts/dated.md", "_drafts/idea.md", "news/_drafts/local.md"]


@pytest.mark.parametrize("as_zip", [False, True])
def test_an_exported_draft_keeps_its_file_time_so_jekyll_dates_it_the_same(tmp_path: Path, as_zip: bool) -> None:
    """A draft without a date is dated by its file's modification time: the export writes it back."""
    import os

    from finews_desktop.core.exporting.exporter import export_posts
    from finews_desktop.core.importing.importer import import_paths
    from finews_desktop.core.store.library import Library

    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_drafts").mkdir()
    (site / "_config.yml").write_bytes(b"show_drafts: true\ntimezone: America/New_York\n")
    draft = site / "_drafts" / "idea.md"
    draft.write_bytes(b"---\ntitle: Idea\n---\nbody\n")
    os.utime(draft, (1_600_000_000, 1_600_000_000))
    with Library.open(tmp_path / "lib") as lib:
        import_paths(lib, [site])
        out = tmp_path / ("out.zip" if as_zip else "out")
        export_posts(lib, out)
        if not as_zip:
            assert (out / "_drafts" / "idea.md").stat().st_mtime == 1_600_000_000
    with Library.open(tmp_path / "again") as again:
        import_paths(again, [out])
        [pid] = again.post_ids()
        assert again.post_record(pid)["date"] == "2020-09-13 08:26:40 -0400"
