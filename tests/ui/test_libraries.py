"""Which library is open: the title, Settings, File ▸ Open Library… and File ▸ Recent Libraries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox

from finews_desktop import app as app_module
from finews_desktop.core.store.library import Library
from finews_desktop.ui import settings as S
from finews_desktop.ui.libraries import recent_libraries


def focus_window(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_the_title_and_settings_show_the_open_library(make_window, qtbot, library: Library) -> None:
    window = make_window()
    assert str(library.folder) in window.windowTitle()
    focus_window(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # Settings…
    qtbot.waitUntil(lambda: window.findChild(QDialog, "preferences") is not None)
    dialog = window.findChild(QDialog, "preferences")
    assert dialog.findChild(QLabel, "openLibrary").text() == str(library.folder)
    dialog.reject()


def test_open_library_switches_and_the_recent_menu_goes_back(
    make_window, qtbot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    other = tmp_path / "other"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(other)))
    focus_window(window, qtbot)
    with qtbot.waitSignal(window.libraryOpened):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.library.folder == other and str(other) in window.windowTitle()
    assert library.db.is_closed()  # the one before is closed, its lock given back
    assert window.settings.get(S.LIBRARY_DIR) == str(other)  # the next start opens it
    assert recent_libraries(window.settings)[:2] == [str(other.resolve()), str(library.folder.resolve())]

    menu = window.recent_menu
    menu.fill()
    entries = [a for a in menu.actions() if a.data()]
    assert [a.data() for a in entries] == [str(library.folder.resolve())]  # the open one is not offered
    with qtbot.waitSignal(window.libraryOpened):
        entries[0].trigger()
    assert window.library.folder.resolve() == library.folder.resolve()
    window.library.close()  # the fixture's library object was closed by the switch; this is a new one


def test_a_missing_library_is_greyed_and_clear_menu_forgets_the_others(
    make_window, qtbot, library: Library, tmp_path: Path
) -> None:
    window = make_window()
    gone = tmp_path / "gone"
    Library.open(gone).close()
    window.switch_library(str(gone))
    window.switch_library(str(library.folder))
    (gone / "library.sqlite3").unlink()
    window.recent_menu.fill()
    (entry,) = [a for a in window.recent_menu.actions() if a.data()]
    assert entry.data() == str(gone.resolve()) and not entry.isEnabled()
    clear = next(a for a in window.recent_menu.actions() if a.objectName() == "clearRecentLibraries")
    clear.trigger()
    assert [a for a in window.recent_menu.actions() if a.data()] == []
    assert recent_libraries(window.settings) == [str(library.folder.resolve())]
    window.library.close()


def test_a_library_the_start_up_would_refuse_leaves_the_open_one_open(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening from the window runs the start-up's checks (app.py): a newer library is told and refused,
    without quitting, and the open library stays open."""
    first = tmp_path / "first"
    newer = tmp_path / "newer"
    Library.open(newer).close()
    with sqlite3.connect(newer / "library.sqlite3") as conn:
        conn.execute("PRAGMA user_version = 999")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    started = app_module.start(
        ["--language", "en", "--library", str(first)], settings_path=str(tmp_path / "s.ini"), synchronous=True
    )
    window = started.window
    try:
        assert not window.switch_library(str(newer))
        assert "newer finews-desktop" in shown[0]
        assert window.library.folder == first and not window.library.db.is_closed()
        assert window.switch_library(str(tmp_path / "third"))
        assert window.library.folder == tmp_path / "third"
    finally:
        window.close()
        window.library.close()


def test_no_switch_while_an_export_reads_the_library(
    make_window, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda parent, title, text, *a: told.append(text)))
    monkeypatch.setattr(window.exporting, "busy", lambda: True)
    assert not window.switch_library(str(tmp_path / "other"))
    assert window.library is library and "export" in told[0]
