"""Why each post matched, under its title in the post list (as a feed reader shows an excerpt), and
the query's words handed to the preview, which highlights them.

While the query has words, every row is two lines high: the title, then the
search's own excerpt (`core.search.engine.snippets`, the one `finews search`
prints) with the matched words bold on a highlight. Rows are all the same
height, so the list stays as fast at 300,000 rows; the excerpts are computed
only for the rows painted (`PostTableModel.snippet`), in batches, on a thread of
their own, and kept per query.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from finews_desktop.core.errors import QueryError
from finews_desktop.core.search.query import parse_query
from finews_desktop.ui.models.posts import SNIPPET_ROLE, TITLE, PostTableModel
from finews_desktop.ui.tasks import Task, TaskRunner
from finews_desktop.workers.listing import split_recent

log = logging.getLogger(__name__)

MARK_COLOR = QColor("#fff1a8")  # the preview's match colour
MARK_TEXT = QColor("#1b1b1b")
_MARK_RE = re.compile(r"(</?mark>)")


def query_has_words(query: str) -> bool:
    """Whether the query has words to show in an excerpt (not only fields such as tag: or date:)."""
    text, _recent = split_recent(query)
    try:
        return any(not t.title_only for t in parse_query(text).positive_texts())
    except QueryError:
        return False


def highlight_terms(query: str) -> list[str]:
    """The words of the query a post shows highlighted (title-only ones too; never negated ones)."""
    text, _recent = split_recent(query)
    try:
        return [t.value for t in parse_query(text).positive_texts()]
    except QueryError:
        return []


def snippet_pieces(snippet: str) -> list[tuple[str, bool]]:
    """The search's excerpt HTML as (text, marked) pieces."""
    out: list[tuple[str, bool]] = []
    marked = False
    for part in _MARK_RE.split(snippet):
        if part == "<mark>":
            marked = True
        elif part == "</mark>":
            marked = False
        elif part:
            out.append((html.unescape(part), marked))
    return out


class SnippetDelegate(QStyledItemDelegate):
    """Paints the title column as the title over the excerpt, the matches highlighted."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        snippet = index.data(SNIPPET_ROLE)
        if snippet is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)  # background, selection
        rect = opt.rect.adjusted(4, 2, -4, -2)
        line = QFontMetrics(opt.font).height()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_color = _text_color(opt, selected)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(text_color)
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), line),
            _ALIGN,
            QFontMetrics(opt.font).elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        muted = QColor(text_color)
        if not selected:
            muted.setAlphaF(0.7)
        excerpt = QRect(rect.left(), rect.top() + line, rect.width(), line)
        _paint_excerpt(painter, excerpt, snippet, opt.font, muted)
        painter.restore()


_ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _text_color(opt: QStyleOptionViewItem, selected: bool) -> QColor:
    """The row's text colour in the palette group its state says."""
    if not opt.state & QStyle.StateFlag.State_Enabled:  # a stale list under a query problem
        group = QPalette.ColorGroup.Disabled
    elif opt.state & QStyle.StateFlag.State_Active:
        group = QPalette.ColorGroup.Normal
    else:
        group = QPalette.ColorGroup.Inactive
    return opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)


def _paint_excerpt(painter: QPainter, rect: QRect, snippet: str, font: QFont, muted: QColor) -> None:
    """The excerpt on one line in `rect`: matched words bold on the highlight, the rest muted, cut off with
    an ellipsis where the room ends."""
    bold = QFont(font)
    bold.setBold(True)
    x, y, right, line = rect.left(), rect.top(), rect.left() + rect.width() - 1, rect.height()
    pieces = first_match_in_view(snippet_pieces(snippet), QFontMetrics(font), QFontMetrics(bold), rect.width())
    for text, marked in pieces:
        room = right - x
        if room <= 0:
            break
        piece_font = bold if marked else font
        fm = QFontMetrics(piece_font)
        width = fm.horizontalAdvance(text)
        if width > room:
            text = fm.elidedText(text, Qt.TextElideMode.ElideRight, room)
            width = fm.horizontalAdvance(text)
        painter.setFont(piece_font)
        if marked:
            painter.fillRect(QRect(x, y, width, line), MARK_COLOR)
            painter.setPen(MARK_TEXT)
        else:
            painter.setPen(muted)
        painter.drawText(QRect(x, y, width + 1, line), _ALIGN, text)
        x += width


def first_match_in_view(
    pieces: list[tuple[str, bool]], plain: QFontMetrics, bold: QFontMetrics, room: int
) -> list[tuple[str, bool]]:
    """The pieces with the text before the first match cut from the left ("…" in front) when the match
    would otherwise end past `room`: the excerpt centres its match, and a narrow column showed only the
    context before it."""
    first = next((i for i, (_text, marked) in enumerate(pieces) if marked), None)
    if first is None:
        return pieces
    before = "".join(text for text, _marked in pieces[:first])
    if plain.horizontalAdvance(before) + bold.horizontalAdvance(pieces[first][0]) <= room:
        return pieces
    kept = plain.elidedText(before, Qt.TextElideMode.ElideLeft, max(room // 4, 0)) if before else ""
    return ([(kept, False)] if kept else []) + pieces[first:]


class MatchSnippets(QObject):
    """The list's excerpts wired to a window: the delegate, the row height, the computing thread; and the
    preview's highlighted words, following the query of the list shown."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        table: QTableView = window.table
        model: PostTableModel = window.model
        self.runner = TaskRunner("snippets", synchronous=window.ctx.synchronous, parent=self)
        self.delegate = SnippetDelegate(table)
        table.setItemDelegateForColumn(TITLE, self.delegate)
        self.table, self.model = table, model
        self._one_line = table.verticalHeader().defaultSectionSize()
        model.snippet_source = self._compute
        model.snippetModeChanged.connect(self._set_two_lines)
        window.listApplied.connect(self._list_shown)

    def _list_shown(self) -> None:
        query = self.window.query
        self.model.set_snippet_query(query, has_words=query_has_words(query))
        self.window.preview.set_query_terms(highlight_terms(query))

    def _set_two_lines(self, on: bool) -> None:
        height = self._one_line + (QFontMetrics(self.table.font()).height() if on else 0)
        self.table.verticalHeader().setDefaultSectionSize(height)

    def _compute(self, ids: list[int], query: str, answer: Callable[[str, dict[int, str]], None]) -> None:
        from finews_desktop.core.search.engine import snippets

        lib, model = self.window.library, self.model
        synchronous = self.runner.synchronous
        text, _recent = split_recent(query)

        def work(_task: Task) -> dict[int, str]:
            if query != model.snippet_query:  # another query meanwhile: not worth computing
                return {}
            try:
                return snippets(lib, ids, text)
            finally:
                if not synchronous:
                    lib.db.close()  # this thread's connection: the window may switch libraries

        self.runner.run(
            work,
            name="snippets",
            on_done=lambda found: answer(query, found),
            on_error=lambda exc: log.info("snippets: %s", exc),
        )

    def shutdown(self) -> None:
        self.runner.shutdown()
