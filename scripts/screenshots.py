"""Screenshots of the main window and the import report, in English and 简体中文, under Xvfb.

    python scripts/screenshots.py [--out docs/screenshots] [--corpus ../shared/corpus/finews]

Each language runs in its own process under `xvfb-run` (a real X server, the
xcb platform, the system's fonts) with a fresh home folder, a fresh library and
settings: the app is started as a user would start it, the finews sample
archive is imported through the window, and the windows are grabbed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import shotkit
from shotkit import close_app, snap, start_app, wait

LANGUAGES = ("en", "zh_CN")
SEED_POST = "2022-05-20-202205202386666750.md"
SIZE = (1440, 900)


def shoot(lang: str, out: Path, corpus: Path, tmp: Path) -> None:
    archive = tmp / "finews"
    shutil.copytree(corpus, archive, ignore=shutil.ignore_patterns("versions"))
    started = start_app(tmp, lang, SIZE)
    window = started.window
    suffix = lang

    wait(lambda: window.facets is not None)
    snap(window, out / f"empty-library-{suffix}.png")

    window.import_paths([str(archive)])
    wait(lambda: window.last_report is not None and window.report_dialog is not None)
    dialog = window.report_dialog
    snap(dialog, out / f"import-report-{suffix}.png")
    dialog.close()

    wait(lambda: window.model.rowCount() == len(window.library.post_ids()) and window.facets.all > 0)
    seed = next(pid for pid in window.library.post_ids() if window.library.post_record(pid)["path"].endswith(SEED_POST))
    row = window.model.row_of(seed)
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
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, LANGUAGES, SIZE))
