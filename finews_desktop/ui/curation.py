"""The window's curation controller: runs curation work (long work on a worker thread) and keeps a QUndoStack.

Each done `Changes` (a curation step or a `Library` edit) becomes a `CurationCommand` on the
QUndoStack; its undo/redo call `Curator.undo`, which returns the value that
reverses it again. `changed` tells views what changed (they refresh from it);
`error` carries a known error's words. A step's name is kept as the function that
says it, so that after a language switch the Edit menu names older steps in the new
language too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMenu

from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.errors import KnownError
from finews_desktop.core.store.changes import Changes
from finews_desktop.core.store.library import Library
from finews_desktop.ui.models.posts import POST_IDS_MIME
from finews_desktop.ui.tasks import TaskRunner

LONG = 2000  # posts: more than this runs on the worker thread

Label = str | Callable[[], str]
"""A step's name: a function that says it with tr(), said again after a language switch; or fixed text (a
description the core wrote), which stays as it is."""


def say(label: Label) -> str:
    """The label's words in the current language."""
    return label if isinstance(label, str) else label()


class CurationCommand(QUndoCommand):
    def __init__(self, controller: CurationController, changes: Changes, label: Label) -> None:
        super().__init__(say(label))
        self.label = label
        self.controller = controller
        self.changes = changes
        self.size = len(changes.post_ids)
        self.prepared: Changes | None = None  # the swap already done on the worker thread
        self._first = True

    def _swap(self) -> None:
        if self.prepared is not None:
            self.changes, self.prepared = self.prepared, None
        else:
            try:
                self.changes = self.controller.curator.undo(self.changes)
            except KnownError as exc:
                self.setObsolete(True)
                self.controller.error.emit(str(exc))
                return
        self.controller.changed.emit(self.changes)

    def redo(self) -> None:
        if self._first:  # the change was already made when it was pushed
            self._first = False
            return
        self._swap()

    def undo(self) -> None:
        self._swap()

    def retranslate(self) -> None:
        self.setText(say(self.label))


