"""Read state and notes in the window: unread posts read after a moment, the Read menu, Space/N, the note pane.

The core holds the rules (core/curation/reading.py); this part decides when a post was
"opened for a moment": the preview showed it alone for the delay set in Settings
(`READ_DELAY_MS`, 1.5 s by default), measured on an injectable clock so tests need not
wait. Such a read refreshes its row and the sidebar's counts only — the list keeps its
posts, so a view of unread posts does not empty itself while one reads it; marks from
the menu are undoable steps and refresh like any other change.

Space scrolls the preview a page while it can, then goes to the next unread post; N goes
there at once (after the current post in the list's order, then from the top).

The Notes switch beside the search field (remembered) makes the list's plain words match
notes too, and File ▸ Export Notes… (ui/notes_export.py) writes them out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSlider,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from finews_desktop.core.curation.reading import Reader
from finews_desktop.core.errors import KnownError
from finews_desktop.ui import settings as S
from finews_desktop.ui.notes_export import NotesExportUi
from finews_desktop.ui.widgets.note_editor import NoteEditor


class ReadAfterMoment(QObject):
    """Says when the post shown alone has been shown for `delay_ms`: `due(pid)` is called then, once.

    `clock` (seconds) is injectable: the timer only wakes it up; the clock decides."""

    def __init__(
        self, due: Callable[[int], None], delay_ms: int, clock: Callable[[], float] = time.monotonic, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.due = due
        self.delay_ms = delay_ms
        self.clock = clock
        self.post_id: int | None = None
        self.since = 0.0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)

    def shown(self, post_id: int | None) -> None:
        """The preview now shows this post alone (None: no post, or several)."""
        if post_id == self.post_id:
            return
        self.post_id, self.since = post_id, self.clock()
        self.timer.stop()
        if post_id is not None and self.delay_ms > 0:
            self.timer.start(self.delay_ms)

    def check(self) -> None:
        """The post counts as read once it was shown for the delay (else wait for the rest of it)."""
        pid = self.post_id
        if pid is None or self.delay_ms <= 0:
            return
        left = self.delay_ms - (self.clock() - self.since) * 1000
        if left > 0:
            self.timer.start(int(left) + 1)
            return
        self.post_id = None  # once
        self.due(pid)


class OlderThanDialog(QDialog):
    """Asks for the day before which posts are marked read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("olderThanDialog")
        self.setWindowTitle(self.tr("Mark Older Posts Read"))
        self.day = QDateEdit(QDate.currentDate().addDays(-7))
        self.day.setObjectName("olderThanDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Mark the posts of this view dated before this day as read:")))
        layout.addWidget(self.day)
        layout.addWidget(buttons)

    def chosen(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())


