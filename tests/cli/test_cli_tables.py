"""`finews table`: CSV on standard output or a file, Parquet to a file, the same rows as `finews search --json`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from finews_desktop.cli import main
from tests.conftest import FINEWS_CORPUS
from tests.core.exporting.test_tables import (
    blank_as_none,
    expected_mentions,
    expected_posts,
    read_csv,
    read_parquet,
    search_json,
)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO(newline="")
    return main(list(argv), out=out), out.getvalue()


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-tables") / "lib"
    assert main(["--library", str(folder), "import", str(FINEWS_CORPUS), "--json"], out=io.StringIO()) == 0
    return folder


def test_posts_of_a_query_on_standard_output(library: Path) -> None:
    code, out = run("--library", str(library), "table", "posts", "category:emnews", "date:2021-12")
    assert code == 0
    records = search_json(library, "category:emnews date:2021-12")
    assert len(records) > 3
    assert blank_as_none(read_csv(out, "posts")) == blank_as_none(expected_posts(records))


def test_a_parquet_file_is_chosen_by_its_name(library: Path, tmp_path: Path) -> None:
    dest = tmp_path / "mentions.parquet"
    code, out = run("--library", str(library), "table", "mentions", "-o", str(dest))
    assert code == 0 and out.startswith("Wrote ") and "(parquet)" in out
    assert read_parquet(dest) == expected_mentions(search_json(library, ""))


def test_csv_file_with_a_bom_for_excel(library: Path, tmp_path: Path) -> None:
    dest = tmp_path / "stocks.csv"
    code, _out = run("--library", str(library), "table", "stocks", "--format", "csv", "--bom", "-o", str(dest))
    assert code == 0 and dest.read_bytes().startswith(b"\xef\xbb\xbfmarket,code,symbol,")


def test_parquet_needs_a_file_and_a_bad_query_says_why(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run("--library", str(library), "table", "posts", "--format", "parquet")
    assert code == 1 and out == "" and "-o FILE" in capsys.readouterr().err
    code, out = run("--library", str(library), "table", "posts", "(光伏")
    assert code == 1 and out == "" and capsys.readouterr().err.startswith("finews: ")


def test_standard_output_is_utf8_whatever_the_locale(library: Path) -> None:
    env = {**os.environ, "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "finews_desktop.cli", "--library", str(library), "table", "posts", "--", "-光伏"],
        capture_output=True,
        env=env,
        check=True,
    )
    text = done.stdout.decode("utf-8")
    rows = read_csv(text, "posts")
    assert rows and all("光伏" not in (r["title"] or "") for r in rows)
    assert any(not r["title"].isascii() for r in rows if r["title"])
