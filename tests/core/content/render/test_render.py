"""render_post (core/content/render/): the preview's HTML — header, markdown, one test per cleaning rule, images, links, the seed posts."""

from __future__ import annotations

import re
import socket
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from finews_desktop.core.content import newsitem, render
from finews_desktop.core.content.render import ImagePolicy, Labels, document
from finews_desktop.core.jekyll import post as jekyll

TZ = ZoneInfo("Asia/Shanghai")
CSS = Path(__file__).resolve().parents[4] / "resources" / "preview" / "preview.css"

KEYTIP = (
    '<p>具体来看，<span id="stock_1.600160"><a href="http://quote.eastmoney.com/unify/r/1.600160" class="keytip" '
    'data-code="1,600160">巨化股份</a></span><span id="quote_1.600160"></span>已有产品。</p>'
)
COMMON = (
    '<p>这标志着<span web="1" href="http://quote.eastmoney.com/unify/r/106.NIO" class="em_stock_key_common" '
    'data-code="106,NIO">蔚来</span>成为首家。</p>'
)
BOARD = (
    '<p>超低GWP制冷剂的<span id="bk_90.BK0493"><a href="http://quote.eastmoney.com/unify/r/90.BK0493" class="keytip" '
    'data-code="90,BK0493">新能源</a></span><span id="bkquote_90.BK0493"></span>汽车来了！</p>'
)
KLINE = (
    '<p style="display:none;height:1px;overflow:hidden;"><br /></p><!-- EM_StockImg_Start --><p style="text-align:center;">'
    '<a href="http://quote.eastmoney.com/unify/r/1.601138" data-code="601138|1|1" data-code2="601138|1|2|" '
    'class="EmImageRemark" target="_blank"><img src="https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=1.601138'
    '&imageType=k&token=28dfeb41d35cc81d84b4664d7c23c49f&at=1" border="0" alt="K图 601138_0" data-code="K 601138|1|1" '
    'style="border:#d1d1d1 1px solid;" width="578" height="276" /></a></p><!-- EM_StockImg_End --><p>正文。</p>'
)
PHOTO = (
    '<center><img src="https://dfscdn.dfcfw.com/download/D24676903417074885805_w800h555.jpg" alt="Image" '
    'width="552" style="border:#d1d1d1 1px solid;padding:3px;margin:5px 0;" /></center>'
)


def still() -> float:
    """A clock that never moves: these tests check what is rendered, not the time budget, so a loaded
    machine cannot turn a post into its plain-text fallback (test_render_hostile.py tests the deadlines)."""
    return 0.0


def render_post(record: object, body: object, **kw: object) -> render.RenderedPost:
    kw.setdefault("clock", still)
    return render.render_post(record, body, **kw)  # type: ignore[arg-type]


def body_of(rendered: render.RenderedPost) -> str:
    """The HTML after the header table."""
    return rendered.html.split("</td></tr></table>", 1)[1]


def tree_of(rendered: render.RenderedPost) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(rendered.html)


