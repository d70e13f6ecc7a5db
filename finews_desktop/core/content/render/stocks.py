"""Stocks and boards a post mentions: eastmoney's quote spans and K-line links become `finews:stock/` links.

The header lists the record's stocks (read at import) with those found in the body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

import lxml.html

from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.rendered import Link, Stock, stock_link
from finews_desktop.core.content.render.text import as_list, one_line

# Attribute values: eastmoney quote spans data-code="1,600160" (market,code) and K-line links "601138|1|1".
_MARKET_CODE_RE = re.compile(r"^\s*(\d{1,3}),([A-Za-z0-9._]{1,12})\s*$")
_CODE_MARKET_RE = re.compile(r"^\s*([A-Za-z0-9._]{1,12})\|(\d{1,3})\|\d+\|?\s*$")


def stock_mention(el: Any, tag: str, data_code: str, ctx: Context) -> Literal["replaced", "kline"] | None:
    """An element with a `data-code` as a stock link; what became of it, None when it names no stock.

    "replaced": a quote span, replaced by a stock link with its text (nothing inside is left to clean);
    "kline": the K-line chart's link, now a stock link (what it holds, the chart, is still to clean).
    """
    m = _MARKET_CODE_RE.match(data_code)
    if m:  # <a class="keytip" data-code="1,600160">, <span class="em_stock_key_common" data-code="106,NIO">
        market, code = m.group(1), m.group(2)
        name = " ".join(el.text_content().split())[:60] or None
        ctx.add_stock(market, code, name)
        link = lxml.html.Element("a", {"href": stock_link(market, code), "class": "stock"})
        link.text = name or code
        link.tail = el.tail
        el.getparent().replace(el, link)
        ctx.links.append(Link(link.get("href"), link.text, "stock"))
        return "replaced"
    m = _CODE_MARKET_RE.match(data_code)
    if m and tag == "a":  # the K-line chart's link: data-code="601138|1|1"
        market, code = m.group(2), m.group(1)
        ctx.add_stock(market, code, None)
        el.attrib.clear()
        el.set("href", stock_link(market, code))
        el.set("class", "kline")
        ctx.links.append(Link(el.get("href"), " ".join(el.text_content().split()), "stock"))
        return "kline"
    return None


def post_stocks(record: Mapping[str, Any], ctx: Context) -> list[Stock]:
    """The record's stocks, then those only the body named; a name found in the body fills a missing one."""
    stocks: dict[tuple[str, str], Stock] = {}
    for item in as_list(record.get("stocks")):
        if isinstance(item, Mapping):
            market, code = one_line(item.get("market")), one_line(item.get("code"))
            name = one_line(item.get("name")) or None
        else:
            market, code = one_line(getattr(item, "market", "")), one_line(getattr(item, "code", ""))
            name = one_line(getattr(item, "name", None)) or None
        if market and code and (market, code) not in stocks:
            stocks[(market, code)] = Stock(market, code, name)
    for key, stock in ctx.stocks.items():
        known = stocks.get(key)
        if known is None or (known.name is None and stock.name):
            stocks[key] = stock
    return list(stocks.values())
