"""Undo steps made before a language switch are named in the new language (issue 16, "Complete 简体中文").

The Edit menu's Undo and Redo items name the step they would undo or redo; a step keeps the function that
says its name, and the window says it again when the language changes (ui/curation.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.store.library import Library


@pytest.fixture
def window(make_window, qtbot, corpus: Path):
    window = make_window()
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(corpus)])
    window.report_dialog.close()
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    focus_window(window, qtbot)
    return window


def focus_window(window, qtbot) -> None:
    """The window active, as after a click on it (the offscreen platform does not give it back after a
    dialog): where a person's keys go."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def edit_menu_item(window, name: str):
    return next(a for a in window.edit_menu.actions() if a.objectName() == name)


def click_row(window, qtbot, row: int, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    table = window.table
    point = table.visualRect(window.model.index(row, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, point)


def switch_language(window, qtbot, code: str) -> None:
    """As a user does: Settings (Ctrl+,), the language chosen with the keys, OK clicked."""
    before = getattr(window, "preferences_dialog", None)
    focus_window(window, qtbot)
    qtbot.keyClick(window.table, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(window, "preferences_dialog", None) not in (None, before))
    dialog = window.preferences_dialog
    qtbot.waitUntil(dialog.isVisible)
    box = dialog.language_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _ in range(box.count()):
        if box.currentData() == code:
            break
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentData() == code
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_undo_and_redo_name_earlier_steps_in_the_language_switched_to(window, qtbot, library: Library) -> None:
    click_row(window, qtbot, 0)
    click_row(window, qtbot, 1, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)  # step 1: two posts
    qtbot.waitUntil(lambda: window.model.rowCount() == 92)
    click_row(window, qtbot, 0)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)  # step 2: one post
    qtbot.waitUntil(lambda: window.model.rowCount() == 91)
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # step 2 undone
    qtbot.waitUntil(lambda: window.model.rowCount() == 92)
    undo, redo = edit_menu_item(window, "undo"), edit_menu_item(window, "redo")
    assert undo.text() == "&Undo Move 2 posts to the trash"
    assert redo.text() == "&Redo Move 1 post to the trash"

    switch_language(window, qtbot, "zh_CN")
    qtbot.waitUntil(lambda: window.edit_menu.title() != "&Edit")
    assert undo.text() == "撤销 将 2 篇文章移到回收站(&U)"
    assert redo.text() == "重做 将 1 篇文章移到回收站(&R)"
    assert window.curation.controller.undo_stack.undoText() == "将 2 篇文章移到回收站"

    switch_language(window, qtbot, "en")
    qtbot.waitUntil(lambda: window.edit_menu.title() == "&Edit")
    assert undo.text() == "&Undo Move 2 posts to the trash"
    assert redo.text() == "&Redo Move 1 post to the trash"
    focus_window(window, qtbot)
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the steps still work
    assert Curator(library).trashed_ids() == []
