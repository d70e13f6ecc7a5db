"""GUI tests: offscreen Qt, Qt warnings fail the test, a fresh library and settings file per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists

import pytest
from PySide6.QtCore import QtMsgType

from finews_desktop.core.library import Library
from finews_desktop.ui.compat import protect_singletons

protect_singletons()  # PySide6 6.12.0 on Python 3.11 drops references to None (see ui/compat.py)

# What the offscreen platform itself says about features it lacks: not a problem of ours.
PLATFORM_NOISE = ("This plugin does not support propagateSizeHints()",)


@pytest.fixture(autouse=True)
def _qt_warnings_fail(qtlog: pytest.FixtureRequest) -> Iterator[None]:
    yield
    bad = [
        r
        for r in qtlog.records
        if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
        and not any(noise in r.message for noise in PLATFORM_NOISE)
    ]
    if bad:
        pytest.fail("Qt warnings:\n" + "\n".join(r.message for r in bad))


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
