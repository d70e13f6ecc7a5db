"""The GUI's entry point and the only module that wires core and ui together.

`finews-desktop [--library FOLDER] [--language LANG] [PATH...]`: paths given on
the command line (what a file manager's "Open with" passes) are imported once
the window is up.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from finews_desktop import __version__

log = logging.getLogger("finews_desktop")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="finews-desktop", description="A desktop archive manager for Jekyll archives of financial news."
    )
    parser.add_argument("--library", metavar="FOLDER", help="open (or create) the library in FOLDER")
    parser.add_argument("--language", choices=("system", "en", "zh_CN"), help="the interface language")
    parser.add_argument("--version", action="version", version=f"finews-desktop {__version__}")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="post files, folders or .zip archives to import")
    # Qt's own options (-platform, -style, ...) are left to QApplication.
    args, _qt_args = parser.parse_known_args(list(argv))
    return args


@dataclass
class Started:
    app: object  # QApplication
    window: object  # MainWindow
    translations: object


def create_application(argv: Sequence[str]):  # -> QApplication
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from finews_desktop.core.paths import APP_ID, APP_NAME, ORG_NAME
    from finews_desktop.ui.compat import protect_singletons
    from finews_desktop.ui.i18n import apply_cjk_font

    protect_singletons()

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME, *argv])
    apply_cjk_font(app)
    return app


def start(argv: Sequence[str], *, settings_path: str | None = None, synchronous: bool = False) -> Started:
    """Create the application and the window over the library (shown, loading); no event loop yet."""
    from PySide6.QtWidgets import QMessageBox

    from finews_desktop.core.errors import KnownError
    from finews_desktop.core.library import Library
    from finews_desktop.ui import settings as S
    from finews_desktop.ui.i18n import Translations
    from finews_desktop.ui.mainwindow import MainWindow, WindowContext
    from finews_desktop.ui.settings import Settings

    args = parse_args(argv)
    app = create_application(argv)
    settings = Settings.open(settings_path)
    translations = Translations(app)
    translations.use(args.language or settings.get(S.LANGUAGE))

    folder = args.library or settings.get(S.LIBRARY_DIR) or None
    try:
        library = Library.open(folder)
    except KnownError as exc:
        QMessageBox.critical(None, "finews-desktop", str(exc))
        raise SystemExit(1) from exc

    def open_library(path: str) -> Library:
        return Library.open(path or None)

    ctx = WindowContext(library, settings, translations, synchronous=synchronous, open_library=open_library)
    window = MainWindow(ctx)
    window.show()
    window.start()
    paths = [str(Path(p).expanduser().resolve()) for p in args.paths]
    if paths:
        window.import_paths(paths)
    return Started(app, window, translations)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    started = start(sys.argv[1:] if argv is None else argv)
    app = started.app
    code = app.exec()  # type: ignore[attr-defined]
    started.window.library.close()  # type: ignore[attr-defined]
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
