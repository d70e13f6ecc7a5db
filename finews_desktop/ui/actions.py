"""The window's actions: their texts, standard shortcuts and icons, in one place.

Menus and context menus are built from these; later features add their actions
here and to `Actions.post_context`, the post list's context menu.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from finews_desktop.ui.icons import icon

_Std = QKeySequence.StandardKey


def _keys(*keys: QKeySequence.StandardKey | str) -> list[QKeySequence]:
    out: list[QKeySequence] = []
    for k in keys:
        if isinstance(k, str):
            out.append(QKeySequence(k))
        else:
            out.extend(QKeySequence.keyBindings(k))
    unique: list[QKeySequence] = []
    for seq in out:
        if not seq.isEmpty() and seq not in unique:
            unique.append(seq)
    return unique


class Actions(QObject):
    """Every action of the main window; `retranslate` sets their texts."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._owner = parent
        self._make_file_actions()
        self._make_edit_actions()
        self._make_post_actions()
        self._make_view_actions()
        self.query_help = self._make("queryHelp", _keys(_Std.HelpContents, "F1"), "help")
        self.about = self._make("about", None, "about")

        self.cancel_task.setEnabled(False)
        self.last_report.setEnabled(False)
        self.post_context: list[QAction | None] = [
            self.open_preview,
            self.open_original,
            None,
            self.copy,
            self.copy_citation,
            self.copy_citation_markdown,
            self.select_all,
        ]
        self.retranslate()

    def _make(
        self, name: str, keys: list[QKeySequence] | None = None, icon_name: str | None = None, checkable: bool = False
    ) -> QAction:
        action = QAction(self._owner)
        action.setObjectName(name)
        if keys:
            action.setShortcuts(keys)
        if icon_name:
            action.setIcon(icon(icon_name))
        action.setCheckable(checkable)
        return action

    def _make_file_actions(self) -> None:
        make = self._make
        self.open_library = make("openLibrary", _keys("Ctrl+Shift+L"))
        self.import_files = make("importFiles", _keys(_Std.Open), "import-files")
        self.import_folder = make("importFolder", _keys("Ctrl+Shift+O"), "import-folder")
        self.watch_folder = make("watchFolder", [], "import-folder")
        self.cancel_task = make("cancelTask", _keys("Ctrl+Shift+X"), "cancel")
        self.last_report = make("lastReport", _keys("Ctrl+Shift+R"))
        self.settings = make("settings", _keys(_Std.Preferences, "Ctrl+,"), "settings")
        self.quit = make("quit", _keys(_Std.Quit, "Ctrl+Q"), "quit")

    def _make_edit_actions(self) -> None:
        make = self._make
        self.copy = make("copyPosts", _keys(_Std.Copy), "copy")
        self.select_all = make("selectAll", _keys(_Std.SelectAll))
        self.find = make("find", _keys(_Std.Find, "Ctrl+K"), "find")
        self.clear_search = make("clearSearch", _keys("Ctrl+Shift+K"))

    def _make_post_actions(self) -> None:
        """What is done to the selected posts (the list's context menu, `post_context`)."""
        make = self._make
        self.open_preview = make("openPreview", _keys("Ctrl+Return"))
        self.open_original = make("openOriginal", _keys("Ctrl+Shift+Return"))
        self.copy_citation = make("copyCitation", _keys("Ctrl+Alt+C"))
        self.copy_citation_markdown = make("copyCitationMarkdown")

    def _make_view_actions(self) -> None:
        make = self._make
        self.sort_descending = make("sortDescending", _keys("Ctrl+Shift+D"), checkable=True)
        self.refresh = make("refresh", _keys(_Std.Refresh, "F5"), "refresh")
        self.focus_sidebar = make("focusSidebar", _keys("Alt+1"))
        self.focus_list = make("focusList", _keys("Alt+2"))
        self.focus_preview = make("focusPreview", _keys("Alt+3"))
        self.sort_by: dict[str, QAction] = {
            key: make(f"sortBy_{key}", _keys(f"Ctrl+{i + 1}"), checkable=True)
            for i, key in enumerate(("date", "title", "source", "tags", "stocks", "warnings", "relevance"))
        }

    def window_wide(self) -> list[QAction]:
        """The actions whose shortcuts work wherever the focus is (added to the window itself)."""
        return [
            self.open_library,
            self.import_files,
            self.import_folder,
            self.cancel_task,
            self.last_report,
            self.settings,
            self.quit,
            self.copy,
            self.select_all,
            self.find,
            self.clear_search,
            self.open_preview,
            self.open_original,
            self.copy_citation,
            self.refresh,
            self.focus_sidebar,
            self.focus_list,
            self.focus_preview,
            self.sort_descending,
            *self.sort_by.values(),
            self.query_help,
        ]

    def retranslate(self) -> None:
        self.open_library.setText(self.tr("Open &Library…"))
        self.open_library.setToolTip(self.tr("Open another library folder (the open one is closed)"))
        self.import_files.setText(self.tr("Import &Files…"))
        self.import_files.setToolTip(self.tr("Import Jekyll post files or .zip archives"))
        self.import_folder.setText(self.tr("Import F&older…"))
        self.import_folder.setToolTip(self.tr("Import a Jekyll archive folder"))
        self.watch_folder.setText(self.tr("&Watch Folder…"))
        self.watch_folder.setToolTip(
            self.tr("Import a Jekyll site folder now and its new and changed posts as they appear")
        )
        self.cancel_task.setText(self.tr("&Cancel Import"))
        self.last_report.setText(self.tr("Last Import &Report"))
        self.settings.setText(self.tr("&Settings…"))
        self.quit.setText(self.tr("&Quit"))
        self.copy.setText(self.tr("&Copy Titles and Links"))
        self.select_all.setText(self.tr("Select &All"))
        self.find.setText(self.tr("&Find…"))
        self.find.setToolTip(self.tr("Search the library (Ctrl+F or Ctrl+K)"))
        self.clear_search.setText(self.tr("Show All &Posts"))
        self.open_preview.setText(self.tr("&Open in Preview"))
        self.open_original.setText(self.tr("Open &Original"))
        self.open_original.setToolTip(self.tr("Open the news item's source page in the web browser"))
        self.copy_citation.setText(self.tr("Copy C&itation"))
        self.copy_citation.setToolTip(self.tr("Title, source, date and link of the selected posts, as plain text"))
        self.copy_citation_markdown.setText(self.tr("Copy Citation as &Markdown"))
        self.sort_descending.setText(self.tr("&Descending"))
        self.refresh.setText(self.tr("&Refresh"))
        self.focus_sidebar.setText(self.tr("Go to Side&bar"))
        self.focus_list.setText(self.tr("Go to Post &List"))
        self.focus_preview.setText(self.tr("Go to Pre&view"))
        labels = {
            "date": self.tr("&Date"),
            "title": self.tr("&Title"),
            "source": self.tr("&Source"),
            "tags": self.tr("T&ags"),
            "stocks": self.tr("Stoc&ks"),
            "warnings": self.tr("&Warnings"),
            "relevance": self.tr("&Relevance"),
        }
        for key, action in self.sort_by.items():
            action.setText(labels[key])
        self.query_help.setText(self.tr("Search &Syntax"))
        self.about.setText(self.tr("&About finews-desktop"))
