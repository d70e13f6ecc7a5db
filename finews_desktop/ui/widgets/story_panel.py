"""Below the preview: the shown post's story (core/dedup/story_view.py) — its versions as history, the
other outlets' copies ("Also published by…") with each one's time offset, and what changed between it and
the post compared with it. A click on a copy opens it. The diff is the posts' plain text, escaped here,
with removed and added runs coloured: no HTML from a post reaches the pane."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from finews_desktop.core.content.text_diff import Run
from finews_desktop.core.dedup.stories import Member
from finews_desktop.core.dedup.story_view import StoryView

POST_ID = Qt.ItemDataRole.UserRole + 1
TITLE_MIN = 160  # the title column's narrowest, when the time and the match take the rest of the width
KEEP_AROUND = 60  # characters of unchanged text kept on each side of a change; the rest is elided


def diff_html(runs: tuple[Run, ...] | list[Run]) -> str:
    """The runs as escaped HTML: removed struck through on red, added on green, long unchanged text elided."""
    parts: list[str] = []
    for i, run in enumerate(runs):
        text = run.text
        if run.kind == "same" and len(text) > 2 * KEEP_AROUND + 20:
            head = text[:KEEP_AROUND] if i > 0 else ""
            tail = text[-KEEP_AROUND:] if i < len(runs) - 1 else ""
            parts.append(_escaped(head) + ' <span style="color:#888">…</span> ' + _escaped(tail))
        elif run.kind == "same":
            parts.append(_escaped(text))
        elif run.kind == "removed":
            parts.append(f'<span style="background-color:#ffd7d5;text-decoration:line-through">{_escaped(text)}</span>')
        else:
            parts.append(f'<span style="background-color:#ccffd8">{_escaped(text)}</span>')
    return "".join(parts)


def _escaped(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


class StoryPanel(QWidget):
    """The story of the shown post; `postRequested(id)` when a copy or version is clicked."""

    postRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyPanel")
        self.view: StoryView | None = None
        self.tree = QTreeWidget()
        self.tree.setObjectName("storyMembers")
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)  # Enter on a row
        self.diff_label = QLabel()
        self.diff_label.setObjectName("storyDiffLabel")
        self.diff_label.setWordWrap(True)
        self.diff_label.setTextFormat(Qt.TextFormat.PlainText)
        self.diff = QTextBrowser()
        self.diff.setObjectName("storyDiff")
        self.diff.setOpenLinks(False)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.setSpacing(2)
        lower_layout.addWidget(self.diff_label)
        lower_layout.addWidget(self.diff, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(lower)
        split.setChildrenCollapsible(False)
        split.setSizes([120, 160])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.retranslate()
        self.hide()

    # --- showing ------------------------------------------------------------------------------

    def show_view(self, view: StoryView | None) -> None:
        """The story of the shown post, or nothing (hidden) when it has no copies."""
        self.view = view
        self.tree.clear()
        if view is None:
            self.diff.clear()
            self.hide()
            return
        if view.history:
            self._group(self.tr("History: %n version(s)", "", len(view.history)), view, view.history)
        if view.others:
            self._group(self.tr("Also published by… (%n)", "", len(view.others)), view, view.others)
        self.tree.expandAll()
        for column in range(4):
            self.tree.resizeColumnToContents(column)
        title_room = self.tree.viewport().width() - sum(self.tree.columnWidth(c) for c in (0, 2, 3)) - 16
        self.tree.setColumnWidth(1, min(self.tree.columnWidth(1), max(TITLE_MIN, title_room)))
        self._show_diff(view)
        self.show()

    def _group(self, heading: str, view: StoryView, members: tuple[Member, ...]) -> None:
        group = QTreeWidgetItem([heading])
        font = QFont(self.font())
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        group.setFirstColumnSpanned(True)
        self.tree.addTopLevelItem(group)
        for m in members:
            this = m.post_id == view.post_id
            how = self.tr("version") if m.version else ""
            if not how and m.similarity is not None:
                how = self.tr("%1% alike").replace("%1", str(round(m.similarity * 100)))
            item = QTreeWidgetItem(
                [
                    m.source or self.tr("(no source)"),
                    m.title or self.tr("(untitled)"),
                    self.tr("this post") if this else self.offset_text(view.minutes_from_shown(m)),
                    how,
                ]
            )
            item.setData(0, POST_ID, m.post_id)
            item.setToolTip(1, f"{m.title}\n{m.date_text or ''}\n{m.path}")
            if this:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                bold = QFont(self.font())
                bold.setBold(True)
                for column in range(4):
                    item.setFont(column, bold)
            group.addChild(item)

    def _show_diff(self, view: StoryView) -> None:
        other = view.member(view.compared) if view.compared is not None else None
        if other is None:
            self.diff_label.setText("")
            self.diff.clear()
            return
        name = f"{other.source or self.tr('(no source)')} · {other.title}"
        changed = any(r.kind != "same" for r in view.runs)
        if not changed:
            self.diff_label.setText(self.tr("Same text as %1").replace("%1", name))
            self.diff.clear()
            return
        older = view.compared_is_older()
        self.diff_label.setText(
            (self.tr("What changed since %1") if older else self.tr("What %1 changed")).replace("%1", name)
        )
        self.diff.setHtml(f'<div style="white-space:pre-wrap">{diff_html(view.runs)}</div>')

    def offset_text(self, minutes: int) -> str:
        """A time offset from the shown post, in words: "2 h later", "5 min earlier", "same time"."""
        size = abs(minutes)
        if size == 0:
            return self.tr("same time")
        if size < 60:
            amount = self.tr("%n min", "", size)
        elif size < 48 * 60:
            amount = self.tr("%n h", "", round(size / 60))
        else:
            amount = self.tr("%n day(s)", "", round(size / 1440))
        return (self.tr("%1 later") if minutes > 0 else self.tr("%1 earlier")).replace("%1", amount)

    def member_item(self, post_id: int) -> QTreeWidgetItem | None:
        """The row of `post_id` (tests click it)."""
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for c in range(group.childCount()):
                if group.child(c).data(0, POST_ID) == post_id:
                    return group.child(c)
        return None

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        pid = item.data(0, POST_ID)
        if pid is not None and self.view is not None and pid != self.view.post_id:
            self.postRequested.emit(int(pid))

    # --- language ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([self.tr("Outlet"), self.tr("Title"), self.tr("Time"), self.tr("Match")])
        self.diff.setPlaceholderText(self.tr("No difference to show"))
        if self.view is not None:
            self.show_view(self.view)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
