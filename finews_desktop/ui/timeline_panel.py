"""The timeline under the post list: the list's result per day, week or month, the library faint behind,
other queries compared with it, and bars chosen to narrow the search to their dates.

`TimelinePanel` is a part of the MainWindow (View ▸ Timeline toggles it; shown or not, its unit, the
queries compared and its height are remembered). It follows the list: when a new result is shown it
asks for the timeline of the list's query with the comparisons whose answers are kept (every series
at once when only the list's query is new: one drawing, its legend unchanged), then, if some were left
out, with all of them on the same bars, on its own worker, which runs it in the list's child process
when that runs (the count is numpy, but the search before it is Python that would hold the window's GIL). Choosing bars writes
`date:…` into the search field as an edit the field can undo (Ctrl+Z), and searches.

pyqtgraph takes a quarter of a second to import: it is imported on a thread the first time the panel
is shown, and the chart is made when it is in.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from finews_desktop.core.search.timeline_units import UNITS
from finews_desktop.ui import settings as S
from finews_desktop.ui.chart_import import chart_class
from finews_desktop.ui.tasks import TaskRunner
from finews_desktop.workers.listing import RECENT_TERM, split_recent

if TYPE_CHECKING:  # at run time imported where used: they import the search engine and numpy (not for the first rows)
    from finews_desktop.workers.timeline import TimelineRequest, TimelineResult

log = logging.getLogger(__name__)

TIMELINE_KEYS = "Ctrl+Shift+G"  # a graph of the result; Ctrl+Shift+T manages tags
_SEPARATORS = re.compile(r"[;；]")


def compared_queries(text: str) -> list[str]:
    """The queries typed in the "Compare with" field: separated by ; (or the full-width ；)."""
    return [q.strip() for q in _SEPARATORS.split(text) if q.strip()]


class TimelinePanel(QObject):
    """The timeline under a MainWindow's post list."""

    timelineShown = Signal()  # a timeline was drawn (tests and the benchmark wait on it)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.runner = TaskRunner("timeline", synchronous=window.ctx.synchronous, parent=self)
        self.unit: str = window.settings.get(S.TIMELINE_UNIT)
        if self.unit not in UNITS:
            self.unit = "month"
        self.chart: Any = None  # a TimelineChart, once pyqtgraph is in
        self.result: TimelineResult | None = None
        self.generation = 0
        self.shown_list = -1  # the list generation the timeline was asked for
        self.busy = False
        self.pending: TimelineRequest | None = None
        self._build_widgets()
        self._build_action()
        self._place(window)
        window.after_first_rows(self._follow_list)  # its first count takes a core the first rows need
        window.installEventFilter(self)
        self.retranslate()
        # drawn when the list shows its first result (whose child process then runs the timeline too)
        self._restore_shown()

    # --- building -------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.panel = QWidget()
        self.panel.setObjectName("timelinePanel")
        self.title = QLabel()
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("timelineUnit")
        self.unit_box.addItems(["", "", ""])
        self.unit_box.setCurrentIndex(UNITS.index(self.unit))
        self.unit_box.currentIndexChanged.connect(self._unit_chosen)
        self.compare_box = QLineEdit()
        self.compare_box.setObjectName("timelineCompare")
        self.compare_box.setClearButtonEnabled(True)
        self.compare_box.setText(self.window.settings.get(S.TIMELINE_COMPARE))
        self.compare_box.editingFinished.connect(self._compare_entered)  # Enter, or the focus leaving
        self.note = QLabel()
        self.note.setObjectName("timelineNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 0)
        bar.addWidget(self.title)
        bar.addWidget(self.unit_box)
        bar.addWidget(self.compare_box, 1)
        bar.addWidget(self.note)
        self.chart_area = QVBoxLayout()
        self.chart_area.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self.panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addLayout(self.chart_area, 1)
        self.panel.setMinimumHeight(150)

    def _build_action(self) -> None:
        window = self.window
        self.action = QAction(window)
        self.action.setObjectName("showTimeline")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(TIMELINE_KEYS))
        self.action.toggled.connect(self.set_shown)
        window.addAction(self.action)  # the shortcut works wherever the focus is
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.action)

    def _place(self, window: Any) -> None:
        """Under the post list: the list's place in the main splitter becomes a vertical splitter of both."""
        splitter = window.splitter
        at = splitter.indexOf(window.list_stack)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("timelineSplitter")
        splitter.replaceWidget(at, self.splitter)
        self.splitter.addWidget(window.list_stack)
        self.splitter.addWidget(self.panel)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        saved = window.settings.get(S.TIMELINE_SPLITTER)
        if not saved.isEmpty():
            self.splitter.restoreState(saved)
        else:
            self.splitter.setSizes([560, 220])
        self.splitter.splitterMoved.connect(
            lambda *_a: window.settings.set(S.TIMELINE_SPLITTER, self.splitter.saveState())
        )

    def retranslate(self) -> None:
        self.action.setText(self.tr("&Timeline"))
        self.action.setToolTip(self.tr("Show the result's posts per day, week or month under the list"))
        self.title.setText(self.tr("Timeline"))
        for i, text in enumerate((self.tr("Day"), self.tr("Week"), self.tr("Month"))):
            self.unit_box.setItemText(i, text)
        self.compare_box.setPlaceholderText(self.tr("Compare with… (e.g. 风电; several: separate them with ;)"))
        self.compare_box.setToolTip(
            self.tr("Queries drawn beside the result, each in its colour; press Enter to draw them")
        )
        self.panel.setToolTip(self.tr("Click a bar, or drag over bars, to narrow the search to their dates"))
        self._show_errors()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window:
            if event.type() == QEvent.Type.LanguageChange:
                self.retranslate()
            elif event.type() == QEvent.Type.Close:
                self.runner.shutdown()
        return False

    # --- shown or not ---------------------------------------------------------------------------

    def _restore_shown(self) -> None:
        shown = bool(self.window.settings.get(S.TIMELINE_SHOWN))
        self.action.blockSignals(True)
        self.action.setChecked(shown)
        self.action.blockSignals(False)
        self.panel.setVisible(shown)
        if shown:
            self.window.after_first_rows(self._make_chart)  # pyqtgraph's import: not before the first rows

    def set_shown(self, shown: bool) -> None:
        """Show or hide the timeline (View ▸ Timeline's toggle), remembered for the next start."""
        if self.action.isChecked() != shown:
            self.action.setChecked(shown)  # toggled: here again
            return
        self.panel.setVisible(shown)
        self.window.settings.set(S.TIMELINE_SHOWN, shown)
        if shown:
            self._make_chart()
            if self.window.list_queries.applied_generation >= 0:
                self.refresh()

    def shown(self) -> bool:
        return self.action.isChecked()

    def _make_chart(self) -> None:
        """The chart, once pyqtgraph is imported (on a thread: it takes a quarter of a second)."""
        if self.chart is not None:
            return
        chart = chart_class(self.window.ctx.synchronous, self._make_chart)
        if chart is None:
            return
        self.chart = chart()
        self.chart.setObjectName("timelineChart")
        self.chart.rangeChosen.connect(self.narrow_to)
        self.chart_area.addWidget(self.chart)
        if self.result is not None:
            self._draw(self.result)

    # --- asking ---------------------------------------------------------------------------------

    def _follow_list(self) -> None:
        self.window.listApplied.connect(self._list_shown)
        self._list_shown()

    def _list_shown(self) -> None:
        """A list result is shown: a new query or the posts changed, so the timeline follows."""
        applied = self.window.list_queries.applied_generation
        if applied != self.shown_list:
            self.shown_list = applied
            if self.shown():
                self.refresh()

    def queries(self) -> tuple[str, ...]:
        return (self.window.query, *compared_queries(self.compare_box.text()))

    def refresh(self) -> None:
        """Ask for the timeline of the list's query now, with the comparisons already counted once (then
        with those that must be searched again)."""
        self.generation += 1
        from finews_desktop.workers.timeline import TimelineRequest

        self.shown_list = self.window.list_queries.applied_generation
        self._submit(TimelineRequest(self.generation, self.queries(), self.unit, kept_only=True))

    def _unit_chosen(self, index: int) -> None:
        self.unit = UNITS[index]
        self.window.settings.set(S.TIMELINE_UNIT, self.unit)
        if self.shown():
            self.refresh()

    def _compare_entered(self) -> None:
        text = self.compare_box.text()
        if text == self.window.settings.get(S.TIMELINE_COMPARE):
            return
        self.window.settings.set(S.TIMELINE_COMPARE, text)
        if self.shown():
            self.refresh()

    def _work(self, request: TimelineRequest) -> Any:
        from finews_desktop.workers.timeline import run_timeline_query

        return self.window.list_queries.work_in_process(run_timeline_query, request)

    def _submit(self, request: TimelineRequest) -> None:
        if self.busy:
            self.pending = request  # only the newest request matters
            return
        self.busy = True
        self.runner.run(
            self._work(request),
            name="timeline",
            on_done=self._apply,
            on_error=lambda exc: log.warning("timeline: %s", exc),
            on_finished=self._done,
        )

    def _done(self) -> None:
        self.busy = False
        pending, self.pending = self.pending, None
        if pending is not None and not self.window._closing:
            self._submit(pending)

    # --- showing --------------------------------------------------------------------------------

    def _apply(self, result: TimelineResult) -> None:
        req = result.request
        if req.generation != self.generation or self.window._closing or result.timeline is None:
            return
        self.result = result
        self._draw(result)
        if not result.complete:
            # drawn with what was kept; now with every query compared (searched), on the same bars
            timeline = result.timeline
            span = (timeline.start_of(0), timeline.end_of(len(timeline) - 1))
            from finews_desktop.workers.timeline import TimelineRequest

            self.pending = TimelineRequest(req.generation, req.queries, req.unit, span)

    def _draw(self, result: TimelineResult) -> None:
        self._show_errors()
        if self.chart is None or result.timeline is None:
            return
        names = [self._name(q) for q in result.queries]
        self.chart.set_timeline(result.timeline, names)
        self.timelineShown.emit()

    def _name(self, query: str) -> str:
        return query or self.tr("All posts")

    def _show_errors(self) -> None:
        result = self.result
        bad = [q for q, e in zip(result.queries[1:], result.errors[1:], strict=False) if e] if result else []
        if bad:
            self.note.setText(self.tr("Cannot draw: %1").replace("%1", "; ".join(bad)))
        else:
            self.note.setText("")

    # --- narrowing ------------------------------------------------------------------------------

    def narrow_to(self, first_day: date, last_day: date) -> None:
        """Bars were chosen: the search becomes the list's query on their days, as an edit of the search
        field that Ctrl+Z there undoes."""
        from finews_desktop.core.search.timeline import narrowed_query

        query, recent_only = split_recent(self.window.query)
        narrowed = narrowed_query(query, self.unit, first_day, last_day)
        if recent_only:
            narrowed = f"{RECENT_TERM} {narrowed}"
        box = self.window.search_box
        box.selectAll()
        box.insert(narrowed)  # not setText: an edit the field's undo takes back
        self.window.search_bar.search_now()
