"""The pictures the preview draws itself: a labelled box where an image is on its way or could not
be fetched (a broken-image icon says nothing), and the image properties the post's HTML sizes."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QImage, QPainter, QTextFormat

IMAGE_WIDTH_PROPERTY = QTextFormat.Property.UserProperty + 1  # the width the post's HTML gave an image (0: none)
IMAGE_HEIGHT_PROPERTY = QTextFormat.Property.UserProperty + 2


def placeholder_image(text: str, *, failed: bool = False, size: QSize | None = None, max_width: int = 600) -> QImage:
    """A box with the image's label (drawn: a broken-image icon says nothing): of `size` when the image's
    size is known, so that the text keeps its place, else a compact one; never wider than `max_width`."""
    font = QFont(QGuiApplication.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    metrics = QFontMetrics(font)
    max_width = max(24, max_width)
    if size is not None and size.width() > 0 and size.height() > 0:
        width, height = min(size.width(), max_width), size.height()
        if width < size.width():
            height = max(1, round(size.height() * width / size.width()))
    else:
        width, height = min(max_width, metrics.horizontalAdvance(text) + 16), metrics.height() + 8
    image = QImage(max(24, width), max(8, height), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#eef1f5"))
    painter = QPainter(image)
    painter.setPen(QColor("#c9d0d9"))
    painter.drawRect(0, 0, image.width() - 1, image.height() - 1)
    painter.setPen(QColor("#a05a00" if failed else "#55606e"))
    painter.setFont(font)
    box = QRect(8, 0, image.width() - 16, image.height())
    if image.height() >= 2 * metrics.height() + 8:  # room for lines: wrapped and centred, cut at the bottom
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
    else:
        painter.drawText(
            box,
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(text.replace("\n", " · "), Qt.TextElideMode.ElideRight, box.width()),
        )
    painter.end()
    return image
