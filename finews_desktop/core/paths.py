"""Where things live on disk: the app's ids and the default library folder (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir

APP_ID = "io.github.finews.FinewsDesktop"
APP_NAME = "finews-desktop"
ORG_NAME = "finews"
LIBRARY_FILE = "library.sqlite3"
LIBRARY_ENV = "FINEWS_LIBRARY"


def default_library_dir() -> Path:
    """The library used when none is named: $FINEWS_LIBRARY, else the user data dir."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir(APP_NAME, ORG_NAME)) / "library"


def cache_dir() -> Path:
    return Path(user_cache_dir(APP_NAME, ORG_NAME))


def library_file(folder: Path) -> Path:
    return Path(folder) / LIBRARY_FILE
