"""jekyll/post.py's reading steps as they meet: which skip reason wins, what a broken front matter leaves,
and every URL placeholder (each against real Jekyll: test_jekyll_conformance.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from finews_desktop.core.jekyll import post as jekyll

TZ = ZoneInfo("Asia/Shanghai")
BUILD = datetime(2026, 1, 2, 3, 4, 5, tzinfo=TZ)


def read(raw: bytes, path: str, permalink: str | None = None) -> jekyll.ParsedPost:
    return jekyll.parse_post(raw, path, TZ, BUILD, permalink)


def codes(post: jekyll.ParsedPost) -> list[str]:
    return [w.code for w in post.warnings]


def test_the_first_skip_reason_is_kept_and_every_warning_given() -> None:
    post = read(b"---\ntitle: t\n---\n\xff body", "notes/2022-05-20-x.md")
    assert (post.builds, post.skip_reason) == (False, "not_a_post")
    assert codes(post) == ["not_a_post", "not_utf8"]
    data = read(b"---\ntitle: x\n---\n", "_posts/2022-05-20-x.yml")
    assert (data.skip_reason, codes(data)) == ("yaml_data_file", ["yaml_data_file"])


def test_a_slug_that_is_not_text_is_fatal_only_for_a_post_jekyll_builds() -> None:
    unpublished = read(b"---\npublished: false\nslug: 3\n---\nbody", "_posts/2022-05-20-x.md")
    assert (unpublished.skip_reason, codes(unpublished), unpublished.published) == (
        "unpublished",
        ["unpublished"],
        False,
    )
    published = read(b"---\nslug: 3\n---\nbody", "_posts/2022-05-20-x.md")
    assert (published.skip_reason, codes(published)) == ("fatal_slug", ["fatal_slug"])


def test_a_broken_front_matter_leaves_what_jekyll_reads_without_it() -> None:
    post = read(b"---\n- a\n---\nbody", "news/_posts/2022-05-20-x.md")
    assert post.builds and codes(post) == ["front_matter_error"]
    assert (post.title, post.slug, post.tags, post.categories) == (None, None, None, ["news"])
    assert post.date == BUILD and post.date_from_build_time
    assert post.url == "/news/2026/01/02/2022-05-20-x.html" and post.body == "body"


def test_front_matter_jekyll_does_not_see_is_the_body() -> None:
    post = read(b"--- x\nbody", "_posts/2022-05-20-x.md")
    assert codes(post) == ["front_matter_ignored"] and post.front_matter is None and post.body == "--- x\nbody"


def test_a_fatal_date_leaves_no_date_and_no_url() -> None:
    post = read(b"---\ndate: nonsense\n---\nbody", "_posts/2022-05-20-x.md")
    assert (post.skip_reason, codes(post), post.date, post.url) == ("fatal_date", ["fatal_date"], None, None)


def test_every_placeholder() -> None:
    post = read(
        b"---\ncategories: [B, b, A]\nslug: My_Slug\n---\n",
        "_posts/2022-05-20-Hello World.md",
        "/:categories/:i_month/:i_day/:slug/:name/:path:collection:output_ext",
    )
    assert post.url == "/b/a/5/20/my-slug/2022-05-20-hello-world/_posts/2022-05-20-Hello%20Worldposts.html"
    own = read(b"---\npermalink: /p/:title/\n---\n", "_posts/2022-05-20-Hello World.markdown", "pretty")
    assert own.url == "/p/Hello-World/"
    assert read(b"", "_posts/2022-05-20-x.md", "/:year/:month/:day/:hour:minute:second/:title:output_ext").url == (
        "/2022/05/20/000000/x.html"
    )
