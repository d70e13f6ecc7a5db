"""Fuzzing the query parser and the HTML cleaner: no exception escapes, no hang, nothing unsafe comes out.

The normal suite runs a short profile; `FINEWS_FUZZ=long` (bench/fuzz.sh) runs
10,000 examples per target.
"""

from __future__ import annotations

import os

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finews_desktop.core.content.render import ImagePolicy, render_post
from finews_desktop.core.errors import QueryError
from finews_desktop.core.search.engine import parse_query

LONG = os.environ.get("FINEWS_FUZZ") == "long"
FUZZ = settings(
    max_examples=10_000 if LONG else 150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=not LONG
)

QUERY_PIECES = [
    "title:",
    "tag:",
    "category:",
    "stock:",
    "source:",
    "date:",
    "collection:",
    "is:",
    "has:",
    "OR",
    "-",
    '"',
    "“",
    "”",
    "(",
    ")",
    "..",
    ">",
    "<=",
    "2022-05",
    "2022-13-45",
    "碳",
    "光伏",
    "NIO",
    "600160",
    " ",
    "：",
    "edited",
    "trashed",
    "warning",
    "\\",
    "*",
    "\x00",
    "\u3000",
]

HTML_PIECES = [
    "<p>",
    "</p>",
    "<div style='display:none'>",
    "</div>",
    "<script>alert(1)</script>",
    "<style>",
    "<a href='javascript:alert(1)'>",
    '<a href="file:///etc/passwd">',
    "</a>",
    "<img src=x onerror=alert(1)>",
    "<img src='http://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=1.601138' alt='K图 601138_0'>",
    '<span id="stock_1.600160"><a class="keytip" data-code="1,600160">巨化股份</a></span>',
    "<iframe src='http://x'>",
    "<form><input></form>",
    "<table><tr><td>",
    "</td></tr></table>",
    "<!-- EM_StockImg_Start -->",
    "<!-- EM_StockImg_End -->",
    "> ",
    "[返回首页](//finews.example.com/)",
    "<http://finance.eastmoney.com/a/1.html>",
    "&lt;",
    "&amp;",
    "&#0;",
    "<",
    ">",
    "\n\n",
    "碳中和",
    "<svg onload=alert(1)>",
    "<object data=x>",
    "<a href='data:text/html,x'>",
    "<base href='http://x/'>",
    "<\\#@T>",  # an e-mail autolink: markdown spells it as &#N; references, its placeholders included
    "<a@b.cn>",
    "\x02",
]

RECORD = {
    "title": "标题",
    "date": "2022-05-20 17:01:37 +0800",
    "categories": ["emnews"],
    "tags": ["东财滚动新闻"],
    "stocks": [{"market": "1", "code": "600160", "name": "巨化股份"}],
    "source_url": "http://x.cn/a.html",
    "warnings": [],
    "path": "_posts/2022-05-20-a.md",
    "archive": "/nonexistent",
}


@FUZZ
@given(pieces=st.lists(st.sampled_from(QUERY_PIECES) | st.text(max_size=6), max_size=25))
def test_query_parser_never_raises_anything_but_query_error(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        parse_query(text)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text) and str(exc)


@FUZZ
@given(
    pieces=st.lists(st.sampled_from(HTML_PIECES) | st.text(max_size=20), max_size=40),
    images=st.sampled_from([ImagePolicy.OFF, ImagePolicy.ON]),
)
def test_html_cleaner_never_raises_or_lets_anything_unsafe_through(pieces: list[str], images: ImagePolicy) -> None:
    rendered = render_post(RECORD, "".join(pieces), images=images, base_dir=None)
    assert rendered.fallback != "error"  # "error" is a bug caught: the renderer logged a traceback
    doc = lxml.html.document_fromstring(rendered.html)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in {"script", "iframe", "form", "input", "object", "embed", "base", "svg"}, el.tag
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            if name.lower() in {"href", "src"}:
                scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
                assert scheme in {"", "http", "https", "finews", "finews-image"}, (el.tag, value)
