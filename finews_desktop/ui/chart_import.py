"""The timeline chart's module (pyqtgraph: a quarter of a second to import), loaded off the window's thread.

The timeline panel and the stock page both draw a `TimelineChart`. A module is in
`sys.modules` from the start of its import, so a part that found it there and
imported it on the window's thread would wait on the import lock for the rest of
the import (the stalls bench_stock_page's heartbeat saw). `chart_class` gives
the class once its module is whole, else starts the import on a thread (once,
whoever asks first) and asks again shortly.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer

CHART_MODULE = "finews_desktop.ui.widgets.timeline_chart"
RETRY_MS = 20
_importing: threading.Thread | None = None


def chart_class(synchronous: bool, retry: Callable[[], None]) -> Any:
    """`TimelineChart`, or None after arranging for `retry` to run once the import may be done.

    `synchronous` (tests): imported here and now. An import that failed on the thread is done
    here, so that its error is raised where the window reports errors."""
    global _importing
    module = sys.modules.get(CHART_MODULE)
    if synchronous or hasattr(module, "TimelineChart"):
        return importlib.import_module(CHART_MODULE).TimelineChart
    if module is None and _importing is None:
        _importing = threading.Thread(
            target=importlib.import_module, args=(CHART_MODULE,), name="import-pyqtgraph", daemon=True
        )
        _importing.start()
    if module is not None or (_importing is not None and _importing.is_alive()):
        QTimer.singleShot(RETRY_MS, retry)
        return None
    return importlib.import_module(CHART_MODULE).TimelineChart  # the thread's import failed: say why, here
