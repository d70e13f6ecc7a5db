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
from typing import Any

from finews_desktop import __version__
from finews_desktop.core import recovery

log = logging.getLogger("finews_desktop")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="finews-desktop", description="A desktop archive manager for Jekyll archives of financial news."
    )
    parser.add_argument("--library", metavar="FOLDER", help="open (or create) the library in FOLDER")
    parser.add_argument("--language", choices=("system", "en", "zh_CN"), help="the interface language")
    parser.add_argument("--version", action="version", version=f"finews-desktop {__version__}")
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add finews-desktop to this user's application menu (Linux) and exit",
    )
    parser.add_argument(
        "--uninstall-desktop-entry", action="store_true", help="remove it from the application menu again and exit"
    )
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
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from finews_desktop.core.paths import APP_ID, APP_NAME, ORG_NAME
    from finews_desktop.resources import resource_path
    from finews_desktop.ui.compat import protect_singletons
    from finews_desktop.ui.i18n import apply_cjk_font

    protect_singletons()

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME, *argv])
    apply_cjk_font(app)
    icon = resource_path("icons", f"{APP_ID}.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def start(argv: Sequence[str], *, settings_path: str | None = None, synchronous: bool = False) -> Started:
    """Create the application and the window over the library (shown, loading); no event loop yet."""
    from finews_desktop.desktop_integration import local_paths
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
        library, notice = _open_library(folder)
    except NotOpened:
        raise SystemExit(1) from None
    opener = _LibraryOpener()
    ctx = WindowContext(
        library,
        settings,
        translations,
        synchronous=synchronous,
        open_library=opener.open,
        library_opened=opener.opened,
    )
    window = opener.window = MainWindow(ctx)
    window.show()
    if notice:
        show_notice(window, notice)
    window.start()
    paths = [str(Path(p).expanduser().resolve()) for p in local_paths(args.paths)]
    imports = _after_open(window, library)
    paths = [p for p in imports if p not in paths] + paths
    if paths:
        window.import_paths(paths)
    return Started(app, window, translations)


class _LibraryOpener:
    """Another library from the window (File ▸ Open Library, a recent one, Settings): the same checks and
    offers as at start-up, then its notice, backup and resume offer (`WindowContext.open_library` and
    `library_opened`)."""

    def __init__(self) -> None:
        self.window: Any = None  # the MainWindow, once built
        self._notices: list[str] = []

    def open(self, path: str) -> Any:  # Library | None
        """None when it was not opened (the user was told why, or declined)."""
        try:
            new, new_notice = _open_library(path or None, self.window)
        except NotOpened:
            return None
        self._notices[:] = [new_notice]
        return new

    def opened(self, new: Any) -> None:  # a Library
        show_notice(self.window, self._notices.pop() if self._notices else "")
        if imports := _after_open(self.window, new):
            self.window.import_paths(imports)


class NotOpened(Exception):
    """The library was not opened: the user was told why, or declined (start-up then quits)."""


def _after_open(window: Any, library: Any) -> list[str]:  # MainWindow, Library
    """What follows opening a library, at start-up or from the window: the daily backup and the offer to resume
    what a killed session left. Returns the inputs of imports to resume."""
    if library.readonly:
        return []
    _start_scheduled_backup(library.folder, window)
    return _offer_interrupted(window, library)


def _offer_interrupted(window: Any, library: Any) -> list[str]:  # MainWindow, Library
    """List what a killed session left unfinished (core/store/journal.py); resume or discard what the user checks.

    Returns the inputs of imports to resume (the window imports them with its
    progress and report); the other operations run on the window's worker.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from finews_desktop.core.errors import KnownError
    from finews_desktop.ui.dialogs.interrupted import DISCARD, RESUME, ask_about_interrupted

    items = recovery.interrupted(library)
    if not items:
        return []
    choice, chosen = ask_about_interrupted(window, items)
    if choice == DISCARD:
        for item in chosen:
            recovery.discard(library, item)
        return []
    if choice != RESUME:
        return []
    imports: list[str] = []
    for item in chosen:
        if item.kind == "import":
            imports += [p for p in library.resume_import_run(int(item.key.split("-", 1)[1])) if p not in imports]
            continue

        def done(result: Any, item: Any = item) -> None:
            if item.kind == "curation" and result:
                window.curation.controller.record(result, item.description)  # undoable like any other step
            window.refresh()
            window.statusBar().showMessage(
                QCoreApplication.translate("app", "Resumed: %1").replace("%1", item.description), 10_000
            )

        def failed(exc: BaseException, item: Any = item) -> None:
            text = str(exc) if isinstance(exc, KnownError) else repr(exc)
            QMessageBox.warning(window, "finews-desktop", f"{item.description}:\n{text}")

        window.import_runner.run(
            lambda _task, item=item: recovery.resume(library, item), name="resume", on_done=done, on_error=failed
        )
    return imports


def _open_library(folder: str | None, parent: Any = None) -> tuple[Any, str]:  # (Library, a notice or "")
    """Open the library (quick-checked when small, core/store/db.py) and say in words what stands in the way.

    Another instance writes it: offer read-only. It cannot be written (a read-only medium,
    an immutable file): open it read-only with a notice. It is damaged: say what is wrong
    and offer to restore the newest backup that passes the integrity check. Anything else
    the user can act on (a newer library, a link in the folder): say it. `NotOpened` when
    no library was opened.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from finews_desktop.core.errors import (
        KnownError,
        LibraryDamagedError,
        LibraryLockedError,
        LibraryNotWritableError,
    )
    from finews_desktop.core.store.library import Library

    try:
        return Library.open(folder, check=True), ""
    except LibraryLockedError as exc:
        return _offer_read_only(folder, exc, parent)
    except LibraryNotWritableError as exc:
        return _open_read_only(
            folder,
            QCoreApplication.translate("app", "Read-only: this library cannot be written (%1).").replace(
                "%1", exc.reason
            ),
            parent,
        )
    except LibraryDamagedError as exc:
        return _restore_damaged(folder, exc, parent)
    except KnownError as exc:  # e.g. a library from a newer version: it is left untouched
        QMessageBox.critical(parent, "finews-desktop", str(exc))
        raise NotOpened from exc


def _offer_read_only(folder: str | None, exc: Exception, parent: Any) -> tuple[Any, str]:  # a LibraryLockedError
    """Another finews-desktop writes the library: open it read-only if the user agrees."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent,
        "finews-desktop",
        str(exc) + "\n\n" + QCoreApplication.translate("app", "Open it read-only?"),
    )
    if answer == QMessageBox.StandardButton.Yes:
        return _open_read_only(
            folder, QCoreApplication.translate("app", "Read-only: another finews-desktop writes this library."), parent
        )
    raise NotOpened from exc


def _open_read_only(folder: str | None, notice: str, parent: Any) -> tuple[Any, str]:
    """The library opened read-only, with the notice that says why."""
    from PySide6.QtWidgets import QMessageBox

    from finews_desktop.core.errors import KnownError
    from finews_desktop.core.store.library import Library

    try:
        return Library.open(folder, readonly=True, check=True), notice
    except KnownError as again:
        QMessageBox.critical(parent, "finews-desktop", str(again))
        raise NotOpened from again


def ask_restore(message: str, backup: Path | None) -> bool:
    """Tell that the library is damaged; True when the user chooses to restore `backup` (None: only quit)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, "finews-desktop", message)
    box.setObjectName("damagedLibrary")
    restore = None
    if backup is not None:
        restore = box.addButton(
            QCoreApplication.translate("app", "Restore this backup"), QMessageBox.ButtonRole.AcceptRole
        )
    box.addButton(QCoreApplication.translate("app", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return restore is not None and box.clickedButton() is restore


def damaged_message(exc: Any) -> str:  # a LibraryDamagedError
    """The damage in the window's words and language: what is wrong and the newest sound backup (the
    button restores it, so the command line's restore command, which the core's sentence gives, is left out)."""
    from PySide6.QtCore import QCoreApplication

    where = str(exc.folder) if exc.folder else ""
    if exc.backup is None:
        text = QCoreApplication.translate(
            "app",
            "The library in %1 is damaged (%2).\n\nThere is no backup that passes the integrity check. "
            "The file is left as it is: copy the folder somewhere safe before trying anything else.",
        )
    else:
        text = QCoreApplication.translate(
            "app",
            "The library in %1 is damaged (%2).\n\nThe newest backup that passes the integrity check is %3. "
            "Restore it? The damaged file is kept aside first.",
        ).replace("%3", str(exc.backup))
    return text.replace("%1", where).replace("%2", exc.problem or str(exc))


def _restore_damaged(folder: str | None, exc: Any, parent: Any = None) -> tuple[Any, str]:  # a LibraryDamagedError
    """Offer to put the newest sound backup back (the damaged file is kept aside first), then open it."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from finews_desktop.core.errors import KnownError
    from finews_desktop.core.store.backup import restore_library
    from finews_desktop.core.store.db import not_writable_error, refuse_links, unwritable_reason
    from finews_desktop.core.store.library import Library
    from finews_desktop.core.store.locking import process_locks

    if not ask_restore(damaged_message(exc), exc.backup):
        raise NotOpened from exc
    path = Path(exc.folder)
    try:
        refuse_links(path)
        if reason := unwritable_reason(path):
            raise not_writable_error(path, reason)
        process_locks.acquire(path)
        try:
            kept = restore_library(path, exc.backup)
        finally:
            process_locks.release(path)
        library = Library.open(folder, check=True)
    except KnownError as again:
        QMessageBox.critical(parent, "finews-desktop", str(again))
        raise NotOpened from again
    notice = QCoreApplication.translate("app", "Restored the backup %1; the damaged library is kept in %2.")
    return library, notice.replace("%1", exc.backup.name).replace("%2", str(kept))


def show_notice(window: Any, text: str, details: str = "") -> None:  # MainWindow
    """A lasting notice in the window's status bar (read-only, damaged, restored); `details` as its tooltip.
    No text: no notice (another library was opened)."""
    from PySide6.QtWidgets import QLabel

    label = window.findChild(QLabel, "libraryNotice")
    if label is None and not text:
        return
    if label is None:
        label = QLabel()
        label.setObjectName("libraryNotice")
        label.setStyleSheet("QLabel { color: #b03a2e; padding: 0 6px; }")
        window.statusBar().insertPermanentWidget(0, label)
    label.setText(text)
    label.setToolTip(details or text)
    label.setVisible(bool(text))


def _start_scheduled_backup(folder: Path, window: Any) -> None:  # MainWindow
    """The daily backup (keep 7), in a background thread started once the window shows its first rows.

    A library that fails the backup's integrity check gets no backup (core/store/backup.py); the
    window is told, with the newest backup that passes and the command that restores it.
    """
    import threading

    from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
    from PySide6.QtWidgets import QMessageBox

    from finews_desktop.core.errors import LibraryDamagedError
    from finews_desktop.core.store.backup import backup_if_due

    class Notifier(QObject):
        damaged = Signal(str)

    notifier = Notifier(window)  # lives in the window's thread: the signal is delivered there

    def tell(message: str) -> None:
        show_notice(window, QCoreApplication.translate("app", "The library is damaged; see the details."), message)
        QMessageBox.warning(window, "finews-desktop", message)

    notifier.damaged.connect(tell)

    def run() -> None:
        try:
            backup_if_due(folder)
        except LibraryDamagedError as exc:
            log.warning("no scheduled backup: %s", exc)
            try:
                notifier.damaged.emit(str(exc))
            except RuntimeError:  # the window is gone
                pass
        except Exception:  # a failed backup must not stop the app; it is logged
            log.exception("the scheduled backup failed")

    begun = [False]

    def begin() -> None:
        if not begun[0]:
            begun[0] = True
            threading.Thread(target=run, name="scheduled-backup", daemon=True).start()

    # once the first rows are shown (or soon after, should the first list fail): its integrity check
    # and copy of the whole library would take a core from the window's first paint
    window.listApplied.connect(begin)
    QTimer.singleShot(3000, window, begin)


def main(argv: Sequence[str] | None = None) -> int:
    from finews_desktop.desktop_integration import handle_early_args

    arguments = sys.argv[1:] if argv is None else list(argv)
    if (code := handle_early_args(arguments)) is not None:  # --install-desktop-entry and friends
        return code
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    started = start(arguments)
    app = started.app
    from finews_desktop.ui.interrupt import install_sigint_handler

    window: Any = started.window

    def close_and_quit() -> None:  # as File > Quit, then the dialogs it leaves open (an import report)
        window.close()
        app.quit()  # type: ignore[attr-defined]

    sigint = install_sigint_handler(close_and_quit, app)  # type: ignore[arg-type]
    log.info("the window is up: %s", started.window.library.folder)  # type: ignore[attr-defined]
    code = app.exec()  # type: ignore[attr-defined]
    sigint.restore()
    started.window.library.close()  # type: ignore[attr-defined]
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
