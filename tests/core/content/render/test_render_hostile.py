"""render_post (core/content/render/) on hostile bodies: each renders or falls back to escaped plain text, and never raises.

How fast is not asserted here (bench/bench_render.py prints the figures against the
product limit of 1 s): on a loaded machine a body may fall back where a quiet one
renders it, and both are right. The deadlines themselves are tested with clocks the
tests drive, on work that is slow by construction, so no test depends on this
machine's speed or on a third-party library being slow.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator

import lxml.html
import pytest

from finews_desktop.core.content import render
from finews_desktop.core.content.render import ImagePolicy, markup, render_post

RECORD = {"title_text": "hostile", "date": "2022-05-20 17:01:37 +0800", "tags": ["测试"]}


def still() -> float:
    return 0.0


def timed(body: str, **kw: object) -> tuple[render.RenderedPost, float]:
    """The rendered post (the name stays from when its time was asserted; the seconds are the renderer's own)."""
    rendered = render_post(RECORD, body, **kw)  # type: ignore[arg-type]
    return rendered, rendered.seconds


def check(rendered: render.RenderedPost, seconds: float, marker: str | None = None) -> None:
    assert seconds >= 0
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
    rendered, seconds = timed("<p>一<b>二<i>三<div>四<table><tr><td>五", clock=still)
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
    rendered, seconds = timed("<table>" + "<tr><td>1</td><td>二</td></tr>" * rows + "</table>", clock=still)
    check(rendered, seconds)
    assert rendered.fallback is None
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


class SlowMarkdown:
    """A Markdown converter that is slow by construction: it moves the clock past every budget, then keeps
    calling Python functions (where the deadline's tracer looks at the clock) until `released` is set."""

    def __init__(self, clock: list[float]) -> None:
        self.clock = clock
        self.released = threading.Event()
        self.calls = 0

    def reset(self) -> SlowMarkdown:
        return self

    def step(self) -> None:
        self.calls += 1
        if self.calls >= 1_000_000:  # the deadline never fired: give up so that the test fails, not hangs
            self.released.set()

    def convert(self, body: str) -> str:
        self.clock[0] += 3600.0
        while not self.released.is_set():
            self.step()
        return f"<p>{body}</p>"


@pytest.fixture
def slow_markdown(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[SlowMarkdown, list[float]]]:
    now = [1000.0]
    slow = SlowMarkdown(now)
    monkeypatch.setattr(markup, "markdown_converter", lambda: slow)
    yield slow, now
    slow.released.set()


def test_the_markdown_deadline_fires_and_the_next_post_renders(
    slow_markdown: tuple[SlowMarkdown, list[float]], monkeypatch: pytest.MonkeyPatch
) -> None:
    slow, now = slow_markdown
    rendered = render_post(RECORD, "正文 [", clock=lambda: now[0])  # type: ignore[arg-type]
    assert rendered.fallback == "too_slow"
    assert slow.calls < 1_000_000  # interrupted inside the converter, not after it gave up
    assert "正文" in rendered.plain_text and '<p class="plain">' in rendered.html
    monkeypatch.undo()  # the real converter again: an interrupted one must not spoil the next post
    after = render_post(RECORD, "> 摘要\n\n<p>正文 <b>粗</b></p>", clock=still)  # type: ignore[arg-type]
    assert after.fallback is None and "<b>粗</b>" in after.html


def test_the_deadline_keeps_a_tracer_that_was_already_active(slow_markdown: tuple[SlowMarkdown, list[float]]) -> None:
    import sys

    _slow, now = slow_markdown
    seen: list[str] = []

    def outer(frame: object, event: str, arg: object) -> None:
        seen.append(event)

    sys.settrace(outer)  # a debugger or coverage
    try:
        rendered = render_post(RECORD, "正文", clock=lambda: now[0])  # type: ignore[arg-type]
    finally:
        active = sys.gettrace()
        sys.settrace(None)
    assert rendered.fallback == "too_slow"
    assert active is outer and seen


def test_the_cleaning_deadline_falls_back_to_text() -> None:
    """The whole-render budget, checked between and within the steps after Markdown."""
    ticks = iter(range(0, 10**9, 1))

    def each_look_a_second() -> float:
        return float(next(ticks))

    body = "<div>" + "<p>段</p>" * 2_000 + "</div>"
    rendered = render_post(RECORD, body, clock=each_look_a_second)  # type: ignore[arg-type]
    assert rendered.fallback == "too_slow"
    assert "段" in rendered.plain_text


def test_with_a_still_clock_a_large_body_renders_whole() -> None:
    body = "<div>" + "<p>段</p>" * 2_000 + "</div>"
    rendered = render_post(RECORD, body, clock=still)  # type: ignore[arg-type]
    assert rendered.fallback is None
    assert rendered.html.count("段") == 2_000


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