class CurationController(QObject):
    changed = Signal(object)  # Changes
    error = Signal(str)
    busy = Signal(bool)

    def __init__(self, library: Library, runner: TaskRunner | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.curator = Curator(library)
        self.runner = runner
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(100)

    def retranslate(self) -> None:
        """Name every step again in the current language. QUndoStack sends no signal for this: whoever shows
        undoText()/redoText() reads them again afterwards."""
        for index in range(self.undo_stack.count()):
            command = self.undo_stack.command(index)
            if isinstance(command, CurationCommand):
                command.retranslate()

    def undo(self) -> None:
        self._step(self.undo_stack.index() - 1, self.undo_stack.undo)

    def redo(self) -> None:
        self._step(self.undo_stack.index(), self.undo_stack.redo)

    def _step(self, index: int, move: Callable[[], None]) -> None:
        """Undo or redo; a step over many posts is swapped on the worker, then the stack moves."""
        command = self.undo_stack.command(index) if 0 <= index < self.undo_stack.count() else None
        if not isinstance(command, CurationCommand):
            return
        if self.runner is None or command.size <= LONG:
            move()
            return
        library, changes = self.library, command.changes

        def done(swapped: Any) -> None:
            self.busy.emit(False)
            command.prepared = swapped
            move()

        def failed(exc: BaseException) -> None:
            self.busy.emit(False)
            self.error.emit(str(exc) if isinstance(exc, KnownError) else repr(exc))

        self.busy.emit(True)
        self.runner.run(lambda _t: Curator(library).undo(changes), name="undo", on_done=done, on_error=failed)

    def record(self, changes: Changes | None, label: Label) -> None:
        """Put a change already made on the undo stack and tell the views."""
        if not changes:
            return
        if not changes.undoable:
            self.undo_stack.clear()  # what it deleted cannot come back; older steps may need it
        else:
            self.undo_stack.push(CurationCommand(self, changes, label))
        self.changed.emit(changes)

    def run_now(self, label: Label, fn: Callable[[Curator], Changes]) -> Changes:
        """Run fn(curator) here and now, record it for undo and tell the views; a KnownError goes to the
        caller (a dialog that shows it and stays open)."""
        changes = fn(self.curator)
        self.record(changes, label)
        return changes

    def apply(
        self,
        label: Label,
        fn: Callable[[Curator], Changes],
        on_done: Callable[[Changes], None] | None = None,
        *,
        size: int = 0,
    ) -> None:
        """Run fn(curator); on the worker thread when it touches many posts (size) and a runner is there."""

        def done(changes: Any) -> None:
            self.busy.emit(False)
            self.record(changes, label)
            if on_done is not None:
                on_done(changes)

        def failed(exc: BaseException) -> None:
            self.busy.emit(False)
            self.error.emit(str(exc) if isinstance(exc, KnownError) else repr(exc))

        if self.runner is not None and size > LONG:
            self.busy.emit(True)
            self.runner.run(lambda _task: fn(Curator(self.library)), name=say(label), on_done=done, on_error=failed)
            return
        try:
            changes = fn(self.curator)
        except KnownError as exc:
            self.error.emit(str(exc))
            return
        done(changes)


# --- the main window's curation actions ------------------------------------------------------


def _parse_term(text: str) -> tuple[str, str] | None:
    """('tag'|'category'|'collection', value) of a sidebar term such as tag:"a b"."""
    field, _, value = text.partition(":")
    if field not in ("tag", "category", "collection") or not value:
        return None
    if value.startswith('"') and value.endswith('"') and len(value) >= 2:
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return field, value


class CurationUi(QObject):
    """Adds curation to a MainWindow: Edit menu and context menu actions, undo/redo, drops on the sidebar."""

    sidebarNameMenu = Signal(object, str, str)  # the sidebar's menu for a tag or category: (QMenu, kind, name)
    sidebarMenu = Signal(object, object)  # the sidebar's menu for any entry: (QMenu, QModelIndex) (ui/watch_menus.py)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.runner = TaskRunner("curate", synchronous=window.ctx.synchronous, parent=self)
        self.controller = CurationController(window.library, self.runner, self)
        self.controller.changed.connect(self._changed)
        self.controller.error.connect(self._error)
        self.controller.busy.connect(self._busy)
        self._make_undo_actions()
        self._make_curation_actions()
        self._fill_edit_menu()
        self._accept_drops_on_sidebar()
        window.installEventFilter(self)
        self.retranslate()

    def _action(self, name: str, keys: list[QKeySequence] | None = None) -> QAction:
        action = QAction(self.window)
        action.setObjectName(name)
        if keys:
            action.setShortcuts(keys)
        return action

    def _make_undo_actions(self) -> None:
        Std = QKeySequence.StandardKey
        stack = self.controller.undo_stack
        # The platform's bindings, plus the common ones where the platform lacks them: a key bound twice
        # to one action is an "ambiguous shortcut" to Qt, which then fires neither (Ctrl+Z did nothing).
        self.undo = self._action("undo", _distinct(QKeySequence.keyBindings(Std.Undo), "Ctrl+Z"))
        self.redo = self._action("redo", _distinct(QKeySequence.keyBindings(Std.Redo), "Ctrl+Shift+Z", "Ctrl+Y"))
        self.undo.triggered.connect(self.controller.undo)
        self.redo.triggered.connect(self.controller.redo)
        self.undo.setEnabled(False)
        self.redo.setEnabled(False)
        stack.canUndoChanged.connect(self.undo.setEnabled)
        stack.canRedoChanged.connect(self.redo.setEnabled)
        stack.undoTextChanged.connect(self._undo_texts)
        stack.redoTextChanged.connect(self._undo_texts)

    def _make_curation_actions(self) -> None:
        window = self.window
        self.manage = self._action("manageNames", [QKeySequence("Ctrl+Shift+T")])
        self.bulk_edit = self._action("bulkEdit", [QKeySequence("Ctrl+Shift+E")])
        self.edit_post = self._action("editPost", [QKeySequence("Ctrl+E")])
        self.trash = self._action("moveToTrash", [QKeySequence(Qt.Key.Key_Delete)])
        self.restore = self._action("restoreFromTrash")
        self.empty_trash = self._action("emptyTrash")
        self.new_collection = self._action("newCollection")
        self.collection_menu = QMenu(window)
        self.collection_menu.aboutToShow.connect(self._fill_collection_menu)
        self.save_search = self._action("saveSearch")
        self.saved_menu = QMenu(window)
        self.saved_menu.aboutToShow.connect(self._fill_saved_menu)
        self.save_search.triggered.connect(lambda: self.save_current_search())
        self.manage.triggered.connect(self.open_manager)
        self.bulk_edit.triggered.connect(self.open_bulk_edit)
        self.edit_post.triggered.connect(self.open_post_editor)
        self.trash.triggered.connect(self.trash_selected)
        self.restore.triggered.connect(self.restore_selected)
        self.empty_trash.triggered.connect(self.empty)
        self.new_collection.triggered.connect(lambda: self.create_collection(ids=window.selected_ids() or None))

    def _fill_edit_menu(self) -> None:
        """Undo and Redo first in the Edit menu, the curation actions after what is there; some also in the
        post list's context menu."""
        menu = self.window.edit_menu
        first = menu.actions()[0] if menu.actions() else None
        for item in (self.undo, self.redo, None):
            if item is None:
                menu.insertSeparator(first)
            else:
                menu.insertAction(first, item)
        menu.addSeparator()
        for item in (self.edit_post, self.bulk_edit, self.manage, None, self.trash, self.restore, self.empty_trash):
            menu.addSeparator() if item is None else menu.addAction(item)
        menu.addSeparator()
        menu.addAction(self.new_collection)
        self.collection_menu_action = menu.addMenu(self.collection_menu)
        menu.addSeparator()
        menu.addAction(self.save_search)
        self.saved_menu_action = menu.addMenu(self.saved_menu)
        self.window.actions.post_context.extend(
            [None, self.edit_post, self.bulk_edit, self.collection_menu_action, None, self.trash, self.restore]
        )

    def _accept_drops_on_sidebar(self) -> None:
        """Posts dropped on a tag, category or collection get it (eventFilter); right-click offers more."""
        sidebar = self.window.sidebar
        sidebar.setAcceptDrops(True)
        sidebar.viewport().installEventFilter(self)
        sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        sidebar.customContextMenuRequested.connect(self._sidebar_menu)

    def retranslate(self) -> None:
        self.controller.retranslate()
        self._undo_texts()
        self.manage.setText(self.tr("&Tags and Categories…"))
        self.bulk_edit.setText(self.tr("Edit Tags and &Categories of Selected…"))
        self.edit_post.setText(self.tr("Edit &Post…"))
        self.trash.setText(self.tr("Move to &Trash"))
        self.restore.setText(self.tr("Restore from Trash"))
        self.empty_trash.setText(self.tr("Empty Trash…"))
        self.new_collection.setText(self.tr("New &Collection…"))
        self.collection_menu.setTitle(self.tr("Add to C&ollection"))
        self.save_search.setText(self.tr("Save &Search…"))
        self.saved_menu.setTitle(self.tr("Saved Searc&hes"))

    def _undo_texts(self) -> None:
        """Undo and Redo say which step they would undo or redo."""
        stack = self.controller.undo_stack
        undo, redo = stack.undoText(), stack.redoText()
        self.undo.setText(self.tr("&Undo %1").replace("%1", undo).strip() if undo else self.tr("&Undo"))
        self.redo.setText(self.tr("&Redo %1").replace("%1", redo).strip() if redo else self.tr("&Redo"))

    # --- plumbing -------------------------------------------------------------------------

    def _curator(self) -> Curator:
        if self.controller.library is not self.window.library:  # the window switched libraries
            self.controller.library = self.window.library
            self.controller.curator = Curator(self.window.library)
            self.controller.undo_stack.clear()
        return self.controller.curator

    def _changed(self, changes: Changes) -> None:
        self.window.apply_changes(changes)

    def _error(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10_000)
        self.last_error = text

    def _busy(self, busy: bool) -> None:
        self.window.setCursor(Qt.CursorShape.BusyCursor) if busy else self.window.unsetCursor()
        for action in (self.manage, self.bulk_edit, self.trash):
            action.setEnabled(not busy)
        stack = self.controller.undo_stack
        self.undo.setEnabled(not busy and stack.canUndo())
        self.redo.setEnabled(not busy and stack.canRedo())

    def names(self, kind: str) -> list[str]:
        return [n.name for n in self._curator().names(kind)]

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if obj is self.window:
            if kind == QEvent.Type.LanguageChange:
                self.retranslate()
            elif kind == QEvent.Type.Close:
                self.runner.shutdown(self.window.library.db.close)
            return False
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            target = self._drop_target(event)  # type: ignore[arg-type]
            if target is not None and event.mimeData().hasFormat(POST_IDS_MIME):  # type: ignore[attr-defined]
                event.acceptProposedAction()  # type: ignore[attr-defined]
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.Drop:
            target = self._drop_target(event)  # type: ignore[arg-type]
            data = bytes(event.mimeData().data(POST_IDS_MIME)).decode()  # type: ignore[attr-defined]
            ids = [int(x) for x in data.split(",") if x]
            if target is not None and ids:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.apply_to(target, ids)
            return True
        return False

    def _drop_target(self, event: Any) -> tuple[str, str] | None:
        from finews_desktop.ui.widgets.sidebar import TERM_ROLE

        index = self.window.sidebar.indexAt(event.position().toPoint())
        text = index.data(TERM_ROLE) if index.isValid() else None
        return _parse_term(text) if text else None

    def apply_to(self, target: tuple[str, str], ids: list[int]) -> None:
        """What a drop of posts on a sidebar entry does: add that tag, category or collection."""
        field, value = target
        self._curator()
        if field == "collection":
            self.controller.apply(
                lambda: self.tr("Add to collection %1").replace("%1", value),
                lambda c: c.add_to_collection(value, ids),
            )
        else:
            self.controller.apply(
                lambda: self.tr("Add %1").replace("%1", value), lambda c: c.add(field, ids, [value]), size=len(ids)
            )

    # --- actions ------------------------------------------------------------------------------

    def open_manager(self) -> Any:
        from finews_desktop.ui.dialogs.curate import ManagerDialog

        dialog = ManagerDialog(self._curator(), self.controller.apply, self.window)
        self.manager = dialog
        dialog.show()
        return dialog

    def open_bulk_edit(self) -> Any:
        from finews_desktop.ui.dialogs.curate import BulkEditDialog, bulk_function

        ids = self.window.selected_ids()
        if not ids:
            return None
        dialog = BulkEditDialog(len(ids), self.names("tag"), self.names("category"), self.window)
        self.bulk_dialog = dialog

        def accepted() -> None:
            ops = dialog.operations()
            if ops:
                count = len(ids)
                self.controller.apply(
                    lambda: self.tr("Edit %n post(s)", "", count), bulk_function(ids, ops), size=count
                )

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def open_post_editor(self) -> Any:
        from finews_desktop.ui.dialogs.curate import PostEditorDialog

        pid = self.window.current_id()
        if pid is None:
            return None

        def submit(args: dict[str, Any]) -> Changes | None:
            return self.controller.run_now(lambda: self.tr("Edit post"), lambda c: c.lib.edit_post(pid, **args))

        dialog = PostEditorDialog(
            self._curator().lib, pid, self.names("tag"), self.names("category"), self.window, submit=submit
        )
        self.post_dialog = dialog
        dialog.open()
        return dialog

    def trash_selected(self) -> None:
        ids = self.window.selected_ids()
        if ids:
            self._curator()
            count = len(ids)
            self.controller.apply(
                lambda: self.tr("Move %n post(s) to the trash", "", count), lambda c: c.trash(ids), size=count
            )

    def restore_selected(self) -> None:
        ids = self.window.selected_ids()
        self._curator()
        self.controller.apply(
            lambda: self.tr("Restore from the trash"), lambda c: c.restore(ids or None), size=len(ids)
        )

    def empty(self, confirm: Callable[[str], bool] | None = None) -> None:
        from PySide6.QtWidgets import QMessageBox

        count = len(self._curator().trashed_ids())
        if not count:
            return
        text = self.tr("Delete the %n post(s) in the trash for good? This cannot be undone.", "", count)
        if confirm is None:
            answer = QMessageBox.question(self.window, self.tr("Empty Trash"), text)
            ok = answer == QMessageBox.StandardButton.Yes
        else:
            ok = confirm(text)
        if ok:
            self.controller.apply(lambda: self.tr("Empty Trash"), lambda c: c.empty_trash(), size=count)

    def create_collection(self, name: str | None = None, ids: list[int] | None = None) -> None:
        from PySide6.QtWidgets import QInputDialog

        if name is None:
            name, ok = QInputDialog.getText(self.window, self.tr("New Collection"), self.tr("Name:"))
            if not ok or not name.strip():
                return
        name = name.strip()
        self._curator()

        def make(c: Curator) -> Changes:
            made = c.create_collection(name)
            return c.combine([made, c.add_to_collection(name, ids)]) if ids else made

        self.controller.apply(lambda: self.tr("New collection %1").replace("%1", name), make)

    def _fill_collection_menu(self) -> None:
        menu = self.collection_menu
        menu.clear()
        for entry in self._curator().collections():
            action = menu.addAction(entry.name)
            action.triggered.connect(
                lambda _=False, n=entry.name: self.apply_to(("collection", n), self.window.selected_ids())
            )
        menu.addSeparator()
        new = menu.addAction(self.tr("New Collection…"))
        new.triggered.connect(lambda: self.create_collection(ids=self.window.selected_ids()))

    def save_current_search(self, name: str | None = None) -> None:
        from PySide6.QtWidgets import QInputDialog

        query = self.window.query
        if not query:
            self._error(self.tr("Type a search first; then save it under a name."))
            return
        if name is None:
            name, ok = QInputDialog.getText(self.window, self.tr("Save Search"), self.tr("Name:"), text=query)
            if not ok or not name.strip():
                return
        name = name.strip()
        self._curator()
        self.controller.apply(
            lambda: self.tr("Save search %1").replace("%1", name), lambda c: c.save_search(name, query)
        )

    def _fill_saved_menu(self) -> None:
        menu = self.saved_menu
        menu.clear()
        searches = self._curator().saved_searches()
        for name, query in searches:
            action = menu.addAction(name)
            action.setToolTip(query)
            action.triggered.connect(lambda _=False, q=query: self.window.set_search(q))
        if searches:
            menu.addSeparator()
            remove = menu.addMenu(self.tr("Delete Saved Search"))
            for name, _query in searches:
                remove.addAction(name).triggered.connect(
                    lambda _=False, n=name: self.controller.apply(
                        lambda: self.tr("Delete search %1").replace("%1", n), lambda c: c.delete_search(n)
                    )
                )
        else:
            menu.addAction(self.tr("No saved searches")).setEnabled(False)

    def export_collection(self, name: str, dest: str | None = None) -> None:
        """Export a collection's posts as a Jekyll archive folder (on the worker thread)."""
        from PySide6.QtWidgets import QFileDialog

        from finews_desktop.core.exporting.exporter import export_posts
        from finews_desktop.core.exporting.selection import Selection

        if dest is None:
            dest = QFileDialog.getExistingDirectory(self.window, self.tr("Export Collection To"))
            if not dest:
                return
        lib = self.window.library

        def done(report: Any) -> None:
            self.last_export = report
            text = self.tr("Exported %1 posts of %2 to %3")
            self.window.statusBar().showMessage(
                text.replace("%1", str(len(report.post_ids))).replace("%2", name).replace("%3", dest), 10_000
            )

        self.runner.run(
            lambda _t: export_posts(lib, dest, Selection(collection=name)),
            name="export",
            on_done=done,
            on_error=lambda exc: self._error(str(exc)),
        )

    def _sidebar_menu(self, pos: Any) -> None:
        from PySide6.QtWidgets import QInputDialog, QMenu

        from finews_desktop.ui.widgets.sidebar import TERM_ROLE

        index = self.window.sidebar.indexAt(pos)
        target = _parse_term(index.data(TERM_ROLE) or "") if index.isValid() else None
        menu = QMenu(self.window)
        if target and target[0] == "collection":
            name = target[1]

            def rename() -> None:
                new, ok = QInputDialog.getText(self.window, self.tr("Rename Collection"), self.tr("Name:"), text=name)
                if ok and new.strip():
                    self.controller.apply(
                        lambda: self.tr("Rename collection %1").replace("%1", name),
                        lambda c: c.rename_collection(name, new.strip()),
                    )

            menu.addAction(self.tr("Export Collection…")).triggered.connect(
                lambda: self.window.exporting.open_dialog("collection", name)  # ui/exporting.py
            )
            menu.addAction(self.tr("Rename Collection…")).triggered.connect(rename)
            menu.addAction(self.tr("Delete Collection")).triggered.connect(
                lambda: self.controller.apply(
                    lambda: self.tr("Delete collection %1").replace("%1", name), lambda c: c.delete_collection(name)
                )
            )
        elif target:
            self.sidebarNameMenu.emit(menu, target[0], target[1])  # rename, merge, delete (ui/sidebar_names.py)
        self.sidebarMenu.emit(menu, index)
        menu.addAction(self.new_collection)
        menu.addAction(self.manage)
        if (index.data(TERM_ROLE) if index.isValid() else "") == "is:trashed":
            menu.addAction(self.empty_trash)
        self.sidebar_menu = menu
        menu.popup(self.window.sidebar.viewport().mapToGlobal(pos))


def _distinct(bindings: list[QKeySequence], *extra: str) -> list[QKeySequence]:
    """`bindings` and then `extra`, each key sequence once."""
    out: list[QKeySequence] = []
    for key in [*bindings, *map(QKeySequence, extra)]:
        if not key.isEmpty() and all(key != seen for seen in out):
            out.append(key)
    return out