def body_tree(html_body: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(f"<div>{html_body}</div>")


def render_body(body: str, **kw) -> render.RenderedPost:
    return render_post({"title_text": "t"}, body, **kw)


def record_and_body(path: Path) -> tuple[dict, str]:
    """What Library.post_record() holds for a post file (the same reader and news-item code), and its body."""
    raw = path.read_bytes()
    post = jekyll.parse_post(raw, f"_posts/{path.name}", TZ, datetime(2026, 1, 1, tzinfo=TZ))
    item = newsitem.read_news_item(post.body, path.name)
    record = {
        "title_text": jekyll.ruby_to_s(post.title) if post.title is not None else "",
        "date": jekyll.format_date(post.date, TZ) if post.date else "",
        "categories": post.categories,
        "tags": post.tags,
        "stocks": [{"market": s.market, "code": s.code, "name": s.name} for s in item.stocks],
        "source_url": item.source_url,
        "warnings": [{"code": w.code, "message": w.message} for w in post.warnings],
    }
    return record, post.body


# --- the document and its header ---------------------------------------------------------


def test_a_complete_document_with_the_stylesheet_embedded() -> None:
    rendered = render_body("正文")
    assert rendered.html.startswith("<html><head>")
    assert rendered.html.endswith("</body></html>")
    assert CSS.read_text(encoding="utf-8") in rendered.html
    assert rendered.fallback is None
    assert render.preview_css() == CSS.read_text(encoding="utf-8")


def test_a_stylesheet_can_be_passed_instead() -> None:
    rendered = render_post({}, "x", stylesheet="p { color: red; }")
    assert '<style type="text/css">p { color: red; }</style>' in rendered.html
    assert CSS.read_text(encoding="utf-8") not in rendered.html


def test_header_title_date_source_tags_stocks_and_source_link() -> None:
    record = {
        "title_text": "工业富联首次发布碳中和白皮书",
        "date": "2022-05-20 17:01:37 +0800",
        "categories": ["zhengquanribaowang"],
        "category_names": {"zhengquanribaowang": "证券日报网新闻"},
        "tags": ["证券日报网新闻", "碳中和"],
        "stocks": [{"market": "1", "code": "601138", "name": "工业富联"}],
        "source_url": "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202205202386666750",
    }
    rendered = render_post(record, "正文")
    tree = tree_of(rendered)
    assert tree.xpath("string(//h1[@class='title'])") == "工业富联首次发布碳中和白皮书"
    assert tree.xpath("string(//p[@class='meta'])") == "2022-05-20 17:01:37 +0800 · 证券日报网新闻"
    chips = [" ".join(s.text_content().split()) for s in tree.xpath("//span[@class='chip']")]
    assert chips == ["证券日报网新闻", "碳中和"]
    stock = tree.xpath("//p[@class='stocks']/a")[0]
    assert (stock.get("href"), stock.text, stock.get("class")) == ("finews:stock/1.601138", "工业富联", "stock")
    source = tree.xpath("//p[@class='source']/a")[0]
    assert source.get("href") == record["source_url"]
    assert [s.link for s in rendered.stocks] == ["finews:stock/1.601138"]
    assert ("finews:stock/1.601138", "stock") in {(link.url, link.kind) for link in rendered.links}
    assert rendered.plain_text.splitlines()[:2] == [
        "工业富联首次发布碳中和白皮书",
        "2022-05-20 17:01:37 +0800 · 证券日报网新闻",
    ]


def test_category_display_names_as_a_list_and_missing() -> None:
    listed = render_post({"categories": ["emnews", "b"], "category_names": ["东财滚动新闻"]}, "")
    assert tree_of(listed).xpath("string(//p[@class='meta'])") == "东财滚动新闻 · b"
    bare = render_post({"categories": "emnews"}, "")
    assert tree_of(bare).xpath("string(//p[@class='meta'])") == "emnews"


def test_header_text_is_escaped_and_labels_are_the_callers() -> None:
    record = {
        "title_text": "<script>alert(1)</script>",
        "tags": ['"><img src=x>'],
        "stocks": [{"market": "1", "code": "600160", "name": None}],
    }
    rendered = render_post(record, "", labels=Labels(stocks="相关股票", untitled="无题"))
    assert "<script>" not in rendered.html and "<img" not in rendered.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert "相关股票" in rendered.html
    assert "无题" in render_post({"title_text": ""}, "", labels=Labels(untitled="无题")).html


def test_jekyll_warnings_are_shown() -> None:
    rendered = render_post({"warnings": [{"code": "x", "message": "Jekyll does not build this file"}]}, "")
    assert tree_of(rendered).xpath("string(//p[@class='warning'])").endswith("Jekyll does not build this file")


# --- markdown -------------------------------------------------------------------------------


def test_markdown_with_raw_html_blocks_kept() -> None:
    body = "> 摘要一句话。\n\n<p>原文 <b>加粗</b></p>\n\n普通段落，[链接](https://example.com/a)。\n\n<http://finance.eastmoney.com/a/1.html>"
    tree = body_tree(body_of(render_body(body)))
    assert tree.xpath("string(blockquote)").strip() == "摘要一句话。"
    assert tree.xpath("string(p/b)") == "加粗"
    assert [a.get("href") for a in tree.iter("a")] == ["https://example.com/a", "http://finance.eastmoney.com/a/1.html"]


def test_markdown_tables() -> None:
    tree = body_tree(body_of(render_body("| 代码 | 名称 |\n|---|---|\n| 600160 | 巨化股份 |\n")))
    assert tree.xpath("string(//th[1])") == "代码"
    assert tree.xpath("string(//td[2])") == "巨化股份"


def test_copied_text_keeps_a_table_row_on_one_line_with_its_cells_apart() -> None:
    rendered = render_body(
        "<table><tr><th>代码</th><th>名称</th></tr><tr><td>600160</td><td>巨化股份</td></tr></table>"
    )
    assert rendered.plain_text.splitlines()[-2:] == ["代码 名称", "600160 巨化股份"]


# --- cleaning: one test per rule -----------------------------------------------------------


@pytest.mark.parametrize(
    "hidden",
    [
        '<p style="display:none;height:1px;overflow:hidden;">秘密</p>',
        '<div style="DISPLAY : None !important">秘密</div>',
        '<span style="color:red; /* x */ display:none">秘密</span>',
        '<p style="visibility:hidden">秘密</p>',
        "<p hidden>秘密</p>",
        '<div hidden="hidden"><p>秘密</p></div>',
    ],
)
def test_hidden_elements_are_removed_and_the_text_after_them_kept(hidden: str) -> None:
    rendered = render_body(f"<div>前{hidden}后</div>")
    assert "秘密" not in rendered.html and "秘密" not in rendered.plain_text
    assert "前" in rendered.plain_text and "后" in rendered.plain_text


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert('危险')</script>",
        "<style>p { color: red } /* 危险 */</style>",
        '<form action="http://evil.example/"><p>危险</p><input name="q" value="危险"></form>',
        '<input type="text" value="危险">',
        '<button onclick="x()">危险</button>',
        '<iframe src="http://evil.example/">危险</iframe>',
        '<object data="http://evil.example/x.swf">危险</object>',
        '<embed src="http://evil.example/x.swf">',
        "<textarea>危险</textarea><select><option>危险</option></select>",
        "<svg><text>危险</text></svg><noscript>危险</noscript>",
        '<link rel="stylesheet" href="http://evil.example/x.css"><meta http-equiv="refresh" content="0;url=http://evil.example/">',
    ],
)
def test_active_and_form_elements_are_removed_with_their_content(markup: str) -> None:
    rendered = render_body(f"<div>前{markup}后</div>")
    body = body_of(rendered)
    for tag in (
        "script",
        "style",
        "form",
        "input",
        "button",
        "iframe",
        "object",
        "embed",
        "textarea",
        "svg",
        "link",
        "meta",
    ):
        assert f"<{tag}" not in body
    assert "危险" not in rendered.html and "evil.example" not in rendered.html
    assert "前后" in rendered.plain_text.replace("\n", "")


