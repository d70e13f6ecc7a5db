"""Export keeps file names byte for byte wherever the target holds them (issue 22), and says which
were renamed and why where it does not: a folder's file system is probed, a zip holds any name but a
backslash, and portable names are Windows' and macOS' rules, asked for."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from finews_desktop.cli import main as cli_main
from finews_desktop.core.exporting.exporter import export_posts
from finews_desktop.core.exporting.target_names import PORTABLE, folder_rules, make_file, zip_rules
from finews_desktop.core.filenames import stored_name
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store.library import Library
from tests.core.exporting.test_export_jekyll import JEKYLL_DUMP, jekyll_dump

COLON = "_posts/2022-05-20-a:b.md"
RAW = b'---\ntitle: "A colon"\ndate: 2022-05-20 10:00:00 +0800\n---\nbody\n'


def write_site(folder: Path, posts: dict[str, bytes]) -> Path:
    (folder / "_posts").mkdir(parents=True)
    (folder / "_config.yml").write_bytes(b"timezone: Asia/Shanghai\n")
    for rel, data in posts.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


@pytest.fixture
def colon_site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {COLON: RAW, "_posts/2022-05-21-plain.md": RAW})


@pytest.fixture
def lib(tmp_path: Path, colon_site: Path):
    with Library.open(tmp_path / "lib") as library:
        import_paths(library, [colon_site])
        yield library


def refusing(chars: str):
    """A probe for a file system that refuses these characters (as vfat or ntfs refuse ':')."""
    return lambda folder, name: not any(c in name for c in chars) and make_file(folder, name)


def test_a_colon_name_keeps_its_name_and_bytes_in_a_folder_here(lib: Library, tmp_path: Path) -> None:
    report = export_posts(lib, tmp_path / "out")
    assert (tmp_path / "out" / COLON).read_bytes() == RAW
    assert not report.renamed and COLON in report.paths.values()
    assert sorted(os.listdir(tmp_path / "out")) == ["_config.yml", "_posts"]  # the probes are gone


@pytest.mark.skipif(shutil.which("jekyll") is None or not JEKYLL_DUMP.is_file(), reason="jekyll is not installed")
def test_jekyll_builds_the_kept_name_with_the_original_url(lib: Library, tmp_path: Path, colon_site: Path) -> None:
    export_posts(lib, tmp_path / "out")
    original = jekyll_dump(colon_site, tmp_path / "source.json")
    exported = jekyll_dump(tmp_path / "out", tmp_path / "export.json")
    fields = ("path", "slug", "id", "url", "title", "date")
    assert {p: [v[f] for f in fields] for p, v in exported.items()} == {
        p: [v[f] for f in fields] for p, v in original.items()
    }
    assert original[COLON]["slug"] == "a:b" and original[COLON]["id"] == "/2022/05/20/a:b"


def test_a_zip_keeps_the_name(lib: Library, tmp_path: Path) -> None:
    report = export_posts(lib, tmp_path / "out.zip")
    assert not report.renamed
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert zf.read(COLON) == RAW


def test_a_zip_stores_bytes_that_are_not_utf8_without_the_utf8_flag(tmp_path: Path) -> None:
    gbk = os.fsdecode("2022-05-20-新闻".encode("gbk") + b".md")
    site = write_site(tmp_path / "site", {"_posts/2022-05-21-标题:x.md": RAW})
    (site / "_posts" / gbk).write_bytes(RAW)
    with Library.open(tmp_path / "lib") as library:
        import_paths(library, [site])
        report = export_posts(library, tmp_path / "out.zip")
    assert not report.renamed
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        flags = {info.orig_filename: info.flag_bits & 0x800 for info in zf.infolist()}
    assert flags["_posts/2022-05-21-标题:x.md"] == 0x800  # valid UTF-8: flagged
    raw_names = [n for n in flags if n.startswith("_posts/") and "标题" not in n]
    assert len(raw_names) == 1 and flags[raw_names[0]] == 0  # its own bytes, no UTF-8 flag
    assert raw_names[0].encode("cp437") == b"_posts/" + "2022-05-20-新闻".encode("gbk") + b".md"


def test_portable_names_rename_and_say_why_and_what_changes(lib: Library, tmp_path: Path) -> None:
    report = export_posts(lib, tmp_path / "out", portable_names=True)
    assert (tmp_path / "out" / "_posts" / "2022-05-20-a-b.md").read_bytes() == RAW
    [renamed] = report.renamed
    assert (renamed.original, renamed.written, renamed.reason) == (COLON, "_posts/2022-05-20-a-b.md", "portable_name")
    assert renamed.said is not None and renamed.said.code == "export_renamed_slug"
    assert renamed.said.args["why"].code == "export_why_portable"  # type: ignore[union-attr]
    assert (renamed.said.args["old"], renamed.said.args["new"]) == ("a:b", "a-b")
    assert "Windows or macOS cannot hold the character(s) :" in renamed.said.text
    said = report.to_json()["renamed"][0]["said"]
    assert said["code"] == "export_renamed_slug"


def test_a_file_system_that_refuses_a_colon_renames_and_reports(lib: Library, tmp_path: Path) -> None:
    report = export_posts(lib, tmp_path / "out", name_probe=refusing(":"))
    assert (tmp_path / "out" / "_posts" / "2022-05-20-a-b.md").read_bytes() == RAW
    [renamed] = report.renamed
    assert renamed.reason == "target_name" and renamed.written == "_posts/2022-05-20-a-b.md"
    assert renamed.said is not None and renamed.said.args["why"].code == "export_why_target"  # type: ignore[union-attr]
    assert "the file system there does not take the character(s) :" in renamed.said.text
    assert sorted(os.listdir(tmp_path / "out")) == ["_config.yml", "_posts"]


def test_a_case_insensitive_file_system_is_told_by_its_probe(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"_posts/2022-05-20-Same.md": RAW, "_posts/2022-05-20-same.md": RAW + b"2"})
    taken: set[str] = set()

    def folding(folder: str, name: str) -> bool:  # one name whatever its case, as on vfat or macOS
        if name.casefold() in taken:
            return False
        taken.add(name.casefold())
        return make_file(folder, name)

    with Library.open(tmp_path / "lib") as library:
        import_paths(library, [site])
        report = export_posts(library, tmp_path / "out", name_probe=folding)
        exact = export_posts(library, tmp_path / "exact")
    assert [r.reason for r in report.renamed] == ["collision"] and len(set(report.paths.values())) == 2
    assert not exact.renamed  # this file system holds both


def test_folder_rules_from_probes(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    here = folder_rules(str(tmp_path / "a"))  # this machine's file system (Linux: any byte but '/' and NUL)
    assert here.fit("2022-05-20-a:b?.md") == ("2022-05-20-a:b?.md", None)
    assert here.fit("CON.md") == ("CON.md", None) and here.fit("trailing.") == ("trailing.", None)
    assert here.fit(stored_name(os.fsdecode(b"x\xff.md")))[1] is None
    (tmp_path / "b").mkdir()
    vfat = folder_rules(str(tmp_path / "b"), refusing(':?*"<>|\\'))
    name, why = vfat.fit("2022-05-20-a:b?.md")
    assert name == "2022-05-20-a-b-.md" and why is not None and "the character(s) : ?" in why.text
    assert vfat.fit("a\\b.md")[0] == "a-b.md"
    assert PORTABLE.fit("CON.md")[0] == "CON_.md" and PORTABLE.fit("x.")[0] == "x_"
    assert zip_rules().fit("a:b?.md") == ("a:b?.md", None) and zip_rules().fit("a\\b")[0] == "a-b"
    assert zip_rules().fit("n" * 300)[0] == "n" * 300  # a zip entry has no NAME_MAX


def test_cli_portable_names(tmp_path: Path, colon_site: Path) -> None:
    folder = str(tmp_path / "cli-lib")
    with Library.open(Path(folder)) as library:
        import_paths(library, [colon_site])
    out = io.StringIO()
    assert cli_main(["--library", folder, "export", str(tmp_path / "kept"), "--json"], out=out) == 0
    assert json.loads(out.getvalue())["renamed"] == []
    out = io.StringIO()
    assert cli_main(["--library", folder, "export", str(tmp_path / "portable"), "--portable-names"], out=out) == 0
    text = out.getvalue()
    assert f"renamed (portable_name): {COLON} -> _posts/2022-05-20-a-b.md: Windows or macOS cannot hold" in text
    assert "changes from 'a:b' to 'a-b'" in text


def test_an_interrupted_export_resumes_with_its_portable_names(lib: Library, tmp_path: Path) -> None:
    from finews_desktop.core import recovery
    from finews_desktop.core.exporting.exporter import Exporter

    exporter = Exporter(lib, tmp_path / "out", portable_names=True)
    params = exporter._params(tmp_path / ".out.part", "0" * 12)  # as the journal records them
    report = recovery._resume_export(lib, json.loads(json.dumps(params)), None)
    assert [r.reason for r in report.renamed] == ["portable_name"]
    assert (tmp_path / "out" / "_posts" / "2022-05-20-a-b.md").is_file()
