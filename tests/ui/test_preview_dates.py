"""A date written without a zone is shown as written beside what Jekyll reads (issue 16): in the preview's
header and in the post editor's date hint, so that a morning news item is recognisable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from finews_desktop.core.importing.importer import Importer
from finews_desktop.core.store.library import Library
from finews_desktop.ui.models.posts import TITLE

MORNING = "_posts/2021-12-08-202112082206769714.md"  # date: 2021-12-08 10:53:54 (no zone)
WITH_ZONE = "_posts/2022-05-20-202205202386666750.md"  # date: 2022-05-20 17:01:37 +0800


@pytest.fixture
def window(make_window, qtbot, library: Library, corpus: Path):
    Importer(library, workers=0).run([str(corpus)])
    window = make_window()
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def show(window, qtbot, path: str) -> int:
    lib = window.library
    (pid,) = [r["id"] for r in lib.post_records(lib.post_ids()) if r["path"] == path]
    row = window.model.row_of(pid)
    window.table.scrollTo(window.model.index(row, TITLE))
    rect = window.table.visualRect(window.model.index(row, TITLE))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.preview.post_id == pid)
    return pid


def test_the_preview_shows_the_date_as_written_beside_the_date_read(window, qtbot) -> None:
    show(window, qtbot, MORNING)
    assert "written 10:53:54, read as 2021-12-08 18:53:54 +0800" in window.preview.toPlainText()
    show(window, qtbot, WITH_ZONE)
    text = window.preview.toPlainText()
    assert "2022-05-20 17:01:37 +0800" in text and "written" not in text


def test_the_post_editor_says_it_in_the_date_hint(window, qtbot) -> None:
    show(window, qtbot, MORNING)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(window.curation, "post_dialog", None) is not None)
    dialog = window.curation.post_dialog
    hint = dialog.date_edit.toolTip()
    assert "10:53:54 without a zone" in hint and "2021-12-08 18:53:54 +0800" in hint
    dialog.reject()


def test_in_chinese(make_window, qtbot, library: Library, corpus: Path) -> None:
    Importer(library, workers=0).run([str(corpus)])
    window = make_window(language="zh_CN")
    qtbot.waitUntil(lambda: window.model.rowCount() == 94)
    show(window, qtbot, MORNING)
    assert "文件写的是 10:53:54，Jekyll 读作 2021-12-08 18:53:54 +0800" in window.preview.toPlainText()
