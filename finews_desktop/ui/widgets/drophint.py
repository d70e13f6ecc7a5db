"""The hint laid over the whole window while files are dragged over it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget


class DropHint(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("dropHint")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        parent.installEventFilter(self)

    def text(self) -> str:
        return self.tr("Drop to import into the library")

    def show_over_parent(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        highlight = self.palette().highlight().color()
        fill = QColor(highlight)
        fill.setAlpha(40)
        p.fillRect(self.rect(), fill)
        pen = QPen(highlight, 3, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawRoundedRect(QRectF(self.rect()).adjusted(8, 8, -8, -8), 12, 12)
        font = p.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        p.setFont(font)
        box = QRectF(self.rect()).adjusted(0, 0, 0, 0)
        metrics = p.fontMetrics()
        pad = QRectF(0, 0, metrics.horizontalAdvance(self.text()) + 48, metrics.height() + 28)
        pad.moveCenter(box.center())
        back = QColor(self.palette().window().color())
        back.setAlpha(230)
        p.setBrush(back)
        p.drawRoundedRect(pad, 10, 10)
        p.setPen(self.palette().windowText().color())
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, self.text())
        p.end()
