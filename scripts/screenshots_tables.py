"""Screenshots of File ▸ Export Table…: the dialog over a search result, English and 简体中文, under Xvfb.

    python scripts/screenshots_tables.py [--out docs/screenshots] [--corpus ../shared/corpus/finews]

Same approach as scripts/screenshots_export.py: each language in its own `xvfb-run`
process with a fresh home, library and settings; the finews sample is imported
through the window, a search is run, and the table export's dialog is opened as its
menu item opens it, the mentions table chosen, and grabbed.
"""

from __future__ import annotations

from pathlib import Path

import shotkit
from shotkit import close_app, import_sample, snap, start_app, wait, wait_listed

SIZE = (1440, 900)
QUERY = "category:emnews"


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    started = start_app(tmp, lang, SIZE)
    window = started.window
    import_sample(window, corpus, tmp).close()
    wait_listed(window)
    window.set_search(QUERY)
    wait(lambda: window.query == QUERY and 0 < window.model.rowCount() < 94)
    dialog = window.table_export.open_dialog()
    dialog.table_buttons["mentions"].setChecked(True)
    dialog.path_edit.setText("~/research/emnews-mentions.csv")
    snap(dialog, out / f"export-table-{lang}.png")
    dialog.close()
    close_app(window)


if __name__ == "__main__":
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE))
