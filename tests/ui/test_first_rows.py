"""The window's first rows come before its parts' heavy start-up work (issue 23: start to first rows painted).

numpy (the search engine), pyqtgraph (the timeline chart) and watchdog (watched folders) took a
quarter of a second or more of the window's thread, or a core of a 2-core machine, before the first
paint; the parts now import them where first used or after the first rows (ui/first_rows.py). A fresh
app process is started over a library with a watched folder, a watched saved search and the timeline
shown: at the first paint of the list's rows none of them is imported, and soon after each is, the
parts' work having run (the folder observed, the chart made, the sidebar counted).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.store.library import Library
from finews_desktop.core.watching import queries, sync
from finews_desktop.ui import settings as S
from finews_desktop.ui.settings import Settings

HEAVY = ("numpy", "pyqtgraph", "watchdog")

APP = textwrap.dedent(
    """
    import json, sys, time

    from PySide6.QtCore import QEvent, QObject

    from finews_desktop.app import start

    library, settings_path, heavy = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    started = start(["--library", library, "--language", "en"], settings_path=settings_path)
    app, window = started.app, started.window
    seen = {}


    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and window.model.rowCount() > 0 and "at_paint" not in seen:
                seen["at_paint"] = [m for m in heavy if m in sys.modules]
            return False


    painted = FirstPaint()
    window.table.viewport().installEventFilter(painted)


    def done():
        return (
            "at_paint" in seen
            and all(m in sys.modules for m in heavy)
            and window.facets is not None
            and bool(window.watching.observers)
            and window.timeline.chart is not None
        )


    end = time.monotonic() + 60
    while not done() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.002)
    seen["later"] = [m for m in heavy if m in sys.modules]
    seen["observed"] = sorted(window.watching.observers)
    seen["chart"] = window.timeline.chart is not None
    seen["counted"] = window.facets is not None and window.facets.all
    seen["rows"] = window.model.rowCount()
    window.close()
    app.processEvents()
    window.library.close()
    print(json.dumps(seen))
    """
)


def test_heavy_imports_wait_for_the_first_rows(tmp_path: Path, corpus: Path) -> None:
    with Library.open(tmp_path / "library") as lib:
        key, _new = sync.add(lib, corpus)
        sync.sync(lib)
        Curator(lib).save_search("solar", "光伏")
        queries.set_watch(lib, "solar", watch=True)
        posts = lib.count_posts()
    assert posts > 0
    settings = Settings.open(tmp_path / "settings.ini")
    settings.set(S.TIMELINE_SHOWN, True)
    settings.sync()

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"))
    env.update(XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"), XDG_DATA_HOME=str(tmp_path / "home" / ".data"))
    run = subprocess.run(
        [sys.executable, "-c", APP, str(tmp_path / "library"), str(tmp_path / "settings.ini"), ",".join(HEAVY)],
        env=env,
        cwd=Path(__file__).resolve().parents[2],  # this checkout's package (python -c looks in its folder first)
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["at_paint"] == [], f"imported before the first rows were painted: {seen['at_paint']}"
    # and the parts' start-up work still ran, after them
    assert seen["later"] == list(HEAVY)
    assert seen["observed"] == [key]
    assert seen["chart"] is True
    assert seen["counted"] == posts
    assert seen["rows"] == posts
