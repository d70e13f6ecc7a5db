"""The only file where icon names are mentioned: theme icons with the style's icons as fallback."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

_SP = QStyle.StandardPixmap

# name -> (freedesktop theme name, the style's standard icon when the theme has none)
_ICONS: dict[str, tuple[str, QStyle.StandardPixmap]] = {
    "import-files": ("document-open", _SP.SP_DialogOpenButton),
    "import-folder": ("folder-open", _SP.SP_DirOpenIcon),
    "settings": ("preferences-system", _SP.SP_FileDialogDetailedView),
    "quit": ("application-exit", _SP.SP_DialogCloseButton),
    "find": ("edit-find", _SP.SP_FileDialogContentsView),
    "cancel": ("process-stop", _SP.SP_BrowserStop),
    "refresh": ("view-refresh", _SP.SP_BrowserReload),
    "all": ("folder", _SP.SP_DirIcon),
    "recent": ("document-open-recent", _SP.SP_BrowserReload),
    "warning": ("dialog-warning", _SP.SP_MessageBoxWarning),
    "error": ("dialog-error", _SP.SP_MessageBoxCritical),
    "info": ("dialog-information", _SP.SP_MessageBoxInformation),
    "trash": ("user-trash", _SP.SP_TrashIcon),
    "collection": ("folder-bookmark", _SP.SP_DirLinkIcon),
    "category": ("folder", _SP.SP_DirClosedIcon),
    "tag": ("tag", _SP.SP_FileLinkIcon),
    "stock": ("office-chart-line", _SP.SP_FileIcon),
    "date": ("x-office-calendar", _SP.SP_FileDialogInfoView),
    "copy": ("edit-copy", _SP.SP_FileIcon),
    "help": ("help-contents", _SP.SP_DialogHelpButton),
    "about": ("help-about", _SP.SP_MessageBoxInformation),
}


@cache  # the sidebar asks once per entry (thousands after a large import): the theme is looked up once per name
def icon(name: str) -> QIcon:
    theme, fallback = _ICONS[name]
    found = QIcon.fromTheme(theme)
    if not found.isNull():
        return found
    style = QApplication.style()
    return style.standardIcon(fallback) if style is not None else QIcon()
