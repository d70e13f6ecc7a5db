"""A stock's page: its name and symbol, posts, first and last mention, outlets, the stocks mentioned with it,
and a slot for its timeline; Back (or Escape) leaves it.

It shows a `core.store.stock_reads.StockPage` it is given (read off the window's thread by
`ui/stock_page.py`); a click on a stock mentioned with it asks for that stock's page.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from finews_desktop.core.search.timeline_units import UNITS
from finews_desktop.core.store.stock_reads import StockPage


def kind_label(kind: str) -> str:
    """An instrument's kind in words (core/content/instruments.py's kinds)."""
    words = {
        "stock": QCoreApplication.translate("StockPage", "stock"),
        "board": QCoreApplication.translate("StockPage", "sector board"),
        "index": QCoreApplication.translate("StockPage", "index"),
        "fund": QCoreApplication.translate("StockPage", "fund"),
        "bond": QCoreApplication.translate("StockPage", "bond"),
    }
    return words.get(kind, QCoreApplication.translate("StockPage", "other"))


class StockPageView(QScrollArea):
    """Emits `backRequested` (Back, Escape), `stockRequested("market.code")` (a stock mentioned with it) and
    `unitChosen("day"|"week"|"month")` (the timeline's bars)."""

    backRequested = Signal()
    stockRequested = Signal(str)
    unitChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stockPage")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.page: StockPage | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        self.back_button = QPushButton()
        self.back_button.setObjectName("stockPageBack")
        self.back_button.clicked.connect(self.backRequested)
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.title = QLabel()
        self.title.setObjectName("stockPageTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.figures = QLabel()
        self.figures.setObjectName("stockPageFigures")
        self.figures.setWordWrap(True)
        # the posts per day/week/month: ui/widgets/timeline_chart.py's chart goes here (ui/stock_page.py)
        self.timeline_slot = QWidget()
        self.timeline_slot.setObjectName("stockPageTimeline")
        slot = QVBoxLayout(self.timeline_slot)
        slot.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        self.timeline_title = QLabel()
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("stockPageUnit")
        self.unit_box.addItems(["", "", ""])
        self.unit_box.setCurrentIndex(UNITS.index("month"))
        self.unit_box.currentIndexChanged.connect(lambda i: self.unitChosen.emit(UNITS[i]))
        header.addWidget(self.timeline_title)
        header.addWidget(self.unit_box)
        header.addStretch(1)
        slot.addLayout(header)
        self.chart: QWidget | None = None
        self.outlets = QLabel()
        self.outlets.setObjectName("stockPageOutlets")
        self.outlets.setWordWrap(True)
        self.mentioned = QLabel()
        self.mentioned.setObjectName("stockPageMentioned")
        self.mentioned.setWordWrap(True)
        self.mentioned.linkActivated.connect(self.stockRequested)
        for widget in (self.title, self.figures, self.timeline_slot):
            layout.addWidget(widget)
        lists = QHBoxLayout()  # side by side: the page fits beside the list without scrolling
        for label in (self.outlets, self.mentioned):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            lists.addWidget(label, 1)
        layout.addLayout(lists)
        layout.addStretch(1)
        self.setWidget(body)
        self.retranslate()

    def show_page(self, page: StockPage | None, asked: str = "") -> None:
        """The page of a stock, or (None) the words that no stock is named `asked`."""
        self.page = page
        self._asked = asked
        self.timeline_slot.setVisible(page is not None and page.posts > 0)
        self.retranslate()

    def set_chart(self, chart: QWidget) -> None:
        """The timeline chart, once made (pyqtgraph is imported the first time a page is shown)."""
        self.chart = chart
        chart.setFixedHeight(220)
        layout = self.timeline_slot.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(chart)
        chart.show()  # now, not when the layout's queued show comes: a timeline counted already is drawn at once

    def unit(self) -> str:
        return UNITS[self.unit_box.currentIndex()]

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("← Back"))
        self.back_button.setToolTip(self.tr("Back to the search before this page (Esc)"))
        self.timeline_title.setText(self.tr("<b>Posts over time</b>"))
        for i, text in enumerate((self.tr("per day"), self.tr("per week"), self.tr("per month"))):
            self.unit_box.setItemText(i, text)
        self.timeline_slot.setToolTip(self.tr("Click a bar, or drag over bars, to narrow the list to their dates"))
        page = self.page
        if page is None:
            self.title.setText(f"<h2>{escape(getattr(self, '_asked', ''))}</h2>")
            self.figures.setText(self.tr("No stock of this library goes by that code, symbol or name."))
            self.outlets.setText("")
            self.mentioned.setText("")
            return
        ins = page.instrument
        name = page.name or ins.code
        symbol = ins.symbol or self.tr("no symbol (East Money market %1)").replace("%1", ins.market)
        east_money = self.tr("East Money %1").replace("%1", ins.secid)  # East Money's own market.code
        self.title.setText(
            f"<h2>{escape(name)}</h2><p><b>{escape(symbol)}</b> · {escape(kind_label(ins.kind))}"
            f" · {escape(east_money)}</p>"
        )
        figures = self.tr("%n post(s)", "", page.posts)
        if page.first and page.last:
            figures += " · " + self.tr("first mentioned %1, last %2").replace("%1", page.first[:16])
            figures = figures.replace("%2", page.last[:16])
        self.figures.setText(figures)
        outlets_title, mentioned_title, none = self.tr("Outlets"), self.tr("Mentioned with"), self.tr("none")
        self.outlets.setText(
            f"<b>{escape(outlets_title)}</b><br>"
            + ("<br>".join(f"{escape(s)} — {n}" for s, n in page.outlets) or escape(none))
        )
        mentioned = [
            f'<a href="{escape(m.instrument.secid)}">{escape(m.name or m.instrument.code)}</a> '
            f"{escape(m.instrument.symbol or m.instrument.secid)} — {m.posts}"
            for m in page.mentioned_with
        ]
        self.mentioned.setText(f"<b>{escape(mentioned_title)}</b><br>" + ("<br>".join(mentioned) or escape(none)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.backRequested.emit()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
