"""The reader with a site's settings (core/jekyll/site_reader.SiteReader given to parse_post):
what a site's `_config.yml` changes in one post, beside the site conformance suite."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from finews_desktop.core.jekyll.post import parse_post
from finews_desktop.core.jekyll.site_config import read_site_settings
from finews_desktop.core.jekyll.site_reader import SiteReader

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
HOME = ZoneInfo("Asia/Shanghai")
POST = b"---\ntitle: Hello\n---\nBody.\n"


def _reader(config: str, files: list[str] | None = None) -> SiteReader:
    return SiteReader(read_site_settings(config.encode(), HOME, NOW), files)


def test_without_settings_the_reader_is_unchanged() -> None:
    plain = parse_post(POST, "news/_posts/2020-01-02-hello.md", HOME, NOW)
    with_defaults = parse_post(POST, "news/_posts/2020-01-02-hello.md", HOME, NOW, _reader(""))
    assert (plain.url, plain.date, plain.categories, plain.title) == (
        with_defaults.url,
        with_defaults.date,
        with_defaults.categories,
        with_defaults.title,
    )


def test_site_zone_and_collections_permalink() -> None:
    reader = _reader("timezone: America/New_York\ncollections:\n  posts:\n    permalink: /:year/:title/\n")
    post = parse_post(POST, "_posts/2020-01-02-hello.md", HOME, NOW, reader)
    assert post.url == "/2020/hello/"
    assert post.date == datetime(2020, 1, 2, tzinfo=ZoneInfo("America/New_York"))


def test_collections_dir_names_the_post_below_it() -> None:
    reader = _reader("collections_dir: coll\n")
    post = parse_post(POST, "coll/news/_posts/2020-01-02-hello.md", HOME, NOW, reader)
    assert (post.site_path, post.categories, post.builds) == ("news/_posts/2020-01-02-hello.md", ["news"], True)
    outside = parse_post(POST, "_posts/2020-01-02-hello.md", HOME, NOW, reader)
    assert outside.skip_reason == "not_a_post"


def test_excluded_and_included_folders() -> None:
    reader = _reader("exclude: [news]\ninclude: [_hidden]\n")
    assert parse_post(POST, "newsletter/_posts/2020-01-02-x.md", HOME, NOW, reader).skip_reason == "not_a_post"
    assert parse_post(POST, "_hidden/_posts/2020-01-02-x.md", HOME, NOW, reader).builds


def test_defaults_published_and_unpublished() -> None:
    config = "defaults:\n  - scope: {path: drafts}\n    values: {published: false, layout: wide}\n"
    post = parse_post(POST, "drafts/_posts/2020-01-02-x.md", HOME, NOW, _reader(config))
    assert (post.skip_reason, post.published, post.layout) == ("unpublished", False, "wide")
    shown = parse_post(POST, "drafts/_posts/2020-01-02-x.md", HOME, NOW, _reader(config + "unpublished: true\n"))
    assert shown.builds and shown.published is False


def test_markdown_ext_and_time() -> None:
    reader = _reader('markdown_ext: "txt"\ntime: 2010-01-01\nfuture: false\n')
    post = parse_post(POST, "_posts/2020-01-02-x.txt", HOME, NOW, reader)
    md = parse_post(POST, "_posts/2020-01-02-y.md", HOME, NOW, reader)
    assert (post.url, md.url) == ("/2020/01/02/x.html", "/2020/01/02/y.md")
    assert post.date is not None and reader.is_future(post.date, NOW)
    assert reader.build_time(NOW) == datetime(2010, 1, 1, tzinfo=HOME)


def test_a_draft_is_read_and_built_with_show_drafts_only() -> None:
    for config, reason in (("show_drafts: true\n", None), ("", "draft")):
        reader = _reader(config)
        assert reader.relative_path("_drafts/x.md") == "_drafts/x.md"
        assert parse_post(POST, "_drafts/x.md", HOME, NOW, reader).skip_reason == reason


def test_the_reader_crosses_to_a_worker_process() -> None:
    reader = _reader(
        "timezone: CST-8\ndefaults:\n  - scope: {path: 'news/*'}\n    values: {tags: [a]}\n",
        ["news/_posts/2020-01-02-x.md"],
    )
    copy = pickle.loads(pickle.dumps(reader))
    assert copy.settings == reader.settings and copy.files == reader.files
    post = parse_post(POST, "news/_posts/2020-01-02-x.md", HOME, NOW, copy)
    assert post.tags == ["a"] and post.date is not None and post.date.utcoffset() == reader.tz.utcoffset(NOW)


def test_an_import_worker_dates_the_post_in_the_sites_zone() -> None:
    from finews_desktop.core.content.postrow import PreparedPost, SourceFile
    from finews_desktop.core.importing.prepare import prepare_wire

    reader = _reader("timezone: America/New_York\npermalink: /:year/:title/\n")
    src = SourceFile("/site", "_posts/2020-01-02-x.md", "_posts/2020-01-02-x.md")
    kind, fields = prepare_wire(src, None, "Asia/Shanghai", NOW.timestamp(), reader, (), POST)
    assert kind == 0
    row = PreparedPost(src.site_root, src.site_path, src.shown_path, *fields[:-1])  # last: the folded text
    assert (row.date_text, row.url) == ("2020-01-02 00:00:00 -0500", "/2020/x/")
