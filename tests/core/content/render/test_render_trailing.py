"""render/trailing.py: the finews "返回…" links and the source line at the end of a body leave the view."""

from __future__ import annotations

from finews_desktop.core.content.render.markup import parse, serialize
from finews_desktop.core.content.render.trailing import drop_trailing_chrome

SOURCE = "http://finance.eastmoney.com/a/1.html"
NAV = '<p><a href="/">返回首页</a> ｜ <a href="/n">返回新闻</a></p>'


def after_drop(html: str, source: str | None = SOURCE) -> str:
    body = parse(html)
    drop_trailing_chrome(body, source)
    return serialize(body)


def test_navigation_and_the_source_line_before_it_go() -> None:
    assert after_drop(f'<p>正文</p><p><a href="{SOURCE}">{SOURCE}</a></p>{NAV}') == "<p>正文</p>"
    assert after_drop("<p>正文</p><p>&lt;&gt;</p>") == "<p>正文</p>"  # the empty source line `<>`


def test_only_what_ends_the_body_goes() -> None:
    assert after_drop(f"{NAV}<p>正文</p>") == f"{NAV}<p>正文</p>"
    assert after_drop(f"<p>正文</p>{NAV}尾巴") == f"<p>正文</p>{NAV}尾巴"  # text after it: not the end


def test_lookalikes_stay() -> None:
    other = "http://other.example/"
    kept = [
        f'<p><a href="{other}">{other}</a></p>',  # a link, not the post's source
        f'<p>来源 <a href="{SOURCE}">{SOURCE}</a></p>',  # words around the source link
        '<p><a href="/">返回首页</a> 以及正文</p>',  # words besides the links
        '<p><a href="/">首页</a></p>',  # not a return link
        "<p>" + '<a href="/">返回</a>' * 7 + "</p>",  # more links than a navigation line has
    ]
    for html in kept:
        assert after_drop(f"<p>正文</p>{html}") == f"<p>正文</p>{html}", html
    assert after_drop(f'<p><a href="{SOURCE}">{SOURCE}</a></p>', None) == f'<p><a href="{SOURCE}">{SOURCE}</a></p>'
