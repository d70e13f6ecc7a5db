"""render/fallback.py: the plain-text view of a body the rich render gave up on."""

from __future__ import annotations

from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.fallback import fallback_body, fallback_text
from finews_desktop.core.content.render.limits import FALLBACK_PARSE_LIMIT, MAX_FALLBACK_CHARS
from finews_desktop.core.content.render.rendered import Labels


def test_tags_are_stripped_a_line_per_block_a_row_per_line() -> None:
    body = "<p>一<script>bad()</script></p><table><tr><td>格1</td><td>格2</td></tr></table><div>二</div>"
    assert fallback_text(body, float("inf")) == "一\n格1 格2\n二"


def test_text_without_tags_or_too_large_is_kept_as_it_is() -> None:
    plain = "没有标签 \n\n 的正文"
    assert fallback_text(plain, float("inf")) == plain
    huge = "<p>" + "x" * FALLBACK_PARSE_LIMIT
    assert fallback_text(huge, float("inf")) == huge


def test_past_its_budget_the_body_is_shown_as_it_is() -> None:
    body = "<p>x</p>" * 3000
    assert fallback_text(body, give_up_at=1.0, clock=lambda: 2.0) == body


def test_control_characters_do_not_stop_the_strip() -> None:
    assert fallback_text("<p>a\x00b</p><p>c</p>", float("inf")) == "a\ufffdb\nc"


def test_the_view_says_why_and_shows_at_most_max_fallback_chars() -> None:
    ctx = Context(False, None, Labels(fallback="纯文本", truncated="只显示 {n} 个字符"), 0.0, None, clock=lambda: 0.0)
    text = "<b>&</b>" + "字" * (MAX_FALLBACK_CHARS + 10)
    html, whole = fallback_body(text, ctx, 0.0)
    assert whole == "&" + "字" * (MAX_FALLBACK_CHARS + 10)
    assert html.startswith(
        f'<p class="notice">纯文本</p><p class="notice">只显示 {MAX_FALLBACK_CHARS:,} 个字符</p><p class="plain">&amp;'
    )
    short_html, short = fallback_body("<i>x</i>", ctx, 0.0)
    assert short == "x" and short_html == '<p class="notice">纯文本</p><p class="plain">x</p>'
