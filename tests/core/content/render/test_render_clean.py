"""render/clean.py: the one pass over the tree, as each rule meets the next (each rule alone: test_render.py)."""

from __future__ import annotations

import pytest

from finews_desktop.core.content.render.clean import clean
from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.limits import MAX_DEPTH, Fallback
from finews_desktop.core.content.render.markup import parse, serialize
from finews_desktop.core.content.render.rendered import Labels, Link


def cleaned(html: str, ctx: Context | None = None) -> str:
    body = parse(html)
    clean(body, ctx or context())
    return serialize(body)


def context(clock: float = 0.0, deadline: float = 1.0) -> Context:
    return Context(False, None, Labels(), deadline=deadline, source_url=None, clock=lambda: clock)


def test_kept_renamed_unwrapped_and_removed() -> None:
    html = (
        '<article id="a"><p class="x" onclick="evil()">一<font color="red">二</font><strike>三</strike>'
        "<script>bad()</script>四</p></article><form><p>表单</p></form><p hidden>藏</p>"
    )
    assert cleaned(html) == "<div><p>一二<s>三</s>四</p></div>"


def test_links_are_web_links_or_their_text() -> None:
    ctx = context()
    html = '<a href="http://a.example/">甲<a href="http://b.example/">乙</a></a><a href="javascript:x">丙</a>'
    assert cleaned(html, ctx) == '<a href="http://a.example/">甲</a><a href="http://b.example/">乙</a>丙'
    assert ctx.links == [Link("http://a.example/", "甲", "web"), Link("http://b.example/", "乙", "web")]


def test_a_stock_inside_a_link_stays_text() -> None:
    ctx = context()
    assert cleaned('<a href="http://a.example/"><span data-code="1,600160">巨化</span></a>', ctx) == (
        '<a href="http://a.example/">巨化</a>'
    )
    assert not ctx.stocks


def test_the_kline_chart_inside_its_stock_link() -> None:
    ctx = context()
    html = '<p><a href="http://q/" data-code="601138|1|1"><img src="https://webquoteklinepic.eastmoney.com/p?nid=1.601138"></a></p>'
    out = cleaned(html, ctx)
    assert out.startswith('<p><a href="finews:stock/1.601138" class="kline"><span class="imgph">')
    assert [i.kind for i in ctx.images] == ["kline"]


def test_a_caption_the_last_br_and_html5_empty_elements() -> None:
    html = "<table><caption> 表 1 </caption><tr><td>x<br></td></tr></table><p>长<wbr>词<embed src=x>尾</p>"
    assert cleaned(html) == '<p class="caption">表 1</p><table><tr><td>x</td></tr></table><p>长\u200b词尾</p>'


def test_deep_nesting_is_unwrapped_and_its_text_kept() -> None:
    depth = MAX_DEPTH + 10
    out = cleaned("<blockquote>" * depth + "深" + "</blockquote>" * depth)
    assert out.count("<blockquote>") == MAX_DEPTH and "深" in out


def test_past_the_deadline_the_pass_gives_up() -> None:
    with pytest.raises(Fallback) as why:
        cleaned("<p>x</p>" * 600, context(clock=5.0, deadline=1.0))
    assert why.value.reason == "too_slow"
