"""See what matched: the list's excerpt line with the matches highlighted, the preview's highlights and
F3/Shift+F3, a query problem dimming the stale list, and the query help on F1 (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from finews_desktop.core.importing.importer import Importer
from finews_desktop.core.store.library import Library
from finews_desktop.ui.models.posts import SNIPPET_ROLE, TITLE
from finews_desktop.ui.widgets.snippets import MARK_COLOR, first_match_in_view, query_has_words, snippet_pieces

CJK = "碳中和"


@pytest.fixture
def window(make_window, qtbot, library: Library, corpus: Path):
    report = Importer(library, workers=0).run([str(corpus)])
    assert len(report.imported) == 94
    window = make_window()
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    return window


def search(window, qtbot, text: str) -> None:
    """Text set in the search field (CJK cannot be typed by QTest), then Enter, as a person would."""
    window.activateWindow()
    window.search_box.setFocus()
    window.search_box.setText(text)
    with qtbot.waitSignal(window.listApplied, timeout=10_000):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)


def has_color(image: QImage, color: QColor) -> bool:
    rgb = color.rgb()
    return any(image.pixel(x, y) == rgb for y in range(0, image.height(), 2) for x in range(0, image.width(), 2))


def test_the_list_shows_why_each_post_matched_with_the_cjk_match_highlighted(window, qtbot) -> None:
    table, model = window.table, window.model
    one_line = table.verticalHeader().defaultSectionSize()
    assert model.data(model.index(0, TITLE), SNIPPET_ROLE) is None  # no query: one line, no excerpt
    search(window, qtbot, CJK)
    assert 0 < model.rowCount() < 94
    assert table.verticalHeader().defaultSectionSize() > one_line  # two lines: title, then why
    # painted rows ask for their excerpts; they arrive and are kept
    qtbot.waitUntil(lambda: f"<mark>{CJK}</mark>" in (model.data(model.index(0, TITLE), SNIPPET_ROLE) or ""))
    assert model._snippets.keys() <= set(model.ids)
    assert len(model._snippets) <= max(1, table.viewport().height() // table.rowHeight(0) + 2)  # only painted ones
    pieces = snippet_pieces(model.data(model.index(0, TITLE), SNIPPET_ROLE))
    assert (CJK, True) in pieces
    # and the highlight is painted under the title
    qtbot.waitUntil(lambda: has_color(table.viewport().grab().toImage(), MARK_COLOR))

    # a query without words (a tag) has no excerpt line; clearing the query goes back to one line
    search(window, qtbot, "tag:东财滚动新闻")
    assert model.data(model.index(0, TITLE), SNIPPET_ROLE) is None
    assert table.verticalHeader().defaultSectionSize() == one_line
    search(window, qtbot, "")
    assert table.verticalHeader().defaultSectionSize() == one_line


def test_a_narrow_title_column_still_shows_the_match(window, qtbot) -> None:
    """The excerpt centres its match; when the column is narrower than the context before it, that
    context is cut from the left, so every row still shows its highlighted match."""
    table, model = window.table, window.model
    search(window, qtbot, CJK)
    table.setColumnWidth(TITLE, 160)
    qtbot.waitUntil(lambda: all(model.data(model.index(r, TITLE), SNIPPET_ROLE) for r in range(model.rowCount())))
    for row in range(model.rowCount()):
        rect = table.visualRect(model.index(row, TITLE))
        strip = table.viewport().grab(rect.adjusted(0, rect.height() // 2, 0, 0)).toImage()
        assert has_color(strip, MARK_COLOR), row


def test_first_match_in_view_cuts_the_context_before_it_from_the_left(qapp) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    plain, bold_font = QFont(), QFont()
    bold_font.setBold(True)
    fm, bold = QFontMetrics(plain), QFontMetrics(bold_font)
    pieces = [("long context " * 20, False), ("match", True), (" after", False)]
    fitted = first_match_in_view(pieces, fm, bold, 200)
    assert fitted[0][0].startswith("…") and fm.horizontalAdvance(fitted[0][0]) <= 50
    assert fitted[1:] == pieces[1:]
    wide = 10 * fm.horizontalAdvance(pieces[0][0])
    assert first_match_in_view(pieces, fm, bold, wide) == pieces  # room enough: unchanged
    assert first_match_in_view([("no match", False)], fm, bold, 10) == [("no match", False)]


def test_a_new_query_forgets_the_old_excerpts(window, qtbot) -> None:
    model = window.model
    search(window, qtbot, CJK)
    qtbot.waitUntil(lambda: "<mark>" in (model.data(model.index(0, TITLE), SNIPPET_ROLE) or ""))
    search(window, qtbot, "光伏")
    first = model.index(0, TITLE)
    qtbot.waitUntil(lambda: "<mark>光伏</mark>" in (model.data(first, SNIPPET_ROLE) or ""))
    assert all(CJK not in s or "光伏" in s for s in model._snippets.values())


def test_query_has_words() -> None:
    assert query_has_words("碳中和 tag:x")
    assert not query_has_words("tag:东财 date:2022-05")
    assert not query_has_words("-减持")
    assert not query_has_words("is:recent")
    assert not query_has_words("(((")


def current_text(window) -> str:
    preview = window.preview
    return preview._matches[preview.current_match()].selectedText()


def test_the_preview_highlights_the_matches_and_f3_steps_through_them(window, qtbot) -> None:
    search(window, qtbot, CJK)
    table, preview = window.table, window.preview
    rect = table.visualRect(window.model.index(0, TITLE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: preview.post_id == window.model.post_id(0))
    n = preview.match_count()
    assert n >= 3  # the white paper's post says 碳中和 many times, title included
    assert preview.current_match() == -1  # all highlighted, none current until F3
    highlighted = preview.extraSelections()
    assert len(highlighted) == n and all(s.cursor.selectedText() == CJK for s in highlighted)

    # F3 from the list (the focus stays there): the first match becomes current, then the next
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F3)
    assert preview.current_match() == 0 and current_text(window) == CJK
    qtbot.keyClick(table, Qt.Key.Key_F3)
    assert preview.current_match() == 1
    colours = [s.format.background().color().name() for s in preview.extraSelections()]
    assert colours[1] != colours[0] and colours.count(colours[1]) == 1  # the current one is distinct
    # Shift+F3 goes back, and wraps at either end
    qtbot.keyClick(table, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(table, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert preview.current_match() == n - 1
    qtbot.keyClick(table, Qt.Key.Key_F3)
    assert preview.current_match() == 0

    # the find bar's own words take over while it has text, above the post (never over it)
    preview.setFocus()
    qtbot.keyClick(preview, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = preview.find_bar
    assert bar.isVisible() and bar.geometry().bottom() < preview.viewport().geometry().top()
    bar.edit.setText("工业富联")
    assert preview.match_count() >= 2 and current_text(window) == "工业富联"
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3)
    assert current_text(window) == "工业富联"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and preview.viewportMargins().top() == 0
    assert preview.match_count() == n  # back to the search's words

    # a new search: the preview follows it
    search(window, qtbot, "光伏")
    assert all(s.cursor.selectedText() in ("光伏",) for s in preview.extraSelections())


def test_f1_opens_the_search_syntax_table_in_the_window_language(window, qtbot) -> None:
    from finews_desktop.ui.dialogs.query_help import QueryHelpDialog, help_rows

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F1)
    dialog = window.findChild(QueryHelpDialog)
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(3)]
    assert headers == ["Syntax", "Meaning", "Example"]
    assert table.rowCount() == len(help_rows()) >= 15
    syntax = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert {"tag:", "stock:", "date:A..B", "-word", "A OR B", "is:recent"} <= set(syntax)
    assert "<table" in window.search_box.toolTip()  # the tooltip is the same table
    # a double-click on a row searches its example
    row = syntax.index("tag:")
    rect = table.visualRect(table.model().index(row, 2))
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.query == "tag:东财滚动新闻")
    dialog.close()

    # in 简体中文: the same table, translated
    window.ctx.translations.use("zh_CN")
    qtbot.keyClick(window.table, Qt.Key.Key_F1)
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: [table.horizontalHeaderItem(c).text() for c in range(3)] == ["语法", "含义", "示例"])
    meanings = [table.item(r, 1).text() for r in range(table.rowCount())]
    assert all(not m.isascii() for m in meanings), meanings
    assert dialog.windowTitle() == "搜索语法"


def _click_term(window, qtbot, term: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    sidebar = window.sidebar
    index = sidebar.find_term(term)
    assert index.isValid(), term
    sidebar.expand(index.parent())
    sidebar.scrollTo(index)
    with qtbot.waitSignal(window.listApplied, timeout=10_000):
        qtbot.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, modifier, sidebar.visualRect(index).center())


def test_facet_clicks_say_what_they_do_and_a_second_click_excludes(window, qtbot) -> None:
    term = "tag:东财滚动新闻"
    index = window.sidebar.find_term(term)
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Ctrl+click" in tip and "click again" in tip
    with_tag = {e.key: e.count for e in window.facets.tags}["东财滚动新闻"]
    _click_term(window, qtbot, term)
    assert window.search_box.text() == term and window.model.rowCount() == with_tag
    _click_term(window, qtbot, term)  # the second click: all but these
    assert window.search_box.text() == f"-{term}" and window.model.rowCount() == 94 - with_tag
    _click_term(window, qtbot, term)
    assert window.search_box.text() == term
    # Ctrl+click combines, and on a term already there excludes it
    _click_term(window, qtbot, "category:emnews", Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.text() == f"{term} category:emnews"
    _click_term(window, qtbot, "category:emnews", Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.text() == f"{term} -category:emnews"
