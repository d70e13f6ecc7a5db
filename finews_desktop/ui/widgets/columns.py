"""The post list header's context menu: which columns are shown (Calibre's, Thunderbird's column picker).

Hidden columns are part of the header's saved state (QHeaderView.saveState), which the
window stores at once when the choice changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QHeaderView, QMenu


class ColumnMenu(QObject):
    """Right-click on the header: one checkable entry per column; the last shown column cannot be hidden."""

    def __init__(self, header: QHeaderView, changed: Callable[[], None]) -> None:
        super().__init__(header)
        self.header = header
        self.changed = changed
        self.menu: QMenu | None = None
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.popup)

    def build(self) -> QMenu:
        header = self.header
        model = header.model()
        menu = QMenu(header)
        menu.setObjectName("columnMenu")
        count = header.count()
        shown = [c for c in range(count) if not header.isSectionHidden(c)]
        for logical in sorted(range(count), key=header.visualIndex):
            text = model.headerData(logical, Qt.Orientation.Horizontal) if model is not None else str(logical)
            action = menu.addAction(str(text))
            action.setCheckable(True)
            action.setChecked(logical in shown)
            action.setEnabled(not (logical in shown and len(shown) == 1))
            action.setData(logical)
            action.toggled.connect(lambda on, c=logical: self.set_shown(c, on))
        self.menu = menu
        return menu

    def set_shown(self, logical: int, shown: bool) -> None:
        self.header.setSectionHidden(logical, not shown)
        if shown and self.header.sectionSize(logical) < 30:
            self.header.resizeSection(logical, self.header.defaultSectionSize())
        self.changed()

    def popup(self, pos: QPoint) -> None:
        self.build().popup(self.header.mapToGlobal(pos))
