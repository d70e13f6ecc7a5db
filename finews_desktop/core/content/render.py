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

Cleaning rules (each has a test in tests/core/content/test_render.py): markdown with
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

from __future__ import annotations

import enum
import functools
import html
import importlib.resources
import itertools
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import lxml.etree
import lxml.html
import markdown
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.tables import TableExtension

from finews_desktop.core.content.newsitem import LINE_BREAK_TAGS

log = logging.getLogger(__name__)

# --- limits: beyond these a body is shown as plain text (or trimmed, for table rows) ---
MAX_BODY_CHARS = 300_000  # markdown and lxml on more than this is not worth the wait
MAX_ELEMENTS = 20_000  # elements after parsing (after table rows were trimmed)
MAX_DEPTH = 32  # deeper elements are unwrapped (their text stays): Qt lays nested blocks out slowly
MAX_TABLE_NESTING = 3  # tables inside tables deeper than this become plain rows of text
MAX_TABLE_ROWS = 500  # rows kept per table; a note says how many more there are
MAX_SPAN = 50  # colspan/rowspan (a huge colspan makes Qt allocate that many columns)
MAX_IMAGES = 300  # remote images listed; more are dropped
MAX_IMAGE_SIDE = 4096  # width/height attributes above this are dropped
MAX_RUN = 40  # a run of text longer than this with no break opportunity gets U+200B ...
RUN_CHUNK = 20  # ... every this many characters
MAX_FALLBACK_CHARS = 100_000  # plain-text fallback: characters shown (plain_text has them all)
FALLBACK_PARSE_LIMIT = 1_000_000  # plain-text fallback: bigger bodies are shown as they are
MARKDOWN_BUDGET_S = 0.4  # markdown is interrupted after this long
RENDER_BUDGET_S = 0.6  # the whole rich render is abandoned after this long
FALLBACK_BUDGET_S = 0.85  # past this (from the start), the plain-text view shows the body as it is

STOCK_LINK_PREFIX = "finews:stock/"
LOAD_IMAGES_LINK = "finews:images/load"
IMAGE_RESOURCE_SCHEME = "finews-image"

ZWSP = "\u200b"


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


# --- public helpers ------------------------------------------------------------------


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


def post_folder(record: Mapping[str, Any]) -> str | None:
    """The folder of the post's file (render_post's base_dir), or None when it is not a folder on disk.

    Decided from the record alone: the archive root must be an absolute folder
    path, not a zip member ('x.zip!/site') or a synthetic archive ('scheme://').
    """
    root, path = record.get("archive"), record.get("path")
    if not isinstance(root, str) or not isinstance(path, str) or not root or not path:
        return None
    if "!/" in root or "://" in root or not os.path.isabs(root):
        return None
    folder = os.path.normpath(os.path.join(root, os.path.dirname(path)))
    base = os.path.normpath(root)
    try:
        return folder if os.path.commonpath([base, folder]) == base else None
    except ValueError:
        return None


def _stylesheet_candidates() -> Iterable[Any]:
    # An installed wheel or bundle: finews_desktop/resources/preview/ (copied there by the build).
    try:
        yield importlib.resources.files("finews_desktop").joinpath("resources", "preview", "preview.css")
    except (ModuleNotFoundError, TypeError, ValueError):
        pass
    # A source checkout: resources/ beside the package.
    yield Path(__file__).resolve().parents[3] / "resources" / "preview" / "preview.css"


@functools.lru_cache(maxsize=1)
def preview_css() -> str:
    """The preview stylesheet (resources/preview/preview.css), read once."""
    for candidate in _stylesheet_candidates():
        try:
            if candidate.is_file():
                return candidate.read_text(encoding="utf-8")
        except OSError:
            continue
    log.warning("preview.css was not found; the preview is unstyled")
    return ""


# --- the renderer ----------------------------------------------------------------------


