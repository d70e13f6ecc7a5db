"""The operations journal: a process killed during an operation is reported by the next open and can be resumed.

Each kill is real: a child process runs the operation with one function
replaced by `os._exit(9)` at a chosen moment (no cleanup, no rollback by
Python), then this process opens the library as the next start would.
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from finews_desktop.cli import main as cli_main
from finews_desktop.core import recovery
from finews_desktop.core.exporting.tempfolder import MARKER_SUFFIX
from finews_desktop.core.importing.importer import Importer
from finews_desktop.core.store.library import Library

REPO = Path(__file__).resolve().parents[3]
POSTS = 40


def _write_site(folder: Path, n: int = POSTS) -> Path:
    sys.path.insert(0, str(REPO))
    from bench.fill_library import synthetic_posts

    (folder / "_posts").mkdir(parents=True)
    (folder / "_config.yml").write_text("timezone: Asia/Shanghai\n")
    for path, raw in synthetic_posts(n, 3):
        (folder / path).write_bytes(raw)
    return folder


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a site of POSTS synthetic posts, a library holding them with its index built)."""
    work = tmp_path_factory.mktemp("journal")
    site = _write_site(work / "site")
    with Library.open(work / "lib") as lib:
        Importer(lib).run([str(site)])
        from finews_desktop.core.search.engine import index_for

        index_for(lib).catch_up()
    return site, work / "lib"


@pytest.fixture
def library(base: tuple[Path, Path], tmp_path: Path) -> Path:
    dest = tmp_path / "lib"
    shutil.copytree(base[1], dest, ignore=shutil.ignore_patterns("library.lock", "backups"))
    return dest


def kill_during(library: Path, patch: str, work: str) -> None:
    """Run `work` on the library in a child process that `patch` makes die (os._exit) midway."""
    code = "\n".join(
        [
            "import os, sys",
            f"sys.path.insert(0, {str(REPO)!r})",
            "from finews_desktop.core.store.library import Library",
            "def die(*_a, **_k):",
            "    os._exit(9)",
            f"lib = Library.open({str(library)!r})",
            patch,
            work,
            "os._exit(0)",
        ]
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 9, result.stderr


def tagged(library: Path, tag: str) -> int:
    conn = sqlite3.connect(library / "library.sqlite3")
    try:
        return conn.execute(
            "SELECT COUNT(DISTINCT pt.post_id) FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE t.name = ?", (tag,)
        ).fetchone()[0]
    finally:
        conn.close()


def cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli_main(list(argv), out=out), out.getvalue()


def test_a_killed_bulk_edit_changed_nothing_and_resuming_does_it(library: Path) -> None:
    kill_during(
        library,
        "Library._after_posts_changed = die",  # inside the transaction, just before its commit
        "from finews_desktop.core.curation.curator import Curator\nCurator(lib).add('tag', range(1, 10_000), ['精选'])",
    )
    assert tagged(library, "精选") == 0
    with Library.open(library) as lib:
        (item,) = recovery.interrupted(lib)
        assert item.kind == "curation" and not item.finished
        assert item.description == "Add tag 精选 to 9,999 posts"  # what was asked, as recorded
        assert "nothing was changed" in item.outcome
        changes = recovery.resume(lib, item)
        assert len(changes.post_ids) == POSTS
        assert recovery.interrupted(lib) == []
    assert tagged(library, "精选") == POSTS


def test_a_killed_merge_is_listed_by_status_and_resumed_or_discarded_from_the_command_line(library: Path) -> None:
    with Library.open(library) as lib:
        tags = [n for (n,) in lib.db.execute_sql("SELECT name FROM tag ORDER BY name LIMIT 2")]
    work = f"from finews_desktop.core.curation.curator import Curator\nCurator(lib).merge('tag', {tags!r}, '合并')"
    kill_during(library, "Library._after_posts_changed = die", work)
    code, out = cli("--library", str(library), "status")
    assert code == 0 and "Interrupted (1):" in out and f"Merge tags {', '.join(tags)} into 合并" in out
    assert "nothing was changed" in out
    code, out = cli("--library", str(library), "status", "--json")
    (item,) = json.loads(out)["interrupted"]
    assert item["params"] == {"method": "merge", "args": ["tag", tags, "合并"], "kwargs": {}}
    # discard forgets it and changes nothing
    kill_during(library, "Library._after_posts_changed = die", work)
    code, out = cli("--library", str(library), "resume", "--discard", "--all")
    assert code == 0 and out.count("Discarded") == 2
    assert tagged(library, "合并") == 0 and cli("--library", str(library), "status")[1].endswith("interrupted.\n")
    # resume runs it again with the recorded parameters
    kill_during(library, "Library._after_posts_changed = die", work)
    key = json.loads(cli("--library", str(library), "status", "--json")[1])["interrupted"][0]["key"]
    code, out = cli("--library", str(library), "resume", key)
    assert code == 0 and out.startswith(f"Resumed [{key}]")
    assert tagged(library, "合并") > 0 and all(tagged(library, t) == 0 for t in tags)
    assert "Nothing was interrupted." in cli("--library", str(library), "status")[1]


def test_a_killed_export_leaves_no_temporary_folder_after_the_next_open_and_resumes(
    library: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "out" / "archive"
    foreign = tmp_path / "out" / ".archive.0123456789ab.part"  # looks like ours, but carries no marker
    foreign.mkdir(parents=True)
    (foreign / "keep.txt").write_text("not finews's")
    patch = (
        "import finews_desktop.core.exporting.exporter as ex\n"
        "first = ex.writing.write_files\n"
        "calls = []\n"
        "def write(batch):\n"
        "    calls.append(1)\n"
        "    if len(calls) > 1: os._exit(9)\n"
        "    return first(batch)\n"
        "ex.writing.write_files = write\n"
        "ex._WRITE_BATCH = 8\n"
        "ex.WRITER_THREADS = 1"
    )
    work = f"ex.Exporter(lib, {str(dest)!r}, ex.Selection(ids=list(range(1, {POSTS + 1})))).run()"
    kill_during(library, patch, work)
    temps = [p for p in dest.parent.iterdir() if p != foreign]
    assert any(p.name.endswith(".part") and p.is_dir() for p in temps)  # the kill left the temporary folder
    assert any(p.name.endswith(MARKER_SUFFIX) for p in temps) and not dest.exists()
    with Library.open(library) as lib:
        (item,) = recovery.interrupted(lib)
        assert item.kind == "export" and item.params["destination"] == str(dest)
        assert "nothing was written to" in item.outcome and "was removed" in item.outcome
        assert [p for p in dest.parent.iterdir() if p != foreign] == []  # ours is gone
        assert (foreign / "keep.txt").exists()  # the look-alike is not
        report = recovery.resume(lib, item)
        assert recovery.interrupted(lib) == []
    written = sorted(p.name for p in (dest / "_posts").iterdir())
    assert len(written) == len(report.post_ids) == POSTS
    assert sorted(p.name for p in dest.parent.iterdir()) == sorted([dest.name, foreign.name])


def test_an_export_killed_after_moving_into_place_is_reported_finished(library: Path, tmp_path: Path) -> None:
    dest = tmp_path / "x.zip"
    patch = (
        "import os as _os, finews_desktop.core.exporting.exporter as ex\n"
        "real = _os.replace\n"
        "def replace(a, b):\n"
        "    real(a, b)\n"
        "    _os._exit(9)\n"
        "ex.os.replace = replace"
    )
    kill_during(library, patch, f"ex.Exporter(lib, {str(dest)!r}).run()")
    with Library.open(library) as lib:
        (item,) = recovery.interrupted(lib)
        assert item.finished and "had finished" in item.outcome
        assert recovery.resume(lib, item) is None and recovery.interrupted(lib) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".x.zip") or p.name == "x.zip") == ["x.zip"]