def test_event_attributes_are_removed() -> None:
    body = (
        '<p onclick="steal()" onmouseover="steal()">段落</p><img src="https://a.example/x.png" onerror="steal()">'
        '<a href="https://a.example/" onClick="steal()" ONFOCUS="steal()">链接</a><b onload=steal()>粗</b>'
    )
    for policy in ImagePolicy:
        html = body_of(render_body(body, images=policy))
        assert "steal" not in html and " on" not in html.lower().replace(" one", "")
        for el in body_tree(html).iter():
            assert not [name for name in el.attrib if name.lower().startswith("on")]


def test_styles_outside_the_allow_list_are_removed() -> None:
    body = (
        '<p style="text-align:center; color:#000; background-image:url(http://evil.example/x.png); '
        'position:fixed; font-weight: BOLD; width: expression(alert(1))">居中</p>'
        '<p style="background: url(http://evil.example/y.png)">背景</p>'
        '<span style="font-style:italic;text-decoration:underline;font-size:72px">斜体</span>'
    )
    html = body_of(render_body(body))
    styles = [el.get("style") for el in body_tree(html).iter() if el.get("style")]
    assert styles == ["text-align: center; font-weight: bold", "font-style: italic; text-decoration: underline"]
    assert "evil.example" not in html and "expression" not in html


