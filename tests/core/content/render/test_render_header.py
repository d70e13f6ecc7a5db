"""render/header.py: the header from the record alone, in HTML, text lines and links."""

from __future__ import annotations

import lxml.html

from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.header import header
from finews_desktop.core.content.render.rendered import LOAD_IMAGES_LINK, Labels, Link, RemoteImage, Stock


def context(labels: Labels | None = None, images_on: bool = False) -> Context:
    return Context(images_on, None, labels or Labels(), deadline=float("inf"), source_url=None)


def test_every_part_in_order() -> None:
    record = {
        "title_text": "标题 <b>",
        "date": "2022-05-20 17:01:37 +0800",
        "categories": ["cj", "gs"],
        "category_names": {"cj": "财经"},
        "tags": ["A股", "", None],
        "source_url": "http://finance.eastmoney.com/a/202205202210000000.html",
        "warnings": [{"message": "日期  来自文件名"}, "第二条"],
    }
    stocks = [Stock("1", "600160", "巨化股份"), Stock("106", "NIO", None)]
    html, text, links = header(record, context(), stocks)
    tree = lxml.html.fragment_fromstring(f"<div>{html}</div>")
    assert [el.get("class") for el in tree] == ["title", "meta", "chips", "stocks", "source", "warning", "warning"]
    assert tree[0].text == "标题 <b>" and "&lt;b&gt;" in html
    assert text == [
        "标题 <b>",
        "2022-05-20 17:01:37 +0800 · 财经 · gs",
        "#A股",
        "Stocks: 巨化股份 600160, NIO",
        "Source: http://finance.eastmoney.com/a/202205202210000000.html",
    ]
    assert links == [
        Link("finews:stock/1.600160", "巨化股份", "stock"),
        Link("finews:stock/106.NIO", "NIO", "stock"),
        Link(
            "http://finance.eastmoney.com/a/202205202210000000.html",
            "finance.eastmoney.com/a/202205202210000000.html",
            "web",
        ),
    ]
    assert [w.text for w in tree.find_class("warning")] == ["⚠ 日期 来自文件名", "⚠ 第二条"]


def test_an_empty_record_has_the_untitled_title_only() -> None:
    html, text, links = header({}, context(Labels(untitled="无题")), [])
    assert html == '<h1 class="title">无题</h1>' and text == ["无题"] and links == []


def test_category_names_as_a_list_parallel_to_the_slugs() -> None:
    _html, text, _links = header({"title": "t", "categories": ["a", "b"], "category_names": ["甲"]}, context(), [])
    assert text[1] == "甲 · b"


def test_a_source_that_is_not_http_is_not_shown() -> None:
    html, _text, links = header({"title": "t", "source_url": "javascript:alert(1)"}, context(), [])
    assert "javascript" not in html and links == []


def test_the_images_notice_when_images_are_off() -> None:
    ctx = context(Labels(images_off="{n} 张图片未加载", load_images="加载"))
    ctx.images.append(RemoteImage(0, "http://a/1.png", "", "a", "image", "Image"))
    html, _text, links = header({"title": "t"}, ctx, [])
    assert f'<p class="notice">1 张图片未加载 <a href="{LOAD_IMAGES_LINK}">加载</a></p>' in html
    assert links == [Link(LOAD_IMAGES_LINK, "加载", "action")]
    on = context(images_on=True)
    on.images.extend(ctx.images)
    assert "notice" not in header({"title": "t"}, on, [])[0]
