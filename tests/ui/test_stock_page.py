"""The stock page (issue 18): a stock clicked in the sidebar or in the preview, or a typed stock: search, shows
its name, symbol and counts beside the list scoped to it; Back or Escape gives the search before it back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from finews_desktop.core.importing.importer import Importer
from finews_desktop.core.store.library import Library
from finews_desktop.ui.models.posts import TITLE


@pytest.fixture
def window(make_window, qtbot, library: Library, corpus: Path):
    report = Importer(library, workers=0).run([str(corpus)])
    assert len(report.imported) == 94
    window = make_window(synchronous=False)
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    qtbot.waitUntil(lambda: window.facets is not None)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def page_shown(window, symbol: str) -> bool:
    pages = window.stock_pages
    return pages.is_shown() and symbol in pages.view.title.text()


def click_sidebar(window, qtbot, term: str) -> None:
    sidebar = window.sidebar
    index = sidebar.find_term(term)
    assert index.isValid()
    sidebar.expand(index.parent())
    sidebar.scrollTo(index)
    qtbot.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=sidebar.visualRect(index).center())


def test_a_sidebar_stock_shows_its_page_and_escape_returns(window, qtbot) -> None:
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "NIO")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.query == "NIO" and window.model.rowCount() < 94)

    click_sidebar(window, qtbot, "stock:600160")
    qtbot.waitUntil(lambda: page_shown(window, "600160.SH"))
    view = window.stock_pages.view
    assert "巨化股份" in view.title.text() and "stock" in view.title.text()
    posts = view.page.posts
    assert posts >= 1 and f"{posts} post" in view.figures.text()
    assert "NIO.US" in view.mentioned.text()  # the stocks mentioned with it, by symbol
    qtbot.waitUntil(lambda: window.model.rowCount() == posts)  # the list shows the stock's posts
    assert window.search_box.text() == "stock:600160"

    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.query == "NIO" and not window.stock_pages.is_shown())
    assert window.stock_pages.stack.currentWidget() is window.preview


def test_a_stock_link_in_the_preview_shows_its_page_and_back_returns(window, qtbot) -> None:
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "stock:1.600160")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page_shown(window, "600160.SH"))
    first = window.stock_pages.view.page.posts
    table = window.table
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(window.model.index(0, TITLE)).center()
    )
    qtbot.waitUntil(lambda: not window.stock_pages.is_shown() and window.preview.post_id == window.model.post_id(0))

    # a stock link in the post other than 巨化股份: click it where it is drawn
    preview = window.preview
    doc = preview.document()
    cursor = None
    block = doc.begin()
    while block.isValid() and cursor is None:
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            href = frag.charFormat().anchorHref()
            if href.startswith("finews:stock/") and not href.endswith("1.600160"):
                cursor = QTextCursor(doc)
                cursor.setPosition(frag.position() + frag.length() // 2)
                target = href.rsplit("/", 1)[1]
                break
            it += 1
        block = block.next()
    assert cursor is not None, "the first 600160 post mentions another stock"
    preview.setTextCursor(cursor)
    preview.ensureCursorVisible()
    qtbot.mouseClick(preview.viewport(), Qt.MouseButton.LeftButton, pos=preview.cursorRect(cursor).center())
    qtbot.waitUntil(lambda: window.search_box.text() == f"stock:{target}" and window.stock_pages.is_shown())
    view = window.stock_pages.view
    qtbot.waitUntil(lambda: view.page is not None and view.page.instrument.secid == target)
    assert view.page.instrument.symbol is None or view.page.instrument.symbol in view.title.text()

    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.stock_pages.is_shown() and window.query == "")
    assert first >= 1


def test_a_code_no_stock_has_says_so(window, qtbot) -> None:
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "stock:601988.SH")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    view = window.stock_pages.view
    qtbot.waitUntil(lambda: window.stock_pages.is_shown() and view.page is None)
    assert "No stock" in view.figures.text() and window.model.rowCount() == 0
