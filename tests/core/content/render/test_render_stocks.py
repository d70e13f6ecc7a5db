"""render/stocks.py: eastmoney's quote spans and K-line links as stock links; the header's list of stocks."""

from __future__ import annotations

from types import SimpleNamespace

from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.markup import parse, serialize
from finews_desktop.core.content.render.rendered import Labels, Link, Stock
from finews_desktop.core.content.render.stocks import post_stocks, stock_mention


def context() -> Context:
    return Context(False, None, Labels(), deadline=float("inf"), source_url=None)


def test_a_quote_span_becomes_a_stock_link_with_its_name() -> None:
    ctx = context()
    body = parse('<p>看<span class="em_stock_key_common" data-code="106,NIO"> 蔚 <b>来</b> </span>。</p>')
    span = body.find(".//span")
    assert stock_mention(span, "span", span.get("data-code"), ctx) == "replaced"
    assert serialize(body) == '<p>看<a href="finews:stock/106.NIO" class="stock">蔚 来</a>。</p>'
    assert ctx.stocks == {("106", "NIO"): Stock("106", "NIO", "蔚 来")}
    assert ctx.links == [Link("finews:stock/106.NIO", "蔚 来", "stock")]


def test_a_kline_link_stays_a_link_around_its_chart() -> None:
    ctx = context()
    body = parse('<a href="http://quote.eastmoney.com/x" data-code="601138|1|1" target="_blank"><img src="k.png"></a>')
    a = body.find("a")
    assert stock_mention(a, "a", a.get("data-code"), ctx) == "kline"
    assert dict(a.attrib) == {"href": "finews:stock/1.601138", "class": "kline"} and a.find("img") is not None
    assert ctx.stocks == {("1", "601138"): Stock("1", "601138", None)}


def test_other_data_codes_are_left_alone() -> None:
    ctx = context()
    body = parse('<span data-code="601138|1|1">x</span><img data-code="K 601138|1|1"><b data-code="nonsense">y</b>')
    for el in list(body):
        assert stock_mention(el, el.tag, el.get("data-code"), ctx) is None
    assert not ctx.stocks and not ctx.links and len(body) == 3


def test_post_stocks_lists_the_records_first_and_fills_names_from_the_body() -> None:
    ctx = context()
    ctx.add_stock("1", "600160", "巨化股份")
    ctx.add_stock("0", "300750", "宁德时代")
    record = {
        "stocks": [
            {"market": "1", "code": "600160", "name": None},
            SimpleNamespace(market="106", code="NIO", name="蔚来"),
            {"market": "", "code": "x"},
            None,
        ]
    }
    assert post_stocks(record, ctx) == [
        Stock("1", "600160", "巨化股份"),
        Stock("106", "NIO", "蔚来"),
        Stock("0", "300750", "宁德时代"),
    ]