def test_a_read_only_open_lists_but_removes_nothing(library: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out"
    kill_during(
        library,
        "import finews_desktop.core.exporting.exporter as ex\nex.writing.write_files = die",
        f"ex.Exporter(lib, {str(dest)!r}).run()",
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    with Library.open(library, readonly=True) as lib:
        (item,) = recovery.interrupted(lib)
        assert item.kind == "export"
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # a writer may be running it


def test_a_killed_index_rebuild_is_announced_and_goes_on(library: Path) -> None:
    kill_during(
        library,
        "import finews_desktop.core.search.index.searchindex as si\nsi._write_parts = die",
        "from finews_desktop.core.search.engine import index_for\nindex_for(lib).rebuild()",
    )
    with Library.open(library) as lib:
        from finews_desktop.core.search.engine import index_for, search

        (item,) = recovery.interrupted(lib)
        assert item.kind == "index" and item.description == "Rebuild the search index"
        assert not index_for(lib).state()[0]  # emptied, not built
        assert recovery.resume(lib, item) is True
        assert index_for(lib).state()[0] and index_for(lib).pending_count() == 0
        assert search(lib, "tag:21世纪经济报道新闻").total == tagged(library, "21世纪经济报道新闻") > 0
        assert recovery.interrupted(lib) == []


def test_a_killed_import_is_shown_with_the_others_and_resumed(base: tuple[Path, Path], tmp_path: Path) -> None:
    site = base[0]
    library = tmp_path / "fresh"
    kill_during(
        library,
        "Library.write_import_batch = die",
        f"from finews_desktop.core.importing.importer import Importer\nImporter(lib).run([{str(site)!r}])",
    )
    with Library.open(library) as lib:
        (item,) = recovery.interrupted(lib)
        assert item.kind == "import" and item.key.startswith("import-") and str(site) in item.description
        report = recovery.resume(lib, item)
        assert len(report.imported) == POSTS and recovery.interrupted(lib) == []


def test_operations_that_finish_or_fail_leave_no_record(library: Path, tmp_path: Path) -> None:
    from finews_desktop.core.curation.curator import Curator
    from finews_desktop.core.errors import KnownError
    from finews_desktop.core.exporting.exporter import Exporter

    with Library.open(library) as lib:
        Curator(lib).add("tag", [1, 2], ["甲"])
        Curator(lib).rename("tag", "甲", "乙")  # nested: rename calls merge
        with pytest.raises(KnownError):
            Curator(lib).merge("tag", ["没有这个"], "乙")
        (tmp_path / "full").mkdir()
        (tmp_path / "full" / "x").write_text("x")
        with pytest.raises(KnownError):
            Exporter(lib, tmp_path / "full").run()
        Exporter(lib, tmp_path / "ok").run()
        assert lib.db.execute_sql("SELECT COUNT(*) FROM operation").fetchone()[0] == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_export_and_status_run_read_only_beside_another_writer(library: Path, tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys, time; sys.path.insert(0, {str(REPO)!r})\n"
            "from finews_desktop.core.store.library import Library\n"
            f"lib = Library.open({str(library)!r}); print('ready', flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        code, _out = cli("--library", str(library), "export", str(tmp_path / "out"))
        assert code == 0 and len(list((tmp_path / "out" / "_posts").iterdir())) == POSTS
        code, out = cli("--library", str(library), "status")
        assert code == 0 and "open for writing in another finews-desktop" in out
    finally:
        holder.kill()
        holder.wait()
    code, out = cli("--library", str(library), "status")  # the writer is gone: status may write again
    assert code == 0 and "another" not in out and "Nothing was interrupted." in out
