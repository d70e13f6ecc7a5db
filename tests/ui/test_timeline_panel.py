"""The timeline under the list (issue 18): toggled by its shortcut and remembered, following the query,
comparing queries, and narrowing the search by a click on a bar or a drag over bars, undoable in the
search field."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from finews_desktop.core.search.engine import index_for
from finews_desktop.core.store.library import Library
from finews_desktop.ui import settings as S
from finews_desktop.ui.timeline_panel import compared_queries
from tests.core.search_helpers import TZ, Spec, add_posts

# posts per month, 2022-01 .. 2022-06: (光伏, 风电, other)
MONTHS = [(1, 0, 2), (3, 1, 1), (0, 2, 2), (2, 2, 0), (5, 0, 1), (0, 1, 3)]


@pytest.fixture
def filled(library: Library) -> Library:
    specs = []
    for m, counts in enumerate(MONTHS):
        for word, n in zip(("光伏", "风电", "银行"), counts, strict=True):
            for k in range(n):
                when = datetime(2022, m + 1, 3 + 4 * k, 9, 30, tzinfo=TZ)
                specs.append(Spec(f"{word}新闻 {k}", f"关于{word}的消息", when=when))
    add_posts(library, specs)
    assert index_for(library).catch_up()
    return library


@pytest.fixture
def window(make_window, qtbot, filled: Library):
    window = make_window()
    qtbot.waitUntil(lambda: window.model.rowCount() == sum(map(sum, MONTHS)))
    return window


def toggle(window, qtbot) -> None:
    window.activateWindow()
    window.table.setFocus()
    QTest.keyClick(window.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def search(window, qtbot, text: str) -> None:
    window.search_box.setFocus()
    window.search_box.setText(text)
    with qtbot.waitSignal(window.listApplied, timeout=10_000):
        QTest.keyClick(window.search_box, Qt.Key.Key_Return)


def shown_timeline(window, qtbot):
    panel = window.timeline
    qtbot.waitUntil(lambda: panel.chart is not None and panel.result is not None and bool(panel.chart.starts))
    return panel


def test_the_shortcut_shows_and_hides_the_timeline_and_it_is_remembered(make_window, window, qtbot, tmp_path) -> None:
    panel = window.timeline
    assert not panel.panel.isVisible()
    with qtbot.waitSignal(panel.timelineShown, timeout=10_000):
        toggle(window, qtbot)
    assert panel.panel.isVisible() and panel.action.isChecked()
    chart = shown_timeline(window, qtbot).chart
    assert chart.unit == "month" and len(chart.starts) == 6
    assert chart.series == {"All posts": [sum(c) for c in MONTHS]}
    assert chart.background == [sum(c) for c in MONTHS]
    assert window.settings.get(S.TIMELINE_SHOWN) is True
    toggle(window, qtbot)
    assert not panel.panel.isVisible() and window.settings.get(S.TIMELINE_SHOWN) is False
    toggle(window, qtbot)
    window.close()
    again = make_window(settings_file=tmp_path / "settings.ini")
    qtbot.waitUntil(lambda: again.timeline.panel.isVisible())
    shown_timeline(again, qtbot)


def test_the_timeline_follows_the_query_and_compares_queries(window, qtbot) -> None:
    window.settings.set(S.TIMELINE_SHOWN, True)
    toggle(window, qtbot)
    panel = shown_timeline(window, qtbot)
    search(window, qtbot, "光伏")
    qtbot.waitUntil(lambda: panel.chart.series.get("光伏") == [c[0] for c in MONTHS])
    assert panel.chart.background == [sum(c) for c in MONTHS]  # the library behind it
    panel.compare_box.setFocus()
    panel.compare_box.setText("风电; 银行")
    QTest.keyClick(panel.compare_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: list(panel.chart.series) == ["光伏", "风电", "银行"])
    assert panel.chart.series["风电"] == [c[1] for c in MONTHS]
    assert panel.chart.series["银行"] == [c[2] for c in MONTHS]
    assert window.settings.get(S.TIMELINE_COMPARE) == "风电; 银行"
    # weeks: the unit chooser, by keyboard
    panel.unit_box.setFocus()
    QTest.keyClick(panel.unit_box, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: panel.chart.unit == "week")
    assert sum(panel.chart.series["光伏"]) == sum(c[0] for c in MONTHS)
    assert panel.chart.starts[0].weekday() == 0  # weeks start on Monday
    assert "光伏: 1 post" in panel.chart.describe(0)


def test_a_new_query_is_drawn_once_with_the_comparisons_already_counted(window, qtbot) -> None:
    toggle(window, qtbot)
    panel = shown_timeline(window, qtbot)
    drawn: list[list[str]] = []
    panel.timelineShown.connect(lambda: drawn.append(list(panel.chart.series)))
    panel.compare_box.setFocus()
    panel.compare_box.setText("风电")
    QTest.keyClick(panel.compare_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: list(panel.chart.series) == ["All posts", "风电"])
    assert drawn == [["All posts"], ["All posts", "风电"]]  # the new comparison is searched: drawn after
    drawn.clear()
    search(window, qtbot, "光伏")
    qtbot.waitUntil(lambda: panel.chart.series.get("光伏") == [c[0] for c in MONTHS])
    assert drawn == [["光伏", "风电"]]  # 风电 was counted already: one drawing, the legend as it was
    assert panel.chart.series["风电"] == [c[1] for c in MONTHS]


def bar_point(chart, bar: int) -> QPoint:
    return chart.bar_center(bar).toPoint()


def test_clicking_a_bar_narrows_the_search_to_its_month_and_ctrl_z_undoes_it(window, qtbot) -> None:
    toggle(window, qtbot)
    panel = shown_timeline(window, qtbot)
    search(window, qtbot, "光伏")
    qtbot.waitUntil(lambda: panel.chart.series.get("光伏") == [c[0] for c in MONTHS])
    chosen = []
    panel.chart.rangeChosen.connect(lambda a, b: chosen.append((a, b)))
    viewport = panel.chart.plot.viewport()
    with qtbot.waitSignal(window.listApplied, timeout=10_000):
        QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar_point(panel.chart, 4))
    assert chosen == [(date(2022, 5, 1), date(2022, 5, 31))]
    assert window.search_box.text() == "光伏 date:2022-05"
    qtbot.waitUntil(lambda: window.query == "光伏 date:2022-05" and window.model.rowCount() == MONTHS[4][0])
    # the edit is the search field's: Ctrl+Z there takes it back, Enter searches again
    window.search_box.setFocus()
    QTest.keyClick(window.search_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.text() == "光伏"
    with qtbot.waitSignal(window.listApplied, timeout=10_000):
        QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.model.rowCount() == sum(c[0] for c in MONTHS)


def test_dragging_over_bars_narrows_to_their_days_and_replaces_the_date_term(window, qtbot) -> None:
    toggle(window, qtbot)
    panel = shown_timeline(window, qtbot)
    search(window, qtbot, "date:2022")
    qtbot.waitUntil(lambda: panel.result.request.queries[0] == "date:2022" and len(panel.chart.starts) == 6)
    chart = panel.chart
    viewport = chart.plot.viewport()
    start, end = bar_point(chart, 1), bar_point(chart, 3)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 11):
        QTest.mouseMove(viewport, start + (end - start) * step / 10)
    with qtbot.waitSignal(window.listApplied, timeout=10_000):
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert window.search_box.text() == "date:2022-02..2022-04"
    qtbot.waitUntil(lambda: window.model.rowCount() == sum(sum(c) for c in MONTHS[1:4]))
    # days: a drag over day bars writes days
    panel.unit_box.setCurrentIndex(0)
    qtbot.waitUntil(lambda: panel.chart.unit == "day" and panel.result.request.unit == "day")
    first = (date(2022, 2, 3) - panel.chart.starts[0]).days
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar_point(chart, first))
    qtbot.waitUntil(lambda: window.query == "date:2022-02-03")
    assert window.model.rowCount() == 3  # one 光伏, one 风电, one 银行 on 3 February


def test_hovering_a_bar_says_its_date_and_counts(window, qtbot) -> None:
    from PySide6.QtWidgets import QToolTip

    toggle(window, qtbot)
    panel = shown_timeline(window, qtbot)
    search(window, qtbot, "光伏")
    qtbot.waitUntil(lambda: "光伏" in panel.chart.series)
    viewport = panel.chart.plot.viewport()
    QTest.mouseMove(viewport, bar_point(panel.chart, 0))
    QTest.mouseMove(viewport, bar_point(panel.chart, 1))
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text().startswith("2022-02"))
    assert QToolTip.text().splitlines() == ["2022-02", "光伏: 3 posts", "Library: 5"]


def test_a_comparison_that_does_not_parse_is_said_and_the_others_drawn(window, qtbot) -> None:
    toggle(window, qtbot)
    panel = shown_timeline(window, qtbot)
    panel.compare_box.setFocus()
    panel.compare_box.setText('风电; "光伏')
    QTest.keyClick(panel.compare_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "风电" in panel.chart.series)
    assert panel.chart.series['"光伏'] == [0] * 6
    assert '"光伏' in panel.note.text()


def test_compared_queries_are_split_on_semicolons() -> None:
    assert compared_queries(" 风电; 光伏 OR 储能；;  ") == ["风电", "光伏 OR 储能"]
    assert compared_queries("") == []


def test_the_timeline_runs_in_the_list_process_off_the_window(make_window, qtbot, filled: Library) -> None:
    window = make_window(synchronous=False)
    qtbot.waitUntil(lambda: window.model.rowCount() == sum(map(sum, MONTHS)), timeout=20_000)
    toggle(window, qtbot)
    panel = shown_timeline(window, qtbot)
    assert panel.chart.series == {"All posts": [sum(c) for c in MONTHS]}
    assert window.list_queries.process is not None


def test_after_a_first_page_the_query_is_searched_once_for_the_timeline_and_the_whole_list(
    window, qtbot, monkeypatch
) -> None:
    from finews_desktop.core.search.kept_results import KeptResults
    from finews_desktop.ui import list_queries

    monkeypatch.setattr(list_queries, "FIRST_PAGE", 3)  # a first page, then the whole list
    window.settings.set(S.TIMELINE_SHOWN, True)
    toggle(window, qtbot)
    panel = shown_timeline(window, qtbot)
    kept = window.library.service(KeptResults, KeptResults)
    searches = kept.searches
    window.search_box.setFocus()
    QTest.keyClicks(window.search_box, "date:2022-01..2022-05")
    search(window, qtbot, window.search_box.text())
    qtbot.waitUntil(lambda: window.model.rowCount() == sum(map(sum, MONTHS[:5])))  # the whole list
    qtbot.waitUntil(lambda: panel.result.request.queries == ("date:2022-01..2022-05",))
    assert panel.chart.series["date:2022-01..2022-05"] == [sum(c) for c in MONTHS[:5]] + [0]
    assert kept.searches == searches + 1  # the timeline's search; the whole list put in order from it
    assert list(window.model.ids) == list(search_ids(window.library, "date:2022-01..2022-05"))


def search_ids(library: Library, query: str):
    from finews_desktop.core.search.engine import search as engine_search

    return engine_search(library, query).ids
