"""`future` and `_drafts` as parse_post reads them with a site's SiteReader, against what real Jekyll made
of the future-*, time-setting, show-drafts and drafts-off sites (tests/data/jekyll_sites/expected/).

A draft's date in Jekyll is its file's modification time (expected/ leaves it out, as a checkout changes
it): here each draft gets a known mtime (os.utime) and the reader must date it so, unless its front
matter or its name gives a date.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from finews_desktop.core.jekyll.post import ParsedPost, folder_categories, format_date, parse_post
from finews_desktop.core.jekyll.site_config import read_site_settings
from finews_desktop.core.jekyll.site_reader import SiteReader
from finews_desktop.core.messages import message

DATA = Path(__file__).resolve().parents[2] / "data" / "jekyll_sites"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)  # as the committed expectations were built
SHANGHAI = ZoneInfo("Asia/Shanghai")  # jekyll-dump's zone: a site without `timezone:` gets it
MTIME = datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)


def _expected(site: str) -> dict[str, Any]:
    return json.loads((DATA / "expected" / f"{site}.json").read_text(encoding="utf-8"))


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != "_config.yml")


def _reader(root: Path) -> SiteReader:
    settings = read_site_settings((root / "_config.yml").read_bytes(), SHANGHAI, NOW)
    return SiteReader(settings, _files(root))


def _parse(root: Path, path: str, file_time: datetime | None = None) -> ParsedPost:
    return parse_post((root / path).read_bytes(), path, ZoneInfo("UTC"), NOW, _reader(root), file_time)


@pytest.mark.parametrize("site", ["future-default", "future-true", "future-null", "time-setting"])
def test_future_posts_are_read_but_not_built_unless_the_site_says_future(site: str) -> None:
    root, expected = DATA / site, _expected(site)
    reader = _reader(root)
    for exp in expected["posts"]:
        post = _parse(root, exp["path"])
        assert post.builds, (exp["path"], post.warnings)
        assert format_date(post.date, reader.tz) == exp["date"]
        assert (post.url, post.title, post.slug) == (exp["url"], exp["title"], exp["slug"])
    future = [s["path"] for s in expected["skipped"] if s["reason"] == "future"]
    assert bool(future) == (site in ("future-default", "future-null", "time-setting"))
    for path in future:
        post = _parse(root, path)
        assert (post.builds, post.skip_reason) == (False, "future")
        assert post.url is not None and post.date is not None  # read all the same: kept in the archive
        (warning,) = [w for w in post.warnings if w.code == "future"]
        assert warning.said == message("future", date=format_date(post.date, reader.tz))
        assert format_date(post.date, reader.tz) in warning.message and "future: true" in warning.message


def test_without_site_rules_a_future_post_is_built_as_before() -> None:
    raw = (DATA / "future-default" / "_posts" / "2999-01-01-future.md").read_bytes()
    assert parse_post(raw, "_posts/2999-01-01-future.md", SHANGHAI, NOW).builds


def _drafts_site(tmp_path: Path, site: str) -> Path:
    root = shutil.copytree(DATA / site, tmp_path / site)
    for draft in (root / "_drafts").iterdir():
        os.utime(draft, (MTIME.timestamp(), MTIME.timestamp()))
    return root


def test_show_drafts_builds_drafts_dated_by_front_matter_name_or_mtime(tmp_path: Path) -> None:
    root = _drafts_site(tmp_path, "show-drafts")
    reader = _reader(root)
    for exp in _expected("show-drafts")["posts"]:
        path = exp["path"]
        mtime = datetime.fromtimestamp((root / path).stat().st_mtime, UTC)
        post = _parse(root, path, mtime if path.startswith("_drafts/") else None)
        assert post.builds, (path, post.warnings)
        got = {k: getattr(post, k) for k in ("title", "categories", "tags", "slug", "published")}
        got["relative_path"] = post.site_path
        assert got == {k: exp[k] for k in got}
        if exp["date"] is not None:
            assert format_date(post.date, reader.tz) == exp["date"]
    dates = {
        path: format_date(_parse(root, path, MTIME).date, reader.tz)
        for path in ("_drafts/a-draft.md", "_drafts/dated-draft.md", "_drafts/2020-01-05-named-draft.md")
    }
    # as jekyll-dump printed them for these files with this mtime
    assert dates == {
        "_drafts/a-draft.md": "2021-03-04 13:06:07 +0800",  # the file's mtime, in the site's zone
        "_drafts/dated-draft.md": "2020-02-02 18:00:00 +0800",  # its front matter's date
        "_drafts/2020-01-05-named-draft.md": "2020-01-05 00:00:00 +0800",  # the date in its name
    }
    assert _parse(root, "_drafts/a-draft.md", MTIME).url == "/2021/03/04/a-draft.html"
    assert _parse(root, "_drafts/2020-01-05-named-draft.md", MTIME).url == "/2020/01/05/named-draft.html"


def test_a_zip_members_wall_time_is_read_in_the_sites_zone(tmp_path: Path) -> None:
    root = _drafts_site(tmp_path, "show-drafts")
    post = _parse(root, "_drafts/a-draft.md", datetime(2021, 3, 4, 13, 6, 7))
    assert format_date(post.date, SHANGHAI) == "2021-03-04 13:06:07 +0800"


def test_without_show_drafts_a_draft_is_kept_but_not_built(tmp_path: Path) -> None:
    root = _drafts_site(tmp_path, "drafts-off")
    assert _expected("drafts-off")["skipped"] == [{"path": "_drafts/a-draft.md", "reason": "not_read"}]
    post = _parse(root, "_drafts/a-draft.md", MTIME)
    assert (post.builds, post.skip_reason) == (False, "draft")
    assert [w.code for w in post.warnings] == ["draft"] and "show_drafts: true" in post.warnings[0].message
    assert (post.title, post.slug, post.site_path) == ("A draft", "a-draft", "_drafts/a-draft.md")
    assert format_date(post.date, SHANGHAI) == "2020-02-02 18:00:00 +0800"  # what show_drafts would build
    assert _parse(root, "_posts/2020-01-01-post.md").builds


def test_a_draft_without_site_rules_and_its_folder_categories() -> None:
    raw = b"---\ntitle: T\n---\nBody.\n"
    post = parse_post(raw, "news/cn/_drafts/sub/idea.md", SHANGHAI, NOW, None, MTIME)
    assert (post.builds, post.skip_reason, post.slug) == (False, "draft", "idea")
    assert post.categories == ["news", "cn"]  # the folders above _drafts (superdirs), as for a post
    assert post.date == MTIME and not post.date_from_build_time
    assert folder_categories("news/_drafts/idea.md") == ["news"] == folder_categories("news/_posts/2020-01-01-i.md")
    # Document#draft? is false when `_posts` is anywhere in the path: Jekyll then dates it by the build
    odd = parse_post(raw, "my_posts/_drafts/idea.md", SHANGHAI, NOW, None, MTIME)
    assert odd.date_from_build_time and odd.categories == ["my"]
    # hidden or special names below _drafts are not read by Jekyll at all
    assert parse_post(raw, "_drafts/_idea.md", SHANGHAI, NOW).skip_reason == "not_a_post"
    assert parse_post(raw, "_drafts/noext", SHANGHAI, NOW).skip_reason == "not_a_post"
