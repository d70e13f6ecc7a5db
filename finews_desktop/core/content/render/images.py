"""Images of a post: local files next to it shown as they are, remote ones listed and shown as placeholders
(images off) or as `finews-image:<n>` resources the widget fills from its cache (images on)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import lxml.html

from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.limits import MAX_IMAGE_SIDE, MAX_IMAGES
from finews_desktop.core.content.render.markup import remove
from finews_desktop.core.content.render.rendered import Labels, RemoteImage
from finews_desktop.core.content.render.text import breakable, one_line
from finews_desktop.core.content.render.urls import clean_url, host_of, local_image, web_url

_NID_RE = re.compile(r"^(\d{1,3})\.([A-Za-z0-9._]{1,12})$")
_KLINE_ALT_RE = re.compile(r"^K图\s*([A-Za-z0-9._]{1,12}?)(?:_\d+)?$")
_GENERIC_ALTS = frozenset({"", "image", "img", "picture", "photo", "图片", "图", "圖片"})
_IMAGE_BLOCKS = frozenset(
    {"p", "li", "dd", "dt", "blockquote", "div", "center", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
)


def image(el: Any, ctx: Context) -> None:
    """One <img>: shown, listed, made a placeholder, or removed when there is nothing safe to show."""
    src = clean_url(el.get("src"))
    url = web_url(src)
    local = local_image(src, ctx.base_dir) if url is None else None
    if local is None and (url is None or len(ctx.images) >= MAX_IMAGES):
        remove(el)  # javascript:, data:, file:, site-absolute or escaping paths, or too many: nothing to show
        return
    alt = one_line(el.get("alt"))[:80]
    width, height = _dimension(el.get("width")), _dimension(el.get("height"))
    _keep_only(el, alt, width, height)
    if local is not None:
        el.set("src", local)
        ctx.local_images.append(local)
        _mark_image_block(el)
        return
    assert url is not None
    remote = _remote_image(len(ctx.images), url, alt, width, height, ctx.labels)
    ctx.images.append(remote)
    if ctx.images_on:
        el.set("src", remote.resource)
        _mark_image_block(el)
        return
    box = placeholder(remote)
    box.tail = el.tail
    el.getparent().replace(el, box)


def placeholder(image: RemoteImage) -> Any:
    """What stands for a remote image while images are off: a compact box with its label and host."""
    box = lxml.html.Element("span", {"class": "imgph"})
    where = f" · {image.host}" if image.host else ""
    box.text = breakable(f"\u00a0▣ {image.label}{where}\u00a0")
    return box


def _dimension(value: str | None) -> int | None:
    if not value:
        return None
    value = value.strip().lower().removesuffix("px").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        return None
    number = int(value)
    return number if 0 < number <= MAX_IMAGE_SIDE else None


def _keep_only(el: Any, alt: str, width: int | None, height: int | None) -> None:
    """The image's attributes reduced to its alt text and sane dimensions (src is set by the caller)."""
    el.attrib.clear()
    if alt:
        el.set("alt", alt)
    if width:
        el.set("width", str(width))
    if height:
        el.set("height", str(height))


def _remote_image(
    number: int, url: str, alt: str, width: int | None, height: int | None, labels: Labels
) -> RemoteImage:
    """A remote image with what its placeholder says: a K-line chart's stock code, else its alt text."""
    host = host_of(url)
    kline_code = _kline_code(url, host, alt)
    if kline_code is not None:
        kind, label = "kline", f"{labels.kline} {kline_code}".strip()
    else:
        kind, label = "image", (alt if alt.lower() not in _GENERIC_ALTS else labels.image)
    return RemoteImage(number, url, alt, host, kind, label, width, height)


def _kline_code(url: str, host: str, alt: str) -> str | None:
    """The stock of an eastmoney K-line chart ("" when it does not say), None for any other image."""
    if "webquoteklinepic" not in host and not alt.startswith("K图"):
        return None
    nid = parse_qs(urlsplit(url).query).get("nid", [""])[0]
    m = _NID_RE.match(nid)
    if m:
        return m.group(2)
    m = _KLINE_ALT_RE.match(alt)
    return m.group(1) if m else ""


def _mark_image_block(el: Any) -> None:
    """Class "img" on the block holding a shown image (the stylesheet gives it no extra line height)."""
    parent = el.getparent()
    while parent is not None and parent.tag not in _IMAGE_BLOCKS:
        parent = parent.getparent()
    if parent is not None and parent.tag != "body":
        parent.set("class", "img")
