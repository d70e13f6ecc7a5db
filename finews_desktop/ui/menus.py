"""The window's menu bar and toolbar, laid out from its actions (`actions.py`) and the parts that add their own.

Later parts add to these menus: `curation.py` the Edit menu's undo and curation steps, `exporting.py`
File ▸ Export….
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar

from finews_desktop.ui.actions import Actions


def _fill(menu: QMenu, items: Iterable[QAction | None]) -> None:
    """Actions in order, None a separator."""
    for item in items:
        menu.addSeparator() if item is None else menu.addAction(item)


class WindowMenus(QObject):
    """File, Edit, View (with Sort By) and Help, and the toolbar with the search field, for a MainWindow."""

    def __init__(self, window: Any, actions: Actions, recent_menu: QMenu) -> None:
        super().__init__(window)
        a = actions
        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        opening = (a.open_library, recent_menu.menuAction(), None, a.import_files, a.import_folder, a.watch_folder)
        _fill(self.file_menu, (*opening, None, a.cancel_task, a.last_report, None, a.settings, None, a.quit))
        self.edit_menu = bar.addMenu("")
        _fill(
            self.edit_menu,
            (a.copy, a.copy_citation, a.copy_citation_markdown, a.select_all, None, a.find, a.clear_search),
        )
        self.view_menu = bar.addMenu("")
        self.sort_menu = self.view_menu.addMenu("")
        _fill(self.sort_menu, (*a.sort_by.values(), None, a.sort_descending))
        _fill(
            self.view_menu,
            (a.refresh, None, a.open_preview, a.open_original, a.focus_sidebar, a.focus_list, a.focus_preview),
        )
        self.help_menu = bar.addMenu("")
        _fill(self.help_menu, (a.query_help, a.about))
        self.toolbar = self._toolbar(window, actions)

    @staticmethod
    def _toolbar(window: Any, actions: Actions) -> QToolBar:
        toolbar = QToolBar()
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(actions.import_folder)
        toolbar.addAction(actions.import_files)
        toolbar.addSeparator()
        toolbar.addWidget(window.search_bar.box)
        toolbar.addWidget(window.search_bar.match_label)
        window.addToolBar(toolbar)
        return toolbar

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.sort_menu.setTitle(self.tr("&Sort By"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
