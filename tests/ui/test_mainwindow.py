"""The main window: drop to import, cancel, sidebar filters, SQL sorting, state restored."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from finews_desktop.core.store.library import Library
from finews_desktop.ui.models.posts import SORT_KEYS, TITLE
from finews_desktop.ui.settings import LANGUAGE
from finews_desktop.ui.widgets.sidebar import TERM_ROLE


def _drop(window, paths: list[Path], target) -> None:
    """Drag paths over `target` and drop them there, through the window's QWindow as a real drop is routed."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = target.mapTo(window, target.rect().center())
    handle = window.windowHandle()
    enter = QDragEnterEvent(
        pos, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(handle, enter)
    assert enter.isAccepted()
    assert window.drop_hint.isVisible()
    drop = QDropEvent(
        QPointF(pos), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(handle, drop)
    assert drop.isAccepted()


def _import(window, qtbot, paths) -> None:
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(p) for p in paths])
    window.report_dialog.close()


def test_first_run_shows_the_empty_state(make_window) -> None:
    window = make_window()
    assert window.list_stack.currentWidget() is window.empty_state
    assert "Drop a Jekyll archive folder" in window.empty_state.text.text()


# PySide6 marks QDragEnterEvent's only constructor (a QPoint) deprecated; there is no other.
@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")
def test_dropping_a_folder_imports_it_and_posts_appear(make_window, qtbot, corpus: Path, library: Library) -> None:
    window = make_window(synchronous=False)  # real worker threads
    qtbot.waitUntil(lambda: window.facets is not None)
    assert window.list_stack.currentWidget() is window.empty_state
    with qtbot.waitSignal(window.importFinished, timeout=30_000) as finished:
        _drop(window, [corpus], window.empty_state)
        assert not window.drop_hint.isVisible()
    report = finished.args[0]
    assert len(report.imported) == 94 and not report.cancelled
    qtbot.waitUntil(lambda: window.model.rowCount() == 94, timeout=10_000)
    assert window.list_stack.currentWidget() is window.table
    titles = {window.model.index(r, TITLE).data() for r in range(window.model.rowCount())}
    assert "明确行动目标达成方案 工业富联首次发布碳中和白皮书" in titles
    # the report dialog lists the counts and every problem with its file
    dialog = window.report_dialog
    assert dialog is not None and dialog.isVisible()
    assert "Imported: 94" in dialog.summary.text()
    lines = dialog.shown_lines()
    assert len(lines) == len(report.problems)
    assert any(line.path.endswith("-202205262391921712.md") for line in lines)
    dialog.filter_edit.setText("202205262391921712")
    assert dialog.shown_lines() and all("202205262391921712" in x.path for x in dialog.shown_lines())
    dialog.copy_all()
    assert "202205262391921712" in QApplication.clipboard().text()
    qtbot.waitUntil(lambda: window.facets is not None and window.facets.all == 94, timeout=10_000)


def test_cancel_stops_the_import_and_leaves_only_complete_posts(
    make_window, qtbot, corpus: Path, library: Library
) -> None:
    window = make_window()
    clicked = []

    def cancel_once(value: int) -> None:
        if value > 0 and not clicked:
            clicked.append(value)
            assert window.progress.isVisible()
            qtbot.mouseClick(window.progress.cancel_button, Qt.MouseButton.LeftButton)

    window.progress.bar.valueChanged.connect(cancel_once)
    with qtbot.waitSignal(window.importFinished, timeout=30_000) as finished:
        window.import_paths([str(corpus)])
    report = finished.args[0]
    assert clicked and report.cancelled
    stored = library.count_posts()
    assert 0 < stored < 94
    assert stored == len(report.imported)
    db = library.db
    # every post written is whole: its bytes, its text, its tags and categories as in the file
    assert db.execute_sql("SELECT COUNT(*) FROM post_content").fetchone()[0] == stored
    ids = library.post_ids()
    rows = {r.id: r for r in library.post_rows(ids)}
    for record in library.post_records(ids):
        tags = record["tags"] if isinstance(record["tags"], list) else []
        assert list(rows[record["id"]].tags) == list(dict.fromkeys(map(str, tags)))
    assert "cancelled" in window.report_dialog.summary.text()
    qtbot.waitUntil(lambda: window.model.rowCount() == stored)
    assert not window.progress.isVisible()


@pytest.fixture
def filled(make_window, qtbot, corpus: Path):
    window = make_window()
    _import(window, qtbot, [corpus])
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    return window