def test_only_allow_listed_attributes_survive() -> None:
    body = (
        '<p class="keytip" id="x" data-x="1" align="center" title="t" lang="zh">段</p>'
        '<table border="1" background="http://evil.example/bg.png" bgcolor="red"><tr bgcolor="red">'
        '<td colspan="2" width="50%" background="http://evil.example/c.png">格</td></tr></table>'
        '<body background="http://evil.example/b.png"></body>'
    )
    html = body_of(render_body(body))
    assert "evil.example" not in html
    tree = body_tree(html)
    assert dict(tree.find("p").attrib) == {"align": "center"}
    assert dict(tree.find(".//td").attrib) == {"colspan": "2"}
    assert dict(tree.find(".//table").attrib) == {}


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " \tjava\nscript:alert(1)",
        "&#106;avascript:alert(1)",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "FILE://C:/Windows/win.ini",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "../emnews/",
        "./x.html",
        "/abs/path",
        "#frag",
        "mailto:a@example.com",
        "finews:stock/1.600160",
        "finews:images/load",
        "http://",
        "",
    ],
)
def test_links_that_are_not_http_become_plain_text(href: str) -> None:
    rendered = render_body(f'<p>前<a href="{href}">链接文字</a>后</p>')
    html = body_of(rendered)
    assert "<a" not in html
    assert "前链接文字后" in rendered.plain_text
    assert not [link for link in rendered.links if link.text == "链接文字"]


def test_http_links_are_kept_and_listed() -> None:
    body = '<p><a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="x">一</a> <a href="//example.org/p">二</a></p>'
    rendered = render_body(body)
    anchors = [(a.get("href"), a.text, dict(a.attrib)) for a in body_tree(body_of(rendered)).iter("a")]
    assert anchors == [
        ("https://example.com/a?b=1&c=2", "一", {"href": "https://example.com/a?b=1&c=2"}),
        ("https://example.org/p", "二", {"href": "https://example.org/p"}),
    ]
    assert [(link.url, link.kind) for link in rendered.links] == [
        ("https://example.com/a?b=1&c=2", "web"),
        ("https://example.org/p", "web"),
    ]


@pytest.mark.parametrize(
    "src",
    [
        "javascript:alert(1)",
        "vbscript:x",
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "DATA:image/svg+xml,<svg onload=alert(1)>",
        "finews-image:0",
        "qrc:/icons/x.png",
    ],
)
def test_images_with_unsafe_urls_are_removed(src: str) -> None:
    for policy in ImagePolicy:
        rendered = render_body(f'<p>前<img src="{src}" alt="图">后</p>', images=policy)
        html = body_of(rendered)
        assert "<img" not in html and "imgph" not in html
        assert rendered.images == () and rendered.local_images == ()


def test_eastmoney_stock_spans_become_quiet_internal_links() -> None:
    rendered = render_body(KEYTIP + COMMON + BOARD)
    tree = body_tree(body_of(rendered))
    anchors = [(a.get("href"), a.get("class"), a.text) for a in tree.iter("a")]
    assert anchors == [
        ("finews:stock/1.600160", "stock", "巨化股份"),
        ("finews:stock/106.NIO", "stock", "蔚来"),
        ("finews:stock/90.BK0493", "stock", "新能源"),
    ]
    assert "quote.eastmoney.com" not in body_of(rendered)
    assert "<span" not in body_of(rendered)  # the id-only wrappers and the empty quote spans are gone
    assert [(s.market, s.code, s.name) for s in rendered.stocks] == [
        ("1", "600160", "巨化股份"),
        ("106", "NIO", "蔚来"),
        ("90", "BK0493", "新能源"),
    ]
    assert "具体来看，巨化股份已有产品。" in rendered.plain_text
    assert render.internal_link_target("finews:stock/106.NIO") == ("stock", "106.NIO")


