"""The import reads stocks by a regular expression where the markup is plain (newsitem._quick_stocks):
it must name exactly the mentions the lxml tree gives, and leave every body it is unsure of to lxml."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from finews_desktop.core.content import newsitem
from finews_desktop.core.content.newsitem import _quick_stocks, _text_and_stocks, read_news_item
from finews_desktop.core.jekyll.post import decode_post_bytes, split_front_matter

SPAN = (
    '<span id="stock_1.600160"><a href="http://quote.eastmoney.com/unify/r/1.600160" class="keytip" '
    'data-code="1,600160">巨化股份</a></span><span id="quote_1.600160"></span>'
)
KLINE = (
    '<p style="text-align:center;"><a href="http://quote.eastmoney.com/unify/r/1.601138" data-code="601138|1|1" '
    'class="EmImageRemark" target="_blank"><img src="https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=1.601138'
    '&imageType=k" border="0" alt="K图 601138_0" width="578" height="276" /></a></p>'
)


def lxml_stocks(body: str) -> list[newsitem.StockMention]:
    return _text_and_stocks(body)[1]


def test_finews_quote_spans_are_read_without_lxml() -> None:
    body = f"<p>今日{SPAN}上涨，{SPAN.replace('1,600160', '0,300750').replace('巨化股份', '宁德 时代')}。</p>{KLINE}"
    quick = _quick_stocks(body)
    assert quick is not None and quick == lxml_stocks(body)
    assert [(s.market, s.code, s.name) for s in quick] == [
        ("1", "600160", "巨化股份"),
        ("0", "300750", "宁德 时代"),
        ("1", "601138", None),
    ]
    assert _quick_stocks("<p>没有股票</p>") == []


def test_markup_a_regex_cannot_vouch_for_goes_to_lxml() -> None:
    unsure = [
        f"<!-- {SPAN} -->",  # a comment: no element at all
        f"<script>var s = '{SPAN}';</script>",
        '<a data-code="1,600160">巨化<b>股份</b></a>',  # markup in the name
        '<a data-code="1,600160">巨化&amp;股份</a>',  # an entity in the name
        '<br data-code="1,600160">巨化股份</br>',  # a void element has no text
        '<a title="data-code" data-code="1,600160">巨化股份</a>',  # data-code where it is not an attribute name
        '<a data-code="1,600160" data-code="0,300750">巨化股份</a>',
        '<a data-code="1,600160">巨化股份</p>',  # closed by another element
        "正文提到 data-code 这个词",
        '<td data-code="1,600160">巨化股份</td>',  # a table cell: lxml may reshape the table
    ]
    assert _quick_stocks('<a data-code="1,600160"/>巨化股份</a>') == lxml_stocks('<a data-code="1,600160"/>x</a>')
    for body in unsure:
        assert _quick_stocks(body) is None, body


def test_the_import_reads_the_same_stocks_as_lxml_in_the_finews_sample(finews_corpus: Path) -> None:
    quick = 0
    posts = sorted((finews_corpus / "_posts").iterdir())
    for path in posts:
        text = decode_post_bytes(path.read_bytes())[0]
        body = text[split_front_matter(text)[2] :]
        fast = read_news_item(body, path.name, with_text=False)
        full = read_news_item(body, path.name)
        assert fast.stocks == full.stocks, path.name
        assert (fast.source_url, fast.news_id) == (full.source_url, full.news_id)
        assert fast.plain_text == ""
        source = newsitem._MD_LINK_RE.sub(r"\1", newsitem._strip_markdown_lines(body)[0])
        quick += _quick_stocks(source) is not None
    assert quick >= 0.9 * len(posts)  # the regular expression reads nearly all of them


_names = st.sampled_from(
    ["巨化股份", "宁德 时代", " 工业富联 ", "", "NIO&amp;", "a<b>b</b>", "甲\u3000乙", "x>y", "a\r\nb", "\x85"]
)
_codes = st.sampled_from(
    ["1,600160", "0,300750", " 106,NIO ", "601138|1|1", "90|BK0493", "1,", "abc", "1,6001601234567"]
)
_tags = st.sampled_from(["a", "span", "A", "p", "td", "li", "br", "img", "div", "font", "table", "tr", "option", "b"])
_quotes = st.sampled_from(['"{}"', "'{}'", "{}"])
_attrs = st.sampled_from(["", ' class="keytip"', " href=http://x/a", " target='_blank'", ' title="a>b"', " hidden"])


@st.composite
def quote_element(draw: st.DrawFn) -> str:
    tag = draw(_tags)
    code = draw(_quotes).format(draw(_codes))
    eq = draw(st.sampled_from(["=", " = ", "\n=\t"]))
    name = draw(st.sampled_from(["data-code", "DATA-CODE", "Data-Code", "data-codex"]))
    close = draw(st.sampled_from([f"</{tag}>", f"</{tag.upper()} >", "</p>", "", "</span>"]))
    end = draw(st.sampled_from([">", ">", "/>", " />"]))
    return f"<{tag}{draw(_attrs)} {name}{eq}{code}{draw(_attrs)}{end}{draw(_names)}{close}"


_MARKUP = [SPAN, KLINE, "<p>", "</p>", "<br>", "<!-- c -->", "<script>", "</script>", "&nbsp;", "<", ">", "&"]
_MARKUP += ["\n", "data-code", "<table><tr>", "</tr></table>", "<ul><li>", "</li>", "<?xml?>", "\x0c", "<b>", "</a>"]
_fragments = st.one_of(
    quote_element(),
    st.sampled_from(_MARKUP),
    st.text(alphabet="碳中和 abc<>&=\"'/", max_size=8),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_fragments, max_size=12))
def test_quick_stocks_equal_lxml_whenever_they_answer(parts: list[str]) -> None:
    body = "".join(parts)
    quick = _quick_stocks(body)
    if quick is not None:
        assert quick == lxml_stocks(body)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["巨化", "a", "\n", "\r", "\t", "\x00", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\ufffe", "\uffff"]
        )
        | st.text(max_size=3),
        max_size=10,
    ),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]),
)
def test_the_xml_safety_read_from_the_bytes_is_the_texts(parts: list[str], encoding: str) -> None:
    text = "".join(parts)
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:  # lone surrogates: no file holds them
        return
    decoded, read_as, _utf8 = decode_post_bytes(raw)
    assert newsitem.is_xml_safe(raw, read_as, decoded) is (newsitem._XML_INCOMPATIBLE_RE.search(decoded) is None)


_NOT_PLAIN = "script style select svg noscript noembed noframes template textarea title xmp plaintext iframe"
_NOT_PLAIN += " html head body frame frameset object option math"


def test_every_raw_text_or_document_tag_goes_to_lxml_and_only_those() -> None:
    for name in _NOT_PLAIN.split():
        assert _quick_stocks(f"<p>甲</p><{name}>{SPAN}</{name}>") is None, name
        assert _quick_stocks(f"<p>甲</p></{name}>{SPAN}") is None, name
        assert _quick_stocks(f"<{name}x>{SPAN}</{name}x>") == lxml_stocks(SPAN), name  # another element's name
