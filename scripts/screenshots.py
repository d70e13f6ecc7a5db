"""Screenshots of the main window and the import report, in English and 简体中文, under Xvfb.

    python scripts/screenshots.py [--out docs/screenshots] [--corpus ../shared/corpus/finews]

Each language runs in its own process under `xvfb-run` (a real X server, the
xcb platform, the system's fonts) with a fresh home folder, a fresh library and
settings: the app is started as a user would start it, the finews sample
archive is imported through the window, and the windows are grabbed.
"""

from __future__ import annotations

from pathlib import Path

import shotkit
from shotkit import SEED_POST, close_app, import_sample, post_id_of, snap, start_app, wait_listed

SIZE = (1440, 900)


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    started = start_app(tmp, lang, SIZE)
    window = started.window
    suffix = lang

    snap(window, out / f"empty-library-{suffix}.png")

    dialog = import_sample(window, corpus, tmp)
    snap(dialog, out / f"import-report-{suffix}.png")
    dialog.close()

    wait_listed(window)
    row = window.model.row_of(post_id_of(window, SEED_POST))
    window.table.selectRow(row)
    window.table.scrollTo(window.model.index(row, 0))
    for key in ("categories", "tags", "stocks", "dates"):
        idx = window.sidebar.model().match(window.sidebar.model().index(0, 0), 0x0101 + 1, key, 1)
        if idx:
            window.sidebar.expand(idx[0])
    window.splitter.setSizes([260, 640, 540])
    snap(window, out / f"main-window-{suffix}.png", 600)
    close_app(window)


if __name__ == "__main__":
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE))
