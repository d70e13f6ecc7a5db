"""Read state and notes in the window: bold unread rows, read after a moment (an injected clock, no
sleeps), Space/N, the mark shortcuts with undo, and typing a note."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from finews_desktop.core.curation.reading import Reader
from finews_desktop.core.search.engine import search
from finews_desktop.core.store.library import Library


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def filled(make_window, qtbot, corpus: Path):
    window = make_window()
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(corpus)])
    window.report_dialog.close()
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    return window


def bold(window, row: int) -> bool:
    font = window.model.index(row, 1).data(Qt.ItemDataRole.FontRole)
    return font is not None and font.bold()


def click_row(window, qtbot, row: int) -> None:
    rect = window.table.visualRect(window.model.index(row, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_post_shown_for_a_moment_is_read(filled, qtbot, library: Library) -> None:
    window = filled
    clock = Clock()
    window.reading.moment.clock = clock
    assert bold(window, 0) and bold(window, 1)
    click_row(window, qtbot, 0)
    pid = window.current_id()
    clock.now += 1.0  # not yet a moment (1.5 s)
    window.reading.moment.check()
    assert not Reader(library).is_read(pid)
    clock.now += 0.6
    window.reading.moment.check()
    assert Reader(library).is_read(pid)
    qtbot.waitUntil(lambda: not bold(window, 0))
    assert bold(window, 1) and window.model.rowCount() == 94
    qtbot.waitUntil(lambda: window.facets is not None and window.facets.unread == 93)
    assert window.sidebar.find_term("is:unread").isValid()


def test_n_and_space_go_to_the_next_unread(filled, qtbot, library: Library) -> None:
    window = filled
    ids = list(window.model.ids)
    Reader(library).mark(ids[1:3])
    window.model.forget()
    click_row(window, qtbot, 0)
    qtbot.keyClick(window.table, Qt.Key.Key_N)
    assert window.current_id() == ids[3]  # rows 1 and 2 are read
    window.preview.verticalScrollBar().setValue(window.preview.verticalScrollBar().maximum())
    qtbot.keyClick(window.table, Qt.Key.Key_Space)  # the preview is at its end: the next unread
    assert window.current_id() == ids[4]


def test_mark_shortcuts_and_undo(filled, qtbot, library: Library) -> None:
    window = filled
    click_row(window, qtbot, 0)
    qtbot.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ShiftModifier,
        window.table.visualRect(window.model.index(2, 1)).center(),
    )
    ids = set(window.selected_ids())
    assert len(ids) == 3
    qtbot.keyClick(window.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert set(search(library, "is:read").ids) == ids
    qtbot.waitUntil(lambda: not bold(window, 0) and not bold(window, 2))
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert set(search(library, "is:read").ids) == set()
    qtbot.waitUntil(lambda: bold(window, 0))
    window.set_search("tag:东财滚动新闻")
    qtbot.waitUntil(lambda: window.query == "tag:东财滚动新闻" and not window.list_queries.busy)
    window.reading.mark_view_read.trigger()
    assert set(search(library, "is:read").ids) == set(search(library, "tag:东财滚动新闻").ids)


def test_typing_a_note_saves_it_and_it_is_searchable(filled, qtbot, library: Library) -> None:
    window = filled
    click_row(window, qtbot, 0)
    pid = window.current_id()
    editor = window.reading.notes
    assert editor.isEnabled() and editor.post_id == pid
    qtbot.mouseClick(editor.edit.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(editor.edit.hasFocus)
    qtbot.keyClicks(editor.edit, "check the order book")
    window.table.setFocus()  # leaving the note saves it
    qtbot.waitUntil(lambda: Reader(library).note(pid) == "check the order book")
    assert list(search(library, "note:order").ids) == [pid]
    click_row(window, qtbot, 1)
    assert editor.post_id != pid and editor.text() == ""
    click_row(window, qtbot, 0)
    assert editor.text() == "check the order book"
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the note edit is undone
    qtbot.waitUntil(lambda: Reader(library).note(pid) == "")
    qtbot.waitUntil(lambda: editor.text() == "")
