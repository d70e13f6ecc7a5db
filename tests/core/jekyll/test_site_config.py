"""Reading a site's `_config.yml` (core/jekyll/site_config.py): Jekyll's defaults under the file,
and the configs real Jekyll 4.3.1 refuses. Each `jekyll build` outcome below was observed with a
one-post site, and is re-checked against a live `jekyll` where one is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from finews_desktop.core.jekyll.post import STYLE_TO_PERMALINK
from finews_desktop.core.jekyll.site_config import DEFAULT_EXCLUDES, SiteSettings, read_site_settings

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
HOME = ZoneInfo("Asia/Shanghai")


def _read(text: str) -> SiteSettings:
    return read_site_settings(text.encode(), HOME, NOW)


def test_no_config_is_jekylls_defaults_in_the_machines_zone() -> None:
    for settings in (read_site_settings(None, HOME, NOW), _read(""), _read("# nothing\n")):
        assert settings == SiteSettings(tz=HOME)
        assert settings.posts_permalink == STYLE_TO_PERMALINK["date"]
        assert not settings.future and not settings.unpublished and not settings.show_drafts
        assert settings.exclude == DEFAULT_EXCLUDES and settings.applied == ()


def test_an_empty_value_keeps_jekylls_default() -> None:
    settings = _read("permalink:\nfuture:\ntimezone:\ncollections_dir:\ncollections:\n")
    assert settings.fatal is None
    assert settings.posts_permalink == STYLE_TO_PERMALINK["date"] and not settings.future and settings.tz is HOME


def test_the_posts_collection_permalink_wins_and_is_not_a_style_name() -> None:
    assert _read("permalink: pretty\n").posts_permalink == STYLE_TO_PERMALINK["pretty"]
    both = _read("permalink: pretty\ncollections:\n  posts:\n    permalink: /b/:title/\n")
    assert (both.permalink, both.posts_permalink) == (STYLE_TO_PERMALINK["pretty"], "/b/:title/")
    assert _read("collections:\n  posts:\n    permalink: pretty\n").posts_permalink == "pretty"
    assert _read("permalink: none\ncollections: [posts, books]\n").posts_permalink == STYLE_TO_PERMALINK["none"]


def test_ruby_truthiness_of_switches() -> None:
    assert _read('future: true\nunpublished: "no"\nshow_drafts: 0\n').future
    assert _read('unpublished: "no"\n').unpublished  # a non-empty string is true in Ruby
    assert _read("show_drafts: 0\n").show_drafts  # so is 0
    assert not _read("future: false\n").future


def test_time_and_timezone() -> None:
    settings = _read("timezone: Asia/Tokyo\ntime: 2010-06-15\n")
    assert settings.time == datetime(2010, 6, 15, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert settings.build_time(NOW) == settings.time
    assert _read("").build_time(NOW) == NOW
    unknown = _read("timezone: Asia/Beijing\n")
    assert unknown.tz.utcoffset(NOW) == timedelta(0) and not unknown.timezone_known and unknown.problems
    assert _read("timezone: CST-8\n").tz.utcoffset(NOW) == timezone(timedelta(hours=8)).utcoffset(NOW)


def test_exclude_adds_jekylls_default_excludes_once() -> None:
    settings = _read("exclude: [news, node_modules]\ninclude: [_hidden]\nkeep_files: [assets]\n")
    assert settings.exclude == ("news", "node_modules", *(e for e in DEFAULT_EXCLUDES if e != "node_modules"))
    assert settings.include == ("_hidden",) and settings.keep_files == ("assets",)
    assert settings.applied == ("exclude", "include", "keep_files")


def test_markdown_ext_is_split_on_commas_and_lower_cased() -> None:
    assert _read('markdown_ext: "md,TXT"\n').markdown_exts == frozenset({".md", ".txt"})


def test_defaults_keep_valid_sets_and_warn_about_others() -> None:
    settings = _read(
        "defaults:\n  - scope: {path: news, type: post}\n    values: {layout: x}\n"
        "  - values: {tags: [a]}\n  - not a set\n  - values: not a hash\n"
    )
    assert [(d.path, d.type, d.has_scope) for d in settings.defaults] == [("news", "posts", True), (None, None, False)]
    assert len(settings.problems) == 2 and settings.fatal is None and settings.defaults_error is None


# config -> what `jekyll build` of a one-post site did: "fatal" (exit 1), "post_error" (every post logs
# "could not read file" and is built without its front matter) or "builds".
JEKYLL_OUTCOMES = {
    "exclude: x\n": "fatal",
    "exclude:\n": "fatal",
    "permalink: 5\n": "fatal",
    "timezone: 8\n": "fatal",
    "permalink: :title\n": "fatal",  # Psych.safe_load refuses the symbol
    "limit_posts: -1\n": "fatal",
    "collections:\n  posts: true\n": "fatal",
    "collections: 5\n": "fatal",
    "title: [unclosed\n": "fatal",
    "collections_dir: 5\n": "fatal",
    'defaults:\n  - values:\n      date: "not a date"\n': "fatal",
    "defaults:\n  - scope:\n    values:\n      tags: [a]\n": "post_error",
    "defaults:\n  - scope:\n      type: 5\n    values:\n      tags: [a]\n": "post_error",
    "defaults:\n  - values:\n      date: 2020-01-01\n": "post_error",
    "- a list\n": "builds",
    'timezone: ""\n': "builds",
}


def _outcome(settings: SiteSettings) -> str:
    if settings.fatal is not None:
        return "fatal"
    return "post_error" if settings.defaults_error is not None else "builds"


@pytest.mark.parametrize("config", sorted(JEKYLL_OUTCOMES))
def test_configs_jekyll_refuses(config: str) -> None:
    assert _outcome(_read(config)) == JEKYLL_OUTCOMES[config]


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="real Jekyll is not installed")
@pytest.mark.parametrize("config", sorted(JEKYLL_OUTCOMES))
def test_configs_jekyll_refuses_live(config: str, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_posts" / "2020-01-01-x.md").write_text("---\ntitle: x\n---\nx\n", encoding="utf-8")
    (site / "_config.yml").write_text(config, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("BUNDLE_GEMFILE", "RUBYOPT", "RUBYLIB")}
    env.update(TZ="Asia/Shanghai", LANG="C.UTF-8", LC_ALL="C.UTF-8", JEKYLL_NO_BUNDLER_REQUIRE="true")
    run = subprocess.run(
        ["jekyll", "build", "--safe", "--disable-disk-cache", "-s", str(site), "-d", str(tmp_path / "out")],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=300,
    )
    if run.returncode != 0:
        seen = "fatal"
    else:
        seen = "post_error" if "could not read file" in run.stdout + run.stderr else "builds"
    assert seen == JEKYLL_OUTCOMES[config]


def test_the_destination_folder_is_not_read() -> None:
    """Observed with `jekyll build` run in the site's folder (jekyll-dump builds with its own -d)."""
    from finews_desktop.core.jekyll.site_entries import jekyll_reads

    settings = _read("destination: public\n")
    assert jekyll_reads(settings, "public/_posts/2020-01-01-p.md") is None
    assert jekyll_reads(settings, "publications/_posts/2020-01-01-p.md") is not None
    assert jekyll_reads(_read("destination: ./out/sub/\n"), "out/sub/_posts/2020-01-02-s.md") is None
    assert jekyll_reads(_read("destination: /tmp/out\n"), "tmp/out/_posts/2020-01-02-s.md") is not None


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="real Jekyll is not installed")
def test_the_destination_folder_is_not_read_live(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for rel in ("public/_posts/2020-01-01-p.md", "_posts/2020-01-03-r.md"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("---\ntitle: x\n---\nx\n", encoding="utf-8")
    (site / "_config.yml").write_text("destination: public\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("BUNDLE_GEMFILE", "RUBYOPT", "RUBYLIB")}
    env.update(TZ="Asia/Shanghai", LANG="C.UTF-8", LC_ALL="C.UTF-8", JEKYLL_NO_BUNDLER_REQUIRE="true")
    subprocess.run(
        ["jekyll", "build", "--safe", "--disable-disk-cache"], cwd=site, env=env, check=True, capture_output=True
    )
    built = sorted(p.relative_to(site / "public").as_posix() for p in (site / "public").rglob("*.html"))
    assert built == ["2020/01/03/r.html"]
