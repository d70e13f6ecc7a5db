"""What a render gives back (`RenderedPost` and its parts), what the caller chooses, and the preview's own links."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

STOCK_LINK_PREFIX = "finews:stock/"
LOAD_IMAGES_LINK = "finews:images/load"
IMAGE_RESOURCE_SCHEME = "finews-image"


class ImagePolicy(enum.Enum):
    """What happens to remote (http/https) images; local images next to the post are always shown."""

    OFF = "off"  # a placeholder box; nothing is fetched
    ON = "on"  # <img src="finews-image:<n>">, resolved by the widget from its cache


@dataclass(frozen=True)
class Labels:
    """The words of the header and placeholders, translated by the caller. `{n}` is replaced by a number."""

    untitled: str = "(untitled)"
    stocks: str = "Stocks"
    source_link: str = "Source"
    kline: str = "K线图"
    image: str = "Image"
    images_off: str = "Remote images not loaded: {n}."
    load_images: str = "Load images"
    more_rows: str = "… {n} more rows are not shown."
    fallback: str = "This post is too large or too complex to show formatted; here is its text."
    truncated: str = "Only the first {n} characters are shown."


@dataclass(frozen=True)
class RemoteImage:
    """A remote image of the post; `resource` is its name in the document when images are on."""

    id: int
    url: str
    alt: str
    host: str
    kind: str  # "kline" (an eastmoney K-line chart) or "image"
    label: str  # what the placeholder says, e.g. "K线图 601138"
    width: int | None = None
    height: int | None = None

    @property
    def resource(self) -> str:
        return f"{IMAGE_RESOURCE_SCHEME}:{self.id}"


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    kind: str  # "web" (http/https), "stock" (finews:stock/…), "action" (finews:images/load)


@dataclass(frozen=True)
class Stock:
    market: str
    code: str
    name: str | None

    @property
    def link(self) -> str:
        return stock_link(self.market, self.code)


@dataclass(frozen=True)
class RenderedPost:
    html: str
    plain_text: str
    images: tuple[RemoteImage, ...] = ()
    local_images: tuple[str, ...] = ()  # file: URLs of images next to the post
    links: tuple[Link, ...] = ()
    stocks: tuple[Stock, ...] = ()
    # None, or why the body is plain text: too_large, too_deep, too_complex, too_slow, error
    fallback: str | None = None
    seconds: float = field(default=0.0, compare=False)


def stock_link(market: str, code: str) -> str:
    return f"{STOCK_LINK_PREFIX}{market}.{code}"


def internal_link_target(url: str) -> tuple[str, str] | None:
    """("stock", "1.600160") for a stock link, ("images", "load") for the load link, else None."""
    if url.startswith(STOCK_LINK_PREFIX):
        target = url[len(STOCK_LINK_PREFIX) :]
        market, dot, code = target.partition(".")
        if dot and market and code:
            return "stock", target
        return None
    if url == LOAD_IMAGES_LINK:
        return "images", "load"
    return None


def image_resource_id(url: str) -> int | None:
    """n for "finews-image:<n>", else None."""
    scheme, colon, rest = url.partition(":")
    if colon and scheme == IMAGE_RESOURCE_SCHEME and rest.isascii() and rest.isdigit():
        return int(rest)
    return None
