"""Screenshots of a stock page, English and 简体中文, under Xvfb (issue 18).

    python scripts/screenshots_stock.py [--out docs/screenshots]

Same approach as scripts/screenshots_timeline.py: each language in its own `xvfb-run` process with a fresh
home, library and settings. A synthetic archive of 3,000 posts over three years
(../shared/tools/make_corpus.py, whose posts name nine stocks) is imported through the window and
`stock:600160.SH` is searched: the page of 巨化股份 (its symbol, posts, first and last mention, its posts
per month with the library's behind, outlets and the stocks mentioned with it) beside the list of its
posts is saved as `stock-page-<lang>.png`.
"""

from __future__ import annotations

from pathlib import Path

import shotkit
from shotkit import close_app, import_synthetic, make_synthetic_archive, snap, start_app, wait

SIZE = (1440, 900)
TERM = "stock:600160.SH"


def shoot(lang: str, out: Path, _corpus: Path, tmp: Path) -> None:
    from PySide6.QtWidgets import QSplitter

    started = start_app(tmp, lang, SIZE)
    window = started.window
    import_synthetic(window, tmp)
    pages = window.stock_pages
    window.set_search(TERM)
    wait(lambda: pages.is_shown() and pages.view.page is not None and pages.timeline is not None, ms=120_000)
    wait(lambda: pages.chart is not None and bool(pages.chart.series), ms=60_000)
    wait(lambda: not window.list_queries.busy and not window.progress.isVisible(), ms=300_000)
    window.splitter.setSizes([200, 600, 640])
    beside = pages.stack.parentWidget()  # the page's splitter with the note pane below it
    if isinstance(beside, QSplitter) and beside.count() > 1:
        beside.setSizes([beside.height() - 90, 90])
    snap(window, out / f"stock-page-{lang}.png", ms=1200)
    close_app(window)


if __name__ == "__main__":
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE, prepare=make_synthetic_archive))
