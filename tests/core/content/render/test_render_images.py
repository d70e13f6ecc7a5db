"""render/images.py: each <img> shown, listed, made a placeholder or removed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.images import image, placeholder
from finews_desktop.core.content.render.limits import MAX_IMAGES
from finews_desktop.core.content.render.markup import parse, serialize
from finews_desktop.core.content.render.rendered import Labels, RemoteImage

KLINE_SRC = "https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=1.601138&imageType=k"


def context(images_on: bool = False, base_dir: str | None = None) -> Context:
    return Context(images_on, base_dir, Labels(), deadline=float("inf"), source_url=None)


def each_image(html: str, ctx: Context) -> Any:
    body = parse(html)
    for el in list(body.iter("img")):
        image(el, ctx)
    return body


def test_images_off_a_placeholder_says_what_and_where() -> None:
    ctx = context()
    body = each_image(f'<p>前<img src="{KLINE_SRC}" alt="K图 601138_0" width="578px" height="0">后</p>', ctx)
    assert (
        serialize(body)
        == '<p>前<span class="imgph">\u00a0▣ K线图 601138 · webquoteklinepic.eastmoney.com\u00a0</span>后</p>'
    )
    assert ctx.images == [
        RemoteImage(0, KLINE_SRC, "K图 601138_0", "webquoteklinepic.eastmoney.com", "kline", "K线图 601138", 578, None)
    ]


def test_images_on_a_resource_the_widget_fills_and_its_block_marked() -> None:
    ctx = context(images_on=True)
    body = each_image(
        '<p><img src="//img.example/a.png" alt="图片" onerror="x()"></p><p><img src="http://b/c.png" alt="Chart"></p>',
        ctx,
    )
    assert serialize(body) == (
        '<p class="img"><img alt="图片" src="finews-image:0"></p><p class="img"><img alt="Chart" src="finews-image:1"></p>'
    )
    assert [(i.url, i.kind, i.label) for i in ctx.images] == [
        ("https://img.example/a.png", "image", "Image"),  # a generic alt says nothing: the label does
        ("http://b/c.png", "image", "Chart"),
    ]


def test_a_kline_chart_named_only_by_its_alt_text() -> None:
    ctx = context()
    each_image('<img src="https://other.example/k.png" alt="K图 00700_1">', ctx)
    each_image('<img src="https://webquoteklinepic.eastmoney.com/x.png" alt="">', ctx)
    assert [(i.kind, i.label) for i in ctx.images] == [("kline", "K线图 00700"), ("kline", "K线图")]


def test_local_images_inside_the_folder_are_shown_as_files(tmp_path: Path) -> None:
    ctx = context(base_dir=str(tmp_path))
    body = each_image(
        '<div><img src="img/a.png" width="99999"><img src="../b.png"><img src="javascript:x">尾</div>', ctx
    )
    uri = (tmp_path / "img" / "a.png").as_uri()
    assert serialize(body) == f'<div class="img"><img src="{uri}">尾</div>'
    assert ctx.local_images == [uri] and ctx.images == []


def test_images_past_the_limit_are_dropped() -> None:
    ctx = context()
    body = each_image('<img src="http://a.example/i.png">' * (MAX_IMAGES + 5), ctx)
    assert len(ctx.images) == MAX_IMAGES
    assert serialize(body).count('class="imgph"') == MAX_IMAGES


def test_placeholder_without_a_host() -> None:
    box = placeholder(RemoteImage(0, "http://x/", "", "", "image", "Image"))
    assert box.get("class") == "imgph" and box.text == "\u00a0▣ Image\u00a0"