class ReadingUi(QObject):
    """Adds read state and notes to a MainWindow (see the module docstring)."""

    def __init__(self, window: Any, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.reader = Reader(window.library)
        self.moment = ReadAfterMoment(self._read_now, window.settings.get(S.READ_DELAY_MS), clock, self)
        self._make_actions()
        self._make_menu()
        self._add_notes_switch()
        self._add_note_pane()
        self.notes_export = NotesExportUi(window)  # File ▸ Export Notes…
        window.table.installEventFilter(self)
        window.preview.installEventFilter(self)
        window.postShown.connect(self._post_shown)
        self.retranslate()

    # --- building ----------------------------------------------------------------------

    def _action(self, name: str, keys: tuple[str, ...] = ()) -> QAction:
        action = QAction(self.window)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        self.window.addAction(action)  # shortcuts work wherever the focus is
        return action

    def _make_actions(self) -> None:
        self.next_unread = self._action("nextUnread", ("N",))
        self.mark_read = self._action("markRead", ("Ctrl+Alt+R",))
        self.mark_unread = self._action("markUnread", ("Ctrl+Alt+U",))
        self.mark_view_read = self._action("markViewRead", ("Ctrl+Alt+Shift+R",))
        self.mark_older_read = self._action("markOlderRead")
        self.search_notes = self._action("searchNotes", ("Ctrl+Alt+N",))
        self.search_notes.setCheckable(True)
        self.search_notes.setChecked(self.window.settings.get(S.SEARCH_NOTES))
        self.window.list_queries.search_notes = self.search_notes.isChecked()
        self.search_notes.toggled.connect(self.set_search_notes)
        self.next_unread.triggered.connect(self.go_to_next_unread)
        self.mark_read.triggered.connect(lambda: self.mark_selection(True))
        self.mark_unread.triggered.connect(lambda: self.mark_selection(False))
        self.mark_view_read.triggered.connect(lambda: self.mark_view(True))
        self.mark_older_read.triggered.connect(self.ask_older_than)

    def _make_menu(self) -> None:
        self.menu = QMenu(self.window)
        self.menu.setObjectName("readMenu")
        for item in (self.next_unread, None, self.mark_read, self.mark_unread, None):
            self.menu.addSeparator() if item is None else self.menu.addAction(item)
        self.menu.addAction(self.mark_view_read)
        self.menu.addAction(self.mark_older_read)
        bar = self.window.menuBar()
        bar.insertMenu(self.window.view_menu.menuAction(), self.menu)
        self.window.actions.post_context.extend([None, self.mark_read, self.mark_unread])

    def _add_notes_switch(self) -> None:
        """Notes, beside the search field: plain words of the search match private notes too."""
        toolbar = self.window.toolbar
        count = next(
            (a for a in toolbar.actions() if toolbar.widgetForAction(a) is self.window.search_bar.match_label), None
        )
        if count is not None:
            toolbar.insertAction(count, self.search_notes)  # right after the field, before its match count
        else:
            toolbar.addAction(self.search_notes)
        self.window.edit_menu.addAction(self.search_notes)

    def set_search_notes(self, on: bool) -> None:
        """Switch notes in or out of the search's free text, and search again with it."""
        self.window.settings.set(S.SEARCH_NOTES, on)
        self.window.list_queries.search_notes = on
        if self.window.query:
            self.window.run_query(self.window.query, first_page=True)

    def _add_note_pane(self) -> None:
        """The note pane below the preview: the preview's place in the main splitter becomes a splitter of both."""
        w = self.window
        self.notes = NoteEditor()
        self.notes.noteEdited.connect(self.save_note)
        self.preview_split = QSplitter(Qt.Orientation.Vertical)
        self.preview_split.setObjectName("previewSplitter")
        pane = w.preview  # or what holds it in the main splitter (another part may have wrapped it)
        while pane.parentWidget() is not None and pane.parentWidget() is not w.splitter:
            pane = pane.parentWidget()
        index = w.splitter.indexOf(pane)
        sizes = w.splitter.sizes()
        w.splitter.replaceWidget(index, self.preview_split)
        self.preview_split.addWidget(pane)
        self.preview_split.addWidget(self.notes)
        self.preview_split.setStretchFactor(0, 4)
        self.preview_split.setStretchFactor(1, 1)
        self.preview_split.setSizes([600, 140])
        w.splitter.setSizes(sizes)

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Read"))
        self.next_unread.setText(self.tr("&Next Unread"))
        self.next_unread.setToolTip(self.tr("The next unread post (N; Space after the end of the preview)"))
        self.mark_read.setText(self.tr("Mark &Read"))
        self.mark_unread.setText(self.tr("Mark &Unread"))
        self.mark_view_read.setText(self.tr("Mark &All in This View Read"))
        self.mark_older_read.setText(self.tr("Mark &Older Posts Read…"))
        self.search_notes.setText(self.tr("Search &Notes Too"))
        self.search_notes.setIconText(self.tr("Notes"))
        self.search_notes.setToolTip(
            self.tr("Plain words in the search match your private notes too (Ctrl+Alt+N); note: searches notes only")
        )

    # --- read after a moment ---------------------------------------------------------------

    def set_read_delay(self, delay_ms: int) -> None:
        """The Preferences' new delay: the post shown now counts it from when it was shown."""
        self.moment.delay_ms = delay_ms
        if self.moment.post_id is not None:
            self.moment.check()

    def _post_shown(self, post_id: int | None) -> None:
        self.moment.shown(post_id)
        if post_id is None:
            self.notes.show_note(None, "")
            return
        try:
            text = self.reader.note(post_id)
        except KnownError:
            text = ""
        if post_id != self.notes.post_id or text != self.notes.text():
            self.notes.show_note(post_id, text)

    def _read_now(self, post_id: int) -> None:
        """Opened for a moment: read. Its row and the counts follow; the list keeps it (see the docstring)."""
        if self.window.library.readonly or self.reader.is_read(post_id):
            return
        try:
            self.reader.mark([post_id])
        except KnownError:
            return
        self.window.model.forget([post_id])
        self.window.refresh_facets()

    # --- marks -------------------------------------------------------------------------------

    def mark_selection(self, read: bool) -> None:
        ids = self.window.selected_ids()
        if not ids:
            return

        def label() -> str:
            return self.tr("Mark Read") if read else self.tr("Mark Unread")

        self.window.curation.controller.apply(label, lambda cur: Reader(cur.lib).mark(ids, read), size=len(ids))

    def mark_view(self, read: bool, older_than: date | None = None) -> None:
        """Every post of the list's query (its posts, however many are loaded), optionally those before a day."""
        query, notes = self.window.query, self.search_notes.isChecked()

        def label() -> str:
            return self.tr("Mark Older Posts Read") if older_than else self.tr("Mark All in This View Read")

        self.window.curation.controller.apply(
            label,
            lambda cur: Reader(cur.lib).mark_query(query, read, older_than=older_than, notes=notes),
            size=self.window.total_shown,
        )

    def ask_older_than(self) -> None:
        dialog = OlderThanDialog(self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.mark_view(True, dialog.chosen())

    # --- notes -----------------------------------------------------------------------------

    def save_note(self, post_id: int, text: str) -> None:
        if self.window.library.readonly:
            return

        def label() -> str:
            return self.tr("Edit Note")

        try:
            self.window.curation.controller.run_now(label, lambda cur: Reader(cur.lib).set_note(post_id, text))
        except KnownError as exc:
            self.window.statusBar().showMessage(str(exc), 10_000)

    # --- Space and N -----------------------------------------------------------------------------

    def go_to_next_unread(self) -> None:
        """Select the next unread post after the current one in the list's order (then from the top)."""
        w = self.window
        self.notes.save()
        ids = w.model.ids
        current = w.table.currentIndex()
        start = current.row() + 1 if current.isValid() else 0
        pid = self.reader.first_unread(ids[start:])
        if pid is None and start:
            pid = self.reader.first_unread(ids[:start])
        if pid is None:
            w.statusBar().showMessage(self.tr("No unread posts in this view."), 5000)
            return
        row = w.model.row_of(pid)
        index = w.model.index(row, 1)
        w.table.setCurrentIndex(index)
        w.table.selectRow(row)
        w.table.scrollTo(index)

    def space(self) -> None:
        """Scroll the preview a page while it can; at its end, the next unread post."""
        bar = self.window.preview.verticalScrollBar()
        if self.window.preview.post_id is not None and bar.value() < bar.maximum():
            bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
            return
        self.go_to_next_unread()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Space
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self.space()
            return True
        return False