def test_a_stock_span_inside_a_link_stays_text() -> None:
    body = '<p><a href="https://example.com/">看<span data-code="1,600160">巨化股份</span></a></p>'
    anchors = list(body_tree(body_of(render_body(body))).iter("a"))
    assert [(a.get("href"), a.text_content()) for a in anchors] == [("https://example.com/", "看巨化股份")]


def test_return_links_at_the_end_are_dropped_from_the_view() -> None:
    variants = [
        "[返回东财滚动新闻](../emnews/)\n[返回首页](../)",
        "[返回东财滚动新闻](./emnews/)\n[返回首页](./)",
        "[返回东财滚动新闻](//finews.zning.me/emnews/)\n[返回首页](//finews.zning.me/)",
        "[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)",
        "[返回证券日报网新闻](//finews.withounder.com/category/zhengquanribaowang.html)｜[返回首页](//finews.withounder.com/)",
        "[返回东财滚动新闻](//finews.withounder.com/emnews/)\n\n[返回首页](//finews.withounder.com/)",
    ]
    source = "http://finance.eastmoney.com/news/1354,202112082206736549.html"
    for links in variants:
        body = f"正文一段。\n\n<{source}>\n\n{links}"
        rendered = render_post({"source_url": source}, body)
        html = body_of(rendered)
        assert "返回" not in html and "返回" not in rendered.plain_text, links
        assert source not in html  # the source line moved to the header
        assert "正文一段。" in rendered.plain_text
        assert tree_of(rendered).xpath("//p[@class='source']/a/@href") == [source]


def test_the_empty_source_line_and_return_links_are_dropped() -> None:
    rendered = render_body("正文。\n\n<>\n\n[返回东财滚动新闻](../emnews/)\n[返回首页](../)")
    assert body_tree(body_of(rendered)).text_content().strip() == "正文。"


def test_return_links_inside_the_text_and_other_trailing_links_are_kept() -> None:
    body = "[返回首页](https://example.com/) 不是结尾。\n\n最后一段 [原文](https://example.com/a)"
    html = body_of(render_body(body))
    assert "返回首页" in html and "原文" in html
    # a source line that is not this post's source link stays
    other = body_of(render_post({"source_url": "http://a.example/1"}, "正文\n\n<http://b.example/2>"))
    assert "http://b.example/2" in other


def test_remote_images_off_become_placeholders_with_alt_and_host() -> None:
    rendered = render_body(KLINE + PHOTO + '<p><img src="https://img.example.com/a.png" alt="走势图"></p>')
    html = body_of(rendered)
    assert "<img" not in html
    boxes = [" ".join(s.text_content().split()) for s in body_tree(html).xpath("//span[@class='imgph']")]
    assert boxes == [
        "▣ K线图 601138 · webquoteklinepic.eastmoney.com",
        "▣ Image · dfscdn.dfcfw.com",
        "▣ 走势图 · img.example.com",
    ]
    assert [(i.id, i.kind, i.host, i.label) for i in rendered.images] == [
        (0, "kline", "webquoteklinepic.eastmoney.com", "K线图 601138"),
        (1, "image", "dfscdn.dfcfw.com", "Image"),
        (2, "image", "img.example.com", "走势图"),
    ]
    assert rendered.images[0].url.startswith("https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=1.601138&")
    # the K-line chart links to its stock; the header offers to load the images
    assert body_tree(html).xpath("//a[@class='kline']/@href") == ["finews:stock/1.601138"]
    notice = tree_of(rendered).xpath("//p[@class='notice']")[0]
    assert "3" in notice.text_content() and notice.find("a").get("href") == render.LOAD_IMAGES_LINK
    assert render.internal_link_target(render.LOAD_IMAGES_LINK) == ("images", "load")


def test_remote_images_on_are_finews_image_resources_with_the_same_ids() -> None:
    body = KLINE + PHOTO
    off = render_body(body)
    on = render_body(body, images=ImagePolicy.ON)
    assert on.images == off.images
    imgs = [dict(i.attrib) for i in body_tree(body_of(on)).iter("img")]
    assert imgs == [
        {"alt": "K图 601138_0", "width": "578", "height": "276", "src": "finews-image:0"},
        {"alt": "Image", "width": "552", "src": "finews-image:1"},
    ]
    assert [render.image_resource_id(i["src"]) for i in imgs] == [0, 1]
    assert on.images[1].resource == "finews-image:1"
    assert render.image_resource_id("finews-image:x") is None and render.image_resource_id("http://x/1") is None
    assert "imgph" not in body_of(on) and render.LOAD_IMAGES_LINK not in on.html