class _Fallback(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Deadline(BaseException):
    """Raised into markdown by the tracer when its time is up (a BaseException: no `except Exception` inside swallows it)."""


_local = threading.local()

# Text content (not HTML) that lxml and markdown cannot take: C0 controls (markdown uses \x02/\x03 itself),
# lone surrogates and non-characters.
_BAD_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Attribute values: eastmoney quote spans data-code="1,600160" (market,code) and K-line links "601138|1|1".
_MARKET_CODE_RE = re.compile(r"^\s*(\d{1,3}),([A-Za-z0-9._]{1,12})\s*$")
_CODE_MARKET_RE = re.compile(r"^\s*([A-Za-z0-9._]{1,12})\|(\d{1,3})\|\d+\|?\s*$")
_NID_RE = re.compile(r"^(\d{1,3})\.([A-Za-z0-9._]{1,12})$")
_KLINE_ALT_RE = re.compile(r"^K图\s*([A-Za-z0-9._]{1,12}?)(?:_\d+)?$")
# Runs of text without a line-break opportunity (no space, no CJK character or punctuation).
_NO_BREAK_CHAR = (
    "[^\\s\u2e80-\u303f\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002fa1f]"
)
# The lookbehind lets a match start only where a run starts: linear time however the text is cut.
_UNBROKEN_RE = re.compile("(?<!" + _NO_BREAK_CHAR + ")" + _NO_BREAK_CHAR + "{" + str(MAX_RUN + 1) + ",}")

_DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "option",
        "optgroup",
        "datalist",
        "output",
        "iframe",
        "frame",
        "frameset",
        "object",
        "applet",
        "param",
        "link",
        "meta",
        "base",
        "title",
        "head",
        "svg",
        "math",
        "canvas",
        "audio",
        "video",
        "picture",
        "map",
        "area",
        "dialog",
        "slot",
        "portal",
        "xml",
    }
)
# HTML5 empty elements that libxml2 (an HTML 4 parser) reads as containers of whatever follows them:
# the element goes, what follows stays.
_EMPTY_UNKNOWN_TO_LIBXML = frozenset({"embed", "source", "track", "wbr", "keygen"})
# Tags kept as they are (with allow-listed attributes): what QTextDocument renders well.
_KEEP = frozenset(
    {
        "a",
        "b",
        "big",
        "blockquote",
        "br",
        "center",
        "cite",
        "code",
        "dd",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
    }
)
_RENAME = {
    "strike": "s",
    "del": "s",
    "ins": "u",
    "listing": "pre",
    "xmp": "pre",
    "plaintext": "pre",
    "dir": "ul",
    "menu": "ul",
    "mark": "b",
}
# Unknown block-level tags become div (so their text keeps its own lines); other unknown tags are unwrapped.
_BLOCKISH = frozenset(
    {
        "article",
        "section",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "figure",
        "figcaption",
        "address",
        "details",
        "summary",
        "hgroup",
        "fieldset",
        "legend",
        "body",
        "html",
        "search",
    }
)
_BLOCK_ATTRS = {"align": frozenset({"left", "right", "center", "justify"}), "dir": frozenset({"ltr", "rtl"})}
_CELL_ATTRS = {"align": _BLOCK_ATTRS["align"], "valign": frozenset({"top", "middle", "bottom"})}
_LIST_TYPES = frozenset({"1", "a", "A", "i", "I", "disc", "circle", "square"})
_STYLE_ALLOWED = {
    "text-align": frozenset({"left", "right", "center", "justify"}),
    "font-weight": frozenset({"normal", "bold", "bolder", "lighter", *(str(w) for w in range(100, 1000, 100))}),
    "font-style": frozenset({"normal", "italic", "oblique"}),
    "text-decoration": frozenset({"none", "underline", "line-through", "overline"}),
    "vertical-align": frozenset({"baseline", "sub", "super"}),
}
_NAV_SEPARATORS = " \t\r\n\u00a0\u3000|｜·/、,，"
_GENERIC_ALTS = frozenset({"", "image", "img", "picture", "photo", "图片", "图", "圖片"})


def _parser() -> lxml.html.HTMLParser:
    """One parser per thread: lxml parsers must not be shared between threads."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = lxml.html.HTMLParser(  # type: ignore[call-arg]  # default_doctype: not in lxml-stubs
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            recover=True,
            default_doctype=False,
            collect_ids=False,
        )
        _local.parser = parser
    return parser


def _markdown() -> markdown.Markdown:
    md = getattr(_local, "markdown", None)
    if md is None:
        # tables and fenced code: what Jekyll's kramdown (GFM input) also reads.
        md = markdown.Markdown(extensions=[TableExtension(), FencedCodeExtension()], output_format="html")
        _local.markdown = md
    return md


def _with_deadline(fn: Callable[[str], str], arg: str, deadline: float, clock: Callable[[], float]) -> str:
    """fn(arg), interrupted with _Deadline at the first Python call after `deadline` on `clock`.

    Python-Markdown has inputs that take minutes (thousands of '[' or nested '>'); a
    trace function that only looks at the clock on each call bounds them without a
    thread or a process. An active tracer (a debugger, coverage) keeps being called.
    """
    previous = sys.gettrace()

    def tracer(frame: Any, event: Any, arg_: Any) -> Any:
        if clock() > deadline:
            raise _Deadline
        return previous(frame, event, arg_) if previous is not None else None

    sys.settrace(tracer)
    try:
        return fn(arg)
    finally:
        sys.settrace(previous)


def _text(value: Any) -> str:
    """Any front-matter value as one line of text."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, (list, tuple)):
        text = ", ".join(_text(v) for v in value)
    else:
        text = str(value)
    return " ".join(text.split())


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v is not None and v != ""]
    return [value]


