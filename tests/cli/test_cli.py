"""The `finews` command line: output shapes, exit codes, and no tracebacks for user errors."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from finews_desktop.cli import main

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

JEKYLL_DUMP = SHARED / "tools" / "jekyll-dump"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture
def imported(tmp_path: Path, finews_corpus: Path) -> Path:
    library = tmp_path / "lib"
    code, _ = run("--library", str(library), "import", str(finews_corpus), "--json")
    assert code == 0
    return library


def test_import_json_report_then_reimport_is_all_unchanged(tmp_path: Path, finews_corpus: Path) -> None:
    library = str(tmp_path / "lib")
    code, out = run("--library", library, "import", str(finews_corpus), "--json")
    first = json.loads(out)
    assert code == 0 and first["counts"]["errors"] == 0 and first["counts"]["imported"] > 100
    code, out = run("--library", library, "import", str(finews_corpus), "--json")
    second = json.loads(out)
    assert second["counts"]["unchanged"] == first["counts"]["imported"]
    assert second["counts"]["imported"] == 0 and second["counts"]["updated"] == 0


def test_list_show_stats_json(imported: Path) -> None:
    code, out = run("--library", str(imported), "list", "--json", "--limit", "5")
    posts = json.loads(out)
    assert code == 0 and len(posts) == 5
    for key in ("id", "path", "title", "date", "categories", "tags", "slug", "url", "published", "stocks", "warnings"):
        assert key in posts[0]
    assert posts[0]["date"] >= posts[-1]["date"]  # newest first
    code, out = run("--library", str(imported), "show", str(posts[0]["id"]), "--json")
    shown = json.loads(out)
    assert shown["id"] == posts[0]["id"] and shown["plain_text"]
    code, out = run("--library", str(imported), "stats", "--json")
    assert json.loads(out)["posts"] == len(json.loads(run("--library", str(imported), "list", "--json")[1]))


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed (CI installs it)")
def test_list_agrees_with_real_jekyll_on_the_finews_sample(imported: Path, finews_corpus: Path, tmp_path: Path) -> None:
    dump_file = tmp_path / "dump.json"
    subprocess.run(
        [sys.executable, str(JEKYLL_DUMP), str(finews_corpus), str(dump_file)], check=True, capture_output=True
    )
    dump = json.loads(dump_file.read_text(encoding="utf-8"))
    _code, out = run("--library", str(imported), "list", "--json")
    ours = {p["path"]: p for p in json.loads(out)}
    assert len(dump["posts"]) > 100
    for post in dump["posts"]:
        mine = ours[post["path"]]
        for key in ("title", "date", "categories", "tags", "url"):
            assert mine[key] == post[key], (post["path"], key)
        assert mine["builds"]
    for skipped in dump["skipped"]:
        mine = ours[skipped["path"]]
        assert not mine["builds"] and mine["warnings"], skipped["path"]


def test_user_errors_are_one_line_with_a_nonzero_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("--library", str(tmp_path / "nowhere"), "list")
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("finews: No finews library") and "Traceback" not in err
    with pytest.raises(SystemExit) as exc:
        main(["list", "--limit", "many"])
    assert exc.value.code == 2
    assert "invalid int value" in capsys.readouterr().err
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "library.sqlite3").write_bytes(b"this is not a database" * 100)
    code, _ = run("--library", str(bad), "stats")
    err = capsys.readouterr().err
    assert code == 1 and "Cannot open the library" in err and "Traceback" not in err
    from finews_desktop.core.store.library import Library

    Library.open(tmp_path / "lib2").close()
    code, _ = run("--library", str(tmp_path / "lib2"), "show", "12345")
    assert code == 1 and "no post with id 12345" in capsys.readouterr().err


def test_the_console_script_runs(tmp_path: Path) -> None:
    nothing = tmp_path / "empty"
    nothing.mkdir()
    base = [sys.executable, "-m", "finews_desktop.cli", "--library", str(tmp_path / "x")]
    result = subprocess.run([*base, "import", str(nothing)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([*base, "stats"], capture_output=True, text=True)
    assert result.returncode == 0 and "posts: 0" in result.stdout