def test_relative_images_resolve_inside_base_dir_only(tmp_path: Path) -> None:
    posts = tmp_path / "site" / "_posts"
    posts.mkdir(parents=True)
    body = (
        '<p><img src="img/chart%201.png" alt="本地"></p>'
        '<p><img src="../../secret.png"></p><p><img src="img/../../../x.png"></p>'
        '<p><img src="/assets/x.png"></p><p><img src="C:/x.png"></p><p><img src="."></p>'
        '<p><a href="img/chart.png">本地链接</a></p>'
    )
    rendered = render_post({}, body, base_dir=posts)
    expected = (posts / "img" / "chart 1.png").as_uri()
    assert rendered.local_images == (expected,)
    imgs = [i.get("src") for i in body_tree(body_of(rendered)).iter("img")]
    assert imgs == [expected]
    assert "本地链接" in rendered.plain_text and "file:" not in "".join(
        a.get("href", "") for a in tree_of(rendered).iter("a")
    )
    # without a base_dir nothing local is shown
    assert render_post({}, body).local_images == ()


def test_post_folder_is_the_folder_of_a_post_on_disk(tmp_path: Path) -> None:
    root = str(tmp_path / "site")
    assert render.post_folder({"archive": root, "path": "_posts/2022-05-20-x.md"}) == str(tmp_path / "site" / "_posts")
    assert render.post_folder({"archive": root, "path": "news/_posts/a/b.md"}) == str(
        tmp_path / "site" / "news" / "_posts" / "a"
    )
    for record in (
        {"archive": "synthetic://finews", "path": "_posts/x.md"},
        {"archive": f"{tmp_path}/a.zip!/site", "path": "_posts/x.md"},
        {"archive": "relative/site", "path": "_posts/x.md"},
        {"archive": root, "path": "../../etc/x.md"},
        {"archive": root},
        {},
    ):
        assert render.post_folder(record) is None, record


def test_long_unbroken_runs_get_break_opportunities_but_chinese_text_does_not() -> None:
    url = "https://example.com/" + "a" * 120
    number = "1" * 90
    chinese = "中文" * 200
    rendered = render_body(f"<p>{number}</p><p>{chinese}</p><p><a href='{url}'>{url}</a></p>")
    html = body_of(rendered)
    paragraphs = body_tree(html).findall("p")
    assert render.ZWSP in paragraphs[0].text and paragraphs[0].text.replace(render.ZWSP, "") == number
    assert max(len(part) for part in paragraphs[0].text.split(render.ZWSP)) <= render.MAX_RUN
    assert render.ZWSP not in paragraphs[1].text
    anchor = paragraphs[2].find("a")
    assert anchor.get("href") == url and render.ZWSP in anchor.text
    assert render.ZWSP not in rendered.plain_text and number in rendered.plain_text and url in rendered.plain_text


def test_long_tables_are_cut_with_a_note() -> None:
    rows = "".join(f"<tr><td>{i}</td><td>x</td></tr>" for i in range(render.MAX_TABLE_ROWS + 123))
    rendered = render_body(f"<table><tbody>{rows}</tbody></table>")
    tree = body_tree(body_of(rendered))
    trs = tree.findall(".//tr")
    assert len(trs) == render.MAX_TABLE_ROWS + 1
    assert trs[-1].find("td").get("class") == "more" and "123" in trs[-1].text_content()
    assert rendered.fallback is None


def test_spans_are_clamped_and_deeply_nested_tables_flattened() -> None:
    html = body_of(render_body('<table><tr><td colspan="100000" rowspan="x">a</td></tr></table>'))
    assert dict(body_tree(html).find(".//td").attrib) == {"colspan": str(render.MAX_SPAN)}
    nested = "<table><tr><td>" * 6 + "核心" + "</td></tr></table>" * 6
    rendered = render_body(nested)
    tree = body_tree(body_of(rendered))
    assert len(tree.xpath("//table")) == render.MAX_TABLE_NESTING
    assert "核心" in rendered.plain_text


