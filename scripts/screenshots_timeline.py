"""Screenshots of the timeline under the list comparing two terms, English and 简体中文, under Xvfb (issue 18).

    python scripts/screenshots_timeline.py [--out docs/screenshots]

Same approach as scripts/screenshots.py: each language in its own `xvfb-run` process with a fresh home,
library and settings. A synthetic archive of 3,000 posts over three years (../shared/tools/make_corpus.py,
where 光伏 and 风电 both occur) is imported through the window; View ▸ Timeline is turned on, 光伏 is searched and compared with 风电, month by month, and a bar is hovered: the screen's
picture of the window (with the hover's tooltip) is saved as `timeline-<lang>.png`.
"""

from __future__ import annotations

from pathlib import Path

import shotkit
from shotkit import close_app, import_synthetic, make_synthetic_archive, start_app, wait

SIZE = (1440, 900)
QUERY, COMPARED = "光伏", "风电"


def shoot(lang: str, out: Path, _corpus: Path, tmp: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    started = start_app(tmp, lang, SIZE)
    window = started.window
    import_synthetic(window, tmp)
    panel = window.timeline
    panel.action.trigger()  # View ▸ Timeline (Xvfb has no window manager to make the window active for its shortcut)
    wait(lambda: panel.chart is not None)
    panel.unit_box.setCurrentIndex(2)  # months
    panel.compare_box.setText(COMPARED)
    panel.compare_box.setFocus()
    QTest.keyClick(panel.compare_box, Qt.Key.Key_Return)
    window.set_search(QUERY)
    wait(lambda: panel.result is not None and panel.result.request.queries == (QUERY, COMPARED), ms=120_000)
    window.table.select_row(0)
    window.splitter.setSizes([220, 820, 400])
    panel.splitter.setSizes([470, 330])
    chart = panel.chart
    bar = max(range(len(chart.starts)), key=lambda i: chart.series[QUERY][i])
    QTest.mouseMove(chart.plot.viewport(), chart.bar_center(bar).toPoint())
    screen_shot(window, out / f"timeline-{lang}.png")
    close_app(window)


def screen_shot(window: object, path: Path) -> None:
    """The window as the screen shows it, the hover's tooltip (a window of its own) included."""
    from PySide6.QtGui import QGuiApplication

    shotkit.settle(1200)
    geo = window.geometry()  # type: ignore[attr-defined]
    picture = QGuiApplication.primaryScreen().grabWindow(0, geo.x(), geo.y(), geo.width(), geo.height())
    if not picture.save(str(path)):
        raise OSError(f"could not save {path}")


if __name__ == "__main__":
    raise SystemExit(shotkit.main(__doc__, __file__, shoot, SIZE, prepare=make_synthetic_archive))
