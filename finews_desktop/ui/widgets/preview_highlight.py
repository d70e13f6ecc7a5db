"""The matches highlighted in the preview: every match of the search's words or of the find bar's
text (exact substrings in any case, CJK included), the current one in a stronger colour."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

MAX_FIND_MATCHES = 2000  # matches highlighted; more are counted as "2000+"


def find_all(doc: QTextDocument, terms: Sequence[str]) -> list[QTextCursor]:
    """Cursors over every match of any of terms (longest first where they overlap), in document order."""
    found: list[QTextCursor] = []
    for term in terms:
        cursor = QTextCursor(doc)
        while len(found) < MAX_FIND_MATCHES:
            cursor = doc.find(term, cursor)
            if cursor.isNull():
                break
            found.append(QTextCursor(cursor))
    found.sort(key=lambda c: (c.selectionStart(), -c.selectionEnd()))
    kept: list[QTextCursor] = []
    for c in found:
        if not kept or c.selectionStart() >= kept[-1].selectionEnd():
            kept.append(c)
    return kept


def match_selections(matches: Sequence[QTextCursor], current: int) -> list[QTextEdit.ExtraSelection]:
    """The highlights of `matches`, `current` (an index, -1 for none) in the stronger colour."""
    selections = []
    all_format = QTextCharFormat()
    all_format.setBackground(QColor("#fff1a8"))
    all_format.setForeground(QColor("#1b1b1b"))
    current_format = QTextCharFormat()
    current_format.setBackground(QColor("#ff9d2e"))
    current_format.setForeground(QColor("#1b1b1b"))
    for i, cursor in enumerate(matches):
        sel = QTextEdit.ExtraSelection()
        sel.cursor = cursor
        sel.format = current_format if i == current else all_format
        selections.append(sel)
    return selections
