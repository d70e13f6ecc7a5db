"""A site's `_config.yml` settings against what real Jekyll 4.3 made of the sites in tests/data/jekyll_sites.

tests/data/jekyll_sites/expected/<site>.json is written by
tests/data/jekyll_sites/regenerate.py from real builds (`jekyll-dump
--site-config`), never by hand. One test per site and file: which files Jekyll
reads (collections_dir, exclude/include, show_drafts), which it builds (future,
unpublished, `published` from defaults), the keys its data has (front matter
defaults), and each built post's date, URL, title, categories and tags as
`parse_post` reads them with the site's SiteReader.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from finews_desktop.core.jekyll.post import ParsedPost, format_date, parse_post
from finews_desktop.core.jekyll.site_config import SiteSettings, read_site_settings
from finews_desktop.core.jekyll.site_defaults import deep_merge, post_defaults, site_listing
from finews_desktop.core.jekyll.site_entries import jekyll_reads
from finews_desktop.core.jekyll.site_publish import kept_by_limit, skip_reason
from finews_desktop.core.jekyll.site_reader import SiteReader

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "tests" / "data" / "jekyll_sites"
JEKYLL_DUMP = REPO.parent / "shared" / "tools" / "jekyll-dump"
# The builds ran in December 2026: the sites' past posts are older and their future ones dated 2999.
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SITES = sorted(p.stem for p in (DATA / "expected").glob("*.json"))
EXPECTED = {name: json.loads((DATA / "expected" / f"{name}.json").read_text(encoding="utf-8")) for name in SITES}
# The keys a post's data always has; jekyll-dump's data_keys leave out excerpt and draft.
ALWAYS_KEYS = {"title", "slug", "ext", "date", "categories", "tags"}


def _settings(site: str) -> SiteSettings:
    config = (DATA / site / "_config.yml").read_bytes()
    return read_site_settings(config, ZoneInfo(EXPECTED[site]["process_timezone"]), NOW)


def _files(site: str) -> list[str]:
    root = DATA / site
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != "_config.yml")


def _directories(site: str) -> list[str]:
    root = DATA / site
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def _cases(kind: str) -> list[tuple[str, dict[str, Any]]]:
    return [(site, entry) for site in SITES for entry in EXPECTED[site][kind]]


def _ids(cases: list[tuple[str, dict[str, Any]]]) -> list[str]:
    return [f"{site}:{entry['path']}" for site, entry in cases]


POSTS = _cases("posts")
SKIPPED = _cases("skipped")


def _data(settings: SiteSettings, site: str, path: str, relative_path: str) -> dict[str, Any]:
    """The post's data keys as Jekyll holds them after reading: defaults, then its front matter."""
    parsed = parse_post((DATA / site / path).read_bytes(), relative_path, settings.tz, NOW)
    defaults = post_defaults(settings, relative_path, path, site_listing(_files(site)))
    return deep_merge(defaults, parsed.front_matter or {})


def _parse(site: str, path: str) -> ParsedPost:
    """The reader with the site's settings, the way an import reads the file (one SiteReader per site)."""
    reader = SiteReader(_settings(site), _files(site))
    # The machine's zone stands in for the one Jekyll ran in; the site's own zone and time replace it.
    return parse_post((DATA / site / path).read_bytes(), path, ZoneInfo("UTC"), NOW, reader)


def _read(site: str, path: str) -> dict[str, Any]:
    """What our reader makes of a post under the site's settings, as jekyll-dump prints it."""
    post = _parse(site, path)
    assert post.builds, (post.skip_reason, post.warnings)
    assert post.date is not None
    return {
        "relative_path": post.site_path,
        "title": post.title,
        "date": format_date(post.date, _settings(site).tz),
        "categories": post.categories,
        "tags": post.tags,
        "slug": post.slug,
        "url": post.url,
        "published": post.published,
    }


def _date(settings: SiteSettings, site: str, path: str, relative_path: str) -> datetime:
    data = _data(settings, site, path, relative_path)
    if isinstance(data.get("date"), datetime):
        return data["date"]
    date = parse_post((DATA / site / path).read_bytes(), relative_path, settings.tz, settings.build_time(NOW)).date
    assert date is not None
    return date