def test_deep_nesting_is_flattened_and_unknown_tags_unwrapped() -> None:
    body = "<div>" * 200 + "深处" + "</div>" * 200 + "<article><section>块</section></article><font color=red>字</font>"
    rendered = render_body(body)
    tree = body_tree(body_of(rendered))
    depth, stack = 0, [(child, 1) for child in tree]
    while stack:
        el, d = stack.pop()
        depth = max(depth, d)
        stack.extend((child, d + 1) for child in el)
    assert 20 < depth <= render.MAX_DEPTH
    assert "深处" in rendered.plain_text and "块" in rendered.plain_text
    assert "<font" not in body_of(rendered) and "<article" not in body_of(rendered)


def test_control_characters_and_lone_surrogates_do_not_break_rendering() -> None:
    body = "前\x00\x01\x02\x03\x1b中\ud800后 <b>粗\x0b</b>"
    rendered = render_body(body)
    assert rendered.fallback is None
    assert "前" in rendered.plain_text and "后" in rendered.plain_text


@pytest.mark.parametrize(
    "record",
    [
        {},
        {"title": 2022, "date": None, "categories": None, "tags": "单个", "stocks": None, "warnings": ["text"]},
        {"title_text": None, "tags": [None, 1, ["嵌", "套"]], "stocks": [{"market": None}], "category_names": 5},
        {"source_url": "javascript:alert(1)", "stocks": "nope", "categories": [{"a": 1}]},
        None,
    ],
)
def test_odd_records_never_raise(record: object) -> None:
    rendered = render_post(record, "正文")  # type: ignore[arg-type]
    assert "正文" in rendered.plain_text
    assert "javascript:" not in rendered.html


def test_a_failing_cleaner_falls_back_to_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(document, "clean", boom)
    rendered = render_body("<p>正文 <script>x()</script></p>")
    assert rendered.fallback == "error"
    assert "正文" in rendered.plain_text and "<script" not in rendered.html
    assert '<p class="plain">' in rendered.html


def test_render_is_thread_safe() -> None:
    bodies = [KEYTIP + KLINE + f"<p>{i}</p>" for i in range(40)]
    expected = [render_body(b).html for b in bodies]
    results: dict[int, str] = {}

    def work(i: int) -> None:
        results[i] = render_body(bodies[i]).html

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[i] for i in range(len(bodies))] == expected


# --- purity: no network ------------------------------------------------------------------


