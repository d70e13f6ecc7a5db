"""Every setting the GUI keeps, declared once with its default; preferences apart from window state.

Preferences are what the user chooses in the settings dialog; window state is
what the window remembers by itself (geometry, splitters, columns, sort, last
search). Both live in one QSettings file named by the org/app names of
core/paths.py; tests pass their own file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from finews_desktop.core.paths import APP_NAME, ORG_NAME


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    kind: type


# --- preferences (the settings dialog) -------------------------------------------
LIBRARY_DIR = Setting("preferences/library_dir", "", str)  # "" = the default library
LANGUAGE = Setting("preferences/language", "system", str)  # system | en | zh_CN
ALWAYS_LOAD_IMAGES = Setting("preferences/always_load_images", False, bool)  # remote images in the preview
PREFERENCES = (LIBRARY_DIR, LANGUAGE, ALWAYS_LOAD_IMAGES)
# how long a post is shown before it counts as read (ui/reading.py); 0: only marking reads it
READ_DELAY_MS = Setting("preferences/read_delay_ms", 1500, int)

# --- window state (remembered, never asked) ----------------------------------------
GEOMETRY = Setting("window/geometry", QByteArray(), QByteArray)
WINDOW_STATE = Setting("window/state", QByteArray(), QByteArray)
SPLITTER = Setting("window/splitter", QByteArray(), QByteArray)
HEADER = Setting("window/list_header", QByteArray(), QByteArray)
SORT_KEY = Setting("window/sort_key", "date", str)
SORT_DESCENDING = Setting("window/sort_descending", True, bool)
LAST_SEARCH = Setting("window/last_search", "", str)
SIDEBAR_EXPANDED = Setting("window/sidebar_expanded", "categories,tags", str)
PREVIEW_ZOOM = Setting("window/preview_zoom", 0, int)  # zoom steps of the preview (Ctrl+= / Ctrl+- / Ctrl+0)
RECENT_LIBRARIES = Setting("window/recent_libraries", "", str)  # folders, newest first, one a line
TIMELINE_SHOWN = Setting("window/timeline_shown", False, bool)  # the timeline under the list (View menu)
TIMELINE_UNIT = Setting("window/timeline_unit", "month", str)  # day | week | month
TIMELINE_COMPARE = Setting("window/timeline_compare", "", str)  # queries compared with the list's, ; between
TIMELINE_SPLITTER = Setting("window/timeline_splitter", QByteArray(), QByteArray)  # list above, timeline below
SEARCH_NOTES = Setting("window/search_notes", False, bool)  # free text matches private notes too (ui/reading.py)
ONE_PER_STORY = Setting("window/one_per_story", False, bool)  # the list shows each story once (ui/stories.py)
WINDOW_SETTINGS = (
    GEOMETRY,
    WINDOW_STATE,
    SPLITTER,
    HEADER,
    SORT_KEY,
    SORT_DESCENDING,
    LAST_SEARCH,
    SIDEBAR_EXPANDED,
    PREVIEW_ZOOM,
    RECENT_LIBRARIES,
    TIMELINE_SHOWN,
    TIMELINE_UNIT,
    TIMELINE_COMPARE,
    TIMELINE_SPLITTER,
    SEARCH_NOTES,
    ONE_PER_STORY,
)


class Settings:
    """Typed access to the QSettings store."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    @classmethod
    def open(cls, path: str | Path | None = None) -> Settings:
        if path is None:
            return cls(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG_NAME, APP_NAME))
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def get(self, setting: Setting) -> Any:
        value = self.store.value(setting.key, setting.default)
        if value is None:
            return setting.default
        if setting.kind is bool and isinstance(value, str):
            return value.lower() in ("1", "true", "yes")
        if setting.kind is QByteArray:
            return value if isinstance(value, QByteArray) else QByteArray(value)
        try:
            return setting.kind(value)
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting, value: Any) -> None:
        self.store.setValue(setting.key, value)

    def sync(self) -> None:
        self.store.sync()

    def file_name(self) -> str:
        return self.store.fileName()
