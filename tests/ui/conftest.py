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

from finews_desktop.core.store.library import Library
from finews_desktop.ui.compat import protect_singletons

protect_singletons()  # PySide6 6.12.0 on Python 3.11 drops references to None (see ui/compat.py)


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
