"""The window as a daily tool: Home/End, the sort indicator, the column menu, actions that follow the
selection, Delete moving on to the next post, empty views that say why, Open Original and citations."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.store.library import Library
from finews_desktop.ui.models.posts import SORT_KEYS


@pytest.fixture
def filled(make_window, qtbot, corpus: Path):
    window = make_window()
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(corpus)])
    window.report_dialog.close()
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    return window


def focus_list(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()


def click_row(window, qtbot, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    table = window.table
    table.scrollTo(window.model.index(row, 1))
    pos = table.visualRect(window.model.index(row, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, pos)


def test_home_and_end_jump_to_the_first_and_last_post(filled, qtbot) -> None:
    window = filled
    click_row(window, qtbot, 3)
    focus_list(window, qtbot)
    qtbot.keyClick(window.table, Qt.Key.Key_End)
    assert window.table.currentIndex().row() == 93 and window.selected_count() == 1
    qtbot.keyClick(window.table, Qt.Key.Key_Home)
    assert window.table.currentIndex().row() == 0 and window.selected_ids() == [window.model.post_id(0)]
    qtbot.keyClick(window.table, Qt.Key.Key_End, Qt.KeyboardModifier.ShiftModifier)
    assert window.selected_count() == 94


def test_the_sort_indicator_shows_the_order_of_the_list(make_window, qtbot, corpus: Path, tmp_path: Path) -> None:
    settings = tmp_path / "sort.ini"
    window = make_window(settings_file=settings)
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(corpus)])
    window.report_dialog.close()
    header = window.table.horizontalHeader()
    # a click on the Source header sorts by source, ascending, and the indicator says so
    pos = QPoint(header.sectionViewportPosition(SORT_KEYS.index("source")) + 10, header.height() // 2)
    with qtbot.waitSignal(window.listApplied):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert header.sortIndicatorSection() == SORT_KEYS.index("source")
    assert (window.sort_key, window.descending) == (
        "source",
        header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
    )
    # relevance without free-text terms is date order (newest first): the Date column shows it
    window.actions.sort_by["relevance"].trigger()
    qtbot.waitUntil(lambda: header.sortIndicatorSection() == SORT_KEYS.index("date"))
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder  # relevance keeps the direction chosen
    dates = [window.model.row(r).date for r in range(window.model.rowCount())]
    assert dates == sorted(dates)
    window.set_search("公司")  # a ranked search: no column holds that order
    assert header.sortIndicatorSection() == -1
    window.set_search("tag:证券日报网新闻")
    assert header.sortIndicatorSection() == SORT_KEYS.index("date")
    window.close()
    again = make_window(settings_file=settings)  # at start, from the saved sort
    header = again.table.horizontalHeader()
    assert again.sort_key == "relevance" and header.sortIndicatorSection() == SORT_KEYS.index("date")


def test_the_header_menu_hides_columns_and_the_choice_is_kept(
    make_window, qtbot, tmp_path: Path, library: Library
) -> None:
    settings = tmp_path / "columns.ini"
    window = make_window(settings_file=settings)
    header = window.table.horizontalHeader()
    menu = window.column_menu.build()
    stocks = next(a for a in menu.actions() if a.data() == SORT_KEYS.index("stocks"))
    stocks.trigger()  # unchecks it
    assert header.isSectionHidden(SORT_KEYS.index("stocks"))
    window.close()
    again = make_window(settings_file=settings)
    assert again.table.horizontalHeader().isSectionHidden(SORT_KEYS.index("stocks"))
    assert not again.table.horizontalHeader().isSectionHidden(SORT_KEYS.index("title"))
    # the last column shown cannot be hidden
    header = again.table.horizontalHeader()
    for col in range(len(SORT_KEYS)):
        if col != SORT_KEYS.index("title"):
            header.setSectionHidden(col, True)
    title = next(a for a in again.column_menu.build().actions() if a.data() == SORT_KEYS.index("title"))
    assert title.isChecked() and not title.isEnabled()


def test_the_header_menu_opens_on_a_right_click(make_window, qtbot) -> None:
    window = make_window()
    header = window.table.horizontalHeader()
    pos = QPoint(10, header.height() // 2)
    # the context-menu event a right-click makes (QTest's clicks go to the widget, past the window that makes it)
    where = header.viewport().mapToGlobal(pos)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, where, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(header.viewport(), event)
    qtbot.waitUntil(lambda: window.column_menu.menu is not None and window.column_menu.menu.isVisible())
    window.column_menu.menu.close()


def test_actions_follow_the_selection_and_the_trash(filled, qtbot, library: Library) -> None:
    window = filled
    ui = window.curation
    window.table.clearSelection()
    assert not ui.edit_post.isEnabled() and not ui.trash.isEnabled() and not ui.restore.isEnabled()
    assert not window.actions.open_original.isEnabled()
    click_row(window, qtbot, 0)
    assert ui.edit_post.isEnabled() and ui.trash.isEnabled() and not ui.restore.isEnabled()
    first = window.selected_ids()[0]
    focus_list(window, qtbot)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    window.set_search("is:trashed")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    click_row(window, qtbot, 0)
    assert window.selected_ids() == [first]
    assert ui.restore.isEnabled() and not ui.trash.isEnabled()


def test_after_delete_the_next_post_is_selected(filled, qtbot, library: Library) -> None:
    window = filled
    click_row(window, qtbot, 5)
    following = window.model.post_id(6)
    focus_list(window, qtbot)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.model.rowCount() == 93)
    assert window.selected_ids() == [following] and window.table.currentIndex().row() == 5
    qtbot.waitUntil(lambda: window.preview.post_id == following)
    # the last post: the one before it follows
    focus_list(window, qtbot)
    qtbot.keyClick(window.table, Qt.Key.Key_End)
    before_last = window.model.post_id(91)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.model.rowCount() == 92)
    assert window.selected_ids() == [before_last]


def test_new_collection_with_posts_selected_holds_them(filled, qtbot, library: Library, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    window = filled
    click_row(window, qtbot, 0)
    click_row(window, qtbot, 2, Qt.KeyboardModifier.ShiftModifier)
    ids = window.selected_ids()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("picks", True)))
    window.curation.new_collection.trigger()
    assert sorted(Curator(library).collection_post_ids("picks")) == sorted(ids)


def test_every_view_says_why_it_is_empty(filled, qtbot) -> None:
    window = filled
    state = window.empty_state
    for query, words in (
        ("qqqzzznothing", "No posts match this search"),
        ("is:trashed", "The trash is empty"),
    ):
        window.set_search(query)
        qtbot.waitUntil(lambda: window.list_stack.currentWidget() is state)
        assert words in state.title.text()
        assert state.all_button.isVisible() and not state.folder_button.isVisible()
    qtbot.mouseClick(state.all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.list_stack.currentWidget() is window.table and window.model.rowCount() == 94)
    assert window.search_box.text() == ""
    window.curation.create_collection("empty one")
    window.set_search('collection:"empty one"')
    qtbot.waitUntil(lambda: "collection is empty" in state.title.text())


def test_open_original_and_copy_citation_from_the_context_menu(filled, qtbot, library: Library) -> None:
    window = filled
    opened: list[QUrl] = []
    window.open_url = lambda url: opened.append(url) or True
    click_row(window, qtbot, 0)
    record = library.post_records(window.selected_ids())[0]
    pos = window.table.visualRect(window.model.index(0, 1)).center()
    where = window.table.viewport().mapToGlobal(pos)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, where, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window.table.viewport(), event)  # what a right-click makes
    qtbot.waitUntil(lambda: window.context_menu.isVisible())
    names = [a.objectName() for a in window.context_menu.actions()]
    assert {"openOriginal", "copyCitation", "copyCitationMarkdown"} <= set(names)
    window.context_menu.close()
    window.actions.open_original.trigger()
    assert [u.toString() for u in opened] == [record["source_url"]]

    click_row(window, qtbot, 1, Qt.KeyboardModifier.ShiftModifier)
    focus_list(window, qtbot)
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(record["title_text"]) and record["source_url"] in lines[0]
    assert record["date"][:10] in lines[0] and record["tags"][0] in lines[0]
    window.actions.copy_citation_markdown.trigger()
    first = QGuiApplication.clipboard().text().splitlines()[0]
    assert first.startswith("[") and f"(<{record['source_url']}>)" in first
    assert "2 citations" in window.statusBar().currentMessage()


def test_counts_use_plural_forms(filled, qtbot) -> None:
    window = filled
    window.set_search("tag:站长消息")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.match_label.text().startswith("1 match")
    window.ctx.translations.use("zh_CN")
    qtbot.waitUntil(lambda: "匹配" in window.match_label.text())
    window.ctx.translations.use("en")
    QApplication.processEvents()


def test_double_clicking_a_line_of_the_import_report_opens_its_post(make_window, qtbot, corpus: Path) -> None:
    window = make_window()
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(corpus)])
    dialog = window.report_dialog
    window.set_search("tag:站长消息")  # the post is not in this view: the window shows all posts for it
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    dialog.filter_edit.setText("front_matter_ignored")
    table = dialog.table
    index = table.model().index(0, 1)
    path = index.data()
    table.scrollTo(index)
    where = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a person's first click
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: window.preview.post_id is not None and window.selected_count() == 1)
    (record,) = window.library.post_records(window.selected_ids())
    assert path.endswith(record["path"]) and window.search_box.text() == ""
    # Enter on a line does the same
    dialog.filter_edit.setText("bad_date")
    table.setCurrentIndex(table.model().index(0, 1))
    other = table.model().index(0, 1).data()
    assert other != path
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.library.post_records(window.selected_ids())[0]["path"] in other)


def _one_post_site(folder: Path, date: str, title: str, tag: str) -> Path:
    (folder / "_posts").mkdir(parents=True)
    text = f'---\ntitle: "{title}"\ndate: {date} 09:00:00 +0800\ntags: [{tag}]\n---\n<p>x</p>\n'
    (folder / "_posts" / f"{date}-one.md").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("key", ["source", "title", "tags"])
def test_sorting_by_a_column_keeps_date_order_within_equal_values(filled, qtbot, key: str, tmp_path: Path) -> None:
    """Posts imported later but dated earlier (an older archive added afterwards): their ids do not follow
    their dates, and equal values must still come in date order."""
    window = filled
    for name, date in (("newer", "2023-01-02"), ("older", "2019-01-02")):
        with qtbot.waitSignal(window.importFinished, timeout=30_000):
            window.import_paths([str(_one_post_site(tmp_path / name, date, "Same title", "证券日报网新闻"))])
        window.report_dialog.close()
    qtbot.waitUntil(lambda: window.model.rowCount() == 96)
    column = SORT_KEYS.index(key)
    for descending in (False, True):
        window.set_sort(key, descending)
        qtbot.waitUntil(lambda d=descending: (window.sort_key, window.descending) == (key, d))
        qtbot.waitUntil(lambda: window.model.rowCount() == 96)
        rows = [window.model.row(r) for r in range(window.model.rowCount())]
        values = [window.model.index(r, column).data() for r in range(len(rows))]
        dates = [row.date for row in rows]
        runs = 0
        for i in range(1, len(rows)):
            if values[i] == values[i - 1] and dates[i] != dates[i - 1]:
                runs += 1
                newer_first = dates[i] < dates[i - 1]
                # title and source follow the sort's direction; the library-side sorts keep newest first
                assert newer_first == (descending or key == "tags"), (values[i], dates[i - 1], dates[i])
        assert runs > 0
