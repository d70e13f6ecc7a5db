"""An unwritable library (a read-only medium, a read-only library file): the commands that read work
read-only, the writing ones say it is not writable and why, and nothing in the folder changes.

Tests run as root, whom chmod does not stop: a read-only bind mount of the folder (or of the
library file onto itself) makes the library unwritable. They skip with the reason when not root.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from finews_desktop.core.errors import LibraryNotWritableError
from finews_desktop.core.store.library import Library
from tests.core.hostile import cli, make_library, make_site, read_only_file, read_only_view

READING = {
    "list": ["list"],
    "show": ["show", "1"],
    "stats": ["stats"],
    "search": ["search", "碳中和", "--limit", "3"],
    "status": ["status", "--json"],
}
WRITING = {
    "import": ["import", "SITE"],
    "edit": ["edit", "1", "--title", "新标题"],
    "tag": ["tag", "add", "精选", "--ids", "1"],
    "resume": ["resume", "--all"],
    "restore": ["restore", "BACKUP", "--yes"],
}


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    gc.collect()  # the search index connections of in-process commands close (and checkpoint) now
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def _check(view: Path, tmp_path: Path, good: Path, reason: str) -> None:
    site = make_site(tmp_path / "more", 2, start=100)
    for name, args in READING.items():
        code, out, err = cli("--library", str(view), *args)
        assert code == 0 and "Traceback" not in err, (name, err)
        if name == "list":
            assert len(out.splitlines()) == 60
        if name == "search":
            assert out.rstrip().endswith("ms)") and "60 posts" in out, out
        if name == "status":
            report = json.loads(out)
            assert report["readonly"] and reason in report["readonly_reason"] and report["posts"] == 60
    code, out, err = cli("--library", str(view), "export", str(tmp_path / "exported"))
    assert code == 0 and len(list((tmp_path / "exported" / "_posts").iterdir())) == 60, err
    for name, args in WRITING.items():
        args = [str(site) if a == "SITE" else str(good) if a == "BACKUP" else a for a in args]
        code, out, err = cli("--library", str(view), *args)
        assert code == 1 and "Traceback" not in err, (name, err)
        assert "is not writable" in err and reason in err and "still work" in err, (name, err)
    with pytest.raises(LibraryNotWritableError, match=reason):
        Library.open(view)
    with Library.open(view, readonly=True, check=True) as lib:
        assert lib.count_posts() == 60


def test_a_library_on_a_read_only_medium_is_read_and_never_written(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    good = make_library(lib, tmp_path)
    assert cli("--library", str(lib), "search", "碳中和")[0] == 0  # the index file exists, as it would
    (lib / "library.lock").unlink()
    before = _snapshot(lib)
    with read_only_view(lib, tmp_path / "ro") as view:
        _check(view, tmp_path, view / "backups" / good.name, "read-only file system")
    assert _snapshot(lib) == before


def test_a_read_only_medium_without_a_search_index_is_searched_directly(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    make_library(lib, tmp_path)
    (lib / "library.lock").unlink()
    with read_only_view(lib, tmp_path / "ro") as view:
        code, out, err = cli("--library", str(view), "search", "标题7")
        assert code == 0 and "1 posts" in out, err
    assert not (lib / "search-index.sqlite3").exists()


def test_a_read_only_library_file_in_a_writable_folder(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    good = make_library(lib, tmp_path)
    file = lib / "library.sqlite3"
    with read_only_file(file):
        before = file.read_bytes()
        _check(lib, tmp_path, good, "library.sqlite3 cannot be written")
        assert file.read_bytes() == before