@cache
def _kept(site: str) -> set[str]:
    """The posts `limit_posts` keeps of those Jekyll reads and publishes (all of them without a limit)."""
    settings = _settings(site)
    built = []
    for path in _files(site):
        relative_path = jekyll_reads(settings, path, _directories(site))
        if relative_path is None or path.startswith("_drafts/"):
            continue
        date = _date(settings, site, path, relative_path)
        if skip_reason(settings, _data(settings, site, path, relative_path), date, NOW) is None:
            built.append((date, relative_path))
    return kept_by_limit(settings, built)


@pytest.mark.parametrize(("site", "exp"), POSTS, ids=_ids(POSTS))
def test_post_jekyll_builds(site: str, exp: dict[str, Any]) -> None:
    settings = _settings(site)
    assert settings.fatal is None
    path = exp["path"]
    relative_path = jekyll_reads(settings, path, _directories(site))
    assert relative_path == exp["relative_path"], "Jekyll reads this file, under this path"
    data = _data(settings, site, path, relative_path)
    assert sorted(ALWAYS_KEYS | data.keys()) == sorted(ALWAYS_KEYS | set(exp["data_keys"])), "defaults merged"
    if path.startswith("_drafts/"):
        return  # dated by the file's mtime (the dump leaves the date out)
    assert relative_path in _kept(site) or path.startswith("_drafts/"), "limit_posts keeps it"
    got = _read(site, path)
    assert skip_reason(settings, data, datetime.strptime(exp["date"], "%Y-%m-%d %H:%M:%S %z"), NOW) is None
    wanted = {k: exp[k] for k in got}
    assert got == wanted


@pytest.mark.parametrize(("site", "exp"), SKIPPED, ids=_ids(SKIPPED))
def test_post_jekyll_skips(site: str, exp: dict[str, Any]) -> None:
    settings = _settings(site)
    path = exp["path"]
    relative_path = jekyll_reads(settings, path, _directories(site))
    if exp["reason"] == "not_read":
        assert relative_path is None, "Jekyll never reads this file as a post"
        draft = path.startswith("_drafts/")  # imported all the same, not built without show_drafts
        assert _parse(site, path).skip_reason == ("draft" if draft else "not_a_post")
        return
    assert relative_path is not None, "Jekyll reads this file (and then skips it)"
    if exp["reason"] == "dropped":
        assert relative_path not in _kept(site), "limit_posts leaves it out"
        return
    data = _data(settings, site, path, relative_path)
    assert skip_reason(settings, data, _date(settings, site, path, relative_path), NOW) == exp["reason"]
    assert _parse(site, path).skip_reason == exp["reason"]


def test_expectations_cover_every_file() -> None:
    """A file added to a site without rerunning regenerate.py fails here."""
    for site in SITES:
        listed = sorted(e["path"] for e in EXPECTED[site]["posts"] + EXPECTED[site]["skipped"])
        assert listed == _files(site), site
    assert sorted(p.name for p in DATA.iterdir() if (p / "_config.yml").is_file()) == SITES


def _load_regenerate() -> Any:
    spec = importlib.util.spec_from_file_location("jekyll_sites_regenerate", DATA / "regenerate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="real Jekyll is not installed")
@pytest.mark.parametrize(
    "site", ["combined", "defaults", "exclude-include", "tz-unknown", "collections-dir", "limit-posts"]
)
def test_live_jekyll_agrees_with_committed_expectations(site: str, tmp_path: Path) -> None:
    """A live build of a few sites (one per kind of setting; the rest by regenerate.py) against expected/."""
    if not JEKYLL_DUMP.is_file():
        pytest.skip(f"{JEKYLL_DUMP} not found")
    live = _load_regenerate().dump_and_reduce(DATA / site, work_dir=tmp_path, tool=JEKYLL_DUMP)
    expected = dict(EXPECTED[site])
    assert live.pop("jekyll_version").split(".")[:2] == expected.pop("jekyll_version").split(".")[:2]
    assert live == expected
