"""Remote images in the preview, against a local HTTP server: nothing is fetched until asked; load, cache, limits."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import QApplication

from finews_desktop.ui import settings as S
from finews_desktop.ui.imageloader import ImageCache, ImageLoader
from finews_desktop.ui.settings import Settings
from finews_desktop.ui.widgets.preview import PostPreview


def png_bytes(width: int = 64, height: int = 48) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7"))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


class Server:
    def __init__(self) -> None:
        self.requests: list[str] = []
        self.png = png_bytes()
        self.release_slow = threading.Event()  # /slow answers only once this is set: slow by construction
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *_args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append(self.path)
                try:
                    if self.path.startswith("/ok"):
                        self._send(server.png)
                    elif self.path.startswith("/slow"):
                        server.release_slow.wait(60)
                        self._send(server.png)
                    elif self.path.startswith("/big-declared"):
                        self.send_response(200)
                        self.send_header("Content-Type", "image/png")
                        self.send_header("Content-Length", str(10_000_000))
                        self.end_headers()
                        self.wfile.write(b"\0" * 4096)
                    elif self.path.startswith("/big-stream"):
                        self.send_response(200)
                        self.send_header("Content-Type", "image/png")
                        self.end_headers()  # no Content-Length: the bytes received are what count
                        for _ in range(200):
                            self.wfile.write(b"\0" * 4096)
                    else:
                        self.send_error(404)
                except OSError:
                    pass  # the client gave up (that is the point of some tests)

            def _send(self, data: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.release_slow.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.open(tmp_path / "settings.ini")


@pytest.fixture
def make_preview(qtbot, tmp_path, settings: Settings):
    cache = ImageCache(tmp_path / "cache")

    def make(**loader_args: Any) -> PostPreview:
        view = PostPreview(settings=settings, loader=ImageLoader(cache, **loader_args))
        qtbot.addWidget(view)
        view.resize(600, 400)
        view.show()
        return view

    return make


def post(url: str, pid: int = 1, filler: int = 0) -> tuple[dict[str, Any], bytes]:
    record = {"id": pid, "title_text": "图片测试", "date": "2022-05-20", "categories": ["news"], "tags": []}
    text = "".join(f"第{i}段：上证指数收涨。\n\n" for i in range(filler))
    body = f"{text}看图：\n\n![K图 601138_0]({url})\n\n结束。\n"
    return record, ("---\ntitle: t\n---\n" + body).encode()


def picture(view: PostPreview, n: int = 0) -> QImage:
    return view.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(f"finews-image:{n}"))


def test_no_request_until_images_are_asked_for_then_load_and_cache(make_preview, server: Server, qtbot) -> None:
    view = make_preview()
    view.show_post(*post(server.base + "/ok.png"))
    QApplication.processEvents()
    assert view.loader.requests_made == 0 and server.requests == []  # the loader is where a request would start
    assert view.rendered.images and "finews-image:" not in view.rendered.html  # a placeholder
    assert view.image_state(0) == "off"

    with qtbot.waitSignal(view.loader.loaded, timeout=5000):
        view.anchorClicked.emit(QUrl("finews:images/load"))  # the header's "Load images" link
    qtbot.waitUntil(lambda: view.image_state(0) == "loaded")
    assert server.requests == ["/ok.png"]
    qtbot.waitUntil(lambda: picture(view).size().width() == 64)
    assert (server.base + "/ok.png") in view.loader.cache

    # a second view of the post (another preview, images always on): from the cache, no request
    view.settings.set(S.ALWAYS_LOAD_IMAGES, True)
    other = make_preview()
    other.show_post(*post(server.base + "/ok.png", pid=2))
    assert other.image_state(0) == "loaded"
    QApplication.processEvents()
    assert other.loader.requests_made == 0 and server.requests == ["/ok.png"]


def test_the_load_images_action_is_per_post(make_preview, server: Server, qtbot) -> None:
    view = make_preview()
    view.show_post(*post(server.base + "/ok.png?a", pid=1))
    view.action_load_images.trigger()
    qtbot.waitUntil(lambda: view.image_state(0) == "loaded")
    view.show_post(*post(server.base + "/ok.png?b", pid=2))
    QApplication.processEvents()
    assert view.image_state(0) == "off" and view.loader.requests_made == 1 and server.requests == ["/ok.png?a"]


def test_a_timeout_leaves_the_placeholder(make_preview, server: Server, qtbot) -> None:
    view = make_preview(timeout_ms=300)
    view.show_post(*post(server.base + "/slow.png"))
    with qtbot.waitSignal(view.loader.failed, timeout=5000) as blocker:
        view.load_images()
    assert blocker.args[1] == "timeout"
    qtbot.waitUntil(lambda: view.image_state(0) == "failed")
    placeholder = picture(view)
    assert 1 < placeholder.height() < 60  # a compact box, not the picture
    assert (server.base + "/slow.png") not in view.loader.cache


@pytest.mark.parametrize("path", ["/big-declared.png", "/big-stream.png"])
def test_an_oversize_image_is_abandoned(make_preview, server: Server, qtbot, path: str) -> None:
    view = make_preview(max_bytes=100_000)
    view.show_post(*post(server.base + path))
    with qtbot.waitSignal(view.loader.failed, timeout=5000) as blocker:
        view.load_images()
    assert blocker.args[1] == "too_large"
    qtbot.waitUntil(lambda: view.image_state(0) == "failed")
    assert picture(view).height() < 60
    assert (server.base + path) not in view.loader.cache


def test_the_scroll_position_is_kept_when_images_arrive(make_preview, server: Server, qtbot) -> None:
    view = make_preview()
    view.show_post(*post(server.base + "/ok.png", filler=80))
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 400)
    bar.setValue(300)
    view.load_images()
    assert bar.value() == 300
    qtbot.waitUntil(lambda: view.image_state(0) == "loaded" and picture(view).size().width() == 64)
    QApplication.processEvents()  # the relayout with the picture in it
    assert bar.value() == 300


def test_the_cache_drops_the_least_recently_used_files(tmp_path) -> None:
    import os

    cache = ImageCache(tmp_path / "c", limit=3500)
    for i in range(3):
        cache.put(f"http://x/{i}", b"x" * 1000)
        os.utime(cache.path(f"http://x/{i}"), (1000 + i, 1000 + i))
    assert cache.get("http://x/0") is not None  # touched: now the most recent
    cache.put("http://x/3", b"x" * 1000)
    assert "http://x/0" in cache and "http://x/3" in cache
    assert "http://x/1" not in cache
    assert cache.size() <= 3500


# --- a failed image, and nothing widening the preview -------------------------------------------------

KLINE = (
    '<p><a href="http://quote.eastmoney.com/unify/r/1.601138"><img '
    'src="https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=1.601138&imageType=k" '
    'alt="K图 601138_0" width="578" height="276" /></a></p>\n'
)


class FailingLoader(ImageLoader):
    """No network by construction: every fetch fails with `reason` until `ok` is set, then the image comes."""

    def __init__(self, cache: ImageCache, reason: str = "host_not_found") -> None:
        super().__init__(cache)
        self.reason = reason
        self.ok = False
        self.fetched: list[str] = []

    def fetch(self, url: str) -> None:
        from PySide6.QtCore import QTimer

        self.fetched.append(url)
        if self.ok:
            QTimer.singleShot(0, lambda: self.loaded.emit(url, png_bytes(578, 276)))
        else:
            QTimer.singleShot(0, lambda: self.failed.emit(url, self.reason))


@pytest.fixture
def offline_preview(qtbot, tmp_path, settings: Settings):
    view = PostPreview(settings=settings, loader=FailingLoader(ImageCache(tmp_path / "cache")))
    qtbot.addWidget(view)
    view.resize(400, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def kline_post(extra: str = "") -> tuple[dict[str, Any], bytes]:
    record = {"id": 7, "title_text": "工业富联", "date": "2022-05-20", "categories": ["news"], "tags": []}
    return record, ("---\ntitle: t\n---\n" + KLINE + "<p>本报记者</p>\n" + extra).encode()


def image_rect_width(view: PostPreview) -> float:
    """The width the document gives its first image."""
    doc = view.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                return fmt.toImageFormat().width()
            it += 1
        block = block.next()
    raise AssertionError("no image in the document")


def never_wider(view: PostPreview) -> bool:
    return view.horizontalScrollBar().maximum() == 0 and view.document().size().width() <= view.viewport().width()


def test_a_failed_image_keeps_a_clean_placeholder_of_its_size_says_why_and_retries(offline_preview, qtbot) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    view = offline_preview
    view.show_post(*kline_post())
    assert never_wider(view)
    view.action_load_images.trigger()
    qtbot.waitUntil(lambda: view.image_state(0) == "failed")
    qtbot.waitUntil(lambda: view.image_notice.isVisible())
    # why, in words, above the post (not over it)
    assert view.image_notice.label.text() == "Image not loaded: host not found"
    assert view.viewportMargins().top() >= view.image_notice.height() > 0
    assert view.image_notice.geometry().bottom() < view.viewport().geometry().top()
    # a placeholder of the image's proportions (578x276), scaled to the pane: never a smear or wider
    placeholder = picture(view)
    width = view.viewport().width()
    assert placeholder.width() < width and placeholder.width() > width * 0.8
    assert abs(placeholder.height() / placeholder.width() - 276 / 578) < 0.02
    assert image_rect_width(view) == placeholder.width()
    assert never_wider(view)
    # the user makes the pane narrower: the placeholder follows
    view.resize(300, 500)
    qtbot.waitUntil(lambda: image_rect_width(view) < 300 and picture(view).width() == image_rect_width(view))
    assert never_wider(view)

    # Retry (the bar's button) asks again; still offline: failed again, the notice stays
    loader = view.loader
    QTest.mouseClick(view.image_notice.retry_button, Qt.MouseButton.LeftButton)
    assert len(loader.fetched) == 2
    qtbot.waitUntil(lambda: view.image_state(0) == "failed")

    # the network is back: a click on the placeholder itself retries, the picture comes and the bar goes
    loader.ok = True
    doc_rect = view.document().documentLayout().frameBoundingRect(view.document().rootFrame())
    point = None
    for y in range(0, int(min(doc_rect.height(), view.viewport().height())), 4):
        if view.image_at(QPoint(view.viewport().width() // 2, y)) == 0:
            point = QPoint(view.viewport().width() // 2, y + 8)
            break
    assert point is not None, "the placeholder is on screen"
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: view.image_state(0) == "loaded")
    qtbot.waitUntil(lambda: not view.image_notice.isVisible())
    assert view.viewportMargins().top() == 0
    assert image_rect_width(view) <= view.viewport().width()  # the 578-pixel picture scaled to the pane
    assert never_wider(view)


def test_reasons_are_said_in_words(offline_preview, qtbot) -> None:
    view = offline_preview
    view.loader.reason = "timeout"
    view.show_post(*kline_post())
    view.load_images()
    qtbot.waitUntil(lambda: view.image_notice.isVisible())
    assert view.image_notice.label.text() == "Image not loaded: the server did not answer in time"


def test_long_text_wide_tables_and_wide_images_never_widen_the_preview(offline_preview, qtbot) -> None:
    view = offline_preview
    run = "x" * 3000
    number_row = "".join(f"<td>{10**15 + i}</td>" for i in range(12))  # 12 sixteen-digit cells: 1,300 pixels
    table = f"<table><tr>{number_row}</tr><tr>{number_row}</tr></table>"
    wide = '<p><img src="https://example.com/wide.png" width="3000" height="100"/></p>'
    url = "https://example.com/" + "/".join(["segment" * 5] * 30)
    view.show_post(*kline_post(f"<p>{run}</p>\n{table}\n{wide}\n<p>{url}</p>\n"))
    assert never_wider(view)
    view.load_images()
    qtbot.waitUntil(lambda: view.image_state(1) == "failed")
    qtbot.waitUntil(lambda: never_wider(view))
    view.loader.ok = True
    view.retry_images()
    qtbot.waitUntil(lambda: view.image_state(1) == "loaded" and view.image_state(0) == "loaded")
    QApplication.processEvents()
    assert never_wider(view)


def test_load_images_in_the_window_without_a_network(make_window, qtbot, library, corpus) -> None:
    """The real window, the K-line post of the finews sample, "Load images" clicked with no way to the
    image's host (every request goes to a closed local port: refused by construction)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    from finews_desktop.core.importing.importer import Importer
    from finews_desktop.ui.models.posts import TITLE

    Importer(library, workers=0).run([str(corpus)])
    window = make_window()
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    preview = window.preview
    preview.loader.rewrite = lambda url: "http://127.0.0.1:9/closed.png"  # the discard port: nothing listens
    (pid,) = [r["id"] for r in library.post_records(library.post_ids()) if "202205202386666750" in r["path"]]
    row = window.model.row_of(pid)
    window.table.scrollTo(window.model.index(row, TITLE))
    QTest.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.table.visualRect(window.model.index(row, 1)).center(),
    )
    qtbot.waitUntil(lambda: preview.post_id == pid)
    assert never_wider(preview)
    # the header's "Load images" link, clicked
    cursor = preview.document().find("Load images")
    assert not cursor.isNull()
    inside = QTextCursor(preview.document())
    inside.setPosition(cursor.selectionStart() + 2)
    link = preview.cursorRect(inside).center()
    QTest.mouseClick(preview.viewport(), Qt.MouseButton.LeftButton, pos=link)
    qtbot.waitUntil(lambda: preview.image_state(0) == "failed", timeout=10_000)
    qtbot.waitUntil(lambda: preview.image_notice.isVisible())
    assert preview.image_notice.label.text() == "Image not loaded: the connection was refused"
    placeholder = picture(preview)
    assert abs(placeholder.height() / placeholder.width() - 276 / 578) < 0.02  # the chart's proportions
    assert placeholder.width() <= preview.viewport().width()
    assert never_wider(preview)
    made = preview.loader.requests_made
    QTest.mouseClick(preview.image_notice.retry_button, Qt.MouseButton.LeftButton)
    assert preview.loader.requests_made == made + 1
    qtbot.waitUntil(lambda: preview.image_state(0) == "failed", timeout=10_000)
    assert never_wider(preview)
