"""The stock page (issue 18): a stock clicked in the sidebar or in the preview, or a typed stock: search, shows
its name, symbol and counts beside the list scoped to it; Back or Escape gives the search before it back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from finews_desktop.core.importing.importer import Importer
from finews_desktop.core.store.library import Library
from finews_desktop.ui.models.posts import TITLE
from finews_desktop.ui.stock_page import stock_term


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


# posts per month of 2024 mentioning 600160 (巨化股份), and others mentioning only NIO (蔚来)
STOCK_MONTHS = [(2, 1), (0, 3), (4, 0), (1, 2), (3, 1)]


@pytest.fixture
def dated_window(make_window, qtbot, library: Library):
    from tests.core.store.posts import post, write_posts
    from tests.core.store.test_stock_reads import span

    posts = {}
    for m, (mine, others) in enumerate(STOCK_MONTHS):
        for i in range(mine + others):
            body = span("1", "600160", "巨化股份") if i < mine else span("106", "NIO", "蔚来")
            day = f"2024-{m + 1:02d}-{i + 1:02d}"
            posts[f"_posts/{day}-p{i}.md"] = post(f"P{m}-{i}", f"{day} 10:00:00 +0800", tags="[财联社]", body=body)
    write_posts(library, posts)
    window = make_window(synchronous=False)
    qtbot.waitUntil(lambda: window.model.rowCount() == len(posts))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_the_page_draws_the_stocks_timeline_and_a_clicked_bar_narrows_its_list(dated_window, qtbot) -> None:
    window = dated_window
    pages = window.stock_pages
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "stock:600160.SH")
    with qtbot.waitSignal(pages.timelineShown, timeout=20_000):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    view, chart = pages.view, pages.chart
    assert view.chart is chart and chart.isVisible() and page_shown(window, "600160.SH")
    # the stock's posts per month, the library's posts faint behind
    assert chart.unit == "month" and chart.series == {"巨化股份": [m for m, _o in STOCK_MONTHS]}
    assert chart.background == [m + o for m, o in STOCK_MONTHS] and view.page.posts == 10
    # weeks, chosen with the keyboard
    view.unit_box.setFocus()
    with qtbot.waitSignal(pages.timelineShown, timeout=20_000):
        QTest.keyClick(view.unit_box, Qt.Key.Key_Up)
    assert chart.unit == "week" and sum(chart.series["巨化股份"]) == 10
    with qtbot.waitSignal(pages.timelineShown, timeout=20_000):
        QTest.keyClick(view.unit_box, Qt.Key.Key_Down)
    assert chart.unit == "month"

    # a click on March (4 posts) narrows the list to it; the page stays
    with qtbot.waitSignal(window.listApplied, timeout=10_000):
        QTest.mouseClick(
            chart.plot.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            chart.bar_center(2).toPoint(),
        )
    assert window.search_box.text() == "stock:600160.SH date:2024-03"
    qtbot.waitUntil(lambda: window.query == "stock:600160.SH date:2024-03" and window.model.rowCount() == 4)
    assert pages.is_shown() and view.page.posts == 10
    # and a drag over February to April: their days in place of March's
    viewport = chart.plot.viewport()
    start, end = chart.bar_center(1).toPoint(), chart.bar_center(3).toPoint()
    with qtbot.waitSignal(window.listApplied, timeout=10_000):
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for step in range(1, 11):
            QTest.mouseMove(viewport, start + (end - start) * step / 10)
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    qtbot.waitUntil(lambda: window.query == "stock:600160.SH date:2024-02..2024-04" and window.model.rowCount() == 5)
    assert pages.is_shown()

    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.query == "" and not pages.is_shown())


def test_the_timeline_is_counted_while_the_page_is_read_and_drawn_with_it(dated_window, qtbot, monkeypatch) -> None:
    import threading

    from finews_desktop.ui import stock_page as stock_page_module

    window = dated_window
    pages = window.stock_pages
    release = threading.Event()
    read = stock_page_module.stock_page

    def slow_read(db, stock_id: int):
        assert release.wait(20)  # the page's read waits until the test lets it go
        return read(db, stock_id)

    monkeypatch.setattr(stock_page_module, "stock_page", slow_read)
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "stock:600160.SH")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    # counted in the list's process beside the page's read, not after it
    qtbot.waitUntil(lambda: pages.timeline is not None, timeout=20_000)
    assert not pages.is_shown()
    with qtbot.waitSignal(pages.timelineShown, timeout=20_000):
        release.set()
    assert page_shown(window, "600160.SH")
    assert pages.chart.series == {"巨化股份": [m for m, _o in STOCK_MONTHS]}
    # another stock: its page never draws the first one's bars
    drawn: list[dict] = []
    pages.timelineShown.connect(lambda: drawn.append(dict(pages.chart.series)))
    window.search_box.setFocus()
    window.search_box.selectAll()
    qtbot.keyClicks(window.search_box, "stock:NIO.US")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page_shown(window, "NIO.US") and bool(drawn), timeout=20_000)
    assert drawn == [{"蔚来": [o for _m, o in STOCK_MONTHS]}]


def test_a_stock_term_with_dates_keeps_its_page() -> None:
    assert stock_term("stock:600160 date:2024-03") == "600160"
    assert stock_term("date:2024-03..2024-05 stock:NIO.US") == "NIO.US"
    assert stock_term("stock:600160") == "600160"
    assert stock_term("stock:600160 光伏") is None and stock_term("stock:600160 stock:NIO") is None
    assert stock_term("stock:600160 OR date:2024") is None and stock_term("光伏") is None
