"""Screenshots of a damaged library at start-up: the message naming the newest sound backup, then the
window after "Restore this backup" with its notice (docs/screenshots/damaged-*.png, restored-*.png).

The library is the finews sample, imported and backed up by the command line, then its header zeroed
as a failing disk or a bad copy would; each language gets its own library in a fresh home.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import shotkit

SIZE = (1200, 760)


def prepare(tmp: Path, env: dict[str, str], corpus: Path) -> None:
    library = tmp / "library"
    finews = [sys.executable, "-m", "finews_desktop.cli", "--library", str(library)]
    subprocess.run([*finews, "import", str(corpus / "_posts")], env=env, check=True, capture_output=True)
    subprocess.run([*finews, "backup"], env=env, check=True, capture_output=True)
    with open(library / "library.sqlite3", "r+b") as f:
        f.write(b"\0" * 100)  # the SQLite header: "file is not a database"


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def show_and_grab(box: QMessageBox) -> int:  # instead of the modal exec
        if box.objectName() != "damagedLibrary":
            raise RuntimeError(f"an unexpected message: {box.text()}")
        box.show()
        shotkit.snap(box, out / f"damaged-{lang}.png")
        shown.append(box.text())
        restore = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        restore.click()
        return 0

    QMessageBox.exec = show_and_grab  # type: ignore[method-assign]
    started = shotkit.start_app(tmp, lang, SIZE)
    if not shown:
        raise RuntimeError("the app did not say the library is damaged")
    shotkit.wait_listed(started.window)
    shotkit.snap(started.window, out / f"restored-{lang}.png")
    shotkit.close_app(started.window)


if __name__ == "__main__":
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE, prepare=prepare, prefix="finews-damaged-"))
