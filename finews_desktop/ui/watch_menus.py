"""Where the window lets one watch a saved search and stop watching: Edit ▸ Saved Searches ▸ Watch (every saved
search, to watch it or give it rules), and the sidebar's right-click on a watch query (Watch Settings…, Apply
Rules to Existing Posts, Stop Watching) or on a watched folder (Stop Watching).

The watch settings are stored by the core (core/watching/queries.py); applying the rules to the posts a
search matches now is a curation step, run by the curation controller (on its worker when it is long) and
undone with Ctrl+Z like any other. ui/watching.py reads the sidebar's watch entries again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtWidgets import QMenu

from finews_desktop.core.search.engine import search
from finews_desktop.core.store import watches
from finews_desktop.core.store.changes import Changes
from finews_desktop.core.store.watches import WatchQuery
from finews_desktop.core.watching import queries
from finews_desktop.ui.dialogs.watch_search import WatchSearchDialog
from finews_desktop.ui.widgets.sidebar import WATCH_FOLDER_ROLE, WATCH_ROLE


class WatchMenus(QObject):
    """The watch entries of the Saved Searches menu and of the sidebar's context menu (see the module docstring)."""

    def __init__(self, window: Any) -> None:  # MainWindow, with its curation part
        super().__init__(window)
        self.window = window
        self.dialog: WatchSearchDialog | None = None
        self.watch_menu: QMenu | None = None
        window.curation.sidebarMenu.connect(self.add_to_sidebar_menu)
        window.curation.saved_menu.aboutToShow.connect(self._add_to_saved_menu)  # after the menu's own entries

    def _query(self, name: str) -> WatchQuery | None:
        return next((q for q in watches.watch_queries(self.window.library.db) if q.name == name), None)

    def _writable(self) -> bool:
        return not self.window.library.readonly

    # --- the menus --------------------------------------------------------------------------

    def _add_to_saved_menu(self) -> None:
        searches = watches.watch_queries(self.window.library.db)
        if not searches:
            return
        menu = self.window.curation.saved_menu
        self.watch_menu = menu.addMenu(self.tr("&Watch"))
        self.watch_menu.setObjectName("watchSavedMenu")
        self.watch_menu.setEnabled(self._writable())
        for q in searches:
            action = self.watch_menu.addAction(q.name)
            action.setCheckable(True)
            action.setChecked(q.watch)
            action.setToolTip(q.query)
            action.triggered.connect(lambda _=False, n=q.name: self.edit(n))

    def add_to_sidebar_menu(self, menu: QMenu, index: QModelIndex) -> None:
        name = index.data(WATCH_ROLE) if index.isValid() else None
        folder = index.data(WATCH_FOLDER_ROLE) if index.isValid() else None
        if name is not None:
            query = self._query(name)
            settings = menu.addAction(self.tr("Watch Settings…"))
            settings.setObjectName("watchSettings")
            settings.triggered.connect(lambda: self.edit(name))
            apply = menu.addAction(self.tr("Apply Rules to Existing Posts"))
            apply.setObjectName("watchApplyRules")
            apply.setEnabled(query is not None and query.has_rules)
            apply.triggered.connect(lambda: self.apply_rules(name))
            stop = menu.addAction(self.tr("Stop Watching"))
            stop.setObjectName("watchStop")
            stop.triggered.connect(lambda: self.stop_watching(name))
        elif folder is not None:
            stop = menu.addAction(self.tr("Stop Watching"))
            stop.setObjectName("watchStopFolder")
            stop.triggered.connect(lambda: self.stop_watching_folder(folder))
        else:
            return
        for action in menu.actions():
            if action.objectName().startswith("watch"):
                action.setEnabled(action.isEnabled() and self._writable())
        menu.addSeparator()

    # --- the steps ------------------------------------------------------------------------------

    def edit(self, name: str) -> None:
        """Open the saved search's watch settings; OK stores them (and applies the rules if asked)."""
        query = self._query(name)
        if query is None or not self._writable():
            return
        curation = self.window.curation
        tags = curation.names("tag")
        collections = [c.name for c in curation.controller.curator.collections()]
        dialog = WatchSearchDialog(self.window, query, tags, collections)
        dialog.accepted.connect(lambda: self._store(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def _store(self, dialog: WatchSearchDialog) -> None:
        s = dialog.settings()
        queries.set_watch(
            self.window.library, dialog.name, watch=s.watch, add_tag=s.add_tag, add_collection=s.add_collection
        )
        self.window.watching.refresh()
        if s.apply_now:
            self.apply_rules(dialog.name)

    def apply_rules(self, name: str) -> None:
        """The rules applied to every post the search matches now: one undoable step (Edit ▸ Undo)."""
        query = self._query(name)
        if query is None or not query.has_rules or not self._writable():
            return
        library = self.window.library
        size = search(library, query.query, limit=1).total
        outcome: list[queries.RuleOutcome] = []

        def run(_curator: Any) -> Changes:
            outcome.append(queries.apply_to_existing(library, name))
            return outcome[-1].changes

        def done(_changes: Changes) -> None:
            o = outcome[-1] if outcome else None
            changed = 0 if o is None else max(o.tagged, o.collected)
            text = self.tr("The rules of “%1” changed %n post(s)", "", changed).replace("%1", name)
            self.window.statusBar().showMessage(text, 10_000)

        self.window.curation.controller.apply(
            lambda: self.tr("Apply the rules of %1").replace("%1", name), run, done, size=size
        )

    def stop_watching(self, name: str) -> None:
        """No badge any more (its rules stay: Edit ▸ Saved Searches ▸ Watch shows them)."""
        query = self._query(name)
        if query is None:
            return
        queries.set_watch(
            self.window.library, name, watch=False, add_tag=query.add_tag, add_collection=query.add_collection
        )
        self.window.watching.refresh()

    def stop_watching_folder(self, folder: str) -> None:
        """The folder is no longer watched; its posts stay in the library."""
        self.window.watching.unwatch_folder(folder)
        text = self.tr("No longer watching %1; its posts stay in the library").replace("%1", folder)
        self.window.statusBar().showMessage(text, 10_000)
