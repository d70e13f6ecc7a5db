"""A whole site's other files go back out with an export: byte for byte, by default with the whole library,
on request with any selection, never with --posts-only; and the exported site builds like the original."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from finews_desktop.cli import main as cli_main
from finews_desktop.core.exporting.exporter import export_posts
from finews_desktop.core.exporting.selection import Selection
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store.library import Library
from tests.core.exporting.test_export_jekyll import jekyll_build
from tests.core.whole_site import CONFIG, CORPUS, DRAFTS, KEPT, POSTS, files_below, make_whole_site

GENERATED_PAGE = "category/emnews.html"  # no page in the site: the export makes one from the display name


@pytest.fixture
def site(tmp_path: Path) -> Path:
    if not CORPUS.is_dir():
        pytest.fail("../shared/corpus/finews is not beside the repository")
    return make_whole_site(tmp_path / "site")


@pytest.fixture
def lib(tmp_path: Path, site: Path):
    library = Library.open(tmp_path / "lib")
    import_paths(library, [site])
    library.set_missing_category_names({"emnews": "东财滚动新闻"})
    yield library
    library.close()


def expected_files(site: Path) -> dict[str, bytes]:
    posts = {f"_posts/{name}": (site / "_posts" / name).read_bytes() for name in POSTS}
    return {**KEPT, **DRAFTS, **posts, "_config.yml": CONFIG}


def test_a_whole_library_export_writes_the_site_files_byte_for_byte(lib: Library, site: Path, tmp_path: Path) -> None:
    report = export_posts(lib, tmp_path / "out")
    written = files_below(tmp_path / "out")
    assert {k: v for k, v in written.items() if k != GENERATED_PAGE} == expected_files(site)
    assert sorted(report.site_files) == sorted(KEPT) and report.counts()["site_files"] == len(KEPT)
    assert not report.renamed and not report.conflicts  # the site's own category page, not a generated one


def test_a_zip_holds_the_same_files(lib: Library, site: Path, tmp_path: Path) -> None:
    export_posts(lib, tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        inside = {name: zf.read(name) for name in zf.namelist()}
    assert {k: v for k, v in inside.items() if k != GENERATED_PAGE} == expected_files(site)


def test_a_selection_carries_them_only_on_request_and_posts_only_never(lib: Library, tmp_path: Path) -> None:
    chosen = Selection(category="zhengquanribaowang")
    report = export_posts(lib, tmp_path / "plain", chosen)
    assert not report.site_files and not (tmp_path / "plain" / "_layouts").exists()
    report = export_posts(lib, tmp_path / "with", chosen, site_files=True)
    assert (tmp_path / "with" / "_layouts" / "post.html").read_bytes() == KEPT["_layouts/post.html"]
    assert len(report.site_files) == len(KEPT)
    report = export_posts(lib, tmp_path / "bare", posts_only=True, site_files=True)
    assert not report.site_files and sorted(files_below(tmp_path / "bare")) == sorted(
        [*DRAFTS, *(f"_posts/{p}" for p in POSTS)]
    )
    report = export_posts(lib, tmp_path / "off", site_files=False)
    assert not report.site_files and not (tmp_path / "off" / "index.html").exists()


def test_the_command_line_option_and_report(lib: Library, tmp_path: Path) -> None:
    folder = str(lib.folder)
    lib.close()
    text = io.StringIO()
    assert cli_main(["--library", folder, "export", str(tmp_path / "a")], out=text) == 0
    assert f"{len(KEPT)} of them the site's other files" in text.getvalue()
    assert (tmp_path / "a" / "assets" / "img" / "logo.png").read_bytes() == KEPT["assets/img/logo.png"]
    text = io.StringIO()
    assert cli_main(["--library", folder, "export", str(tmp_path / "b"), "--no-site-files", "--json"], out=text) == 0
    assert json.loads(text.getvalue())["counts"]["site_files"] == 0 and not (tmp_path / "b" / "_layouts").exists()
    text = io.StringIO()
    args = ["--library", folder, "export", str(tmp_path / "c"), "--tag", "站长消息", "--site-files", "--json"]
    assert cli_main(args, out=text) == 0
    assert json.loads(text.getvalue())["counts"]["site_files"] == len(KEPT)


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed (CI installs it)")
def test_the_exported_site_builds_like_the_original(lib: Library, site: Path, tmp_path: Path) -> None:
    (site / GENERATED_PAGE).write_bytes("---\nlayout: category\ntitle: 东财滚动新闻\ncategory: emnews\n---".encode())
    original, exported = tmp_path / "build-original", tmp_path / "build-exported"
    original.mkdir()
    exported.mkdir()
    for junk in ("_site", ".git", ".jekyll-cache", ".sass-cache", "vendor", "node_modules"):
        target = site / junk  # what the import left out is not part of the site's sources
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    built = jekyll_build(site, original)
    assert built.returncode == 0, built.stdout + built.stderr
    export_posts(lib, tmp_path / "out")
    built = jekyll_build(tmp_path / "out", exported)
    assert built.returncode == 0, built.stdout + built.stderr
    before, after = files_below(original / "_site"), files_below(exported / "_site")
    assert "assets/css/style.css" in after and "zhengquanribaowang/2022/05/20/202205202386666750.html" in after
    assert b'href="/assets/css/style.css"' in after["zhengquanribaowang/2022/05/20/202205202386666750.html"]
    assert after == before