def _click_term(window, qtbot, term: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    index = window.sidebar.find_term(term)
    assert index.isValid(), term
    window.sidebar.scrollTo(index)
    window.sidebar.expand(index.parent())
    rect = window.sidebar.visualRect(index)
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_clicking_a_sidebar_entry_filters_the_list_and_sets_the_search_text(filled, qtbot) -> None:
    window = filled
    expected = {e.key: e.count for e in window.facets.tags}["东财滚动新闻"]
    _click_term(window, qtbot, "tag:东财滚动新闻")
    assert window.search_box.text() == "tag:东财滚动新闻"
    qtbot.waitUntil(lambda: window.model.rowCount() == expected)
    assert 1 < expected < 94
    assert all("东财滚动新闻" in window.model.row(r).tags for r in range(expected))
    assert f"{expected} matches" in window.match_label.text()
    assert window.sidebar.currentIndex().data(TERM_ROLE) == "tag:东财滚动新闻"
    # ctrl-click adds to the search
    _click_term(window, qtbot, "category:emnews", Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.text() == "tag:东财滚动新闻 category:emnews"
    both = {e.key: e.count for e in window.facets.categories}["emnews"]
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() <= min(both, expected))
    assert all(window.model.row(r).source for r in range(window.model.rowCount()))
    # All posts clears it
    _click_term(window, qtbot, "")
    assert window.search_box.text() == ""
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    # a category with its display name, the slug as tooltip
    index = window.sidebar.find_term("category:zhengquanribaowang")
    assert "zhengquanribaowang" in index.data(Qt.ItemDataRole.ToolTipRole)
    _click_term(window, qtbot, "is:recent")
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)


def test_sidebar_counts_come_from_the_library(filled) -> None:
    window = filled
    facets = window.facets
    assert facets.all == 94 and facets.recent == 94 and facets.trash == 0
    count_of = {e.key: e.count for e in facets.tags}
    records = window.library.post_records(window.library.post_ids())
    for tag in ("站长消息", "东财滚动新闻", "证券日报网新闻"):
        assert count_of[tag] == sum(1 for r in records if tag in (r["tags"] or []))
    assert "In library: 94" in window.count_label.text()


def test_search_box_as_you_type_and_malformed_query(filled, qtbot) -> None:
    window = filled
    expected = {e.key: e.count for e in window.facets.categories}["zhengquanribaowang"]
    qtbot.keyClicks(window.search_box, "category:zhengquanribaowang")  # QTest types ASCII only
    assert window.model.rowCount() == 94  # debounced: nothing yet
    qtbot.waitUntil(lambda: window.model.rowCount() == expected, timeout=3000)
    window.set_search('title:"unclosed')
    assert window.search_box.property("error")
    assert "Query problem" in window.statusBar().currentMessage()
    assert window.model.rowCount() == expected  # the last good list stays
    window.set_search("")
    assert not window.search_box.property("error")
    assert window.model.rowCount() == 94


def _column_values(window, col: int) -> list[str]:
    return [window.model.index(r, col).data() or "" for r in range(window.model.rowCount())]


@pytest.mark.parametrize("column", range(len(SORT_KEYS)))
def test_sorting_by_each_column_is_done_in_sql(filled, qtbot, column: int) -> None:
    window = filled
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    window.table.selectRow(5)
    selected = window.current_id()
    for _click in range(2):
        previous_fetches = window.model.fetches
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
        assert window.sort_key == SORT_KEYS[column]
        descending = window.descending
        ids = list(window.model.ids)
        assert sorted(ids) == sorted(window.library.post_ids())
        values = _column_values(window, column)
        key = SORT_KEYS[column]
        if key in ("date", "title"):
            assert values == sorted(values, reverse=descending)
        elif key == "warnings":
            numbers = [int(v or 0) for v in values]
            assert numbers == sorted(numbers, reverse=descending)
        elif key in ("tags", "stocks"):
            # posts without tags/stocks come last either way; the others by their first tag/stock
            present = [v for v in values if v]
            assert values[: len(present)] == present
            firsts = [v.split(", ")[0].split(" ")[-1] for v in present]
            assert firsts == sorted(firsts, reverse=descending)
        elif key == "source":
            # the search sorts by the source name (the first tag); posts without one show their category
            named = [window.model.row(r).source for r in range(len(ids)) if window.model.row(r).tags]
            assert named == sorted(named, reverse=descending)
        # the selection survives the re-sort and is scrolled into view
        assert window.current_id() == selected
        assert window.selected_ids() == [selected]
        assert window.model.fetches >= previous_fetches


