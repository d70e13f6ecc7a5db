"""Screenshots of File ▸ Export…: the dialog over a search result and the report of an export, English and 简体中文, under Xvfb.

    python scripts/screenshots_export.py [--out docs/screenshots] [--corpus ../shared/corpus/finews]

Same approach as scripts/screenshots.py: each language in its own `xvfb-run`
process with a fresh home, library and settings; the finews sample is imported
through the window, a search is run, the export dialog is opened as its
shortcut opens it and grabbed, then the whole library is exported to a folder
and its report (which lists the post Jekyll will not build) is grabbed.
"""

from __future__ import annotations

from pathlib import Path

import shotkit
from shotkit import close_app, import_sample, snap, start_app, wait, wait_listed

SIZE = (1440, 900)


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    started = start_app(tmp, lang, SIZE)
    window = started.window
    import_sample(window, corpus, tmp).close()
    wait_listed(window)
    exporting = window.exporting

    window.set_search("category:zhengquanribaowang")
    wait(lambda: window.query == "category:zhengquanribaowang" and window.model.rowCount() < 94)
    dialog = exporting.open_dialog()
    dialog.zip_button.setChecked(True)
    dialog.path_edit.setText("~/Exports/zhengquanribaowang.zip")
    snap(dialog, out / f"export-dialog-{lang}.png")
    dialog.close()

    dialog = exporting.open_dialog("library")
    dialog.path_edit.setText(str(tmp / "Exports" / "finews"))
    dialog.accept()
    wait(lambda: exporting.report_dialog is not None and exporting.report_dialog.isVisible())
    snap(exporting.report_dialog, out / f"export-report-{lang}.png")
    exporting.report_dialog.close()
    close_app(window)


if __name__ == "__main__":
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE))
