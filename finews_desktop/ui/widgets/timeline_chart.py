"""A bar chart of posts per day, week or month: one or more series over the library's posts, drawn faint
behind them, with the date and counts on hover and a bar or a dragged run of bars chosen as a date range.

Drawn with pyqtgraph (MIT, plain QGraphicsView: it runs on PySide6-Essentials, no WebEngine or QtCharts).
The background is scaled so that its highest bar is as high as the highest series bar: where a series
rises against it, its share rises; the tooltip gives the real numbers. Colours come from the palette,
so the chart follows a dark theme. The mouse never pans or zooms: a click or a drag chooses bars.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from finews_desktop.core.search.timeline import UNITS, Timeline, bar_end, bar_of

# Series colours, told apart in both themes (the Okabe-Ito palette's blue, vermilion, green, purple…)
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
LEGEND_HEADROOM = 1.25  # the y range's top, over the highest bar
_BAR_WIDTH = 0.8  # of a bar's slot; the series of one slot share it side by side
_SLOT_PIXELS = 3  # the narrowest slot a bar (or a drawn group of bars) is given
_LABEL_PIXELS = 78  # room one date label on the time axis needs


def drawn_group(bars: int, pixels: float) -> int:
    """How many bars to draw as one (1, 2, 4, 8…): a drawn bar at least _SLOT_PIXELS wide, as a thinner one
    cannot be seen and costs the window's thread as much to paint. Each is still a bar of its own to the
    mouse and the hover text; only the drawing is coarser."""
    group = 1
    while bars > max(1.0, pixels / _SLOT_PIXELS) * group:
        group *= 2
    return group


def grouped(counts: Sequence[int], group: int) -> tuple[Any, Any]:
    """The middles and heights of `counts` drawn `group` bars to a rect: each the highest of its bars,
    so that a peak stays as high as it is."""
    heights = np.asarray(counts, dtype=float)
    if group > 1:
        heights = np.pad(heights, (0, -len(heights) % group)).reshape(-1, group).max(axis=1)
    return np.arange(len(heights), dtype=float) * group + (group - 1) / 2, heights


class _DateAxis(pg.AxisItem):
    """The time axis: bar indexes labelled with the date their bar starts, at whole months or days."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self.starts: list[date] = []
        self.unit = "month"

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        starts = self.starts
        if not starts:
            return []
        lo, hi = max(0, int(np.ceil(minVal))), min(len(starts) - 1, int(np.floor(maxVal)))
        if hi < lo:
            return []
        room = max(1, int(size // _LABEL_PIXELS))
        days = (starts[hi] - starts[lo]).days + 1
        if self.unit != "month" and days <= room * 16:  # a few months at most: labels every few bars
            count = hi - lo + 1
            step = (
                next((s for s in (1, 2, 7, 14) if count / s <= room), 14) if self.unit == "day" else -(-count // room)
            )
            return [(float(step), [float(i) for i in range(lo, hi + 1) if i % step == 0])]
        months = days / 30.4
        step = next((s for s in (1, 2, 3, 6, 12, 24, 60, 120) if months / s <= room), 120)
        picked = [
            float(i)
            for i in range(lo, hi + 1)
            if (i == 0 or starts[i].month != starts[i - 1].month)
            and (starts[i].year * 12 + starts[i].month - 1) % step == 0
        ]
        return [(float(step * 30), picked)]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        out = []
        for v in values:
            i = round(v)
            if not 0 <= i < len(self.starts):
                out.append("")
                continue
            day = self.starts[i]
            whole_months = self.unit == "month" or spacing >= 28
            out.append(f"{day.year}-{day.month:02d}" if whole_months else day.isoformat())
        return out


class _ChoosingViewBox(pg.ViewBox):
    """A view box where the mouse chooses bars instead of panning and zooming."""

    def __init__(self, chart: TimelineChart) -> None:
        super().__init__(enableMenu=False)
        self.chart = chart
        self.setMouseEnabled(False, False)

    def mouseClickEvent(self, ev: Any) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        ev.accept()
        bar = self.chart.bar_at(self.mapToView(ev.pos()).x())
        if bar is not None:
            self.chart.choose(bar, bar)

    def mouseDragEvent(self, ev: Any, axis: Any = None) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        ev.accept()
        a = self.mapToView(ev.buttonDownPos()).x()
        b = self.mapToView(ev.pos()).x()
        self.chart.show_dragged(a, b)
        if ev.isFinish():
            self.chart.finish_drag(a, b)

    def wheelEvent(self, ev: Any, axis: Any = None) -> None:
        ev.ignore()


class TimelineChart(QWidget):
    """Posts per bar for one or more named series, the library's posts faint behind them.

    `set_series(unit, starts, series, background)` or `set_timeline(timeline)` shows data; `clear()`
    empties it. `rangeChosen(first_day, last_day)` is emitted when bars are clicked or dragged over.
    """

    rangeChosen = Signal(object, object)  # first day, last day (datetime.date)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit = "month"
        self.starts: list[date] = []
        self.series: dict[str, list[int]] = {}
        self.background: list[int] = []
        self._axis = _DateAxis()
        self._view = _ChoosingViewBox(self)
        self.plot = pg.PlotWidget(viewBox=self._view, axisItems={"bottom": self._axis})
        self.plot.setObjectName("timelinePlot")
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.getPlotItem().setContentsMargins(2, 4, 6, 2)
        self.plot.setMouseTracking(True)
        self.plot.scene().sigMouseMoved.connect(self._hovered)
        self._legend = self.plot.getPlotItem().addLegend(offset=(8, 4), colCount=4)
        self._bars: list[pg.BarGraphItem] = []  # the background's, then each series', kept between drawings
        self._legend_names: list[str] = []
        self._group = 1  # bars drawn as one rect
        self._bars_shown: tuple[str, int, int] | None = None  # set_timeline's last (unit, first bar, bars)
        self._starts: list[date] = []  # and their first days
        self._chosen = pg.LinearRegionItem(movable=False)
        self._chosen.setZValue(10)
        self._chosen.hide()
        self.plot.addItem(self._chosen, ignoreBounds=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.setMinimumHeight(120)
        self._apply_palette()

    # --- data ---------------------------------------------------------------------------------

    def set_series(
        self,
        unit: str,
        starts: Sequence[date],
        series: Mapping[str, Sequence[int]],
        background: Sequence[int] = (),
    ) -> None:
        """Show bars starting on `starts` (each a day, week or month: `unit`), each series' counts per bar
        (named for the legend), and the library's posts per bar behind them (none: no background)."""
        if unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
        if any(len(c) != len(starts) for c in series.values()) or (background and len(background) != len(starts)):
            raise ValueError("every series needs one count per bar")
        self.unit, self.starts = unit, list(starts)
        self.series = {name: list(c) for name, c in series.items()}
        self.background = list(background)
        self._draw()

    def set_timeline(self, timeline: Timeline, names: Sequence[str] | None = None) -> None:
        """Show a core Timeline; its series are named by their queries unless `names` are given."""
        bars = (timeline.unit, timeline.first, len(timeline))
        if bars != self._bars_shown:  # the same bars as the last query's, most often (the library's range)
            self._bars_shown, self._starts = bars, [timeline.start_of(i) for i in range(len(timeline))]
        starts = self._starts
        labels = list(names) if names is not None else [s.query or self.tr("All posts") for s in timeline.series]
        self.set_series(
            timeline.unit,
            starts,
            {n: s.counts for n, s in zip(labels, timeline.series, strict=True)},
            timeline.background,
        )

    def clear(self) -> None:
        self.starts, self.series, self.background = [], {}, []
        self._draw()

    def bar_first_day(self, bar: int) -> date:
        return self.starts[bar]

    def bar_last_day(self, bar: int) -> date:
        if bar + 1 < len(self.starts):
            return self.starts[bar + 1] - timedelta(days=1)
        return bar_end(self.unit, bar_of(self.unit, self.starts[bar]))

    # --- drawing ------------------------------------------------------------------------------

    def _draw(self) -> None:
        """The bars, on the items kept from the last drawing (set anew, not removed and added again: a
        new item costs its scene's bookkeeping and the legend's layout on the window's thread), the legend
        rebuilt only when its names change, and at most a bar per pixel drawn."""
        self._chosen.hide()
        self._set_axis()
        n = len(self.starts)
        if not n:
            for item in self._bars:
                item.hide()
            self._set_legend([])
            return
        group = self._group = drawn_group(n, self.width())
        top = max((max(c, default=0) for c in self.series.values()), default=0)
        drawn: list[tuple[str, dict[str, Any]]] = []
        if self.background:
            back_max = max(self.background)
            scale = (top or back_max) / back_max if back_max else 0.0
            x, height = grouped(self.background, group)
            drawn.append(
                (
                    self.tr("Library (scaled)"),
                    {"x": x, "height": height * scale, "width": 0.92 * group, "brush": self._faint()},
                )
            )
            top = top or back_max * scale
        k = max(1, len(self.series))
        width = _BAR_WIDTH * group / k
        for j, (name, counts) in enumerate(self.series.items()):
            x, height = grouped(counts, group)
            offset = -_BAR_WIDTH * group / 2 + width * (j + 0.5)
            colour = QColor(SERIES_COLOURS[j % len(SERIES_COLOURS)])
            drawn.append((name, {"x": x + offset, "height": height, "width": width, "brush": colour}))
        while len(self._bars) < len(drawn):
            item = pg.BarGraphItem(x=[0.0], height=[0.0], width=1.0, pen=pg.mkPen(None))
            self.plot.addItem(item)
            self._bars.append(item)
        for item, (_name, opts) in zip(self._bars, drawn, strict=False):
            item.setOpts(**opts)
            item.show()
        for item in self._bars[len(drawn) :]:
            item.hide()
        self._set_legend([name for name, _opts in drawn])
        # headroom above the highest bar for the legend's row, which would otherwise cover the first bars
        self._view.setRange(xRange=(-0.6, n - 0.4), yRange=(0, max(1, top) * LEGEND_HEADROOM), padding=0)

    def _set_axis(self) -> None:
        """The time axis's bars; its labels drawn again only when they change (its own Python tick
        placing is most of a drawing's cost on the window's thread: the next query's bars are most often
        the same, the library's range)."""
        axis = self._axis
        if axis.unit == self.unit and axis.starts == self.starts:
            return
        axis.starts, axis.unit = self.starts, self.unit
        axis.picture = None
        axis.update()

    def _set_legend(self, names: list[str]) -> None:
        """The legend's entries for the first len(names) items: a changed name set on its label, entries
        added or removed only at the end (a new entry is a few widgets and a layout: milliseconds each)."""
        shown = self._legend_names
        if names == shown:
            return
        changed = False
        for (_sample, label), old, new in zip(self._legend.items, shown, names, strict=False):
            if old != new:
                label.setText(new)
                changed = True
        for item in self._bars[len(names) : len(shown)]:
            self._legend.removeItem(item)
        for item, name in zip(self._bars[len(shown) : len(names)], names[len(shown) :], strict=False):
            self._legend.addItem(item, name)
        if changed and len(names) == len(shown):
            self._legend.updateSize()
        self._legend_names = list(names)

    def _faint(self) -> QColor:
        """The background bars' colour: the text's at 48/255 over the plot's base, mixed here, as an opaque
        colour is filled without blending each pixel (the background bars are most of the chart's area)."""
        palette = self.palette()
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        a = 48 / 255
        return QColor.fromRgbF(
            *(b * (1 - a) + t * a for b, t in zip(base.getRgbF()[:3], text.getRgbF()[:3], strict=True))
        )

    def _apply_palette(self) -> None:
        palette = self.palette()
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        self.plot.setBackground(base)
        for name in ("left", "bottom"):
            axis = self.plot.getPlotItem().getAxis(name)
            axis.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
            axis.setTextPen(pg.mkPen(text))
        self._legend.setLabelTextColor(text)
        behind_legend = QColor(base)
        behind_legend.setAlpha(200)
        self._legend.setBrush(behind_legend)
        highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(60)
        self._chosen.setBrush(highlight)
        for line in self._chosen.lines:
            line.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Highlight)))
        if self.starts:
            self._draw()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.starts and drawn_group(len(self.starts), self.width()) != self._group:
            self._draw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._apply_palette()
        elif event.type() == QEvent.Type.LanguageChange and self.starts:
            self._draw()  # the legend's words
        super().changeEvent(event)

    # --- the mouse ----------------------------------------------------------------------------

    def bar_at(self, x: float) -> int | None:
        """The bar under view coordinate x, if any."""
        i = round(x)
        return i if self.starts and 0 <= i < len(self.starts) and abs(x - i) <= 0.5 else None

    def _bars_between(self, a: float, b: float) -> tuple[int, int] | None:
        n = len(self.starts)
        lo, hi = sorted((a, b))
        first, last = max(0, round(lo)), min(n - 1, round(hi))
        return (first, last) if n and first <= last else None

    def show_dragged(self, a: float, b: float) -> None:
        got = self._bars_between(a, b)
        if got is None:
            self._chosen.hide()
            return
        self._chosen.setRegion((got[0] - 0.5, got[1] + 0.5))
        self._chosen.show()

    def finish_drag(self, a: float, b: float) -> None:
        got = self._bars_between(a, b)
        if got is not None:
            self.choose(*got)

    def choose(self, first: int, last: int) -> None:
        """Bars first..last chosen: their days as a range."""
        self._chosen.setRegion((first - 0.5, last + 0.5))
        self._chosen.show()
        self.rangeChosen.emit(self.bar_first_day(first), self.bar_last_day(last))

    def bar_center(self, bar: int) -> QPointF:
        """Where bar `bar`'s middle is, in the plot widget's coordinates (for tests and tooltips)."""
        top = self._view.viewRange()[1][1]
        scene = self._view.mapViewToScene(QPointF(bar, top / 3))
        return QPointF(self.plot.mapFromScene(scene))

    def describe(self, bar: int) -> str:
        """The hover text of a bar: its days, then each series' count and the library's."""
        first, last = self.bar_first_day(bar), self.bar_last_day(bar)
        if self.unit == "month":
            when = f"{first.year}-{first.month:02d}"
        elif self.unit == "week":
            when = self.tr("%1 to %2").replace("%1", first.isoformat()).replace("%2", last.isoformat())
        else:
            when = first.isoformat()
        lines = [when]
        for name, counts in self.series.items():
            lines.append(self.tr("%1: %n post(s)", "", counts[bar]).replace("%1", name))
        if self.background:
            lines.append(self.tr("Library: %1").replace("%1", str(self.background[bar])))
        return "\n".join(lines)

    def _hovered(self, pos: QPointF) -> None:
        if not self.starts or not self._view.sceneBoundingRect().contains(pos):
            QToolTip.hideText()
            return
        bar = self.bar_at(self._view.mapSceneToView(pos).x())
        if bar is None:
            QToolTip.hideText()
            return
        global_pos = self.plot.viewport().mapToGlobal(self.plot.mapFromScene(pos))
        QToolTip.showText(global_pos, self.describe(bar), self.plot)
