"""The two kinds of pattern a `_config.yml` holds, against Ruby itself: `exclude`/`include` entries
are matched with `File.fnmatch?` without flags (site_entries), and a defaults scope path with `*`
is run through `Dir.glob` on the site (site_defaults). Recorded answers, and a live `ruby` when
installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from finews_desktop.core.jekyll.site_defaults import _globbed
from finews_desktop.core.jekyll.site_entries import _fnmatch_re

# (pattern, path, File.fnmatch?(pattern, path)) as Ruby 3.1 answers.
FNMATCH = [
    ("/s/*", "/s/.hidden", True),  # without FNM_PATHNAME a star crosses '/' and dots
    ("/s/*.md", "/s/a/b.md", True),
    ("/s/**/x", "/s/x", False),
    ("/s/{a,b}", "/s/a", False),  # no braces without FNM_EXTGLOB
    ("/s/a/*", "/s/a/.b", True),
    ("/s/*/_posts/2020-01-0[12]*", "/s/news/_posts/2020-01-01-x.md", True),
    ("/s/*/_posts/2020-01-0[12]*", "/s/news/_posts/2020-01-03-x.md", False),
    ("/s/*/_posts/2020-01-0[!12]*", "/s/news/_posts/2020-01-03-x.md", True),
    ("/s/n?ws", "/s/news", True),
    ("/s/N*", "/s/news", False),
    ("/s/a\\*b", "/s/a*b", True),
    ("/s/a\\*b", "/s/axb", False),
]

SITE_FILES = [
    "news/_posts/2020-01-01-a.md",
    "news/_posts/2021-01-01-b.md",
    "news/sub/_posts/2020-02-02-c.md",
    "opinion/_posts/2020-03-03-d.md",
    "opinion/.hidden/_posts/2020-04-04-e.md",
    "_posts/2020-05-05-f.md",
]
# pattern -> sorted Dir.glob(pattern) from the site's root, as Ruby 3.1 answers.
GLOBS = {
    "news/*": ["news/_posts", "news/sub"],
    "*/_posts/2020-*": ["news/_posts/2020-01-01-a.md", "opinion/_posts/2020-03-03-d.md"],
    "news/**/_posts": ["news/_posts", "news/sub/_posts"],
    "**/*.md": [
        "_posts/2020-05-05-f.md",
        "news/_posts/2020-01-01-a.md",
        "news/_posts/2021-01-01-b.md",
        "news/sub/_posts/2020-02-02-c.md",
        "opinion/_posts/2020-03-03-d.md",
    ],
    "opinion/*/_posts": [],
    "{news,opinion}/_posts": ["news/_posts", "opinion/_posts"],
    "news/_posts/202[01]-0?-*": ["news/_posts/2020-01-01-a.md", "news/_posts/2021-01-01-b.md"],
    "*": ["_posts", "news", "opinion"],
}


def _existing() -> frozenset[str]:
    out: set[str] = set()
    for p in SITE_FILES:
        parts = p.split("/")
        out.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return frozenset(out)


@pytest.mark.parametrize(("pattern", "path", "matches"), FNMATCH)
def test_fnmatch_as_ruby_recorded_it(pattern: str, path: str, matches: bool) -> None:
    assert bool(_fnmatch_re(pattern).match(path)) is matches


@pytest.mark.parametrize("pattern", sorted(GLOBS))
def test_glob_as_ruby_recorded_it(pattern: str) -> None:
    assert sorted(set(_globbed(pattern, _existing()))) == GLOBS[pattern]


@pytest.mark.skipif(shutil.which("ruby") is None, reason="ruby is not installed")
def test_patterns_agree_with_live_ruby(tmp_path: Path) -> None:
    for rel in SITE_FILES:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    script = (
        "require 'json'; q = JSON.parse(STDIN.read); "
        "puts JSON.generate({'fnmatch' => q['fnmatch'].map { |p, s| File.fnmatch?(p, s) }, "
        "'glob' => q['glob'].map { |g| Dir.glob(g).sort }})"
    )
    query = {"fnmatch": [[p, s] for p, s, _ in FNMATCH], "glob": sorted(GLOBS)}
    out = subprocess.run(
        ["ruby", "-e", script], input=json.dumps(query), cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    live = json.loads(out)
    assert live["fnmatch"] == [m for _, _, m in FNMATCH]
    assert dict(zip(sorted(GLOBS), live["glob"], strict=True)) == GLOBS