def _breakable(text: str) -> str:
    """Text with U+200B inside runs that Qt could not break (long URLs, long numbers)."""
    if len(text) <= MAX_RUN:
        return text
    return _UNBROKEN_RE.sub(_chunk_run, text)


def _chunk_run(match: re.Match[str]) -> str:
    run = match.group(0)
    return ZWSP.join(run[i : i + RUN_CHUNK] for i in range(0, len(run), RUN_CHUNK))


def _clean_url(value: str | None) -> str:
    """A URL attribute as a browser reads it: no surrounding spaces/controls, no tabs or newlines inside."""
    if not value:
        return ""
    value = value.strip("".join(map(chr, range(0x21))))
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\t", "").replace("\n", "").replace("\r", "")
    return value


def web_url(value: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL (protocol-relative `//host/…` becomes https), else None."""
    url = _clean_url(value)
    if not url or len(url) > 8192:
        return None
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _local_image(src: str, base_dir: str | None) -> str | None:
    """A relative image path as a file: URL inside base_dir, else None (decided on the path alone)."""
    if not base_dir or not src:
        return None
    try:
        parts = urlsplit(src)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path or path.startswith(("/", "\\")) or "\x00" in path or ":" in path:
        return None
    base = os.path.normpath(os.path.abspath(base_dir))
    target = os.path.normpath(os.path.join(base, path))
    try:
        if target == base or os.path.commonpath([base, target]) != base:
            return None
    except ValueError:
        return None
    return Path(target).as_uri()


def _dimension(value: str | None) -> int | None:
    if not value:
        return None
    value = value.strip().lower().removesuffix("px").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        return None
    number = int(value)
    return number if 0 < number <= MAX_IMAGE_SIDE else None


def _without_comments(css: str) -> str:
    if "/*" not in css:
        return css
    kept, pos = [], 0
    while True:
        start = css.find("/*", pos)
        if start < 0:
            kept.append(css[pos:])
            break
        kept.append(css[pos:start])
        end = css.find("*/", start + 2)
        if end < 0:
            break
        pos = end + 2
    return "".join(kept)


def _declarations(style: str) -> list[tuple[str, str]]:
    """CSS declarations of a style attribute (its first 10,000 characters), lower-cased, comments and !important dropped."""
    style = _without_comments(style[:10_000])
    out = []
    for decl in style.split(";"):
        prop, colon, value = decl.partition(":")
        if not colon:
            continue
        value = value.strip().lower()
        if value.endswith("!important"):
            value = value[: -len("!important")].strip()
        out.append((prop.strip().lower(), " ".join(value.split())))
    return out


def _is_hidden(el: Any) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if style:
        lowered = style.lower()
        if "none" in lowered or "hidden" in lowered or "collapse" in lowered:
            for prop, value in _declarations(lowered):
                if prop == "display" and value == "none":
                    return True
                if prop == "visibility" and value in ("hidden", "collapse"):
                    return True
    return False


def _safe_style(style: str) -> str | None:
    kept = [
        f"{prop}: {value}" for prop, value in _declarations(style) if value in _STYLE_ALLOWED.get(prop, frozenset())
    ]
    return "; ".join(kept) if kept else None


def _remove(el: Any) -> None:
    """Remove an element and its content, keeping the text after it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _int_attr(value: str | None, low: int, high: int) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        return None
    return str(min(max(int(value), low), high))


@dataclass
class _Context:
    images_on: bool
    base_dir: str | None
    labels: Labels
    deadline: float
    source_url: str | None
    clock: Callable[[], float] = perf_counter
    images: list[RemoteImage] = field(default_factory=list)
    local_images: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    stocks: dict[tuple[str, str], Stock] = field(default_factory=dict)

    def add_stock(self, market: str, code: str, name: str | None) -> None:
        known = self.stocks.get((market, code))
        if known is None or (known.name is None and name):
            self.stocks[(market, code)] = Stock(market, code, name)


# --- body: markdown, then one lxml pass ------------------------------------------------


def _parse(html_text: str) -> Any:
    parser = _parser()
    root = lxml.etree.fromstring(f"<html><body>{html_text}</body></html>", parser)
    if root is None:
        raise _Fallback("error")
    if parser.error_log.filter_from_fatals():
        raise _Fallback("too_deep")  # libxml2's own limits (256 levels, 10 MB text nodes): content was cut
    body = root.find("body")
    if body is None:
        raise _Fallback("error")
    return body


def _trim_tables(body: Any, ctx: _Context) -> list[tuple[Any, int, int]]:
    """Cut every table to MAX_TABLE_ROWS rows; returns (where the rows were, rows cut, columns) for the notes."""
    cut = []
    for table in list(body.iter("table")):
        rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        if len(rows) <= MAX_TABLE_ROWS:
            continue
        extra = rows[MAX_TABLE_ROWS:]
        for row in extra:
            row.getparent().remove(row)
        columns = max((len(row) for row in rows[:MAX_TABLE_ROWS]), default=1)
        cut.append((rows[MAX_TABLE_ROWS - 1].getparent(), len(extra), columns))
        if ctx.clock() > ctx.deadline:
            raise _Fallback("too_slow")
    return cut


def _add_row_notes(cut: list[tuple[Any, int, int]], labels: Labels) -> None:
    """After cleaning (which would strip their class): "… N more rows" at the end of each cut table."""
    for rows_parent, count, columns in cut:
        if rows_parent.getparent() is None:  # a nested table that was flattened
            continue
        note = lxml.etree.SubElement(rows_parent, "tr")
        cell = lxml.etree.SubElement(note, "td", {"class": "more", "colspan": str(min(max(columns, 1), MAX_SPAN))})
        cell.text = labels.more_rows.replace("{n}", f"{count:,}")


def _is_navigation(el: Any) -> bool:
    """A paragraph of finews navigation links only: [返回…](…), joined by ｜ or new lines."""
    if el.tag not in ("p", "div"):
        return False
    anchors = list(itertools.islice(el.iter("a"), 7))
    if not anchors or len(anchors) > 6:
        return False
    rest = el.text_content()
    for a in anchors:
        text = a.text_content().strip()
        if not text.startswith("返回"):
            return False
        rest = rest.replace(text, "", 1)
    return not rest.strip(_NAV_SEPARATORS)


def _is_source_line(el: Any, source_url: str | None) -> bool:
    """The `<http://…>` autolink paragraph that is the post's source link (or the empty `<>`)."""
    if el.tag != "p":
        return False
    children = list(el)
    text = el.text_content().strip()
    if not children:
        return text == "<>"
    if len(children) != 1 or children[0].tag != "a" or (el.text or "").strip() or (children[0].tail or "").strip():
        return False
    href = children[0].get("href") or ""
    return bool(source_url) and text == href and web_url(href) == web_url(source_url)


def _drop_trailing_chrome(body: Any, source_url: str | None) -> None:
    """Drop the finews return links (and the source line before them) at the end of the body, from the view only."""
    while len(body):
        last = body[-1]
        if (last.tail or "").strip():
            return
        if _is_navigation(last) or _is_source_line(last, source_url):
            _remove(last)
            continue
        return


def _placeholder(image: RemoteImage) -> Any:
    box = lxml.html.Element("span", {"class": "imgph"})
    where = f" · {image.host}" if image.host else ""
    box.text = _breakable(f"\u00a0▣ {image.label}{where}\u00a0")
    return box


_IMAGE_BLOCKS = frozenset(
    {"p", "li", "dd", "dt", "blockquote", "div", "center", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
)


def _mark_image_block(el: Any) -> None:
    """Class "img" on the block holding a shown image (the stylesheet gives it no extra line height)."""
    parent = el.getparent()
    while parent is not None and parent.tag not in _IMAGE_BLOCKS:
        parent = parent.getparent()
    if parent is not None and parent.tag != "body":
        parent.set("class", "img")


def _image(el: Any, ctx: _Context) -> None:
    src = _clean_url(el.get("src"))
    alt = _text(el.get("alt"))[:80]
    width, height = _dimension(el.get("width")), _dimension(el.get("height"))
    local = None
    url = web_url(src)
    if url is None:
        local = _local_image(src, ctx.base_dir)
        if local is None:
            _remove(el)  # javascript:, data:, file:, site-absolute or escaping paths: nothing to show
            return
    tail = el.tail
    el.attrib.clear()
    if alt:
        el.set("alt", alt)
    if width:
        el.set("width", str(width))
    if height:
        el.set("height", str(height))
    if local is not None:
        el.set("src", local)
        ctx.local_images.append(local)
        _mark_image_block(el)
        return
    if len(ctx.images) >= MAX_IMAGES:
        _remove(el)
        return
    assert url is not None
    host = _host(url)
    kline_code = None
    if "webquoteklinepic" in host or alt.startswith("K图"):
        nid = parse_qs(urlsplit(url).query).get("nid", [""])[0]
        m = _NID_RE.match(nid)
        if m:
            kline_code = m.group(2)
        else:
            m = _KLINE_ALT_RE.match(alt)
            kline_code = m.group(1) if m else ""
    if kline_code is not None:
        kind, label = "kline", f"{ctx.labels.kline} {kline_code}".strip()
    else:
        kind, label = "image", (alt if alt.lower() not in _GENERIC_ALTS else ctx.labels.image)
    image = RemoteImage(len(ctx.images), url, alt, host, kind, label, width, height)
    ctx.images.append(image)
    if ctx.images_on:
        el.set("src", image.resource)
        _mark_image_block(el)
        return
    box = _placeholder(image)
    box.tail = tail
    el.getparent().replace(el, box)


def _keep_attributes(el: Any, tag: str) -> None:
    attrs = dict(el.attrib)
    el.attrib.clear()
    if tag in ("td", "th"):
        allowed = _CELL_ATTRS
        for name in ("colspan", "rowspan"):
            value = _int_attr(attrs.get(name), 1, MAX_SPAN)
            if value and value != "1":
                el.set(name, value)
    elif tag in ("p", "div", "center", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "dt", "dd"):
        allowed = _BLOCK_ATTRS
    elif tag in ("ol", "ul"):
        allowed = {}
        if attrs.get("type", "").strip() in _LIST_TYPES:
            el.set("type", attrs["type"].strip())
        start = _int_attr(attrs.get("start"), 0, 1_000_000)
        if start is not None and tag == "ol":
            el.set("start", start)
    else:
        allowed = {}
    for name, values in allowed.items():
        value = attrs.get(name, "").strip().lower()
        if value in values:
            el.set(name, value)
    style = attrs.get("style")
    if style:
        safe = _safe_style(style)
        if safe:
            el.set("style", safe)


def _flatten_table_part(el: Any, tag: str) -> bool:
    """Inside a table nested too deep: rows become lines, cells text with a space after; True: unwrap it."""
    el.attrib.clear()
    if tag == "tr":
        el.tag = "div"
    elif tag in ("td", "th"):
        el.tag = "span"
        el.tail = " " + (el.tail or "")
    else:
        return True
    return False


def _clean(body: Any, ctx: _Context) -> None:
    """One pass over the tree, parents before children: every rule but the trailing links and table rows."""
    body.attrib.clear()
    if body.text:
        body.text = _breakable(body.text)
    unwrap: list[Any] = []
    # (element, depth, inside a link, tables around it, inside a too-deep table)
    stack: list[tuple[Any, int, bool, int, bool]] = [(child, 1, False, 0, False) for child in reversed(body)]
    seen = 0
    while stack:
        el, depth, in_link, tables, flat = stack.pop()
        seen += 1
        if not seen & 255 and ctx.clock() > ctx.deadline:
            raise _Fallback("too_slow")
        raw_tag = el.tag
        if not isinstance(raw_tag, str):  # comments and processing instructions left by the parser
            _remove(el)
            continue
        tag = raw_tag.lower()
        if el.tail and len(el.tail) > MAX_RUN:
            el.tail = _breakable(el.tail)
        if tag in _DROP_WITH_CONTENT or _is_hidden(el):
            _remove(el)
            continue
        if el.text and len(el.text) > MAX_RUN:
            el.text = _breakable(el.text)
        data_code = el.get("data-code")
        if data_code and not in_link:
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
                continue
            m = _CODE_MARKET_RE.match(data_code)
            if m and tag == "a":  # the K-line chart's link: data-code="601138|1|1"
                market, code = m.group(2), m.group(1)
                ctx.add_stock(market, code, None)
                el.attrib.clear()
                el.set("href", stock_link(market, code))
                el.set("class", "kline")
                ctx.links.append(Link(el.get("href"), " ".join(el.text_content().split()), "stock"))
                stack.extend((child, depth + 1, True, tables, flat) for child in reversed(el))
                continue
        if tag == "img":
            _image(el, ctx)
            continue
        if tag == "br" and el.getnext() is None and not (el.tail or "").strip():
            parent = el.getparent()
            if parent is not None and parent.tag in ("p", "div", "li", "td", "th", "center", "blockquote", "dd"):
                _remove(el)  # a line break that ends a paragraph only adds an empty line
                continue
        if tag in _EMPTY_UNKNOWN_TO_LIBXML:
            el.attrib.clear()
            if tag == "wbr":
                el.text = ZWSP + (el.text or "")
            unwrap.append(el)
            stack.extend((child, depth + 1, in_link, tables, flat) for child in reversed(el))
            continue
        if tag == "caption" and el.getparent() is not None and el.getparent().tag == "table":
            caption = lxml.html.Element("p", {"class": "caption"})
            caption.text = _breakable(" ".join(el.text_content().split()))
            el.getparent().addprevious(caption)
            _remove(el)
            continue
        tag = _RENAME.get(tag, tag)
        if tag == "a":
            url = web_url(el.get("href"))
            el.attrib.clear()
            if url is None or in_link:
                unwrap.append(el)  # a link to nowhere safe becomes its text
            else:
                el.set("href", url)
                ctx.links.append(Link(url, " ".join(el.text_content().split()), "web"))
                in_link = True
        elif tag in ("table", "tr", "td", "th", "thead", "tbody", "tfoot") and (flat or tables >= MAX_TABLE_NESTING):
            if tag == "table":
                flat = True
            if _flatten_table_part(el, tag):
                unwrap.append(el)
        elif tag in _KEEP:
            if raw_tag != tag:
                el.tag = tag
            _keep_attributes(el, tag)
            if tag == "table":
                tables += 1
        elif tag in _BLOCKISH:
            el.tag = "div"
            _keep_attributes(el, "div")
        else:
            el.attrib.clear()
            unwrap.append(el)
        if tag == "span" and not el.attrib and (not unwrap or unwrap[-1] is not el):
            unwrap.append(el)  # a span left with no style is only an element more for Qt
        elif depth > MAX_DEPTH and (not unwrap or unwrap[-1] is not el):
            unwrap.append(el)
        stack.extend((child, depth + 1, in_link, tables, flat) for child in reversed(el))
    for el in reversed(unwrap):  # descendants before their ancestors
        if el.getparent() is not None:
            el.drop_tag()


def _serialize(body: Any) -> str:
    out = lxml.html.tostring(body, encoding=str, method="html")
    if out.startswith("<body>") and out.endswith("</body>"):
        return out[6:-7]
    return out


def _text_of(body: Any) -> str:
    """The text "copy as plain text" gives: a line per block, a table row's cells on one line, space-separated."""
    for el in body.iter(*LINE_BREAK_TAGS, "td", "th"):
        el.tail = ("\n" if el.tag not in ("td", "th") else " ") + (el.tail or "")
    text = lxml.etree.tostring(body, method="text", encoding=str)
    return _tidy_lines(text.replace(ZWSP, ""))


def _tidy_lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _render_body(body: str, ctx: _Context, start: float) -> tuple[str, str]:
    if len(body) > MAX_BODY_CHARS:
        raise _Fallback("too_large")
    if _BAD_CHARS_RE.search(body):
        body = _BAD_CHARS_RE.sub("\ufffd", body)
    md = _markdown()
    try:
        converted = _with_deadline(md.reset().convert, body, min(start + MARKDOWN_BUDGET_S, ctx.deadline), ctx.clock)
    except _Deadline:
        _local.markdown = None  # interrupted half-way: start the next post with a fresh one
        raise _Fallback("too_slow") from None
    except RecursionError:
        _local.markdown = None
        raise _Fallback("too_deep") from None
    if ctx.clock() > ctx.deadline:
        raise _Fallback("too_slow")
    tree = _parse(converted)
    cut = _trim_tables(tree, ctx)
    if int(tree.xpath("count(.//*)")) > MAX_ELEMENTS:
        raise _Fallback("too_complex")
    _drop_trailing_chrome(tree, ctx.source_url)
    _clean(tree, ctx)
    _add_row_notes(cut, ctx.labels)
    if ctx.clock() > ctx.deadline:
        raise _Fallback("too_slow")
    return _serialize(tree), _text_of(tree)


def _fallback_text(body: str, give_up_at: float, clock: Callable[[], float] = perf_counter) -> str:
    """The body's text for the plain-text view: tags stripped by lxml when that is cheap and lossless, else as is."""
    if "<" not in body or len(body) > FALLBACK_PARSE_LIMIT:
        return body
    try:
        clean = _BAD_CHARS_RE.sub("\ufffd", body) if _BAD_CHARS_RE.search(body) else body
        parser = _parser()
        root = lxml.etree.fromstring(f"<html><body>{clean}</body></html>", parser)
        if root is None or parser.error_log.filter_from_fatals() or float(root.xpath("count(//*)")) > 100_000:  # type: ignore[arg-type]
            return body
        lxml.etree.strip_elements(root, *_DROP_WITH_CONTENT, with_tail=False)
        for i, el in enumerate(root.iter(*LINE_BREAK_TAGS, "td", "th")):
            el.tail = ("\n" if el.tag not in ("td", "th") else " ") + (el.tail or "")
            if not i & 1023 and clock() > give_up_at:
                return body
        return _tidy_lines(lxml.etree.tostring(root, method="text", encoding=str))
    except (lxml.etree.LxmlError, ValueError, MemoryError, RecursionError):
        return body


def _fallback_body(body: str, ctx: _Context, start: float) -> tuple[str, str]:
    text = _fallback_text(body, start + FALLBACK_BUDGET_S, ctx.clock)
    shown = text[:MAX_FALLBACK_CHARS]
    notes = [ctx.labels.fallback]
    if len(text) > len(shown):
        notes.append(ctx.labels.truncated.replace("{n}", f"{len(shown):,}"))
    notice = "".join(f'<p class="notice">{html.escape(n)}</p>' for n in notes)
    return f'{notice}<p class="plain">{html.escape(_breakable(shown), quote=False)}</p>', text


# --- header ------------------------------------------------------------------------------


def _category_names(record: Mapping[str, Any]) -> list[str]:
    slugs = [_text(c) for c in _as_list(record.get("categories"))]
    names = record.get("category_names")
    out = []
    for i, slug in enumerate(slugs):
        name: Any = None
        if isinstance(names, Mapping):
            name = names.get(slug)
        elif isinstance(names, (list, tuple)) and i < len(names):
            name = names[i]
        out.append(_text(name) or slug)
    return [n for n in out if n]


def _record_stocks(record: Mapping[str, Any], ctx: _Context) -> list[Stock]:
    stocks: dict[tuple[str, str], Stock] = {}
    for item in _as_list(record.get("stocks")):
        if isinstance(item, Mapping):
            market, code, name = _text(item.get("market")), _text(item.get("code")), _text(item.get("name")) or None
        else:
            market, code, name = _text(getattr(item, "market", "")), _text(getattr(item, "code", "")), None
            name = _text(getattr(item, "name", None)) or None
        if market and code and (market, code) not in stocks:
            stocks[(market, code)] = Stock(market, code, name)
    for key, stock in ctx.stocks.items():
        known = stocks.get(key)
        if known is None or (known.name is None and stock.name):
            stocks[key] = stock
    return list(stocks.values())


def _short_url(url: str, limit: int = 70) -> str:
    shown = url.split("://", 1)[-1]
    if len(shown) > limit:
        shown = shown[: limit - 25] + "…" + shown[-24:]
    return shown


def _header(record: Mapping[str, Any], ctx: _Context, stocks: list[Stock]) -> tuple[str, list[str], list[Link]]:
    esc = html.escape
    labels = ctx.labels
    parts: list[str] = []
    text: list[str] = []
    links: list[Link] = []
    title = _text(record.get("title_text")) or _text(record.get("title")) or labels.untitled
    parts.append(f'<h1 class="title">{esc(_breakable(title))}</h1>')
    text.append(title)
    meta = [m for m in (_text(record.get("date")), " · ".join(_category_names(record))) if m]
    if meta:
        parts.append(f'<p class="meta">{esc(" · ".join(meta))}</p>')
        text.append(" · ".join(meta))
    tags = [t for t in (_text(t) for t in _as_list(record.get("tags"))) if t]
    if tags:
        chips = " ".join(f'<span class="chip">\u00a0{esc(_breakable(t))}\u00a0</span>' for t in tags[:50])
        parts.append(f'<p class="chips">{chips}</p>')
        text.append(" ".join(f"#{t}" for t in tags))
    if stocks:
        items = []
        for s in stocks[:200]:
            name = s.name or s.code
            code = f' <span class="code">{esc(s.code)}</span>' if s.name else ""
            items.append(f'<a class="stock" href="{esc(s.link)}">{esc(name)}</a>{code}')
            links.append(Link(s.link, name, "stock"))
        parts.append(f'<p class="stocks"><span class="label">{esc(labels.stocks)}:</span> {" · ".join(items)}</p>')
        text.append(f"{labels.stocks}: " + ", ".join(f"{s.name} {s.code}" if s.name else s.code for s in stocks))
    source = web_url(_text(record.get("source_url")))
    if source:
        parts.append(
            f'<p class="source"><span class="label">{esc(labels.source_link)}:</span> '
            f'<a href="{esc(source)}">{esc(_breakable(_short_url(source)))}</a></p>'
        )
        text.append(f"{labels.source_link}: {source}")
        links.append(Link(source, _short_url(source), "web"))
    for warning in _as_list(record.get("warnings"))[:20]:
        message = _text(warning.get("message") if isinstance(warning, Mapping) else warning)
        if message:
            parts.append(f'<p class="warning">⚠ {esc(_breakable(message))}</p>')
    if ctx.images and not ctx.images_on:
        note = labels.images_off.replace("{n}", str(len(ctx.images)))
        load = f' <a href="{LOAD_IMAGES_LINK}">{esc(labels.load_images)}</a>' if labels.load_images else ""
        parts.append(f'<p class="notice">{esc(note)}{load}</p>')
        if labels.load_images:
            links.append(Link(LOAD_IMAGES_LINK, labels.load_images, "action"))
    return "".join(parts), text, links


def render_post(
    record: Mapping[str, Any],
    body: str,
    *,
    images: ImagePolicy = ImagePolicy.OFF,
    base_dir: str | os.PathLike[str] | None = None,
    labels: Labels | None = None,
    stylesheet: str | None = None,
    clock: Callable[[], float] = perf_counter,
) -> RenderedPost:
    """The post as a complete HTML document for QTextBrowser, with its images, links and plain text.

    `record` is `Library.post_record(id)` (title_text/title, date, categories,
    tags, stocks, source_url, warnings; optional `category_names`, a mapping of
    category slug to display name or a list parallel to `categories`). `body`
    is the post text after its front matter. `base_dir` is the folder of the
    post file, for relative images. `stylesheet` replaces preview.css (e.g. a
    dark variant). `clock` measures the time budgets (tests make work slow by
    construction with a clock of their own instead of relying on a slow input).
    Never raises.
    """
    start = clock()
    if not isinstance(record, Mapping):
        record = {}
    if not isinstance(body, str):
        body = "" if body is None else str(body)
    ctx = _Context(
        images_on=images is ImagePolicy.ON,
        base_dir=os.fspath(base_dir) if base_dir else None,
        labels=labels or Labels(),
        deadline=start + RENDER_BUDGET_S,
        source_url=_text(record.get("source_url")) or None,
        clock=clock,
    )
    fallback: str | None = None
    try:
        body_html, body_text = _render_body(body, ctx, start)
    except _Fallback as why:
        fallback = why.reason
    except Exception:  # a bug, or a parser failure we did not foresee: the text is still shown
        log.exception("rendering a post body failed; showing it as plain text")
        fallback = "error"
    if fallback is not None:
        ctx = _Context(ctx.images_on, ctx.base_dir, ctx.labels, ctx.deadline, ctx.source_url, ctx.clock)
        body_html, body_text = _fallback_body(body, ctx, start)
    try:
        stocks = _record_stocks(record, ctx)
        head_html, head_text, head_links = _header(record, ctx, stocks)
    except Exception:
        log.exception("rendering a post header failed")
        stocks, head_html, head_text, head_links = [], "", [], []
    css = preview_css() if stylesheet is None else stylesheet
    document = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f'<style type="text/css">{css}</style></head><body>'
        '<table class="head" width="100%" cellspacing="0" cellpadding="0"><tr><td class="head">'
        f"{head_html}</td></tr></table>{body_html}</body></html>"
    )
    plain = "\n".join([*head_text, "", body_text]).strip("\n")
    return RenderedPost(
        html=document,
        plain_text=plain,
        images=tuple(ctx.images),
        local_images=tuple(ctx.local_images),
        links=tuple(head_links + ctx.links),
        stocks=tuple(stocks),
        fallback=fallback,
        seconds=clock() - start,
    )
