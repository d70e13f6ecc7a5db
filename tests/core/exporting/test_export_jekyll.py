"""Live checks with real Jekyll: an export builds, and Jekyll reads its posts as it reads the source.

Skipped when `jekyll` is not installed (CI installs it). `jekyll build` runs on
the exported folder with its own _config.yml plus an override that turns off
the site's theme and plugins (jekyll-theme-minimal is a gem the build machine
need not have; the config itself is checked byte for byte in test_export.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from finews_desktop.core.exporting.exporter import export_posts
from finews_desktop.core.exporting.selection import Selection
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store.library import Library

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "finews"
JEKYLL_DUMP = SHARED / "tools" / "jekyll-dump"
FIELDS = ("title", "date", "categories", "tags", "url")

pytestmark = [
    pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed (CI installs it)"),
    pytest.mark.skipif(not CORPUS.is_dir() or not JEKYLL_DUMP.is_file(), reason="../shared is not beside the repo"),
]


def jekyll_dump(folder: Path, out: Path) -> dict[str, dict[str, Any]]:
    """Jekyll's reading of every post under folder, by path."""
    subprocess.run(
        [sys.executable, str(JEKYLL_DUMP), str(folder), str(out)], check=True, capture_output=True, timeout=600
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["build"]["rc"] == 0 and not data["build"]["fatal_files"]
    return {p["path"]: p for p in data["posts"]}


def jekyll_build(site: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    override = tmp / "override.yml"
    override.write_text("theme: false\nplugins: []\n")
    return subprocess.run(
        [
            "jekyll",
            "build",
            "-s",
            str(site),
            "-d",
            str(tmp / "_site"),
            "--config",
            f"{site / '_config.yml'},{override}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def source_dump(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return jekyll_dump(CORPUS, tmp_path_factory.mktemp("dump") / "source.json")


@pytest.fixture
def corpus_lib(tmp_path: Path):
    lib = Library.open(tmp_path / "lib")
    import_paths(lib, [CORPUS])
    yield lib
    lib.close()


def test_export_builds_and_jekyll_reads_it_like_the_source(
    corpus_lib: Library, tmp_path: Path, source_dump: dict[str, dict[str, Any]]
) -> None:
    out = tmp_path / "out"
    # the posts only, around them the config: the corpus' own layouts need jekyll-seo-tag and the theme's
    # includes, which the build machine need not have (test_site_files_jekyll.py builds a site's files)
    report = export_posts(corpus_lib, out, site_files=False)
    assert not any(n.aborts_build for n in report.not_built)
    build = jekyll_build(out, tmp_path)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (tmp_path / "_site" / "zhengquanribaowang" / "2022" / "05" / "20" / "202205202386666750.html").is_file()
    exported = jekyll_dump(out, tmp_path / "export.json")
    assert exported.keys() == source_dump.keys()
    built = {n.path for n in report.not_built}
    assert len(exported) == len(report.post_ids) - len(built)
    for path, seen in exported.items():
        assert {f: seen[f] for f in FIELDS} == {f: source_dump[path][f] for f in FIELDS}, path


def test_edited_values_are_what_jekyll_reads(
    corpus_lib: Library, tmp_path: Path, source_dump: dict[str, dict[str, Any]]
) -> None:
    edited = {
        "_posts/2021-12-01-init.md": ["站长消息", "开站"],
        "_posts/2021-12-08-202112082206672930.md": ["东财滚动新闻", "人民币 汇率"],  # a tag with a space: a list
        "_posts/2022-05-20-202205202386666750.md": ["证券日报网新闻", "2022"],  # a number-like tag stays text
    }
    ids = {}
    for path, tags in edited.items():
        pid = corpus_lib.db.execute_sql("SELECT id FROM post WHERE path = ?", (path,)).fetchone()[0]
        corpus_lib.edit_post(pid, tags=tags)
        ids[path] = pid
    title = '工业富联: “碳中和” 白皮书 #1 \\ "quoted"'
    corpus_lib.edit_post(ids["_posts/2022-05-20-202205202386666750.md"], title=title)
    out = tmp_path / "out"
    export_posts(corpus_lib, out, site_files=False)
    build = jekyll_build(out, tmp_path)
    assert build.returncode == 0, build.stdout + build.stderr
    exported = jekyll_dump(out, tmp_path / "export.json")
    for path, seen in exported.items():
        want = {f: source_dump[path][f] for f in FIELDS}
        if path in edited:
            want["tags"] = edited[path]
        if path == "_posts/2022-05-20-202205202386666750.md":
            want["title"] = title
        assert {f: seen[f] for f in FIELDS} == want, path


def test_posts_that_abort_jekyll_are_reported_then_left_out(tmp_path: Path) -> None:
    site = tmp_path / "site" / "_posts"
    site.mkdir(parents=True)
    (site / "2022-05-20-ok.md").write_text('---\ntitle: "ok"\ndate: 2022-05-20 17:01:37 +0800\n---\nbody')
    (site / "2022-05-21-bad.md").write_text("---\ntitle: bad\ndate: not a date\n---\nbody")
    with Library.open(tmp_path / "lib") as lib:
        import_paths(lib, [tmp_path / "site"])
        report = export_posts(lib, tmp_path / "all")
        fatal = [n for n in report.not_built if n.aborts_build]
        assert [n.path for n in fatal] == ["_posts/2022-05-21-bad.md"]
        assert jekyll_build(tmp_path / "all", tmp_path).returncode != 0  # as the report said
        keep = [i for i in report.post_ids if i not in {n.post_id for n in fatal}]
        export_posts(lib, tmp_path / "good", Selection(ids=keep))
    build = jekyll_build(tmp_path / "good", tmp_path)
    assert build.returncode == 0, build.stdout + build.stderr
