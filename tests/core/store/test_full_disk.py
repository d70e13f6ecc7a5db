"""A disk that fills up during an import, an edit or an export: the message says the disk is full (before,
peewee's 'cannot rollback - no transaction is active' hid it), nothing is lost, and the import resumes.

The real thing needs a small tmpfs (root; skipped with the reason otherwise); SQLite's
max_page_count gives the same SQLITE_FULL anywhere."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from finews_desktop.core.errors import DiskFullError
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store.library import Library
from tests.core.hostile import cli, fill, make_library, make_site, small_disk


def _titles(folder: Path) -> set[str]:
    with sqlite3.connect(folder / "library.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {r[0] for r in conn.execute("SELECT title FROM post")}


def test_an_import_that_fills_the_disk_says_so_loses_nothing_and_resumes(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 40 << 20) as disk:
        lib = disk / "lib"
        make_library(lib, tmp_path)
        before = _titles(lib)
        site = make_site(tmp_path / "big", 1500, start=1000)
        filler = fill(disk, leave=400_000)
        code, _out, err = cli("--library", str(lib), "import", str(site))
        assert code == 1 and "Traceback" not in err and "rollback" not in err
        assert "is full" in err and "Nothing was lost" in err
        assert before <= _titles(lib)
        code, out, _err = cli("--library", str(lib), "status", "--json")
        assert code == 0 and [i["kind"] for i in json.loads(out)["interrupted"]] == ["import"]
        filler.unlink()
        code, _out, err = cli("--library", str(lib), "import", "--resume")
        assert code == 0, err
        assert len(_titles(lib)) == 60 + 1500


def test_an_edit_and_an_export_on_a_full_disk_say_so_and_change_nothing(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 20 << 20) as disk:
        lib = disk / "lib"
        make_library(lib, tmp_path)
        before = _titles(lib)
        filler = fill(disk, leave=0)
        code, _out, err = cli("--library", str(lib), "edit", "1", "--title", "新" * 5000)
        assert code == 1 and "Traceback" not in err and "is full" in err, err
        code, _out, err = cli("--library", str(lib), "export", str(disk / "out"))
        assert code == 1 and "Traceback" not in err and "is full" in err, err
        assert not [p.name for p in disk.iterdir() if p.name.startswith((".out", "out"))]
        code, out, err = cli("--library", str(lib), "list")  # reading needs no space
        assert code == 0 and len(out.splitlines()) == 60, err
        filler.unlink()
        assert _titles(lib) == before


def test_sqlite_full_inside_a_transaction_is_a_disk_full_error_not_a_rollback_error(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    with Library.open(lib) as library:
        import_paths(library, [make_site(tmp_path / "a", 5)])
        pages = library.db.execute_sql("PRAGMA page_count").fetchone()[0]
        library.db.execute_sql(f"PRAGMA max_page_count = {pages + 1}")
        with pytest.raises(DiskFullError, match="is full") as exc:
            import_paths(library, [make_site(tmp_path / "b", 200, start=100)])
        assert "rollback" not in str(exc.value.__cause__)
        assert library.count_posts() == 5
        (run,) = library.interrupted_imports()  # the next start offers to resume it
        with pytest.raises(DiskFullError):
            library.edit_post(1, title="新" * 50_000)
        assert library.post_record(1)["title"] == "标题0"
        library.db.execute_sql("PRAGMA max_page_count = 1073741823")
        assert library.resume_import_run(run.id) == [str(tmp_path / "b")]
