"""The preview agrees with the selection and shows the current bytes of its post (issue 16): one selected
post is shown, whichever row is current; none or several selected, the empty state with the count, never
a post while the status bar says "Selected: 0"; and an edit of the shown post (a curation step, its undo
from the keyboard) is shown at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from finews_desktop.core.importing.importer import Importer
from finews_desktop.core.store.library import Library
from finews_desktop.ui.models.posts import TITLE


@pytest.fixture
def window(make_window, qtbot, library: Library, corpus: Path):
    report = Importer(library, workers=0).run([str(corpus)])
    assert len(report.imported) == 94
    window = make_window()
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def click_row(window, qtbot, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    table = window.table
    rect = table.visualRect(window.model.index(row, TITLE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def selected_shown(window) -> str:
    return window.count_label.text().rsplit("Selected: ", 1)[1]


def test_the_preview_follows_the_selection_not_the_current_row(window, qtbot) -> None:
    model, preview = window.model, window.preview
    ctrl = Qt.KeyboardModifier.ControlModifier
    click_row(window, qtbot, 0)
    assert preview.post_id == model.post_id(0) and selected_shown(window) == "1"

    click_row(window, qtbot, 1, ctrl)  # two selected: the count, no post
    assert preview.post_id is None and "2 posts selected" in preview.toPlainText()
    assert selected_shown(window) == "2"

    click_row(window, qtbot, 1, ctrl)  # row 1 deselected (it stays current): row 0 is the one selected
    assert window.selected_ids() == [model.post_id(0)] and window.current_id() == model.post_id(1)
    assert preview.post_id == model.post_id(0)

    click_row(window, qtbot, 0, ctrl)  # nothing selected: the empty state, as the status bar says
    assert selected_shown(window) == "0"
    assert preview.post_id is None and "Select a post" in preview.toPlainText()

    # keys: Down selects the next post and shows it
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert selected_shown(window) == "1" and preview.post_id == window.selected_ids()[0]


def test_a_search_that_leaves_no_selection_empties_the_preview(window, qtbot) -> None:
    click_row(window, qtbot, 0)
    shown = window.preview.post_id
    assert shown is not None
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "no such words anywhere")
    with qtbot.waitSignal(window.listApplied, timeout=10_000):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.model.rowCount() == 0 and selected_shown(window) == "0"
    assert window.preview.post_id is None


def test_an_edit_of_the_shown_post_and_its_undo_show_at_once(window, qtbot, library: Library) -> None:
    click_row(window, qtbot, 0)
    pid = window.preview.post_id
    assert pid is not None and "研究笔记" not in window.preview.toPlainText()
    scroll = window.preview.verticalScrollBar()
    window.curation.apply_to(("tag", "研究笔记"), [pid])  # what dropping the post on a tag does
    qtbot.waitUntil(lambda: "研究笔记" in window.preview.toPlainText())
    assert window.preview.post_id == pid and scroll.value() == 0
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "研究笔记" not in window.preview.toPlainText())
    assert "研究笔记" not in library.post_record(pid)["tags"]
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: "研究笔记" in window.preview.toPlainText())