def test_render_never_opens_a_socket(monkeypatch: pytest.MonkeyPatch, finews_corpus: Path) -> None:
    opened: list[object] = []

    class NoSocket(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            opened.append(args)
            raise AssertionError("render opened a socket")

    def no_resolve(*args: object, **kwargs: object) -> None:
        opened.append(args)
        raise AssertionError("render resolved a host name")

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", no_resolve)
    monkeypatch.setattr(socket, "getaddrinfo", no_resolve)
    bodies = [record_and_body(p) for p in sorted((finews_corpus / "_posts").glob("*.md"))]
    bodies.append(({}, '<link rel="stylesheet" href="http://a.example/x.css"><img src="http://a.example/x.png">'))
    for record, body in bodies:
        for policy in ImagePolicy:
            render_post(record, body, images=policy)
    assert opened == []


# --- the finews seed posts -----------------------------------------------------------------


def test_seed_post_2022_05_20(finews_corpus: Path) -> None:
    record, body = record_and_body(finews_corpus / "_posts" / "2022-05-20-202205202386666750.md")
    rendered = render_post(record, body)
    assert rendered.fallback is None
    tree = tree_of(rendered)
    assert tree.xpath("string(//h1)") == "明确行动目标达成方案 工业富联首次发布碳中和白皮书"
    assert tree.xpath("string(//p[@class='meta'])").startswith("2022-05-20 17:01:37 +0800")
    html = body_of(rendered)
    assert "K线图 601138 · webquoteklinepic.eastmoney.com" in " ".join(body_tree(html).text_content().split())
    assert "finews:stock/1.601138" in html
    assert "返回" not in rendered.html and "返回" not in rendered.plain_text
    assert "display:none" not in rendered.html and "<img" not in html
    assert "（文章来源：证券日报网）" in rendered.plain_text
    assert tree.xpath("//p[@class='source']/a/@href") == [
        "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202205202386666750"
    ]


def test_seed_post_202205262391921712(finews_corpus: Path) -> None:
    record, body = record_and_body(finews_corpus / "_posts" / "-202205262391921712.md")
    rendered = render_post(record, body)
    assert rendered.fallback is None
    tree = tree_of(rendered)
    assert tree.xpath("string(//h1)") == Labels().untitled  # title: ""
    html = body_of(rendered)
    body_links = {a.get("href"): a.text for a in body_tree(html).iter("a") if a.get("class") == "stock"}
    assert body_links == {
        "finews:stock/90.BK0493": "新能源",
        "finews:stock/106.NIO": "蔚来",
        "finews:stock/1.600160": "巨化股份",
        "finews:stock/0.300343": "联创股份",
        "finews:stock/1.600636": "国新文化",
        "finews:stock/90.BK0839": "知识产权",
        "finews:stock/90.BK0473": "证券",
    }
    assert "quote.eastmoney.com/unify" not in html
    assert [i.kind for i in rendered.images] == ["kline", "image", "image", "image"]
    assert "K线图 NIO · webquoteklinepic.eastmoney.com" in " ".join(body_tree(html).text_content().split())
    assert "返回" not in rendered.html and "返回" not in rendered.plain_text
    assert "&lt;&gt;" not in html
    assert body_tree(html).xpath("string(blockquote)").strip().startswith("据霍尼韦尔官网消息")
    # the Jekyll warnings of this malformed post are in the header
    assert tree.xpath("//p[@class='warning']")


def test_every_corpus_post_renders(finews_corpus: Path) -> None:
    for path in sorted((finews_corpus / "_posts").glob("*.md")):
        record, body = record_and_body(path)
        rendered = render_post(record, body)
        assert rendered.fallback is None, path.name
        assert "返回首页" not in rendered.html, path.name
        assert not re.search(r"<(script|style|iframe)\b", body_of(rendered)), path.name


# --- the stylesheet is written for Qt's rich text subset ---------------------------------------

QT_CSS_PROPERTIES = {
    "background-color", "background-image", "color", "font-family", "font-size", "font-style", "font-weight",
    "text-decoration", "font", "text-indent", "white-space", "margin-top", "margin-bottom", "margin-left",
    "margin-right", "padding-top", "padding-bottom", "padding-left", "padding-right", "padding", "vertical-align",
    "border-collapse", "border-color", "border-top-color", "border-bottom-color", "border-left-color",
    "border-right-color", "border-style", "border-top-style", "border-bottom-style", "border-left-style",
    "border-right-style", "border-width", "border-top-width", "border-bottom-width", "border-left-width",
    "border-right-width", "border-top", "border-bottom", "border-left", "border-right", "border", "background",
    "page-break-before", "page-break-after", "float", "text-transform", "font-kerning", "font-variant",
    "word-spacing", "line-height", "text-align",
}  # fmt: skip


def test_the_stylesheet_uses_only_what_qt_supports() -> None:
    css = CSS.read_text(encoding="utf-8")
    while "/*" in css:
        start = css.index("/*")
        css = css[:start] + css[css.index("*/", start) + 2 :]
    rules = [r for r in css.split("}") if r.strip()]
    assert rules
    for rule in rules:
        selectors, _, declarations = rule.partition("{")
        assert ":" not in selectors, f"pseudo-classes are not supported: {selectors.strip()}"
        for decl in filter(str.strip, declarations.split(";")):
            prop = decl.split(":", 1)[0].strip()
            assert prop in QT_CSS_PROPERTIES, prop
    assert "flex" not in css and "max-width" not in css
