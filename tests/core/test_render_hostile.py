"""render.py on hostile bodies: each renders or falls back to escaped plain text, quickly, and never raises.

The product limit is 1 s (render.RENDER_BUDGET_S is 0.6 s); the assertions allow
3 s so that a loaded two-core CI machine does not fail them. bench/bench_render.py
reports the real figures.
"""

from __future__ import annotations

import random
import time

import lxml.html
import pytest

from finews_desktop.core import render
from finews_desktop.core.render import ImagePolicy, render_post

LIMIT_S = 3.0
RECORD = {"title_text": "hostile", "date": "2022-05-20 17:01:37 +0800", "tags": ["测试"]}


def timed(body: str, **kw: object) -> tuple[render.RenderedPost, float]:
    start = time.perf_counter()
    rendered = render_post(RECORD, body, **kw)  # type: ignore[arg-type]
    return rendered, time.perf_counter() - start


def check(rendered: render.RenderedPost, seconds: float, marker: str | None = None) -> None:
    assert seconds < LIMIT_S, f"{seconds:.2f} s"
    assert rendered.html.startswith("<html>") and rendered.html.endswith("</body></html>")
    lxml.html.document_fromstring(rendered.html)  # well-formed enough to parse
    if rendered.fallback is not None:
        assert '<p class="plain">' in rendered.html
    if marker is not None:
        assert marker in rendered.plain_text


def test_unclosed_tags() -> None:
    body = "<div><p><b><i><span><table><tr><td><a href='http://x.example/'>" * 5_000 + "尾巴"
    rendered, seconds = timed(body)
    check(rendered, seconds, "尾巴")


def test_a_few_unclosed_tags_still_render() -> None:
    rendered, seconds = timed("<p>一<b>二<i>三<div>四<table><tr><td>五")
    check(rendered, seconds)
    assert rendered.fallback is None
    assert "五" in rendered.plain_text


def test_ten_megabytes_of_text() -> None:
    body = "财经新闻正文，" * (10_000_000 // 7)
    rendered, seconds = timed(body)
    check(rendered, seconds)
    assert rendered.fallback == "too_large"
    assert len(rendered.html) < render.MAX_FALLBACK_CHARS * 2 + 10_000  # the view is capped ...
    assert rendered.plain_text.endswith(body[-20:])  # ... the text is whole


def test_ten_megabytes_on_one_line_without_spaces() -> None:
    rendered, seconds = timed("1234567890" * 1_000_000)
    check(rendered, seconds)
    shown = rendered.html.split('<p class="plain">', 1)[1]
    assert max(len(run) for run in shown.split(render.ZWSP)) <= render.MAX_RUN + 40


@pytest.mark.parametrize(
    "body",
    [
        "<div>" * 10_000 + "深" + "</div>" * 10_000,
        "<span>" * 10_000 + "深",
        "<table><tr><td>" * 10_000 + "深",
        "<ul><li>" * 10_000 + "深",
        ">" * 10_000 + " 深",
        "".join("> " * i + "深\n" for i in range(300)),
        "".join("    " * i + "- 深\n" for i in range(300)),
    ],
    ids=["divs", "spans-unclosed", "tables", "lists", "blockquote-markers", "blockquote-lines", "markdown-lists"],
)
def test_ten_thousand_nested_elements(body: str) -> None:
    rendered, seconds = timed(body)
    check(rendered, seconds, "深")


def test_a_hundred_thousand_row_table() -> None:
    body = "<table>" + "<tr><td>600160</td><td>巨化股份</td></tr>" * 100_000 + "</table>"
    rendered, seconds = timed(body)
    check(rendered, seconds, "巨化股份")


def test_a_hundred_thousand_row_markdown_table() -> None:
    rendered, seconds = timed("| a | b |\n|---|---|\n" + "| 1 | 巨化 |\n" * 100_000)
    check(rendered, seconds, "巨化")


def test_a_table_under_the_size_limit_is_cut_not_dropped() -> None:
    rows = render.MAX_TABLE_ROWS * 4
    rendered, seconds = timed("<table>" + "<tr><td>1</td><td>二</td></tr>" * rows + "</table>")
    check(rendered, seconds)
    if rendered.fallback is None:  # on a very slow machine the budget may run out first
        body_html = rendered.html.split("</td></tr></table>", 1)[1]  # after the header
        assert body_html.count("<tr>") == render.MAX_TABLE_ROWS + 1


@pytest.mark.parametrize(
    "body",
    ["[" * 10_000, "[a](" * 20_000, '<p a="' * 20_000, "*_" * 50_000, "`" * 100_000, "<" * 200_000, "&#" * 100_000],
    ids=["brackets", "links", "attributes", "emphasis", "backticks", "angles", "entities"],
)
def test_markdown_bombs_are_interrupted(body: str) -> None:
    rendered, seconds = timed(body)
    check(rendered, seconds)


def test_the_markdown_deadline_fires_and_the_next_post_renders() -> None:
    rendered, seconds = timed("[" * 10_000)  # minutes of Python-Markdown without the deadline
    check(rendered, seconds)
    assert rendered.fallback == "too_slow"
    after, _ = timed("> 摘要\n\n<p>正文 <b>粗</b></p>")
    assert after.fallback is None and "<b>粗</b>" in after.html


def test_many_images_and_links() -> None:
    body = '<p><img src="https://img.example.com/a.png" alt="图"><a href="http://x.example/">链</a></p>' * 5_000
    for policy in ImagePolicy:
        rendered, seconds = timed(body, images=policy)
        check(rendered, seconds)
        assert len(rendered.images) <= render.MAX_IMAGES


def test_huge_attributes_and_urls() -> None:
    body = f'<p title="{"x" * 2_000_000}">一</p><a href="http://a.example/{"y" * 200_000}">二</a>'
    rendered, seconds = timed(body)
    check(rendered, seconds)


def test_huge_and_comment_ridden_styles() -> None:
    body = f'<p style="{"/**/" * 500_000}display:none">藏</p><p style="{"/*" * 300_000}">显</p>' * 3
    rendered, seconds = timed(body)
    check(rendered, seconds, "显")


def test_random_bytes() -> None:
    rng = random.Random(20220520)
    for _ in range(5):
        body = bytes(rng.randrange(256) for _ in range(60_000)).decode("utf-8", "replace")
        rendered, seconds = timed(body)
        check(rendered, seconds)


def test_random_markup_soup() -> None:
    rng = random.Random(7)
    pieces = ["<p>", "</p>", "<div>", "<table>", "<tr>", "<td>", "<b>", "</i>", "[", "](", "> ", "\n", "<!--", "-->",
              "<script>", "&lt;", "<img src=", "http://a.example/", "文字", " ", '"', "'", "*", "_", "`", "|", "#"]  # fmt: skip
    for _ in range(20):
        body = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 5_000)))
        rendered, seconds = timed(body)
        check(rendered, seconds)
        assert "<script" not in rendered.html
