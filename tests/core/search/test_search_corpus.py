"""The issue's examples on the real finews sample (../shared/corpus/finews), checked by brute force."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from finews_desktop.cli import main
from finews_desktop.core.search.engine import index_for, search
from finews_desktop.core.store.library import Library
from tests.core.search_helpers import brute_fold

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "finews"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/finews is not beside the repository")
    folder = tmp_path_factory.mktemp("finews") / "lib"
    out = io.StringIO()
    assert main(["--library", str(folder), "import", str(CORPUS), "--json"], out=out) == 0
    return folder


def posts(lib: Library) -> list[dict]:
    records = lib.post_records(lib.post_ids())
    for r in records:
        r["plain_text"] = lib.post_plain_text(r["id"])
    return records


def cli_search(folder: Path, *query: str) -> dict:
    out = io.StringIO()
    assert main(["--library", str(folder), "search", *query, "--json"], out=out) == 0
    return json.loads(out.getvalue())


def contains(record: dict, term: str) -> bool:
    needle = brute_fold(term)
    return needle in brute_fold(record["title_text"]) or needle in brute_fold(record["plain_text"])


def as_list(value: object) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else str(value).split()


EXAMPLES = {
    "碳中和": lambda r: contains(r, "碳中和"),
    "蔚来": lambda r: contains(r, "蔚来"),
    "碳": lambda r: contains(r, "碳"),
    "stock:600160": lambda r: any(s["code"] == "600160" for s in r["stocks"]),
    "category:zhengquanribaowang": lambda r: "zhengquanribaowang" in as_list(r["categories"]),
    "tag:东财滚动新闻 date:2021-12": lambda r: "东财滚动新闻" in as_list(r["tags"]) and r["date"].startswith("2021-12"),
}


@pytest.mark.parametrize("query", list(EXAMPLES))
@pytest.mark.parametrize("state", ["queued", "indexed"])
def test_issue_examples_find_exactly_the_posts_that_contain_them(library: Path, query: str, state: str) -> None:
    with Library.open(library) as lib:
        if state == "indexed":
            assert index_for(lib).catch_up()
        expected = {r["id"] for r in posts(lib) if EXAMPLES[query](r)}
        result = search(lib, query)
        assert set(result.ids) == expected
        assert result.total == len(expected) > 0
    answer = cli_search(library, *query.split())
    assert answer["total"] == len(expected)
    assert {p["id"] for p in answer["posts"]} == expected
    if query in ("碳中和", "蔚来", "碳"):
        assert all(f"<mark>{query}</mark>" in p["snippet"] for p in answer["posts"] if query in p["snippet"])


def test_every_piece_of_a_real_post_is_found(library: Path) -> None:
    """Substrings of real titles and texts, of every length from 1 to 8, find exactly their posts."""
    with Library.open(library) as lib:
        index_for(lib).catch_up()
        records = posts(lib)
        texts = [r["title_text"] for r in records] + [r["plain_text"] for r in records]
        checked = 0
        for n, text in enumerate(texts[::7]):
            for length in range(1, 9):
                start = (n * 13 + length * 5) % max(1, len(text) - length)
                term = text[start : start + length]
                if not term.strip() or '"' in term:
                    continue
                expected = {r["id"] for r in records if contains(r, term)}
                assert set(search(lib, f'"{term}"').ids) == expected, term
                checked += 1
        assert checked > 100
