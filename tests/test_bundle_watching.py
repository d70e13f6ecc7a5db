"""The self-contained app carries watchdog's observer for its platform and the polling one (issue 20): the window
imports watchdog only once a folder is watched, so the bundle's start-up check (tests/test_bundle.py) would not
show one missing. The spec is run with tests/test_bundle.py's stand-ins for PyInstaller."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from tests.test_bundle import run_spec


def test_the_spec_names_watchdogs_observers_for_this_platform(tmp_path: Path) -> None:
    spec = run_spec(tmp_path)
    hidden = set(spec.options.get("hiddenimports") or [])
    assert "watchdog.observers.polling" in hidden
    if sys.platform.startswith("linux"):
        assert "watchdog.observers.inotify" in hidden
    for name in hidden:
        assert spec.excluded_by(name) is None, f"{name} is both named and excluded"
        assert importlib.util.find_spec(name) is not None, f"{name} is not installed"

    from watchdog.observers import Observer  # the one the window starts: among those named

    assert Observer.__module__ in hidden
