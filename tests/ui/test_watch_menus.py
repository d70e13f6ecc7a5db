"""Watching from the window (issue 20): a saved search watched from Edit ▸ Saved Searches ▸ Watch, its rules set
in the Watch Saved Search dialog by keyboard and applied to the posts it matches now (undone with Ctrl+Z), and
Stop Watching from the sidebar's right-click on a watch query and on a watched folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.search.engine import search
from finews_desktop.core.store import watches
from finews_desktop.core.store.library import Library
from finews_desktop.core.watching import queries, sync
from finews_desktop.ui.dialogs.watch_search import WatchSearchDialog
from finews_desktop.ui.widgets.sidebar import WATCH_FOLDER_ROLE
from tests.core.sites import write_site


def post(title: str, body: str) -> str:
    return f"---\nlayout: post\ntitle: {title}\n---\n{body}\n"


@pytest.fixture
def window(make_window, qtbot, library: Library, tmp_path: Path):
    site = write_site(
        tmp_path / "site",
        {
            "_posts/2024-01-01-a.md": post("solar one", "光伏"),
            "_posts/2024-01-02-b.md": post("solar two", "光伏 again"),
            "_posts/2024-01-03-c.md": post("wind", "风电"),
        },
    )
    sync.add(library, site)
    sync.sync(library)
    Curator(library).save_search("solar", "光伏")
    window = make_window()
    qtbot.waitUntil(lambda: window.model.rowCount() == 3 and window.facets is not None)
    return window


def watched(library: Library) -> dict[str, watches.WatchQuery]:
    return {q.name: q for q in watches.watch_queries(library.db) if q.watch or q.has_rules}


def right_click(window, qtbot, index: QModelIndex) -> dict:
    """The sidebar's context menu over `index`, as a right-click opens it; its actions by object name."""
    sidebar = window.sidebar
    sidebar.scrollTo(index)
    pos = sidebar.visualRect(index).center()
    qtbot.mouseClick(sidebar.viewport(), Qt.MouseButton.RightButton, pos=pos)
    where = sidebar.viewport().mapToGlobal(pos)  # and the context-menu event a right-click makes
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, where, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(sidebar.viewport(), event)
    menu = window.curation.sidebar_menu
    qtbot.waitUntil(menu.isVisible)
    return {a.objectName(): (menu, a) for a in menu.actions() if a.objectName()}


def choose(qtbot, menu: QMenu, action) -> None:
    """Pick a menu entry as the arrow keys and Enter would."""
    menu.setActiveAction(action)
    qtbot.keyClick(menu, Qt.Key.Key_Return)


def open_watch_dialog_from_the_edit_menu(window, qtbot) -> WatchSearchDialog:
    window.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # the menu bar's &Edit
    qtbot.waitUntil(window.edit_menu.isVisible)
    window.edit_menu.setActiveAction(window.curation.saved_menu_action)
    qtbot.keyClick(window.edit_menu, Qt.Key.Key_Right)  # Saved Searches opens
    saved = window.curation.saved_menu
    qtbot.waitUntil(saved.isVisible)
    watch_menu = window.watch_menus.watch_menu
    assert watch_menu is not None
    saved.setActiveAction(watch_menu.menuAction())
    qtbot.keyClick(saved, Qt.Key.Key_Right)  # Watch opens, its saved searches listed
    qtbot.waitUntil(watch_menu.isVisible)
    (solar,) = [a for a in watch_menu.actions() if a.text() == "solar"]
    assert not solar.isChecked()
    choose(qtbot, watch_menu, solar)
    qtbot.waitUntil(lambda: window.watch_menus.dialog is not None and window.watch_menus.dialog.isVisible())
    return window.watch_menus.dialog


