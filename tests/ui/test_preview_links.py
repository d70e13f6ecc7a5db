"""The preview: links (web opens outside, stock filters the library, nothing else is followed), find, zoom, copy."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from finews_desktop.ui import settings as S
from finews_desktop.ui.settings import Settings
from finews_desktop.ui.widgets.preview import PostPreview

BODY = """\
平安银行公告称，<span class="web-security" data-code="0,000001">平安银行(000001)</span>一季度净利润增长。

[原文](https://finance.eastmoney.com/a/202205202386666750.html)

净利润 净利润 净利润

![K图 601138_0](http://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=1.601138&imageType=k)
"""


def record(**extra: Any) -> dict[str, Any]:
    return {
        "id": 1,
        "title_text": "平安银行一季度净利润增长",
        "date": "2022-05-20 10:00:00 +0800",
        "categories": ["news"],
        "tags": ["银行"],
        "stocks": [{"market": "0", "code": "000001", "name": "平安银行"}],
        "source_url": "https://finance.eastmoney.com/a/202205202386666750.html",
        "archive": None,
        "path": "_posts/2022-05-20-x.md",
        **extra,
    }


def raw(body: str = BODY) -> bytes:
    return ("---\nlayout: post\ntitle: t\n---\n" + body).encode()


@pytest.fixture
def preview(qtbot, tmp_path):
    settings = Settings.open(tmp_path / "settings.ini")
    view = PostPreview(settings=settings)
    view.loader.cache.folder = tmp_path / "cache"
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    view.show_post(record(), raw())
    return view


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(url.toString()) or True))
    return urls


def test_the_post_is_rendered_with_its_header(preview: PostPreview) -> None:
    text = preview.toPlainText()
    assert "平安银行一季度净利润增长" in text
    assert "一季度净利润增长" in text
    assert preview.rendered is not None and preview.rendered.fallback is None


def test_web_links_open_in_the_system_browser(preview: PostPreview, opened: list[str]) -> None:
    preview.anchorClicked.emit(QUrl("https://finance.eastmoney.com/a/1.html"))
    preview.anchorClicked.emit(QUrl("http://example.com/x"))
    assert opened == ["https://finance.eastmoney.com/a/1.html", "http://example.com/x"]


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "vbscript:x", "relative/page.html", ""],
)
def test_other_links_are_never_followed(preview: PostPreview, opened: list[str], qtbot, url: str) -> None:
    before = preview.toHtml()
    with qtbot.assertNotEmitted(preview.stockClicked):
        preview.anchorClicked.emit(QUrl(url))
    assert opened == []
    assert preview.toHtml() == before  # no navigation either


def test_a_stock_link_asks_for_the_stock(preview: PostPreview, qtbot, opened: list[str]) -> None:
    links = [link for link in preview.rendered.links if link.kind == "stock"]
    assert links
    with qtbot.waitSignal(preview.stockClicked) as blocker:
        preview.anchorClicked.emit(QUrl(links[0].url))
    assert blocker.args == ["0.000001"]
    assert opened == []


def test_clicking_a_stock_in_the_window_searches_for_it(make_window, qtbot) -> None:
    window = make_window()
    window.preview.stockClicked.emit("1.600160")
    assert window.search_box.text() == "stock:1.600160"


def test_only_known_resources_are_loaded(preview: PostPreview) -> None:
    from PySide6.QtGui import QImage, QTextDocument

    image = QTextDocument.ResourceType.ImageResource
    for url in ("http://example.com/a.png", "file:///etc/passwd", "data:image/png;base64,AAAA", "finews-image:99"):
        result = preview.loadResource(image, QUrl(url))
        assert isinstance(result, QImage) and result.width() <= 1
    assert preview.loader.requests_made == 0


def test_find_highlights_every_match_and_steps(preview: PostPreview, qtbot) -> None:
    preview.setFocus()
    qtbot.keyClick(preview, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert preview.find_bar.isVisible()
    preview.find_bar.edit.setText("净利润")  # (QTest cannot type CJK)
    n = preview.match_count()
    assert n >= 4
    assert len(preview.extraSelections()) == n
    first = preview.current_match()
    qtbot.keyClick(preview.find_bar.edit, Qt.Key.Key_Return)
    assert preview.current_match() == (first + 1) % n
    assert preview.textCursor().selectedText() == "净利润"
    preview.find_previous()
    assert preview.current_match() == first
    qtbot.keyClick(preview.find_bar.edit, Qt.Key.Key_Escape)
    assert not preview.find_bar.isVisible() and preview.extraSelections() == []
    preview.find_text("no such words")
    assert preview.match_count() == 0


def test_zoom_keys_change_the_size_and_are_remembered(preview: PostPreview, qtbot, tmp_path) -> None:
    preview.setFocus()
    size = preview.font().pointSizeF()
    qtbot.keyClick(preview, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(preview, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom == 2 and preview.font().pointSizeF() > size
    qtbot.keyClick(preview, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom == 1
    assert preview.settings.get(S.PREVIEW_ZOOM) == 1
    again = PostPreview(settings=preview.settings)
    qtbot.addWidget(again)
    assert again.zoom == 1 and again.font().pointSizeF() == preview.font().pointSizeF()
    qtbot.keyClick(preview, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom == 0 and preview.font().pointSizeF() == size


def test_copy_as_plain_text_and_the_menu_actions(preview: PostPreview, opened: list[str], tmp_path) -> None:
    preview.action_copy_plain.trigger()
    text = QGuiApplication.clipboard().text()
    assert text == preview.rendered.plain_text and "平安银行一季度净利润增长" in text and "\u200b" not in text
    preview._update_actions()
    assert preview.action_open_source.isEnabled()
    preview.action_open_source.trigger()
    assert opened == ["https://finance.eastmoney.com/a/202205202386666750.html"]
    assert not preview.action_show_file.isEnabled()  # the archive is not on disk
    assert preview.action_load_images.isEnabled()

    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_posts" / "2022-05-20-x.md").write_bytes(raw())
    preview.show_post(record(id=2, archive=str(site)), raw())
    assert preview.action_show_file.isEnabled()
    preview.action_show_file.trigger()
    assert opened[-1] == QUrl.fromLocalFile(str(site / "_posts")).toString()


def test_a_local_image_next_to_the_post_is_shown(qtbot, tmp_path) -> None:
    from PySide6.QtGui import QColor, QImage

    site = tmp_path / "site"
    (site / "_posts" / "img").mkdir(parents=True)
    picture = QImage(40, 30, QImage.Format.Format_RGB32)
    picture.fill(QColor("red"))
    picture.save(str(site / "_posts" / "img" / "c.png"))
    (tmp_path / "secret.png").write_bytes((site / "_posts" / "img" / "c.png").read_bytes())
    view = PostPreview()
    qtbot.addWidget(view)
    view.show_post(record(archive=str(site)), raw("![c](img/c.png)\n\n![s](../../secret.png)\n"))
    assert view.rendered.local_images
    from PySide6.QtGui import QTextDocument

    got = view.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(view.rendered.local_images[0]))
    assert isinstance(got, QImage) and got.width() == 40
    outside = QUrl.fromLocalFile(str(tmp_path / "secret.png"))
    got = view.loadResource(QTextDocument.ResourceType.ImageResource, outside)
    assert got.width() <= 1


def test_ctrl_f_in_the_preview_finds_in_the_post_not_the_library(make_window, qtbot) -> None:
    window = make_window()
    window.preview.show_post(record(), raw())
    window.preview.setFocus()
    qtbot.waitUntil(window.preview.hasFocus)
    qtbot.keyClick(window.preview, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.preview.find_bar.isVisible()
    assert window.preview.find_bar.edit.hasFocus()
    assert not window.search_box.hasFocus()


def test_the_context_menu_has_the_preview_actions(preview: PostPreview, qtbot) -> None:
    from PySide6.QtCore import QPoint

    menu = preview.build_context_menu(QPoint(10, 10))
    names = {a.objectName() for a in menu.actions()}
    assert {"previewCopyPlain", "previewFind", "previewLoadImages", "previewOpenSource", "previewShowFile"} <= names
    menu.close()


def test_the_header_follows_the_language(preview: PostPreview, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    from finews_desktop.ui.i18n import Translations

    translations = Translations(QApplication.instance())
    try:
        translations.use("zh_CN")
        qtbot.waitUntil(lambda: "加载图片" in preview.toPlainText())
        assert preview.action_load_images.text() == "加载图片"
    finally:
        translations.use("en")
    qtbot.waitUntil(lambda: "Load images" in preview.toPlainText())


def test_the_window_preview_makes_no_network_object_until_images_are_asked_for(make_window) -> None:
    window = make_window()
    window.preview.show_post(record(), raw())
    assert window.preview.rendered.images  # there is a remote image, shown as a placeholder
    assert window.preview.loader._manager is None and window.preview.loader.requests_made == 0
