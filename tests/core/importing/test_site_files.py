"""A whole site's other files are kept at import, byte for byte, once per archive and path."""

from __future__ import annotations

from pathlib import Path

import pytest

from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store import site_files as stored
from finews_desktop.core.store.library import Library
from tests.core.whole_site import CORPUS, DRAFTS, KEPT, POSTS, make_whole_site, zip_folder


@pytest.fixture
def lib(tmp_path: Path):
    if not CORPUS.is_dir():
        pytest.fail("../shared/corpus/finews is not beside the repository")
    library = Library.open(tmp_path / "lib")
    yield library
    library.close()


def kept(lib: Library) -> dict[str, bytes]:
    return {path: data for _archive, path, data in stored.site_files(lib.db)}


def test_a_whole_folder_site_keeps_its_other_files_byte_for_byte(lib: Library, tmp_path: Path) -> None:
    site = make_whole_site(tmp_path / "site")
    report = import_paths(lib, [site])
    assert len(report.imported) == len(POSTS) + len(DRAFTS) and not report.errors
    assert kept(lib) == KEPT  # not _config.yml (kept with the archive), posts, _site, caches, vendor (Gemfile kept)
    assert report.site_files == len(KEPT) and report.to_json()["site_files"] == len(KEPT)


def test_reimporting_the_site_replaces_rather_than_adds(lib: Library, tmp_path: Path) -> None:
    site = make_whole_site(tmp_path / "site")
    import_paths(lib, [site])
    import_paths(lib, [site])
    assert stored.count_site_files(lib.db) == len(KEPT)
    (site / "assets/css/style.css").write_bytes(b"body { color: red; }\n")
    (site / "about.md").unlink()
    (site / "_includes/footer.html").write_bytes(b"<footer></footer>\n")
    import_paths(lib, [site])
    want = {k: v for k, v in KEPT.items() if k != "about.md"}
    want["assets/css/style.css"] = b"body { color: red; }\n"
    want["_includes/footer.html"] = b"<footer></footer>\n"
    assert kept(lib) == want


def test_a_zipped_site_in_a_folder_of_the_zip_keeps_the_same_files(lib: Library, tmp_path: Path) -> None:
    archive = zip_folder(make_whole_site(tmp_path / "site"), tmp_path / "site.zip", prefix="finews-main")
    report = import_paths(lib, [archive])
    assert len(report.imported) == len(POSTS) + len(DRAFTS)
    assert kept(lib) == KEPT


def test_posts_without_their_site_keep_nothing_else(lib: Library, tmp_path: Path) -> None:
    site = make_whole_site(tmp_path / "site")
    import_paths(lib, [site / "_posts"])  # the _posts folder itself: its site was not chosen
    import_paths(lib, [site / "_posts" / POSTS[0]])  # one file
    assert stored.count_site_files(lib.db) == 0
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / POSTS[1]).write_bytes((site / "_posts" / POSTS[1]).read_bytes())
    (plain / "_config.yml").write_bytes(b"timezone: Asia/Shanghai\n")
    import_paths(lib, [plain])  # a folder of posts without _posts: not a site
    assert stored.count_site_files(lib.db) == 0


def test_a_larger_file_than_the_limit_is_reported_not_kept(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from finews_desktop.core.importing import site_files

    site = make_whole_site(tmp_path / "site")
    monkeypatch.setattr(site_files, "MAX_SITE_FILE_BYTES", 200)
    report = import_paths(lib, [site])
    assert "assets/img/logo.png" not in kept(lib) and "index.html" in kept(lib)
    assert [p.path for p in report.problems if p.code == "site_file"] == ["assets/img/logo.png"]
