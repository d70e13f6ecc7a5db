"""What the Edit and View menus and the list's context menu do with the selected posts: copy their titles
and links, copy citations (`core/content/citation.py`), open the original page in the browser."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPoint, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QMenu

COPY_LIMIT = 10_000  # posts copied at most (a select-all of a million rows is not a clipboard's)


class PostCommands(QObject):
    """Copy and open for a MainWindow's selection; `context_menu` is the list's menu last shown."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.context_menu: QMenu | None = None

    def show_context_menu(self, pos: QPoint) -> None:
        window = self.window
        menu = QMenu(window)
        for action in window.actions.post_context:
            menu.addSeparator() if action is None else menu.addAction(action)
        menu.popup(window.table.viewport().mapToGlobal(pos))
        self.context_menu = menu

    def open_original(self) -> None:
        """The current post's source page (its news link, else nothing to open) in the web browser."""
        window = self.window
        pid = window.current_id()
        if pid is None:
            return
        (record,) = window.library.post_records([pid]) or [{}]
        link = record.get("source_url") or ""
        url = QUrl(link)
        if not link or not url.isValid() or url.scheme() not in ("http", "https"):
            window.statusBar().showMessage(self.tr("This post names no original page."), 5000)
            return
        window.open_url(url)

    def copy_citations(self, markdown: bool) -> None:
        """Title, source, date and link of each selected post, one a line (core/content/citation.py)."""
        from finews_desktop.core.content.citation import citation_of, markdown_citation, plain_citation

        window = self.window
        ids = window.selected_ids(limit=COPY_LIMIT)
        if not ids:
            return
        names = {e.key: e.label for e in window.facets.categories} if window.facets is not None else {}
        form = markdown_citation if markdown else plain_citation
        lines = [form(citation_of({**r, "category_names": names})) for r in window.library.post_records(ids)]
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")
        window.statusBar().showMessage(self.tr("Copied %Ln citations", "", len(lines)), 4000)

    def copy_selected(self) -> None:
        """Copy what has the focus: a field's or the preview's selected text, else the selected posts'
        titles and links, one a line."""
        window = self.window
        focus = QGuiApplication.focusObject()
        if isinstance(focus, QLineEdit):
            focus.copy()
            return
        if focus is window.preview and window.preview.textCursor().hasSelection():
            window.preview.copy()
            return
        ids = window.selected_ids(limit=COPY_LIMIT)
        if not ids:
            return
        lines = []
        for r in window.library.post_records(ids):
            lines.append("\t".join(x for x in (r["title_text"], r.get("source_url") or r.get("url") or "") if x))
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")
        window.statusBar().showMessage(self.tr("Copied %Ln posts", "", len(ids)), 4000)