def test_selection_survives_a_refresh_and_shows_in_the_preview(filled, qtbot) -> None:
    window = filled
    window.table.selectRow(3)
    pid = window.current_id()
    assert window.preview.post_id == pid
    title = window.library.post_record(pid)["title_text"]
    assert title in window.preview.toPlainText()
    window.refresh()
    assert window.current_id() == pid and window.selected_ids() == [pid]
    window.table.selectAll()
    assert "Selected: 94" in window.count_label.text()
    assert "94" in window.preview.toPlainText()


def test_window_state_and_last_search_are_restored(make_window, qtbot, tmp_path: Path, corpus: Path) -> None:
    settings_file = tmp_path / "state.ini"
    window = make_window(settings_file=settings_file)
    _import(window, qtbot, [corpus])
    window.resize(760, 640)  # the offscreen screen is 800x800
    window.splitter.setSizes([150, 350, 250])
    window.table.setColumnWidth(TITLE, 333)
    window.set_sort("title", False)
    window.set_search("tag:站长消息")
    sizes = window.splitter.sizes()
    window.close()
    again = make_window(settings_file=settings_file)
    assert again.search_box.text() == "tag:站长消息"
    assert (again.sort_key, again.descending) == ("title", False)
    assert again.table.columnWidth(TITLE) == 333
    assert again.splitter.sizes() == sizes
    assert again.size().width() == 760
    qtbot.waitUntil(lambda: again.model.rowCount() == 1)


def test_preview_never_loads_remote_resources(make_window) -> None:
    window = make_window()
    preview = window.preview
    preview.setHtml('<p>x</p><img src="https://example.com/chart.png"/><img src="http://example.com/a.gif"/>')
    image = preview.loadResource(2, QUrl("https://example.com/chart.png"))
    assert image.width() == 1  # an invisible placeholder, never the picture
    assert preview.loadResource(1, QUrl("https://example.com/a.css")).isEmpty()
    assert any("example.com" in url for url in preview.blocked)


def test_every_action_has_a_shortcut_or_a_menu(make_window) -> None:
    window = make_window()
    a = window.actions
    for action in (a.import_files, a.import_folder, a.settings, a.quit, a.find, a.refresh, a.copy, a.select_all):
        assert not action.shortcut().isEmpty(), action.objectName()
    assert {s.toString() for s in a.find.shortcuts()} >= {"Ctrl+F", "Ctrl+K"}
    menus = [window.file_menu, window.edit_menu, window.view_menu, window.help_menu]
    assert all("&" in m.title() for m in menus)


def test_chinese_interface(make_window, qtbot, corpus: Path) -> None:
    window = make_window(language="zh_CN")
    assert window.file_menu.title() == "文件(&F)"
    assert window.actions.import_folder.text().startswith("导入文件夹")
    assert window.model.headerData(TITLE, Qt.Orientation.Horizontal) == "标题"
    assert "拖" in window.empty_state.text.text()
    # switching back at run time, as the settings dialog does
    window.ctx.translations.use("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File")  # LanguageChange events are posted
    assert window.model.headerData(TITLE, Qt.Orientation.Horizontal) == "Title"


def test_settings_dialog_switches_language_and_sets_the_timezone(make_window, qtbot, tmp_path: Path) -> None:
    window = make_window()
    old_folder = window.library.folder
    window.open_settings()
    dialog = window.preferences_dialog
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("zh_CN"))
    dialog.timezone_box.setCurrentIndex(dialog.timezone_box.findData("Europe/Berlin"))
    dialog.library_edit.setText(str(tmp_path / "other-library"))
    dialog.accept()
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)")
    assert window.settings.get(LANGUAGE) == "zh_CN"
    assert window.library.folder == tmp_path / "other-library"  # switched at once, no restart
    with Library.open(old_folder, readonly=True) as old:
        assert old.get_setting("timezone") == "Europe/Berlin"  # the library in use when it was chosen
    window.ctx.translations.use("en")


def test_the_rows_painted_first_come_with_the_list(filled) -> None:
    window = filled
    window.model.forget()
    window.set_search("tag:东财滚动新闻")
    before = window.model.fetches
    for r in range(30):
        assert window.model.index(r, TITLE).data()
    assert window.model.fetches == before  # read by the list worker, not by the window's thread
