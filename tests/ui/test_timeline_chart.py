"""The timeline chart's drawing (issue 18): more bars than pixels are drawn coarser, on the same items each
time, while the mouse and the hover text still see every bar."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from finews_desktop.ui.widgets.timeline_chart import TimelineChart, drawn_group, grouped


def test_a_drawn_group_keeps_each_slot_a_few_pixels_wide_and_its_highest_bar() -> None:
    assert drawn_group(36, 900) == 1
    assert drawn_group(1096, 900) == 4  # 274 slots of 3.3 px
    assert drawn_group(1096, 0) == 2048
    x, heights = grouped([1, 5, 2, 0, 7], 2)
    assert heights.tolist() == [5.0, 2.0, 7.0]
    assert x.tolist() == [0.5, 2.5, 4.5]  # the middle of the bars each stands for
    x, heights = grouped([3, 4], 1)
    assert heights.tolist() == [3.0, 4.0] and x.tolist() == [0.0, 1.0]


def days_chart(qtbot, n: int, width: int) -> tuple[TimelineChart, list[int]]:
    chart = TimelineChart()
    qtbot.addWidget(chart)
    chart.resize(width, 200)
    chart.show()
    qtbot.waitExposed(chart)
    starts = [date(2021, 1, 1) + timedelta(days=i) for i in range(n)]
    counts = [(i * 7) % 11 for i in range(n)]
    chart.set_series("day", starts, {"a": counts, "b": counts[::-1]}, [c + 3 for c in counts])
    return chart, counts


def test_many_day_bars_are_drawn_coarser_on_the_same_items_and_each_day_is_still_chosen(qtbot) -> None:
    chart, counts = days_chart(qtbot, 1000, 400)
    items = list(chart._bars)
    assert chart._group > 1
    drawn = items[1].opts["height"]
    assert len(drawn) == -(-1000 // chart._group)
    assert np.max(drawn) == max(counts)  # the highest day's bar is as high as it is
    chart.set_series("day", chart.starts, {"a": counts, "b": counts}, chart.background)
    assert chart._bars == items  # set anew, not made again
    # a click still chooses one day, and the hover text is that day's
    chosen: list[tuple[date, date]] = []
    chart.rangeChosen.connect(lambda a, b: chosen.append((a, b)))
    point = chart.bar_center(500).toPoint()
    QTest.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    bar = (chosen[0][0] - chart.starts[0]).days
    assert chosen == [(chart.starts[bar], chart.starts[bar])] and abs(bar - 500) <= 1
    assert chart.describe(bar).startswith(chart.starts[bar].isoformat())


def test_a_wider_chart_draws_each_bar_again(qtbot) -> None:
    chart, counts = days_chart(qtbot, 300, 300)
    assert chart._group > 1
    chart.resize(1400, 200)
    qtbot.waitUntil(lambda: chart._group == 1)
    assert chart._bars[1].opts["height"].tolist() == [float(c) for c in counts]


def test_the_legend_names_the_series_drawn_as_they_change(qtbot) -> None:
    chart = TimelineChart()
    qtbot.addWidget(chart)
    starts = [date(2022, m, 1) for m in range(1, 4)]
    for names in (["a"], ["a", "b", "c"], ["x"], ["y", "z"], ["y", "w"], []):
        chart.set_series("month", starts, {n: [1, 2, 3] for n in names}, [5, 5, 5])
        labels = [label.text for _sample, label in chart._legend.items]
        assert labels == (["Library (scaled)", *names])
        assert [sample.item for sample, _label in chart._legend.items] == chart._bars[: len(labels)]
    chart.clear()
    assert chart._legend.items == []


def test_the_time_axis_is_labelled_again_only_when_its_bars_change(qtbot) -> None:
    from finews_desktop.core.search.timeline import Series, Timeline

    chart = TimelineChart()
    qtbot.addWidget(chart)
    chart.resize(600, 200)
    chart.show()
    qtbot.waitExposed(chart)
    axis = chart._axis
    chart.set_timeline(Timeline("month", 2022 * 12, [5, 5, 5], [Series("a", [1, 2, 3], 6)]))
    qtbot.waitUntil(lambda: axis.picture is not None)  # painted
    labels = axis.tickStrings([0.0, 2.0], 1.0, 30.0)
    assert labels == ["2022-01", "2022-03"]
    chart.set_timeline(Timeline("month", 2022 * 12, [5, 5, 5], [Series("b", [3, 0, 1], 4)]))  # the same bars
    assert axis.picture is not None and chart.series == {"b": [3, 0, 1]}
    chart.set_timeline(Timeline("month", 2022 * 12 + 1, [5, 5], [Series("b", [3, 0], 3)]))  # other bars
    assert axis.picture is None and axis.tickStrings([0.0], 1.0, 30.0) == ["2022-02"]
    assert chart.starts == [date(2022, 2, 1), date(2022, 3, 1)]


def test_the_library_behind_is_a_faint_opaque_colour_between_base_and_text(qtbot) -> None:
    from PySide6.QtGui import QPalette

    chart = TimelineChart()
    qtbot.addWidget(chart)
    faint = chart._faint()
    base, text = (chart.palette().color(role) for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Text))
    assert faint.alpha() == 255
    for got, b, t in zip(faint.getRgb()[:3], base.getRgb()[:3], text.getRgb()[:3], strict=True):
        assert min(b, t) <= got <= max(b, t) and abs(got - (b + (t - b) * 48 / 255)) <= 1
