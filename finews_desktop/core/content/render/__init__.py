"""A post for the preview: its record and body as one safe HTML document for QTextBrowser (pure, GUI-free).

`render_post()` turns what the library knows about a post (`Library.post_record`)
and its body (the text after the front matter, `jekyll.parse_post(...).body`)
into a complete HTML document written for QTextDocument's HTML/CSS subset,
plus what a preview widget needs around it. It never fetches anything, never
touches Qt, and never raises: a body that is too large, too deep or too slow to
render is shown as escaped plain text instead (`RenderedPost.fallback` says why).

How the preview widget uses it
------------------------------
    rendered = render_post(record, body, images=ImagePolicy.OFF, base_dir=post_folder(record),
                           labels=Labels(stocks=self.tr("Stocks"), ...))
    browser.setHtml(rendered.html)          # the stylesheet is embedded in <head>

Call it from a worker thread if you like (each thread gets its own markdown
and lxml parser); it is fast (milliseconds for a news post) and bounded (about
0.6 s at worst before it falls back to plain text). Translate the header words
by passing `Labels`; pass `stylesheet=` to replace preview.css (a dark variant).

What comes back (`RenderedPost`, frozen):
  * `html`: the whole document; `plain_text`: header lines and body text, for
    "copy as plain text" (the full text even when the view was cut).
  * `images`: the remote images in document order, `images[n].id == n`;
    `local_images`: the `file:` URLs used; `links`: every link of the document
    with its kind ("web", "stock", "action"); `stocks`: the record's stocks and
    those found in the body.
  * `fallback`: None, or why the body is shown as plain text ("too_large",
    "too_deep", "too_complex", "too_slow", "error"); `seconds`: render time.

Links (`QTextBrowser.anchorClicked`, with `setOpenLinks(False)`):
  * `finews:stock/<market>.<code>` (e.g. `finews:stock/1.600160`): a stock or
    board mentioned in the post; filter the library by it.
    `internal_link_target(url)` returns `("stock", "1.600160")`.
  * `finews:images/load`: the "load images" link of the header notice shown
    when remote images are off; `internal_link_target(url)` returns
    `("images", "load")`.
  * `http:`/`https:` links: open in the system browser (QDesktopServices).
    No other scheme reaches the document: `javascript:`, `vbscript:`, `file:`,
    `data:` and relative links are turned into plain text.

Images (`QTextBrowser.loadResource`):
  * `ImagePolicy.OFF` (the default): every remote image is a compact inline
    placeholder (alt text or "K线图 601138", and the host); nothing is loaded.
  * `ImagePolicy.ON`: every remote image is `<img src="finews-image:<n>">`;
    `rendered.images[n]` (a `RemoteImage`) has the real `url` to fetch. Return
    the cached picture, or a placeholder image until it arrives, then
    `document().addResource(ImageResource, QUrl("finews-image:<n>"), image)` and
    relayout. Re-rendering the same post with ON gives the same ids as OFF, so
    "Load images" is: render again with ON, setHtml, restore the scroll value.
  * Relative image paths (`img/chart.png`) are resolved against `base_dir` (the
    post's folder) into `file:` URLs, only when they stay inside it; they are in
    `rendered.local_images`, and these are the only `file:` URLs a widget should
    load (never `file:` links: links are never `file:`).

Text: long unbroken runs (URLs, long numbers) get U+200B break opportunities
every few characters so they wrap whatever the widget's wrap mode; copy from
`rendered.plain_text` (no U+200B), or strip U+200B from a selection.

Where each part lives: `document.py` (render_post: header and body in one document),
`markup.py` (markdown within its time budget, lxml per thread), `clean.py` (the one pass
over the tree) with `allowlist.py` (tags and attributes), `styles.py` (inline CSS),
`stocks.py`, `images.py`, `tables.py`, `trailing.py` (the finews links at the end);
`fallback.py` (the plain-text view), `header.py`, `limits.py` (every limit and budget),
`rendered.py` (what comes back), `text.py`, `urls.py`, `context.py` (one render's state).

Cleaning rules (each has a test in tests/core/content/render/test_render.py): markdown with
raw HTML kept (as kramdown does), then one lxml pass that removes hidden
elements (`display:none`, `visibility:hidden`, `hidden`), removes script/style/
form/input/button/iframe/object/embed (and similar) with their content, keeps
only allow-listed tags (unknown block tags become `div`, unknown inline tags are
unwrapped) and allow-listed attributes and inline styles, turns eastmoney stock
spans into `finews:stock/` links, drops the trailing finews navigation links
("返回…") and the trailing source line (shown in the header instead), makes
every remote image a placeholder or `finews-image:` resource, truncates tables
to `MAX_TABLE_ROWS` rows, and flattens nesting below `MAX_DEPTH`.
"""

from finews_desktop.core.content.render.document import preview_css, render_post
from finews_desktop.core.content.render.fallback import fallback_text as _fallback_text
from finews_desktop.core.content.render.limits import (
    FALLBACK_BUDGET_S,
    FALLBACK_PARSE_LIMIT,
    MARKDOWN_BUDGET_S,
    MAX_BODY_CHARS,
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_FALLBACK_CHARS,
    MAX_IMAGE_SIDE,
    MAX_IMAGES,
    MAX_RUN,
    MAX_SPAN,
    MAX_TABLE_NESTING,
    MAX_TABLE_ROWS,
    RENDER_BUDGET_S,
    RUN_CHUNK,
)
from finews_desktop.core.content.render.rendered import (
    IMAGE_RESOURCE_SCHEME,
    LOAD_IMAGES_LINK,
    STOCK_LINK_PREFIX,
    ImagePolicy,
    Labels,
    Link,
    RemoteImage,
    RenderedPost,
    Stock,
    image_resource_id,
    internal_link_target,
    stock_link,
)
from finews_desktop.core.content.render.text import ZWSP
from finews_desktop.core.content.render.urls import post_folder, web_url

__all__ = [
    "FALLBACK_BUDGET_S",
    "FALLBACK_PARSE_LIMIT",
    "IMAGE_RESOURCE_SCHEME",
    "LOAD_IMAGES_LINK",
    "MARKDOWN_BUDGET_S",
    "MAX_BODY_CHARS",
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "MAX_FALLBACK_CHARS",
    "MAX_IMAGES",
    "MAX_IMAGE_SIDE",
    "MAX_RUN",
    "MAX_SPAN",
    "MAX_TABLE_NESTING",
    "MAX_TABLE_ROWS",
    "RENDER_BUDGET_S",
    "RUN_CHUNK",
    "STOCK_LINK_PREFIX",
    "ZWSP",
    "ImagePolicy",
    "Labels",
    "Link",
    "RemoteImage",
    "RenderedPost",
    "Stock",
    "_fallback_text",  # the plain text of an HTML body, as "copy as plain text" gives it (tests compare it)
    "image_resource_id",
    "internal_link_target",
    "post_folder",
    "preview_css",
    "render_post",
    "stock_link",
    "web_url",
]
