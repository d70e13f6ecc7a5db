"""GUI tests: offscreen Qt, a fresh library and settings file per test.

Qt warnings fail the test that caused them: pytest-qt's `qt_log_level_fail` in pyproject.toml,
with each intended exception listed there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists

import pytest
from PySide6.QtCore import Qt

from finews_desktop.core.store.library import Library
from finews_desktop.ui.compat import protect_singletons

protect_singletons()  # PySide6 6.12.0 on Python 3.11 drops references to None (see ui/compat.py)


@pytest.fixture(autouse=True)
def no_key_held() -> None:
    """Each test starts with no modifier key held. QTest releases Shift with a key event that still carries
    Shift (as X11 does), and Qt keeps the last key event's modifiers as the application's: after a test that
    ends on Ctrl+Shift+Z, the next test's `selectRow` saw Shift held and extended the selection instead of
    selecting the row. A key event that carries no modifier resets it, as the next real key press would."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    if QApplication.instance() is None or QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier:
        return
    receiver = QWidget()
    QTest.keyRelease(receiver, Qt.Key.Key_Shift)  # no modifiers on it: none held from here on
    receiver.deleteLater()


@pytest.fixture
def corpus(tmp_path: Path, finews_corpus: Path) -> Path:
    """A copy of the finews sample archive (its posts, config and category pages; no old versions)."""
    dest = tmp_path / "finews"
    shutil.copytree(finews_corpus, dest, ignore=shutil.ignore_patterns("versions"))
    return dest


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "library")
    yield lib
    lib.close()


@pytest.fixture
def make_window(qtbot, library: Library, tmp_path: Path):
    from PySide6.QtWidgets import QApplication

    from finews_desktop.ui.i18n import Translations
    from finews_desktop.ui.mainwindow import MainWindow, WindowContext
    from finews_desktop.ui.settings import Settings

    made = []

    def make(*, synchronous: bool = True, settings_file: Path | None = None, language: str = "en") -> MainWindow:
        settings = Settings.open(settings_file or tmp_path / "settings.ini")
        translations = Translations(QApplication.instance())
        translations.use(language)
        ctx = WindowContext(
            library, settings, translations, synchronous=synchronous, open_library=lambda p: Library.open(p)
        )
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        window.start()
        made.append((window, translations))
        return window

    yield make
    for window, translations in made:
        window.close()
        translations.use("en")