def test_watch_a_saved_search_with_a_rule_applied_now_and_undo_it(window, qtbot, library: Library) -> None:
    dialog = open_watch_dialog_from_the_edit_menu(window, qtbot)
    qtbot.waitUntil(dialog.watch.hasFocus)
    assert not dialog.apply_now.isEnabled()
    qtbot.keyClick(dialog.watch, Qt.Key.Key_Space)  # &Watch on
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # Add &tag:
    assert dialog.tag.hasFocus()
    qtbot.keyClicks(dialog.tag, "solar")
    assert dialog.apply_now.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # &Apply the rules ... now
    qtbot.waitUntil(dialog.apply_now.isChecked)  # (a mnemonic clicks the box a moment later, as it shows it)
    qtbot.keyClick(dialog.tag, Qt.Key.Key_Return)  # OK
    qtbot.waitUntil(lambda: not dialog.isVisible())

    q = watched(library)["solar"]
    assert q.watch and q.add_tag == "solar" and q.add_collection is None
    qtbot.waitUntil(lambda: window.sidebar.watch_query_index("solar").isValid())
    qtbot.waitUntil(lambda: search(library, "tag:solar").total == 2)
    assert "changed 2 posts" in window.statusBar().currentMessage()

    window.activateWindow()  # as closing the dialog gives the window back its keys (offscreen does not)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Edit ▸ Undo
    qtbot.waitUntil(lambda: search(library, "tag:solar").total == 0)
    assert watched(library)["solar"].add_tag == "solar"  # the rule stays: only its application is undone


def test_a_watch_querys_settings_from_the_sidebar_and_stop_watching_it(window, qtbot, library: Library) -> None:
    queries.set_watch(library, "solar", watch=True, add_collection="Solar")
    window.watching.refresh()
    qtbot.waitUntil(lambda: window.sidebar.watch_query_index("solar").isValid())

    actions = right_click(window, qtbot, window.sidebar.watch_query_index("solar"))
    assert {"watchSettings", "watchApplyRules", "watchStop"} <= set(actions)
    menu, apply = actions["watchApplyRules"]
    assert apply.isEnabled()
    choose(qtbot, menu, apply)
    qtbot.waitUntil(lambda: Curator(library).collection_post_ids("Solar") != [])
    assert len(Curator(library).collection_post_ids("Solar")) == 2

    menu, settings = right_click(window, qtbot, window.sidebar.watch_query_index("solar"))["watchSettings"]
    choose(qtbot, menu, settings)
    qtbot.waitUntil(lambda: window.watch_menus.dialog is not None and window.watch_menus.dialog.isVisible())
    dialog = window.watch_menus.dialog
    assert dialog.watch.isChecked() and dialog.collection.text() == "Solar"
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # Add to &collection:
    dialog.collection.selectAll()
    qtbot.keyClick(dialog.collection, Qt.Key.Key_Delete)  # no collection rule any more
    assert not dialog.apply_now.isEnabled()
    qtbot.keyClick(dialog.collection, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert watched(library)["solar"].add_collection is None

    menu, stop = right_click(window, qtbot, window.sidebar.watch_query_index("solar"))["watchStop"]
    choose(qtbot, menu, stop)
    qtbot.waitUntil(lambda: not window.sidebar.watch_query_index("solar").isValid())
    assert "solar" not in watched(library)


def test_stop_watching_a_folder_from_the_sidebar(window, qtbot, library: Library, tmp_path: Path) -> None:
    model = window.sidebar.model()

    def folder_index() -> QModelIndex:
        found = model.match(
            model.index(0, 0), WATCH_FOLDER_ROLE, str(tmp_path / "site"), 1, Qt.MatchFlag.MatchRecursive
        )
        return found[0] if found else QModelIndex()

    qtbot.waitUntil(lambda: folder_index().isValid())
    menu, stop = right_click(window, qtbot, folder_index())["watchStopFolder"]
    choose(qtbot, menu, stop)
    qtbot.waitUntil(lambda: not folder_index().isValid())
    assert sync.folders(library) == []
    assert library.count_posts() == 3  # its posts stay
    assert "No longer watching" in window.statusBar().currentMessage()
